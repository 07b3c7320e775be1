"""The blocking libvirt reads that load a connection; they run in the session's pool.

Plain functions of a ``virConnect`` or of domain handles, holding no state:
they list the domains, read a chunk of them (or a few by UUID after events)
and read virtual networks, and return what they read, as :class:`RawDomain`
or as finished snapshots. The :class:`~kvmdesk.core.connection.session.Session`
decides when to call them, caches the handles they return and applies the
snapshots on its loop.

XML is parsed here, in the pool, on purpose: lxml releases the GIL while
libxml2 parses, so the loop stays free meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import libvirt
from lxml import etree

from kvmdesk.core.domain.read import parse_domain
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.vnet.read import parse_network


class RawDomain(NamedTuple):
    """One domain as read from libvirt: its handle, parsed XML, state code and persistence."""

    uuid: str
    handle: Any
    xml: etree._Element
    code: int
    persistent: bool


def list_domains(conn: Any) -> tuple[list[Any], set[str], dict[str, int]]:
    """Every domain's handle in name order, the transient ones' UUIDs, state codes by UUID."""
    # Names are cached in the handles (no round trip): fetching in name
    # order makes rows arrive in the order the list shows them by default.
    handles = sorted(conn.listAllDomains(0), key=lambda d: d.name().casefold())
    transient = {
        d.UUIDString() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_TRANSIENT)
    }
    states: dict[str, int] = {}
    try:
        for domain, record in conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE, 0):
            states[domain.UUIDString()] = int(record.get("state.state", 0))
    except libvirt.libvirtError:
        pass  # older drivers: states are read one by one in fetch_one
    return handles, transient, states


def fetch_chunk(
    handles: Sequence[Any], transient: set[str], states: dict[str, int]
) -> list[RawDomain]:
    """XML, state code and persistence of each domain, with what :func:`list_domains` read."""
    fetched: list[RawDomain] = []
    for handle in handles:
        try:
            fetched.append(fetch_one(handle, transient=transient, states=states))
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                continue  # undefined while we listed; its event will tell
            raise
    return fetched


def fetch_one(
    handle: Any,
    *,
    transient: set[str] | None = None,
    states: dict[str, int] | None = None,
) -> RawDomain:
    """One domain; state and persistence are asked of libvirt unless already listed."""
    uuid = handle.UUIDString()
    code = states.get(uuid) if states is not None else None
    if code is None:
        code = handle.state()[0]
    persistent = uuid not in transient if transient is not None else bool(handle.isPersistent())
    # Parsed here, in the pool: lxml releases the GIL while libxml2 parses.
    return RawDomain(uuid, handle, etree.fromstring(handle.XMLDesc(0)), code, persistent)


def snapshot_of(raw: RawDomain, uri: str) -> DomainSnapshot:
    """The snapshot of a domain read on the connection ``uri``."""
    return parse_domain(
        raw.xml, connection=uri, state=DomainState.from_libvirt(raw.code), persistent=raw.persistent
    )


def fetch_snapshots(
    handles: Sequence[Any], transient: set[str], states: dict[str, int], uri: str
) -> list[tuple[Any, DomainSnapshot]]:
    """:func:`fetch_chunk` with each domain's snapshot built too, all in the pool.

    Building a snapshot walks the parsed XML in Python: done here, a big inventory or
    a domain of several MB never holds the GUI thread for it.
    """
    return [(raw.handle, snapshot_of(raw, uri)) for raw in fetch_chunk(handles, transient, states)]


def fetch_domains(
    conn: Any, uri: str, uuids: Sequence[str]
) -> tuple[list[tuple[Any, DomainSnapshot]], list[str]]:
    """These domains read again, as (handle, snapshot), and the UUIDs no longer defined."""
    fresh: list[tuple[Any, DomainSnapshot]] = []
    missing: list[str] = []
    for uuid in uuids:
        try:
            handle = conn.lookupByUUIDString(uuid)
            snapshot = snapshot_of(fetch_one(handle), uri)
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                missing.append(uuid)
                continue
            raise
        fresh.append((handle, snapshot))
    return fresh, missing


def fetch_networks(conn: Any, uri: str, names: Sequence[str] | None) -> list[NetworkSnapshot]:
    """These virtual networks (all when ``names`` is None); the ones gone are left out."""
    if names is None:
        handles = conn.listAllNetworks(0)
    else:
        handles = []
        for name in names:
            try:
                handles.append(conn.networkLookupByName(name))
            except libvirt.libvirtError as error:
                if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
                    raise
    snapshots = []
    for handle in handles:
        try:
            snapshots.append(
                parse_network(
                    handle.XMLDesc(0),
                    connection=uri,
                    active=bool(handle.isActive()),
                    autostart=bool(handle.autostart()),
                    persistent=bool(handle.isPersistent()),
                    name=handle.name(),
                )
            )
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
                raise
    return snapshots


def domain_states(conn: Any) -> dict[str, int]:
    """Every domain's state code by UUID, in one call where the driver has it."""
    try:
        return {
            domain.UUIDString(): int(record.get("state.state", 0))
            for domain, record in conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE, 0)
        }
    except libvirt.libvirtError as error:
        if error.get_error_code() != libvirt.VIR_ERR_NO_SUPPORT:
            raise
    return {domain.UUIDString(): domain.state()[0] for domain in conn.listAllDomains(0)}


def network_names(conn: Any) -> list[str]:
    """The names of every virtual network libvirt has (running or defined)."""
    return [network.name() for network in conn.listAllNetworks(0)]
