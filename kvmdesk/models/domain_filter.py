"""Sorting and filtering of the domain list: name substring, state group, connection."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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
    """Sorts by :attr:`DomainRole.SORT`; filters without touching the source model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._state = StateFilter.ALL
        self._connection: str | None = None
        self._domains: DomainListModel | None = None
        self.setSortRole(DomainRole.SORT)
        self.setDynamicSortFilter(True)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state_filter(self, state: StateFilter) -> None:
        if state is not self._state:
            self.beginFilterChange()
            self._state = state
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_connection(self, connection: str | None) -> None:
        if connection != self._connection:
            self.beginFilterChange()
            self._connection = connection
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._domains = model if isinstance(model, DomainListModel) else None
        super().setSourceModel(model)

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
            if self._connection is None and self._state is StateFilter.ALL and not self._text:
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
