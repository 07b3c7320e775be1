"""Bond modes (every spelling users type), per-mode guide data and the change helpers."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address

import pytest

from kvmdesk.core.hostnet.model import (
    DHCP,
    ArpMonitor,
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    HostInterface,
    MiiMonitor,
    SwitchConfig,
    VlanSpec,
    affected_interfaces,
    bond_mode_choices,
    bond_spec_for_edit,
    bridge_over_bond,
    describe_change,
    parse_bond_mode,
    vlan_name,
)
from kvmdesk.core.types.errors import BadInput

KERNEL_NAMES = {
    BondMode.BALANCE_RR: "balance-rr",
    BondMode.ACTIVE_BACKUP: "active-backup",
    BondMode.BALANCE_XOR: "balance-xor",
    BondMode.BROADCAST: "broadcast",
    BondMode.IEEE_802_3AD: "802.3ad",
    BondMode.BALANCE_TLB: "balance-tlb",
    BondMode.BALANCE_ALB: "balance-alb",
}


def test_modes_are_numbered_as_the_kernel_numbers_them() -> None:
    assert [int(m) for m in BondMode] == list(range(7))
    assert {m: m.kernel_name for m in BondMode} == KERNEL_NAMES
    assert str(BondMode.IEEE_802_3AD) == "802.3ad"


@pytest.mark.parametrize("mode", list(BondMode))
def test_every_spelling_of_a_mode_parses(mode: BondMode) -> None:
    number = int(mode)
    spellings = [
        mode.kernel_name,
        mode.kernel_name.upper(),
        f"  {mode.kernel_name} ",
        str(number),
        f"mode{number}",
        f"MODE{number}",
        f"bond{number}",
        f"Bond{number}",
    ]
    for text in spellings:
        assert parse_bond_mode(text) is mode, text


def test_lacp_is_802_3ad() -> None:
    assert parse_bond_mode("lacp") is BondMode.IEEE_802_3AD
    assert parse_bond_mode("LACP") is BondMode.IEEE_802_3AD


@pytest.mark.parametrize("text", ["7", "-1", "mode7", "bond7", "bond", "", "rr", "802.3", "lacp4"])
def test_unknown_modes_are_refused_with_the_list(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_bond_mode(text)
    assert str(caught.value) == f"unknown bond mode {text!r}: use one of {bond_mode_choices()}"
    assert "balance-rr" in str(caught.value) and "bond0-bond6" in str(caught.value)


def test_labels_show_number_and_name() -> None:
    assert [m.label for m in BondMode] == [
        "0 balance-rr",
        "1 active-backup",
        "2 balance-xor",
        "3 broadcast",
        "4 802.3ad (LACP)",
        "5 balance-tlb",
        "6 balance-alb",
    ]


def test_switch_configuration_per_mode() -> None:
    switch = {m: m.guide.switch for m in BondMode}
    assert {m for m, s in switch.items() if s is SwitchConfig.STATIC_GROUP} == {
        BondMode.BALANCE_RR,
        BondMode.BALANCE_XOR,
        BondMode.BROADCAST,
    }
    assert {m for m, s in switch.items() if s is SwitchConfig.LACP} == {BondMode.IEEE_802_3AD}
    assert {m for m, s in switch.items() if s is SwitchConfig.NONE} == {
        BondMode.ACTIVE_BACKUP,
        BondMode.BALANCE_TLB,
        BondMode.BALANCE_ALB,
    }


def test_guide_flags_per_mode() -> None:
    primary = {m for m in BondMode if m.guide.primary_allowed}
    arp = {m for m in BondMode if m.guide.arp_monitoring}
    balancing = {m for m in BondMode if m.guide.load_balancing}
    lacp = {m for m in BondMode if m.guide.lacp_options}
    xmit = {m for m in BondMode if m.guide.xmit_hash_policy}
    assert primary == {BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB}
    assert arp == {
        BondMode.BALANCE_RR,
        BondMode.ACTIVE_BACKUP,
        BondMode.BALANCE_XOR,
        BondMode.BROADCAST,
    }
    assert balancing == set(BondMode) - {BondMode.ACTIVE_BACKUP, BondMode.BROADCAST}
    assert lacp == {BondMode.IEEE_802_3AD}
    assert xmit == {BondMode.BALANCE_XOR, BondMode.IEEE_802_3AD, BondMode.BALANCE_TLB}
    assert all(m.guide.fault_tolerance for m in BondMode)
    assert all(m.guide.summary.endswith(".") for m in BondMode)


def test_specs_are_frozen_and_hashable() -> None:
    spec = BondSpec(
        "bond1",
        BondMode.ACTIVE_BACKUP,
        ("eth1", "eth4"),
        arp=ArpMonitor(100, (IPv4Address("203.0.113.1"),)),
    )
    assert hash(spec) == hash(dataclasses.replace(spec))
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "bond2"  # type: ignore[misc]
    assert spec.arp is not None and spec.arp.validate == "none"
    assert MiiMonitor(100).carrier == "netif"
    assert vlan_name("bond0", 42) == "bond0.42"


HOST = [
    HostInterface("eth0", "ethernet", controller="br0"),
    HostInterface("eth1", "ethernet"),
    HostInterface("eth2", "ethernet", controller="bond0"),
    HostInterface("eth3", "ethernet", controller="bond0"),
    HostInterface("bond0", "bond", ports=("eth2", "eth3"), controller="br1"),
    HostInterface("br1", "bridge", ports=("bond0",)),
    HostInterface("br0", "bridge", ports=("eth0",)),
]


def test_descriptions() -> None:
    bond = BondSpec("bond1", BondMode.IEEE_802_3AD, ("eth1", "eth4"), bridge="vmbr1")
    assert describe_change(CreateBond(bond)) == (
        "create bond bond1 (4 802.3ad (LACP)) over eth1, eth4 with bridge vmbr1 over it"
    )
    assert describe_change(EditBond(dataclasses.replace(bond, bridge=""))) == (
        "change bond bond1 (4 802.3ad (LACP)) over eth1, eth4"
    )
    assert describe_change(CreateBridge(BridgeSpec("br2", ("eth1",)))) == (
        "create bridge br2 over eth1"
    )
    assert describe_change(CreateVlan(VlanSpec("eth1.7", "eth1", 7, DHCP))) == (
        "create VLAN eth1.7 (id 7) on eth1"
    )
    assert describe_change(DeleteInterface("br1")) == "delete br1"


def test_affected_interfaces() -> None:
    bond = BondSpec("bond1", BondMode.BALANCE_RR, ("eth1",), bridge="vmbr1")
    assert affected_interfaces(CreateBond(bond), HOST) == ["bond1", "eth1", "vmbr1"]
    assert CreateBond(bond).target == "vmbr1"
    edit = BondSpec("bond0", BondMode.BALANCE_XOR, ("eth2",), bridge="br1")
    assert affected_interfaces(EditBond(edit), HOST) == ["bond0", "eth2", "br1", "eth3"]
    # Deleting a bridge over a bond affects the bond and the bond's ports too.
    assert affected_interfaces(DeleteInterface("br1"), HOST) == ["br1", "bond0", "eth2", "eth3"]
    assert affected_interfaces(CreateVlan(VlanSpec("br0.5", "br0", 5)), HOST) == ["br0.5", "br0"]


def test_bond_spec_for_edit_moves_the_bridge_settings_back() -> None:
    bond = BondSpec("bond0", BondMode.BALANCE_XOR, ("eth2", "eth3"))
    bridge = BridgeSpec("br1", ("bond0",), ip=DHCP, mtu=9000, start_mode="none")
    rows = [
        HostInterface("bond0", "bond", ports=("eth2", "eth3"), controller="br1", definition=bond),
        HostInterface("br1", "bridge", ports=("bond0",), definition=bridge),
        HostInterface("bond2", "bond", definition=BondSpec("bond2", BondMode(1), ("eth4",))),
        HostInterface("eth1", "ethernet"),
    ]
    assert bond_spec_for_edit(rows, "bond0") == dataclasses.replace(
        bond, bridge="br1", ip=DHCP, mtu=9000, start_mode="none"
    )
    assert bond_spec_for_edit(rows, "bond2") == BondSpec("bond2", BondMode(1), ("eth4",))
    assert bond_spec_for_edit(rows, "eth1") is None
    assert bond_spec_for_edit(rows, "nosuch") is None


def test_the_bridge_over_a_bond_takes_its_addressing_and_reads_back_as_the_bond() -> None:
    bond = BondSpec("bond0", BondMode(1), ("eth2",), ip=DHCP, mtu=9000, bridge="br1")
    bridge = bridge_over_bond(bond)
    assert bridge == BridgeSpec("br1", ("bond0",), ip=DHCP, mtu=9000, start_mode="onboot")
    rows = [
        HostInterface("bond0", "bond", controller="br1", definition=bond),
        HostInterface("br1", "bridge", ports=("bond0",), definition=bridge),
    ]
    assert bond_spec_for_edit(rows, "bond0") == bond
