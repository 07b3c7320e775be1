"""Every message the host-network validation gives, word for word, and what it accepts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface

import pytest

from kvmdesk.core.hostnet.model import (
    ArpMonitor,
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
    MiiMonitor,
    VlanSpec,
)
from kvmdesk.core.hostnet.types import LIBVIRT_CAPABILITIES, NM_CAPABILITIES
from kvmdesk.core.hostnet.validation import (
    parse_ipv4_address,
    parse_ipv4_setting,
    parse_ipv6_setting,
    validate_change,
    warnings,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.ifname import validate_ifname

HOST = [
    HostInterface("eth0", "ethernet", controller="br0", mtu=1500),
    HostInterface("eth1", "ethernet", mtu=1500),
    HostInterface("eth2", "ethernet", controller="bond0"),
    HostInterface("eth3", "ethernet", controller="bond0"),
    HostInterface("eth4", "ethernet"),
    HostInterface("eth5", "ethernet", controller="bond1"),
    HostInterface("br0", "bridge", ports=("eth0",), mtu=1500),
    HostInterface("bond0", "bond", ports=("eth2", "eth3")),
    HostInterface("bond1", "bond", ports=("eth5",), controller="vmbr1"),
    HostInterface("vmbr1", "bridge", ports=("bond1",)),
    HostInterface("br0.10", "vlan", vlan_parent="br0", vlan_id=10),
    HostInterface("tun0", "other"),
    HostInterface("lo", "ethernet", mtu=65536),
]

T1 = IPv4Address("203.0.113.1")
ADDRESS = IPv4Interface("203.0.113.5/24")


def bond(**changes: object) -> BondSpec:
    spec = BondSpec("bond9", BondMode.ACTIVE_BACKUP, ("eth1", "eth4"), mii=MiiMonitor(100))
    return replace(spec, **changes)  # type: ignore[arg-type]


def message(change: HostChange, caps: object = NM_CAPABILITIES) -> str:
    with pytest.raises(BadInput) as caught:
        validate_change(change, HOST, caps)  # type: ignore[arg-type]
    return str(caught.value)


# ------------------------------------------------------------------- accepted


@pytest.mark.parametrize("mode", list(BondMode))
def test_every_mode_with_mii_is_accepted(mode: BondMode) -> None:
    validate_change(CreateBond(bond(mode=mode)), HOST, LIBVIRT_CAPABILITIES)
    validate_change(CreateBond(bond(mode=mode)), HOST, NM_CAPABILITIES)


@pytest.mark.parametrize("mode", [m for m in BondMode if m.guide.arp_monitoring])
def test_arp_modes_are_accepted(mode: BondMode) -> None:
    spec = bond(mode=mode, mii=None, arp=ArpMonitor(200, (T1,), "all"))
    validate_change(CreateBond(spec), HOST, LIBVIRT_CAPABILITIES)


def test_rich_specs_are_accepted() -> None:
    ip = IpConfig(
        ipv4="static",
        addresses=(ADDRESS,),
        gateway=T1,
        ipv6="static",
        ipv6_addresses=(IPv6Interface("2001:db8::5/64"),),
        ipv6_gateway=IPv6Address("2001:db8::1"),
    )
    spec = bond(
        mode=BondMode.IEEE_802_3AD,
        lacp_rate="fast",
        xmit_hash_policy="layer3+4",
        mii=MiiMonitor(100, 200, 300, "ioctl"),
        ip=ip,
        mtu=9000,
        bridge="vmbr9",
    )
    validate_change(CreateBond(spec), HOST, NM_CAPABILITIES)
    targets = tuple(IPv4Address(f"203.0.113.{n}") for n in range(1, 17))
    validate_change(CreateBond(bond(mii=None, arp=ArpMonitor(100, targets))), HOST, NM_CAPABILITIES)
    validate_change(CreateBond(bond(primary="eth4")), HOST, LIBVIRT_CAPABILITIES)
    validate_change(CreateBond(bond(ports=("eth1",), ip=IpConfig(ipv4="dhcp", gateway=T1))), HOST)
    validate_change(CreateBridge(BridgeSpec("br9", ("eth1", "bond0"), stp=True, delay=15)), HOST)
    validate_change(CreateBridge(BridgeSpec("br9")), HOST)
    validate_change(CreateVlan(VlanSpec("bond0.42", "bond0", 42, mtu=1500)), HOST)
    validate_change(EditBond(replace(bond(name="bond0"), ports=("eth2", "eth1"))), HOST)
    validate_change(EditBond(bond(name="bond1", ports=("eth5",), bridge="vmbr1")), HOST)
    validate_change(DeleteInterface("bond0"), HOST)
    validate_change(DeleteInterface("vmbr1"), HOST)
    validate_ifname("a" * 15, "bond name")
    validate_ifname("bond.0-x_y@z", "bond name")
    validate_ifname("bönd-ümlaut-1", "bond name")  # 15 bytes


# -------------------------------------------------------------------- refused

CASES: list[tuple[HostChange, str]] = [
    # names
    (CreateBond(bond(name="")), "bond name is empty"),
    (
        CreateBond(bond(name="bond-with-16char")),
        "bond name 'bond-with-16char' is 16 bytes long; Linux allows at most 15",
    ),
    (  # 14 characters, 16 bytes: the limit is in bytes
        CreateBond(bond(name="bönd-ümlaut-12")),
        "bond name 'bönd-ümlaut-12' is 16 bytes long; Linux allows at most 15",
    ),
    (CreateBond(bond(name="..")), "bond name '..' is not a valid interface name"),
    (
        CreateBond(bond(name="bond 9")),
        "bond name 'bond 9' must not contain spaces, control characters, '/' or ':'",
    ),
    (
        CreateBond(bond(name="bond/9")),
        "bond name 'bond/9' must not contain spaces, control characters, '/' or ':'",
    ),
    (
        CreateBond(bond(name="bond:9")),
        "bond name 'bond:9' must not contain spaces, control characters, '/' or ':'",
    ),
    (
        CreateBond(bond(name="bond\t9")),
        "bond name 'bond\\t9' must not contain spaces, control characters, '/' or ':'",
    ),
    (CreateBond(bond(name="all")), "bond name 'all' is reserved by Linux"),
    (CreateBond(bond(name="bonding_masters")), "bond name 'bonding_masters' is reserved by Linux"),
    (CreateBond(bond(name="bond0")), "an interface named 'bond0' already exists"),
    (CreateBond(bond(name="eth1")), "an interface named 'eth1' already exists"),
    (CreateBond(bond(bridge="br0")), "an interface named 'br0' already exists"),
    (
        CreateBond(bond(bridge="bridge-too-long!")),
        "bridge name 'bridge-too-long!' is 16 bytes long; Linux allows at most 15",
    ),
    (CreateBond(bond(bridge="bond9")), "the bridge needs a name of its own, not the bond's"),
    # ports
    (CreateBond(bond(ports=())), "bond9 needs at least one port"),
    (CreateBond(bond(ports=("eth1", "eth1"))), "port 'eth1' is given twice"),
    (CreateBond(bond(ports=("eth9",))), "no interface named 'eth9' on this host"),
    (CreateBond(bond(ports=("eth2",))), "eth2 is already a port of bond0"),
    (CreateBond(bond(ports=("eth0",))), "eth0 is already a port of br0"),
    (CreateBond(bond(ports=("br0",))), "br0 is a bridge interface; ports must be ethernet"),
    (CreateBond(bond(ports=("bond0",))), "bond0 is a bond interface; ports must be ethernet"),
    (CreateBond(bond(ports=("tun0",))), "tun0 is an other interface; ports must be ethernet"),
    (CreateBond(bond(ports=("eth1", "bond9"))), "bond9 cannot be a port of itself"),
    (CreateBond(bond(ports=("lo",))), "lo is the loopback interface; it cannot be a port"),
    # primary
    (
        CreateBond(bond(mode=BondMode.BALANCE_RR, primary="eth1")),
        "a primary port applies only to active-backup, balance-tlb, balance-alb, not balance-rr",
    ),
    (
        CreateBond(bond(mode=BondMode.IEEE_802_3AD, primary="eth1")),
        "a primary port applies only to active-backup, balance-tlb, balance-alb, not 802.3ad",
    ),
    (CreateBond(bond(primary="eth5")), "primary port 'eth5' is not one of the bond's ports"),
    # monitoring
    (
        CreateBond(bond(arp=ArpMonitor(100, (T1,)))),
        "use MII or ARP link monitoring, not both",
    ),
    (
        CreateBond(bond(mii=MiiMonitor(0))),
        "MII interval must be between 1 and 2147483647 ms, not 0",
    ),
    (
        CreateBond(bond(mii=MiiMonitor(100, updelay_ms=150))),
        "up delay 150 ms is not a multiple of the MII interval 100 ms (use 100 or 200, or 0)",
    ),
    (
        CreateBond(bond(mii=MiiMonitor(100, downdelay_ms=50))),
        "down delay 50 ms is not a multiple of the MII interval 100 ms (use 100, or 0)",
    ),
    (
        CreateBond(bond(mii=MiiMonitor(100, downdelay_ms=-100))),
        "down delay must not be negative (-100 ms)",
    ),
    (
        CreateBond(bond(mode=BondMode.IEEE_802_3AD, mii=None, arp=ArpMonitor(100, (T1,)))),
        "ARP monitoring does not work in 802.3ad mode: use MII monitoring",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_TLB, mii=None, arp=ArpMonitor(100, (T1,)))),
        "ARP monitoring does not work in balance-tlb mode: use MII monitoring",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_ALB, mii=None, arp=ArpMonitor(100, (T1,)))),
        "ARP monitoring does not work in balance-alb mode: use MII monitoring",
    ),
    (
        CreateBond(bond(mii=None, arp=ArpMonitor(-5, (T1,)))),
        "ARP interval must be between 1 and 2147483647 ms, not -5",
    ),
    (
        CreateBond(bond(mii=None, arp=ArpMonitor(100, ()))),
        "ARP monitoring needs at least one target address",
    ),
    (
        CreateBond(
            bond(
                mii=None,
                arp=ArpMonitor(100, tuple(IPv4Address(f"203.0.113.{n}") for n in range(1, 18))),
            )
        ),
        "ARP monitoring takes at most 16 targets, not 17",
    ),
    (CreateBond(bond(mii=None, arp=ArpMonitor(100, (T1, T1)))), "an ARP target is given twice"),
    (
        CreateBond(bond(mii=None, arp=ArpMonitor(100, (IPv4Address("0.0.0.0"),)))),
        "ARP target 0.0.0.0 is not a unicast IPv4 address",
    ),
    (
        CreateBond(bond(mii=None, arp=ArpMonitor(100, (IPv4Address("224.0.0.1"),)))),
        "ARP target 224.0.0.1 is not a unicast IPv4 address",
    ),
    # LACP extras
    (
        CreateBond(bond(mode=BondMode.IEEE_802_3AD, lacp_rate="medium")),
        "LACP rate must be slow or fast, not 'medium'",
    ),
    (
        CreateBond(bond(lacp_rate="fast")),
        "an LACP rate applies only to 802.3ad, not active-backup",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_XOR, xmit_hash_policy="layer5")),
        "unknown transmit hash policy 'layer5': use one of layer2, layer2+3, layer3+4, "
        "encap2+3, encap3+4, vlan+srcmac",
    ),
    (
        CreateBond(bond(xmit_hash_policy="layer2")),
        "a transmit hash policy applies only to balance-xor, 802.3ad, balance-tlb, "
        "not active-backup",
    ),
    # IP and MTU
    (
        CreateBond(bond(ip=IpConfig(ipv4="static"))),
        "static IPv4 on bond9 needs at least one address",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static"), bridge="vmbr9")),
        "static IPv4 on vmbr9 needs at least one address",
    ),
    (
        CreateBond(bond(ip=IpConfig(addresses=(ADDRESS,)))),
        "IPv4 addresses or a gateway are given for bond9 but IPv4 is off",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static", addresses=(IPv4Interface("203.0.113.5/0"),)))),
        "203.0.113.5/0 has prefix /0: give the subnet's prefix, e.g. /24",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static", addresses=(IPv4Interface("127.0.0.2/8"),)))),
        "127.0.0.2 cannot be the address of bond9",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static", addresses=(IPv4Interface("203.0.113.0/24"),)))),
        "203.0.113.0/24 is the network address of 203.0.113.0/24, not a host address",
    ),
    (
        CreateBond(
            bond(ip=IpConfig(ipv4="static", addresses=(IPv4Interface("203.0.113.255/24"),)))
        ),
        "203.0.113.255/24 is the broadcast address of 203.0.113.0/24, not a host address",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static", addresses=(ADDRESS, ADDRESS)))),
        "an IPv4 address is given twice for bond9",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv4="static", addresses=(ADDRESS,), gateway=ADDRESS.ip))),
        "gateway 203.0.113.5 is bond9's own address",
    ),
    (
        CreateBond(
            bond(
                ip=IpConfig(
                    ipv4="static", addresses=(ADDRESS,), gateway=IPv4Address("198.51.100.1")
                )
            )
        ),
        "gateway 198.51.100.1 is outside bond9's subnets",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv6="static"))),
        "static IPv6 on bond9 needs at least one address",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv6_addresses=(IPv6Interface("2001:db8::5/64"),)))),
        "IPv6 addresses or a gateway are given for bond9 but IPv6 is off",
    ),
    (
        CreateBond(
            bond(ip=IpConfig(ipv6="static", ipv6_addresses=(IPv6Interface("2001:db8::5/0"),)))
        ),
        "2001:db8::5/0 has prefix /0: give the subnet's prefix, e.g. /64",
    ),
    (
        CreateBond(bond(ip=IpConfig(ipv6="static", ipv6_addresses=(IPv6Interface("ff02::1/64"),)))),
        "ff02::1 cannot be the address of bond9",
    ),
    (
        CreateBond(
            bond(
                ip=IpConfig(
                    ipv6="static",
                    ipv6_addresses=(IPv6Interface("2001:db8::5/64"),) * 2,
                )
            )
        ),
        "an IPv6 address is given twice for bond9",
    ),
    (CreateBond(bond(mtu=67)), "MTU 67 of bond9 is out of range (68-65535)"),
    (CreateBond(bond(mtu=65536)), "MTU 65536 of bond9 is out of range (68-65535)"),
    (
        CreateBond(bond(mtu=1000, ip=IpConfig(ipv6="auto"))),
        "MTU 1000 of bond9 is too small for IPv6 (at least 1280)",
    ),
    # editing
    (EditBond(bond(name="bond7")), "no bond named 'bond7' on this host"),
    (EditBond(bond(name="br0")), "no bond named 'br0' on this host"),
    (
        EditBond(bond(name="bond0", ports=("eth2",), bridge="vmbr0")),
        "editing cannot add or remove the bridge over bond0: delete the bond and create it again",
    ),
    (
        EditBond(bond(name="bond1", ports=("eth5",))),
        "editing cannot add or remove the bridge over bond1: delete the bond and create it again",
    ),
    (EditBond(bond(name="bond0", ports=("eth5",))), "eth5 is already a port of bond1"),
    # bridges
    (CreateBridge(BridgeSpec("br0", ("eth1",))), "an interface named 'br0' already exists"),
    (
        CreateBridge(BridgeSpec("br9", ("br0",))),
        "br0 is a bridge interface; ports must be bond or ethernet or vlan",
    ),
    (CreateBridge(BridgeSpec("br9", ("eth2",))), "eth2 is already a port of bond0"),
    (CreateBridge(BridgeSpec("br9", ("bond1",))), "bond1 is already a port of vmbr1"),
    (
        CreateBridge(BridgeSpec("br9", ("eth1",), delay=31)),
        "bridge forward delay must be 0-30 s, not 31",
    ),
    (
        CreateBridge(BridgeSpec("br9", ("eth1",), delay=-1)),
        "bridge forward delay must be 0-30 s, not -1",
    ),
    (
        CreateBridge(BridgeSpec("br9", ("eth1",), stp=True, delay=1)),
        "with STP on the forward delay must be 2-30 s, not 1",
    ),
    (
        CreateBridge(BridgeSpec("br9", ("eth1",), mtu=20)),
        "MTU 20 of br9 is out of range (68-65535)",
    ),
    # VLANs
    (CreateVlan(VlanSpec("eth1.0", "eth1", 0)), "VLAN id must be 1-4094, not 0"),
    (CreateVlan(VlanSpec("eth1.4095", "eth1", 4095)), "VLAN id must be 1-4094, not 4095"),
    (CreateVlan(VlanSpec("eth9.5", "eth9", 5)), "no interface named 'eth9' on this host"),
    (CreateVlan(VlanSpec("lo.5", "lo", 5)), "a VLAN cannot sit on lo, the loopback interface"),
    (CreateVlan(VlanSpec("tun0.5", "tun0", 5)), "a VLAN cannot sit on tun0, an other interface"),
    (
        CreateVlan(VlanSpec("br0.10x", "br0.10", 5)),
        "a VLAN cannot sit on br0.10, a vlan interface",
    ),
    (
        CreateVlan(VlanSpec("eth2.5", "eth2", 5)),
        "eth2 is a port of bond0: put the VLAN on bond0",
    ),
    (CreateVlan(VlanSpec("vlan10", "br0", 10)), "VLAN 10 on br0 already exists as br0.10"),
    (CreateVlan(VlanSpec("br0.10", "br0", 11)), "an interface named 'br0.10' already exists"),
    (
        CreateVlan(VlanSpec("very-long-vlan.7", "eth1", 7)),
        "VLAN name 'very-long-vlan.7' is 16 bytes long; Linux allows at most 15",
    ),
    (
        CreateVlan(VlanSpec("eth1.7", "eth1", 7, mtu=9000)),
        "MTU 9000 of eth1.7 is larger than eth1's 1500",
    ),
    # deleting
    (DeleteInterface("eth9"), "no interface named 'eth9' on this host"),
    (
        DeleteInterface("eth1"),
        "eth1 is an ethernet interface: only bonds, bridges and VLANs can be deleted",
    ),
    (
        DeleteInterface("tun0"),
        "tun0 is an other interface: only bonds, bridges and VLANs can be deleted",
    ),
    (
        DeleteInterface("bond1"),
        "bond1 is a port of vmbr1: delete vmbr1 (its ports are given back)",
    ),
    (DeleteInterface("br0"), "br0 carries VLAN br0.10: delete that first"),
]


@pytest.mark.parametrize(("change", "expected"), CASES, ids=[c[1][:60] for c in CASES])
def test_refusals_say_why_in_one_line(change: HostChange, expected: str) -> None:
    text = message(change)
    assert text == expected
    assert "\n" not in text


LIBVIRT_CASES: list[tuple[HostChange, str]] = [
    (
        CreateBond(bond(mii=None, arp=ArpMonitor(100, (T1, IPv4Address("203.0.113.2"))))),
        "the libvirt backend holds a single ARP target, not 2 (NetworkManager takes up to 16)",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_TLB, primary="eth1")),
        "the libvirt backend cannot set a primary port in balance-tlb mode "
        "(libvirt makes the first port primary in active-backup only)",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_ALB, primary="eth1")),
        "the libvirt backend cannot set a primary port in balance-alb mode "
        "(libvirt makes the first port primary in active-backup only)",
    ),
    (
        CreateBond(bond(mode=BondMode.IEEE_802_3AD, lacp_rate="fast")),
        "the libvirt backend cannot set the LACP rate or transmit hash policy "
        "(libvirt's interface XML has no such options)",
    ),
    (
        CreateBond(bond(mode=BondMode.BALANCE_XOR, xmit_hash_policy="layer2+3")),
        "the libvirt backend cannot set the LACP rate or transmit hash policy "
        "(libvirt's interface XML has no such options)",
    ),
]


@pytest.mark.parametrize(("change", "expected"), LIBVIRT_CASES)
def test_libvirt_limits(change: HostChange, expected: str) -> None:
    assert message(change, LIBVIRT_CAPABILITIES) == expected
    validate_change(change, HOST, NM_CAPABILITIES)  # NetworkManager takes all of these


def test_other_backend_limits() -> None:
    caps = replace(NM_CAPABILITIES, max_arp_targets=4, supports_vlan=False, supports_ipv6=False)
    targets = tuple(IPv4Address(f"203.0.113.{n}") for n in range(1, 6))
    assert (
        message(CreateBond(bond(mii=None, arp=ArpMonitor(100, targets))), caps)
        == "this backend takes at most 4 ARP targets, not 5"
    )
    assert (
        message(CreateVlan(VlanSpec("eth1.7", "eth1", 7)), caps)
        == "this backend cannot create VLAN interfaces"
    )
    assert (
        message(CreateBond(bond(ip=IpConfig(ipv6="auto"))), caps)
        == "this backend cannot configure IPv6"
    )


def test_warnings() -> None:
    assert warnings(bond()) == []
    assert warnings(bond(ports=("eth1",))) == ["fewer than two ports: no fault tolerance"]
    assert warnings(bond(mii=None)) == [
        "no link monitoring: a port whose link fails keeps getting traffic"
    ]
    assert warnings(bond(mode=BondMode.BALANCE_ALB, bridge="vmbr9")) == [
        "balance-alb rewrites MAC addresses: virtual machines on a bridge over this bond "
        "may lose traffic (active-backup or 802.3ad avoid that)"
    ]
    assert warnings(BridgeSpec("br9")) == []


def test_parsing_user_text() -> None:
    assert parse_ipv4_setting("dhcp") == IpConfig(ipv4="dhcp")
    assert parse_ipv4_setting(" DHCP ") == IpConfig(ipv4="dhcp")
    assert parse_ipv4_setting("none") == IpConfig()
    assert parse_ipv4_setting("203.0.113.5/24") == IpConfig(ipv4="static", addresses=(ADDRESS,))
    assert parse_ipv6_setting("auto") == IpConfig(ipv6="auto")
    assert parse_ipv6_setting("2001:db8::5/64") == IpConfig(
        ipv6="static", ipv6_addresses=(IPv6Interface("2001:db8::5/64"),)
    )
    assert parse_ipv4_address("203.0.113.1", "gateway") == T1
    refusals: dict[Callable[[], object], str] = {
        lambda: parse_ipv4_setting("static"): (
            "bad IPv4 setting 'static': use dhcp, none or ADDRESS/PREFIX"
        ),
        lambda: parse_ipv4_setting("300.1.1.1/24"): (
            "bad IPv4 address '300.1.1.1/24': use ADDRESS/PREFIX, e.g. 203.0.113.5/24"
        ),
        lambda: parse_ipv4_setting("203.0.113.5/33"): (
            "bad IPv4 address '203.0.113.5/33': use ADDRESS/PREFIX, e.g. 203.0.113.5/24"
        ),
        lambda: parse_ipv6_setting("slaac"): (
            "bad IPv6 setting 'slaac': use ignore, auto, dhcp, link-local or ADDRESS/PREFIX"
        ),
        lambda: parse_ipv6_setting("2001:db8::g/64"): (
            "bad IPv6 address '2001:db8::g/64': use ADDRESS/PREFIX, e.g. 2001:db8::5/64"
        ),
        lambda: parse_ipv4_address("2001:db8::1", "ARP target"): (
            "bad ARP target '2001:db8::1': not an IPv4 address"
        ),
        lambda: parse_ipv4_address("example", "ARP target"): (
            "bad ARP target 'example': not an IPv4 address"
        ),
    }
    for call, expected in refusals.items():
        with pytest.raises(BadInput) as caught:
            call()
        assert str(caught.value) == expected
