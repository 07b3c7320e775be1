"""Network modes as users know them (NAT, Bridged, Host-only, …) and libvirt's forms of them.

One function turns a libvirt ``<network>`` into a mode; another turns a domain
``<interface>`` plus the connection's networks into the mode a user sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from kvmdesk.core.snapshots import NetworkSnapshot, NicSnapshot


class NetworkMode(StrEnum):
    """The mode words used by the CLI (``nat``, ``host-only`` …) and by the UI."""

    NAT = "nat"
    BRIDGED = "bridged"
    HOST_ONLY = "host-only"
    INTERNAL = "internal"
    ROUTED = "routed"
    OPEN = "open"
    MACVTAP = "macvtap"
    USER = "user"
    NONE = "none"
    OTHER = "other"


_MACVTAP_FORWARDS = {"private", "vepa", "passthrough"}


def classify_network(root: etree._Element) -> NetworkMode:
    """Return the mode of a libvirt ``<network>`` element (``OTHER`` when none fits)."""
    forward = root.find("forward")
    has_ip = root.find("ip") is not None
    if forward is None:
        return NetworkMode.HOST_ONLY if has_ip else NetworkMode.INTERNAL
    mode = forward.get("mode", "nat")
    if mode == "nat":
        return NetworkMode.NAT
    if mode == "route":
        return NetworkMode.ROUTED
    if mode == "open":
        return NetworkMode.OPEN
    if mode == "bridge":
        # A bridge-mode network either names a host bridge or, without one,
        # hands out macvtap devices over its <interface dev=…> pool.
        if root.find("bridge") is not None:
            return NetworkMode.BRIDGED
        return NetworkMode.MACVTAP
    if mode in _MACVTAP_FORWARDS:
        return NetworkMode.MACVTAP
    return NetworkMode.OTHER


def classify_network_xml(xml: str | bytes) -> NetworkMode:
    return classify_network(etree.fromstring(xml.encode() if isinstance(xml, str) else xml))


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
