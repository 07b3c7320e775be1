"""Networks are listed by name (case-insensitive, ties by exact name), not in libvirt's order."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from PySide6.QtCore import QModelIndex

from kvmdesk.app import Application
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.models.connection_model import ConnectionRole, ConnectionTreeModel
from kvmdesk.models.network_model import NetworkTableModel
from kvmdesk.ui.nic.backing import networks_of_mode
from tests.helpers.qt_async import AsyncRunner

URI = "test:///x"


def _network(name: str, mode: NetworkMode = NetworkMode.NAT) -> NetworkSnapshot:
    return NetworkSnapshot(connection=URI, name=name, uuid=f"uuid-{name}", mode=mode)


def _names(model: ConnectionTreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def test_tree_sorts_networks_at_load_and_inserts_new_ones_in_place(
    qapp: Any, qtmodeltester: Any
) -> None:
    model = ConnectionTreeModel()
    model.add_connection(URI, "X")
    qtmodeltester.check(model)
    parent = model.index(0, 0)
    model.upsert_networks(URI, [_network(n) for n in ("nat-lan", "Lab", "bridged", "lab")])
    assert _names(model, parent) == ["bridged", "Lab", "lab", "nat-lan"]

    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.upsert_networks(URI, [_network("iso"), _network("nat-lan", NetworkMode.ROUTED)])
    assert inserted == [(1, 1)]
    assert _names(model, parent) == ["bridged", "iso", "Lab", "lab", "nat-lan"]
    assert model.index(4, 0, parent).data(ConnectionRole.NETWORK).mode is NetworkMode.ROUTED
    model.upsert_networks(URI, [_network("a-first"), _network("zz-last")])
    assert _names(model, parent) == [
        "a-first",
        "bridged",
        "iso",
        "Lab",
        "lab",
        "nat-lan",
        "zz-last",
    ]

    model.remove_networks(URI, ["Lab", "iso"])
    assert _names(model, parent) == ["a-first", "bridged", "lab", "nat-lan", "zz-last"]
    qtmodeltester.check(model)


def test_the_same_networks_in_any_order_give_the_same_rows(qapp: Any) -> None:
    """libvirt's order differs between launches; the rows must not."""
    names = ["nat-lan", "Lab", "bridged", "lab", "Bridged"]
    expected = ["Bridged", "bridged", "Lab", "lab", "nat-lan"]
    for order in (names, list(reversed(names))):
        tree = ConnectionTreeModel()
        tree.add_connection(URI, "X")
        tree.upsert_networks(URI, [_network(n) for n in order])
        assert _names(tree, tree.index(0, 0)) == expected
        table = NetworkTableModel()
        table.set_networks({n: _network(n) for n in order}, [])
        assert [table.index(row, 0).data() for row in range(table.rowCount())] == expected
        by_name = {n: _network(n) for n in order}
        assert [n.name for n in networks_of_mode(by_name, NetworkMode.NAT)] == expected


def test_demo_tree_is_sorted_and_a_created_network_lands_in_place(
    demo_app: Application, runner: AsyncRunner, qtmodeltester: Any
) -> None:
    connections = demo_app.hub.connections
    qtmodeltester.check(connections)
    session = next(iter(demo_app.inventory.sessions.values()))
    parent = connections.connection_index(session.uri)
    assert _names(connections, parent) == [
        "bridged-host",
        "hostonly-lab",
        "internal-cluster",
        "nat-lan",
        "default-images",  # storage pools follow the networks
        "iso-library",
    ]
    spec = NetworkSpec("Guest-net", NetworkMode.NAT, IPv4Network("198.51.100.128/26"))
    runner.run(session.vnets.create(spec, host_networks=[]))
    runner.until(lambda: connections.rowCount(parent) == 7)
    assert _names(connections, parent) == [
        "bridged-host",
        "Guest-net",
        "hostonly-lab",
        "internal-cluster",
        "nat-lan",
        "default-images",
        "iso-library",
    ]
    qtmodeltester.check(connections)
