"""The Other devices and Host USB devices pages of the settings window."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.settings.hardware import MODELS, DeviceKind, OtherDevice, device_problems
from kvmdesk.core.settings.usb import AttachedUsb, HostUsbDevice, is_attached
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line, safe_tooltip
from kvmdesk.ui.settings.devices import heading
from kvmdesk.ui.settings.page import RestartBadge, coloured, note_label


class OtherDevicesPage(QWidget):
    """Graphics, video, sound, TPM, serial ports, watchdog and RNG: add and remove."""

    add_requested = Signal(str, str)  # DeviceKind value, model
    remove_requested = Signal(str, int)  # DeviceKind value, index among its kind
    change_requested = Signal(str, int, str)  # DeviceKind value, index, the new model

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.devices: tuple[OtherDevice, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Other devices"), self))
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("deviceTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Model"), self.tr("Details")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("deviceKindCombo")
        for kind in DeviceKind:
            self.kind_combo.addItem(safe_line(self._kind_label(kind)), str(kind))
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("deviceModelCombo")
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addDeviceButton")
        self.change_button = QPushButton(self.tr("Change"), self)
        self.change_button.setObjectName("changeDeviceButton")
        self.change_button.setToolTip(
            safe_tooltip(self.tr("Give the selected device the model shown"))
        )
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeDeviceButton")
        for widget in (
            self.kind_combo,
            self.model_combo,
            self.add_button,
            self.change_button,
            self.remove_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.problems_label = coloured(note_label("", self, "problemsLabel"), Colour.ERROR)
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        layout.addWidget(
            note_label(
                self.tr(
                    "A random-number generator is plugged into a running VM at once; the "
                    "other devices take effect at the next start."
                ),
                self,
            )
        )
        self.message_label = note_label("", self, "messageLabel")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.badge = RestartBadge(self)
        layout.addWidget(self.badge)
        self.kind_combo.currentIndexChanged.connect(self._fill_models)
        self.model_combo.currentIndexChanged.connect(self._update)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.add_button.clicked.connect(self._add)
        self.change_button.clicked.connect(self._change)
        self.remove_button.clicked.connect(self._remove)
        self._fill_models()

    def _kind_label(self, kind: DeviceKind) -> str:
        return {
            DeviceKind.GRAPHICS: self.tr("Graphics"),
            DeviceKind.VIDEO: self.tr("Video"),
            DeviceKind.SOUND: self.tr("Sound"),
            DeviceKind.TPM: self.tr("TPM"),
            DeviceKind.SERIAL: self.tr("Serial port"),
            DeviceKind.WATCHDOG: self.tr("Watchdog"),
            DeviceKind.RNG: self.tr("Random-number generator"),
        }[kind]

    def _kind(self) -> DeviceKind:
        return DeviceKind(self.kind_combo.currentData())

    def _fill_models(self) -> None:
        self.model_combo.clear()
        self.model_combo.addItems(list(MODELS[self._kind()]))
        self._update()

    def set_devices(self, devices: tuple[OtherDevice, ...]) -> None:
        self.devices = devices
        self.table.setRowCount(len(devices))
        for row, device in enumerate(devices):
            cells = (self._kind_label(device.kind), device.model, device.detail)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(safe_line(text)))
        self._update()

    def _selected(self) -> OtherDevice | None:
        rows = self.table.selectionModel().selectedRows()
        return self.devices[rows[0].row()] if rows and rows[0].row() < len(self.devices) else None

    def _selected_changed(self) -> None:
        """The kind and model of the selected device show in the combos, ready to change."""
        device = self._selected()
        if device is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(str(device.kind)))
            index = self.model_combo.findText(device.model)
            if index >= 0:
                self.model_combo.setCurrentIndex(index)
        self._update()

    def _update(self, *_args: object) -> None:
        problems = device_problems(self._kind(), self.model_combo.currentText(), self.devices)
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.setVisible(bool(problems))
        self.add_button.setEnabled(not problems)
        device = self._selected()
        self.remove_button.setEnabled(device is not None)
        self.change_button.setEnabled(
            device is not None
            and device.kind is self._kind()
            and self.model_combo.currentText() != device.model
        )

    def _change(self) -> None:
        device = self._selected()
        if device is not None:
            self.change_requested.emit(
                str(device.kind), device.index, self.model_combo.currentText()
            )

    def _add(self) -> None:
        self.add_requested.emit(str(self._kind()), self.model_combo.currentText())

    def _remove(self) -> None:
        device = self._selected()
        if device is not None:
            self.remove_requested.emit(str(device.kind), device.index)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        coloured(self.message_label, Colour.ERROR if error else Colour.INFO)
        self.message_label.setVisible(bool(text))

    def set_pending_restart(self, pending: bool) -> None:
        self.badge.setVisible(pending)


class UsbPage(QWidget):
    """The host's USB devices; attach one to the VM or detach it again."""

    attach_requested = Signal(int)  # row in ``host_devices``
    detach_requested = Signal(int)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host_devices: tuple[HostUsbDevice, ...] = ()
        self.attached: tuple[AttachedUsb, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Host USB devices"), self))
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("usbTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Bus / device"), self.tr("Attached")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty_label = note_label(self.tr("The host has no USB devices to give."), self)
        self.empty_label.setObjectName("noUsbLabel")
        layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("Attach"), self)
        self.attach_button.setObjectName("attachUsbButton")
        self.detach_button = QPushButton(self.tr("Detach"), self)
        self.detach_button.setObjectName("detachUsbButton")
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refreshUsbButton")
        for button in (self.attach_button, self.detach_button, self.refresh_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            note_label(
                self.tr(
                    "An attached device belongs to the VM while it runs: the host cannot use "
                    "it meanwhile. A running VM gets it at once."
                ),
                self,
            )
        )
        self.message_label = note_label("", self, "messageLabel")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.badge = RestartBadge(self)
        layout.addWidget(self.badge)
        self.table.itemSelectionChanged.connect(self._update)
        self.attach_button.clicked.connect(lambda: self._emit(self.attach_requested))
        self.detach_button.clicked.connect(lambda: self._emit(self.detach_requested))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self._update()

    def set_devices(
        self, host_devices: tuple[HostUsbDevice, ...], attached: tuple[AttachedUsb, ...]
    ) -> None:
        chosen = self._row()
        self.host_devices = host_devices
        self.attached = attached
        self.table.setRowCount(len(host_devices))
        for row, device in enumerate(host_devices):
            given = is_attached(device, attached)
            cells = (
                device.label,
                f"{device.bus:03d} / {device.device:03d}",
                self.tr("yes") if given else self.tr("no"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(safe_line(text)))
        self.table.setVisible(bool(host_devices))
        self.empty_label.setVisible(not host_devices)
        if 0 <= chosen < len(host_devices):
            self.table.selectRow(chosen)
        self._update()

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _emit(self, signal: SignalInstance) -> None:
        row = self._row()
        if 0 <= row < len(self.host_devices):
            signal.emit(row)

    def _update(self, *_args: object) -> None:
        row = self._row()
        chosen = self.host_devices[row] if 0 <= row < len(self.host_devices) else None
        given = chosen is not None and is_attached(chosen, self.attached)
        self.attach_button.setEnabled(chosen is not None and not given)
        self.detach_button.setEnabled(given)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        coloured(self.message_label, Colour.ERROR if error else Colour.INFO)
        self.message_label.setVisible(bool(text))

    def set_pending_restart(self, pending: bool) -> None:
        self.badge.setVisible(pending)
