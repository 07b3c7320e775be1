"""Storage pools and volumes of one connection as tables, and the pool rows' words.

Rows are snapshots from ``session.storage`` (no libvirt, no XML here); ``set_pools``
and ``set_volumes`` diff the new snapshots against the rows and emit only what
changed. Column headers and state words are core's
(:mod:`kvmdesk.core.storage.labels`, the same the CLI prints) passed through
``QCoreApplication.translate("StorageLabels", …)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum, auto
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt

from kvmdesk.core.storage.labels import (
    POOL_COLUMNS,
    POOL_STATE_LABELS,
    VOLUME_COLUMNS,
    pool_type_label,
    yes_no,
)
from kvmdesk.core.storage.units import format_size
from kvmdesk.core.storage.values import PoolSnapshot, PoolState, VolumeSnapshot
from kvmdesk.models.common import (
    ALIGNMENT,
    DECORATION,
    DISPLAY,
    TOOLTIP,
    AnyIndex,
    ItemRole,
    name_order,
    row_at,
)
from kvmdesk.models.icons import DeviceIcon, device_icon
from kvmdesk.models.palette import Colour
from kvmdesk.models.table_base import ReadOnlyTable
from kvmdesk.models.text import safe_role

RowT = TypeVar("RowT", PoolSnapshot, VolumeSnapshot)

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def storage_label(text: str) -> str:
    """A word of :mod:`kvmdesk.core.storage.labels`, translated."""
    return QCoreApplication.translate("StorageLabels", text)


def pool_state_label(state: PoolState) -> str:
    return storage_label(POOL_STATE_LABELS[state])


def pool_usage_text(pool: PoolSnapshot) -> str:
    """ "15 GiB used of 100 GiB, 85 GiB free" (the tooltip of a pool's bar and tree row)."""
    return (
        QCoreApplication.translate("StorageModel", "%1 used of %2, %3 free")
        .replace("%1", format_size(pool.allocation))
        .replace("%2", format_size(pool.capacity))
        .replace("%3", format_size(pool.available))
    )


class PoolColumn(IntEnum):
    NAME = 0
    TYPE = 1
    STATE = 2
    CAPACITY = 3  # drawn as a bar of the allocation
    ALLOCATION = 4
    AVAILABLE = 5
    AUTOSTART = 6
    FOLDER = 7


class VolumeColumn(IntEnum):
    NAME = 0
    FORMAT = 1
    CAPACITY = 2
    ALLOCATION = 3
    USED_BY = 4
    PATH = 5


class StorageRole(ItemRole):
    SNAPSHOT = auto()
    NAME = auto()
    USED_FRACTION = auto()  # pools: allocation / capacity, 0.0 … 1.0
    USED_BY = auto()  # volumes: the domains using it


class _SnapshotTable(ReadOnlyTable, Generic[RowT]):
    """Rows sorted by name, replaced by diffing (remove, update, insert)."""

    def __init__(self, columns: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self.set_headers([storage_label(text) for text in columns])

    def row_total(self) -> int:
        return len(self._rows)

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def _set_rows(self, wanted_rows: Iterable[RowT], roles: list[int]) -> None:
        wanted = sorted(wanted_rows, key=lambda r: name_order(r.name))
        names = {r.name for r in wanted}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].name not in names:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        last_column = self.columnCount() - 1
        for item in wanted:
            position = next((i for i, r in enumerate(self._rows) if r.name == item.name), None)
            if position is not None:
                if self._rows[position] != item:
                    self._rows[position] = item
                    self.dataChanged.emit(
                        self.index(position, 0), self.index(position, last_column), roles
                    )
                continue
            position = sum(1 for r in self._rows if name_order(r.name) < name_order(item.name))
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, item)
            self.endInsertRows()

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.name == name), -1)

    def _common(self, item: RowT, role: int) -> tuple[bool, Any]:
        if role == StorageRole.SNAPSHOT:
            return True, item
        if role == StorageRole.NAME:
            return True, item.name
        return False, None


class PoolTableModel(_SnapshotTable[PoolSnapshot]):
    """A connection's pools; the capacity column carries the used fraction for its bar."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(POOL_COLUMNS, parent)

    def set_pools(self, pools: Iterable[PoolSnapshot]) -> None:
        self._set_rows(
            pools,
            [
                DISPLAY,
                DECORATION,
                TOOLTIP,
                int(StorageRole.SNAPSHOT),
                int(StorageRole.USED_FRACTION),
            ],
        )

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        pool = row_at(index, self._rows)
        if pool is None:
            return None
        handled, value = self._common(pool, role)
        if handled:
            return value
        if role == StorageRole.USED_FRACTION:
            return pool.used_fraction
        column = PoolColumn(index.column())
        sized = pool.active or pool.capacity > 0
        if role == DECORATION and column is PoolColumn.NAME:
            return device_icon(DeviceIcon.DISK, None if pool.active else Colour.INACTIVE)
        if role == DISPLAY:
            if column is PoolColumn.NAME:
                return pool.name
            if column is PoolColumn.TYPE:
                return storage_label(pool_type_label(pool.type))
            if column is PoolColumn.STATE:
                return pool_state_label(pool.state)
            if column is PoolColumn.CAPACITY:
                return format_size(pool.capacity) if sized else ""
            if column is PoolColumn.ALLOCATION:
                return format_size(pool.allocation) if sized else ""
            if column is PoolColumn.AVAILABLE:
                return format_size(pool.available) if sized else ""
            if column is PoolColumn.AUTOSTART:
                return storage_label(yes_no(pool.autostart))
            return pool.target_path
        if role == TOOLTIP:
            if column is PoolColumn.CAPACITY and sized:
                return pool_usage_text(pool)
            if column is PoolColumn.FOLDER and pool.source:
                return pool.source
        if role == ALIGNMENT and column in (
            PoolColumn.CAPACITY,
            PoolColumn.ALLOCATION,
            PoolColumn.AVAILABLE,
        ):
            return _RIGHT
        return None


class VolumeTableModel(_SnapshotTable[VolumeSnapshot]):
    """One pool's volumes, with the domains using each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(VOLUME_COLUMNS, parent)

    def set_volumes(self, volumes: Iterable[VolumeSnapshot]) -> None:
        self._set_rows(
            volumes,
            [DISPLAY, DECORATION, TOOLTIP, int(StorageRole.SNAPSHOT), int(StorageRole.USED_BY)],
        )

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        volume = row_at(index, self._rows)
        if volume is None:
            return None
        handled, value = self._common(volume, role)
        if handled:
            return value
        if role == StorageRole.USED_BY:
            return list(volume.used_by)
        column = VolumeColumn(index.column())
        if role == DECORATION and column is VolumeColumn.NAME:
            optical = volume.format == "iso" or volume.name.lower().endswith(".iso")
            return device_icon(DeviceIcon.CDROM if optical else DeviceIcon.DISK)
        if role == DISPLAY:
            if column is VolumeColumn.NAME:
                return volume.name
            if column is VolumeColumn.FORMAT:
                return volume.format
            if column is VolumeColumn.CAPACITY:
                return format_size(volume.capacity)
            if column is VolumeColumn.ALLOCATION:
                return format_size(volume.allocation)
            if column is VolumeColumn.USED_BY:
                return ", ".join(volume.used_by)
            return volume.path
        if role == TOOLTIP:
            if column is VolumeColumn.USED_BY and volume.used_by:
                return "\n".join(volume.used_by)
            if column is VolumeColumn.PATH and volume.backing_path:
                return QCoreApplication.translate("StorageModel", "Backing file: %1").replace(
                    "%1", volume.backing_path
                )
        if role == ALIGNMENT and column in (VolumeColumn.CAPACITY, VolumeColumn.ALLOCATION):
            return _RIGHT
        return None
