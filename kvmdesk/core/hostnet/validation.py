"""What is wrong with a bond, bridge or VLAN spec, in one line, before anything is applied.

The bond dialog and ``kvmdesk-cli`` share these checks, so a message is written once.
Every ``validate_*`` function raises :class:`~kvmdesk.core.types.errors.BadInput` with the
first problem found; :func:`warnings` lists what is allowed but worth saying.

MII delays must be multiples of the MII interval. The kernel would round them down
with a log message nobody reads; here they are rejected instead, and the message
names the nearest valid values, so what the user typed is what the host does.

Backends differ (:class:`~.types.BackendCapabilities`): libvirt's interface XML
holds one ARP target, has no LACP options and takes the first port as primary in
active-backup only; NetworkManager takes everything the kernel does.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Interface, IPv6Interface
from typing import cast

from kvmdesk.core.hostnet.model import (
    LACP_RATES,
    MAX_ARP_TARGETS,
    XMIT_HASH_POLICIES,
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    HostChange,
    HostInterface,
    IpConfig,
    Ipv6Method,
    VlanSpec,
    find_interface,
)
from kvmdesk.core.hostnet.types import NM_CAPABILITIES, BackendCapabilities
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.ifname import validate_ifname

LOOPBACK = "lo"  # libvirt's udev backend lists it as an ethernet interface
MIN_MTU = 68  # the smallest MTU IPv4 works with
MIN_MTU_IPV6 = 1280
MAX_MTU = 65535
MAX_INTERVAL_MS = 2**31 - 1  # the kernel keeps intervals in an int
MIN_VLAN_ID = 1
MAX_VLAN_ID = 4094  # 0 and 4095 are reserved by 802.1Q
MAX_BRIDGE_DELAY_S = 30.0
MIN_STP_DELAY_S = 2.0  # the kernel's range for forward_delay while STP runs

_PORT_KINDS_FOR_BRIDGE = frozenset({"ethernet", "bond", "vlan"})
_VLAN_PARENT_KINDS = frozenset({"ethernet", "bond", "bridge"})


def _a(word: str) -> str:
    """``word`` with its indefinite article: "an ethernet", "a bridge"."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _mode_names(modes: frozenset[BondMode] | set[BondMode]) -> str:
    return ", ".join(mode.kernel_name for mode in sorted(modes))


# ------------------------------------------------------------------------ names


def _require_free_name(name: str, what: str, interfaces: Sequence[HostInterface]) -> None:
    validate_ifname(name, what)
    if find_interface(interfaces, name) is not None:
        raise BadInput(
            arg(translate("HostNetwork", "an interface named %1 already exists"), repr(name))
        )


# ---------------------------------------------------------------- IP and MTU


def _check_v4_address(address: IPv4Interface, owner: str) -> None:
    ip, network = address.ip, address.network
    if network.prefixlen == 0:
        raise BadInput(
            arg(
                translate("HostNetwork", "%1 has prefix /0: give the subnet's prefix, e.g. /24"),
                address,
            )
        )
    if ip.is_unspecified or ip.is_multicast or ip.is_loopback or ip == IPv4Address(2**32 - 1):
        raise BadInput(arg(translate("HostNetwork", "%1 cannot be the address of %2"), ip, owner))
    if network.prefixlen <= 30 and ip in (network.network_address, network.broadcast_address):
        which = "network" if ip == network.network_address else "broadcast"
        raise BadInput(f"{address} is the {which} address of {network}, not a host address")


def _check_v6_address(address: IPv6Interface, owner: str) -> None:
    if address.network.prefixlen == 0:
        raise BadInput(
            arg(
                translate("HostNetwork", "%1 has prefix /0: give the subnet's prefix, e.g. /64"),
                address,
            )
        )
    if address.ip.is_unspecified or address.ip.is_multicast or address.ip.is_loopback:
        raise BadInput(
            arg(translate("HostNetwork", "%1 cannot be the address of %2"), address.ip, owner)
        )


def validate_ip(ip: IpConfig, owner: str, capabilities: BackendCapabilities) -> None:
    """``owner`` names the interface in messages ("bond0")."""
    if ip.ipv4 == "static" and not ip.addresses:
        raise BadInput(
            arg(translate("HostNetwork", "static IPv4 on %1 needs at least one address"), owner)
        )
    if ip.ipv4 == "none" and (ip.addresses or ip.gateway is not None):
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "IPv4 addresses or a gateway are given for %1 but IPv4 is off"
                ),
                owner,
            )
        )
    for address in ip.addresses:
        _check_v4_address(address, owner)
    if len(set(ip.addresses)) != len(ip.addresses):
        raise BadInput(
            arg(translate("HostNetwork", "an IPv4 address is given twice for %1"), owner)
        )
    if ip.gateway is not None:
        if ip.gateway in {a.ip for a in ip.addresses}:
            raise BadInput(
                arg(translate("HostNetwork", "gateway %1 is %2's own address"), ip.gateway, owner)
            )
        if ip.ipv4 == "static" and not any(ip.gateway in a.network for a in ip.addresses):
            raise BadInput(
                arg(
                    translate("HostNetwork", "gateway %1 is outside %2's subnets"),
                    ip.gateway,
                    owner,
                )
            )
    if ip.ipv6 != "ignore" and not capabilities.supports_ipv6:
        raise BadInput(translate("HostNetwork", "this backend cannot configure IPv6"))
    if ip.ipv6 == "static" and not ip.ipv6_addresses:
        raise BadInput(
            arg(translate("HostNetwork", "static IPv6 on %1 needs at least one address"), owner)
        )
    if ip.ipv6 in ("ignore", "link-local") and (ip.ipv6_addresses or ip.ipv6_gateway):
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "IPv6 addresses or a gateway are given for %1 but IPv6 is off"
                ),
                owner,
            )
        )
    for address6 in ip.ipv6_addresses:
        _check_v6_address(address6, owner)
    if len(set(ip.ipv6_addresses)) != len(ip.ipv6_addresses):
        raise BadInput(
            arg(translate("HostNetwork", "an IPv6 address is given twice for %1"), owner)
        )


def validate_mtu(mtu: int | None, ip: IpConfig, owner: str) -> None:
    if mtu is None:
        return
    if not MIN_MTU <= mtu <= MAX_MTU:
        raise BadInput(
            arg(
                translate("HostNetwork", "MTU %1 of %2 is out of range (%3-%4)"),
                mtu,
                owner,
                MIN_MTU,
                MAX_MTU,
            )
        )
    if ip.ipv6 != "ignore" and mtu < MIN_MTU_IPV6:
        raise BadInput(
            arg(
                translate("HostNetwork", "MTU %1 of %2 is too small for IPv6 (at least %3)"),
                mtu,
                owner,
                MIN_MTU_IPV6,
            )
        )


# ------------------------------------------------------------------------ bonds


def _check_interval(value: int, what: str) -> None:
    if not 1 <= value <= MAX_INTERVAL_MS:
        raise BadInput(f"{what} must be between 1 and {MAX_INTERVAL_MS} ms, not {value}")


def _check_delay(value: int, interval: int, what: str) -> None:
    if value < 0:
        raise BadInput(f"{what} must not be negative ({value} ms)")
    if value % interval:
        lower = value - value % interval
        hint = f"{lower} or {lower + interval}" if lower else str(interval)
        raise BadInput(
            f"{what} {value} ms is not a multiple of the MII interval {interval} ms "
            f"(use {hint}, or 0)"
        )


def _check_monitoring(spec: BondSpec, capabilities: BackendCapabilities) -> None:
    if spec.mii is not None and spec.arp is not None:
        raise BadInput(translate("HostNetwork", "use MII or ARP link monitoring, not both"))
    if spec.mii is not None:
        _check_interval(spec.mii.interval_ms, "MII interval")
        _check_delay(spec.mii.updelay_ms, spec.mii.interval_ms, "up delay")
        _check_delay(spec.mii.downdelay_ms, spec.mii.interval_ms, "down delay")
    if spec.arp is None:
        return
    if not spec.mode.guide.arp_monitoring:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "ARP monitoring does not work in %1 mode: use MII monitoring"
                ),
                spec.mode.kernel_name,
            )
        )
    _check_interval(spec.arp.interval_ms, "ARP interval")
    targets = spec.arp.targets
    if not targets:
        raise BadInput(translate("HostNetwork", "ARP monitoring needs at least one target address"))
    if len(targets) > MAX_ARP_TARGETS:
        raise BadInput(
            arg(
                translate("HostNetwork", "ARP monitoring takes at most %1 targets, not %2"),
                MAX_ARP_TARGETS,
                len(targets),
            )
        )
    if len(targets) > capabilities.max_arp_targets:
        if capabilities.max_arp_targets == 1:
            raise BadInput(
                arg(
                    translate(
                        "HostNetwork",
                        "the libvirt backend holds a single ARP target, not %1 (NetworkManager takes up to %2)",
                    ),
                    len(targets),
                    MAX_ARP_TARGETS,
                )
            )
        raise BadInput(
            arg(
                translate("HostNetwork", "this backend takes at most %1 ARP targets, not %2"),
                capabilities.max_arp_targets,
                len(targets),
            )
        )
    if len(set(targets)) != len(targets):
        raise BadInput(translate("HostNetwork", "an ARP target is given twice"))
    for target in targets:
        if target.is_unspecified or target.is_multicast or target == IPv4Address(2**32 - 1):
            raise BadInput(
                arg(translate("HostNetwork", "ARP target %1 is not a unicast IPv4 address"), target)
            )


def _check_primary(spec: BondSpec, capabilities: BackendCapabilities) -> None:
    if not spec.primary:
        return
    if not spec.mode.guide.primary_allowed:
        allowed = _mode_names({m for m in BondMode if m.guide.primary_allowed})
        raise BadInput(
            arg(
                translate("HostNetwork", "a primary port applies only to %1, not %2"),
                allowed,
                spec.mode.kernel_name,
            )
        )
    if spec.mode not in capabilities.primary_modes:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork",
                    "the libvirt backend cannot set a primary port in %1 mode (libvirt makes the first port primary in active-backup only)",
                ),
                spec.mode.kernel_name,
            )
        )
    if spec.primary not in spec.ports:
        raise BadInput(
            arg(
                translate("HostNetwork", "primary port %1 is not one of the bond's ports"),
                repr(spec.primary),
            )
        )


def _check_lacp(spec: BondSpec, capabilities: BackendCapabilities) -> None:
    if spec.lacp_rate:
        if spec.lacp_rate not in LACP_RATES:
            raise BadInput(
                arg(
                    translate("HostNetwork", "LACP rate must be slow or fast, not %1"),
                    repr(spec.lacp_rate),
                )
            )
        if not spec.mode.guide.lacp_options:
            raise BadInput(
                arg(
                    translate("HostNetwork", "an LACP rate applies only to 802.3ad, not %1"),
                    spec.mode.kernel_name,
                )
            )
    if spec.xmit_hash_policy:
        if spec.xmit_hash_policy not in XMIT_HASH_POLICIES:
            raise BadInput(
                arg(
                    translate("HostNetwork", "unknown transmit hash policy %1: use one of %2"),
                    repr(spec.xmit_hash_policy),
                    ", ".join(XMIT_HASH_POLICIES),
                )
            )
        if not spec.mode.guide.xmit_hash_policy:
            allowed = _mode_names({m for m in BondMode if m.guide.xmit_hash_policy})
            raise BadInput(
                arg(
                    translate("HostNetwork", "a transmit hash policy applies only to %1, not %2"),
                    allowed,
                    spec.mode.kernel_name,
                )
            )
    if (spec.lacp_rate or spec.xmit_hash_policy) and not capabilities.supports_lacp_options:
        raise BadInput(
            translate(
                "HostNetwork",
                "the libvirt backend cannot set the LACP rate or transmit hash policy (libvirt's interface XML has no such options)",
            )
        )


def _check_ports(
    ports: Sequence[str],
    owner: str,
    interfaces: Sequence[HostInterface],
    *,
    kinds: frozenset[str],
) -> None:
    if not ports:
        raise BadInput(arg(translate("HostNetwork", "%1 needs at least one port"), owner))
    seen: set[str] = set()
    for port in ports:
        if port in seen:
            raise BadInput(arg(translate("HostNetwork", "port %1 is given twice"), repr(port)))
        seen.add(port)
        if port == owner:
            raise BadInput(arg(translate("HostNetwork", "%1 cannot be a port of itself"), owner))
        interface = find_interface(interfaces, port)
        if interface is None:
            raise BadInput(
                arg(translate("HostNetwork", "no interface named %1 on this host"), repr(port))
            )
        if port == LOOPBACK:
            raise BadInput(
                arg(
                    translate("HostNetwork", "%1 is the loopback interface; it cannot be a port"),
                    port,
                )
            )
        if interface.kind not in kinds:
            allowed = " or ".join(sorted(kinds))
            raise BadInput(f"{port} is {_a(interface.kind)} interface; ports must be {allowed}")
        if interface.controller and interface.controller != owner:
            raise BadInput(
                arg(
                    translate("HostNetwork", "%1 is already a port of %2"),
                    port,
                    interface.controller,
                )
            )


def validate_bond(
    spec: BondSpec,
    interfaces: Sequence[HostInterface],
    *,
    backend_caps: BackendCapabilities = NM_CAPABILITIES,
    editing: bool = False,
) -> None:
    """Check a new bond (or, with ``editing``, new settings for the existing ``spec.name``)."""
    current = find_interface(interfaces, spec.name)
    if editing:
        validate_ifname(spec.name, "bond name")
        if current is None or current.kind != "bond":
            raise BadInput(
                arg(translate("HostNetwork", "no bond named %1 on this host"), repr(spec.name))
            )
        bridge_now = _bridge_over(current, interfaces)
        if spec.bridge != bridge_now:
            raise BadInput(
                arg(
                    translate(
                        "HostNetwork",
                        "editing cannot add or remove the bridge over %1: delete the bond and create it again",
                    ),
                    spec.name,
                )
            )
    else:
        _require_free_name(spec.name, "bond name", interfaces)
        if spec.bridge:
            _require_free_name(spec.bridge, "bridge name", interfaces)
            if spec.bridge == spec.name:
                raise BadInput(
                    translate("HostNetwork", "the bridge needs a name of its own, not the bond's")
                )
    if not isinstance(spec.mode, BondMode):
        raise BadInput(arg(translate("HostNetwork", "unknown bond mode %1"), repr(spec.mode)))
    _check_ports(spec.ports, spec.name, interfaces, kinds=frozenset({"ethernet"}))
    _check_primary(spec, backend_caps)
    _check_monitoring(spec, backend_caps)
    _check_lacp(spec, backend_caps)
    owner = spec.bridge or spec.name
    validate_ip(spec.ip, owner, backend_caps)
    validate_mtu(spec.mtu, spec.ip, owner)


def _bridge_over(bond: HostInterface, interfaces: Sequence[HostInterface]) -> str:
    """The bridge whose only port is ``bond`` ("used for virtual machines"), else ''."""
    bridge = find_interface(interfaces, bond.controller) if bond.controller else None
    if bridge is not None and bridge.kind == "bridge" and bridge.ports == (bond.name,):
        return bridge.name
    return ""


def warnings(spec: BondSpec | BridgeSpec | VlanSpec) -> list[str]:
    """What is allowed but worth telling the user before applying ``spec``."""
    found: list[str] = []
    if isinstance(spec, BondSpec):
        if len(spec.ports) < 2:
            found.append(translate("HostNetwork", "fewer than two ports: no fault tolerance"))
        if spec.bridge and spec.mode in (BondMode.BALANCE_TLB, BondMode.BALANCE_ALB):
            found.append(
                arg(
                    translate(
                        "HostNetwork",
                        "%1 rewrites MAC addresses: virtual machines on a bridge over this bond "
                        "may lose traffic (active-backup or 802.3ad avoid that)",
                    ),
                    spec.mode.kernel_name,
                )
            )
        if spec.mii is None and spec.arp is None:
            found.append(
                translate(
                    "HostNetwork",
                    "no link monitoring: a port whose link fails keeps getting traffic",
                )
            )
    return found


# ---------------------------------------------------------- bridges and VLANs


def validate_bridge(
    spec: BridgeSpec,
    interfaces: Sequence[HostInterface],
    *,
    backend_caps: BackendCapabilities = NM_CAPABILITIES,
) -> None:
    _require_free_name(spec.name, "bridge name", interfaces)
    if spec.ports:
        _check_ports(spec.ports, spec.name, interfaces, kinds=_PORT_KINDS_FOR_BRIDGE)
    if not 0 <= spec.delay <= MAX_BRIDGE_DELAY_S:
        raise BadInput(
            f"bridge forward delay must be 0-{MAX_BRIDGE_DELAY_S:g} s, not {spec.delay:g}"
        )
    if spec.stp and spec.delay < MIN_STP_DELAY_S:
        raise BadInput(
            f"with STP on the forward delay must be {MIN_STP_DELAY_S:g}-"
            f"{MAX_BRIDGE_DELAY_S:g} s, not {spec.delay:g}"
        )
    validate_ip(spec.ip, spec.name, backend_caps)
    validate_mtu(spec.mtu, spec.ip, spec.name)


def validate_vlan(
    spec: VlanSpec,
    interfaces: Sequence[HostInterface],
    *,
    backend_caps: BackendCapabilities = NM_CAPABILITIES,
) -> None:
    if not backend_caps.supports_vlan:
        raise BadInput(translate("HostNetwork", "this backend cannot create VLAN interfaces"))
    _require_free_name(spec.name, "VLAN name", interfaces)
    if not MIN_VLAN_ID <= spec.vlan_id <= MAX_VLAN_ID:
        raise BadInput(
            arg(
                translate("HostNetwork", "VLAN id must be %1-%2, not %3"),
                MIN_VLAN_ID,
                MAX_VLAN_ID,
                spec.vlan_id,
            )
        )
    parent = find_interface(interfaces, spec.parent)
    if parent is None:
        raise BadInput(
            arg(translate("HostNetwork", "no interface named %1 on this host"), repr(spec.parent))
        )
    if spec.parent == LOOPBACK:
        raise BadInput(
            arg(
                translate("HostNetwork", "a VLAN cannot sit on %1, the loopback interface"),
                LOOPBACK,
            )
        )
    if parent.kind not in _VLAN_PARENT_KINDS:
        raise BadInput(f"a VLAN cannot sit on {spec.parent}, {_a(parent.kind)} interface")
    if parent.controller:
        raise BadInput(
            arg(
                translate("HostNetwork", "%1 is a port of %2: put the VLAN on %3"),
                spec.parent,
                parent.controller,
                parent.controller,
            )
        )
    for other in interfaces:
        if (
            other.kind == "vlan"
            and other.vlan_parent == spec.parent
            and other.vlan_id == spec.vlan_id
        ):
            raise BadInput(
                arg(
                    translate("HostNetwork", "VLAN %1 on %2 already exists as %3"),
                    spec.vlan_id,
                    spec.parent,
                    other.name,
                )
            )
    validate_ip(spec.ip, spec.name, backend_caps)
    validate_mtu(spec.mtu, spec.ip, spec.name)
    if spec.mtu is not None and parent.mtu is not None and spec.mtu > parent.mtu:
        raise BadInput(
            arg(
                translate("HostNetwork", "MTU %1 of %2 is larger than %3's %4"),
                spec.mtu,
                spec.name,
                spec.parent,
                parent.mtu,
            )
        )


def validate_delete(name: str, interfaces: Sequence[HostInterface]) -> HostInterface:
    """The interface ``name`` when it can be deleted (a bond, bridge or VLAN)."""
    interface = find_interface(interfaces, name)
    if interface is None:
        raise BadInput(
            arg(translate("HostNetwork", "no interface named %1 on this host"), repr(name))
        )
    if interface.kind not in ("bond", "bridge", "vlan"):
        raise BadInput(
            f"{name} is {_a(interface.kind)} interface: only bonds, bridges and VLANs "
            "can be deleted"
        )
    if interface.controller:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "%1 is a port of %2: delete %3 (its ports are given back)"
                ),
                name,
                interface.controller,
                interface.controller,
            )
        )
    users = [i.name for i in interfaces if i.kind == "vlan" and i.vlan_parent == name]
    if users:
        raise BadInput(
            arg(
                translate("HostNetwork", "%1 carries VLAN %2: delete that first"),
                name,
                ", ".join(users),
            )
        )
    return interface


def validate_change(
    change: HostChange,
    interfaces: Sequence[HostInterface],
    backend_caps: BackendCapabilities = NM_CAPABILITIES,
) -> None:
    """Check any change against the host's current interfaces."""
    match change:
        case CreateBond(spec):
            validate_bond(spec, interfaces, backend_caps=backend_caps)
        case EditBond(spec):
            validate_bond(spec, interfaces, backend_caps=backend_caps, editing=True)
        case CreateBridge(bridge):
            validate_bridge(bridge, interfaces, backend_caps=backend_caps)
        case CreateVlan(vlan):
            validate_vlan(vlan, interfaces, backend_caps=backend_caps)
        case DeleteInterface(name):
            validate_delete(name, interfaces)


# ---------------------------------------------------------- parsing user text


def parse_ipv4_setting(text: str) -> IpConfig:
    """``dhcp``, ``none`` or ``ADDR/PREFIX`` (the CLI's ``--ipv4``) as an IpConfig."""
    word = text.strip().lower()
    if word == "dhcp":
        return IpConfig(ipv4="dhcp")
    if word == "none":
        return IpConfig()
    if "/" not in word:
        raise BadInput(
            arg(
                translate("HostNetwork", "bad IPv4 setting %1: use dhcp, none or ADDRESS/PREFIX"),
                repr(text),
            )
        )
    try:
        address = IPv4Interface(word)
    except ValueError:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "bad IPv4 address %1: use ADDRESS/PREFIX, e.g. 203.0.113.5/24"
                ),
                repr(text),
            )
        ) from None
    return IpConfig(ipv4="static", addresses=(address,))


def parse_ipv4_address(text: str, what: str) -> IPv4Address:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        raise BadInput(f"bad {what} {text!r}: not an IPv4 address") from None
    if not isinstance(address, IPv4Address):
        raise BadInput(f"bad {what} {text!r}: not an IPv4 address")
    return address


def parse_ipv6_setting(text: str) -> IpConfig:
    """``ignore``, ``auto``, ``dhcp``, ``link-local`` or ``ADDR/PREFIX`` (``--ipv6``),
    as the IPv6 half of an IpConfig."""
    word = text.strip().lower()
    if word in ("ignore", "auto", "dhcp", "link-local"):
        return IpConfig(ipv6=cast(Ipv6Method, word))
    if "/" not in word:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork",
                    "bad IPv6 setting %1: use ignore, auto, dhcp, link-local or ADDRESS/PREFIX",
                ),
                repr(text),
            )
        )
    try:
        address = IPv6Interface(word)
    except ValueError:
        raise BadInput(
            arg(
                translate(
                    "HostNetwork", "bad IPv6 address %1: use ADDRESS/PREFIX, e.g. 2001:db8::5/64"
                ),
                repr(text),
            )
        ) from None
    return IpConfig(ipv6="static", ipv6_addresses=(address,))
