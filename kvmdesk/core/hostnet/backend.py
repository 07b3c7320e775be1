"""The one interface both host-network backends implement, and how one is chosen.

Two implementations: libvirt's interface API (:mod:`.libvirt_backend`; the test driver
and hosts whose libvirt interface backend is writable) and NetworkManager over D-Bus
(``nm_backend``; the local host when NetworkManager runs). A change is applied in two
steps so it can be undone: :meth:`HostNetworkBackend.begin` applies it inside the
backend's transaction (libvirt ``interfaceChangeBegin``) or checkpoint (NetworkManager
``CheckpointCreate`` with a rollback timeout), then :meth:`~HostNetworkBackend.commit`
keeps it or :meth:`~HostNetworkBackend.rollback` restores the exact previous state.
:mod:`.safe_apply` drives those steps with the user's confirmation.

Contract for the NetworkManager module ``kvmdesk.core.hostnet.nm_backend`` (looked up
lazily, so kvmdesk works where it is absent):

* ``async def nm_available() -> bool`` — NetworkManager owns its name on the system bus;
* ``async def open_nm_backend() -> HostNetworkBackend`` — a backend for this host;
* ``def nm_settings_json(change: HostChange, interfaces: Sequence[HostInterface]) -> str``
  — the profile settings the change would add, as JSON (``--print-xml`` with ``--backend nm``).
"""

from __future__ import annotations

import importlib
import ipaddress
import json
import logging
import socket
import subprocess
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv6Address
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from kvmdesk.core.hostnet.model import (
    MAX_ARP_TARGETS,
    BondMode,
    HostChange,
    HostInterface,
    affected_interfaces,
    find_interface,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.host_probe import ip_command
from kvmdesk.core.util.uri import LibvirtUri

if TYPE_CHECKING:
    from kvmdesk.core.connection.session import Session

log = logging.getLogger(__name__)

BackendKind = Literal["libvirt", "nm"]
BACKEND_KINDS: tuple[BackendKind, ...] = ("libvirt", "nm")
NM_MODULE = "kvmdesk.core.hostnet.nm_backend"
DEFAULT_ROLLBACK_TIMEOUT_S = 30

IPAddress = IPv4Address | IPv6Address


@dataclass(frozen=True, slots=True)
class BackendCapabilities:
    """What a backend can express; validation and the dialog adapt to it.

    ``primary_is_first_port``: the backend has no primary option but takes the first
    port as primary (libvirt, only in ``primary_modes``). ``supports_lacp_options``:
    ``lacp_rate`` and ``xmit_hash_policy`` can be set.
    """

    max_arp_targets: int = MAX_ARP_TARGETS
    primary_is_first_port: bool = False
    primary_modes: frozenset[BondMode] = frozenset(
        {BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB}
    )
    supports_lacp_options: bool = True
    supports_vlan: bool = True
    supports_ipv6: bool = True


NM_CAPABILITIES = BackendCapabilities()
# libvirt's interface XML: one <arpmon target>, no lacp_rate / xmit_hash_policy, and
# netcf writes "primary=<first port>" for active-backup only.
LIBVIRT_CAPABILITIES = BackendCapabilities(
    max_arp_targets=1,
    primary_is_first_port=True,
    primary_modes=frozenset({BondMode.ACTIVE_BACKUP}),
    supports_lacp_options=False,
)


@dataclass(frozen=True, slots=True)
class ChangePreview:
    """What a change will do, before it is applied.

    ``lines`` are human sentences ("create bond bond0 (1 active-backup) over eth2, eth3");
    ``document`` is the libvirt interface XML (``document_kind == "xml"``) or the
    NetworkManager settings as JSON (``"json"``); ``affected`` names every interface
    touched (new ones, ports, removed ones).
    """

    lines: tuple[str, ...]
    document: str
    document_kind: Literal["xml", "json"]
    affected: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PendingChange:
    """A change applied inside a transaction/checkpoint, waiting for commit or rollback.

    ``notes`` are things the user must know although the change applied (e.g. "bond0 is
    defined but could not be brought up: this kernel has no bonding module").
    ``handle`` is backend-private (NetworkManager: the checkpoint path).
    """

    change: HostChange
    backend: BackendKind
    affected: tuple[str, ...]
    rollback_timeout_s: int
    notes: tuple[str, ...] = ()
    handle: Any = field(default=None, compare=False)


@runtime_checkable
class HostNetworkBackend(Protocol):
    """A host-network backend (libvirt interface API or NetworkManager)."""

    kind: BackendKind
    # None when changes can be applied; otherwise why not, in one sentence for the UI.
    read_only_reason: str | None
    capabilities: BackendCapabilities

    async def list_interfaces(self) -> list[HostInterface]:
        """Every host interface with its state, addresses, ports and controller."""
        ...

    async def preview(self, change: HostChange) -> ChangePreview:
        """What ``change`` would do; changes nothing. Raises BadInput when invalid."""
        ...

    async def begin(self, change: HostChange, *, rollback_timeout_s: int) -> PendingChange:
        """Validate and apply ``change`` inside a transaction/checkpoint.

        On failure nothing stays applied (the backend rolls back itself) and the error
        is raised. ``rollback_timeout_s`` is how long the backend itself may wait
        before undoing the change on its own (NetworkManager's checkpoint timeout);
        libvirt has no such timer and relies on the caller.
        """
        ...

    async def commit(self, pending: PendingChange) -> None:
        """Keep the change."""
        ...

    async def rollback(self, pending: PendingChange) -> None:
        """Undo the change: the previous definitions and device state come back."""
        ...


# ------------------------------------------------------- connection's own traffic


def _resolve(host: str) -> list[IPAddress]:
    """The addresses ``host`` resolves to (blocking; empty when it does not resolve)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        try:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        except ValueError:
            continue
        if address not in found:
            found.append(address)
    return found


def default_route_devices() -> list[str]:
    """This host's interfaces holding a default route, IPv4 and IPv6 (blocking)."""
    command = ip_command()
    devices: list[str] = []
    if command is not None:
        for family in ("-4", "-6"):
            try:
                result = subprocess.run(
                    [command, "-j", family, "route", "show", "default"],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=5.0,
                )
                routes = json.loads(result.stdout or "[]")
            except (OSError, subprocess.SubprocessError, ValueError) as error:
                log.info("ip route failed: %s", error)
                continue
            for route in routes if isinstance(routes, list) else []:
                if isinstance(route, dict) and route.get("dev"):
                    devices.append(str(route["dev"]))
    return list(dict.fromkeys(devices))


def _holds(interface: HostInterface, address: IPAddress) -> bool:
    for text in (*interface.ipv4, *interface.ipv6):
        try:
            if ipaddress.ip_interface(text).ip == address:
                return True
        except ValueError:
            continue
    return False


def _with_ports(names: Collection[str], interfaces: Sequence[HostInterface]) -> set[str]:
    """``names`` and every port below them (a bridge's traffic also runs over its ports)."""
    found: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        interface = find_interface(interfaces, name)
        if interface is not None:
            pending.extend(interface.ports)
    return found


def _defined_gateways(interfaces: Sequence[HostInterface]) -> list[str]:
    names: list[str] = []
    for interface in interfaces:
        ip = getattr(interface.definition, "ip", None)
        if ip is not None and (ip.gateway is not None or ip.ipv6_gateway is not None):
            names.append(interface.name)
    return names


def connection_interfaces(
    interfaces: Sequence[HostInterface],
    uri: str,
    *,
    default_routes: Collection[str] | None = None,
    remote_addresses: Collection[IPAddress] | None = None,
) -> set[str]:
    """Interfaces of the connection's host that carry the connection's own traffic.

    Remote URI: the interface holding the address the URI's host name resolves to
    (``remote_addresses``; resolved here when ``None``). Local URI (``qemu:///system``):
    this host's default-route interfaces (``default_routes``; read with ``ip route``
    when ``None``) — changing them may cut the desktop off the network. The test
    driver, or a remote host whose address no interface holds (NAT, a jump host):
    the interfaces whose definition has a gateway. Ports below those count too.
    Blocking when the arguments are ``None`` (DNS, ``ip``): call it off the UI thread.
    """
    carriers: list[str] = []
    parsed = LibvirtUri.parse(uri)
    if parsed.is_test:
        carriers = _defined_gateways(interfaces)
    elif parsed.is_local:
        routes = default_route_devices() if default_routes is None else default_routes
        carriers = list(routes) or _defined_gateways(interfaces)
    else:
        addresses = _resolve(parsed.host) if remote_addresses is None else remote_addresses
        carriers = [i.name for i in interfaces if any(_holds(i, a) for a in addresses)]
        if not carriers:
            carriers = _defined_gateways(interfaces)
    return _with_ports(carriers, interfaces)


def carries_connection(
    change: HostChange,
    interfaces: Sequence[HostInterface],
    uri: str,
    *,
    default_routes: Collection[str] | None = None,
    remote_addresses: Collection[IPAddress] | None = None,
) -> list[str]:
    """The interfaces ``change`` affects that carry the connection's own traffic.

    Non-empty means: warn "you may lose the connection" before applying. See
    :func:`connection_interfaces` for how carriers are found (blocking when the
    keyword arguments are ``None``).
    """
    carriers = connection_interfaces(
        interfaces, uri, default_routes=default_routes, remote_addresses=remote_addresses
    )
    return [name for name in affected_interfaces(change, interfaces) if name in carriers]


# ------------------------------------------------------------ choosing a backend


def nm_module() -> ModuleType | None:
    """The NetworkManager backend module, or ``None`` where it is not available."""
    try:
        return importlib.import_module(NM_MODULE)
    except ImportError as error:
        log.info("NetworkManager backend not available: %s", error)
        return None


def parse_backend_kind(text: str) -> BackendKind:
    """``libvirt`` or ``nm``; BadInput otherwise."""
    word = text.strip().lower()
    for kind in BACKEND_KINDS:
        if word == kind:
            return kind
    raise BadInput(f"unknown host-network backend {text!r}: use libvirt or nm")


def uses_local_host(uri: str) -> bool:
    """Whether ``uri``'s host is this machine (the test driver is no host)."""
    return LibvirtUri.parse(uri).is_local_host


async def choose_backend(session: Session, override: str | None = None) -> HostNetworkBackend:
    """The backend for ``session``: NetworkManager for this host when it runs, else libvirt.

    ``override`` (``"libvirt"`` or ``"nm"``) forces one; ``nm`` raises BadInput when
    the connection is not to this host or NetworkManager is not available.
    """
    from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend

    wanted = parse_backend_kind(override) if override else None
    if wanted == "libvirt":
        return await LibvirtInterfaceBackend.open(session)
    local = uses_local_host(session.uri)
    module = nm_module() if local else None
    if wanted == "nm":
        if not local:
            raise BadInput(
                f"the NetworkManager backend manages this machine only, not {session.label}"
            )
        if module is None or not await module.nm_available():
            raise BadInput("the NetworkManager backend is not available here")
        backend: HostNetworkBackend = await module.open_nm_backend()
        return backend
    if module is not None:
        try:
            if await module.nm_available():
                backend = await module.open_nm_backend()
                return backend
        except Exception as error:  # NetworkManager misbehaving must not hide libvirt
            log.warning("NetworkManager backend failed, using libvirt: %s", error)
    return await LibvirtInterfaceBackend.open(session)
