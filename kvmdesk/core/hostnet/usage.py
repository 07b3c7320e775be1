"""Which VMs and virtual networks sit on a host interface: what a host change affects.

Bonding ``eth1`` while a VM's macvtap NIC sits on it, or deleting ``br0`` under a
bridged network, cuts those off; the change preview names them first.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot


class UseKind(enum.Enum):
    """How something uses a host interface."""

    MACVTAP = "macvtap"  # a VM NIC of type direct on it
    BRIDGE = "bridge"  # a VM NIC of type bridge, or a bridged network, on it
    FORWARD = "forward"  # a virtual network forwarding through it


@dataclass(frozen=True, slots=True)
class InterfaceUser:
    """A VM (``is_vm``) or a virtual network that uses host interface ``interface``."""

    name: str
    is_vm: bool
    interface: str
    kind: UseKind


def users_of(
    names: Collection[str],
    domains: Iterable[DomainSnapshot],
    networks: Iterable[NetworkSnapshot],
) -> list[InterfaceUser]:
    """Every VM NIC and virtual network on one of the interfaces ``names``; VMs first."""
    wanted = set(names)
    found: list[InterfaceUser] = []
    for domain in sorted(domains, key=lambda d: d.name):
        for nic in domain.nics:
            if nic.source not in wanted:
                continue
            if nic.type == "direct":
                found.append(InterfaceUser(domain.name, True, nic.source, UseKind.MACVTAP))
            elif nic.type == "bridge":
                found.append(InterfaceUser(domain.name, True, nic.source, UseKind.BRIDGE))
    for network in sorted(networks, key=lambda n: n.name):
        # A bridged network's <bridge> is the host's own; libvirt's NAT/host-only
        # networks make their bridge themselves and are never on a host port.
        if network.forward_devices:
            for device in network.forward_devices:
                if device in wanted:
                    found.append(InterfaceUser(network.name, False, device, UseKind.FORWARD))
        elif network.bridge in wanted and network.mode is NetworkMode.BRIDGED:
            found.append(InterfaceUser(network.name, False, network.bridge, UseKind.BRIDGE))
    return list(dict.fromkeys(found))
