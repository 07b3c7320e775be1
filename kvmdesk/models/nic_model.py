"""The network interfaces of one domain, as the details pane lists them.

The model holds the domain's NIC snapshots plus the connection's networks, because
the mode a user sees (NAT, Bridged, Host-only …) of a ``type='network'`` NIC is
the mode of the network it is attached to. NICs changed in the configuration only
(``session.nics.pending_restart``) carry a "takes effect after restart" badge: an amber
icon on the MAC (the column that is always in view), a tooltip and
:attr:`NicRole.PENDING_RESTART`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum, auto
from typing import Any

from PySide6.QtCore import QObject

from kvmdesk.core.nic.mode import nic_mode
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.models.common import DECORATION, DISPLAY, TOOLTIP, AnyIndex, ItemRole, row_at
from kvmdesk.models.icons import DeviceIcon, device_icon
from kvmdesk.models.labels import network_mode_label
from kvmdesk.models.palette import mode_colour
from kvmdesk.models.state_icons import pending_restart_icon
from kvmdesk.models.table_base import ReadOnlyTable
from kvmdesk.models.text import safe_role


class NicColumn(IntEnum):
    MAC = 0
    MODEL = 1
    TYPE = 2
    SOURCE = 3
    MODE = 4
    LINK = 5


class NicRole(ItemRole):
    SNAPSHOT = auto()
    MODE = auto()
    PENDING_RESTART = auto()


# What a NIC plugs into, by libvirt's interface type; tinted with its network mode's colour.
_TYPE_ICONS = {
    "network": DeviceIcon.NETWORK,
    "bridge": DeviceIcon.BRIDGE,
    "direct": DeviceIcon.MACVTAP,
}

# Shown in empty cells, so an empty source reads as "none" rather than as missing data.
_NONE = "—"


class NicTableModel(ReadOnlyTable):
    """Read-only table of one domain's NICs; replaced wholesale by :meth:`set_nics`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._nics: tuple[NicSnapshot, ...] = ()
        self._networks: dict[str, NetworkSnapshot] = {}
        self._pending: frozenset[str] = frozenset()
        self._after: dict[str, NicSnapshot | None] = {}
        self.set_headers(
            [
                self.tr("MAC"),
                self.tr("Model"),
                self.tr("Type"),
                self.tr("Source"),
                self.tr("Mode"),
                self.tr("Link"),
            ]
        )

    # ---------------------------------------------------------- Qt interface

    def row_total(self) -> int:
        return len(self._nics)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        return safe_role(role, self._data(index, role))

    def _data(self, index: AnyIndex, role: int) -> Any:
        nic = row_at(index, self._nics)
        if nic is None:
            return None
        column = NicColumn(index.column())
        if role == DISPLAY:
            return self._display(nic, column)
        if role == NicRole.SNAPSHOT:
            return nic
        if role == NicRole.MODE:
            return str(self.mode(nic))
        if role == NicRole.PENDING_RESTART:
            return self.pending_restart(nic)
        if role == DECORATION and column is NicColumn.MAC and self.pending_restart(nic):
            return pending_restart_icon()
        if role == DECORATION and column is NicColumn.TYPE:
            kind = _TYPE_ICONS.get(nic.type, DeviceIcon.NIC)
            return device_icon(kind, mode_colour(self.mode(nic)))
        if role == TOOLTIP:
            return self._tooltip(nic, column)
        return None

    # --------------------------------------------------------------- values

    def mode(self, nic: NicSnapshot) -> NetworkMode:
        return nic_mode(nic, self._networks)

    def pending_restart(self, nic: NicSnapshot) -> bool:
        """Whether the NIC was changed in the configuration only, until the VM restarts."""
        return nic.mac in self._pending

    def _display(self, nic: NicSnapshot, column: NicColumn) -> str:
        if column is NicColumn.MAC:
            return nic.mac or _NONE
        if column is NicColumn.MODEL:
            return nic.model or _NONE
        if column is NicColumn.TYPE:
            # libvirt's own word (network, bridge, direct, user): what the XML says.
            return nic.type or _NONE
        if column is NicColumn.SOURCE:
            return nic.source or _NONE
        if column is NicColumn.MODE:
            now = network_mode_label(self.mode(nic))
            if nic.mac not in self._after:
                return now
            after = self._after[nic.mac]
            later = (
                network_mode_label(nic_mode(after, self._networks))
                if after is not None
                else self.tr("removed")
            )
            if later == now:
                return now
            return self.tr("%1 → %2 after restart").replace("%1", now).replace("%2", later)
        return self.tr("Up") if nic.link_up else self.tr("Down")

    def _tooltip(self, nic: NicSnapshot, column: NicColumn) -> str | None:
        if column is NicColumn.SOURCE:
            lines = []
            if nic.portgroup:
                lines.append(self.tr("Port group: %1").replace("%1", nic.portgroup))
            if nic.macvtap_mode:
                lines.append(self.tr("macvtap mode: %1").replace("%1", nic.macvtap_mode))
            if nic.target:
                lines.append(self.tr("Host device: %1").replace("%1", nic.target))
            return "\n".join(lines) or None
        if column is NicColumn.MAC and self.pending_restart(nic):
            return self._pending_text()
        if column is NicColumn.MODE:
            lines = []
            if nic.type == "network" and nic.source not in self._networks:
                lines.append(
                    self.tr("Network %1 is not defined on this connection").replace(
                        "%1", nic.source
                    )
                )
            if self.pending_restart(nic):
                lines.append(self._pending_text())
            return "\n".join(lines) or None
        if column is NicColumn.LINK and not nic.link_up:
            return self.tr("The virtual cable is unplugged")
        return None

    def _pending_text(self) -> str:
        return self.tr(
            "Takes effect after restart: the change is saved in the configuration; "
            "the running VM still has the NIC as shown."
        )

    # ------------------------------------------------------------- updates

    def set_nics(
        self, nics: Iterable[NicSnapshot], networks: Mapping[str, NetworkSnapshot]
    ) -> None:
        """Show these NICs; resets the model only if anything shown would change."""
        new_nics = tuple(nics)
        new_networks = dict(networks)
        if new_nics == self._nics and self._same_modes(new_networks):
            # Nothing shown changes; keep the newer networks without disturbing views.
            self._networks = new_networks
            return
        self.beginResetModel()
        self._nics = new_nics
        self._networks = new_networks
        self.endResetModel()

    def _same_modes(self, networks: Mapping[str, NetworkSnapshot]) -> bool:
        # Only the networks these NICs use matter; unrelated network events change nothing.
        return all(
            nic_mode(nic, networks) == nic_mode(nic, self._networks)
            and (nic.source in networks) == (nic.source in self._networks)
            for nic in self._nics
        )

    def set_pending_changes(self, after: Mapping[str, NicSnapshot | None]) -> None:
        """The NICs as the next start will have them, by running MAC (Mode shows both)."""
        new = dict(after)
        if new == self._after:
            return
        self._after = new
        if self._nics:
            column = int(NicColumn.MODE)
            self.dataChanged.emit(
                self.index(0, column), self.index(len(self._nics) - 1, column), [DISPLAY]
            )

    def set_pending_restart(self, macs: Iterable[str]) -> None:
        """Mark the NICs (by MAC) whose change waits for a restart; others lose the badge."""
        pending = frozenset(macs)
        if pending == self._pending:
            return
        changed = pending ^ self._pending
        self._pending = pending
        for row, nic in enumerate(self._nics):
            if nic.mac in changed:
                self.dataChanged.emit(
                    self.index(row, 0),
                    self.index(row, len(NicColumn) - 1),
                    [DECORATION, TOOLTIP, int(NicRole.PENDING_RESTART)],
                )

    def nics(self) -> tuple[NicSnapshot, ...]:
        return self._nics

    def row_of(self, mac: str) -> int:
        """The row of the NIC with ``mac``, -1 when there is none."""
        return next((row for row, nic in enumerate(self._nics) if nic.mac == mac), -1)
