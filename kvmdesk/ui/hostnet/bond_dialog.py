"""Create or edit a bond: ports, one of the seven modes with its guide, link monitoring, IP.

Returns a :class:`~kvmdesk.core.hostnet.model.BondSpec` (:meth:`BondDialog.value`);
every check is core's (:func:`~kvmdesk.core.hostnet.validation.validate_bond`), shown
inline with OK disabled, and core's warnings are shown without blocking.

The modes are listed with their kernel number ("1 active-backup", "4 802.3ad (LACP)")
because many guides call them "bond0"–"bond6". A choice the selected mode cannot use
(a primary port in balance-rr, ARP monitoring in 802.3ad) is never dropped silently:
its field stays editable and core's message says what to change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.hostnet.model import (
    LACP_RATES,
    XMIT_HASH_POLICIES,
    BondMode,
    BondSpec,
    HostInterface,
    LacpRate,
    SwitchConfig,
)
from kvmdesk.core.hostnet.types import NM_CAPABILITIES, BackendCapabilities
from kvmdesk.core.hostnet.validation import (
    validate_bond,
    warnings,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.text import safe_line, safe_name, safe_tooltip
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notes import note_label
from kvmdesk.ui.common.widgets import fit_to_contents
from kvmdesk.ui.hostnet.interface_dialogs import (
    DialogFeedback,
    free_name,
    free_ports,
)
from kvmdesk.ui.hostnet.ip_config import IpConfigBox
from kvmdesk.ui.hostnet.link_monitor import LinkMonitorBox


class BondDialog(QDialog):
    """``current`` None creates a bond; otherwise edits that bond (name and bridge fixed)."""

    def __init__(
        self,
        interfaces: Sequence[HostInterface],
        *,
        capabilities: BackendCapabilities = NM_CAPABILITIES,
        backend_label: str = "",
        current: BondSpec | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bondDialog")
        self._interfaces = list(interfaces)
        self._caps = capabilities
        self._backend_label = backend_label or self.tr("this backend")
        self._current = current
        self._auto_bridge = ""
        self.setWindowTitle(
            self.tr("Edit bond %1").replace("%1", safe_name(current.name))
            if current
            else self.tr("New bond")
        )
        columns = QHBoxLayout()
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self._build_identity(left)
        self._build_mode(left)
        self.monitor = LinkMonitorBox(
            max_arp_targets=capabilities.max_arp_targets,
            backend_label=self._backend_label,
            parent=self,
        )
        right.addWidget(self.monitor)
        self._build_lacp(right)
        self._build_ip(right)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        self.feedback = DialogFeedback(self, ok_text=self.tr("Save") if current else None)
        self.feedback.add_to(layout)
        self.error_label = self.feedback.error_label
        self.warning_label = self.feedback.warning_label
        self.ok_button = self.feedback.ok_button
        self.feedback.buttons.accepted.connect(self.accept)
        self.feedback.buttons.rejected.connect(self.reject)
        if current is not None:
            self._load(current)
        else:
            self.name_edit.setText(free_name("bond", self._interfaces, start=0))
            self._auto_bridge = f"br-{self.name_edit.text()}"
            self.bridge_name_edit.setText(self._auto_bridge)
            self.mode_list.setCurrentRow(int(BondMode.ACTIVE_BACKUP))
            self.monitor.mii_radio.setChecked(True)
            self.ip_box.set_ipv4("dhcp")
        self._connect_signals()
        self._update()
        name_controls(self)

    # -------------------------------------------------------------- building

    def _build_identity(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("bondName")
        form.addRow(self.tr("Name:"), self.name_edit)
        layout.addLayout(form)
        ports = QGroupBox(self.tr("Ports"), self)
        ports_layout = QVBoxLayout(ports)
        self.ports_list = QListWidget(ports)
        self.ports_list.setObjectName("bondPorts")
        names = free_ports(self._interfaces, ("ethernet",), keep=self._current_ports())
        for name in names:
            interface = next(i for i in self._interfaces if i.name == name)
            item = QListWidgetItem(safe_line(f"{name}  {interface.mac}".strip()), self.ports_list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.ports_list.setMaximumHeight(120)
        ports_layout.addWidget(self.ports_list)
        ports_layout.addWidget(
            note_label(
                self.tr("Free ethernet interfaces; at least one, two or more for fault tolerance."),
                ports,
            )
        )
        layout.addWidget(ports)

    def _build_mode(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Mode"), self)
        box_layout = QVBoxLayout(box)
        self.mode_list = QListWidget(box)
        self.mode_list.setObjectName("bondMode")
        for mode in BondMode:
            item = QListWidgetItem(safe_line(mode.label), self.mode_list)
            item.setData(Qt.ItemDataRole.UserRole, int(mode))
        self.mode_list.setMaximumHeight(self.mode_list.sizeHintForRow(0) * 7 + 8)
        box_layout.addWidget(self.mode_list)
        self.guide_label = PlainLabel(box)
        self.guide_label.setObjectName("bondModeGuide")
        self.guide_label.setWordWrap(True)
        self.guide_label.setTextFormat(Qt.TextFormat.PlainText)
        box_layout.addWidget(self.guide_label)
        form = QFormLayout()
        self.primary_combo = QComboBox(box)
        self.primary_combo.setObjectName("bondPrimary")
        form.addRow(self.tr("Primary port:"), self.primary_combo)
        box_layout.addLayout(form)
        self.primary_note = note_label("", box, "primaryNote")
        box_layout.addWidget(self.primary_note)
        layout.addWidget(box)
        layout.addStretch(1)

    def _build_lacp(self, layout: QVBoxLayout) -> None:
        self.lacp_box = QGroupBox(self.tr("802.3ad and hashing"), self)
        form = QFormLayout(self.lacp_box)
        self.lacp_rate_combo = QComboBox(self.lacp_box)
        self.lacp_rate_combo.setObjectName("lacpRate")
        self.lacp_rate_combo.addItem(self.tr("default (slow)"), "")
        for rate in LACP_RATES:
            self.lacp_rate_combo.addItem(safe_line(rate), rate)
        self.hash_combo = QComboBox(self.lacp_box)
        self.hash_combo.setObjectName("xmitHashPolicy")
        self.hash_combo.addItem(self.tr("default (layer2)"), "")
        for policy in XMIT_HASH_POLICIES:
            self.hash_combo.addItem(safe_line(policy), policy)
        form.addRow(self.tr("LACP rate:"), self.lacp_rate_combo)
        form.addRow(self.tr("Transmit hash policy:"), self.hash_combo)
        self.lacp_box.setVisible(self._caps.supports_lacp_options)
        layout.addWidget(self.lacp_box)
        self.lacp_note = note_label(
            self.tr(
                "%1 cannot set the LACP rate or transmit hash policy; the kernel's defaults apply."
            ).replace("%1", self._backend_label),
            self,
            "lacpNote",
        )
        layout.addWidget(self.lacp_note)

    def _build_ip(self, layout: QVBoxLayout) -> None:
        self.vm_check = QCheckBox(self.tr("Use for virtual machines"), self)
        self.vm_check.setObjectName("useForVms")
        self.vm_check.setToolTip(
            safe_tooltip(
                self.tr(
                    "Creates a bridge over the bond; virtual machines attach to it in Bridged mode. "
                    "The IP configuration moves to the bridge."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.vm_check)
        row.addWidget(PlainLabel(self.tr("Bridge:"), self))
        self.bridge_name_edit = QLineEdit(self)
        self.bridge_name_edit.setObjectName("bridgeName")
        row.addWidget(self.bridge_name_edit, 1)
        layout.addLayout(row)
        self.ip_box = IpConfigBox(self.tr("IP configuration"), self)
        layout.addWidget(self.ip_box)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.name_edit.textChanged.connect(self._name_changed)
        self.ports_list.itemChanged.connect(self._ports_changed)
        self.mode_list.currentRowChanged.connect(self._update)
        self.monitor.changed.connect(self._update)
        self.ip_box.changed.connect(self._update)
        connect_edits(
            self._update,
            self.primary_combo,
            self.lacp_rate_combo,
            self.hash_combo,
            self.vm_check,
            self.bridge_name_edit,
        )

    # --------------------------------------------------------------- loading

    def _current_ports(self) -> tuple[str, ...]:
        return self._current.ports if self._current is not None else ()

    def _load(self, spec: BondSpec) -> None:
        self.name_edit.setText(spec.name)
        self.name_edit.setReadOnly(True)
        for name in spec.ports:
            item = self.port_item(name)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)
        self.mode_list.setCurrentRow(int(spec.mode))
        self._fill_primary()
        self.primary_combo.setCurrentIndex(max(self.primary_combo.findData(spec.primary), 0))
        self.monitor.load(spec.mii, spec.arp)
        self.lacp_rate_combo.setCurrentIndex(max(self.lacp_rate_combo.findData(spec.lacp_rate), 0))
        self.hash_combo.setCurrentIndex(max(self.hash_combo.findData(spec.xmit_hash_policy), 0))
        self.ip_box.load(spec.ip, spec.mtu)
        self.vm_check.setChecked(bool(spec.bridge))
        self.bridge_name_edit.setText(spec.bridge)
        # Editing cannot add or remove the bridge over a bond (core's rule).
        self.vm_check.setEnabled(False)
        self.bridge_name_edit.setReadOnly(True)

    # --------------------------------------------------------------- helpers

    def port_item(self, name: str) -> QListWidgetItem | None:
        for row in range(self.ports_list.count()):
            item = self.ports_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                return item
        return None

    def checked_ports(self) -> list[str]:
        return [
            self.ports_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.ports_list.count())
            if self.ports_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    @property
    def mode(self) -> BondMode:
        row = self.mode_list.currentRow()
        return BondMode(row) if 0 <= row < len(BondMode) else BondMode.ACTIVE_BACKUP

    def _name_changed(self, text: str) -> None:
        wanted = f"br-{text.strip()}"
        if self._current is None and self.bridge_name_edit.text() in ("", self._auto_bridge):
            self.bridge_name_edit.setText(wanted)
        self._auto_bridge = wanted
        self._update()

    def _ports_changed(self, _item: QListWidgetItem | None = None) -> None:
        self._fill_primary()
        self._update()

    def _fill_primary(self) -> None:
        chosen = self.primary_combo.currentData() or ""
        self.primary_combo.blockSignals(True)
        self.primary_combo.clear()
        self.primary_combo.addItem(self.tr("(none)"), "")
        for name in self.checked_ports():
            self.primary_combo.addItem(safe_line(name), name)
        self.primary_combo.setCurrentIndex(max(self.primary_combo.findData(chosen), 0))
        self.primary_combo.blockSignals(False)

    def _guide_text(self, mode: BondMode) -> str:
        guide = mode.guide
        yes, no = self.tr("yes"), self.tr("no")
        switch = {
            SwitchConfig.NONE: self.tr("works with any switch, nothing to configure"),
            SwitchConfig.STATIC_GROUP: self.tr(
                "the switch ports must form a static port group (EtherChannel/trunk, no LACP)"
            ),
            SwitchConfig.LACP: self.tr("the switch ports must run LACP (802.3ad)"),
        }[guide.switch]
        return "\n".join(
            [
                QCoreApplication.translate("BondMode", guide.summary),
                self.tr("Load balancing: %1 · Fault tolerance: %2")
                .replace("%1", yes if guide.load_balancing else no)
                .replace("%2", yes if guide.fault_tolerance else no),
                self.tr("Switch: %1").replace("%1", switch),
            ]
        )

    def _primary_note(self, mode: BondMode, usable: bool) -> str:
        if not mode.guide.primary_allowed:
            return self.tr("%1 has no primary port.").replace("%1", mode.kernel_name)
        if not usable:
            return (
                self.tr("%1 cannot set a primary port in %2 mode.")
                .replace("%1", self._backend_label)
                .replace("%2", mode.kernel_name)
            )
        if self._caps.primary_is_first_port:
            return self.tr(
                "libvirt makes the first port the primary; the chosen primary is put first."
            )
        return self.tr("Carries the traffic while its link is up.")

    def _update(self, *_args: object) -> None:
        mode = self.mode
        guide = mode.guide
        self.guide_label.setText(self._guide_text(mode))
        usable = guide.primary_allowed and mode in self._caps.primary_modes
        self.primary_combo.setEnabled(usable or bool(self.primary_combo.currentData()))
        self.primary_note.setText(self._primary_note(mode, usable))
        self.monitor.set_arp_allowed(guide.arp_monitoring, mode.kernel_name)
        self.lacp_rate_combo.setEnabled(
            guide.lacp_options or bool(self.lacp_rate_combo.currentData())
        )
        self.hash_combo.setEnabled(guide.xmit_hash_policy or bool(self.hash_combo.currentData()))
        self.lacp_note.setVisible(
            not self._caps.supports_lacp_options and (guide.lacp_options or guide.xmit_hash_policy)
        )
        bridged = self.vm_check.isChecked()
        self.bridge_name_edit.setEnabled(bridged)
        owner = self.bridge_name_edit.text().strip() if bridged else self.name_edit.text().strip()
        self.ip_box.setTitle(
            self.tr("IP configuration of bridge %1").replace("%1", owner)
            if bridged
            else self.tr("IP configuration of %1").replace("%1", owner)
        )
        self.revalidate()
        # A mode's longer guide or the LACP note needs room: grow rather than squash.
        fit_to_contents(self)

    # ----------------------------------------------------------------- value

    def _ports(self, primary: str) -> tuple[str, ...]:
        ports = self.checked_ports()
        if primary and self._caps.primary_is_first_port and primary in ports:
            ports.remove(primary)
            ports.insert(0, primary)
        return tuple(ports)

    def _spec(self) -> BondSpec:
        mii, arp = self.monitor.monitors()
        primary: str = self.primary_combo.currentData() or ""
        lacp_rate: LacpRate = self.lacp_rate_combo.currentData() or ""
        bridged = self.vm_check.isChecked()
        return BondSpec(
            name=self.name_edit.text().strip(),
            mode=self.mode,
            ports=self._ports(primary),
            primary=primary,
            mii=mii,
            arp=arp,
            lacp_rate=lacp_rate,
            xmit_hash_policy=self.hash_combo.currentData() or "",
            ip=self.ip_box.ip_config(),
            mtu=self.ip_box.mtu(),
            bridge=self.bridge_name_edit.text().strip() if bridged else "",
            start_mode=self._current.start_mode if self._current is not None else "onboot",
        )

    def revalidate(self) -> bool:
        """Check with core; show the first problem (OK disabled) and the warnings."""
        try:
            spec = self._spec()
        except BadInput as error:
            return self.feedback.show_problem(str(error), [])
        try:
            validate_bond(
                spec,
                self._interfaces,
                backend_caps=self._caps,
                editing=self._current is not None,
            )
        except BadInput as error:
            return self.feedback.show_problem(str(error), warnings(spec))
        return self.feedback.show_problem("", warnings(spec))

    def value(self) -> BondSpec:
        """The bond as entered; call after the dialog was accepted (it validated)."""
        return self._spec()
