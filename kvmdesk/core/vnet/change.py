"""What an edit of a virtual network changes, compared spec to spec (no XML).

libvirt applies only DHCP-range and autostart changes to a running network; everything
else is stored and takes effect when the network next starts. The network dialog shows
that before anything is sent; :mod:`.edit` writes the XML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.util.three_way import pick_sides
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


def _dhcp(spec: NetworkSpec) -> str:
    if not spec.has_dhcp:
        return "off"
    return f"{spec.dhcp_start}–{spec.dhcp_end}"


def _subnet(spec: NetworkSpec) -> str:
    return f"{spec.gateway}/{spec.subnet.prefixlen}" if spec.subnet is not None else "none"


# How each field reads from a spec, as a conflict shows it.
_READERS: dict[str, Callable[[NetworkSpec], object]] = {
    NetworkField.MODE: lambda spec: spec.mode.value,
    NetworkField.SUBNET: _subnet,
    NetworkField.DHCP: _dhcp,
    NetworkField.BRIDGE: lambda spec: spec.bridge,
    NetworkField.FORWARD_DEV: lambda spec: spec.forward_dev,
    NetworkField.AUTOSTART: lambda spec: "on" if spec.autostart else "off",
}


def merge_network_edit(
    base: NetworkSpec,
    mine: NetworkSpec,
    theirs: NetworkSpec,
    resolution: Mapping[str, Side] | None = None,
) -> NetworkSpec:
    """``theirs`` (the network now) with the fields the user changed from ``base``.

    :class:`~kvmdesk.core.types.conflicts.EditConflict` for a field changed elsewhere
    too, to another value, that ``resolution`` does not settle.
    """
    sides = pick_sides(f"network {base.name}", base, mine, theirs, _READERS, resolution)

    def pick(field: NetworkField) -> NetworkSpec:
        return mine if sides[field] is Side.MINE else theirs

    subnet = pick(NetworkField.SUBNET)
    dhcp = pick(NetworkField.DHCP)
    return replace(
        theirs,
        mode=pick(NetworkField.MODE).mode,
        subnet=subnet.subnet,
        host_address=subnet.host_address,
        dhcp_start=dhcp.dhcp_start,
        dhcp_end=dhcp.dhcp_end,
        bridge=pick(NetworkField.BRIDGE).bridge,
        forward_dev=pick(NetworkField.FORWARD_DEV).forward_dev,
        autostart=pick(NetworkField.AUTOSTART).autostart,
    )
