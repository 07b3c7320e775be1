"""The wizard's middle pages: resources, network, firmware and devices, cloud-init.

Resources show the host's limits next to the spin boxes (more than the host has is an
error, more than free memory a warning: core's messages). The network page is the NIC
editor's own mode cards and backing pages (NAT by default, a new network can be asked
for). Firmware says loudly when the host can only emulate; the cloud-init page appears
for cloud images only.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Network

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.create.cloudinit import ssh_public_keys
from kvmdesk.core.create.defaults import Defaults
from kvmdesk.core.create.spec import GIB, MIB, CloudInitSpec, Firmware, VmSpec, format_size
from kvmdesk.core.create.validation import Field
from kvmdesk.core.nic.spec import NETWORK_ONLY_MODES, SETTABLE_MODES, NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.core.vnet.subnet_pool import DEFAULT_SUBNET_POOL
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.create.common import Owner, WizardPage, note_label, show_note
from kvmdesk.ui.nic.backing import (
    BackingPage,
    BridgedBackingPage,
    MacvtapBackingPage,
    NetworkBackingPage,
    UserBackingPage,
)
from kvmdesk.ui.nic.mode_cards import ModeCardGroup


class ResourcesPage(WizardPage):
    fields = (Field.CPUS, Field.MEMORY, Field.DISK)

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("resourcesPage")
        self.setTitle(self.tr("CPUs, memory and disk"))
        host = owner.survey.host
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.cpu_spin = QSpinBox(self)
        self.cpu_spin.setObjectName("cpuSpin")
        self.cpu_spin.setRange(0, max(host.max_vcpus, host.host_cpus, 1) * 2)
        form.addRow(self.tr("CPUs:"), self.cpu_spin)
        self.memory_spin = QSpinBox(self)
        self.memory_spin.setObjectName("memorySpin")
        self.memory_spin.setRange(0, max(host.host_memory // MIB, 1024) * 2)
        self.memory_spin.setSingleStep(256)
        self.memory_spin.setSuffix(" MiB")
        form.addRow(self.tr("Memory:"), self.memory_spin)
        self.host_label = PlainLabel(self)
        self.host_label.setObjectName("hostLimits")
        self.host_label.setWordWrap(True)
        form.addRow("", self.host_label)
        self.disk_spin = QSpinBox(self)
        self.disk_spin.setObjectName("diskSpin")
        self.disk_spin.setRange(0, 64 * 1024)
        self.disk_spin.setSuffix(" GiB")
        form.addRow(self.tr("Disk size:"), self.disk_spin)
        self.pool_combo = QComboBox(self)
        self.pool_combo.setObjectName("poolCombo")
        for pool in owner.survey.pools:
            if pool.active:
                text = (
                    self.tr("%1 — %2 free")
                    .replace("%1", pool.name)
                    .replace("%2", format_size(pool.available))
                )
                self.pool_combo.addItem(safe_line(text), pool.name)
        if self.pool_combo.count() == 0:
            self.pool_combo.addItem(self.tr("(no running storage pool)"), "")
        position = self.pool_combo.findData(owner.survey.default_pool())
        self.pool_combo.setCurrentIndex(max(position, 0))
        form.addRow(self.tr("Storage pool:"), self.pool_combo)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        self.host_label.setText(
            self.tr("The host has %1 CPUs and %2 of memory, %3 free now.")
            .replace("%1", str(host.host_cpus))
            .replace("%2", format_size(host.host_memory))
            .replace(
                "%3", format_size(host.free_memory) if host.free_memory else self.tr("unknown")
            )
        )
        for widget in (self.cpu_spin, self.memory_spin, self.disk_spin):
            widget.valueChanged.connect(self.changed)
        self.pool_combo.currentIndexChanged.connect(self.changed)

    def show_defaults(self, defaults: Defaults) -> None:
        for widget, value in (
            (self.cpu_spin, defaults.cpus),
            (self.memory_spin, defaults.memory // MIB),
            (self.disk_spin, defaults.disk_size // GIB),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)

    def apply(self, spec: VmSpec) -> VmSpec:
        return replace(
            spec,
            cpus=self.cpu_spin.value(),
            memory=self.memory_spin.value() * MIB,
            disk_size=self.disk_spin.value() * GIB,
            pool=str(self.pool_combo.currentData() or ""),
        )


class NetworkPage(WizardPage):
    fields = (Field.NETWORK,)

    def __init__(
        self,
        owner: Owner,
        parent: QWidget | None = None,
        *,
        host_bridges: tuple[str, ...] = (),
        host_devices: tuple[str, ...] = (),
        subnet_pool: tuple[IPv4Network, ...] = DEFAULT_SUBNET_POOL,
        host_networks: tuple[IPv4Network, ...] = (),
        session_connection: bool = False,
    ) -> None:
        super().__init__(owner, parent)
        self.setObjectName("networkPage")
        self.setTitle(self.tr("Network"))
        self.setSubTitle(self.tr("How the VM is connected; you can change it later."))
        networks: dict[str, NetworkSnapshot] = dict(owner.survey.networks)
        self._networks = networks
        layout = QVBoxLayout(self)
        self.none_check = QCheckBox(self.tr("No network interface"), self)
        self.none_check.setObjectName("noNic")
        layout.addWidget(self.none_check)
        modes = tuple(m for m in SETTABLE_MODES if m is not NetworkMode.NONE)
        self.cards = ModeCardGroup(modes, None, columns=3)
        self.cards.setObjectName("modeCards")
        # As in the NIC dialog: the cards keep their height and scroll, they never squash.
        self.card_scroll = QScrollArea(self)
        self.card_scroll.setObjectName("modeCardScroll")
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setWidget(self.cards)
        self.card_scroll.setMinimumWidth(
            self.cards.sizeHint().width() + self.card_scroll.verticalScrollBar().sizeHint().width()
        )
        row = self.cards.cards[NetworkMode.NAT].sizeHint().height()
        self.card_scroll.setMinimumHeight(row + 16)
        layout.addWidget(self.card_scroll, 1)
        self.backing = QStackedWidget(self)
        self.pages: dict[NetworkMode, BackingPage] = {}
        for mode in modes:
            page: BackingPage
            if mode in NETWORK_ONLY_MODES:
                page = NetworkBackingPage(mode, networks, subnet_pool, host_networks, self)
            elif mode is NetworkMode.BRIDGED:
                page = BridgedBackingPage(networks, host_bridges, self)
            elif mode is NetworkMode.MACVTAP:
                page = MacvtapBackingPage(networks, host_devices, self)
            else:
                page = UserBackingPage(session_connection, self)
            page.changed.connect(self.changed)
            self.pages[mode] = page
            self.backing.addWidget(page)
        layout.addWidget(self.backing)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        self.cards.mode_changed.connect(self._on_mode)
        self.none_check.toggled.connect(self._on_none)
        self.cards.select(NetworkMode.USER if session_connection else NetworkMode.NAT)

    def _on_mode(self, *_args: object) -> None:
        mode = self.cards.current
        if mode is not None:
            # The shown page at its own height (as in the NIC dialog); the rest goes to the cards.
            for other_mode, other in self.pages.items():
                policy = (
                    QSizePolicy.Policy.Preferred
                    if other_mode is mode
                    else QSizePolicy.Policy.Ignored
                )
                other.setSizePolicy(policy, policy)
            self.backing.setCurrentWidget(self.pages[mode])
            self.backing.updateGeometry()
            self.card_scroll.ensureWidgetVisible(self.cards.cards[mode])
        self.changed()

    def _on_none(self, none: bool) -> None:
        self.cards.setEnabled(not none)
        self.backing.setEnabled(not none)
        self.changed()

    def new_network(self) -> NetworkSpec | None:
        mode = self.cards.current
        if self.none_check.isChecked() or mode is None:
            return None
        return self.pages[mode].new_network()

    def apply(self, spec: VmSpec) -> VmSpec:
        mode = self.cards.current
        if self.none_check.isChecked() or mode is None:
            return replace(spec, nic=None)
        try:
            source = self.pages[mode].source()
        except BadInput:
            source = NicSource(mode)  # incomplete: page_problem() says what is missing
        return replace(spec, nic=NicSpec(source))

    def networks_with_new(self) -> dict[str, NetworkSnapshot]:
        """The connection's networks plus the one the user asked to create."""
        networks = dict(self._networks)
        new = self.new_network()
        if new is not None:
            networks[new.name] = NetworkSnapshot(
                connection="", name=new.name, uuid="", mode=new.mode
            )
        return networks

    def page_problem(self) -> str:
        """The backing page's own problem (nothing to attach to, a bad new network)."""
        mode = self.cards.current
        if self.none_check.isChecked() or mode is None:
            return ""
        page = self.pages[mode]
        reason = page.unavailable_reason()
        if reason:
            return reason
        try:
            page.source()
            page.new_network()
        except BadInput as error:
            return str(error)
        return ""


class FirmwarePage(WizardPage):
    fields = (Field.FIRMWARE,)

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("firmwarePage")
        self.setTitle(self.tr("Firmware and devices"))
        host = owner.survey.host
        layout = QVBoxLayout(self)
        self.emulation_banner = note_label("emulationBanner", self, Colour.ERROR)
        font = self.emulation_banner.font()
        font.setBold(True)
        self.emulation_banner.setFont(font)
        show_note(
            self.emulation_banner,
            self.tr(
                "KVM is not available on this host: the VM can only be EMULATED, many times "
                "slower than normal. Check that virtualization is enabled in the firmware "
                "and the kvm module is loaded."
            )
            if host.emulation_only
            else "",
        )
        layout.addWidget(self.emulation_banner)
        form = QFormLayout()
        self.virt_combo = QComboBox(self)
        self.virt_combo.setObjectName("virtType")
        labels = {
            "kvm": self.tr("KVM (hardware virtualization)"),
            "qemu": self.tr("QEMU emulation (slow)"),
            "test": self.tr("Test driver"),
        }
        for kind in host.domain_types:
            self.virt_combo.addItem(safe_line(labels.get(kind, kind)), kind)
        self.virt_combo.setCurrentIndex(max(self.virt_combo.findData(host.default_domain_type), 0))
        form.addRow(self.tr("Virtualization:"), self.virt_combo)
        self.machine_label = PlainLabel(
            self.tr("q35 (PCI Express)") if host.q35 else self.tr("i440FX (PC)"), self
        )
        self.machine_label.setObjectName("machineType")
        form.addRow(self.tr("Machine type:"), self.machine_label)
        self.bios_radio = QRadioButton(self.tr("BIOS"), self)
        self.bios_radio.setObjectName("firmwareBios")
        self.uefi_radio = QRadioButton(self.tr("UEFI (OVMF)"), self)
        self.uefi_radio.setObjectName("firmwareUefi")
        firmware_row = QVBoxLayout()
        firmware_row.addWidget(self.bios_radio)
        firmware_row.addWidget(self.uefi_radio)
        form.addRow(self.tr("Firmware:"), firmware_row)
        self.secure_check = QCheckBox(self.tr("Secure Boot"), self)
        self.secure_check.setObjectName("secureBoot")
        form.addRow("", self.secure_check)
        self.tpm_check = QCheckBox(self.tr("TPM 2.0 (emulated by swtpm)"), self)
        self.tpm_check.setObjectName("tpmCheck")
        form.addRow(self.tr("Security chip:"), self.tpm_check)
        self.virtio_check = QCheckBox(self.tr("Paravirtualized virtio devices (fast)"), self)
        self.virtio_check.setObjectName("virtioCheck")
        form.addRow(self.tr("Devices:"), self.virtio_check)
        self.firmware_note = PlainLabel(self)
        self.firmware_note.setObjectName("firmwareNote")
        self.firmware_note.setWordWrap(True)
        form.addRow("", self.firmware_note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        loaders = ", ".join(host.loaders) if host.loaders else self.tr("none found")
        self.firmware_note.setText(
            self.tr(
                "UEFI firmware on the host: %1. Graphics: VNC; a serial console is added."
            ).replace("%1", loaders)
        )
        for widget in (
            self.bios_radio,
            self.uefi_radio,
            self.secure_check,
            self.tpm_check,
            self.virtio_check,
        ):
            widget.toggled.connect(self.changed)
        self.virt_combo.currentIndexChanged.connect(self.changed)
        self.bios_radio.setChecked(True)

    def show_defaults(self, defaults: Defaults) -> None:
        widgets = (
            self.bios_radio,
            self.uefi_radio,
            self.secure_check,
            self.tpm_check,
            self.virtio_check,
        )
        for widget in widgets:
            widget.blockSignals(True)
        (self.uefi_radio if defaults.firmware is Firmware.UEFI else self.bios_radio).setChecked(
            True
        )
        self.secure_check.setChecked(defaults.secure_boot)
        self.tpm_check.setChecked(defaults.tpm)
        self.virtio_check.setChecked(defaults.virtio)
        for widget in widgets:
            widget.blockSignals(False)

    def apply(self, spec: VmSpec) -> VmSpec:
        return replace(
            spec,
            firmware=Firmware.UEFI if self.uefi_radio.isChecked() else Firmware.BIOS,
            secure_boot=self.secure_check.isChecked(),
            tpm=self.tpm_check.isChecked(),
            virtio=self.virtio_check.isChecked(),
            domain_type=str(self.virt_combo.currentData() or ""),
        )


class CloudInitPage(WizardPage):
    fields = (Field.CLOUD_INIT,)

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("cloudInitPage")
        self.setTitle(self.tr("Cloud-init"))
        self.setSubTitle(
            self.tr(
                "Written to a small “cidata” ISO in the pool; it stays there, so the VM "
                "finds it at every boot."
            )
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("cloudUser")
        form.addRow(self.tr("User name:"), self.user_edit)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("cloudPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("only its hash is written"))
        form.addRow(self.tr("Password:"), self.password_edit)
        self.keys_edit = QPlainTextEdit(self)
        self.keys_edit.setObjectName("cloudKeys")
        self.keys_edit.setPlaceholderText(self.tr("ssh-ed25519 AAAA… (one key a line)"))
        self.keys_edit.setPlainText("\n".join(ssh_public_keys()))
        self.keys_edit.setMaximumHeight(90)
        form.addRow(self.tr("SSH public keys:"), self.keys_edit)
        self.hostname_edit = QLineEdit(self)
        self.hostname_edit.setObjectName("cloudHostname")
        self.hostname_edit.setPlaceholderText(self.tr("the VM's name"))
        form.addRow(self.tr("Host name:"), self.hostname_edit)
        self.extra_edit = QPlainTextEdit(self)
        self.extra_edit.setObjectName("cloudExtra")
        self.extra_edit.setPlaceholderText("packages:\n  - htop")
        self.extra_edit.setMaximumHeight(90)
        form.addRow(self.tr("Extra user-data:"), self.extra_edit)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        for edit in (self.user_edit, self.password_edit, self.hostname_edit):
            edit.textChanged.connect(self.changed)
        self.keys_edit.textChanged.connect(self.changed)
        self.extra_edit.textChanged.connect(self.changed)

    def apply(self, spec: VmSpec) -> VmSpec:
        keys = tuple(k.strip() for k in self.keys_edit.toPlainText().splitlines() if k.strip())
        return replace(
            spec,
            cloud_init=CloudInitSpec(
                user=self.user_edit.text().strip(),
                password=self.password_edit.text(),
                ssh_keys=keys,
                hostname=self.hostname_edit.text().strip(),
                extra_user_data=self.extra_edit.toPlainText(),
            ),
        )
