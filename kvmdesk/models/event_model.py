"""The event log: newest events appended in coalesced batches, oldest dropped past a cap."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)

from kvmdesk.core.types.events import Event
from kvmdesk.models.common import DISPLAY, AnyIndex, row_at
from kvmdesk.models.labels import connection_title
from kvmdesk.models.table_base import ReadOnlyTable
from kvmdesk.models.text import safe_role

MAX_EVENTS = 5000
FLUSH_MS = 100


class EventColumn(IntEnum):
    TIME = 0
    CONNECTION = 1
    OBJECT = 2
    EVENT = 3
    DETAIL = 4


class EventLogModel(ReadOnlyTable):
    """Keeps the last :data:`MAX_EVENTS` events; appends at most every :data:`FLUSH_MS`."""

    EventRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None, *, capacity: int = MAX_EVENTS) -> None:
        super().__init__(parent)
        self._events: list[Event] = []
        self._pending: list[Event] = []
        self._capacity = capacity
        self.total_received = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
        self.set_headers(
            [
                self.tr("Time"),
                self.tr("Connection"),
                self.tr("Object"),
                self.tr("Event"),
                self.tr("Detail"),
            ]
        )

    def row_total(self) -> int:
        return len(self._events)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        event = row_at(index, self._events)
        if event is None:
            return None
        if role == self.EventRole:
            return event
        if role not in (DISPLAY, int(Qt.ItemDataRole.ToolTipRole)):
            return None
        column = EventColumn(index.column())
        if column is EventColumn.TIME:
            return event.time.strftime("%H:%M:%S.%f")[:-3]
        if column is EventColumn.CONNECTION:
            return connection_title(event.connection)
        if column is EventColumn.OBJECT:
            return f"{event.object} {event.name}"
        if column is EventColumn.EVENT:
            return event.event
        return event.detail

    def append(self, event: Event) -> None:
        """Queue an event; bursts of thousands become one insert."""
        self._pending.append(event)
        self.total_received += 1
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        if not self._pending:
            return
        incoming = self._pending[-self._capacity :]
        self._pending = []
        overflow = len(self._events) + len(incoming) - self._capacity
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self._events[:overflow]
            self.endRemoveRows()
        first = len(self._events)
        self.beginInsertRows(QModelIndex(), first, first + len(incoming) - 1)
        self._events.extend(incoming)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._events.clear()
        self._pending.clear()
        self.endResetModel()


class EventFilterProxy(QSortFilterProxyModel):
    """Case-insensitive text filter over every column of the event log."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
