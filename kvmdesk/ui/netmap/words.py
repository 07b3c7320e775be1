"""What the map writes in and beside its boxes, through Qt's translator."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.netmap.graph import Kind, Node
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.labels import domain_state_label, network_mode_label
from kvmdesk.models.text import safe_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkMap", text)


def column_title(kind: Kind) -> str:
    """The heading over a column (keyed by its first kind)."""
    return {
        Kind.VM: _tr("Virtual machines"),
        Kind.NIC: _tr("NICs"),
        Kind.NETWORK: _tr("Networks"),
        Kind.BRIDGE: _tr("Host bridges"),
        Kind.VLAN: _tr("VLANs"),
        Kind.BOND: _tr("Bonds"),
        Kind.PORT: _tr("Host ports"),
    }.get(kind, "")


def title(node: Node) -> str:
    """The first line of a node's box (a name, shown as plain characters)."""
    if node.kind is Kind.USER:
        return _tr("User-mode networking")
    if node.kind is Kind.MACVTAP:
        return _tr("macvtap · %1").replace("%1", safe_line(node.name))
    if node.kind is Kind.NIC:
        return safe_line(f"{node.detail} · {node.name}" if node.detail else node.name)
    return safe_line(node.name)


def subtitle(node: Node) -> str:
    """The second line: what the node is and its state."""
    if node.kind is Kind.NIC:
        return ""
    if node.kind is Kind.VM:
        try:
            return domain_state_label(DomainState(node.detail))
        except ValueError:
            return ""
    if not node.known:
        return _tr("not listed by the host")
    what = {
        Kind.NETWORK: network_mode_label(node.mode or NetworkMode.OTHER),
        Kind.MACVTAP: network_mode_label(NetworkMode.MACVTAP),
        Kind.USER: network_mode_label(NetworkMode.USER),
        Kind.BRIDGE: _tr("bridge"),
        Kind.VLAN: _tr("VLAN"),
        Kind.BOND: _tr("bond · %1").replace("%1", safe_line(node.detail))
        if node.detail
        else _tr("bond"),
        Kind.PORT: _tr("port"),
    }[node.kind]
    if not node.active:
        if node.kind is Kind.NETWORK:
            return _tr("%1 · inactive").replace("%1", what)
        return _tr("%1 · down").replace("%1", what)
    return what


def tooltip(node: Node) -> str:
    """Plain text for the box's tooltip (the caller passes it through safe_tooltip)."""
    lines = [node.name if node.kind not in (Kind.USER,) else title(node)]
    second = subtitle(node)
    if node.kind is Kind.NIC:
        lines = [
            _tr("NIC %1").replace("%1", node.name),
            _tr("Model: %1").replace("%1", node.detail or "—"),
            network_mode_label(node.mode or NetworkMode.OTHER),
            _tr("Click to edit this NIC"),
        ]
    elif second:
        lines.append(second)
    if node.kind is Kind.NETWORK and node.known:
        lines.append(_tr("Click to edit this network"))
    if node.kind is Kind.BOND:
        lines.append(_tr("Click to edit this bond"))
    return "\n".join(lines)


def group_title(node: Node | None, count: int) -> str:
    name = title(node) if node is not None else _tr("No NIC")
    return QCoreApplication.translate("NetworkMap", "%1 — %n VM(s)", "", count).replace("%1", name)
