"""The local host's address ranges, routes and default-route interfaces, read from iproute2.

A new virtual network must avoid the ranges; host networking must not cut the
interfaces that carry the default route.

Read from ``ip -j addr`` and ``ip -j route`` (iproute2, on every libvirt host); when
``ip`` is missing or fails, from ``/proc/net/route``, which lists the same connected
ranges as routes. Only for connections to this machine: a remote host's addresses are
not ours to read.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

from kvmdesk.core.util.uri import LibvirtUri

log = logging.getLogger(__name__)

# Routes wider than this are default routes in disguise (a VPN's 0.0.0.0/1 + 128.0.0.0/1):
# every subnet would "overlap" them, so they are not counted as the host's networks.
MIN_ROUTE_PREFIX = 8

_IP_SEARCH_PATH = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")
_TIMEOUT = 5.0


def reads_host_networks(uri: str) -> bool:
    """Whether networks on ``uri`` share this host's routing (local, not the test driver)."""
    return LibvirtUri.parse(uri).is_local_host


def _unique(networks: Iterable[IPv4Network]) -> tuple[IPv4Network, ...]:
    return tuple(dict.fromkeys(networks))


def networks_from_ip_json(addresses: str, routes: str) -> tuple[IPv4Network, ...]:
    """The ranges in ``ip -j -4 addr show`` and ``ip -j -4 route show`` output."""
    found: list[IPv4Network] = []
    for link in _json_list(addresses):
        for info in link.get("addr_info", []) if isinstance(link, dict) else []:
            if not isinstance(info, dict) or info.get("family") != "inet":
                continue
            try:
                interface = ipaddress.IPv4Interface(f"{info['local']}/{info['prefixlen']}")
            except (KeyError, ValueError):
                continue
            found.append(interface.network)
    for route in _json_list(routes):
        if not isinstance(route, dict):
            continue
        network = _route_network(str(route.get("dst", "")))
        if network is not None:
            found.append(network)
    return _unique(found)


def _json_list(text: str) -> list[Any]:
    try:
        data = json.loads(text) if text.strip() else []
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _route_network(destination: str) -> IPv4Network | None:
    if not destination or destination == "default":
        return None
    try:
        network = ipaddress.ip_network(destination, strict=False)
    except ValueError:
        return None
    if not isinstance(network, IPv4Network) or network.prefixlen < MIN_ROUTE_PREFIX:
        return None
    return network


def networks_from_proc_route(text: str) -> tuple[IPv4Network, ...]:
    """The ranges in ``/proc/net/route`` (hex, little-endian destination and mask)."""
    found: list[IPv4Network] = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            destination = int.from_bytes(bytes.fromhex(fields[1]), "little")
            mask = int.from_bytes(bytes.fromhex(fields[7]), "little")
            network = IPv4Network((destination, bin(mask).count("1")), strict=False)
        except ValueError:
            continue
        if network.prefixlen >= MIN_ROUTE_PREFIX:
            found.append(network)
    return _unique(found)


def ip_command() -> str | None:
    """The path of iproute2's ``ip``: on ``PATH``, else where distributions install it."""
    # A desktop session's PATH often lacks the sbin directories.
    found = shutil.which("ip")
    if found:
        return found
    for directory in _IP_SEARCH_PATH:
        candidate = Path(directory) / "ip"
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _run_ip(command: str, *args: str, family: str = "-4") -> str:
    result = subprocess.run(
        [command, "-j", family, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=_TIMEOUT,
        env={**os.environ, "LC_ALL": "C"},
    )
    return result.stdout


def host_networks() -> tuple[IPv4Network, ...]:
    """This host's IPv4 address ranges and routes (default routes left out). Blocking."""
    command = ip_command()
    if command is not None:
        try:
            return networks_from_ip_json(
                _run_ip(command, "addr", "show"), _run_ip(command, "route", "show", "table", "all")
            )
        except (OSError, subprocess.SubprocessError) as error:
            log.info("ip failed (%s); reading /proc/net/route instead", error)
    try:
        return networks_from_proc_route(Path("/proc/net/route").read_text(encoding="ascii"))
    except OSError as error:
        log.warning("cannot read the host's routes: %s", error)
        return ()


def default_route_devices() -> list[str]:
    """This host's interfaces holding a default route, IPv4 and IPv6 (blocking)."""
    command = ip_command()
    devices: list[str] = []
    if command is not None:
        for family in ("-4", "-6"):
            try:
                routes = _json_list(_run_ip(command, "route", "show", "default", family=family))
            except (OSError, subprocess.SubprocessError) as error:
                log.info("ip route failed: %s", error)
                continue
            for route in routes:
                if isinstance(route, dict) and route.get("dev"):
                    devices.append(str(route["dev"]))
    return list(dict.fromkeys(devices))
