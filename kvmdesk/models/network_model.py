"""The virtual networks of one connection, with the domains attached to each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum, auto
from typing import Any

from PySide6.QtCore import QModelIndex, QObject

from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot
from kvmdesk.models.common import (
    DECORATION,
    DISPLAY,
    TOOLTIP,
    AnyIndex,
    ItemRole,
    name_order,
    row_at,
)
from kvmdesk.models.icons import DeviceIcon, device_icon
from kvmdesk.models.labels import network_mode_label
from kvmdesk.models.palette import Colour, mode_colour
from kvmdesk.models.table_base import ReadOnlyTable
from kvmdesk.models.text import safe_role


class NetworkColumn(IntEnum):
    NAME = 0
    MODE = 1
    BRIDGE = 2
    SUBNETS = 3
    DHCP = 4
    ACTIVE = 5
    AUTOSTART = 6
    PERSISTENT = 7
    DOMAINS = 8


class NetworkRole(ItemRole):
    SNAPSHOT = auto()
    NAME = auto()
    DOMAINS = auto()


def attached_domains(name: str, domains: Iterable[DomainSnapshot]) -> list[str]:
    """Names of the domains with a NIC on network ``name``, sorted."""
    return sorted(
        d.name for d in domains if any(n.type == "network" and n.source == name for n in d.nics)
    )


def running_users(name: str, domains: Iterable[DomainSnapshot]) -> list[str]:
    """Names of the running (or paused) domains with a NIC on network ``name``, sorted."""
    return attached_domains(name, (d for d in domains if d.state.is_active))


class NetworkTableModel(ReadOnlyTable):
    """Rows are networks sorted by name; :meth:`set_networks` diffs and emits minimal changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[NetworkSnapshot] = []
        self._domains: dict[str, list[str]] = {}
        self.set_headers(
            [
                self.tr("Name"),
                self.tr("Mode"),
                self.tr("Bridge"),
                self.tr("Subnets"),
                self.tr("DHCP range"),
                self.tr("Active"),
                self.tr("Autostart"),
                self.tr("Persistent"),
                self.tr("Domains"),
            ]
        )

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        network = row_at(index, self._rows)
        if network is None:
            return None
        if role == NetworkRole.SNAPSHOT:
            return network
        if role == NetworkRole.NAME:
            return network.name
        if role == NetworkRole.DOMAINS:
            return list(self._domains.get(network.name, []))
        column = NetworkColumn(index.column())
        if role == DISPLAY:
            return self._display(network, column)
        if role == DECORATION and column is NetworkColumn.NAME:
            colour = mode_colour(network.mode) if network.active else Colour.INACTIVE
            return device_icon(DeviceIcon.NETWORK, colour)
        if role == TOOLTIP and column is NetworkColumn.DOMAINS:
            return "\n".join(self._domains.get(network.name, [])) or None
        return None

    def _display(self, network: NetworkSnapshot, column: NetworkColumn) -> str:
        yes, no = self.tr("yes"), self.tr("no")
        if column is NetworkColumn.NAME:
            return network.name
        if column is NetworkColumn.MODE:
            return network_mode_label(network.mode)
        if column is NetworkColumn.BRIDGE:
            return network.bridge or ", ".join(network.forward_devices)
        if column is NetworkColumn.SUBNETS:
            return ", ".join(network.subnets)
        if column is NetworkColumn.DHCP:
            return ", ".join(f"{start} – {end}" for start, end in network.dhcp_ranges)
        if column is NetworkColumn.ACTIVE:
            return yes if network.active else no
        if column is NetworkColumn.AUTOSTART:
            return yes if network.autostart else no
        if column is NetworkColumn.PERSISTENT:
            return yes if network.persistent else no
        return ", ".join(self._domains.get(network.name, []))

    def set_networks(
        self, networks: Mapping[str, NetworkSnapshot], domains: Iterable[DomainSnapshot]
    ) -> None:
        """Bring the rows in line with ``networks``: remove, update, insert (sorted by name)."""
        domain_list = list(domains)
        attached = {name: attached_domains(name, domain_list) for name in networks}
        wanted = sorted(networks.values(), key=lambda n: name_order(n.name))
        names = {n.name for n in wanted}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].name not in names:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for network in wanted:
            position = next(
                (i for i, row in enumerate(self._rows) if row.name == network.name), None
            )
            if position is not None:
                if self._rows[position] != network or self._domains.get(
                    network.name
                ) != attached.get(network.name):
                    self._rows[position] = network
                    self._domains[network.name] = attached[network.name]
                    self.dataChanged.emit(
                        self.index(position, 0),
                        self.index(position, len(NetworkColumn) - 1),
                        [
                            DISPLAY,
                            DECORATION,
                            TOOLTIP,
                            int(NetworkRole.SNAPSHOT),
                            int(NetworkRole.DOMAINS),
                        ],
                    )
                continue
            position = sum(
                1 for row in self._rows if name_order(row.name) < name_order(network.name)
            )
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, network)
            self._domains[network.name] = attached[network.name]
            self.endInsertRows()

    def network(self, row: int) -> NetworkSnapshot | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None
