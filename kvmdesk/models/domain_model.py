"""The domain list: one row per (connection, UUID), fed by snapshot batches.

Rows are inserted in batches (one ``beginInsertRows`` per batch or per run of
neighbouring rows, not per domain); an event swaps one row's snapshot and emits
``dataChanged`` for that row with only the roles whose data changed.

The model sorts itself (:meth:`DomainListModel.sort`, which the filter proxy
forwards to): one Python sort over precomputed keys and one layout change,
instead of the proxy's ``lessThan`` called from C++ some 300,000 times for
20,000 rows. New rows go to their sorted places; a row whose key changes moves
when it no longer fits between its neighbours.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from enum import IntEnum, auto
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
)

from kvmdesk.core.nic.mode import nic_summary as core_nic_summary
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NetworkSnapshot, NicSnapshot
from kvmdesk.models.common import (
    ALIGNMENT,
    DECORATION,
    DISPLAY,
    TOOLTIP,
    AnyIndex,
    DomainKey,
    ItemRole,
)
from kvmdesk.models.labels import domain_state_label, format_memory, network_mode_label
from kvmdesk.models.state_icons import domain_state_icon
from kvmdesk.models.table_base import ReadOnlyTable
from kvmdesk.models.text import safe_role

_STATE_ORDER = {
    "running": 0,
    "blocked": 1,
    "paused": 2,
    "pmsuspended": 3,
    "shutdown": 4,
    "crashed": 5,
    "shutoff": 6,
    "nostate": 7,
}


class DomainColumn(IntEnum):
    NAME = 0
    STATE = 1
    VCPUS = 2
    MEMORY = 3
    CPU = 4
    NETWORK = 5
    CONNECTION = 6


class DomainRole(ItemRole):
    SNAPSHOT = auto()
    KEY = auto()
    SORT = auto()
    STATE = auto()
    STATS = auto()


_SORT = int(DomainRole.SORT)
_COLUMNS = tuple(DomainColumn)
_COLUMN_COUNT = len(_COLUMNS)
# A batch whose new rows would land in more places than this is appended and the
# whole list sorted once (one layout change) instead of one insertion per place.
_MAX_INSERT_RUNS = 32

# Which columns and roles each snapshot field feeds: the basis of minimal dataChanged.
_FIELD_EFFECTS: dict[str, tuple[tuple[DomainColumn, ...], tuple[int, ...]]] = {
    "name": ((DomainColumn.NAME,), (DISPLAY, TOOLTIP, DomainRole.SORT)),
    "title": ((DomainColumn.NAME,), (TOOLTIP,)),
    "state": (
        (DomainColumn.STATE, DomainColumn.CPU),
        (DISPLAY, DECORATION, DomainRole.SORT, DomainRole.STATE, DomainRole.STATS),
    ),
    "vcpus": ((DomainColumn.VCPUS,), (DISPLAY, DomainRole.SORT)),
    "memory_kib": ((DomainColumn.MEMORY,), (DISPLAY, DomainRole.SORT)),
    "max_memory_kib": ((DomainColumn.MEMORY,), (TOOLTIP,)),
    "nics": ((DomainColumn.NETWORK,), (DISPLAY, TOOLTIP, DomainRole.SORT)),
}


def nic_summary(nic: NicSnapshot, networks: Mapping[str, NetworkSnapshot]) -> str:
    """One NIC as the Network column shows it: ``NAT · nat-lan``, ``User-mode``."""
    return core_nic_summary(nic, networks, network_mode_label)


class DomainListModel(ReadOnlyTable):
    """All domains of all connections; filtered and sorted by a proxy."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DomainSnapshot] = []
        # Sort keys per row, precomputed: the proxy asks for them O(n log n) times.
        self._sort_keys: list[tuple[Any, ...]] = []
        self._row_of: dict[DomainKey, int] = {}
        self._stats: dict[DomainKey, DomainStats] = {}
        self._pending: dict[DomainKey, dict[str, NicSnapshot | None]] = {}
        self._networks: dict[str, Mapping[str, NetworkSnapshot]] = {}
        self._labels: dict[str, str] = {}
        self._sort_column = -1  # -1: in the order the rows came
        self._descending = False
        self.set_headers(
            [
                self.tr("Name"),
                self.tr("State"),
                self.tr("vCPUs"),
                self.tr("Memory"),
                self.tr("CPU"),
                self.tr("Network"),
                self.tr("Connection"),
            ]
        )

    # ---------------------------------------------------------- Qt interface

    def row_total(self) -> int:
        return len(self._rows)

    # The proxy calls these two for every index it makes while sorting (tens of
    # thousands of times at load); answered directly, without the base's indirection.
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        row = index.row()
        if role == _SORT:
            return self._sort_keys[row][index.column()] if 0 <= row < len(self._rows) else None
        if not 0 <= row < len(self._rows) or not index.isValid():
            return None
        snapshot = self._rows[row]
        column = _COLUMNS[index.column()]
        if role == DISPLAY:
            return self._display(snapshot, column)
        if role == DomainRole.SNAPSHOT:
            return snapshot
        if role == DomainRole.KEY:
            return snapshot.key
        if role == DomainRole.STATE:
            return str(snapshot.state)
        if role == DomainRole.STATS:
            return self._stats.get(snapshot.key)
        if role == DECORATION and column is DomainColumn.STATE:
            return domain_state_icon(snapshot.state)
        if role == TOOLTIP:
            return self._tooltip(snapshot, column)
        if role == ALIGNMENT and column in (DomainColumn.VCPUS, DomainColumn.MEMORY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --------------------------------------------------------------- values

    def _display(self, snapshot: DomainSnapshot, column: DomainColumn) -> Any:
        if column is DomainColumn.NAME:
            return snapshot.name
        if column is DomainColumn.STATE:
            return domain_state_label(snapshot.state)
        if column is DomainColumn.VCPUS:
            return str(snapshot.vcpus)
        if column is DomainColumn.MEMORY:
            return format_memory(snapshot.memory_kib)
        if column is DomainColumn.CPU:
            if not snapshot.state.is_active:
                return "—"
            # A running or paused VM shows a number from the start: 0 % until a
            # sample says otherwise (the first takes two readings; some drivers,
            # like the test driver, never report CPU time).
            return f"{self._cpu_percent(snapshot):.0f} %"
        if column is DomainColumn.NETWORK:
            return self.network_summary(snapshot)
        return self._labels.get(snapshot.connection, snapshot.connection)

    def _sort_value(self, snapshot: DomainSnapshot, column: DomainColumn) -> Any:
        if column is DomainColumn.NAME:
            return snapshot.name.casefold()
        if column is DomainColumn.STATE:
            return _STATE_ORDER.get(str(snapshot.state), 9)
        if column is DomainColumn.VCPUS:
            return snapshot.vcpus
        if column is DomainColumn.MEMORY:
            return snapshot.memory_kib
        if column is DomainColumn.CPU:
            if not snapshot.state.is_active:
                return -1.0
            return self._cpu_percent(snapshot)
        return str(self._display(snapshot, column)).casefold()

    def _cpu_percent(self, snapshot: DomainSnapshot) -> float:
        stats = self._stats.get(snapshot.key)
        if stats is None or stats.cpu_percent is None:
            return 0.0
        return stats.cpu_percent

    def _sort_key(self, snapshot: DomainSnapshot) -> tuple[Any, ...]:
        return tuple(self._sort_value(snapshot, column) for column in _COLUMNS)

    def _tooltip(self, snapshot: DomainSnapshot, column: DomainColumn) -> str | None:
        if column is DomainColumn.NAME:
            return snapshot.title or snapshot.name
        if column is DomainColumn.MEMORY:
            return (
                self.tr("%1 of %2 maximum")
                .replace("%1", format_memory(snapshot.memory_kib))
                .replace("%2", format_memory(snapshot.max_memory_kib))
            )
        if column is DomainColumn.NETWORK:
            return (
                "\n".join(f"{nic.mac}  {nic.type}  {nic.source}" for nic in snapshot.nics) or None
            )
        return None

    def network_summary(self, snapshot: DomainSnapshot) -> str:
        """E.g. ``NAT · nat-lan, Bridged · br0`` — each NIC's mode and its source.

        A NIC whose change waits for a restart shows both: ``NAT · nat-lan →
        Bridged · br0 after restart``.
        """
        networks = self._networks.get(snapshot.connection, {})
        pending = self._pending.get(snapshot.key, {})
        parts = []
        for nic in snapshot.nics:
            part = nic_summary(nic, networks)
            if nic.mac in pending:
                after = pending[nic.mac]
                later = nic_summary(after, networks) if after is not None else self.tr("removed")
                if later == part:
                    part = self.tr("%1 (changed after restart)").replace("%1", part)
                else:
                    part = self.tr("%1 → %2 after restart").replace("%1", part).replace("%2", later)
            parts.append(part)
        running = {nic.mac for nic in snapshot.nics}
        for mac, after in pending.items():
            if after is not None and mac not in running:
                parts.append(
                    self.tr("+ %1 after restart").replace("%1", nic_summary(after, networks))
                )
        return ", ".join(parts) if parts else self.tr("No network")

    def set_pending_changes(
        self, key: DomainKey, pending: Mapping[str, NicSnapshot | None]
    ) -> None:
        """NIC changes that wait for the domain's restart (see ``NicService.pending_changes``)."""
        if pending:
            self._pending[key] = dict(pending)
        elif self._pending.pop(key, None) is None:
            return
        row = self._row_of.get(key)
        if row is None:
            return
        self._sort_keys[row] = self._sort_key(self._rows[row])
        index = self.index(row, DomainColumn.NETWORK)
        self.dataChanged.emit(index, index, [DISPLAY, int(DomainRole.SORT)])
        self._keep_sorted([row])

    # ------------------------------------------------------------- updates

    def set_connection_label(self, connection: str, label: str) -> None:
        self._labels[connection] = label
        self._emit_for_connection(connection, DomainColumn.CONNECTION, (DISPLAY, DomainRole.SORT))

    def upsert(self, snapshots: Iterable[DomainSnapshot]) -> None:
        """Insert new rows as one batch; swap changed ones with per-row dataChanged."""
        new: list[DomainSnapshot] = []
        changed: list[int] = []
        for snapshot in snapshots:
            row = self._row_of.get(snapshot.key)
            if row is None:
                new.append(snapshot)
                continue
            old = self._rows[row]
            self._rows[row] = snapshot
            self._sort_keys[row] = self._sort_key(snapshot)
            self._emit_changes(row, old, snapshot)
            changed.append(row)
        self._keep_sorted(changed)
        if new:
            self._insert(new)

    def _insert(self, new: list[DomainSnapshot]) -> None:
        keys = [self._sort_key(snapshot) for snapshot in new]
        column = self._sort_column
        if column < 0 or not self._rows:
            self._append(new, keys)
            self._resort()
            return
        pairs = sorted(zip(keys, new, strict=True), key=lambda pair: pair[0][column])
        if self._descending:
            pairs.reverse()
        places = self._places([key[column] for key, _ in pairs])
        runs: list[tuple[int, int, int]] = []  # (place, first of pairs, end of pairs)
        for offset, place in enumerate(places):
            if runs and runs[-1][0] == place:
                runs[-1] = (place, runs[-1][1], offset + 1)
            else:
                runs.append((place, offset, offset + 1))
        if len(runs) > _MAX_INSERT_RUNS:
            self._append(new, keys)
            self._resort()
            return
        shift = 0
        for place, first, end in runs:
            at = place + shift
            self.beginInsertRows(QModelIndex(), at, at + end - first - 1)
            self._rows[at:at] = [snapshot for _, snapshot in pairs[first:end]]
            self._sort_keys[at:at] = [key for key, _ in pairs[first:end]]
            self.endInsertRows()
            shift += end - first
        self._row_of = {snapshot.key: row for row, snapshot in enumerate(self._rows)}

    def _append(self, new: list[DomainSnapshot], keys: list[tuple[Any, ...]]) -> None:
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for offset, snapshot in enumerate(new):
            self._row_of[snapshot.key] = first + offset
        self._rows.extend(new)
        self._sort_keys.extend(keys)
        self.endInsertRows()

    def _places(self, values: list[Any]) -> list[int]:
        """Where each value goes in the sorted rows: after the rows with an equal key."""
        column = self._sort_column
        current = [key[column] for key in self._sort_keys]
        if not self._descending:
            return [bisect.bisect_right(current, value) for value in values]
        # Descending: bisect the ascending reversed list, then mirror the place.
        current.reverse()
        total = len(current)
        return [total - bisect.bisect_left(current, value) for value in values]

    # --------------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (``-1``: keep the current order) and keep it sorted."""
        self._sort_column = column if 0 <= column < _COLUMN_COUNT else -1
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._resort()

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def _keep_sorted(self, rows: Iterable[int]) -> None:
        """Rows whose keys changed: sort again if one no longer fits between its neighbours."""
        column = self._sort_column
        if column < 0:
            return
        keys = self._sort_keys
        last = len(keys) - 1
        for row in rows:
            value = keys[row][column]
            before = keys[row - 1][column] if row > 0 else None
            after = keys[row + 1][column] if row < last else None
            if self._descending:
                before, after = after, before
            if (before is not None and value < before) or (after is not None and after < value):
                self._resort()
                return

    def _resort(self) -> None:
        """One stable sort over the precomputed keys, as one layout change."""
        column = self._sort_column
        if column < 0 or len(self._rows) < 2:
            return
        values = [key[column] for key in self._sort_keys]
        order = sorted(range(len(values)), key=values.__getitem__, reverse=self._descending)
        if all(old == new for new, old in enumerate(order)):
            return
        # No arguments: PySide 6.11 crashes converting an empty parents list with a hint.
        self.layoutAboutToBeChanged.emit()
        moved_to = [0] * len(order)
        for new, old in enumerate(order):
            moved_to[old] = new
        self._rows = [self._rows[old] for old in order]
        self._sort_keys = [self._sort_keys[old] for old in order]
        # From the old map: no snapshot.key (a property making a tuple) per row.
        self._row_of = {key: moved_to[old] for key, old in self._row_of.items()}
        before = self.persistentIndexList()
        after = [self.index(moved_to[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _emit_changes(self, row: int, old: DomainSnapshot, new: DomainSnapshot) -> None:
        columns: set[int] = set()
        roles: set[int] = {int(DomainRole.SNAPSHOT)}
        for field, (field_columns, field_roles) in _FIELD_EFFECTS.items():
            if getattr(old, field) != getattr(new, field):
                columns.update(field_columns)
                roles.update(int(r) for r in field_roles)
        first = min(columns) if columns else 0
        last = max(columns) if columns else len(DomainColumn) - 1
        self.dataChanged.emit(self.index(row, first), self.index(row, last), sorted(roles))

    def remove(self, connection: str, uuids: Iterable[str]) -> None:
        rows = sorted(
            (
                self._row_of[(connection, uuid)]
                for uuid in uuids
                if (connection, uuid) in self._row_of
            ),
            reverse=True,
        )
        if not rows:
            return
        # Contiguous runs become one beginRemoveRows each, from the bottom up.
        runs: list[tuple[int, int]] = []
        for row in rows:
            if runs and runs[-1][0] == row + 1:
                runs[-1] = (row, runs[-1][1])
            else:
                runs.append((row, row))
        for first, last in runs:
            self.beginRemoveRows(QModelIndex(), first, last)
            for snapshot in self._rows[first : last + 1]:
                self._stats.pop(snapshot.key, None)
                self._pending.pop(snapshot.key, None)
            del self._rows[first : last + 1]
            del self._sort_keys[first : last + 1]
            self.endRemoveRows()
        self._row_of = {snapshot.key: row for row, snapshot in enumerate(self._rows)}

    def update_stats(self, connection: str, stats: Mapping[str, DomainStats]) -> None:
        rows = []
        for uuid, value in stats.items():
            key = (connection, uuid)
            row = self._row_of.get(key)
            if row is None or self._stats.get(key) == value:
                continue
            self._stats[key] = value
            rows.append(row)
        self._rekey(rows, DomainColumn.CPU, (DISPLAY, DomainRole.SORT, DomainRole.STATS))

    def set_networks(
        self, connection: str, networks: Mapping[str, NetworkSnapshot], changed: Iterable[str]
    ) -> None:
        """New network snapshots: refresh the network column of rows that use them."""
        self._networks[connection] = networks
        names = set(changed)
        rows = [
            row
            for row, snapshot in enumerate(self._rows)
            if snapshot.connection == connection
            and any(nic.type == "network" and nic.source in names for nic in snapshot.nics)
        ]
        self._rekey(rows, DomainColumn.NETWORK, (DISPLAY, TOOLTIP, DomainRole.SORT))

    def _emit_for_connection(
        self, connection: str, column: DomainColumn, roles: tuple[int, ...]
    ) -> None:
        rows = [row for row, snapshot in enumerate(self._rows) if snapshot.connection == connection]
        self._rekey(rows, column, roles)

    def _rekey(self, rows: list[int], column: DomainColumn, roles: tuple[int, ...]) -> None:
        """New sort keys for ``rows``, ``dataChanged`` in ``column``, then keep the order."""
        changed = [int(role) for role in roles]
        for row in rows:
            self._sort_keys[row] = self._sort_key(self._rows[row])
            index = self.index(row, column)
            self.dataChanged.emit(index, index, changed)
        self._keep_sorted(rows)

    # ------------------------------------------------------------- lookups

    def sort_key(self, row: int, column: int) -> Any:
        return self._sort_keys[row][column]

    def snapshot_stats(self, key: DomainKey) -> DomainStats | None:
        """The latest stats of the domain (None before its first sample)."""
        return self._stats.get(key)

    def snapshot_at(self, row: int) -> DomainSnapshot:
        """The snapshot shown in source ``row`` (no Qt call: for loops over many rows)."""
        return self._rows[row]

    def snapshot(self, key: DomainKey) -> DomainSnapshot | None:
        row = self._row_of.get(key)
        return self._rows[row] if row is not None else None

    def index_of(self, key: DomainKey, column: int = 0) -> QModelIndex:
        row = self._row_of.get(key)
        return self.index(row, column) if row is not None else QModelIndex()

    def keys(self) -> list[DomainKey]:
        return [snapshot.key for snapshot in self._rows]
