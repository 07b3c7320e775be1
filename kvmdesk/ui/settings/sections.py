"""The Overview, CPUs, Memory and Boot pages of the settings window."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.settings.validate import (
    MAX_VCPUS,
    Problem,
    boot_problems,
    cpu_problems,
    memory_problems,
    overview_problems,
)
from kvmdesk.core.settings.values import (
    Boot,
    BootDevice,
    BootKind,
    CpuMode,
    Cpus,
    Memory,
    Overview,
    Section,
    format_kib,
)
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.settings.page import SectionPage, note_label

KEY_ROLE = int(Qt.ItemDataRole.UserRole)


class OverviewPage(SectionPage):
    section = Section.OVERVIEW

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Overview"), parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("nameEdit")
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setMaximumHeight(90)
        self.autostart_check = QCheckBox(self.tr("Start when the host starts"), self)
        self.autostart_check.setObjectName("autostartCheck")
        self.firmware_label = PlainLabel(self)
        self.firmware_label.setObjectName("firmwareLabel")
        self.machine_label = PlainLabel(self)
        self.machine_label.setObjectName("machineLabel")
        self.add_row(self.tr("Name:"), self.name_edit)
        self.add_row(self.tr("Title:"), self.title_edit)
        self.add_row(self.tr("Description:"), self.description_edit)
        self.add_row(self.tr("Autostart:"), self.autostart_check)
        self.add_row(self.tr("Firmware:"), self.firmware_label)
        self.add_row(self.tr("Machine:"), self.machine_label)
        self.name_note = note_label("", self, "nameNote")
        self.extra.addWidget(self.name_note)
        self.extra.addWidget(
            note_label(
                self.tr(
                    "Firmware and machine type are fixed when the VM is created: the guest's "
                    "operating system was installed on that virtual hardware, and changing it "
                    "can leave the guest unable to boot."
                ),
                self,
                "readOnlyNote",
            )
        )
        connect_edits(self.edited, self.name_edit, self.title_edit, self.autostart_check)
        self.description_edit.textChanged.connect(self.edited)

    def show_value(self, value: Overview) -> None:
        self.name_edit.setText(value.name)
        self.title_edit.setText(value.title)
        self.description_edit.setPlainText(value.description)
        self.autostart_check.setChecked(value.autostart)
        firmware = {"efi": self.tr("UEFI"), "bios": self.tr("BIOS")}.get(
            value.firmware, self.tr("BIOS (the hypervisor's default)")
        )
        self.firmware_label.setText(firmware)
        self.machine_label.setText(value.machine or self.tr("the hypervisor's default"))
        self.name_edit.setReadOnly(self.running)
        self.name_note.setText(
            self.tr("A running VM cannot be renamed; shut it down first.") if self.running else ""
        )
        self.name_note.setVisible(self.running)

    def value(self) -> Overview:
        base: Overview = self.base
        return replace(
            base,
            name=self.name_edit.text(),
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            autostart=self.autostart_check.isChecked(),
        )

    def problems(self, value: Any) -> list[Problem]:
        return overview_problems(value, self.base, running=self.running)


_MODES = (
    (CpuMode.DEFAULT, QT_TRANSLATE_NOOP("CpusPage", "The hypervisor's default")),
    (CpuMode.HOST_PASSTHROUGH, QT_TRANSLATE_NOOP("CpusPage", "Host CPU passthrough")),
    (CpuMode.HOST_MODEL, QT_TRANSLATE_NOOP("CpusPage", "Host model")),
    (CpuMode.CUSTOM, QT_TRANSLATE_NOOP("CpusPage", "Named model")),
    (CpuMode.MAXIMUM, QT_TRANSLATE_NOOP("CpusPage", "QEMU's maximum")),
)


def _spin(parent: QWidget, name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    if suffix:
        spin.setSuffix(suffix)
    return spin


class CpusPage(SectionPage):
    section = Section.CPUS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("CPUs"), parent)
        self.current_spin = _spin(self, "currentCpusSpin", 1, MAX_VCPUS)
        self.maximum_spin = _spin(self, "maximumCpusSpin", 1, MAX_VCPUS)
        self.live_label = note_label("", self, "liveCpusLabel")
        self.live_label.setWordWrap(False)
        self.add_row(self.tr("Current CPUs:"), self.current_spin)
        self.add_row(self.tr("Maximum CPUs:"), self.maximum_spin)
        self.add_row("", self.live_label)
        self.topology_box = QGroupBox(self.tr("Manual topology"), self)
        self.topology_box.setObjectName("topologyBox")
        self.topology_box.setCheckable(True)
        row = QHBoxLayout(self.topology_box)
        self.sockets_spin = _spin(self, "socketsSpin", 1, MAX_VCPUS)
        self.cores_spin = _spin(self, "coresSpin", 1, MAX_VCPUS)
        self.threads_spin = _spin(self, "threadsSpin", 1, 8)
        for label, spin in (
            (self.tr("Sockets:"), self.sockets_spin),
            (self.tr("Cores:"), self.cores_spin),
            (self.tr("Threads:"), self.threads_spin),
        ):
            row.addWidget(PlainLabel(label, self.topology_box))
            row.addWidget(spin)
        self.form.addRow(self.topology_box)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("cpuModeCombo")
        for mode, text in _MODES:
            self.mode_combo.addItem(QCoreApplication.translate("CpusPage", text), str(mode))
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("cpuModelCombo")
        self.model_combo.setEditable(True)
        self.add_row(self.tr("CPU model:"), self.mode_combo)
        self.add_row(self.tr("Named model:"), self.model_combo)
        connect_edits(
            self.edited,
            self.current_spin,
            self.maximum_spin,
            self.sockets_spin,
            self.cores_spin,
            self.threads_spin,
            self.mode_combo,
            self.model_combo,
        )
        self.topology_box.toggled.connect(self.edited)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)

    def set_models(self, models: list[str]) -> None:
        current = self.model_combo.currentText()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(models)
        self.model_combo.setEditText(current)
        self.model_combo.blockSignals(False)

    def set_live(self, live: Cpus | None) -> None:
        if live is None:
            self.live_label.setText("")
            return
        self.live_label.setText(
            self.tr("Running now with %1 of %2 CPUs; up to %2 can be changed live.")
            .replace("%1", str(live.current))
            .replace("%2", str(live.maximum))
        )

    def _mode_changed(self) -> None:
        self.model_combo.setEnabled(self.mode_combo.currentData() == str(CpuMode.CUSTOM))

    def show_value(self, value: Cpus) -> None:
        self.current_spin.setValue(value.current)
        self.maximum_spin.setValue(value.maximum)
        self.topology_box.setChecked(value.has_topology)
        self.sockets_spin.setValue(value.sockets or 1)
        self.cores_spin.setValue(value.cores or value.maximum)
        self.threads_spin.setValue(value.threads or 1)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(str(value.mode))))
        self.model_combo.setEditText(value.model)
        self._mode_changed()

    def value(self) -> Cpus:
        topology = self.topology_box.isChecked()
        mode = CpuMode(self.mode_combo.currentData())
        base: Cpus = self.base
        return replace(
            base,
            current=self.current_spin.value(),
            maximum=self.maximum_spin.value(),
            sockets=self.sockets_spin.value() if topology else 0,
            cores=self.cores_spin.value() if topology else 0,
            threads=self.threads_spin.value() if topology else 0,
            mode=mode,
            model=self.model_combo.currentText().strip() if mode is CpuMode.CUSTOM else "",
        )

    def problems(self, value: Any) -> list[Problem]:
        return cpu_problems(value)


class MemoryPage(SectionPage):
    section = Section.MEMORY

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Memory"), parent)
        self.current_spin = _spin(self, "currentMemorySpin", 1, 16 * 1024 * 1024, " MiB")
        self.maximum_spin = _spin(self, "maximumMemorySpin", 1, 16 * 1024 * 1024, " MiB")
        self.live_label = note_label("", self, "liveMemoryLabel")
        self.live_label.setWordWrap(False)
        self.shared_check = QCheckBox(self.tr("Shared memory (memfd)"), self)
        self.shared_check.setObjectName("sharedMemoryCheck")
        self.add_row(self.tr("Current memory:"), self.current_spin)
        self.add_row(self.tr("Maximum memory:"), self.maximum_spin)
        self.add_row("", self.live_label)
        self.add_row(self.tr("Backing:"), self.shared_check)
        self.extra.addWidget(
            note_label(
                self.tr(
                    "Current memory is what the balloon lets the guest use; it changes live "
                    "up to the maximum. Shared folders (virtiofs) need shared memory."
                ),
                self,
            )
        )
        connect_edits(self.edited, self.current_spin, self.maximum_spin, self.shared_check)
        self._kib: tuple[int, int] = (0, 0)

    def set_live(self, live: Memory | None) -> None:
        self.live_label.setText(
            ""
            if live is None
            else self.tr("Running now with %1 of %2.")
            .replace("%1", format_kib(live.current_kib))
            .replace("%2", format_kib(live.maximum_kib))
        )

    def show_value(self, value: Memory) -> None:
        self._kib = (value.current_kib, value.maximum_kib)
        self.current_spin.setValue(max(1, value.current_kib // 1024))
        self.maximum_spin.setValue(max(1, value.maximum_kib // 1024))
        self.shared_check.setChecked(value.shared)

    def _kib_of(self, spin: QSpinBox, exact: int) -> int:
        # A size that is not whole MiB stays exact until the user changes it.
        return exact if spin.value() == max(1, exact // 1024) else spin.value() * 1024

    def value(self) -> Memory:
        base: Memory = self.base
        return replace(
            base,
            current_kib=self._kib_of(self.current_spin, self._kib[0]),
            maximum_kib=self._kib_of(self.maximum_spin, self._kib[1]),
            shared=self.shared_check.isChecked(),
        )

    def problems(self, value: Any) -> list[Problem]:
        return memory_problems(value)


class BootPage(SectionPage):
    """Boot order over disks, CD-ROMs and NICs (drag, or Up/Down), menu, direct kernel."""

    section = Section.BOOT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Boot"), parent)
        box = QGroupBox(self.tr("Boot order (checked devices, top first; drag to reorder)"), self)
        layout = QHBoxLayout(box)
        self.order_list = QListWidget(box)
        self.order_list.setObjectName("bootOrderList")
        self.order_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        layout.addWidget(self.order_list, 1)
        buttons = QVBoxLayout()
        self.up_button = QPushButton(self.tr("Up"), box)
        self.up_button.setObjectName("bootUpButton")
        self.down_button = QPushButton(self.tr("Down"), box)
        self.down_button.setObjectName("bootDownButton")
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.form.addRow(box)
        self.menu_check = QCheckBox(self.tr("Show the boot menu"), self)
        self.menu_check.setObjectName("bootMenuCheck")
        self.add_row(self.tr("Boot menu:"), self.menu_check)
        self.kernel_edit = QLineEdit(self)
        self.kernel_edit.setObjectName("kernelEdit")
        self.initrd_edit = QLineEdit(self)
        self.initrd_edit.setObjectName("initrdEdit")
        self.cmdline_edit = QLineEdit(self)
        self.cmdline_edit.setObjectName("cmdlineEdit")
        self.kernel_edit.setPlaceholderText(self.tr("none: boot from the devices above"))
        self.add_row(self.tr("Kernel:"), self.kernel_edit)
        self.add_row(self.tr("Initrd:"), self.initrd_edit)
        self.add_row(self.tr("Kernel arguments:"), self.cmdline_edit)
        connect_edits(
            self.edited, self.menu_check, self.kernel_edit, self.initrd_edit, self.cmdline_edit
        )
        self.order_list.itemChanged.connect(self.edited)
        self.order_list.model().rowsMoved.connect(self.edited)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))

    def _label(self, device: BootDevice) -> str:
        kind = {
            BootKind.DISK: self.tr("Disk %1"),
            BootKind.CDROM: self.tr("CD-ROM %1"),
            BootKind.NETWORK: self.tr("Network %1"),
        }[device.kind].replace("%1", device.key.removeprefix("net:"))
        return f"{kind} — {device.detail}" if device.detail else kind

    def show_value(self, value: Boot) -> None:
        self.order_list.blockSignals(True)
        self.order_list.clear()
        by_key = {device.key: device for device in value.devices}
        ordered = [by_key[key] for key in value.order if key in by_key]
        ordered += [device for device in value.devices if device.key not in value.order]
        for device in ordered:
            item = QListWidgetItem(safe_line(self._label(device)))
            item.setData(KEY_ROLE, device.key)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            checked = device.key in value.order
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.order_list.addItem(item)
        self.order_list.blockSignals(False)
        self.menu_check.setChecked(value.menu)
        self.kernel_edit.setText(value.kernel)
        self.initrd_edit.setText(value.initrd)
        self.cmdline_edit.setText(value.cmdline)

    def move_selected(self, step: int) -> None:
        """Move the selected device up (-1) or down (+1) the order."""
        row = self.order_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order_list.count():
            return
        item = self.order_list.takeItem(row)
        self.order_list.insertItem(target, item)
        self.order_list.setCurrentRow(target)
        self.edited()

    def value(self) -> Boot:
        order = []
        for row in range(self.order_list.count()):
            item = self.order_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                order.append(str(item.data(KEY_ROLE)))
        base: Boot = self.base
        return replace(
            base,
            order=tuple(order),
            menu=self.menu_check.isChecked(),
            kernel=self.kernel_edit.text().strip(),
            initrd=self.initrd_edit.text().strip(),
            cmdline=self.cmdline_edit.text().strip(),
        )

    def problems(self, value: Any) -> list[Problem]:
        return boot_problems(value)
