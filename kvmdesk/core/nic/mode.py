"""The network mode a domain NIC is in, as users see it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kvmdesk.core.types.labels import NETWORK_MODE_LABELS
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


def _mode_word(mode: NetworkMode) -> str:
    return NETWORK_MODE_LABELS[mode]


def nic_summary(
    nic: NicSnapshot,
    networks: Mapping[str, NetworkSnapshot],
    mode_label: Callable[[NetworkMode], str] = _mode_word,
) -> str:
    """One NIC as the VM list shows it: ``NAT · nat-lan``, ``macvtap · eth1``, ``User-mode``.

    ``mode_label`` gives the mode's word (the GUI passes its translated one).
    """
    mode = nic_mode(nic, networks)
    label = mode_label(mode)
    if mode in (NetworkMode.USER, NetworkMode.NONE) or not nic.source:
        return label
    return f"{label} · {nic.source}"
