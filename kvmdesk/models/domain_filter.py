"""Sorting and filtering of the domain list: name substring, state group, connection."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.domain_model import DomainListModel, DomainRole


class StateFilter(StrEnum):
    """The state groups the filter box offers."""

    ALL = "all"
    ACTIVE = "active"
    RUNNING = "running"
    PAUSED = "paused"
    SHUTOFF = "shutoff"
    OTHER = "other"

    def accepts(self, state: DomainState) -> bool:
        if self is StateFilter.ALL:
            return True
        if self is StateFilter.ACTIVE:
            return state.is_active
        if self is StateFilter.RUNNING:
            return state in (DomainState.RUNNING, DomainState.BLOCKED)
        if self is StateFilter.PAUSED:
            return state in (DomainState.PAUSED, DomainState.PMSUSPENDED)
        if self is StateFilter.SHUTOFF:
            return state is DomainState.SHUTOFF
        return state in (DomainState.CRASHED, DomainState.SHUTDOWN, DomainState.NOSTATE)


class DomainFilterProxy(QSortFilterProxyModel):
    """Filters without touching the source model; sorting is the domain model's own.

    Over a :class:`DomainListModel`, :meth:`sort` is forwarded to it (one Python sort on
    precomputed keys, one layout change) and the proxy keeps the source order, so
    neither a sort nor a filter change calls :meth:`lessThan` from C++ per comparison.
    Over another model it sorts by :attr:`DomainRole.SORT` as any proxy does.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._state = StateFilter.ALL
        self._connection: str | None = None
        self._domains: DomainListModel | None = None
        self._accept_all = True
        # The source row of each proxy row, read in Python (see source_rows); None when
        # the proxy's rows changed since it was last computed.
        self._source_rows: list[int] | None = None
        self.setSortRole(DomainRole.SORT)
        self.setDynamicSortFilter(True)
        self._forget_on_changes_of(self)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self._filters_changed()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state_filter(self, state: StateFilter) -> None:
        if state is not self._state:
            self.beginFilterChange()
            self._state = state
            self._filters_changed()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_connection(self, connection: str | None) -> None:
        if connection != self._connection:
            self.beginFilterChange()
            self._connection = connection
            self._filters_changed()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._domains = model if isinstance(model, DomainListModel) else None
        self._source_rows = None
        super().setSourceModel(model)
        self._forget_on_changes_of(model)

    def _forget_on_changes_of(self, model: QAbstractItemModel) -> None:
        # The proxy's rows change with its own signals; their source rows also change
        # when rows it does not show come or go in the source.
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.layoutChanged,
            model.modelReset,
        ):
            signal.connect(self._forget_source_rows)

    def source_rows(self) -> list[int]:
        """The source row of every proxy row, in proxy order, without a Qt call per row.

        Over a :class:`DomainListModel` the proxy keeps the source order, so its rows are
        the accepted source rows in order: one pass of :meth:`filterAcceptsRow` in Python
        (none at all without a filter), cached until the proxy's rows change. Mapping
        20,000 selected rows one ``mapToSource`` at a time costs about 0.3 s.
        """
        rows = self._source_rows
        if rows is not None and len(rows) == self.rowCount():
            return rows
        domains = self._domains
        if domains is None or self.sortColumn() >= 0:
            rows = [self.mapToSource(self.index(row, 0)).row() for row in range(self.rowCount())]
        elif self._filters_nothing():
            rows = list(range(domains.row_total()))
        else:
            root = QModelIndex()
            rows = [row for row in range(domains.row_total()) if self.filterAcceptsRow(row, root)]
        self._source_rows = rows
        return rows

    def _forget_source_rows(self, *_args: object) -> None:
        self._source_rows = None

    def _filters_nothing(self) -> bool:
        return self._connection is None and self._state is StateFilter.ALL and not self._text

    def _filters_changed(self) -> None:
        # Read once per row on every layout change: an attribute, not a method call.
        self._accept_all = self._filters_nothing()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._domains is None:
            super().sort(column, order)
        else:
            self._domains.sort(column, order)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        # One Python call per comparison on precomputed keys, instead of four
        # model calls each: sorting 5,000 rows is 60k comparisons.
        domains = self._domains
        if domains is None:
            return super().lessThan(left, right)
        column = left.column()
        return bool(domains.sort_key(left.row(), column) < domains.sort_key(right.row(), column))

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Called for every row whenever a filter changes: no Qt call on the common paths.
        domains = self._domains
        if domains is not None:
            if self._accept_all:
                return True
            if source_row >= domains.row_total():
                return False
            snapshot: DomainSnapshot | None = domains.snapshot_at(source_row)
        else:
            model = self.sourceModel()
            snapshot = model.data(model.index(source_row, 0, source_parent), DomainRole.SNAPSHOT)
        if snapshot is None:
            return False
        if self._connection is not None and snapshot.connection != self._connection:
            return False
        if not self._state.accepts(snapshot.state):
            return False
        if self._text:
            return self._text in snapshot.name.casefold() or self._text in snapshot.title.casefold()
        return True
