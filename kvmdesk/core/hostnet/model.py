"""Value objects for host networking: bond modes, specs, snapshots and changes.

Everything here is a frozen dataclass or an enum, shared by the bond/bridge dialogs,
the CLI, validation and both backends (libvirt's interface API and NetworkManager).

* Specs (:class:`BondSpec`, :class:`BridgeSpec`, :class:`VlanSpec`,
  :class:`EthernetSpec`) are what a user asks for.
* Snapshots (:class:`HostInterface`, :class:`BondInfo`) are what a backend reports.
* Changes (:class:`CreateBond` … :class:`DeleteInterface`) are what a backend applies.

Bond modes carry the numbers the kernel uses (0–6); many guides, Chinese ones in
particular, call them "bond0"–"bond6", so :func:`parse_bond_mode` accepts that too.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from typing import Literal, TypedDict

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP
from kvmdesk.core.types.translation import arg, translate

StartMode = Literal["onboot", "none", "hotplug"]
Ipv4Method = Literal["none", "dhcp", "static"]
Ipv6Method = Literal["ignore", "link-local", "auto", "dhcp", "static"]
MiiCarrier = Literal["netif", "ioctl"]
ArpValidate = Literal["none", "active", "backup", "all"]
LacpRate = Literal["", "slow", "fast"]
InterfaceKind = Literal["ethernet", "bridge", "bond", "vlan", "other"]

# The kernel's xmit_hash_policy values (Documentation/networking/bonding.rst).
XMIT_HASH_POLICIES: tuple[str, ...] = (
    "layer2",
    "layer2+3",
    "layer3+4",
    "encap2+3",
    "encap3+4",
    "vlan+srcmac",
)
LACP_RATES: tuple[str, ...] = ("slow", "fast")
MAX_ARP_TARGETS = 16  # the kernel's BOND_MAX_ARP_TARGETS


class SwitchConfig(enum.StrEnum):
    """What the switch the ports plug into must be configured for."""

    NONE = "none"
    STATIC_GROUP = "static port group"  # EtherChannel / trunk without a protocol
    LACP = "LACP (802.3ad)"


@dataclass(frozen=True, slots=True)
class BondModeGuide:
    """The short guide the bond dialog shows for a mode."""

    load_balancing: bool  # outgoing traffic spread over the ports
    fault_tolerance: bool  # traffic survives a failed port (with two or more ports)
    switch: SwitchConfig
    primary_allowed: bool  # the kernel has a "primary" option for this mode
    arp_monitoring: bool  # the kernel's ARP monitor works in this mode
    lacp_options: bool  # lacp_rate applies
    xmit_hash_policy: bool  # xmit_hash_policy applies
    summary: str


class BondMode(enum.IntEnum):
    """The seven Linux bonding modes, numbered as the kernel numbers them."""

    BALANCE_RR = 0
    ACTIVE_BACKUP = 1
    BALANCE_XOR = 2
    BROADCAST = 3
    IEEE_802_3AD = 4
    BALANCE_TLB = 5
    BALANCE_ALB = 6

    @property
    def kernel_name(self) -> str:
        """The kernel's (and libvirt's and NetworkManager's) name: ``balance-rr`` …"""
        return _KERNEL_NAMES[self]

    @property
    def label(self) -> str:
        """Number and name as the dialog lists them: ``4 802.3ad (LACP)``."""
        suffix = " (LACP)" if self is BondMode.IEEE_802_3AD else ""
        return f"{int(self)} {self.kernel_name}{suffix}"

    @property
    def guide(self) -> BondModeGuide:
        return _GUIDES[self]

    def __str__(self) -> str:
        return self.kernel_name


_KERNEL_NAMES: dict[BondMode, str] = {
    BondMode.BALANCE_RR: "balance-rr",
    BondMode.ACTIVE_BACKUP: "active-backup",
    BondMode.BALANCE_XOR: "balance-xor",
    BondMode.BROADCAST: "broadcast",
    BondMode.IEEE_802_3AD: "802.3ad",
    BondMode.BALANCE_TLB: "balance-tlb",
    BondMode.BALANCE_ALB: "balance-alb",
}

# One row a mode, after the kernel's Documentation/networking/bonding.rst. Every mode
# keeps traffic going when a port fails (given two or more ports).
_ANY, _STATIC, _LACP = SwitchConfig.NONE, SwitchConfig.STATIC_GROUP, SwitchConfig.LACP
_GUIDES: dict[BondMode, BondModeGuide] = {
    #                                   load   fault  switch   primary ARP    LACP   xmit hash
    #                                   balan. toler.          allowed mon.   opts.  policy
    BondMode.BALANCE_RR:    BondModeGuide(True,  True,  _STATIC, False,  True,  False, False,
        QT_TRANSLATE_NOOP("BondMode", "Packets go out over each port in turn; the switch needs a static port group.")),
    BondMode.ACTIVE_BACKUP: BondModeGuide(False, True,  _ANY,    True,   True,  False, False,
        QT_TRANSLATE_NOOP("BondMode", "One port carries traffic, another takes over when it fails; works with any switch.")),
    BondMode.BALANCE_XOR:   BondModeGuide(True,  True,  _STATIC, False,  True,  False, True,
        QT_TRANSLATE_NOOP("BondMode", "Each peer is sent over one port chosen by a hash; the switch needs a static port group.")),
    BondMode.BROADCAST:     BondModeGuide(False, True,  _STATIC, False,  True,  False, False,
        QT_TRANSLATE_NOOP("BondMode", "Every packet goes out over every port; the switch needs a static port group.")),
    BondMode.IEEE_802_3AD:  BondModeGuide(True,  True,  _LACP,   False,  False, True,  True,
        QT_TRANSLATE_NOOP("BondMode", "Ports are aggregated with the switch over LACP; the switch must have LACP on.")),
    BondMode.BALANCE_TLB:   BondModeGuide(True,  True,  _ANY,    True,   False, False, True,
        QT_TRANSLATE_NOOP("BondMode", "Outgoing traffic is spread by port load, incoming arrives on one port; "
        "works with any switch.")),
    BondMode.BALANCE_ALB:   BondModeGuide(True,  True,  _ANY,    True,   False, False, False,
        QT_TRANSLATE_NOOP("BondMode", "Traffic in both directions is spread by port load (ARP negotiation); "
        "works with any switch.")),
}  # fmt: skip

_MODE_WORDS: dict[str, BondMode] = {"lacp": BondMode.IEEE_802_3AD}
for _mode in BondMode:
    _MODE_WORDS[_mode.kernel_name] = _mode
    for _prefix in ("", "mode", "bond"):
        _MODE_WORDS[f"{_prefix}{int(_mode)}"] = _mode
del _mode, _prefix


def bond_mode_choices() -> str:
    """The accepted spellings, for help texts and error messages."""
    names = ", ".join(mode.kernel_name for mode in BondMode)
    return f"{names} (or lacp), 0-6, mode0-mode6, bond0-bond6"


def parse_bond_mode(text: str) -> BondMode:
    """A bond mode from its name, ``lacp``, ``0``–``6``, ``mode0``–``mode6`` or ``bond0``–``bond6``."""
    mode = _MODE_WORDS.get(text.strip().lower())
    if mode is None:
        raise BadInput(f"unknown bond mode {text!r}: use one of {bond_mode_choices()}")
    return mode


# ----------------------------------------------------------------- IP settings


@dataclass(frozen=True, slots=True)
class IpConfig:
    """IPv4 and IPv6 configuration of a bond, bridge, VLAN or ethernet interface.

    ``ipv4``: ``none`` (no IPv4), ``dhcp`` (DHCP; ``addresses`` are extra static
    addresses beside the leased one), ``static`` (``addresses`` only, at least one).
    ``ipv6``: ``ignore`` (not configured), ``link-local`` (only the fe80:: address),
    ``auto`` (SLAAC, plus DHCPv6 when the router asks for it), ``dhcp`` (DHCPv6 only),
    ``static`` (``ipv6_addresses`` only). ``*_peerdns`` is whether DNS servers from
    DHCP are used; ``None`` leaves the backend's default (yes).
    """

    ipv4: Ipv4Method = "none"
    addresses: tuple[IPv4Interface, ...] = ()
    gateway: IPv4Address | None = None
    dhcp_peerdns: bool | None = None
    ipv6: Ipv6Method = "ignore"
    ipv6_addresses: tuple[IPv6Interface, ...] = ()
    ipv6_gateway: IPv6Address | None = None
    ipv6_dhcp_peerdns: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self == NO_IP


NO_IP = IpConfig()
DHCP = IpConfig(ipv4="dhcp")


# --------------------------------------------------------------- link monitors


@dataclass(frozen=True, slots=True)
class MiiMonitor:
    """MII link monitoring: the port's carrier is checked every ``interval_ms``.

    ``updelay_ms`` / ``downdelay_ms`` wait before using a port whose link came up /
    dropping one whose link went down; the kernel needs multiples of the interval.
    ``carrier``: ``netif`` (the driver's carrier state) or ``ioctl`` (MII/ethtool ioctls).
    """

    interval_ms: int
    updelay_ms: int = 0
    downdelay_ms: int = 0
    carrier: MiiCarrier = "netif"


@dataclass(frozen=True, slots=True)
class ArpMonitor:
    """ARP link monitoring: ``targets`` are ARP-probed every ``interval_ms``.

    ``validate`` says which ports' replies are checked (``none``, ``active``,
    ``backup``, ``all``). The kernel takes 1–16 targets; libvirt's XML holds one.
    """

    interval_ms: int
    targets: tuple[IPv4Address, ...]
    validate: ArpValidate = "none"


# ----------------------------------------------------------------------- specs


@dataclass(frozen=True, slots=True)
class BondSpec:
    """A bond as the bond dialog and ``kvmdesk-cli bond create`` describe it.

    ``ports`` are ethernet interfaces, in order. ``primary`` (modes 1, 5, 6) is the
    port preferred while its link is up; empty for none. At most one of ``mii`` and
    ``arp``. ``lacp_rate`` (mode 4) and ``xmit_hash_policy`` (modes 2, 4, 5) are empty
    for the kernel's default. ``bridge`` non-empty means "use for virtual machines":
    a bridge of that name is created over the bond and ``ip`` and ``mtu`` go to the
    bridge instead of the bond (the bond then carries no address of its own).
    ``start_mode`` is libvirt's ``<start mode>`` (NetworkManager: autoconnect or not).
    """

    name: str
    mode: BondMode
    ports: tuple[str, ...]
    primary: str = ""
    mii: MiiMonitor | None = None
    arp: ArpMonitor | None = None
    lacp_rate: LacpRate = ""
    xmit_hash_policy: str = ""
    ip: IpConfig = NO_IP
    mtu: int | None = None
    bridge: str = ""
    start_mode: StartMode = "onboot"


@dataclass(frozen=True, slots=True)
class BridgeSpec:
    """A Linux bridge over ``ports`` (ethernet, bond or VLAN interfaces; may be none).

    ``delay`` is the forward delay in seconds (libvirt allows fractions).
    """

    name: str
    ports: tuple[str, ...] = ()
    ip: IpConfig = NO_IP
    stp: bool = False
    delay: float = 0.0
    mtu: int | None = None
    start_mode: StartMode = "onboot"


@dataclass(frozen=True, slots=True)
class VlanSpec:
    """An 802.1Q VLAN interface on ``parent``; the name is usually ``parent.vlan_id``."""

    name: str
    parent: str
    vlan_id: int
    ip: IpConfig = NO_IP
    mtu: int | None = None
    start_mode: StartMode = "onboot"


@dataclass(frozen=True, slots=True)
class EthernetSpec:
    """A plain ethernet interface's own configuration (what it returns to when freed)."""

    name: str
    mac: str = ""
    ip: IpConfig = NO_IP
    mtu: int | None = None
    start_mode: StartMode = "onboot"


InterfaceSpec = BondSpec | BridgeSpec | VlanSpec | EthernetSpec


class InterfaceBasics(TypedDict):
    """What every spec has besides its name and kind, as keywords: ``BridgeSpec(**basics)``."""

    ip: IpConfig
    mtu: int | None
    start_mode: StartMode


def bridge_over_bond(spec: BondSpec) -> BridgeSpec:
    """The bridge "use for virtual machines" puts over the bond ``spec`` (``spec.bridge``).

    The bond is its only port; the bridge takes the bond's IP configuration, MTU and
    start mode.
    """
    return BridgeSpec(
        name=spec.bridge,
        ports=(spec.name,),
        ip=spec.ip,
        mtu=spec.mtu,
        start_mode=spec.start_mode,
    )


def vlan_name(parent: str, vlan_id: int) -> str:
    """The conventional name of VLAN ``vlan_id`` on ``parent``: ``eth0.42``."""
    return f"{parent}.{vlan_id}"


# ------------------------------------------------------------------- snapshots


@dataclass(frozen=True, slots=True)
class BondInfo:
    """A bond's settings as its backend reports them."""

    mode: BondMode
    primary: str = ""
    mii: MiiMonitor | None = None
    arp: ArpMonitor | None = None
    lacp_rate: LacpRate = ""
    xmit_hash_policy: str = ""


@dataclass(frozen=True, slots=True)
class HostInterface:
    """One host interface as a backend reports it (a row of the host interface tree).

    ``ipv4`` / ``ipv6`` are ``address/prefix`` strings. ``ports`` are the names of the
    interfaces enslaved to this bond or bridge; ``controller`` is the bond or bridge
    this interface is a port of (empty when none). ``defined`` is whether the backend
    holds a persistent definition (libvirt: defined; NetworkManager: has a profile).
    ``definition`` is that definition as a spec, for editing (``None`` when the
    backend cannot express it).
    """

    name: str
    kind: InterfaceKind
    active: bool = False
    mac: str = ""
    mtu: int | None = None
    ipv4: tuple[str, ...] = ()
    ipv6: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    bond: BondInfo | None = None
    vlan_parent: str = ""
    vlan_id: int | None = None
    controller: str = ""
    defined: bool = True
    definition: InterfaceSpec | None = None


def find_interface(interfaces: Sequence[HostInterface], name: str) -> HostInterface | None:
    """The interface named ``name``, or ``None``."""
    for interface in interfaces:
        if interface.name == name:
            return interface
    return None


def bond_spec_for_edit(interfaces: Sequence[HostInterface], name: str) -> BondSpec | None:
    """The bond ``name`` as the bond dialog edits it; ``None`` when it is not a known bond.

    A bond whose controller is a bridge with no other port is "used for virtual
    machines": the spec gets ``bridge`` set and the bridge's IP configuration and MTU.
    """
    interface = find_interface(interfaces, name)
    if interface is None or not isinstance(interface.definition, BondSpec):
        return None
    spec = interface.definition
    bridge = find_interface(interfaces, interface.controller) if interface.controller else None
    if bridge is not None and bridge.ports == (name,) and isinstance(bridge.definition, BridgeSpec):
        return dataclasses.replace(
            spec,
            bridge=bridge.name,
            ip=bridge.definition.ip,
            mtu=bridge.definition.mtu,
            start_mode=bridge.definition.start_mode,
        )
    return spec


# --------------------------------------------------------------------- changes


@dataclass(frozen=True, slots=True)
class CreateBond:
    """Create a bond (and, with ``spec.bridge``, a bridge over it)."""

    spec: BondSpec

    @property
    def target(self) -> str:
        """The outermost interface the change creates: the bridge when there is one."""
        return self.spec.bridge or self.spec.name


@dataclass(frozen=True, slots=True)
class CreateBridge:
    spec: BridgeSpec

    @property
    def target(self) -> str:
        return self.spec.name


@dataclass(frozen=True, slots=True)
class CreateVlan:
    spec: VlanSpec

    @property
    def target(self) -> str:
        return self.spec.name


@dataclass(frozen=True, slots=True)
class EditBond:
    """Replace the settings of the existing bond ``spec.name`` (its ports may change)."""

    spec: BondSpec

    @property
    def target(self) -> str:
        return self.spec.bridge or self.spec.name


@dataclass(frozen=True, slots=True)
class DeleteInterface:
    """Delete a bond, bridge or VLAN; its ports become plain ethernet interfaces again."""

    name: str

    @property
    def target(self) -> str:
        return self.name


HostChange = CreateBond | CreateBridge | CreateVlan | EditBond | DeleteInterface


def describe_change(change: HostChange) -> str:
    """One line naming what ``change`` does, for logs and confirmations."""
    match change:
        case CreateBond(spec) | EditBond(spec):
            ports = ", ".join(spec.ports)
            creating = isinstance(change, CreateBond)
            if spec.bridge:
                text = (
                    translate("HostNetwork", "create bond %1 (%2) over %3 with bridge %4 over it")
                    if creating
                    else translate(
                        "HostNetwork", "change bond %1 (%2) over %3 with bridge %4 over it"
                    )
                )
            else:
                text = (
                    translate("HostNetwork", "create bond %1 (%2) over %3")
                    if creating
                    else translate("HostNetwork", "change bond %1 (%2) over %3")
                )
            return arg(text, spec.name, spec.mode.label, ports, spec.bridge)
        case CreateBridge(bridge):
            if not bridge.ports:
                return arg(translate("HostNetwork", "create bridge %1 over no ports"), bridge.name)
            ports = ", ".join(bridge.ports)
            return arg(translate("HostNetwork", "create bridge %1 over %2"), bridge.name, ports)
        case CreateVlan(vlan):
            return arg(
                translate("HostNetwork", "create VLAN %1 (id %2) on %3"),
                vlan.name,
                vlan.vlan_id,
                vlan.parent,
            )
        case DeleteInterface(name):
            return arg(translate("HostNetwork", "delete %1"), name)
    raise AssertionError(change)  # pragma: no cover


def affected_interfaces(change: HostChange, interfaces: Sequence[HostInterface]) -> list[str]:
    """Names of every interface ``change`` touches: new ones, their ports, what is removed.

    NetworkManager's checkpoint covers these devices; the "you may lose the connection"
    warning checks them.
    """
    names: list[str] = []
    match change:
        case CreateBond(spec) | EditBond(spec):
            names += [spec.name, *spec.ports]
            if spec.bridge:
                names.append(spec.bridge)
            current = find_interface(interfaces, spec.name)
            if current is not None:
                names += current.ports
                if current.controller:
                    names.append(current.controller)
        case CreateBridge(bridge):
            names += [bridge.name, *bridge.ports]
        case CreateVlan(vlan):
            names += [vlan.name, vlan.parent]
        case DeleteInterface(name):
            names.append(name)
            names += _ports_below(name, interfaces)
    return list(dict.fromkeys(names))


def _ports_below(name: str, interfaces: Sequence[HostInterface]) -> list[str]:
    found: list[str] = []
    interface = find_interface(interfaces, name)
    if interface is None:
        return found
    for port in interface.ports:
        found.append(port)
        found += _ports_below(port, interfaces)
    return found
