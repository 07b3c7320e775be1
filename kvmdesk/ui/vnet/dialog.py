"""Create or edit a virtual network: mode, subnet, DHCP range, bridge, autostart.

Returns a :class:`NetworkSpec`; every check is core's
(:func:`validate_network_spec`), shown inline before anything reaches libvirt.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.change import network_change
from kvmdesk.core.vnet.spec import (
    CREATABLE_MODES,
    NetworkSpec,
    default_dhcp_range,
    host_ranges_besides,
    parse_address,
    parse_subnet,
    pending_fields,
    validate_network_spec,
)
from kvmdesk.core.vnet.subnet_pool import suggest_free_subnet, taken_subnets
from kvmdesk.models.labels import network_mode_label
from kvmdesk.models.palette import Colour
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel

_NEEDS_SUBNET = {NetworkMode.NAT, NetworkMode.ROUTED, NetworkMode.OPEN, NetworkMode.HOST_ONLY}


class NetworkDialog(QDialog):
    """``current`` None creates a network; otherwise edits it (its name is fixed)."""

    def __init__(
        self,
        existing: Sequence[NetworkSnapshot],
        *,
        pool: Sequence[IPv4Network],
        host_networks: Sequence[IPv4Network] = (),
        host_bridges: Sequence[str] = (),
        current: NetworkSpec | None = None,
        active: bool = False,
        live: NetworkSpec | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("networkDialog")
        self._current = current
        self._active = active
        itself = next((n for n in existing if current is not None and n.name == current.name), None)
        self._existing = [n for n in existing if n is not itself]
        self._pool = list(pool)
        # A running network's own route is not another host network (core/vnet/spec.py).
        self._host_networks = host_ranges_besides(itself, host_networks)
        self.setWindowTitle(self.tr("Edit network") if current else self.tr("Create network"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("networkName")
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("networkMode")
        for mode in CREATABLE_MODES:
            self.mode_combo.addItem(network_mode_label(mode), str(mode))
        subnet_row = QHBoxLayout()
        self.subnet_edit = QLineEdit(self)
        self.subnet_edit.setObjectName("networkSubnet")
        self.subnet_edit.setPlaceholderText("198.51.100.1/24")
        self.suggest_button = QPushButton(self.tr("Suggest"), self)
        self.suggest_button.clicked.connect(self.suggest)
        subnet_row.addWidget(self.subnet_edit, 1)
        subnet_row.addWidget(self.suggest_button)
        self.dhcp_check = QCheckBox(self.tr("Hand out addresses with DHCP"), self)
        dhcp_row = QHBoxLayout()
        self.dhcp_start_edit = QLineEdit(self)
        self.dhcp_end_edit = QLineEdit(self)
        dhcp_row.addWidget(self.dhcp_start_edit)
        dhcp_row.addWidget(PlainLabel("–", self))
        dhcp_row.addWidget(self.dhcp_end_edit)
        self.bridge_combo = QComboBox(self)
        self.bridge_combo.setObjectName("networkBridge")
        self.bridge_combo.setEditable(True)
        self.bridge_combo.addItems(list(host_bridges))
        self.bridge_combo.setCurrentText("")
        self.forward_dev_edit = QLineEdit(self)
        self.forward_dev_edit.setPlaceholderText(self.tr("any host interface"))
        self.autostart_check = QCheckBox(self.tr("Start when the host boots"), self)
        self.autostart_check.setChecked(True)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Mode:"), self.mode_combo)
        form.addRow(self.tr("Subnet:"), subnet_row)
        form.addRow("", self.dhcp_check)
        form.addRow(self.tr("DHCP range:"), dhcp_row)
        self.bridge_label = PlainLabel(self.tr("Bridge:"), self)
        form.addRow(self.bridge_label, self.bridge_combo)
        form.addRow(self.tr("Forward through:"), self.forward_dev_edit)
        form.addRow("", self.autostart_check)
        self._form = form
        layout.addLayout(form)
        self.pending_label = PlainLabel(self)
        self.pending_label.setObjectName("pendingNote")
        self.pending_label.setWordWrap(True)
        self.pending_label.setText(self._pending_text(live))
        self.pending_label.setVisible(bool(self.pending_label.text()))
        layout.addWidget(self.pending_label)
        self.restart_label = PlainLabel(self)
        self.restart_label.setObjectName("restartNote")
        self.restart_label.setWordWrap(True)
        layout.addWidget(self.restart_label)
        self.error_label = PlainLabel(self)
        self.error_label.setObjectName("networkError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {Colour.ERROR.hex()};")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save") if current else self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if current is not None:
            self._load(current)
        else:
            self.name_edit.setText(self._free_name("network"))
            self.suggest()
        connect_edits(
            self.revalidate,
            self.name_edit,
            self.subnet_edit,
            self.dhcp_start_edit,
            self.dhcp_end_edit,
            self.forward_dev_edit,
            self.bridge_combo,  # editable: its text is what changes
            self.autostart_check,
        )
        self.dhcp_check.toggled.connect(self._update_visibility)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        # The DHCP range follows the subnet as it is typed, until the user edits the
        # range itself: a new subnet never starts with "range outside the subnet".
        self._range_follows = True
        self.subnet_edit.textEdited.connect(self._subnet_edited)
        for edit in (self.dhcp_start_edit, self.dhcp_end_edit):
            edit.textEdited.connect(self._range_edited)
        self._update_visibility()
        name_controls(self)

    # -------------------------------------------------------------- helpers

    @property
    def mode(self) -> NetworkMode:
        return NetworkMode(self.mode_combo.currentData())

    def _free_name(self, stem: str) -> str:
        names = {n.name for n in self._existing}
        number = 1
        while f"{stem}-{number}" in names:
            number += 1
        return f"{stem}-{number}"

    def _load(self, spec: NetworkSpec) -> None:
        self.name_edit.setText(spec.name)
        self.name_edit.setReadOnly(True)
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(str(spec.mode)), 0))
        if spec.subnet is not None:
            self.subnet_edit.setText(f"{spec.gateway}/{spec.subnet.prefixlen}")
        self.dhcp_check.setChecked(spec.has_dhcp)
        self.dhcp_start_edit.setText(str(spec.dhcp_start or ""))
        self.dhcp_end_edit.setText(str(spec.dhcp_end or ""))
        # A range of the user's own making stays put; the default one follows.
        self._range_follows = spec.subnet is None or (spec.dhcp_start, spec.dhcp_end) == (
            default_dhcp_range(spec.subnet, spec.gateway) or (None, None)
        )
        self.bridge_combo.setCurrentText(spec.bridge)
        self.forward_dev_edit.setText(spec.forward_dev)
        self.autostart_check.setChecked(spec.autostart)

    def suggest(self) -> None:
        """Fill in a free subnet from the pool and a DHCP range inside it."""
        subnet = suggest_free_subnet(self._pool, taken_subnets(self._existing, self._host_networks))
        if subnet is None:
            self.error_label.setText(self.tr("No free subnet is left in the configured pool."))
            return
        gateway = subnet.network_address + 1
        self.subnet_edit.setText(f"{gateway}/{subnet.prefixlen}")
        dhcp = default_dhcp_range(subnet, gateway)
        self.dhcp_check.setChecked(dhcp is not None)
        if dhcp is not None:
            self.dhcp_start_edit.setText(str(dhcp[0]))
            self.dhcp_end_edit.setText(str(dhcp[1]))

    def _subnet_edited(self, text: str) -> None:
        if not self._range_follows:
            return
        try:
            subnet, host = parse_subnet(text)
        except BadInput:
            return  # not a subnet yet: the validation line says why
        dhcp = default_dhcp_range(subnet, host or subnet.network_address + 1)
        self.dhcp_start_edit.setText(str(dhcp[0]) if dhcp else "")
        self.dhcp_end_edit.setText(str(dhcp[1]) if dhcp else "")
        self.revalidate()

    def _range_edited(self, _text: str) -> None:
        self._range_follows = False

    def _mode_changed(self) -> None:
        if self.mode in _NEEDS_SUBNET and not self.subnet_edit.text().strip():
            self.suggest()
        self._update_visibility()

    def _update_visibility(self) -> None:
        mode = self.mode
        has_subnet = mode in _NEEDS_SUBNET
        for widget in (self.subnet_edit, self.suggest_button, self.dhcp_check):
            widget.setEnabled(has_subnet)
        dhcp = has_subnet and self.dhcp_check.isChecked()
        self.dhcp_start_edit.setEnabled(dhcp)
        self.dhcp_end_edit.setEnabled(dhcp)
        self.forward_dev_edit.setEnabled(mode in (NetworkMode.NAT, NetworkMode.ROUTED))
        self.bridge_label.setText(
            self.tr("Host bridge:") if mode is NetworkMode.BRIDGED else self.tr("Bridge name:")
        )
        line = self.bridge_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(
                self.tr("an existing host bridge")
                if mode is NetworkMode.BRIDGED
                else self.tr("chosen by libvirt (virbrN)")
            )
        self.revalidate()

    # ----------------------------------------------------------------- value

    def _spec(self) -> NetworkSpec:
        mode = self.mode
        subnet: IPv4Network | None = None
        host: IPv4Address | None = None
        start = end = None
        if mode in _NEEDS_SUBNET:
            text = self.subnet_edit.text().strip()
            if not text:
                raise BadInput(self.tr("a subnet is needed for this mode"))
            subnet, host = parse_subnet(text)
            if self.dhcp_check.isChecked():
                start = parse_address(self.dhcp_start_edit.text().strip(), "DHCP start")
                end = parse_address(self.dhcp_end_edit.text().strip(), "DHCP end")
        return NetworkSpec(
            name=self.name_edit.text().strip(),
            mode=mode,
            subnet=subnet,
            dhcp_start=start,
            dhcp_end=end,
            bridge=self.bridge_combo.currentText().strip(),
            forward_dev=self.forward_dev_edit.text().strip()
            if mode in (NetworkMode.NAT, NetworkMode.ROUTED)
            else "",
            autostart=self.autostart_check.isChecked(),
            host_address=host,
        )

    def revalidate(self) -> bool:
        try:
            spec = self._spec()
            validate_network_spec(spec, self._existing, self._host_networks)
        except BadInput as error:
            self.error_label.setText(str(error))
            self.ok_button.setEnabled(False)
            self.restart_label.clear()
            return False
        self.error_label.clear()
        self.ok_button.setEnabled(True)
        if self._current is not None and self._active:
            change = network_change(self._current, spec)
            if change.needs_restart:
                self.restart_label.setText(
                    self.tr(
                        "The network is running: these changes take effect when it restarts "
                        "(guests on it lose connectivity briefly)."
                    )
                )
            else:
                self.restart_label.clear()
        return True

    def _pending_text(self, live: NetworkSpec | None) -> str:
        """What the running network runs now where its definition (shown) differs."""
        if live is None or self._current is None:
            return ""
        fields = pending_fields(live, self._current)
        if not fields:
            return ""
        labels = {
            "mode": self.tr("mode %1"),
            "subnet": self.tr("subnet %1"),
            "host_address": self.tr("host address %1"),
            "dhcp_start": self.tr("DHCP from %1"),
            "dhcp_end": self.tr("DHCP to %1"),
            "bridge": self.tr("bridge %1"),
            "forward_dev": self.tr("forwarding through %1"),
        }
        running = []
        for field in fields:
            value = getattr(live, field)
            if field == "mode":
                shown = network_mode_label(value)
            elif value is None or value == "":
                shown = self.tr("none")
            else:
                shown = str(value)
            running.append(labels[field].replace("%1", shown))
        return self.tr("Saved changes wait for the network to restart. It runs with: %1.").replace(
            "%1", ", ".join(running)
        )

    def value(self) -> NetworkSpec:
        """The spec as entered; call only after the dialog was accepted (it validated)."""
        return self._spec()
