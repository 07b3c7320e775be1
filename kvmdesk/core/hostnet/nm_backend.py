"""The NetworkManager host-network backend: profiles over D-Bus inside a checkpoint.

:meth:`NetworkManagerBackend.begin` creates an NM checkpoint over the affected devices
(``CheckpointCreate`` with the rollback timeout; on rollback NM deletes the profiles added
after it), then adds, updates or deletes profiles (saved as keyfiles)
and activates the outermost new controller; its ``autoconnect-slaves`` brings the ports up.
:meth:`~NetworkManagerBackend.commit` destroys the checkpoint; :meth:`~NetworkManagerBackend.rollback`
rolls it back and then repairs what a checkpoint does not cover: profiles it added that NM
left behind are deleted, profiles it deleted or changed that were not active (so not in the
checkpoint) are restored from the settings saved before. NM finishes a rollback
asynchronously (new bridges and bonds go away, ports deactivate, deleted interfaces come back
up), so rollback returns only once NM reports the affected interfaces as they were before the
change — or raises :class:`~kvmdesk.core.types.errors.HostNetworkFailure` saying what differs when
they are not back within :data:`ROLLBACK_WAIT_S`.

A failed activation (this kernel cannot create a bond: "Operation not supported") rolls
everything back and raises :class:`~kvmdesk.core.types.errors.HostNetworkFailure` with a one-line
reason. The module-level functions are the contract :mod:`.select` uses.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from dbus_fast import Variant

from kvmdesk.core.hostnet.model import (
    BondSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    HostChange,
    HostInterface,
    affected_interfaces,
    describe_change,
    find_interface,
)
from kvmdesk.core.hostnet.nm_client import NetworkManagerClient
from kvmdesk.core.hostnet.nm_interfaces import host_interfaces
from kvmdesk.core.hostnet.nm_settings import (
    BOND,
    BRIDGE,
    ETHERNET,
    Profile,
    bond_profiles,
    controller_of,
    profile_name,
    profiles_for,
    profiles_json,
    to_dbus,
)
from kvmdesk.core.hostnet.nm_types import (
    ActiveState,
    AddFlags,
    CheckpointFlags,
    DeviceState,
    NmConnection,
    state_reason_text,
)
from kvmdesk.core.hostnet.types import NM_CAPABILITIES, BackendKind, ChangePreview, PendingChange
from kvmdesk.core.hostnet.validation import validate_change
from kvmdesk.core.types.errors import BadInput, HostNetworkFailure, KvmdeskError, one_line

log = logging.getLogger(__name__)

_ADD_FLAGS = AddFlags.TO_DISK | AddFlags.BLOCK_AUTOCONNECT
# DISCONNECT_NEW_DEVICES would need a checkpoint over *all* devices; new bonds and bridges go
# away anyway when rollback deletes their new profiles.
_CHECKPOINT_FLAGS = CheckpointFlags.DELETE_NEW_CONNECTIONS
_MODIFY_PERMISSION = "org.freedesktop.NetworkManager.settings.modify.system"
# How long begin() waits for the new interface to come up before reporting it as still
# activating (DHCP without a server takes NM 45 s to give up).
ACTIVATION_WAIT_S = 10.0
# How long rollback waits for NM to report the affected interfaces as they were before.
ROLLBACK_WAIT_S = 30.0
# Device states NM is still moving out of by itself (activating, deactivating, failed).
_UNSETTLED = frozenset(
    s for s in DeviceState if DeviceState.PREPARE <= s < DeviceState.ACTIVATED
) | {DeviceState.DEACTIVATING, DeviceState.FAILED}


class _Seen(NamedTuple):
    """An interface as the user sees it (what rollback must bring back), and its NM state.

    ``ports`` sorted: the order in which NM enslaves ports when it re-activates a bond or a
    bridge is its own. ``state`` is ``None`` for an interface that is only a profile.
    """

    kind: str
    active: bool
    controller: str
    ports: tuple[str, ...]
    ipv4: tuple[str, ...]
    mtu: int | None
    state: DeviceState | None

    @property
    def settled(self) -> bool:
        return self.state not in _UNSETTLED

    def same_as(self, before: _Seen) -> bool:
        """Whether this is what ``before`` was (only the kind, if NM was busy with it then)."""
        if not before.settled:
            return self.kind == before.kind
        return self.settled and self[:-1] == before[:-1]


def _seen(
    names: Sequence[str], interfaces: Sequence[HostInterface], states: dict[str, DeviceState]
) -> dict[str, _Seen | None]:
    """``names`` → how they are now (``None``: no device and no profile)."""
    found: dict[str, _Seen | None] = {}
    for name in names:
        interface = find_interface(interfaces, name)
        found[name] = (
            None
            if interface is None
            else _Seen(
                interface.kind,
                interface.active,
                interface.controller,
                tuple(sorted(interface.ports)),
                interface.ipv4,
                interface.mtu,
                states.get(name),
            )
        )
    return found


def _restored(before: _Seen | None, now: _Seen | None) -> bool:
    if before is None or now is None:
        return before is None and now is None
    return now.same_as(before)


def _difference(name: str, before: _Seen | None, now: _Seen | None) -> str:
    """How ``name`` differs from before, in words."""
    if before is None:
        return f"{name} still exists"
    if now is None:
        return f"{name} is missing"
    if not before.settled:  # then only the kind counts
        return f"{name} is a {now.kind}, was a {before.kind}"
    if not now.settled:
        return f"{name} is still {now.state.name.lower() if now.state else 'changing'}"
    if now.active != before.active:
        return f"{name} is {_activity(now)}, was {_activity(before)}"
    words = {
        "controller": "controller",
        "ports": "ports",
        "ipv4": "IPv4 addresses",
        "mtu": "MTU",
        "kind": "kind",
    }
    for key, label in words.items():
        was, is_ = getattr(before, key), getattr(now, key)
        if was != is_:
            return f"{name}: {label} {_words(is_)}, was {_words(was)}"
    return f"{name} differs"  # pragma: no cover - same_as said it differs


def _activity(seen: _Seen) -> str:
    return "active" if seen.active else "not active"


def _words(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "none"
    return str(value) if value not in ("", None) else "none"


@dataclass(slots=True)
class _Undo:
    """What begin() did, for rollback: checkpoint, profiles added, profiles removed/changed."""

    checkpoint: str
    before: dict[str, _Seen | None] = field(default_factory=dict)  # affected interfaces
    added: list[str] = field(default_factory=list)  # profile paths
    # Profile path → its UUID, for added and changed profiles: NetworkManager gives every
    # profile a new path when it restarts, so the undo finds them again by UUID.
    uuids: dict[str, str] = field(default_factory=dict)
    removed: list[dict[str, dict[str, Variant]]] = field(default_factory=list)  # raw settings
    changed: dict[str, dict[str, dict[str, Variant]]] = field(default_factory=dict)  # path → raw


def _index(path: str) -> int:
    tail = path.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def change_profiles(change: HostChange) -> list[Profile]:
    """The profiles a create/edit change writes (controller first); none for a delete."""
    match change:
        case CreateBond(spec) | EditBond(spec):
            return bond_profiles(spec)
        case CreateBridge(spec) | CreateVlan(spec):
            return profiles_for(spec)
        case DeleteInterface():
            return []
    raise AssertionError(change)  # pragma: no cover


def nm_settings_json(change: HostChange, interfaces: Sequence[HostInterface]) -> str:
    """The profile settings ``change`` would write, as JSON (``--print-xml`` for NM)."""
    if isinstance(change, DeleteInterface):
        below = [n for n in affected_interfaces(change, interfaces) if n != change.name]
        return profiles_json([], delete=change.name, ports_given_back=below)
    action = "update" if isinstance(change, EditBond) else "add"
    return profiles_json(change_profiles(change), action=action)


# (what NM names in "Failed to create <word> interface", plural, kernel module)
_SOFTWARE_DEVICES = (
    ("bond", "bonds", "bonding"),
    ("vlan", "VLAN interfaces", "8021q"),
    ("bridge", "bridges", "bridge"),
)


_NM_SAID = ". NetworkManager: "


def activation_message(name: str, detail: str) -> str:
    """One line saying why ``name`` did not come up, ending with NM's own words."""
    detail = one_line(detail)
    lowered = detail.lower()
    if "not supported" in lowered:
        for word, plural, module in _SOFTWARE_DEVICES:
            if f"create {word} interface" in lowered:
                return (
                    f"{name} could not be brought up: this kernel cannot create {plural} "
                    f"(no '{module}' module){_NM_SAID}{detail}"
                )
    return f"{name} could not be brought up{_NM_SAID}{detail}"


def with_outcome(message: str, outcome: str) -> str:
    """``message`` with ``outcome`` ("nothing was changed") before NM's own words."""
    head, said, detail = message.partition(_NM_SAID)
    return f"{head}; {outcome}{said}{detail}"


def check_supported(change: HostChange, interfaces: Sequence[HostInterface]) -> None:
    """BadInput for what validation allows but this backend does not write (yet)."""
    if isinstance(change, CreateBridge):
        for port in change.spec.ports:
            interface = find_interface(interfaces, port)
            if interface is not None and interface.kind != "ethernet":
                raise BadInput(
                    f"the NetworkManager backend makes bridges over ethernet ports only, not over "
                    f'{interface.kind} {port}: for a bond, use "Use for virtual machines" '
                    "when creating it"
                )


class NetworkManagerBackend:
    """:class:`~.types.HostNetworkBackend` over NetworkManager's D-Bus API."""

    kind: BackendKind = "nm"
    capabilities = NM_CAPABILITIES

    def __init__(
        self,
        client: NetworkManagerClient,
        *,
        read_only_reason: str | None = None,
        activation_wait_s: float = ACTIVATION_WAIT_S,
        rollback_wait_s: float = ROLLBACK_WAIT_S,
    ) -> None:
        self.client = client
        self.read_only_reason = read_only_reason
        self.activation_wait_s = activation_wait_s
        self.rollback_wait_s = rollback_wait_s

    @classmethod
    async def open(cls, bus_address: str | None = None) -> NetworkManagerBackend:
        """Connect to NetworkManager (system bus or ``bus_address``) and check permissions."""
        client = await NetworkManagerClient.connect(bus_address)
        try:
            if not await client.is_running():
                raise HostNetworkFailure("NetworkManager is not running")
            reason = await _read_only_reason(client)
        except BaseException:
            client.close()
            raise
        return cls(client, read_only_reason=reason)

    def close(self) -> None:
        self.client.close()

    # -- reading -------------------------------------------------------------------------------

    async def _connections(self) -> list[NmConnection]:
        return sorted(await self.client.connections(), key=lambda c: _index(c.path))

    async def list_interfaces(self) -> list[HostInterface]:
        return (await self._read())[0]

    async def _read(self) -> tuple[list[HostInterface], dict[str, DeviceState]]:
        """The interfaces, and the NM state of each device (by interface name)."""
        devices = await self.client.devices()
        connections = await self._connections()
        active: dict[str, str] = {}
        for device in devices:
            if device.active_connection not in ("", "/"):
                try:
                    active[device.path] = str(
                        await self.client.get_property(
                            device.active_connection,
                            "org.freedesktop.NetworkManager.Connection.Active",
                            "Connection",
                        )
                    )
                except KvmdeskError:
                    pass  # deactivated meanwhile
        states = {device.interface: device.state for device in devices}
        return host_interfaces(devices, connections, active), states

    async def preview(self, change: HostChange) -> ChangePreview:
        interfaces = await self.list_interfaces()
        validate_change(change, interfaces, self.capabilities)
        check_supported(change, interfaces)
        profiles = change_profiles(change)
        lines = [describe_change(change)]
        if profiles:
            ids = ", ".join(str(p["connection"]["id"]) for p in profiles)
            verb = "write" if isinstance(change, EditBond) else "add"
            lines.append(f"NetworkManager: {verb} profiles {ids} (saved to disk)")
        return ChangePreview(
            lines=tuple(lines),
            document=nm_settings_json(change, interfaces),
            document_kind="json",
            affected=tuple(affected_interfaces(change, interfaces)),
        )

    # -- applying ------------------------------------------------------------------------------

    async def begin(self, change: HostChange, *, rollback_timeout_s: int) -> PendingChange:
        if self.read_only_reason:
            raise BadInput(self.read_only_reason)
        interfaces, states = await self._read()
        validate_change(change, interfaces, self.capabilities)
        check_supported(change, interfaces)
        affected = affected_interfaces(change, interfaces)
        devices = [p for p in [await self.client.device_path(n) for n in affected] if p]
        checkpoint = await self.client.checkpoint_create(
            devices, rollback_timeout_s, _CHECKPOINT_FLAGS
        )
        undo = _Undo(checkpoint, before=_seen(affected, interfaces, states))
        try:
            notes = await self._apply(change, undo)
        except BaseException as error:
            try:
                await self._undo(undo)
            except KvmdeskError as undo_error:
                log.error("undoing a failed change failed too: %s", undo_error)
                raise HostNetworkFailure(f"{error}; undoing it failed too: {undo_error}") from error
            if isinstance(error, KvmdeskError):
                log.info("%s failed and was undone: %s", describe_change(change), error)
                raise type(error)(with_outcome(str(error), "nothing was changed")) from error
            raise
        return PendingChange(
            change=change,
            backend=self.kind,
            affected=tuple(affected),
            rollback_timeout_s=rollback_timeout_s,
            notes=tuple(notes),
            handle=undo,
        )

    async def commit(self, pending: PendingChange) -> None:
        undo = self._handle(pending)
        if undo.checkpoint not in await self.client.checkpoints():
            current = {c.uuid for c in await self.client.connections()}
            if any(undo.uuids.get(path) in current for path in undo.added):
                # Its profiles are still there: no timeout undid it, a restart lost it.
                raise HostNetworkFailure(
                    "NetworkManager restarted while the change waited for confirmation and "
                    "lost its checkpoint, so it cannot be confirmed"
                )
            raise HostNetworkFailure(
                "NetworkManager already undid the change (its rollback timeout ran out)"
            )
        await self.client.checkpoint_destroy(undo.checkpoint)

    async def rollback(self, pending: PendingChange) -> None:
        await self._undo(self._handle(pending))

    @staticmethod
    def _handle(pending: PendingChange) -> _Undo:
        if not isinstance(pending.handle, _Undo):
            raise BadInput("this pending change was not made by the NetworkManager backend")
        return pending.handle

    async def _apply(self, change: HostChange, undo: _Undo) -> list[str]:
        match change:
            case DeleteInterface(name):
                await self._delete_tree(name, undo)
                return []
            case EditBond(spec):
                await self._edit_bond(spec, undo)
            case CreateBond() | CreateBridge() | CreateVlan():
                for profile in change_profiles(change):
                    await self._add(profile, undo)
        return await self._activate(change, undo)

    async def _activate(self, change: HostChange, undo: _Undo) -> list[str]:
        """Bring the new controllers up and wait for them; raise if one fails.

        Only the innermost controller is activated (a bond under a bridge): NM brings up the
        controller above it as a dependency and, through ``autoconnect-slaves``, the ports.
        Activating the bridge instead would succeed without the bond ever coming up.
        """
        names = [
            profile_name(p) for p in change_profiles(change) if p["connection"]["type"] != ETHERNET
        ]
        innermost = names[-1]
        connections = await self._connections()
        target = next(
            (
                c
                for c in connections
                if profile_name(c.settings) == innermost and c.type != ETHERNET
            ),
            None,
        )
        if target is None:  # pragma: no cover - the profile was just written
            raise HostNetworkFailure(f"NetworkManager lost the profile of {innermost}")
        try:
            active = await self.client.activate(target.path)
        except KvmdeskError as error:
            raise HostNetworkFailure(activation_message(innermost, str(error))) from error
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.activation_wait_s
        state = await self.client.wait_active(active, timeout_s=self.activation_wait_s)
        if state is ActiveState.DEACTIVATED:
            raise HostNetworkFailure(activation_message(innermost, await self._reason(innermost)))
        # The others come up as dependencies; only FAILED is final before the deadline (a
        # controller NM has not created yet, or one not past "disconnected", may still come).
        pending = set(names)
        while True:
            devices = {d.interface: d for d in await self.client.devices()}
            states = {name: devices[name].state for name in pending if name in devices}
            pending -= {name for name, state in states.items() if state == DeviceState.ACTIVATED}
            failed = [name for name, state in states.items() if state == DeviceState.FAILED]
            if failed:
                raise HostNetworkFailure(
                    activation_message(failed[0], await self._reason(failed[0]))
                )
            if not pending:
                return []
            if loop.time() >= deadline:
                break
            await asyncio.sleep(0.05)
        stuck = [
            n for n in sorted(pending) if states.get(n, DeviceState.UNKNOWN) < DeviceState.PREPARE
        ]
        if stuck:
            raise HostNetworkFailure(activation_message(stuck[0], await self._reason(stuck[0])))
        return [
            f"{name} is still being activated (waiting for its addresses)"
            for name in sorted(pending)
        ]

    async def _reason(self, name: str) -> str:
        device = await self.client.device_path(name)
        if device is None:
            return "activation failed and the device is gone"
        return f"activation failed: {state_reason_text((await self.client.device(device)).state_reason)}"

    async def _edit_bond(self, spec: BondSpec, undo: _Undo) -> None:
        connections = await self._connections()
        uuids = {c.uuid: profile_name(c.settings) for c in connections}
        wanted = bond_profiles(spec)
        for profile in wanted:
            name = profile_name(profile)
            kind = profile["connection"]["type"]
            existing = next(
                (
                    c
                    for c in connections
                    if profile_name(c.settings) == name
                    and c.type == kind
                    and (kind != ETHERNET or controller_of(c.settings, uuids)[0] == spec.name)
                ),
                None,
            )
            if existing is None:
                await self._add(profile, undo)
                continue
            raw = await self.client.get_settings_raw(existing.path)
            undo.changed.setdefault(existing.path, raw)
            undo.uuids.setdefault(existing.path, existing.uuid)
            profile["connection"].update({"id": existing.id, "uuid": existing.uuid})
            await self.client.update(existing.path, to_dbus(profile), flags=AddFlags.TO_DISK)
        for connection in connections:
            controller, kind = controller_of(connection.settings, uuids)
            if (
                controller == spec.name
                and kind == BOND
                and connection.type == ETHERNET
                and profile_name(connection.settings) not in spec.ports
            ):
                await self._delete_profile(connection, undo)

    async def _delete_tree(self, name: str, undo: _Undo) -> None:
        """Delete the profiles of ``name`` and of every bond, bridge and port below it."""
        connections = await self._connections()
        uuids = {c.uuid: profile_name(c.settings) for c in connections}
        mine = [c for c in connections if profile_name(c.settings) == name and c.type != ETHERNET]
        if not mine:
            raise BadInput(f"{name} has no NetworkManager profile: kvmdesk cannot delete it")
        for connection in mine:
            await self._delete_profile(connection, undo)
        for connection in connections:
            controller, kind = controller_of(connection.settings, uuids)
            if controller != name or kind not in (BOND, BRIDGE):
                continue
            if connection.type == ETHERNET:
                await self._delete_profile(connection, undo)
            else:
                await self._delete_tree(profile_name(connection.settings), undo)

    async def _delete_profile(self, connection: NmConnection, undo: _Undo) -> None:
        try:
            undo.removed.append(await self.client.get_settings_raw(connection.path))
            await self.client.delete(connection.path)
        except BadInput:
            pass  # already gone (deleted with its controller)

    # -- undoing -------------------------------------------------------------------------------

    async def _add(self, profile: Profile, undo: _Undo) -> None:
        path = await self.client.add_connection(to_dbus(profile), flags=_ADD_FLAGS)
        undo.added.append(path)
        undo.uuids[path] = NmConnection(path, await self.client.get_settings(path)).uuid

    async def _undo(self, undo: _Undo) -> None:
        """Roll the checkpoint back, then repair what it did not cover.

        Without the checkpoint (it timed out, or NetworkManager restarted and lost it)
        the repair is all of it. Profiles are found by UUID: after a restart their paths
        are new, and a path kept from before may name somebody else's profile.
        """
        if undo.checkpoint in await self.client.checkpoints():
            results = await self.client.checkpoint_rollback(undo.checkpoint)
            failed = [path for path, result in results.items() if result]
            if failed:
                log.warning("checkpoint rollback incomplete for devices %s", failed)
        current = {c.uuid: c.path for c in await self.client.connections()}

        def now(path: str) -> str | None:
            uuid = undo.uuids.get(path)
            return current.get(uuid) if uuid else (path if path in current.values() else None)

        for path in undo.added:
            found = now(path)
            if found is not None:
                try:
                    await self.client.delete(found)
                except BadInput:
                    pass
        for raw in undo.removed:
            uuid = str(raw.get("connection", {}).get("uuid", Variant("s", "")).value)
            if uuid and uuid not in current:
                await self.client.add_connection(raw, flags=AddFlags.TO_DISK)
        for path, raw in undo.changed.items():
            found = now(path)
            if found is not None:
                await self.client.update(found, raw, flags=AddFlags.TO_DISK)
        await self._wait_restored(undo.before)

    async def _wait_restored(self, before: dict[str, _Seen | None]) -> None:
        """Wait until NM reports the affected interfaces as they were before the change.

        A checkpoint rollback returns before NM has finished: a new bridge is still there
        (or being removed), its ports still deactivating, a deleted bridge not yet active
        again with its ports and addresses. Raises :class:`HostNetworkFailure` naming what
        differs if that does not change within :attr:`rollback_wait_s`.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.rollback_wait_s
        while True:
            now = _seen(list(before), *await self._read())
            differing = [name for name, was in before.items() if not _restored(was, now[name])]
            if not differing:
                return
            if loop.time() >= deadline:
                details = "; ".join(_difference(n, before[n], now[n]) for n in differing)
                raise HostNetworkFailure(
                    "NetworkManager did not bring back the previous state within "
                    f"{self.rollback_wait_s:g} s: {details}"
                )
            await asyncio.sleep(0.05)


async def _read_only_reason(client: NetworkManagerClient) -> str | None:
    """Why this user cannot change system profiles, or ``None`` if they can."""
    try:
        (permissions,) = await client.call(
            "/org/freedesktop/NetworkManager", "org.freedesktop.NetworkManager", "GetPermissions"
        )
    except KvmdeskError as error:
        log.info("GetPermissions failed: %s", error)
        return None
    if str(permissions.get(_MODIFY_PERMISSION, "yes")) == "no":
        return "NetworkManager does not allow this user to change system network profiles"
    return None


async def nm_available(bus_address: str | None = None) -> bool:
    """Whether NetworkManager answers on the system bus (or ``bus_address``)."""
    try:
        client = await NetworkManagerClient.connect(bus_address)
    except KvmdeskError:
        return False
    try:
        return await client.is_running()
    except KvmdeskError:
        return False
    finally:
        client.close()


async def open_nm_backend(bus_address: str | None = None) -> NetworkManagerBackend:
    """A backend for this host's NetworkManager (the contract :mod:`.select` uses)."""
    return await NetworkManagerBackend.open(bus_address)
