"""The icons of host interface kinds: bundled SVG outlines in their kind's colour.

Ethernet is a socket, a bridge an arch under its deck, a bond two lines joined into
one and a VLAN a tag: shapes that differ in outline, so they read apart in any palette.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from kvmdesk.core.hostnet.model import InterfaceKind
from kvmdesk.models.icons import DeviceIcon, device_icon
from kvmdesk.models.palette import Colour

_ICONS: dict[str, tuple[DeviceIcon, Colour]] = {
    "ethernet": (DeviceIcon.ETHERNET, Colour.INTERFACE_ETHERNET),
    "bridge": (DeviceIcon.BRIDGE, Colour.INTERFACE_BRIDGE),
    "bond": (DeviceIcon.BOND, Colour.INTERFACE_BOND),
    "vlan": (DeviceIcon.VLAN, Colour.INTERFACE_VLAN),
    "other": (DeviceIcon.OTHER, Colour.INTERFACE_OTHER),
}


def interface_kind_icon(kind: InterfaceKind) -> QIcon:
    return device_icon(*_ICONS.get(kind, _ICONS["other"]))
