"""What the map writes in and beside its boxes, through Qt's translator."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.netmap.graph import Kind, Node
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.labels import domain_state_label, network_mode_label
from kvmdesk.models.text import safe_line


def column_title(kind: Kind) -> str:
    """The heading over a column (keyed by its first kind)."""
    return {
        Kind.VM: QCoreApplication.translate("NetworkMap", "Virtual machines"),
        Kind.NIC: QCoreApplication.translate("NetworkMap", "NICs"),
        Kind.NETWORK: QCoreApplication.translate("NetworkMap", "Networks"),
        Kind.BRIDGE: QCoreApplication.translate("NetworkMap", "Host bridges"),
        Kind.VLAN: QCoreApplication.translate("NetworkMap", "VLANs"),
        Kind.BOND: QCoreApplication.translate("NetworkMap", "Bonds"),
        Kind.PORT: QCoreApplication.translate("NetworkMap", "Host ports"),
    }.get(kind, "")


def title(node: Node) -> str:
    """The first line of a node's box (a name, shown as plain characters)."""
    if node.kind is Kind.USER:
        return QCoreApplication.translate("NetworkMap", "User-mode networking")
    if node.kind is Kind.MACVTAP:
        return QCoreApplication.translate("NetworkMap", "macvtap · %1").replace(
            "%1", safe_line(node.name)
        )
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
        return QCoreApplication.translate("NetworkMap", "not listed by the host")
    what = {
        Kind.NETWORK: network_mode_label(node.mode or NetworkMode.OTHER),
        Kind.MACVTAP: network_mode_label(NetworkMode.MACVTAP),
        Kind.USER: network_mode_label(NetworkMode.USER),
        Kind.BRIDGE: QCoreApplication.translate("NetworkMap", "bridge"),
        Kind.VLAN: QCoreApplication.translate("NetworkMap", "VLAN"),
        Kind.BOND: QCoreApplication.translate("NetworkMap", "bond · %1").replace(
            "%1", safe_line(node.detail)
        )
        if node.detail
        else QCoreApplication.translate("NetworkMap", "bond"),
        Kind.PORT: QCoreApplication.translate("NetworkMap", "port"),
    }[node.kind]
    if not node.active:
        if node.kind is Kind.NETWORK:
            return QCoreApplication.translate("NetworkMap", "%1 · inactive").replace("%1", what)
        return QCoreApplication.translate("NetworkMap", "%1 · down").replace("%1", what)
    return what


def tooltip(node: Node) -> str:
    """Plain text for the box's tooltip (the caller passes it through safe_tooltip)."""
    lines = [node.name if node.kind not in (Kind.USER,) else title(node)]
    second = subtitle(node)
    if node.kind is Kind.NIC:
        lines = [
            QCoreApplication.translate("NetworkMap", "NIC %1").replace("%1", node.name),
            QCoreApplication.translate("NetworkMap", "Model: %1").replace("%1", node.detail or "—"),
            network_mode_label(node.mode or NetworkMode.OTHER),
            QCoreApplication.translate("NetworkMap", "Click to edit this NIC"),
        ]
    elif second:
        lines.append(second)
    if node.kind is Kind.NETWORK and node.known:
        lines.append(QCoreApplication.translate("NetworkMap", "Click to edit this network"))
    if node.kind is Kind.BOND:
        lines.append(QCoreApplication.translate("NetworkMap", "Click to edit this bond"))
    return "\n".join(lines)


def group_title(node: Node | None, count: int) -> str:
    name = title(node) if node is not None else QCoreApplication.translate("NetworkMap", "No NIC")
    return QCoreApplication.translate("NetworkMap", "%1 — %n VM(s)", "", count).replace("%1", name)
