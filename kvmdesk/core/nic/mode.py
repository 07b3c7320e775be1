"""The network mode a domain NIC is in, as users see it."""

from __future__ import annotations

from collections.abc import Mapping

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot


def nic_mode(nic: NicSnapshot, networks: Mapping[str, NetworkSnapshot]) -> NetworkMode:
    """The mode a domain NIC is in, given the connection's networks by name."""
    if not nic.link_up:
        return NetworkMode.NONE
    if nic.type == "network":
        network = networks.get(nic.source)
        return network.mode if network is not None else NetworkMode.OTHER
    if nic.type == "bridge":
        return NetworkMode.BRIDGED
    if nic.type == "direct":
        return NetworkMode.MACVTAP
    if nic.type == "user":
        return NetworkMode.USER
    return NetworkMode.OTHER
