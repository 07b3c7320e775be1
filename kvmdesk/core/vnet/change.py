"""Which fields an edit of a virtual network changes, and which of them wait for a restart.

Plain values only (no XML): the network dialog uses this to warn while the user
types; :mod:`kvmdesk.core.vnet.edit` decides the same from the XML when saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kvmdesk.core.vnet.spec import NetworkSpec


class NetworkField(StrEnum):
    """The parts of a network a user edits; the values name them in messages and the UI."""

    MODE = "mode"
    SUBNET = "subnet"
    DHCP = "dhcp"
    BRIDGE = "bridge"
    FORWARD_DEV = "forward_dev"
    AUTOSTART = "autostart"


# Changes libvirt applies to a running network; the rest wait for its next start.
LIVE_FIELDS = frozenset({NetworkField.DHCP, NetworkField.AUTOSTART})


@dataclass(frozen=True, slots=True)
class NetworkChange:
    """Which fields an edit changes, and whether the running network must restart for them."""

    fields: frozenset[NetworkField]

    @property
    def needs_restart(self) -> bool:
        """True when a running network keeps its old settings until it is restarted."""
        return bool(self.fields - LIVE_FIELDS)

    @property
    def waiting(self) -> frozenset[NetworkField]:
        """The changed fields that take effect only at the network's next start."""
        return self.fields - LIVE_FIELDS


def network_change(old: NetworkSpec, new: NetworkSpec) -> NetworkChange:
    """The fields that differ between two specs of the same network."""
    changed: set[NetworkField] = set()
    if old.mode != new.mode:
        changed.add(NetworkField.MODE)
    if (old.subnet, old.gateway) != (new.subnet, new.gateway):
        changed.add(NetworkField.SUBNET)
    if (old.dhcp_start, old.dhcp_end) != (new.dhcp_start, new.dhcp_end):
        changed.add(NetworkField.DHCP)
    if old.bridge != new.bridge:
        changed.add(NetworkField.BRIDGE)
    if old.forward_dev != new.forward_dev:
        changed.add(NetworkField.FORWARD_DEV)
    if old.autostart != new.autostart:
        changed.add(NetworkField.AUTOSTART)
    return NetworkChange(frozenset(changed))
