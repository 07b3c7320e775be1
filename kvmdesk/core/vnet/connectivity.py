"""What each network mode lets a VM reach, as it really is on libvirt.

One table, shared by the NIC dialog and ``kvmdesk-cli modes``; each reason is marked for
translation in the context ``Connectivity``. It differs from
VMware's and VirtualBox's modes in places; the reasons say where. The
integration tests prove the rows for NAT, host-only and internal with a real
booted guest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP
from kvmdesk.core.types.modes import NetworkMode


class Direction(StrEnum):
    """Who talks to whom; the values are the JSON keys of ``modes --json``."""

    VM_TO_HOST = "vm_to_host"
    HOST_TO_VM = "host_to_vm"
    VM_TO_OTHER = "vm_to_other"
    OTHER_TO_VM = "other_to_vm"
    VM_TO_VM = "vm_to_vm"


class Verdict(StrEnum):
    YES = "yes"
    NO = "no"
    SETUP = "setup"  # possible only with extra setup; the reason says which


@dataclass(frozen=True, slots=True)
class Reach:
    verdict: Verdict
    reason: str


Y, N, S = Verdict.YES, Verdict.NO, Verdict.SETUP

MATRIX: dict[NetworkMode, dict[Direction, Reach]] = {
    NetworkMode.NAT: {
        Direction.VM_TO_HOST: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "The host has an address on the network's bridge (the VM's gateway).",
            ),
        ),
        Direction.HOST_TO_VM: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "The host routes to the virtual subnet directly (unlike VirtualBox NAT).",
            ),
        ),
        Direction.VM_TO_OTHER: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "Outgoing traffic is masqueraded behind the host's address."
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Other hosts reach the VM only through a port forward (DNAT rule) on the host.",
            ),
        ),
        Direction.VM_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "VMs on the same NAT network share its bridge.")
        ),
    },
    NetworkMode.BRIDGED: {
        Direction.VM_TO_HOST: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "The VM is on the host's LAN segment, like another machine."
            ),
        ),
        Direction.HOST_TO_VM: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "The host reaches the VM over the bridge that carries its own address.",
            ),
        ),
        Direction.VM_TO_OTHER: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The VM gets its own address on the LAN.")
        ),
        Direction.OTHER_TO_VM: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "The VM is a peer on the LAN; no forwarding is needed."
            ),
        ),
        Direction.VM_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "VMs on the same bridge see each other directly.")
        ),
    },
    NetworkMode.HOST_ONLY: {
        Direction.VM_TO_HOST: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "The host has an address on the isolated network's bridge."
            ),
        ),
        Direction.HOST_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The host reaches the VMs over that bridge.")
        ),
        Direction.VM_TO_OTHER: Reach(
            N,
            QT_TRANSLATE_NOOP(
                "Connectivity", "No forwarding: libvirt's firewall rules reject routed traffic."
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "No forwarding into the isolated network.")
        ),
        Direction.VM_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "VMs on the same network share its bridge.")
        ),
    },
    NetworkMode.INTERNAL: {
        Direction.VM_TO_HOST: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "The host has no address on this network.")
        ),
        Direction.HOST_TO_VM: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "The host has no address on this network.")
        ),
        Direction.VM_TO_OTHER: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "No forwarding and no gateway.")
        ),
        Direction.OTHER_TO_VM: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "No forwarding and no gateway.")
        ),
        Direction.VM_TO_VM: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Guests see each other only; without DHCP they need static addresses.",
            ),
        ),
    },
    NetworkMode.ROUTED: {
        Direction.VM_TO_HOST: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The host has an address on the network's bridge.")
        ),
        Direction.HOST_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The host routes to the virtual subnet.")
        ),
        Direction.VM_TO_OTHER: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Packets leave unmasqueraded: other hosts need a route back to the subnet via this host.",
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Other hosts (or the LAN router) need a route to the subnet via this host.",
            ),
        ),
        Direction.VM_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "VMs on the same network share its bridge.")
        ),
    },
    NetworkMode.OPEN: {
        Direction.VM_TO_HOST: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The host has an address on the network's bridge.")
        ),
        Direction.HOST_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The host routes to the virtual subnet.")
        ),
        Direction.VM_TO_OTHER: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "libvirt adds no firewall rules: the host's own firewall and a route back decide.",
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Needs a route to the subnet via this host and a host firewall that allows it.",
            ),
        ),
        Direction.VM_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "VMs on the same network share its bridge.")
        ),
    },
    NetworkMode.MACVTAP: {
        Direction.VM_TO_HOST: Reach(
            N,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Not over macvtap: traffic bypasses the host's own stack (use a second NIC or a host macvlan).",
            ),
        ),
        Direction.HOST_TO_VM: Reach(
            N,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Not over macvtap: the host's interface cannot reach its own macvtap guests.",
            ),
        ),
        Direction.VM_TO_OTHER: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "The VM appears on the physical LAN with its own MAC."
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            Y, QT_TRANSLATE_NOOP("Connectivity", "The VM is a peer on the physical LAN.")
        ),
        Direction.VM_TO_VM: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "In macvtap bridge mode; VEPA needs a hairpin switch, private mode never.",
            ),
        ),
    },
    NetworkMode.USER: {
        Direction.VM_TO_HOST: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity",
                "Through the user-mode stack: the guest's gateway address maps to the host.",
            ),
        ),
        Direction.HOST_TO_VM: Reach(
            S,
            QT_TRANSLATE_NOOP(
                "Connectivity", "Only through port forwards (passt or slirp hostfwd)."
            ),
        ),
        Direction.VM_TO_OTHER: Reach(
            Y,
            QT_TRANSLATE_NOOP(
                "Connectivity", "Connections are made by the host process on the VM's behalf."
            ),
        ),
        Direction.OTHER_TO_VM: Reach(
            S, QT_TRANSLATE_NOOP("Connectivity", "Only through port forwards on the host.")
        ),
        Direction.VM_TO_VM: Reach(
            N, QT_TRANSLATE_NOOP("Connectivity", "Every user-mode NIC is its own private network.")
        ),
    },
}

MATRIX_MODES: tuple[NetworkMode, ...] = tuple(MATRIX)


def reach(mode: NetworkMode, direction: Direction) -> Reach:
    return MATRIX[mode][direction]


def matrix_json() -> dict[str, dict[str, dict[str, Any]]]:
    """The whole table in the shape ``kvmdesk-cli modes --json`` prints."""
    return {
        str(mode): {
            str(direction): {"value": str(entry.verdict), "reason": entry.reason}
            for direction, entry in rows.items()
        }
        for mode, rows in MATRIX.items()
    }
