"""The network map's graph: VMs → NICs → networks → bridges → VLANs → bonds → ports.

:func:`build_graph` turns what a session already holds (domain and network
snapshots) and what a host-network backend lists (host interfaces) into a
:class:`NetGraph` of plain values, with no text meant for people: a node carries
the raw name and its kind, the UI words it. Node ids are stable across rebuilds
(``vm:<uuid>``, ``nic:<uuid>/<n>``, ``net:<name>``, ``if:<name>`` …), so a view can
match the new graph against what it drew and change only what differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from kvmdesk.core.hostnet.model import HostInterface
from kvmdesk.core.nic.mode import nic_mode
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot


class Kind(IntEnum):
    """What a node stands for; :attr:`layer` is its column, left to right."""

    VM = 0
    NIC = 1
    NETWORK = 2
    MACVTAP = 3
    USER = 4
    BRIDGE = 5
    VLAN = 6
    BOND = 7
    PORT = 8

    @property
    def layer(self) -> int:
        return _LAYERS[self]


_LAYERS = {
    Kind.VM: 0,
    Kind.NIC: 1,
    Kind.NETWORK: 2,
    Kind.MACVTAP: 2,
    Kind.USER: 2,
    Kind.BRIDGE: 3,
    Kind.VLAN: 4,
    Kind.BOND: 5,
    Kind.PORT: 6,
}

# The order of the columns' groups: the modes people reach for first on top.
MODE_ORDER: tuple[NetworkMode, ...] = (
    NetworkMode.NAT,
    NetworkMode.BRIDGED,
    NetworkMode.MACVTAP,
    NetworkMode.ROUTED,
    NetworkMode.OPEN,
    NetworkMode.HOST_ONLY,
    NetworkMode.INTERNAL,
    NetworkMode.USER,
    NetworkMode.OTHER,
    NetworkMode.NONE,
)

_HOST_KINDS = {"ethernet": Kind.PORT, "bridge": Kind.BRIDGE, "bond": Kind.BOND, "vlan": Kind.VLAN}


@dataclass(frozen=True, slots=True)
class Node:
    """One box of the map.

    ``name`` is the raw name (a domain's, a network's, an interface's; a NIC's
    MAC); ``detail`` a second raw value (a VM's state, a NIC's model, a bond's mode).
    ``mode`` is the network mode it carries (None for VMs and host interfaces that
    carry several); ``active`` whether it runs (a running VM, an active network, an
    interface that is up). ``uuid`` / ``mac`` say which domain and NIC a VM or NIC
    node is, for opening their editors.
    """

    id: str
    kind: Kind
    name: str
    mode: NetworkMode | None = None
    active: bool = True
    detail: str = ""
    uuid: str = ""
    mac: str = ""
    known: bool = True  # False: named by a NIC or network but not listed by the host


@dataclass(frozen=True, slots=True)
class Edge:
    """A link from ``source`` (left) to ``target`` (right).

    ``up`` is the link state (a NIC's ``<link state>``, both host interfaces up);
    ``live`` whether traffic can pass now (the network it leads to is active).
    """

    source: str
    target: str
    mode: NetworkMode | None = None
    up: bool = True
    live: bool = True

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


@dataclass(frozen=True, slots=True)
class NetGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}


def vm_id(uuid: str) -> str:
    return f"vm:{uuid}"


def nic_id(uuid: str, index: int) -> str:
    return f"nic:{uuid}/{index}"


def network_id(name: str) -> str:
    return f"net:{name}"


def interface_id(name: str) -> str:
    return f"if:{name}"


def macvtap_id(device: str) -> str:
    return f"macvtap:{device}"


USER_ID = "user"


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def add(self, node: Node) -> str:
        self.nodes.setdefault(node.id, node)
        return node.id

    def link(self, edge: Edge) -> None:
        if edge.source != edge.target:
            self.edges.setdefault(edge.key, edge)

    def interface(self, name: str, kind: Kind) -> str:
        """A host interface named by a NIC or network; listed ones are added first."""
        return self.add(Node(interface_id(name), kind, name, known=False))


def _attached_mode(nic: NicSnapshot, networks: Mapping[str, NetworkSnapshot]) -> NetworkMode:
    """The mode the NIC is wired for, whatever its link state (a down link is drawn dashed)."""
    return nic_mode(dataclasses.replace(nic, link_up=True), networks)


def build_graph(
    domains: Iterable[DomainSnapshot],
    networks: Mapping[str, NetworkSnapshot],
    interfaces: Iterable[HostInterface] = (),
) -> NetGraph:
    """The map of one connection. Loopback interfaces are left out."""
    builder = _Builder()
    listed = [i for i in interfaces if i.name != "lo"]
    for interface in listed:
        builder.add(
            Node(
                interface_id(interface.name),
                _HOST_KINDS.get(interface.kind, Kind.PORT),
                interface.name,
                active=interface.active,
                detail=str(interface.bond.mode) if interface.bond is not None else "",
            )
        )
    state = {i.name: i.active for i in listed}
    for interface in listed:
        here = interface_id(interface.name)
        if interface.controller:
            controller = builder.interface(interface.controller, Kind.BRIDGE)
            up = interface.active and state.get(interface.controller, True)
            builder.link(Edge(controller, here, up=up))
        for port in interface.ports:
            target = builder.interface(port, Kind.PORT)
            builder.link(Edge(here, target, up=interface.active and state.get(port, True)))
        if interface.vlan_parent:
            parent = builder.interface(interface.vlan_parent, Kind.PORT)
            up = interface.active and state.get(interface.vlan_parent, True)
            builder.link(Edge(here, parent, up=up))
    for network in sorted(networks.values(), key=lambda n: n.name):
        here = builder.add(
            Node(network_id(network.name), Kind.NETWORK, network.name, network.mode, network.active)
        )
        if network.mode is NetworkMode.BRIDGED and network.bridge:
            target = builder.interface(network.bridge, Kind.BRIDGE)
            builder.link(Edge(here, target, network.mode, live=network.active))
        for device in network.forward_devices:
            target = builder.interface(device, Kind.PORT)
            builder.link(Edge(here, target, network.mode, live=network.active))
    for domain in sorted(domains, key=lambda d: (d.name, d.uuid)):
        vm = builder.add(
            Node(
                vm_id(domain.uuid),
                Kind.VM,
                domain.name,
                None,
                domain.state.is_active,
                detail=str(domain.state),
                uuid=domain.uuid,
            )
        )
        for index, nic in enumerate(domain.nics):
            mode = _attached_mode(nic, networks)
            here = builder.add(
                Node(
                    nic_id(domain.uuid, index),
                    Kind.NIC,
                    nic.mac,
                    mode,
                    domain.state.is_active,
                    detail=nic.model,
                    uuid=domain.uuid,
                    mac=nic.mac,
                )
            )
            builder.link(Edge(vm, here, mode, up=nic.link_up, live=domain.state.is_active))
            leads_to = _nic_target(builder, nic, mode, networks)
            if leads_to is not None:
                live = builder.nodes[leads_to].active
                builder.link(Edge(here, leads_to, mode, up=nic.link_up, live=live))
    return NetGraph(tuple(builder.nodes.values()), tuple(builder.edges.values()))


def _nic_target(
    builder: _Builder, nic: NicSnapshot, mode: NetworkMode, networks: Mapping[str, NetworkSnapshot]
) -> str | None:
    if nic.type == "network" and nic.source:
        if nic.source not in networks:  # named but gone (or not listed yet)
            return builder.add(
                Node(
                    network_id(nic.source),
                    Kind.NETWORK,
                    nic.source,
                    NetworkMode.OTHER,
                    False,
                    known=False,
                )
            )
        return network_id(nic.source)
    if nic.type == "bridge" and nic.source:
        return builder.interface(nic.source, Kind.BRIDGE)
    if nic.type == "direct" and nic.source:
        here = builder.add(
            Node(macvtap_id(nic.source), Kind.MACVTAP, nic.source, NetworkMode.MACVTAP)
        )
        device = builder.interface(nic.source, Kind.PORT)
        builder.link(Edge(here, device, NetworkMode.MACVTAP, up=builder.nodes[device].active))
        return here
    if mode is NetworkMode.USER:
        return builder.add(Node(USER_ID, Kind.USER, "", NetworkMode.USER))
    return None
