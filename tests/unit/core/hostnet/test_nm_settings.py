"""NetworkManager profiles from specs and back, without a daemon (the real one: integration)."""

from __future__ import annotations

import json
from ipaddress import IPv4Address, IPv4Interface

import pytest
from dbus_fast import Variant

from kvmdesk.core.hostnet.model import (
    ArpMonitor,
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    DeleteInterface,
    EthernetSpec,
    HostInterface,
    IpConfig,
    MiiMonitor,
    VlanSpec,
)
from kvmdesk.core.hostnet.nm_backend import (
    activation_message,
    check_supported,
    nm_settings_json,
    with_outcome,
)
from kvmdesk.core.hostnet.nm_interfaces import host_interfaces
from kvmdesk.core.hostnet.nm_settings import (
    bond_options,
    bond_profiles,
    profiles_for,
    spec_from_profiles,
    to_dbus,
)
from kvmdesk.core.hostnet.nm_types import DeviceState, DeviceType, NmConnection, NmDevice
from kvmdesk.core.types.errors import BadInput

STATIC = IpConfig(ipv4="static", addresses=(IPv4Interface("198.51.100.2/24"),))


def test_bond_profiles_carry_the_kernel_options_and_ports() -> None:
    spec = BondSpec(
        "bond0",
        BondMode.IEEE_802_3AD,
        ("eth1", "eth2"),
        mii=MiiMonitor(100, 200, 0, "ioctl"),
        lacp_rate="fast",
        xmit_hash_policy="layer3+4",
        ip=STATIC,
        mtu=9000,
    )
    bond, *ports = bond_profiles(spec)
    assert bond["connection"]["autoconnect-slaves"] == 1
    assert bond["bond"]["options"] == {
        "mode": "802.3ad",
        "miimon": "100",
        "updelay": "200",
        "use_carrier": "0",
        "lacp_rate": "fast",
        "xmit_hash_policy": "layer3+4",
    }
    assert bond["802-3-ethernet"] == {"mtu": 9000}
    assert [p["connection"]["interface-name"] for p in ports] == ["eth1", "eth2"]
    for port in ports:
        assert port["connection"]["master"] == "bond0"
        assert port["connection"]["slave-type"] == "bond"
        assert port["connection"]["autoconnect"] is True
        assert "ipv4" not in port


def test_arp_targets_are_one_comma_separated_option() -> None:
    targets = tuple(IPv4Address(f"203.0.113.{i}") for i in range(1, 17))
    spec = BondSpec("bond0", BondMode.ACTIVE_BACKUP, ("eth1",), arp=ArpMonitor(500, targets, "all"))
    options = bond_options(spec)
    assert options["arp_ip_target"].split(",") == [str(t) for t in targets]
    assert options["arp_validate"] == "all" and "miimon" not in options


@pytest.mark.parametrize(
    "spec",
    [
        BondSpec("bond0", BondMode.BALANCE_ALB, ("eth2", "eth1"), primary="eth1", ip=STATIC),
        BondSpec("bond0", BondMode.BROADCAST, ("eth1",), bridge="br0", ip=STATIC, mtu=1400),
        BridgeSpec("br0", ("eth1",), stp=True, delay=4, ip=IpConfig(ipv4="dhcp", ipv6="auto")),
        VlanSpec("eth1.42", "eth1", 42, mtu=1400, start_mode="none"),
        EthernetSpec("eth3", ip=STATIC, mtu=1500),
    ],
    ids=["bond", "bond-with-bridge", "bridge", "vlan", "ethernet"],
)
def test_spec_round_trips_through_profiles(
    spec: BondSpec | BridgeSpec | VlanSpec | EthernetSpec,
) -> None:
    profiles = json.loads(json.dumps(profiles_for(spec)))  # the JSON form is the same data
    assert spec_from_profiles(profiles, spec.name) == spec


def test_to_dbus_types_every_property() -> None:
    wrapped = to_dbus(
        bond_profiles(BondSpec("bond0", BondMode.BALANCE_RR, ("eth1",), ip=STATIC))[0]
    )
    assert wrapped["bond"]["options"] == Variant("a{ss}", {"mode": "balance-rr"})
    assert wrapped["connection"]["autoconnect-slaves"].signature == "i"
    (address,) = wrapped["ipv4"]["address-data"].value
    assert address == {"address": Variant("s", "198.51.100.2"), "prefix": Variant("u", 24)}


def test_fractional_forward_delay_is_bad_input() -> None:
    with pytest.raises(BadInput, match="whole seconds"):
        profiles_for(BridgeSpec("br0", delay=1.5))


def test_settings_json_for_create_and_delete() -> None:
    spec = BondSpec("bond0", BondMode.ACTIVE_BACKUP, ("eth1",))
    created = json.loads(nm_settings_json(CreateBond(spec), []))
    assert created["action"] == "add"
    assert [p["connection"]["id"] for p in created["profiles"]] == ["bond0", "bond0-port-eth1"]
    interfaces = [
        HostInterface("br0", "bridge", ports=("bond0",)),
        HostInterface("bond0", "bond", ports=("eth1",), controller="br0"),
        HostInterface("eth1", "ethernet", controller="bond0"),
    ]
    deleted = json.loads(nm_settings_json(DeleteInterface("br0"), interfaces))
    assert deleted == {"delete": "br0", "ports_given_back": ["bond0", "eth1"], "profiles": []}


def test_activation_message_explains_a_missing_kernel_module() -> None:
    nm = "bond0 failed to create resources: Failed to create bond interface 'bond0' for 'bond0': Operation not supported"
    message = with_outcome(activation_message("bond0", nm), "nothing was changed")
    assert message == (
        "bond0 could not be brought up: this kernel cannot create bonds (no 'bonding' "
        f"module); nothing was changed. NetworkManager: {nm}"
    )


def _device(path: int, name: str, kind: DeviceType, ports: tuple[int, ...] = ()) -> NmDevice:
    return NmDevice(
        path=f"/d/{path}",
        interface=name,
        device_type=kind,
        state=DeviceState.ACTIVATED,
        state_reason=0,
        hw_address="52:54:00:00:00:01",
        mtu=1500,
        managed=True,
        real=True,
        ipv4=(),
        ipv6=(),
        ports=tuple(f"/d/{p}" for p in ports),
        active_connection="/",
    )


def test_host_interfaces_join_devices_and_profile_only_bonds() -> None:
    bond = BondSpec("bond0", BondMode.ACTIVE_BACKUP, ("eth2",), mii=MiiMonitor(100))
    connections = [
        NmConnection(f"/s/{i}", p)
        for i, p in enumerate([*profiles_for(BridgeSpec("br0", ("eth1",))), *bond_profiles(bond)])
    ]
    devices = [
        _device(1, "lo", DeviceType.LOOPBACK),
        _device(2, "eth1", DeviceType.ETHERNET),
        _device(3, "br0", DeviceType.BRIDGE, ports=(2,)),
        _device(4, "eth2", DeviceType.VETH),
    ]
    rows = {row.name: row for row in host_interfaces(devices, connections, {})}
    assert list(rows) == ["eth1", "br0", "eth2", "bond0"]
    assert rows["br0"].ports == ("eth1",) and rows["eth1"].controller == "br0"
    assert rows["bond0"].definition == bond and not rows["bond0"].active
    assert rows["bond0"].bond is not None and rows["bond0"].bond.mode is BondMode.ACTIVE_BACKUP
    assert rows["bond0"].ports == ("eth2",)


def test_bridge_over_an_existing_bond_is_refused_clearly() -> None:
    interfaces = [HostInterface("bond0", "bond"), HostInterface("eth1", "ethernet")]
    check_supported(CreateBridge(BridgeSpec("br0", ("eth1",))), interfaces)
    with pytest.raises(BadInput, match="Use for virtual machines"):
        check_supported(CreateBridge(BridgeSpec("br0", ("bond0",))), interfaces)
