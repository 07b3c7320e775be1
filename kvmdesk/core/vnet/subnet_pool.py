"""Suggesting a free subnet for a new network from a configurable pool of candidate ranges.

The pool is a list of IPv4 ranges tried in order. Users get private ranges by default;
``KVMDESK_SUBNET_POOL`` (comma-separated CIDRs) replaces it, which is how tests keep to
the TEST-NET ranges. A suggestion overlaps no libvirt network of the connection and,
for local connections, no address or route of the host.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping, Sequence
from ipaddress import IPv4Network

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.vnet.spec import ipv4_subnets

POOL_ENV = "KVMDESK_SUBNET_POOL"

# 192.168.100.0/24 … 192.168.254.0/24 first (what home users expect to see; libvirt's own
# default network takes 192.168.122.0/24 and is skipped while it exists), then 10.0.0.0/8.
DEFAULT_SUBNET_POOL: tuple[IPv4Network, ...] = (
    *(IPv4Network(f"192.168.{third}.0/24") for third in range(100, 255)),
    IPv4Network("10.0.0.0/8"),
)


def parse_pool(text: str, *, source: str = POOL_ENV) -> tuple[IPv4Network, ...]:
    """Comma-separated IPv4 CIDRs (``198.51.100.0/26,203.0.113.0/27``) as a pool."""
    pool: list[IPv4Network] = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise BadInput(
                arg(translate("Core", "%1: not an IPv4 network: %2"), source, repr(item))
            ) from None
        if not isinstance(network, IPv4Network):
            raise BadInput(
                arg(
                    translate("Core", "%1: only IPv4 networks are supported: %2"),
                    source,
                    repr(item),
                )
            )
        pool.append(network)
    if not pool:
        raise BadInput(arg(translate("Core", "%1 names no networks"), source))
    return tuple(pool)


def subnet_pool(environ: Mapping[str, str] | None = None) -> tuple[IPv4Network, ...]:
    """The candidate ranges: ``$KVMDESK_SUBNET_POOL`` when set, else the default pool."""
    environ = os.environ if environ is None else environ
    text = environ.get(POOL_ENV, "").strip()
    return parse_pool(text) if text else DEFAULT_SUBNET_POOL


def suggest_subnet(
    candidates: Sequence[IPv4Network], taken: Sequence[IPv4Network], prefix: int = 24
) -> IPv4Network | None:
    """The first ``/prefix`` inside the candidates (in order) that overlaps nothing taken.

    A candidate smaller than ``/prefix`` is offered whole. ``None`` when every candidate
    is used up. Jumps past each taken range rather than testing every subnet, so a
    ``/8`` candidate costs no more than a ``/24``.
    """
    ranges = sorted((int(t.network_address), int(t.broadcast_address)) for t in taken)
    for candidate in candidates:
        size_prefix = max(prefix, candidate.prefixlen)
        size = 1 << (32 - size_prefix)
        cursor = int(candidate.network_address)
        last = int(candidate.broadcast_address)
        while cursor + size - 1 <= last:
            end = cursor + size - 1
            blocking = [t_end for t_start, t_end in ranges if t_start <= end and t_end >= cursor]
            if not blocking:
                return IPv4Network((cursor, size_prefix))
            # Next aligned block after the furthest-reaching range that blocks this one.
            after = max(blocking) + 1
            cursor = max(cursor + size, (after + size - 1) // size * size)
    return None


def taken_subnets(
    networks: Iterable[NetworkSnapshot], host_networks: Iterable[IPv4Network] = ()
) -> list[IPv4Network]:
    """Everything a new subnet must not overlap: libvirt networks' and the host's ranges."""
    taken: list[IPv4Network] = []
    for network in networks:
        taken.extend(ipv4_subnets(network))
    taken.extend(host_networks)
    return taken


LONGEST_SUGGESTED_PREFIX = 28


def suggest_free_subnet(
    candidates: Sequence[IPv4Network], taken: Sequence[IPv4Network]
) -> IPv4Network | None:
    """A /24 from the pool that overlaps nothing taken, else the largest smaller block that fits.

    Users' pools are made of /24s; a tight pool (the TEST-NET ranges in tests) still
    yields /25–/28 subnets rather than nothing.
    """
    for prefix in range(24, LONGEST_SUGGESTED_PREFIX + 1):
        subnet = suggest_subnet(candidates, taken, prefix)
        if subnet is not None:
            return subnet
    return None
