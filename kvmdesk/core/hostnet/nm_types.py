"""Value types of the NetworkManager D-Bus API that kvmdesk uses: enums and snapshots.

The numbers are NetworkManager's own (``nm-dbus-interface.h``); :mod:`.nm_client` reads
and writes them, :mod:`.nm_interfaces` and :mod:`.nm_backend` interpret them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

PlainSettings = dict[str, dict[str, Any]]


class DeviceType(enum.IntEnum):
    """NMDeviceType values kvmdesk distinguishes (others map to ``OTHER`` via :meth:`of`)."""

    UNKNOWN = 0
    ETHERNET = 1
    WIFI = 2
    BOND = 10
    VLAN = 11
    BRIDGE = 13
    GENERIC = 14
    TEAM = 15
    TUN = 16
    VETH = 20
    DUMMY = 22
    LOOPBACK = 32
    OTHER = -1

    @classmethod
    def of(cls, value: int) -> DeviceType:
        try:
            return cls(value)
        except ValueError:
            return cls.OTHER


class DeviceState(enum.IntEnum):
    """NMDeviceState."""

    UNKNOWN = 0
    UNMANAGED = 10
    UNAVAILABLE = 20
    DISCONNECTED = 30
    PREPARE = 40
    CONFIG = 50
    NEED_AUTH = 60
    IP_CONFIG = 70
    IP_CHECK = 80
    SECONDARIES = 90
    ACTIVATED = 100
    DEACTIVATING = 110
    FAILED = 120

    @classmethod
    def of(cls, value: int) -> DeviceState:
        try:
            return cls(value)
        except ValueError:
            return cls.UNKNOWN


class ActiveState(enum.IntEnum):
    """NMActiveConnectionState."""

    UNKNOWN = 0
    ACTIVATING = 1
    ACTIVATED = 2
    DEACTIVATING = 3
    DEACTIVATED = 4


class AddFlags(enum.IntFlag):
    """NMSettingsAddConnection2Flags / NMSettingsUpdate2Flags (the bits kvmdesk uses)."""

    NONE = 0
    TO_DISK = 0x1
    IN_MEMORY = 0x2
    BLOCK_AUTOCONNECT = 0x20


class CheckpointFlags(enum.IntFlag):
    """NMCheckpointCreateFlags."""

    NONE = 0
    DESTROY_ALL = 0x01  # destroy every other checkpoint first
    DELETE_NEW_CONNECTIONS = 0x02  # rollback deletes profiles added after the checkpoint
    DISCONNECT_NEW_DEVICES = 0x04  # rollback disconnects devices that appeared after it
    ALLOW_OVERLAPPING = 0x08


class RollbackResult(enum.IntEnum):
    """NMRollbackResult, per device, from ``CheckpointRollback``."""

    OK = 0
    NO_DEVICE = 1
    DEVICE_UNMANAGED = 2
    FAILED = 3


# NMDeviceStateReason values worth a sentence (the rest are shown as numbers).
_STATE_REASONS = {
    4: "configuration failed",
    5: "no IP configuration could be obtained",
    15: "DHCP could not start",
    16: "DHCP error",
    17: "DHCP failed",
    36: "the device was removed",
    38: "the profile was removed",
    39: "deactivated on request",
    40: "the link (carrier) changed",
    50: "a port or controller it depends on failed",
    64: "an IP address is already in use on the network",
    65: "the IP method is not supported",
}


def state_reason_text(reason: int) -> str:
    """A device state reason (NMDeviceStateReason) in words."""
    return _STATE_REASONS.get(reason, f"device state reason {reason}")


@dataclass(frozen=True, slots=True)
class NmDevice:
    """One NetworkManager device as read from D-Bus.

    ``ipv4``/``ipv6`` are ``address/prefix`` strings; ``ports`` and ``active_connection``
    are object paths (``ports``: devices enslaved to this bond or bridge).
    """

    path: str
    interface: str
    device_type: DeviceType
    state: DeviceState
    state_reason: int
    hw_address: str
    mtu: int
    managed: bool
    real: bool
    ipv4: tuple[str, ...]
    ipv6: tuple[str, ...]
    ports: tuple[str, ...]
    active_connection: str


@dataclass(frozen=True, slots=True)
class NmConnection:
    """A connection profile: its object path and its settings (plain values)."""

    path: str
    settings: PlainSettings

    def value(self, setting: str, key: str, default: Any = None) -> Any:
        return self.settings.get(setting, {}).get(key, default)

    @property
    def uuid(self) -> str:
        return str(self.value("connection", "uuid", ""))

    @property
    def id(self) -> str:
        return str(self.value("connection", "id", ""))

    @property
    def type(self) -> str:
        return str(self.value("connection", "type", ""))

    @property
    def interface_name(self) -> str:
        return str(self.value("connection", "interface-name", ""))

    @property
    def controller(self) -> str:
        """The controller (bond or bridge) this profile is a port of: name or UUID."""
        return str(self.value("connection", "master", ""))

    @property
    def port_type(self) -> str:
        return str(self.value("connection", "slave-type", ""))
