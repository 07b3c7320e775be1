"""A thin, typed NetworkManager D-Bus client (dbus-fast, asyncio, Qt-free).

Only what the host-network backend needs: devices and their addresses, connection
profiles (list, read, add, update, delete), activation, and checkpoints. Calls are plain
method calls with explicit signatures (no introspection round trips). D-Bus errors become
:mod:`kvmdesk.core.types.errors` exceptions with NetworkManager's own one-line message:
:class:`~kvmdesk.core.types.errors.BadInput` when NetworkManager rejected what we asked for
(an invalid property, an unknown profile or device), :class:`~kvmdesk.core.types.errors.HostNetworkFailure`
otherwise.

Settings travel as NetworkManager's ``a{sa{sv}}``: ``add_connection``/``update`` take them
wrapped in :class:`dbus_fast.Variant` (see :func:`kvmdesk.core.hostnet.nm_settings.to_dbus`);
``get_settings`` returns them unwrapped into plain Python values.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from dbus_fast import BusType, Message, MessageFlag, MessageType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.errors import DBusError

from kvmdesk.core.hostnet.nm_types import (
    ActiveState,
    AddFlags,
    CheckpointFlags,
    DeviceState,
    DeviceType,
    NmConnection,
    NmDevice,
    PlainSettings,
    RollbackResult,
)
from kvmdesk.core.types.errors import BadInput, HostNetworkFailure, KvmdeskError, one_line

NM_BUS_NAME = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings"

_NM = "org.freedesktop.NetworkManager"
_SETTINGS = "org.freedesktop.NetworkManager.Settings"
_CONNECTION = "org.freedesktop.NetworkManager.Settings.Connection"
_DEVICE = "org.freedesktop.NetworkManager.Device"
_ACTIVE = "org.freedesktop.NetworkManager.Connection.Active"
_IP4CONFIG = "org.freedesktop.NetworkManager.IP4Config"
_IP6CONFIG = "org.freedesktop.NetworkManager.IP6Config"
_PROPERTIES = "org.freedesktop.DBus.Properties"
_DBUS = "org.freedesktop.DBus"

NO_OBJECT = "/"

T = TypeVar("T")

DBusSettings = Mapping[str, Mapping[str, Variant]]

_BAD_INPUT_SUFFIXES = (
    ".InvalidProperty",
    ".MissingProperty",
    ".InvalidSetting",
    ".MissingSetting",
    ".PropertyNotFound",
    ".SettingNotFound",
    ".InvalidConnection",
    ".InvalidArguments",
    ".UnknownConnection",
    ".UnknownDevice",
    ".UuidExists",
    ".ConnectionNotAvailable",
)


def translate_dbus_error(error_name: str, text: str) -> KvmdeskError:
    """A kvmdesk error for a D-Bus error reply, keeping NetworkManager's message."""
    message = one_line(text) or error_name
    if error_name.startswith(_NM) and error_name.endswith(_BAD_INPUT_SUFFIXES):
        return BadInput(message)
    return HostNetworkFailure(message)


def unwrap(value: Any) -> Any:
    """``value`` with every :class:`Variant` replaced by its plain value, recursively."""
    if isinstance(value, Variant):
        return unwrap(value.value)
    if isinstance(value, dict):
        return {key: unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


def _addresses(address_data: Any) -> tuple[str, ...]:
    found = []
    for entry in unwrap(address_data) or []:
        if isinstance(entry, dict) and "address" in entry and "prefix" in entry:
            found.append(f"{entry['address']}/{entry['prefix']}")
    return tuple(found)


async def _skipping_removed(
    paths: list[str],
    results: Sequence[T | BaseException],
    current: Callable[[], Awaitable[list[str]]],
) -> list[tuple[str, T]]:
    """``(path, result)`` of reading the objects ``paths``, but for objects removed meanwhile.

    An object NetworkManager removes between the listing and the read answers with an error
    that depends on how far its removal got (``UnknownConnection``, or D-Bus's own "Object
    does not exist" / "No such interface"): a failed read is skipped when ``current()`` no
    longer lists the object, and raised otherwise.
    """
    failed = any(isinstance(result, BaseException) for result in results)
    still_there = set(await current()) if failed else set()
    found: list[tuple[str, T]] = []
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, KvmdeskError) and path not in still_there:
            continue
        if isinstance(result, BaseException):
            raise result
        found.append((path, result))
    return found


class NetworkManagerClient:
    """NetworkManager over one D-Bus connection. Create with :meth:`connect`; ``close()``."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    @classmethod
    async def connect(cls, bus_address: str | None = None) -> NetworkManagerClient:
        """Connect to the system bus (or ``bus_address``, e.g. ``unix:path=/run/x.sock``).

        Raises :class:`HostNetworkFailure` when the bus cannot be reached.
        """
        try:
            bus = await MessageBus(bus_address=bus_address, bus_type=BusType.SYSTEM).connect()
        except (OSError, DBusError, ValueError) as error:
            where = bus_address or "the system bus"
            raise HostNetworkFailure(
                f"cannot connect to {where}: {one_line(str(error))}"
            ) from error
        return cls(bus)

    def close(self) -> None:
        self._bus.disconnect()

    async def __aenter__(self) -> NetworkManagerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def connected(self) -> bool:
        return bool(self._bus.connected)

    # -- plumbing ------------------------------------------------------------------------------

    async def call(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str = "",
        body: Sequence[Any] = (),
        *,
        destination: str = NM_BUS_NAME,
    ) -> list[Any]:
        """One method call; the reply's body, or the translated error raised."""
        try:
            reply = await self._bus.call(
                Message(
                    destination=destination,
                    path=path,
                    interface=interface,
                    member=member,
                    signature=signature,
                    body=list(body),
                    # A desktop user gets polkit's password prompt instead of a refusal.
                    flags=MessageFlag.ALLOW_INTERACTIVE_AUTHORIZATION,
                )
            )
        except (OSError, EOFError) as error:
            raise HostNetworkFailure(
                f"lost the D-Bus connection to NetworkManager: {one_line(str(error))}"
            ) from error
        if reply is None:  # pragma: no cover - only for NO_REPLY_EXPECTED calls
            return []
        if reply.message_type == MessageType.ERROR:
            text = str(reply.body[0]) if reply.body else ""
            raise translate_dbus_error(reply.error_name or "", text)
        return list(reply.body)

    async def _find_object(self, path: str, interface: str, member: str, key: str) -> str | None:
        """The object path a look-up by ``key`` answers; ``None`` when there is none.

        NetworkManager answers an unknown key with an error (translated to BadInput).
        """
        try:
            (found,) = await self.call(path, interface, member, "s", [key])
        except BadInput:
            return None
        return str(found)

    async def get_property(self, path: str, interface: str, name: str) -> Any:
        (value,) = await self.call(path, _PROPERTIES, "Get", "ss", [interface, name])
        return unwrap(value)

    async def get_properties(self, path: str, interface: str) -> dict[str, Any]:
        (values,) = await self.call(path, _PROPERTIES, "GetAll", "s", [interface])
        return {name: unwrap(value) for name, value in values.items()}

    # -- manager -------------------------------------------------------------------------------

    async def is_running(self) -> bool:
        """NetworkManager owns its name on this bus."""
        (has_owner,) = await self.call(
            "/org/freedesktop/DBus", _DBUS, "NameHasOwner", "s", [NM_BUS_NAME], destination=_DBUS
        )
        return bool(has_owner)

    async def version(self) -> str:
        return str(await self.get_property(NM_PATH, _NM, "Version"))

    # -- devices -------------------------------------------------------------------------------

    async def get_devices(self) -> list[str]:
        """Object paths of the realized devices (``GetDevices``)."""
        (paths,) = await self.call(NM_PATH, _NM, "GetDevices")
        return list(paths)

    async def device_path(self, interface: str) -> str | None:
        """The device object of the network interface ``interface``, or ``None``."""
        return await self._find_object(NM_PATH, _NM, "GetDeviceByIpIface", interface)

    async def device(self, path: str) -> NmDevice:
        """A device's properties, with its IPv4/IPv6 addresses."""
        props = await self.get_properties(path, _DEVICE)
        reason = props.get("StateReason") or [0, 0]
        ipv4 = await self._config_addresses(props.get("Ip4Config", NO_OBJECT), _IP4CONFIG)
        ipv6 = await self._config_addresses(props.get("Ip6Config", NO_OBJECT), _IP6CONFIG)
        return NmDevice(
            path=path,
            interface=str(props.get("Interface", "")),
            device_type=DeviceType.of(int(props.get("DeviceType", 0))),
            state=DeviceState.of(int(props.get("State", 0))),
            state_reason=int(reason[1]),
            hw_address=str(props.get("HwAddress", "")).lower(),
            mtu=int(props.get("Mtu", 0)),
            managed=bool(props.get("Managed", False)),
            real=bool(props.get("Real", True)),
            ipv4=ipv4,
            ipv6=ipv6,
            ports=tuple(props.get("Ports", ())),
            active_connection=str(props.get("ActiveConnection", NO_OBJECT)),
        )

    async def devices(self) -> list[NmDevice]:
        """Every realized device, read concurrently (devices removed meanwhile are skipped)."""
        paths = await self.get_devices()
        results = await asyncio.gather(
            *(self.device(path) for path in paths), return_exceptions=True
        )
        return [device for _, device in await _skipping_removed(paths, results, self.get_devices)]

    async def _config_addresses(self, path: str, interface: str) -> tuple[str, ...]:
        if not path or path == NO_OBJECT:
            return ()
        try:
            return _addresses(await self.get_property(path, interface, "AddressData"))
        except KvmdeskError:
            return ()  # the config object went away between the two reads

    # -- profiles ------------------------------------------------------------------------------

    async def list_connections(self) -> list[str]:
        (paths,) = await self.call(SETTINGS_PATH, _SETTINGS, "ListConnections")
        return list(paths)

    async def get_settings_raw(self, path: str) -> dict[str, dict[str, Variant]]:
        """A profile's settings as D-Bus variants (secrets left out): fit for Update2/Add."""
        (settings,) = await self.call(path, _CONNECTION, "GetSettings")
        return {str(name): dict(group) for name, group in settings.items()}

    async def get_settings(self, path: str) -> PlainSettings:
        """A profile's settings (secrets left out), as plain values."""
        settings = await self.get_settings_raw(path)
        return {
            name: {key: unwrap(value) for key, value in group.items()}
            for name, group in settings.items()
        }

    async def connections(self) -> list[NmConnection]:
        """Every profile with its settings (profiles deleted meanwhile are skipped)."""
        paths = await self.list_connections()
        results = await asyncio.gather(
            *(self.get_settings(path) for path in paths), return_exceptions=True
        )
        read = await _skipping_removed(paths, results, self.list_connections)
        return [NmConnection(path, settings) for path, settings in read]

    async def connection_by_uuid(self, uuid: str) -> str | None:
        return await self._find_object(SETTINGS_PATH, _SETTINGS, "GetConnectionByUuid", uuid)

    async def add_connection(
        self, settings: DBusSettings, *, flags: AddFlags = AddFlags.TO_DISK
    ) -> str:
        """``AddConnection2``: a new profile (saved as a keyfile by default); its path."""
        path, _result = await self.call(
            SETTINGS_PATH,
            _SETTINGS,
            "AddConnection2",
            "a{sa{sv}}ua{sv}",
            [settings, int(flags), {}],
        )
        return str(path)

    async def update(
        self, path: str, settings: DBusSettings, *, flags: AddFlags = AddFlags.TO_DISK
    ) -> None:
        """``Update2``: replace a profile's settings."""
        await self.call(path, _CONNECTION, "Update2", "a{sa{sv}}ua{sv}", [settings, int(flags), {}])

    async def delete(self, path: str) -> None:
        await self.call(path, _CONNECTION, "Delete")

    # -- activation ----------------------------------------------------------------------------

    async def activate(
        self, connection: str, device: str = NO_OBJECT, specific_object: str = NO_OBJECT
    ) -> str:
        """``ActivateConnection``; the active connection's path (activation goes on)."""
        (active,) = await self.call(
            NM_PATH, _NM, "ActivateConnection", "ooo", [connection, device, specific_object]
        )
        return str(active)

    async def deactivate(self, active: str) -> None:
        await self.call(NM_PATH, _NM, "DeactivateConnection", "o", [active])

    async def active_state(self, active: str) -> ActiveState:
        """State of an active connection; ``DEACTIVATED`` once NM dropped the object."""
        try:
            state = await self.get_property(active, _ACTIVE, "State")
        except KvmdeskError:
            return ActiveState.DEACTIVATED
        return ActiveState(int(state))

    async def wait_active(
        self, active: str, *, timeout_s: float = 30.0, poll_s: float = 0.02
    ) -> ActiveState:
        """Wait until ``active`` is activated or deactivated (or the timeout); its state."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            state = await self.active_state(active)
            if state in (ActiveState.ACTIVATED, ActiveState.DEACTIVATED):
                return state
            if loop.time() >= deadline:
                return state
            await asyncio.sleep(poll_s)

    # -- checkpoints ---------------------------------------------------------------------------

    async def checkpoint_create(
        self,
        devices: Iterable[str],
        rollback_timeout_s: int,
        flags: CheckpointFlags = CheckpointFlags.NONE,
    ) -> str:
        """``CheckpointCreate`` over ``devices`` (paths; empty: all); the checkpoint's path.

        NetworkManager rolls back by itself ``rollback_timeout_s`` seconds later (0: never).
        """
        (path,) = await self.call(
            NM_PATH,
            _NM,
            "CheckpointCreate",
            "aouu",
            [list(devices), int(rollback_timeout_s), int(flags)],
        )
        return str(path)

    async def checkpoint_rollback(self, checkpoint: str) -> dict[str, RollbackResult]:
        """``CheckpointRollback``: device path → result. The checkpoint is gone after it."""
        (results,) = await self.call(NM_PATH, _NM, "CheckpointRollback", "o", [checkpoint])
        return {str(path): RollbackResult(int(code)) for path, code in results.items()}

    async def checkpoint_destroy(self, checkpoint: str) -> None:
        await self.call(NM_PATH, _NM, "CheckpointDestroy", "o", [checkpoint])

    async def checkpoint_adjust_rollback_timeout(self, checkpoint: str, add_timeout_s: int) -> None:
        """Reset the checkpoint's timer to ``add_timeout_s`` seconds from now (0: never)."""
        await self.call(
            NM_PATH, _NM, "CheckpointAdjustRollbackTimeout", "ou", [checkpoint, int(add_timeout_s)]
        )

    async def checkpoints(self) -> list[str]:
        return [str(path) for path in await self.get_property(NM_PATH, _NM, "Checkpoints")]
