"""A virtual network as a user asks for it, its validation, and the libvirt XML for it.

:class:`NetworkSpec` is the value the network dialog and ``kvmdesk-cli net create`` fill
in; :func:`validate_network_spec` says, in one line, what is wrong with it before anything
is sent to libvirt; :func:`new_network_xml` turns a valid spec into ``<network>`` XML.

Subnets are written ``ADDRESS/PREFIX``. With the network address (``198.51.100.0/24``)
the host takes the first address of the subnet; with a host address
(``198.51.100.1/24``, ``198.51.100.62/26``) the host takes that one. Either way the
subnet is the network the address lies in.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from lxml import etree

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.ifname import IFNAME_MAX_BYTES, IfnameProblem, ifname_message, ifname_problem

# Modes kvmdesk creates networks for, in the order the dialog and the CLI offer them.
CREATABLE_MODES: tuple[NetworkMode, ...] = (
    NetworkMode.NAT,
    NetworkMode.ROUTED,
    NetworkMode.OPEN,
    NetworkMode.HOST_ONLY,
    NetworkMode.INTERNAL,
    NetworkMode.BRIDGED,
)

# Modes whose network has an address on the host side (and so needs a subnet).
SUBNET_MODES = frozenset(
    {NetworkMode.NAT, NetworkMode.ROUTED, NetworkMode.OPEN, NetworkMode.HOST_ONLY}
)

# Modes where libvirt creates and owns the bridge (named virbrN unless one is given).
MANAGED_BRIDGE_MODES = SUBNET_MODES | {NetworkMode.INTERNAL}

# libvirt's <forward mode=…> for each mode; host-only and internal have no <forward>.
FORWARD_MODE: dict[NetworkMode, str] = {
    NetworkMode.NAT: "nat",
    NetworkMode.ROUTED: "route",
    NetworkMode.OPEN: "open",
    NetworkMode.BRIDGED: "bridge",
}

# libvirt only lets nat and route networks name the host device they forward through.
FORWARD_DEV_MODES = frozenset({NetworkMode.NAT, NetworkMode.ROUTED})

MIN_PREFIX = 8
MAX_PREFIX = 30  # /31 and /32 leave no address for a guest beside the host


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """What a user asks for when creating or editing a virtual network.

    ``host_address`` is the host's address on the network; ``None`` means the first
    address of ``subnet``. ``bridge`` is the host bridge to join for ``BRIDGED``; for the
    other modes it optionally names the bridge libvirt creates (empty: libvirt picks
    ``virbrN``). ``forward_dev`` limits NAT or routed forwarding to one host device.
    """

    name: str
    mode: NetworkMode
    subnet: IPv4Network | None = None
    dhcp_start: IPv4Address | None = None
    dhcp_end: IPv4Address | None = None
    bridge: str = ""
    forward_dev: str = ""
    autostart: bool = True
    host_address: IPv4Address | None = None

    @property
    def gateway(self) -> IPv4Address | None:
        """The host's address on the network (what guests use as their gateway)."""
        if self.subnet is None:
            return None
        if self.host_address is not None:
            return self.host_address
        return self.subnet.network_address + 1

    @property
    def has_dhcp(self) -> bool:
        return self.dhcp_start is not None or self.dhcp_end is not None


# ------------------------------------------------------------------ parsing


def parse_subnet(text: str) -> tuple[IPv4Network, IPv4Address | None]:
    """``ADDRESS/PREFIX`` (or ``ADDRESS/NETMASK``) as (subnet, host address or ``None``).

    ``None`` comes back for the network address itself: the host then takes the first
    address. Range checks (prefix, broadcast address) are :func:`validate_network_spec`'s.
    """
    cleaned = text.strip()
    if "/" not in cleaned:
        raise BadInput(
            arg(
                translate("VirtualNetwork", "subnet needs a prefix, as in ADDRESS/24: %1"),
                repr(text),
            )
        )
    try:
        interface = ipaddress.ip_interface(cleaned)
    except ValueError:
        raise BadInput(
            arg(translate("VirtualNetwork", "not an IPv4 subnet: %1"), repr(text))
        ) from None
    if not isinstance(interface, ipaddress.IPv4Interface):
        raise BadInput(
            arg(translate("VirtualNetwork", "only IPv4 subnets are supported: %1"), repr(text))
        )
    network = interface.network
    host = interface.ip if interface.ip != network.network_address else None
    return network, host


def parse_address(text: str, what: str = "address") -> IPv4Address:
    """One IPv4 address, or :class:`BadInput` naming ``what`` it was meant to be."""
    try:
        return IPv4Address(text.strip())
    except ValueError:
        raise BadInput(f"{what} is not an IPv4 address: {text!r}") from None


def parse_mode(word: str) -> NetworkMode:
    """A mode word a network can be created in, else :class:`BadInput` listing them."""
    choices = ", ".join(str(mode) for mode in CREATABLE_MODES)
    try:
        mode = NetworkMode(word.strip().lower())
    except ValueError:
        raise BadInput(f"unknown network mode {word!r} (choose {choices})") from None
    if mode not in CREATABLE_MODES:
        raise BadInput(f"cannot create a network in {mode} mode (choose {choices})")
    return mode


def ipv4_subnets(network: NetworkSnapshot) -> list[IPv4Network]:
    """The IPv4 subnets of a libvirt network (IPv6 and unreadable entries skipped)."""
    subnets: list[IPv4Network] = []
    for text in network.subnets:
        try:
            subnet = ipaddress.ip_network(text, strict=False)
        except ValueError:
            continue
        if isinstance(subnet, IPv4Network):
            subnets.append(subnet)
    return subnets


def host_ranges_besides(
    network: NetworkSnapshot | None, host_networks: Sequence[IPv4Network]
) -> list[IPv4Network]:
    """The host's ranges to check an edit of ``network`` against.

    libvirt routes a running network's subnet to the network's own bridge, so the host
    lists it among its routes: that range is the network itself, not another one.
    """
    if network is None or not network.active:
        return list(host_networks)
    own = set(ipv4_subnets(network))
    return [other for other in host_networks if other not in own]


# What a running network may run differently from its definition (autostart is not in it).
PENDING_FIELDS = (
    "mode",
    "subnet",
    "host_address",
    "dhcp_start",
    "dhcp_end",
    "bridge",
    "forward_dev",
)


def pending_fields(live: NetworkSpec, next_start: NetworkSpec) -> list[str]:
    """The fields in which the running network differs from what its next start uses."""
    return [f for f in PENDING_FIELDS if getattr(live, f) != getattr(next_start, f)]


def default_dhcp_range(
    subnet: IPv4Network, host: IPv4Address | None = None
) -> tuple[IPv4Address, IPv4Address] | None:
    """The upper half of the subnet's guest addresses, leaving the lower half for static ones.

    ``198.51.100.0/24`` with the host on ``.1`` gives ``.128``–``.254``. When the host
    sits inside that half the longer side of it is used; ``None`` when nothing is left.
    """
    host = host if host is not None else subnet.network_address + 1
    first = subnet.network_address + max(subnet.num_addresses // 2, 1)
    last = subnet.broadcast_address - 1
    if first > last:
        return None
    if not first <= host <= last:
        return first, last
    below = (first, host - 1) if host > first else None
    above = (host + 1, last) if host < last else None
    sides = [side for side in (above, below) if side is not None]
    if not sides:
        return None
    return max(sides, key=lambda side: int(side[1]) - int(side[0]))


# --------------------------------------------------------------- validation


def check_network_name(name: str) -> None:
    """libvirt's rules for a network name (it becomes a file name), stated plainly."""
    if not name.strip():
        raise BadInput(translate("VirtualNetwork", "network name is empty"))
    if name != name.strip():
        raise BadInput(
            arg(
                translate(
                    "VirtualNetwork", "network name may not start or end with whitespace: %1"
                ),
                repr(name),
            )
        )
    if "/" in name:
        raise BadInput(
            arg(translate("VirtualNetwork", "network name may not contain '/': %1"), repr(name))
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise BadInput(
            arg(
                translate("VirtualNetwork", "network name may not contain control characters: %1"),
                repr(name),
            )
        )


def check_interface_name(name: str, what: str = "bridge name") -> None:
    """Linux interface-name rules (:func:`~kvmdesk.core.util.ifname.ifname_problem`)."""
    problem = ifname_problem(name)
    if problem is None:
        return
    # Worded like the network-name messages above; reserved names in the shared wording.
    wording = {
        IfnameProblem.EMPTY: f"{what} is empty",
        IfnameProblem.DOT: f"{what} may not be '.' or '..'",
        IfnameProblem.TOO_LONG: f"{what} {name!r} is too long (at most {IFNAME_MAX_BYTES} bytes)",
        IfnameProblem.BAD_CHARACTER: f"{what} may not contain '/', ':' or whitespace: {name!r}",
        IfnameProblem.UNPRINTABLE: f"{what} may not contain control characters: {name!r}",
    }
    raise BadInput(wording.get(problem) or ifname_message(name, problem, what))


def validate_network_spec(
    spec: NetworkSpec,
    existing: Sequence[NetworkSnapshot],
    host_networks: Sequence[IPv4Network] = (),
) -> None:
    """Raise :class:`BadInput` with a one-line reason if ``spec`` cannot be created as is.

    ``existing`` are the connection's other networks (for names, bridges and subnets);
    ``host_networks`` the host's own address ranges and routes (local connections only).
    """
    check_network_name(spec.name)
    for network in existing:
        if network.name == spec.name:
            raise BadInput(
                arg(
                    translate("VirtualNetwork", "a network named %1 already exists"),
                    repr(spec.name),
                )
            )
    if spec.mode not in CREATABLE_MODES:
        parse_mode(str(spec.mode))  # raises the message listing the choices
    _check_bridge(spec, existing)
    _check_forward_dev(spec)
    _check_subnet(spec)
    _check_dhcp(spec)
    _check_overlaps(spec, existing, host_networks)


def _check_bridge(spec: NetworkSpec, existing: Sequence[NetworkSnapshot]) -> None:
    if spec.mode is NetworkMode.BRIDGED and not spec.bridge:
        raise BadInput(
            translate(
                "VirtualNetwork", "a bridged network needs the name of a host bridge (e.g. br0)"
            )
        )
    if not spec.bridge:
        return
    check_interface_name(spec.bridge)
    if spec.mode in MANAGED_BRIDGE_MODES:
        # libvirt creates this bridge itself and refuses a name another network uses.
        for network in existing:
            if network.bridge == spec.bridge:
                raise BadInput(
                    arg(
                        translate("VirtualNetwork", "bridge %1 is already used by network %2"),
                        repr(spec.bridge),
                        repr(network.name),
                    )
                )


def _check_forward_dev(spec: NetworkSpec) -> None:
    if not spec.forward_dev:
        return
    if spec.mode not in FORWARD_DEV_MODES:
        raise BadInput(
            arg(
                translate(
                    "VirtualNetwork",
                    "only nat and routed networks forward through a chosen device, not %1",
                ),
                spec.mode,
            )
        )
    check_interface_name(spec.forward_dev, "forward device name")


def _check_subnet(spec: NetworkSpec) -> None:
    subnet = spec.subnet
    if spec.mode in SUBNET_MODES:
        if subnet is None:
            raise BadInput(f"{_article(spec.mode)} network needs a subnet")
    elif subnet is not None or spec.host_address is not None:
        raise BadInput(f"{_article(spec.mode)} network has no subnet of its own")
    if subnet is None:
        return
    if not MIN_PREFIX <= subnet.prefixlen <= MAX_PREFIX:
        raise BadInput(
            arg(
                translate("VirtualNetwork", "prefix /%1 of %2 is outside /%3 to /%4"),
                subnet.prefixlen,
                subnet,
                MIN_PREFIX,
                MAX_PREFIX,
            )
        )
    host = spec.host_address
    if host is None:
        return
    if host not in subnet:
        raise BadInput(
            arg(translate("VirtualNetwork", "host address %1 is outside %2"), host, subnet)
        )
    if host == subnet.network_address:
        raise BadInput(
            arg(
                translate("VirtualNetwork", "%1 is the network address of %2, not a host address"),
                host,
                subnet,
            )
        )
    if host == subnet.broadcast_address:
        raise BadInput(
            arg(
                translate(
                    "VirtualNetwork", "%1 is the broadcast address of %2, not a host address"
                ),
                host,
                subnet,
            )
        )


def _check_dhcp(spec: NetworkSpec) -> None:
    if not spec.has_dhcp:
        return
    if spec.subnet is None:
        raise BadInput(f"{_article(spec.mode)} network has no DHCP range of its own")
    start, end = spec.dhcp_start, spec.dhcp_end
    if start is None or end is None:
        raise BadInput(
            translate("VirtualNetwork", "a DHCP range needs both a start and an end address")
        )
    subnet = spec.subnet
    for label, address in (("start", start), ("end", end)):
        if address not in subnet:
            raise BadInput(f"DHCP range {label} {address} is outside {subnet}")
        if address in (subnet.network_address, subnet.broadcast_address):
            kind = "network" if address == subnet.network_address else "broadcast"
            raise BadInput(f"DHCP range {label} {address} is the {kind} address of {subnet}")
    if start > end:
        raise BadInput(
            arg(
                translate("VirtualNetwork", "DHCP range is reversed: start %1 comes after end %2"),
                start,
                end,
            )
        )
    gateway = spec.gateway
    if gateway is not None and start <= gateway <= end:
        raise BadInput(
            arg(
                translate("VirtualNetwork", "DHCP range %1-%2 contains the host address %3"),
                start,
                end,
                gateway,
            )
        )


def _check_overlaps(
    spec: NetworkSpec,
    existing: Sequence[NetworkSnapshot],
    host_networks: Sequence[IPv4Network],
) -> None:
    subnet = spec.subnet
    if subnet is None:
        return
    for network in existing:
        for other in ipv4_subnets(network):
            if subnet.overlaps(other):
                raise BadInput(
                    arg(
                        translate("VirtualNetwork", "subnet %1 overlaps network %2 (%3)"),
                        subnet,
                        repr(network.name),
                        other,
                    )
                )
    for other in host_networks:
        if subnet.overlaps(other):
            raise BadInput(
                arg(
                    translate("VirtualNetwork", "subnet %1 overlaps the host's network %2"),
                    subnet,
                    other,
                )
            )


def _article(mode: NetworkMode) -> str:
    word = str(mode)
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# ---------------------------------------------------------------------- XML


def new_network_xml(spec: NetworkSpec) -> str:
    """The ``<network>`` XML for a spec that :func:`validate_network_spec` accepted.

    No UUID, MAC or bridge name is invented: libvirt assigns them at define time.
    """
    root = etree.Element("network")
    etree.SubElement(root, "name").text = spec.name
    forward_mode = FORWARD_MODE.get(spec.mode)
    if forward_mode is not None:
        forward = etree.SubElement(root, "forward", mode=forward_mode)
        if spec.forward_dev:
            forward.set("dev", spec.forward_dev)
    if spec.bridge:
        etree.SubElement(root, "bridge", name=spec.bridge)
    if spec.subnet is not None and spec.gateway is not None:
        ip = etree.SubElement(
            root, "ip", address=str(spec.gateway), prefix=str(spec.subnet.prefixlen)
        )
        if spec.dhcp_start is not None and spec.dhcp_end is not None:
            dhcp = etree.SubElement(ip, "dhcp")
            etree.SubElement(dhcp, "range", start=str(spec.dhcp_start), end=str(spec.dhcp_end))
    return etree.tostring(root, encoding="unicode", pretty_print=True)
