"""What backs a NIC in each mode: the pages under the NIC dialog's mode cards.

One page per mode. Network-backed modes (NAT, Host-only, Internal, Routed, Open)
list the connection's networks of exactly that mode and offer to create one, with
a free subnet suggested from the configurable pool; Bridged lists host bridges and
bridge-mode networks; macvtap lists host devices, macvtap networks and the macvtap
mode; User-mode picks the backend; Not attached only explains. A page says why
when its mode has nothing to attach to (:meth:`BackingPage.unavailable_reason`).
The pages hold plain values; :mod:`kvmdesk.ui.nic.dialog` validates through core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.nic.spec import MACVTAP_MODES, NicSource
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.spec import (
    SUBNET_MODES,
    NetworkSpec,
    default_dhcp_range,
    parse_address,
    parse_subnet,
)
from kvmdesk.core.vnet.subnet_pool import suggest_free_subnet as free_subnet
from kvmdesk.core.vnet.subnet_pool import taken_subnets
from kvmdesk.models.common import name_order
from kvmdesk.models.text import safe_line, safe_tooltip
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel

# Data of the "Create a new network…" entry; a network name is never None.
CREATE_NEW = None

# Longest prefix tried when no /24 of the pool is free (small pools, e.g. TEST-NET in tests).

_NAME_STEMS = {
    NetworkMode.NAT: "nat",
    NetworkMode.HOST_ONLY: "hostonly",
    NetworkMode.INTERNAL: "internal",
    NetworkMode.ROUTED: "routed",
    NetworkMode.OPEN: "open",
}


def _note(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = PlainLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _item(kind: str, name: str) -> str:
    """Combo data naming what an entry is (bridge, device or network) and its name."""
    return f"{kind}:{name}"


def _split_item(data: object) -> tuple[str, str]:
    if not isinstance(data, str) or ":" not in data:
        return "", ""
    kind, name = data.split(":", 1)
    return kind, name


def networks_of_mode(
    networks: Mapping[str, NetworkSnapshot], mode: NetworkMode
) -> list[NetworkSnapshot]:
    return sorted(
        (n for n in networks.values() if n.mode is mode), key=lambda n: name_order(n.name)
    )


def suggest_network_name(mode: NetworkMode, networks: Mapping[str, NetworkSnapshot]) -> str:
    """``nat-2`` beside one NAT network: the mode's stem and the next free number."""
    stem = _NAME_STEMS.get(mode, str(mode))
    number = len(networks_of_mode(networks, mode)) + 1
    while f"{stem}-{number}" in networks:
        number += 1
    return f"{stem}-{number}"


def suggest_free_subnet(
    pool: Sequence[IPv4Network],
    networks: Mapping[str, NetworkSnapshot],
    host_networks: Sequence[IPv4Network] = (),
) -> IPv4Network | None:
    """A free subnet from the pool for a network created from the dialog (core decides)."""
    return free_subnet(pool, taken_subnets(networks.values(), host_networks))


def network_label(network: NetworkSnapshot) -> str:
    parts = [network.name]
    if network.subnets:
        parts.append(f"({', '.join(network.subnets)})")
    elif network.bridge and network.mode is NetworkMode.BRIDGED:
        parts.append(
            QCoreApplication.translate("NicBacking", "(on %1)").replace("%1", network.bridge)
        )
    if not network.active:
        parts.append(QCoreApplication.translate("NicBacking", "— stopped"))
    return " ".join(parts)


class BackingPage(QWidget):
    """What backs a NIC in one mode; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, mode: NetworkMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setObjectName(f"backing_{mode}")

    def source(self) -> NicSource:
        """The source as chosen (not yet validated); raises BadInput for unparsable input."""
        return NicSource(self.mode)

    def new_network(self) -> NetworkSpec | None:
        """The network to create first, when the user asked for one."""
        return None

    def network_name(self) -> str:
        """The existing network chosen, "" for none."""
        return ""

    def unavailable_reason(self) -> str:
        """Why this mode has nothing to attach to on this connection ("" when it has)."""
        return ""

    def show_source(self, source: NicSource) -> None:
        """Pre-select what ``source`` names, where this page offers it."""


class NetworkBackingPage(BackingPage):
    """Existing networks of one mode, or the form for a new one of that mode."""

    def __init__(
        self,
        mode: NetworkMode,
        networks: Mapping[str, NetworkSnapshot],
        pool: Sequence[IPv4Network],
        host_networks: Sequence[IPv4Network],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(mode, parent)
        self._networks = networks
        self._has_subnet = mode in SUBNET_MODES
        self._dhcp_touched = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QFormLayout()
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"networkCombo_{mode}")
        for network in networks_of_mode(networks, mode):
            self.combo.addItem(safe_line(network_label(network)), network.name)
        self.combo.addItem(
            QCoreApplication.translate("NicBacking", "Create a new network…"), CREATE_NEW
        )
        row.addRow(QCoreApplication.translate("NicBacking", "Network:"), self.combo)
        layout.addLayout(row)

        self.create_box = QWidget(self)
        self.create_box.setObjectName(f"createNetwork_{mode}")
        form = QFormLayout(self.create_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit(suggest_network_name(mode, networks), self.create_box)
        self.name_edit.setObjectName("newNetworkName")
        form.addRow(QCoreApplication.translate("NicBacking", "Name:"), self.name_edit)
        self.subnet_edit = QLineEdit(self.create_box)
        self.subnet_edit.setObjectName("newNetworkSubnet")
        self.subnet_edit.setPlaceholderText("192.168.100.0/24")
        self.dhcp_check = QCheckBox(
            QCoreApplication.translate("NicBacking", "Hand out addresses by DHCP"), self.create_box
        )
        self.dhcp_check.setObjectName("newNetworkDhcp")
        self.dhcp_check.setChecked(True)
        self.dhcp_start_edit = QLineEdit(self.create_box)
        self.dhcp_start_edit.setObjectName("newNetworkDhcpStart")
        self.dhcp_end_edit = QLineEdit(self.create_box)
        self.dhcp_end_edit.setObjectName("newNetworkDhcpEnd")
        self.dhcp_start_edit.setAccessibleName(
            QCoreApplication.translate("NicBacking", "First DHCP address")
        )
        self.dhcp_end_edit.setAccessibleName(
            QCoreApplication.translate("NicBacking", "Last DHCP address")
        )
        dhcp_range = QWidget(self.create_box)
        dhcp_layout = QHBoxLayout(dhcp_range)
        dhcp_layout.setContentsMargins(0, 0, 0, 0)
        dhcp_layout.addWidget(self.dhcp_start_edit)
        dhcp_layout.addWidget(PlainLabel("–", dhcp_range))
        dhcp_layout.addWidget(self.dhcp_end_edit)
        self.subnet_hint = _note("", self.create_box, "newNetworkSubnetHint")
        self.subnet_hint.setWordWrap(False)  # one short line; wrapping only adds height
        if self._has_subnet:
            suggestion = suggest_free_subnet(pool, networks, host_networks)
            if suggestion is not None:
                self.subnet_edit.setText(str(suggestion))
                self.subnet_hint.setText(
                    QCoreApplication.translate(
                        "NicBacking", "A free subnet from the pool; change it if you like."
                    )
                )
            else:
                self.subnet_hint.setText(
                    QCoreApplication.translate(
                        "NicBacking", "Every subnet of the pool is in use: enter one that is free."
                    )
                )
            form.addRow(QCoreApplication.translate("NicBacking", "Subnet:"), self.subnet_edit)
            form.addRow("", self.subnet_hint)
            form.addRow("", self.dhcp_check)
            form.addRow(QCoreApplication.translate("NicBacking", "DHCP range:"), dhcp_range)
            self._fill_dhcp()
        else:
            for widget in (self.subnet_edit, self.subnet_hint, self.dhcp_check, dhcp_range):
                widget.hide()
            form.addRow(
                "",
                _note(
                    QCoreApplication.translate(
                        "NicBacking",
                        "An internal network has no address on the host and no DHCP: "
                        "give the guests static addresses.",
                    ),
                    self.create_box,
                ),
            )
        self.autostart_check = QCheckBox(
            QCoreApplication.translate("NicBacking", "Start with the host"), self.create_box
        )
        self.autostart_check.setObjectName("newNetworkAutostart")
        self.autostart_check.setChecked(True)
        form.addRow("", self.autostart_check)
        layout.addWidget(self.create_box)

        self.combo.currentIndexChanged.connect(self._on_choice)
        self.subnet_edit.textChanged.connect(self._on_subnet)
        self.dhcp_check.toggled.connect(self._on_dhcp_toggled)
        for edit in (self.dhcp_start_edit, self.dhcp_end_edit):
            # textEdited: typed by the user, not filled in from the subnet.
            edit.textEdited.connect(self._on_dhcp_edited)
        connect_edits(self.changed, self.name_edit, self.autostart_check)
        self._on_choice()

    # ------------------------------------------------------------ choosing

    def creating(self) -> bool:
        return self.combo.currentData() is CREATE_NEW

    def network_name(self) -> str:
        data = self.combo.currentData()
        return "" if data is CREATE_NEW else str(data)

    def choose_network(self, name: str) -> None:
        position = self.combo.findData(name)
        if position >= 0:
            self.combo.setCurrentIndex(position)

    def choose_create(self) -> None:
        self.combo.setCurrentIndex(self.combo.count() - 1)

    def show_source(self, source: NicSource) -> None:
        if source.network:
            self.choose_network(source.network)

    def source(self) -> NicSource:
        if self.creating():
            return NicSource(self.mode, network=self.name_edit.text())
        return NicSource(self.mode, network=self.network_name())

    def new_network(self) -> NetworkSpec | None:
        if not self.creating():
            return None
        subnet: IPv4Network | None = None
        host: IPv4Address | None = None
        start: IPv4Address | None = None
        end: IPv4Address | None = None
        if self._has_subnet:
            text = self.subnet_edit.text().strip()
            if text:
                subnet, host = parse_subnet(text)
            if self.dhcp_check.isChecked() and subnet is not None:
                start_text = self.dhcp_start_edit.text().strip()
                end_text = self.dhcp_end_edit.text().strip()
                if not start_text or not end_text:
                    raise BadInput(
                        QCoreApplication.translate(
                            "NicBacking", "the DHCP range needs a start and an end address"
                        )
                    )
                start = parse_address(
                    start_text, QCoreApplication.translate("NicBacking", "DHCP range start")
                )
                end = parse_address(
                    end_text, QCoreApplication.translate("NicBacking", "DHCP range end")
                )
        return NetworkSpec(
            name=self.name_edit.text(),
            mode=self.mode,
            subnet=subnet,
            host_address=host,
            dhcp_start=start,
            dhcp_end=end,
            autostart=self.autostart_check.isChecked(),
        )

    # ------------------------------------------------------------ reacting

    def _on_choice(self, *_args: object) -> None:
        self.create_box.setVisible(self.creating())
        self.changed.emit()

    def _on_subnet(self, *_args: object) -> None:
        if not self._dhcp_touched:
            self._fill_dhcp()
        self.changed.emit()

    def _on_dhcp_toggled(self, on: bool) -> None:
        self.dhcp_start_edit.setEnabled(on)
        self.dhcp_end_edit.setEnabled(on)
        self.changed.emit()

    def _on_dhcp_edited(self, *_args: object) -> None:
        self._dhcp_touched = True
        self.changed.emit()

    def _fill_dhcp(self) -> None:
        """The default range of the subnet as typed so far (left alone once edited)."""
        try:
            subnet, host = parse_subnet(self.subnet_edit.text())
        except BadInput:
            return
        dhcp = default_dhcp_range(subnet, host)
        self.dhcp_start_edit.setText(str(dhcp[0]) if dhcp else "")
        self.dhcp_end_edit.setText(str(dhcp[1]) if dhcp else "")


class HostOrNetworkBackingPage(BackingPage):
    """One combo: objects of the host (bridges, devices), then this mode's networks.

    Each entry's data is ``_item(kind, name)``: ``host_kind`` for a host object,
    ``"network"`` for a network. The combo is ``<host_kind>Combo`` and the label
    saying why the mode is unavailable ``<host_kind>Unavailable``; subclasses lay
    both out and say how a host object becomes a source.
    """

    reason_label: QLabel

    def __init__(
        self,
        mode: NetworkMode,
        networks: Mapping[str, NetworkSnapshot],
        host_kind: str,
        host_names: Sequence[str],
        host_label: str,
        parent: QWidget | None = None,
    ) -> None:
        """``host_label`` is the translated entry text of a host object, ``%1`` its name."""
        super().__init__(mode, parent)
        self._host_kind = host_kind
        self._host_label = host_label
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"{host_kind}Combo")
        for name in sorted(host_names):
            self._add_host_item(name)
        for network in networks_of_mode(networks, mode):
            self.combo.addItem(
                safe_line(
                    QCoreApplication.translate("NicBacking", "%1 — network").replace(
                        "%1", network_label(network)
                    )
                ),
                _item("network", network.name),
            )

    def _make_reason_label(self) -> QLabel:
        """The note saying why nothing can be chosen, shown only while the combo is empty."""
        self.reason_label = _note(self.unavailable_reason(), self, f"{self._host_kind}Unavailable")
        self.reason_label.setVisible(self.combo.count() == 0)
        return self.reason_label

    def _add_host_item(self, name: str) -> None:
        self.combo.addItem(
            safe_line(self._host_label.replace("%1", name)), _item(self._host_kind, name)
        )

    def _choice(self) -> tuple[str, str]:
        return _split_item(self.combo.currentData())

    def _host_name(self, source: NicSource) -> str:
        """The host object ``source`` names ("" for none)."""
        raise NotImplementedError

    def _host_source(self, name: str) -> NicSource:
        """The source for the host object ``name``."""
        raise NotImplementedError

    def network_name(self) -> str:
        kind, name = self._choice()
        return name if kind == "network" else ""

    def source(self) -> NicSource:
        kind, name = self._choice()
        if kind == "network":
            return NicSource(self.mode, network=name)
        return self._host_source(name)

    def show_source(self, source: NicSource) -> None:
        host = self._host_name(source)
        wanted = (
            _item("network", source.network) if source.network else _item(self._host_kind, host)
        )
        position = self.combo.findData(wanted)
        if position < 0 and host:
            # A host object the host listing missed (e.g. a remote host): keep it choosable.
            self._add_host_item(host)
            position = self.combo.count() - 1
            self.combo.setVisible(True)
            self.reason_label.hide()
        if position >= 0:
            self.combo.setCurrentIndex(position)


class BridgedBackingPage(HostOrNetworkBackingPage):
    """Host bridges and bridge-mode networks (guests join a host bridge either way)."""

    def __init__(
        self,
        networks: Mapping[str, NetworkSnapshot],
        bridges: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            NetworkMode.BRIDGED,
            networks,
            "bridge",
            bridges,
            QCoreApplication.translate("NicBacking", "%1 — host bridge"),
            parent,
        )
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(QCoreApplication.translate("NicBacking", "Connect to:"), self.combo)
        self.combo.setVisible(self.combo.count() > 0)
        layout.addRow(self._make_reason_label())
        self.combo.currentIndexChanged.connect(self.changed)

    def unavailable_reason(self) -> str:
        if self.combo.count():
            return ""
        return QCoreApplication.translate(
            "NicBacking",
            "There is no host bridge and no bridge-mode network on this connection. "
            "Create a bridge on the host (for example br0 over the wired NIC) first.",
        )

    def _host_name(self, source: NicSource) -> str:
        return source.bridge

    def _host_source(self, name: str) -> NicSource:
        return NicSource(self.mode, bridge=name)


class MacvtapBackingPage(HostOrNetworkBackingPage):
    """A host device (and macvtap mode) or a macvtap network; the host cannot reach the VM."""

    def __init__(
        self,
        networks: Mapping[str, NetworkSnapshot],
        devices: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            NetworkMode.MACVTAP,
            networks,
            "device",
            devices,
            QCoreApplication.translate("NicBacking", "%1 — host device"),
            parent,
        )
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(QCoreApplication.translate("NicBacking", "Host device:"), self.combo)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("macvtapModeCombo")
        descriptions = {
            "bridge": QCoreApplication.translate(
                "NicBacking", "bridge — VMs on the same device see each other"
            ),
            "vepa": QCoreApplication.translate(
                "NicBacking", "vepa — all traffic goes through the external switch"
            ),
            "private": QCoreApplication.translate(
                "NicBacking", "private — VMs never see each other"
            ),
            "passthrough": QCoreApplication.translate(
                "NicBacking", "passthrough — the VM owns the device"
            ),
        }
        for mode in MACVTAP_MODES:
            self.mode_combo.addItem(safe_line(descriptions.get(mode, mode)), mode)
        layout.addRow(QCoreApplication.translate("NicBacking", "macvtap mode:"), self.mode_combo)
        layout.addRow(self._make_reason_label())
        self.host_note = _note(
            QCoreApplication.translate(
                "NicBacking",
                "The host and this VM cannot talk to each other over macvtap: traffic "
                "leaves through the device without passing the host's own network stack.",
            ),
            self,
            "macvtapHostNote",
        )
        layout.addRow(self.host_note)
        self.combo.currentIndexChanged.connect(self._on_choice)
        self.mode_combo.currentIndexChanged.connect(self.changed)
        self._on_choice()

    def unavailable_reason(self) -> str:
        if self.combo.count():
            return ""
        return QCoreApplication.translate(
            "NicBacking",
            "No host network device or macvtap network was found to attach macvtap to.",
        )

    def _on_choice(self, *_args: object) -> None:
        # A macvtap network sets the mode itself.
        self.mode_combo.setEnabled(self._choice()[0] == "device")
        self.changed.emit()

    def _host_name(self, source: NicSource) -> str:
        return source.device

    def _host_source(self, name: str) -> NicSource:
        return NicSource(self.mode, device=name, macvtap_mode=str(self.mode_combo.currentData()))

    def show_source(self, source: NicSource) -> None:
        super().show_source(source)
        mode_position = self.mode_combo.findData(source.macvtap_mode)
        if mode_position >= 0:
            self.mode_combo.setCurrentIndex(mode_position)


class UserBackingPage(BackingPage):
    """QEMU's user-mode stack: built-in slirp or passt."""

    def __init__(self, session_connection: bool, parent: QWidget | None = None) -> None:
        super().__init__(NetworkMode.USER, parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.backend_combo = QComboBox(self)
        self.backend_combo.setObjectName("backendCombo")
        self.backend_combo.addItem(
            QCoreApplication.translate("NicBacking", "Default (QEMU's built-in slirp)"), ""
        )
        self.backend_combo.addItem(QCoreApplication.translate("NicBacking", "passt"), "passt")
        self.backend_combo.setItemData(
            1,
            safe_tooltip(
                QCoreApplication.translate(
                    "NicBacking",
                    "Faster, with IPv6 and port forwards; needs passt on the host and libvirt 9.2 "
                    "or later",
                )
            ),
            Qt.ItemDataRole.ToolTipRole,
        )
        layout.addRow(QCoreApplication.translate("NicBacking", "Backend:"), self.backend_combo)
        if session_connection:
            text = QCoreApplication.translate(
                "NicBacking",
                "The VM reaches out through the host's own connections; nothing reaches "
                "the VM without a port forward. This is the natural choice for a user "
                "session: it needs no root.",
            )
        else:
            text = QCoreApplication.translate(
                "NicBacking",
                "The VM reaches out through the host's own connections; nothing reaches "
                "the VM without a port forward.",
            )
        layout.addRow(_note(text, self))
        self.backend_combo.currentIndexChanged.connect(self.changed)

    def source(self) -> NicSource:
        return NicSource(self.mode, backend=str(self.backend_combo.currentData()))

    def show_source(self, source: NicSource) -> None:
        position = self.backend_combo.findData(source.backend)
        if position >= 0:
            self.backend_combo.setCurrentIndex(position)


class UnpluggedPage(BackingPage):
    """Not attached: the NIC stays in the VM with its link down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(NetworkMode.NONE, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            _note(
                QCoreApplication.translate(
                    "NicBacking",
                    "The NIC stays in the VM and its link goes down, like an unplugged "
                    "cable. What it was connected to is kept: choose a mode again to plug "
                    "it back in.",
                ),
                self,
                "unpluggedNote",
            )
        )
        layout.addStretch(1)
