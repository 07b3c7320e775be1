"""Network modes as users know them: NAT, Bridged, Host-only, Internal, Routed, …"""

from __future__ import annotations

from enum import StrEnum


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
