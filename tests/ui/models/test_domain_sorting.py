"""The domain model sorts itself; the proxy only filters and keeps the model's order.

A random run of the changes the app makes (new domains, changed ones, stats, removals,
sorting, filters) keeps the rows sorted, the proxy's rows the accepted ones in order,
``source_rows`` equal to Qt's own mapping, and persistent indexes (the view's selection
and current row) on the same domains.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NicSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.domain_filter import DomainFilterProxy, StateFilter
from kvmdesk.models.domain_model import DomainColumn, DomainListModel, DomainRole
from kvmdesk.ui.common.widgets import header_apart_from_selection

CONNECTION = "test:///sorting"
STATES = (DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF, DomainState.CRASHED)


def _snapshot(number: int, variant: int = 0) -> DomainSnapshot:
    return DomainSnapshot(
        connection=CONNECTION,
        uuid=f"00000000-0000-0000-0000-{number:012d}",
        name=f"vm-{(number * 7919 + variant) % 1000:03d}",
        state=STATES[(number + variant) % len(STATES)],
        vcpus=1 + (number + variant) % 3,
        memory_kib=1024 * (1 + (number * 3 + variant) % 5),
        max_memory_kib=8192,
        nics=(NicSnapshot("52:54:00:00:00:01", "virtio", "user", ""),),
    )


def _column_values(model: DomainListModel, column: int) -> list[Any]:
    return [model.sort_key(row, column) for row in range(model.rowCount())]


def _check(model: DomainListModel, proxy: DomainFilterProxy) -> None:
    column = model.sort_column()
    if column >= 0:
        values = _column_values(model, column)
        descending = model.sort_order() == Qt.SortOrder.DescendingOrder
        assert values == sorted(values, reverse=descending)
    for row in range(model.rowCount()):
        key = model.snapshot_at(row).key
        assert model.index_of(key).row() == row
    expected = [
        row for row in range(model.rowCount()) if proxy.filterAcceptsRow(row, QModelIndex())
    ]
    qt_rows = [proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount())]
    assert qt_rows == expected
    assert proxy.source_rows() == expected


operation = st.one_of(
    st.tuples(st.just("add"), st.lists(st.integers(0, 60), min_size=1, max_size=12)),
    st.tuples(st.just("change"), st.lists(st.integers(0, 60), max_size=6), st.integers(1, 3)),
    st.tuples(st.just("stats"), st.lists(st.integers(0, 60), max_size=8), st.floats(0, 100)),
    st.tuples(st.just("remove"), st.lists(st.integers(0, 60), max_size=6)),
    st.tuples(st.just("sort"), st.integers(-1, len(DomainColumn) - 1), st.booleans()),
    st.tuples(st.just("text"), st.sampled_from(["", "vm-1", "7", "vm-00"])),
    st.tuples(st.just("state"), st.sampled_from(list(StateFilter))),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=25))
def test_random_changes_keep_rows_sorted_and_mapped(operations: list[tuple[Any, ...]]) -> None:
    model = DomainListModel()
    proxy = DomainFilterProxy()
    proxy.setSourceModel(model)
    present: set[int] = set()
    for op in operations:
        kind = op[0]
        if kind == "add":
            model.upsert([_snapshot(n) for n in dict.fromkeys(op[1]) if n not in present])
            present.update(op[1])
        elif kind == "change":
            model.upsert([_snapshot(n, op[2]) for n in dict.fromkeys(op[1]) if n in present])
        elif kind == "stats":
            model.update_stats(
                CONNECTION,
                {_snapshot(n).uuid: DomainStats(cpu_percent=op[2] + n) for n in op[1]},
            )
        elif kind == "remove":
            model.remove(CONNECTION, [_snapshot(n).uuid for n in op[1]])
            present.difference_update(op[1])
        elif kind == "sort":
            order = Qt.SortOrder.DescendingOrder if op[2] else Qt.SortOrder.AscendingOrder
            proxy.sort(op[1], order)
        elif kind == "text":
            proxy.set_text(op[1])
        else:
            proxy.set_state_filter(op[1])
        _check(model, proxy)


def test_a_big_batch_in_many_places_is_one_sort(qtbot: Any) -> None:
    """New rows landing all over the list: one layout change, not one insertion per place."""
    model = DomainListModel()
    model.sort(DomainColumn.NAME)
    model.upsert([_snapshot(n) for n in range(0, 400, 2)])
    layouts: list[object] = []
    inserts: list[object] = []
    model.layoutChanged.connect(lambda *args: layouts.append(args))
    model.rowsInserted.connect(lambda *args: inserts.append(args))
    model.upsert([_snapshot(n) for n in range(1, 400, 2)])
    assert (len(inserts), len(layouts)) == (1, 1)
    names = _column_values(model, DomainColumn.NAME)
    assert names == sorted(names) and len(names) == 400
    inserts.clear()
    layouts.clear()
    model.upsert([_snapshot(1000)])
    assert (len(inserts), len(layouts)) == (1, 0)  # one new row goes straight to its place


def test_sorting_keeps_the_selection_and_the_current_row(qtbot: Any) -> None:
    model = DomainListModel()
    model.upsert([_snapshot(n) for n in range(50)])
    proxy = DomainFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.sortByColumn(DomainColumn.NAME, Qt.SortOrder.AscendingOrder)
    for row in (3, 4, 17):
        view.selectionModel().select(
            proxy.index(row, 0),
            view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
        )
    view.selectionModel().setCurrentIndex(
        proxy.index(17, 0), view.selectionModel().SelectionFlag.NoUpdate
    )
    chosen = {proxy.index(row, 0).data(DomainRole.KEY) for row in (3, 4, 17)}
    current = proxy.index(17, 0).data(DomainRole.KEY)
    held = QPersistentModelIndex(proxy.index(4, 0))
    held_key = held.data(DomainRole.KEY)
    view.sortByColumn(DomainColumn.MEMORY, Qt.SortOrder.DescendingOrder)
    selected = {index.data(DomainRole.KEY) for index in view.selectionModel().selectedRows()}
    assert selected == chosen
    assert view.currentIndex().data(DomainRole.KEY) == current
    assert held.data(DomainRole.KEY) == held_key
    memory = [proxy.index(row, 0).data(DomainRole.SNAPSHOT).memory_kib for row in range(50)]
    assert memory == sorted(memory, reverse=True)


class _CountingModel(DomainListModel):
    calls = 0

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        _CountingModel.calls += 1
        return super().rowCount(parent)


def test_repainting_the_header_does_not_visit_every_selected_row(qtbot: Any) -> None:
    """After select-all, the header paints without asking about each of 3,000 rows."""
    model = _CountingModel()
    model.upsert([_snapshot(n) for n in range(3000)])
    proxy = DomainFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    header_apart_from_selection(view)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.selectAll()
    _CountingModel.calls = 0
    view.horizontalHeader().viewport().repaint()
    view.viewport().repaint()
    assert _CountingModel.calls < 500
    assert len(view.selectionModel().selectedRows()) == 3000
    view.sortByColumn(DomainColumn.STATE, Qt.SortOrder.AscendingOrder)
    assert isinstance(view.horizontalHeader().selectionModel().model(), QAbstractItemModel)
    assert view.horizontalHeader().selectionModel().model() is proxy
