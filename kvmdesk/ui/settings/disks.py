"""The Disks page (list, bus / cache / read-only of the selected disk) and its dialogs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.settings.service import StoragePoolChoice
from kvmdesk.core.settings.validate import Problem, disk_problems, new_disk_problems
from kvmdesk.core.settings.values import CACHE_MODES, DISK_BUSES, Disk, NewDisk, Section
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.settings.page import SectionPage, coloured, note_label

GIB = 1024**3


def _cache_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for mode in CACHE_MODES:
        combo.addItem(mode or QCoreApplication.translate("DisksPage", "Hypervisor default"), mode)
    return combo


def _bus_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for bus in DISK_BUSES:
        combo.addItem(
            safe_line({"virtio": "VirtIO", "sata": "SATA", "scsi": "SCSI"}[str(bus)]), str(bus)
        )
    return combo


class DisksPage(SectionPage):
    """Disks and CD-ROMs; the form below the list edits the selected one."""

    section = Section.DISKS
    add_requested = Signal()
    remove_requested = Signal(str)  # target
    resize_requested = Signal(str)
    eject_requested = Signal(str)
    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Disks"), parent)
        self.disks: tuple[Disk, ...] = ()
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("diskTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Target"),
                self.tr("Device"),
                self.tr("Bus"),
                self.tr("Source"),
                self.tr("Format"),
                self.tr("Cache mode"),
                self.tr("Read-only"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.form.addRow(self.table)
        row = QHBoxLayout()
        self.add_button = self._button(row, "addDiskButton", self.tr("Add…"))
        self.remove_button = self._button(row, "removeDiskButton", self.tr("Remove"))
        self.resize_button = self._button(row, "resizeDiskButton", self.tr("Resize…"))
        self.eject_button = self._button(row, "ejectButton", self.tr("Eject"))
        self.insert_button = self._button(row, "insertButton", self.tr("Insert…"))
        row.addStretch(1)
        self.form.addRow(row)
        self.bus_combo = _bus_combo(self, "diskBusCombo")
        self.cache_combo = _cache_combo(self, "diskCacheCombo")
        self.read_only_check = QCheckBox(self.tr("Read-only"), self)
        self.read_only_check.setObjectName("diskReadOnlyCheck")
        self.add_row(self.tr("Bus:"), self.bus_combo)
        self.add_row(self.tr("Cache mode:"), self.cache_combo)
        self.add_row("", self.read_only_check)
        self.extra.addWidget(
            note_label(
                self.tr(
                    "Disks on VirtIO or SCSI are plugged in and out of a running VM at once; "
                    "bus, cache mode and read-only take effect at the next start."
                ),
                self,
            )
        )
        connect_edits(self.edited, self.bus_combo, self.cache_combo, self.read_only_check)
        self.table.itemSelectionChanged.connect(self._selected)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.resize_button.clicked.connect(lambda: self._emit(self.resize_requested))
        self.eject_button.clicked.connect(lambda: self._emit(self.eject_requested))
        self.insert_button.clicked.connect(lambda: self._emit(self.insert_requested))

    def _button(self, row: QHBoxLayout, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        row.addWidget(button)
        return button

    def _emit(self, signal: Any) -> None:
        disk = self.selected()
        if disk is not None:
            signal.emit(disk.target)

    def set_disks(self, disks: tuple[Disk, ...], *, running: bool) -> None:
        """Show ``disks``; the selection stays on the same target when it still exists."""
        chosen = self.selected()
        self.disks = disks
        self.running = running
        self.table.blockSignals(True)
        self.table.setRowCount(len(disks))
        for row, disk in enumerate(disks):
            cells = (
                disk.target,
                {"cdrom": self.tr("CD-ROM"), "disk": self.tr("Disk")}.get(disk.device, disk.device),
                disk.bus,
                disk.source or self.tr("(empty)"),
                disk.format or "-",
                disk.cache or self.tr("default"),
                self.tr("yes") if disk.read_only else self.tr("no"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(safe_line(text)))
        self.table.blockSignals(False)
        targets = [disk.target for disk in disks]
        if chosen is not None and chosen.target in targets:
            self.table.selectRow(targets.index(chosen.target))
        elif disks:
            self.table.selectRow(0)
        self._selected()

    def select(self, target: str) -> None:
        targets = [disk.target for disk in self.disks]
        if target in targets:
            self.table.selectRow(targets.index(target))

    def selected(self) -> Disk | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.disks):
            return None
        return self.disks[rows[0].row()]

    def _selected(self) -> None:
        disk = self.selected()
        for button in (self.remove_button, self.resize_button):
            button.setEnabled(disk is not None)
        removable = disk is not None and disk.is_removable
        self.eject_button.setEnabled(removable and bool(disk and disk.source))
        self.insert_button.setEnabled(removable)
        self.resize_button.setEnabled(disk is not None and disk.device == "disk")
        for widget in (self.bus_combo, self.cache_combo, self.read_only_check):
            widget.setEnabled(disk is not None)
        if disk is None:
            self.base = None
            self.apply_button.setEnabled(False)
            self.revert_button.setEnabled(False)
            return
        self.load(disk, running=self.running)

    def show_value(self, value: Disk) -> None:
        index = self.bus_combo.findData(value.bus)
        if index < 0:  # IDE, USB …: shown, and kept unless the user picks another bus
            self.bus_combo.addItem(safe_line(value.bus.upper()), value.bus)
            index = self.bus_combo.count() - 1
        self.bus_combo.setCurrentIndex(index)
        self.cache_combo.setCurrentIndex(max(0, self.cache_combo.findData(value.cache)))
        self.read_only_check.setChecked(value.read_only)

    def value(self) -> Disk:
        base: Disk = self.base
        return replace(
            base,
            bus=str(self.bus_combo.currentData()),
            cache=str(self.cache_combo.currentData()),
            read_only=self.read_only_check.isChecked(),
        )

    def problems(self, value: Any) -> list[Problem]:
        return disk_problems(value)


class AddDiskDialog(QDialog):
    """Add an existing file, an existing volume, or a new volume in a pool."""

    def __init__(
        self, pools: list[StoragePoolChoice], taken_paths: tuple[str, ...], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addDiskDialog")
        self.setWindowTitle(self.tr("Add Disk"))
        self._taken = taken_paths
        self.pools = [pool for pool in pools if pool.active]
        layout = QVBoxLayout(self)
        self.file_radio = QRadioButton(self.tr("An existing file or device"), self)
        self.file_radio.setObjectName("fileRadio")
        self.volume_radio = QRadioButton(self.tr("An existing volume in a pool"), self)
        self.volume_radio.setObjectName("volumeRadio")
        self.new_radio = QRadioButton(self.tr("A new volume in a pool"), self)
        self.new_radio.setObjectName("newVolumeRadio")
        group = QButtonGroup(self)
        for radio in (self.file_radio, self.volume_radio, self.new_radio):
            group.addButton(radio)
            layout.addWidget(radio)
        form = QFormLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText("/var/lib/libvirt/images/data.qcow2")
        self.pool_combo = QComboBox(self)
        self.pool_combo.setObjectName("poolCombo")
        for pool in self.pools:
            self.pool_combo.addItem(safe_line(pool.name))
        self.volume_combo = QComboBox(self)
        self.volume_combo.setObjectName("volumeCombo")
        self.volume_combo.setEditable(True)
        self.size_spin = QDoubleSpinBox(self)
        self.size_spin.setObjectName("sizeSpin")
        self.size_spin.setRange(0.1, 65536)
        self.size_spin.setValue(10)
        self.size_spin.setSuffix(" GiB")
        self.device_combo = QComboBox(self)
        self.device_combo.setObjectName("deviceCombo")
        self.device_combo.addItem(self.tr("Disk"), "disk")
        self.device_combo.addItem(self.tr("CD-ROM"), "cdrom")
        self.bus_combo = _bus_combo(self, "busCombo")
        self.cache_combo = _cache_combo(self, "cacheCombo")
        self.read_only_check = QCheckBox(self.tr("Read-only"), self)
        form.addRow(self.tr("File:"), self.path_edit)
        form.addRow(self.tr("Pool:"), self.pool_combo)
        form.addRow(self.tr("Volume:"), self.volume_combo)
        form.addRow(self.tr("Size:"), self.size_spin)
        form.addRow(self.tr("Device:"), self.device_combo)
        form.addRow(self.tr("Bus:"), self.bus_combo)
        form.addRow(self.tr("Cache mode:"), self.cache_combo)
        form.addRow("", self.read_only_check)
        layout.addLayout(form)
        self.problems_label = coloured(note_label("", self, "problemsLabel"), Colour.ERROR)
        layout.addWidget(self.problems_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.file_radio.setChecked(True)
        connect_edits(
            self._update,
            self.file_radio,
            self.volume_radio,
            self.new_radio,
            self.path_edit,
            self.pool_combo,
            self.volume_combo,
            self.size_spin,
            self.device_combo,
            self.bus_combo,
            self.cache_combo,
            self.read_only_check,
        )
        self.pool_combo.currentIndexChanged.connect(self._fill_volumes)
        self.device_combo.currentIndexChanged.connect(self._device_changed)
        self.volume_radio.setEnabled(bool(self.pools))
        self.new_radio.setEnabled(bool(self.pools))
        self._fill_volumes()
        self._update()

    def _fill_volumes(self) -> None:
        index = self.pool_combo.currentIndex()
        self.volume_combo.clear()
        if 0 <= index < len(self.pools):
            self.volume_combo.addItems(list(self.pools[index].volumes))

    def _device_changed(self) -> None:
        if self.device_combo.currentData() == "cdrom" and self.bus_combo.currentData() == "virtio":
            self.bus_combo.setCurrentIndex(self.bus_combo.findData("sata"))

    def _update(self, *_args: object) -> None:
        file = self.file_radio.isChecked()
        new = self.new_radio.isChecked()
        self.path_edit.setEnabled(file)
        self.pool_combo.setEnabled(not file)
        self.volume_combo.setEnabled(not file)
        self.size_spin.setEnabled(new)
        problems = new_disk_problems(self.value(), self._taken)
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.setVisible(bool(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def value(self) -> NewDisk:
        file = self.file_radio.isChecked()
        new = self.new_radio.isChecked()
        return NewDisk(
            source=self.path_edit.text().strip() if file else "",
            pool="" if file else self.pool_combo.currentText(),
            volume="" if file else self.volume_combo.currentText().strip(),
            size_bytes=round(self.size_spin.value() * GIB) if new else 0,
            device=str(self.device_combo.currentData()),
            bus=str(self.bus_combo.currentData()),
            cache=str(self.cache_combo.currentData()),
            read_only=self.read_only_check.isChecked(),
        )
