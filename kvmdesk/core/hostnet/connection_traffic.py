"""Which host interfaces carry a connection's own traffic, so a change can warn first.

Changing the interface a libvirt connection runs over may cut the desktop off that
host: :func:`carries_connection` names the interfaces of a change that do, and the
UI and the CLI say "you may lose the connection" before applying.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Collection, Sequence
from ipaddress import IPv4Address, IPv6Address

from kvmdesk.core.hostnet.model import (
    HostChange,
    HostInterface,
    affected_interfaces,
    find_interface,
)
from kvmdesk.core.util.host_probe import default_route_devices
from kvmdesk.core.util.uri import LibvirtUri

log = logging.getLogger(__name__)

IPAddress = IPv4Address | IPv6Address


def uses_local_host(uri: str) -> bool:
    """Whether ``uri``'s host is this machine (the test driver is no host)."""
    return LibvirtUri.parse(uri).is_local_host


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
