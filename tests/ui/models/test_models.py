"""Every model passes qtmodeltester; events change exactly the affected row and roles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from kvmdesk.app import Application
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.snapshots import DomainSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.connection_model import ConnectionTreeModel
from kvmdesk.models.domain_filter import DomainFilterProxy, StateFilter
from kvmdesk.models.domain_model import DomainColumn, DomainListModel, DomainRole
from kvmdesk.models.event_model import EventFilterProxy, EventLogModel
from tests.helpers.qt_async import AsyncRunner


def _snapshot(number: int, state: DomainState = DomainState.RUNNING) -> DomainSnapshot:
    return DomainSnapshot(
        connection="test:///x",
        uuid=f"00000000-0000-0000-0000-{number:012d}",
        name=f"vm-{number:02d}",
        state=state,
        vcpus=1 + number % 4,
        memory_kib=1024 * 1024,
        max_memory_kib=2048 * 1024,
        nics=(NicSnapshot("52:54:00:00:00:01", "virtio", "user", ""),),
    )


def test_domain_model_and_proxy_pass_modeltester(qtmodeltester: Any) -> None:
    model = DomainListModel()
    model.upsert(
        [_snapshot(n, DomainState.SHUTOFF if n % 3 else DomainState.RUNNING) for n in range(20)]
    )
    qtmodeltester.check(model)
    proxy = DomainFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(DomainColumn.VCPUS, Qt.SortOrder.DescendingOrder)
    proxy.set_state_filter(StateFilter.RUNNING)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 7
    proxy.set_text("vm-0")
    assert {proxy.index(r, 0).data() for r in range(proxy.rowCount())} == {
        "vm-00",
        "vm-03",
        "vm-06",
        "vm-09",
    }


def test_live_models_pass_modeltester(demo_app: Application, qtmodeltester: Any) -> None:
    qtmodeltester.check(demo_app.hub.domains)
    qtmodeltester.check(demo_app.hub.domain_proxy)
    qtmodeltester.check(demo_app.hub.connections)
    connections = demo_app.hub.connections
    root = connections.index(0, 0)
    assert connections.rowCount(root) == 6  # the demo's four networks and two storage pools
    assert "Connected" in connections.index(0, 1).data()


def test_event_models_pass_modeltester(qtmodeltester: Any) -> None:
    model = EventLogModel(capacity=10)
    for number in range(25):
        model.append(
            Event(
                datetime.now(UTC),
                "test:///x",
                ObjectKind.DOMAIN,
                f"vm-{number}",
                "",
                "started",
                "booted",
            )
        )
    model.flush()
    assert model.rowCount() == 10
    assert model.index(9, 2).data() == "domain vm-24"
    qtmodeltester.check(model)
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("VM-2")
    assert proxy.rowCount() == 5
    qtmodeltester.check(proxy)


def test_connection_tree_model(qtmodeltester: Any) -> None:
    model = ConnectionTreeModel()
    model.add_connection("test:///a", "A")
    model.add_connection("test:///b", "B")
    qtmodeltester.check(model)
    model.remove_connection("test:///a")
    assert model.rowCount() == 1 and model.index(0, 0).data() == "B"


def test_one_event_updates_one_row_with_changed_roles(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    hub = demo_app.hub
    session = next(iter(demo_app.inventory.sessions.values()))
    target = session.lifecycle.find("web-frontend")
    changes: list[tuple[int, int, int, list[int]]] = []
    hub.domains.dataChanged.connect(
        lambda tl, br, roles: changes.append((tl.row(), tl.column(), br.column(), list(roles)))
    )
    inserted: list[QModelIndex] = []
    hub.domains.rowsInserted.connect(lambda parent, first, last: inserted.append(parent))
    runner.run(session.lifecycle.perform(target.uuid, DomainAction.SUSPEND))
    runner.until(lambda: hub.domains.snapshot(target.key).state is DomainState.PAUSED)  # type: ignore[union-attr]
    row = hub.domains.index_of(target.key).row()
    assert changes and {c[0] for c in changes} == {row}
    _, first, last, roles = changes[0]
    assert first == DomainColumn.STATE and last == DomainColumn.CPU
    assert DomainRole.STATE in roles and Qt.ItemDataRole.DisplayRole in roles
    assert int(DomainRole.KEY) not in roles
    assert not inserted
