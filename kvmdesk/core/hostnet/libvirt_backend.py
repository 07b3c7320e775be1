"""Host networking through libvirt's interface API (``virInterface*``), in a transaction.

Works where libvirt's interface backend is writable: the test driver (``test:///``),
and hosts whose libvirt uses netcf. Debian's and most desktop builds use the udev
backend, which only reads: :attr:`LibvirtInterfaceBackend.read_only_reason` says so
(found by trying ``virInterfaceChangeBegin`` and rolling back at once).

Every change runs inside ``virInterfaceChangeBegin``: the definitions are written
(``interfaceDefineXML`` / ``undefine``), new interfaces brought up where possible, and
then the caller commits or rolls back. Rollback is verified: afterwards the host's
definitions must be exactly those from before (parsed and compared), and interfaces
that were up are brought up again (the test driver's rollback leaves them all down).

All libvirt calls run in the :class:`~kvmdesk.core.connection.session.Session`'s executor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import libvirt

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet.connection_traffic import uses_local_host
from kvmdesk.core.hostnet.libvirt_listing import ListedInterface, host_interfaces
from kvmdesk.core.hostnet.libvirt_xml import (
    Definition,
    bond_definition,
    bridge_definition,
    definition_xml,
    parse_definition,
)
from kvmdesk.core.hostnet.model import (
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    EthernetSpec,
    HostChange,
    HostInterface,
    InterfaceSpec,
    affected_interfaces,
    describe_change,
    find_interface,
)
from kvmdesk.core.hostnet.types import (
    LIBVIRT_CAPABILITIES,
    BackendCapabilities,
    BackendKind,
    ChangePreview,
    PendingChange,
)
from kvmdesk.core.hostnet.validation import validate_change, warnings
from kvmdesk.core.types.errors import BadInput, LibvirtFailure, one_line
from kvmdesk.core.types.translation import arg, translate

log = logging.getLogger(__name__)

UDEV_READ_ONLY = "libvirt's udev interface backend on this host is read-only; use NetworkManager"


# ----------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one change does to libvirt's definitions, worked out before the transaction."""

    undefine: tuple[str, ...] = ()  # top-level definitions removed (destroyed first)
    define: tuple[str, ...] = ()  # XML documents defined, in order
    start: tuple[str, ...] = ()  # interfaces brought up afterwards
    restart: tuple[str, ...] = ()  # redefined interfaces taken down and up again
    give_back: tuple[EthernetSpec, ...] = ()  # ports defined as plain ethernet if undefined
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Listing:
    """One read of the host: parsed top-level definitions and the snapshot rows."""

    listed: tuple[ListedInterface, ...]
    interfaces: tuple[HostInterface, ...]
    definitions: dict[str, Definition] = field(default_factory=dict)

    def top_level_holding(self, name: str) -> Definition | None:
        """The top-level definition that defines ``name`` inline, or ``name``'s own."""
        own = self.definitions.get(name)
        if own is not None:
            return own
        for definition in self.definitions.values():
            if definition.nested_spec(name) is not None:
                return definition
        return None


@dataclass(slots=True)
class _Handle:
    """Backend-private state of a pending libvirt change."""

    before: dict[str, str]  # top-level name -> XML before the change
    active_before: frozenset[str]
    open: bool = True


def _listed(conn: Any) -> list[ListedInterface]:
    found: list[ListedInterface] = []
    for handle in conn.listAllInterfaces(0):
        try:
            name = handle.name()
            xml = handle.XMLDesc(0)
            active = bool(handle.isActive())
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_INTERFACE:
                continue  # removed while we listed
            raise
        mac = ""
        with contextlib.suppress(libvirt.libvirtError):
            mac = handle.MACString() or ""
        found.append(ListedInterface(name=name, xml=xml, active=active, mac=mac))
    return found


def _read(conn: Any) -> _Listing:
    listed = _listed(conn)
    definitions: dict[str, Definition] = {}
    for item in listed:
        with contextlib.suppress(BadInput):
            definitions[item.name] = parse_definition(item.xml)
    return _Listing(tuple(listed), tuple(host_interfaces(listed)), definitions)


def _macs(interfaces: Sequence[HostInterface], names: Sequence[str]) -> dict[str, str]:
    macs: dict[str, str] = {}
    for name in names:
        interface = find_interface(interfaces, name)
        if interface is not None and interface.mac:
            macs[name] = interface.mac
    return macs


def _ethernet_ports(definition: Definition) -> list[str]:
    """Ethernet interfaces inside a definition (a bond's, a bridge's, a nested bond's)."""
    nested_names = {s.name for s in definition.nested if not isinstance(s, EthernetSpec)}
    names: list[str] = []
    for spec in (definition.spec, *definition.nested):
        if isinstance(spec, BondSpec | BridgeSpec):
            names += [p for p in spec.ports if p not in nested_names]
    return list(dict.fromkeys(names))


def _plain(name: str, definition: Definition | None) -> EthernetSpec:
    pinned = definition.nested_spec(name) if definition is not None else None
    mac = pinned.mac if isinstance(pinned, EthernetSpec) else ""
    return EthernetSpec(name=name, mac=mac)


def _plan(change: HostChange, listing: _Listing) -> _Plan:
    interfaces = listing.interfaces
    lines = [describe_change(change)]
    match change:
        case CreateBond(spec):
            definition = bond_definition(spec, _macs(interfaces, spec.ports))
            if spec.bridge:
                lines.append(f"{spec.name}'s IP configuration goes to bridge {spec.bridge}")
            return _Plan(
                define=(definition_xml(definition),),
                start=(definition.spec.name,),
                lines=(*lines, *warnings(spec)),
            )
        case CreateBridge(bridge):
            ports = [find_interface(interfaces, p) for p in bridge.ports]
            inline: list[InterfaceSpec] = [
                p.definition for p in ports if p is not None and p.definition is not None
            ]
            definition = bridge_definition(bridge, inline, _macs(interfaces, bridge.ports))
            return _Plan(
                define=(definition_xml(definition),),
                start=(bridge.name,),
                lines=tuple(lines),
            )
        case CreateVlan(vlan):
            return _Plan(
                define=(definition_xml(Definition(spec=vlan)),), start=(vlan.name,), lines=(*lines,)
            )
        case EditBond(spec):
            return _plan_edit(spec, listing, lines)
        case DeleteInterface(name):
            return _plan_delete(name, listing, lines)
    raise AssertionError(change)  # pragma: no cover


def _plan_edit(spec: BondSpec, listing: _Listing, lines: list[str]) -> _Plan:
    interfaces = listing.interfaces
    current = find_interface(interfaces, spec.name)
    holder = listing.top_level_holding(spec.name)
    if current is None or holder is None:
        raise BadInput(arg(translate("Core", "no bond named %1 on this host"), repr(spec.name)))
    macs = _macs(interfaces, spec.ports)
    if spec.bridge or holder.spec.name == spec.name:
        definition = bond_definition(spec, macs)
    else:
        # The bond sits inline in a bridge with other ports: rewrite it in there.
        bond = replace(spec, ip=holder.spec.ip, mtu=None)
        others = [s for s in holder.nested if s.name != spec.name]
        definition = Definition(
            spec=holder.spec,
            nested=(bond, *others, *(EthernetSpec(name=p, mac=m) for p, m in macs.items())),
            links=holder.links,
        )
    dropped = [p for p in current.ports if p not in spec.ports]
    if dropped:
        lines.append(f"{', '.join(dropped)} leave the bond and become plain ethernet again")
    return _Plan(
        define=(definition_xml(definition),),
        restart=(definition.spec.name,),
        give_back=tuple(_plain(p, holder) for p in dropped),
        lines=(*lines, *warnings(spec)),
    )


def _plan_delete(name: str, listing: _Listing, lines: list[str]) -> _Plan:
    definition = listing.definitions.get(name)
    if definition is None:
        raise BadInput(arg(translate("Core", "%1 has no definition of its own in libvirt"), name))
    ports = _ethernet_ports(definition)
    if ports:
        lines.append(f"{', '.join(ports)} become plain ethernet interfaces again")
    return _Plan(
        undefine=(name,),
        give_back=tuple(_plain(p, definition) for p in ports),
        lines=tuple(lines),
    )


# ------------------------------------------------------- blocking operations


def _not_supported(error: libvirt.libvirtError) -> bool:
    return error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT or "not supported" in str(error)


def probe_read_only(conn: Any, uri: str, label: str) -> str | None:
    """Why interface changes are impossible on ``conn``, or ``None`` when they work.

    Tries ``virInterfaceChangeBegin`` and rolls back at once (nothing was changed).
    """
    try:
        active_before = frozenset(item.name for item in _listed(conn) if item.active)
    except libvirt.libvirtError as error:
        if _not_supported(error):
            return f"{label} has no host-interface driver; use NetworkManager on the host"
        raise
    try:
        conn.changeBegin(0)
    except libvirt.libvirtError as error:
        if _not_supported(error):
            if uses_local_host(uri):
                return UDEV_READ_ONLY
            return (
                f"libvirt's interface backend on {label} is read-only (udev); "
                "use NetworkManager on that host"
            )
        if error.get_error_code() == libvirt.VIR_ERR_OPERATION_INVALID:
            return None  # another client's transaction is open: writable, just busy
        raise
    conn.changeRollback(0)
    # The test driver's rollback takes every interface down: bring back what was up.
    _restore_active(conn, active_before, [])
    return None


def _restore_active(conn: Any, active_before: frozenset[str], problems: list[str]) -> None:
    for item in _listed(conn):
        if item.name in active_before and not item.active:
            try:
                conn.interfaceLookupByName(item.name).create(0)
            except libvirt.libvirtError as error:
                problems.append(
                    f"{item.name} could not be brought up again ({one_line(str(error))})"
                )


def _bring_up(conn: Any, name: str, notes: list[str]) -> None:
    try:
        handle = conn.interfaceLookupByName(name)
        if not handle.isActive():
            handle.create(0)
    except libvirt.libvirtError as error:
        message = one_line(str(error.get_error_message() or error))
        hint = ""
        if "bond" in name or "bond" in message.lower() or _not_supported(error):
            hint = " (bonds need the kernel's bonding module: is it available?)"
        notes.append(
            f"{name} is defined but could not be brought up: {message}{hint}; "
            "it comes up when the host starts it"
        )


def _apply(conn: Any, plan: _Plan) -> tuple[_Handle, list[str]]:
    """Begin the transaction and apply ``plan``; on any error roll back and raise."""
    listed = _listed(conn)
    before = {item.name: item.xml for item in listed}
    active_before = frozenset(item.name for item in listed if item.active)
    conn.changeBegin(0)
    notes: list[str] = []
    try:
        for name in plan.undefine:
            handle = conn.interfaceLookupByName(name)
            if handle.isActive():
                handle.destroy(0)
            handle.undefine()
        for name in plan.restart:
            with contextlib.suppress(libvirt.libvirtError):
                handle = conn.interfaceLookupByName(name)
                if handle.isActive():
                    handle.destroy(0)
        for xml in plan.define:
            conn.interfaceDefineXML(xml, 0)
        listed_now = {item.name for item in _listed(conn)}
        for port in plan.give_back:
            if port.name not in listed_now:
                conn.interfaceDefineXML(definition_xml(Definition(spec=port)), 0)
    except BaseException:
        with contextlib.suppress(libvirt.libvirtError):
            conn.changeRollback(0)
            _restore_active(conn, active_before, [])
        raise
    for name in (*plan.start, *plan.restart):
        _bring_up(conn, name, notes)
    # Ports given back come up again when they were up, or carried what was deleted.
    removed_active = any(name in active_before for name in plan.undefine)
    for port in plan.give_back:
        if removed_active or port.name in active_before:
            _bring_up(conn, port.name, notes)
    return _Handle(before=before, active_before=active_before), notes


def _commit(conn: Any) -> None:
    conn.changeCommit(0)


def _rollback(conn: Any, handle: _Handle) -> list[str]:
    """Roll back, check the definitions are those from before, bring back what was up."""
    conn.changeRollback(0)
    after = {item.name: item for item in _listed(conn)}
    problems: list[str] = []
    for name in sorted(set(after) - set(handle.before)):
        problems.append(f"{name} still exists")
    for name in sorted(set(handle.before) - set(after)):
        problems.append(f"{name} did not come back")
    for name, xml in handle.before.items():
        if name in after and _differs(xml, after[name].xml):
            problems.append(f"{name} differs from before")
    _restore_active(conn, handle.active_before, problems)
    return problems


def _differs(before: str, after: str) -> bool:
    try:
        return parse_definition(before) != parse_definition(after)
    except BadInput:
        return before != after


# ------------------------------------------------------------------ backend


class LibvirtInterfaceBackend:
    """:class:`~.types.HostNetworkBackend` over libvirt's interface API."""

    kind: BackendKind = "libvirt"
    capabilities: BackendCapabilities = LIBVIRT_CAPABILITIES

    def __init__(self, session: Session, read_only_reason: str | None) -> None:
        self.session = session
        self.read_only_reason = read_only_reason
        self._pending: PendingChange | None = None
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, session: Session) -> LibvirtInterfaceBackend:
        """A backend for ``session``'s connection, with read-only detection done."""
        reason = await session.run(
            probe_read_only, cls._conn_of(session), session.uri, session.label
        )
        return cls(session, reason)

    @staticmethod
    def _conn_of(session: Session) -> Any:
        return session.connection()

    @property
    def _conn(self) -> Any:
        return self._conn_of(self.session)

    @property
    def pending(self) -> PendingChange | None:
        """The change begun and neither committed nor rolled back yet."""
        return self._pending

    async def _listing(self) -> _Listing:
        return await self.session.run(_read, self._conn)

    async def list_interfaces(self) -> list[HostInterface]:
        return list((await self._listing()).interfaces)

    async def _checked_plan(self, change: HostChange) -> tuple[_Listing, _Plan]:
        listing = await self._listing()
        validate_change(change, listing.interfaces, self.capabilities)
        return listing, _plan(change, listing)

    async def preview(self, change: HostChange) -> ChangePreview:
        listing, plan = await self._checked_plan(change)
        if plan.define:
            document = "\n".join(plan.define)
        else:
            removed = [listing.definitions.get(n) for n in plan.undefine]
            document = "\n".join(definition_xml(d) for d in removed if d is not None)
        return ChangePreview(
            lines=plan.lines,
            document=document,
            document_kind="xml",
            affected=tuple(affected_interfaces(change, listing.interfaces)),
        )

    async def begin(self, change: HostChange, *, rollback_timeout_s: int) -> PendingChange:
        """Validate, then apply ``change`` inside ``virInterfaceChangeBegin``.

        libvirt has no rollback timer of its own: ``rollback_timeout_s`` is only
        recorded; :mod:`.safe_apply` (or the caller) must roll back in time.
        """
        if self.read_only_reason is not None:
            raise BadInput(self.read_only_reason)
        async with self._lock:
            if self._pending is not None:
                raise BadInput(
                    translate("Core", "another host-network change is waiting for confirmation")
                )
            listing, plan = await self._checked_plan(change)
            handle, notes = await self.session.run(_apply, self._conn, plan)
            pending = PendingChange(
                change=change,
                backend=self.kind,
                affected=tuple(affected_interfaces(change, listing.interfaces)),
                rollback_timeout_s=rollback_timeout_s,
                notes=tuple(notes),
                handle=handle,
            )
            self._pending = pending
            return pending

    def _own(self, pending: PendingChange) -> _Handle:
        handle = pending.handle
        if pending is not self._pending or not isinstance(handle, _Handle) or not handle.open:
            raise BadInput(
                translate(
                    "Core", "this change is no longer pending (already committed or rolled back)"
                )
            )
        return handle

    async def commit(self, pending: PendingChange) -> None:
        async with self._lock:
            handle = self._own(pending)
            await self.session.run(_commit, self._conn)
            handle.open = False
            self._pending = None

    async def rollback(self, pending: PendingChange) -> None:
        """Roll back and verify; raises LibvirtFailure when the old state did not return."""
        async with self._lock:
            handle = self._own(pending)
            # When changeRollback itself fails the change stays pending (retry possible).
            problems = await self.session.run(_rollback, self._conn, handle)
            handle.open = False
            self._pending = None
            if problems:
                raise LibvirtFailure(f"rollback incomplete: {'; '.join(problems)}")
