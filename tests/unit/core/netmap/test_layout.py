"""The network map's graph and layout: every node placed, no overlaps, grouped, stable."""

from __future__ import annotations

import itertools
import random

from kvmdesk.core.hostnet.model import BondInfo, BondMode, HostInterface
from kvmdesk.core.netmap.graph import (
    USER_ID,
    Kind,
    NetGraph,
    Node,
    build_graph,
    interface_id,
    macvtap_id,
    network_id,
    nic_id,
    vm_id,
)
from kvmdesk.core.netmap.layout import MapLayout, layout_graph
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState

NETWORKS = {
    "nat-lan": NetworkSnapshot("test:///x", "nat-lan", "u1", NetworkMode.NAT, "virbr10", True),
    "lab": NetworkSnapshot("test:///x", "lab", "u2", NetworkMode.HOST_ONLY, "virbr11", False),
    "cluster": NetworkSnapshot("test:///x", "cluster", "u3", NetworkMode.INTERNAL, "virbr12", True),
    "bridged": NetworkSnapshot("test:///x", "bridged", "u4", NetworkMode.BRIDGED, "br0", True),
}
INTERFACES = (
    HostInterface("lo", "ethernet", active=True),
    HostInterface("eth0", "ethernet", active=True, controller="br0"),
    HostInterface("eth1", "ethernet", active=True),
    HostInterface("eth2", "ethernet", active=False, controller="bond0"),
    HostInterface("eth3", "ethernet", active=True, controller="bond0"),
    HostInterface("br0", "bridge", active=True, ports=("eth0",)),
    HostInterface("br100", "bridge", active=True, ports=("bond0.100",)),
    HostInterface("bond0.100", "vlan", active=True, vlan_parent="bond0", vlan_id=100),
    HostInterface(
        "bond0", "bond", active=True, ports=("eth2", "eth3"), bond=BondInfo(BondMode.ACTIVE_BACKUP)
    ),
)


def nic(mac: str, type_: str = "network", source: str = "nat-lan", up: bool = True) -> NicSnapshot:
    return NicSnapshot(mac, "virtio", type_, source, link_up=up)


def domain(name: str, *nics: NicSnapshot, running: bool = True) -> DomainSnapshot:
    state = DomainState.RUNNING if running else DomainState.SHUTOFF
    return DomainSnapshot("test:///x", f"uuid-{name}", name, state, 1, 1024, 1024, nics=nics)


def size_of(node: Node) -> tuple[float, float]:
    # Widths that vary with the name, as measured text would.
    if node.kind is Kind.NIC:
        return (120.0, 18.0)
    return (min(60.0 + 7.0 * len(node.name), 240.0), 30.0)


def assert_sound(graph: NetGraph, placed: MapLayout) -> None:
    assert set(placed.boxes) == {node.id for node in graph.nodes}
    for (a, box_a), (b, box_b) in itertools.combinations(placed.boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, box_a, b, box_b)
    for box in placed.boxes.values():
        assert box.x >= 0 and box.y >= 0
        assert box.right <= placed.width + 1e-6 and box.bottom <= placed.height + 1e-6
    for edge in graph.edges:  # left to right, one column at least
        assert placed.boxes[edge.source].right < placed.boxes[edge.target].x


def demo_like() -> list[DomainSnapshot]:
    return [
        domain("web", nic("52:54:00:00:00:01")),
        domain("db", nic("52:54:00:00:00:02"), nic("52:54:00:00:00:03", source="cluster")),
        domain("runner", nic("52:54:00:00:00:04", "bridge", "br0")),
        domain("cache", nic("52:54:00:00:00:05", source="bridged")),
        domain("mail", nic("52:54:00:00:00:06", "direct", "eth1")),
        domain("sandbox", nic("52:54:00:00:00:07", "user", ""), running=False),
        domain("router", nic("52:54:00:00:00:08", source="lab", up=False)),
        domain("bare"),
    ]


def test_edges_connect_each_layer_to_the_right_nodes() -> None:
    graph = build_graph(demo_like(), NETWORKS, INTERFACES)
    edges = {edge.key: edge for edge in graph.edges}
    nodes = graph.by_id()
    assert interface_id("lo") not in nodes
    assert (vm_id("uuid-db"), nic_id("uuid-db", 1)) in edges
    assert (nic_id("uuid-db", 1), network_id("cluster")) in edges
    assert (nic_id("uuid-runner", 0), interface_id("br0")) in edges
    assert (network_id("bridged"), interface_id("br0")) in edges
    assert (interface_id("br0"), interface_id("eth0")) in edges
    assert (nic_id("uuid-mail", 0), macvtap_id("eth1")) in edges
    assert (macvtap_id("eth1"), interface_id("eth1")) in edges
    assert (nic_id("uuid-sandbox", 0), USER_ID) in edges
    assert (interface_id("bond0"), interface_id("eth2")) in edges
    assert (interface_id("br100"), interface_id("bond0.100")) in edges
    assert (interface_id("bond0.100"), interface_id("bond0")) in edges
    assert edges[(interface_id("bond0"), interface_id("eth2"))].up is False
    assert edges[(interface_id("bond0"), interface_id("eth3"))].up is True
    # A NIC with its cable unplugged still leads to its network; the link is down.
    router = edges[(nic_id("uuid-router", 0), network_id("lab"))]
    assert router.up is False and router.live is False and router.mode is NetworkMode.HOST_ONLY
    assert nodes[network_id("lab")].active is False
    assert nodes[vm_id("uuid-sandbox")].active is False
    assert nodes[interface_id("bond0")].detail == "active-backup"
    assert nodes[nic_id("uuid-web", 0)].mode is NetworkMode.NAT
    # Every kind of node is there, in its column.
    assert {n.kind for n in graph.nodes} == set(Kind)


def test_a_network_named_by_a_nic_but_gone_is_shown_unknown() -> None:
    graph = build_graph([domain("lost", nic("52:54:00:00:00:09", source="gone"))], {}, ())
    node = graph.node(network_id("gone"))
    assert node.known is False and node.active is False and node.mode is NetworkMode.OTHER


def test_every_node_is_placed_without_overlap_left_to_right() -> None:
    graph = build_graph(demo_like(), NETWORKS, INTERFACES)
    assert_sound(graph, layout_graph(graph, size_of))


def test_vms_are_grouped_by_their_first_nic_network() -> None:
    graph = build_graph(demo_like(), NETWORKS, INTERFACES)
    placed = layout_graph(graph, size_of)
    groups = {group.node: group for group in placed.groups}
    assert groups[network_id("nat-lan")].vms == (vm_id("uuid-db"), vm_id("uuid-web"))
    assert groups[interface_id("br0")].vms == (vm_id("uuid-runner"),)
    assert groups[""].vms == (vm_id("uuid-bare"),)
    # Groups do not overlap and hold their VMs and NICs.
    for a, b in itertools.combinations(placed.groups, 2):
        assert not a.box.overlaps(b.box)
    for group in placed.groups:
        for vm in group.vms:
            box = placed.boxes[vm]
            assert group.box.y <= box.y and box.bottom <= group.box.bottom
            assert box.y >= group.header.bottom


def two_hundred(seed: int = 7) -> tuple[list[DomainSnapshot], dict[str, NetworkSnapshot]]:
    chooser = random.Random(seed)
    networks = {
        f"net-{i:02}": NetworkSnapshot(
            "test:///x", f"net-{i:02}", f"n{i}", list(NetworkMode)[i % 4], f"virbr{i}", i % 5 != 0
        )
        for i in range(12)
    }
    domains = []
    for i in range(200):
        count = chooser.choice((1, 1, 2, 3))
        nics = tuple(
            nic(f"52:54:00:01:{i:02x}:{n:02x}", source=chooser.choice(sorted(networks)))
            for n in range(count)
        )
        domains.append(domain(f"vm-{i:03}", *nics, running=chooser.random() < 0.6))
    return domains, networks


def test_two_hundred_vms_are_grouped_per_network_without_overlap() -> None:
    domains, networks = two_hundred()
    graph = build_graph(domains, networks, INTERFACES)
    placed = layout_graph(graph, size_of)
    assert_sound(graph, placed)
    members = [vm for group in placed.groups for vm in group.vms]
    assert sorted(members) == sorted(vm_id(d.uuid) for d in domains)
    first = {vm_id(d.uuid): network_id(d.nics[0].source) for d in domains}
    for group in placed.groups:
        assert {first[vm] for vm in group.vms} == {group.node}
        tops = [placed.boxes[vm].y for vm in group.vms]
        assert tops == sorted(tops)
    # A network sits beside the VMs that use it: within the span of its NICs.
    for name in networks:
        fed = [e.source for e in graph.edges if e.target == network_id(name)]
        if fed:
            box = placed.boxes[network_id(name)]
            lowest = min(placed.boxes[n].y for n in fed)
            assert box.y >= lowest - box.height


def test_layout_is_deterministic_whatever_the_input_order() -> None:
    domains, networks = two_hundred()
    first = layout_graph(build_graph(domains, networks, INTERFACES), size_of)
    shuffled = list(domains)
    random.Random(1).shuffle(shuffled)
    again = layout_graph(build_graph(shuffled, networks, tuple(reversed(INTERFACES))), size_of)
    assert first == again


def test_an_empty_connection_has_an_empty_map() -> None:
    placed = layout_graph(build_graph([], {}, ()), size_of)
    assert placed.boxes == {} and placed.groups == () and placed.width == 0
