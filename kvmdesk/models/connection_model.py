"""The connection tree: each connection with its state, its networks and storage pools below it.

Top-level rows are connections (internal id 0); a network row's internal id
is its connection's row + 1, so indexes carry no Python pointers. Networks
under a connection are kept sorted by :func:`name_order`, whatever order
libvirt lists them in: a new one is inserted at its place. Storage pools follow the
networks, sorted the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from enum import auto
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from kvmdesk.core.storage.values import PoolSnapshot
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.uri import redact_uri
from kvmdesk.models.common import (
    DECORATION,
    DISPLAY,
    TOOLTIP,
    AnyIndex,
    ItemRole,
    header_label,
    name_order,
)
from kvmdesk.models.labels import connection_state_label, network_mode_label
from kvmdesk.models.state_icons import connection_state_icon
from kvmdesk.models.storage_model import pool_state_label, pool_usage_text
from kvmdesk.models.text import safe_role


class ConnectionRole(ItemRole):
    URI = auto()
    STATE = auto()
    MESSAGE = auto()
    NETWORK = auto()
    AUTOCONNECT = auto()
    DOMAIN_COUNT = auto()
    POOL = auto()


@dataclass(slots=True)
class ConnectionRow:
    uri: str
    label: str
    state: ConnectionState = ConnectionState.DISCONNECTED
    message: str = ""
    autoconnect: bool = True
    domain_count: int = 0
    networks: list[NetworkSnapshot] = field(default_factory=list)
    pools: list[PoolSnapshot] = field(default_factory=list)

    @property
    def child_count(self) -> int:
        return len(self.networks) + len(self.pools)


class ConnectionTreeModel(QAbstractItemModel):
    """Connections (URI, state, libvirt's message) and their networks."""

    COLUMNS = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConnectionRow] = []

    # ---------------------------------------------------------- structure

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._rows) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._rows):
            return QModelIndex()
        if row >= self._rows[parent.row()].child_count:
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._rows):
            return self._rows[parent.row()].child_count
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        labels = (self.tr("Connection"), self.tr("State"))
        return header_label(labels, section, orientation, role)

    # --------------------------------------------------------------- data

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._rows):
                return None
            return self._connection_data(self._rows[index.row()], index.column(), role)
        connection = index.internalId() - 1
        if connection >= len(self._rows) or index.row() >= self._rows[connection].child_count:
            return None
        networks = self._rows[connection].networks
        if index.row() >= len(networks):
            pool = self._rows[connection].pools[index.row() - len(networks)]
            return self._pool_data(pool, index.column(), role)
        return self._network_data(networks[index.row()], index.column(), role)

    def _connection_data(self, row: ConnectionRow, column: int, role: int) -> Any:
        if role == DISPLAY:
            if column == 0:
                return row.label
            text = connection_state_label(row.state)
            if row.state is ConnectionState.CONNECTED:
                count = row.domain_count
                if count == 1:
                    return self.tr("%1 · 1 domain").replace("%1", text)
                return self.tr("%1 · %n domains", "", count).replace("%1", text)
            return text
        if role == DECORATION and column == 0:
            return connection_state_icon(row.state)
        if role == TOOLTIP:
            lines = [redact_uri(row.uri), connection_state_label(row.state)]
            if row.message:
                lines.append(row.message)
            return "\n".join(lines)
        if role == ConnectionRole.URI:
            return row.uri
        if role == ConnectionRole.STATE:
            return str(row.state)
        if role == ConnectionRole.MESSAGE:
            return row.message
        if role == ConnectionRole.AUTOCONNECT:
            return row.autoconnect
        if role == ConnectionRole.DOMAIN_COUNT:
            return row.domain_count
        return None

    def _network_data(self, network: NetworkSnapshot, column: int, role: int) -> Any:
        if role == DISPLAY:
            if column == 0:
                return network.name
            state = self.tr("active") if network.active else self.tr("inactive")
            return f"{network_mode_label(network.mode)} · {state}"
        if role == TOOLTIP:
            details = [network.name, network_mode_label(network.mode)]
            if network.bridge:
                details.append(self.tr("Bridge: %1").replace("%1", network.bridge))
            details.extend(network.subnets)
            return "\n".join(details)
        if role == ConnectionRole.URI:
            return network.connection
        if role == ConnectionRole.NETWORK:
            return network
        return None

    def _pool_data(self, pool: PoolSnapshot, column: int, role: int) -> Any:
        if role == DISPLAY:
            if column == 0:
                return pool.name
            state = pool_state_label(pool.state)
            if not pool.active:
                return self.tr("Storage · %1").replace("%1", state)
            return (
                self.tr("Storage · %1 · %2% used")
                .replace("%1", state)
                .replace("%2", f"{pool.used_fraction * 100:.0f}")
            )
        if role == TOOLTIP:
            details = [pool.name, pool.target_path or pool.source]
            if pool.active:
                details.append(pool_usage_text(pool))
            return "\n".join(d for d in details if d)
        if role == ConnectionRole.URI:
            return pool.connection
        if role == ConnectionRole.POOL:
            return pool
        return None

    # ------------------------------------------------------------ updates

    def row_of(self, uri: str) -> int:
        for number, row in enumerate(self._rows):
            if row.uri == uri:
                return number
        return -1

    def connection_index(self, uri: str) -> QModelIndex:
        row = self.row_of(uri)
        return self.index(row, 0) if row >= 0 else QModelIndex()

    def add_connection(self, uri: str, label: str, *, autoconnect: bool = True) -> None:
        if self.row_of(uri) >= 0:
            return
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(ConnectionRow(uri, label, autoconnect=autoconnect))
        self.endInsertRows()

    def remove_connection(self, uri: str) -> None:
        row = self.row_of(uri)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def set_state(self, uri: str, state: ConnectionState, message: str) -> None:
        row = self.row_of(uri)
        if row < 0:
            return
        self._rows[row].state = state
        self._rows[row].message = message
        self._changed(
            row, [DISPLAY, DECORATION, TOOLTIP, ConnectionRole.STATE, ConnectionRole.MESSAGE]
        )

    def set_autoconnect(self, uri: str, autoconnect: bool) -> None:
        row = self.row_of(uri)
        if row >= 0:
            self._rows[row].autoconnect = autoconnect
            self._changed(row, [ConnectionRole.AUTOCONNECT])

    def set_domain_count(self, uri: str, count: int) -> None:
        row = self.row_of(uri)
        if row >= 0 and self._rows[row].domain_count != count:
            self._rows[row].domain_count = count
            self._changed(row, [DISPLAY, ConnectionRole.DOMAIN_COUNT])

    def _changed(self, row: int, roles: list[Any]) -> None:
        self.dataChanged.emit(
            self.index(row, 0), self.index(row, self.COLUMNS - 1), [int(r) for r in roles]
        )

    def upsert_networks(self, uri: str, snapshots: list[NetworkSnapshot]) -> None:
        """Update known networks in place; insert new ones at their sorted row."""
        row = self.row_of(uri)
        if row < 0:
            return
        parent = self.index(row, 0)
        networks = self._rows[row].networks
        for snapshot in snapshots:
            keys = [name_order(n.name) for n in networks]
            position = bisect_left(keys, name_order(snapshot.name))
            if position < len(networks) and networks[position].name == snapshot.name:
                networks[position] = snapshot
                self.dataChanged.emit(
                    self.index(position, 0, parent),
                    self.index(position, self.COLUMNS - 1, parent),
                    [DISPLAY, TOOLTIP, int(ConnectionRole.NETWORK)],
                )
                continue
            self.beginInsertRows(parent, position, position)
            networks.insert(position, snapshot)
            self.endInsertRows()

    def remove_networks(self, uri: str, names: list[str]) -> None:
        row = self.row_of(uri)
        if row < 0:
            return
        parent = self.index(row, 0)
        networks = self._rows[row].networks
        for name in names:
            for position, network in enumerate(networks):
                if network.name == name:
                    self.beginRemoveRows(parent, position, position)
                    del networks[position]
                    self.endRemoveRows()
                    break

    def upsert_pools(self, uri: str, snapshots: list[PoolSnapshot]) -> None:
        """Update known pools in place; insert new ones at their sorted row (after networks)."""
        row = self.row_of(uri)
        if row < 0:
            return
        parent = self.index(row, 0)
        pools = self._rows[row].pools
        for snapshot in snapshots:
            offset = len(self._rows[row].networks)
            keys = [name_order(p.name) for p in pools]
            position = bisect_left(keys, name_order(snapshot.name))
            if position < len(pools) and pools[position].name == snapshot.name:
                pools[position] = snapshot
                self.dataChanged.emit(
                    self.index(offset + position, 0, parent),
                    self.index(offset + position, self.COLUMNS - 1, parent),
                    [DISPLAY, TOOLTIP, int(ConnectionRole.POOL)],
                )
                continue
            self.beginInsertRows(parent, offset + position, offset + position)
            pools.insert(position, snapshot)
            self.endInsertRows()

    def remove_pools(self, uri: str, names: list[str]) -> None:
        row = self.row_of(uri)
        if row < 0:
            return
        parent = self.index(row, 0)
        pools = self._rows[row].pools
        for name in names:
            for position, pool in enumerate(pools):
                if pool.name == name:
                    offset = len(self._rows[row].networks)
                    self.beginRemoveRows(parent, offset + position, offset + position)
                    del pools[position]
                    self.endRemoveRows()
                    break

    def uris(self) -> list[str]:
        return [row.uri for row in self._rows]
