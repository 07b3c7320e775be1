"""The host's interfaces as a tree: bonds and bridges with their ports, VLANs on their parents.

Rows are :class:`~kvmdesk.core.hostnet.model.HostInterface` snapshots a backend
listed. A port sits under its controller (so a bond under a bridge shows its own
ports below it), a VLAN under its parent interface, everything else at the top.
Each index's internal id is its node's number in a flat list, so indexes carry no
Python pointers.

A refresh that keeps the tree's shape (same names in the same places) only swaps
snapshots and emits ``dataChanged`` for the rows that differ; one that changes the
shape (a bond created, a bridge deleted) resets the model — a host has tens of
interfaces and such changes come one confirmed apply at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, auto
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QObject, Qt

from kvmdesk.core.hostnet.model import BondInfo, BridgeSpec, HostInterface
from kvmdesk.core.types.translation import arg
from kvmdesk.models.common import DECORATION, DISPLAY, TOOLTIP, AnyIndex, ItemRole, header_label
from kvmdesk.models.interface_icons import interface_kind_icon
from kvmdesk.models.text import safe_role


class InterfaceColumn(IntEnum):
    NAME = 0
    KIND = 1
    STATE = 2
    MAC = 3
    MTU = 4
    IPV4 = 5
    IPV6 = 6
    DETAILS = 7


class InterfaceRole(ItemRole):
    INTERFACE = auto()  # the HostInterface snapshot
    NAME = auto()
    KIND = auto()


@dataclass(slots=True)
class _Node:
    interface: HostInterface
    parent: int  # node number of the parent row, -1 at the top
    row: int
    children: list[int] = field(default_factory=list)


def _parent_name(interface: HostInterface, names: set[str]) -> str:
    if interface.controller and interface.controller in names:
        return interface.controller
    if interface.kind == "vlan" and interface.vlan_parent in names:
        return interface.vlan_parent
    return ""


def _tree(interfaces: Sequence[HostInterface]) -> list[_Node]:
    """Nodes in depth-first order; a parent chain that loops is cut at the top."""
    by_name = {i.name: i for i in interfaces}
    names = set(by_name)
    parents: dict[str, str] = {}
    for interface in interfaces:
        parent = _parent_name(interface, names)
        seen = {interface.name}
        walker = parent
        while walker and walker not in seen:
            seen.add(walker)
            walker = _parent_name(by_name[walker], names)
        parents[interface.name] = "" if walker else parent  # walker set: a loop
    children: dict[str, list[str]] = {}
    for interface in sorted(interfaces, key=lambda i: i.name):
        children.setdefault(parents[interface.name], []).append(interface.name)
    for parent, kids in children.items():
        if parent:
            ports = by_name[parent].ports
            order = {port: position for position, port in enumerate(ports)}
            # Ports in the controller's order (libvirt's first port is the primary),
            # then VLANs by name.
            kids.sort(key=lambda name: (order.get(name, len(ports)), name))
    nodes: list[_Node] = []

    def add(name: str, parent: int, row: int) -> None:
        number = len(nodes)
        nodes.append(_Node(by_name[name], parent, row))
        if parent >= 0:
            nodes[parent].children.append(number)
        for child_row, child in enumerate(children.get(name, [])):
            add(child, number, child_row)

    for row, name in enumerate(children.get("", [])):
        add(name, -1, row)
    return nodes


def _shape(nodes: Sequence[_Node]) -> list[tuple[str, int, int]]:
    return [(node.interface.name, node.parent, node.row) for node in nodes]


def bond_details(bond: BondInfo) -> str:
    """``1 active-backup · primary eth2 · MII 100 ms`` — mode, primary, link monitoring."""
    parts = [bond.mode.label]
    if bond.primary:
        parts.append(
            QCoreApplication.translate("HostInterfaceTreeModel", "primary %1").replace(
                "%1", bond.primary
            )
        )
    if bond.mii is not None:
        mii = bond.mii
        if mii.updelay_ms or mii.downdelay_ms:
            text = QCoreApplication.translate(
                "HostInterfaceTreeModel", "MII %1 ms (up %2, down %3)"
            )
        else:
            text = QCoreApplication.translate("HostInterfaceTreeModel", "MII %1 ms")
        parts.append(arg(text, mii.interval_ms, mii.updelay_ms, mii.downdelay_ms))
    if bond.arp is not None:
        targets = ", ".join(str(t) for t in bond.arp.targets)
        text = QCoreApplication.translate("HostInterfaceTreeModel", "ARP %1 ms → %2")
        parts.append(arg(text, bond.arp.interval_ms, targets))
    if bond.lacp_rate:
        parts.append(
            QCoreApplication.translate("HostInterfaceTreeModel", "LACP %1").replace(
                "%1", bond.lacp_rate
            )
        )
    if bond.xmit_hash_policy:
        text = QCoreApplication.translate("HostInterfaceTreeModel", "hash %1")
        parts.append(text.replace("%1", bond.xmit_hash_policy))
    return " · ".join(parts)


class HostInterfaceTreeModel(QAbstractItemModel):
    """Host interfaces by name, ports under their bond or bridge, VLANs under their parent."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._headers = (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("State"),
            self.tr("MAC"),
            self.tr("MTU"),
            self.tr("IPv4"),
            self.tr("IPv6"),
            self.tr("Details"),
        )

    # ---------------------------------------------------------- structure

    def _node(self, index: AnyIndex) -> _Node | None:
        if not index.isValid():
            return None
        number = index.internalId()
        return self._nodes[number] if 0 <= number < len(self._nodes) else None

    def _kids(self, parent: AnyIndex) -> list[int]:
        if not parent.isValid():
            return self._top
        node = self._node(parent)
        return node.children if node is not None and parent.column() == 0 else []

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(InterfaceColumn) or row < 0:
            return QModelIndex()
        kids = self._kids(parent)
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._kids(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(InterfaceColumn)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not node.children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        return header_label(self._headers, section, orientation, role)

    # --------------------------------------------------------------- data

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        node = self._node(index)
        if node is None:
            return None
        interface = node.interface
        if role == InterfaceRole.INTERFACE:
            return interface
        if role == InterfaceRole.NAME:
            return interface.name
        if role == InterfaceRole.KIND:
            return interface.kind
        column = InterfaceColumn(index.column())
        if role == DISPLAY:
            return self._display(interface, column)
        if role == DECORATION and column is InterfaceColumn.NAME:
            return interface_kind_icon(interface.kind)
        if role == TOOLTIP:
            return self._tooltip(interface)
        return None

    def kind_label(self, interface: HostInterface) -> str:
        labels = {
            "ethernet": self.tr("Ethernet"),
            "bridge": self.tr("Bridge"),
            "bond": self.tr("Bond"),
            "vlan": self.tr("VLAN"),
        }
        return labels.get(interface.kind, self.tr("Other"))

    def _display(self, interface: HostInterface, column: InterfaceColumn) -> str:
        if column is InterfaceColumn.NAME:
            return interface.name
        if column is InterfaceColumn.KIND:
            return self.kind_label(interface)
        if column is InterfaceColumn.STATE:
            return self.tr("up") if interface.active else self.tr("down")
        if column is InterfaceColumn.MAC:
            return interface.mac
        if column is InterfaceColumn.MTU:
            return str(interface.mtu) if interface.mtu is not None else ""
        if column is InterfaceColumn.IPV4:
            return ", ".join(interface.ipv4)
        if column is InterfaceColumn.IPV6:
            return ", ".join(interface.ipv6)
        return self.details(interface)

    def details(self, interface: HostInterface) -> str:
        """The Details column: bond mode and monitoring, bridge STP, VLAN id, port of what."""
        if interface.bond is not None:
            return bond_details(interface.bond)
        if interface.kind == "bridge" and isinstance(interface.definition, BridgeSpec):
            bridge = interface.definition
            stp = self.tr("STP on") if bridge.stp else self.tr("STP off")
            if bridge.delay:
                return f"{stp} · " + self.tr("delay %1 s").replace("%1", f"{bridge.delay:g}")
            return stp
        if interface.kind == "vlan" and interface.vlan_id is not None:
            return (
                self.tr("VLAN %1 on %2")
                .replace("%1", str(interface.vlan_id))
                .replace("%2", interface.vlan_parent)
            )
        if interface.controller:
            return self.tr("port of %1").replace("%1", interface.controller)
        return ""

    def _tooltip(self, interface: HostInterface) -> str:
        lines = [f"{interface.name} ({self.kind_label(interface)})"]
        if interface.ports:
            lines.append(self.tr("Ports: %1").replace("%1", ", ".join(interface.ports)))
        details = self.details(interface)
        if details:
            lines.append(details)
        lines.extend(interface.ipv4)
        lines.extend(interface.ipv6)
        if not interface.defined:
            lines.append(self.tr("Not configured persistently"))
        return "\n".join(lines)

    # ------------------------------------------------------------ updates

    def set_interfaces(self, interfaces: Sequence[HostInterface]) -> None:
        """Show ``interfaces``; see the module docstring for what is emitted."""
        nodes = _tree(interfaces)
        if _shape(nodes) != _shape(self._nodes):
            self.beginResetModel()
            self._nodes = nodes
            self._top = [n for n, node in enumerate(nodes) if node.parent < 0]
            self.endResetModel()
            return
        last = len(InterfaceColumn) - 1
        for number, node in enumerate(nodes):
            old = self._nodes[number]
            if old.interface == node.interface:
                continue
            old.interface = node.interface
            self.dataChanged.emit(
                self.createIndex(old.row, 0, number),
                self.createIndex(old.row, last, number),
                [DISPLAY, DECORATION, TOOLTIP, int(InterfaceRole.INTERFACE)],
            )

    def interfaces(self) -> list[HostInterface]:
        """The snapshots shown, in tree order."""
        return [node.interface for node in self._nodes]

    def index_of(self, name: str) -> QModelIndex:
        for number, node in enumerate(self._nodes):
            if node.interface.name == name:
                return self.createIndex(node.row, 0, number)
        return QModelIndex()
