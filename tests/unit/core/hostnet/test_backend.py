"""Which interfaces carry the connection's own traffic, and backend names."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, ip_address

import pytest

from kvmdesk.core.hostnet.connection_traffic import (
    carries_connection,
    connection_interfaces,
    uses_local_host,
)
from kvmdesk.core.hostnet.model import (
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    HostInterface,
    IpConfig,
    VlanSpec,
)
from kvmdesk.core.hostnet.select import parse_backend_kind
from kvmdesk.core.types.errors import BadInput

BR0_IP = IpConfig(
    ipv4="static",
    addresses=(IPv4Interface("203.0.113.200/25"),),
    gateway=IPv4Address("203.0.113.129"),
)
HOST = [
    HostInterface("eth0", "ethernet", controller="br0"),
    HostInterface("eth1", "ethernet", ipv4=("198.51.100.7/24",)),
    HostInterface("eth2", "ethernet", controller="bond0"),
    HostInterface("eth3", "ethernet", controller="bond0"),
    HostInterface("eth4", "ethernet"),
    HostInterface("bond0", "bond", ports=("eth2", "eth3")),
    HostInterface(
        "br0",
        "bridge",
        ports=("eth0",),
        ipv4=("203.0.113.200/25",),
        definition=BridgeSpec("br0", ("eth0",), ip=BR0_IP),
    ),
]
DELETE_BR0 = DeleteInterface("br0")
BOND_ETH4 = CreateBond(BondSpec("bond1", BondMode.ACTIVE_BACKUP, ("eth4",)))
VLAN_ON_BR0 = CreateVlan(VlanSpec("br0.5", "br0", 5))


def test_remote_connection_runs_over_the_interface_holding_its_address() -> None:
    uri = "qemu+ssh://root@kvm1.example/system"
    remote = [ip_address("198.51.100.7")]
    assert connection_interfaces(HOST, uri, remote_addresses=remote) == {"eth1"}
    assert carries_connection(DELETE_BR0, HOST, uri, remote_addresses=remote) == []
    bridge_eth1 = CreateBridge(BridgeSpec("br1", ("eth1",)))
    assert carries_connection(bridge_eth1, HOST, uri, remote_addresses=remote) == ["eth1"]


def test_a_bridge_carries_over_its_ports() -> None:
    uri = "qemu+tls://203.0.113.200/system"
    remote = [ip_address("203.0.113.200")]
    assert connection_interfaces(HOST, uri, remote_addresses=remote) == {"br0", "eth0"}
    assert carries_connection(DELETE_BR0, HOST, uri, remote_addresses=remote) == ["br0", "eth0"]
    assert carries_connection(VLAN_ON_BR0, HOST, uri, remote_addresses=remote) == ["br0"]
    assert carries_connection(BOND_ETH4, HOST, uri, remote_addresses=remote) == []


def test_unknown_remote_address_falls_back_to_the_gateway_interfaces() -> None:
    uri = "qemu+ssh://jump.example/system"
    remote = [ip_address("192.0.2.1")]  # behind NAT: no interface holds it
    assert connection_interfaces(HOST, uri, remote_addresses=remote) == {"br0", "eth0"}


def test_local_connections_protect_the_default_route() -> None:
    uri = "qemu:///system"
    assert connection_interfaces(HOST, uri, default_routes=["eth1"]) == {"eth1"}
    assert carries_connection(DELETE_BR0, HOST, uri, default_routes=["eth1"]) == []
    # No default route known: the definitions with a gateway.
    assert carries_connection(DELETE_BR0, HOST, uri, default_routes=[]) == ["br0", "eth0"]


def test_the_test_driver_uses_the_defined_gateways() -> None:
    uri = "test:///default"
    assert connection_interfaces(HOST, uri) == {"br0", "eth0"}
    assert carries_connection(DELETE_BR0, HOST, uri) == ["br0", "eth0"]
    assert carries_connection(BOND_ETH4, HOST, uri) == []


def test_backend_names() -> None:
    assert parse_backend_kind(" NM ") == "nm"
    assert parse_backend_kind("libvirt") == "libvirt"
    with pytest.raises(BadInput, match="unknown host-network backend 'netplan': use libvirt or nm"):
        parse_backend_kind("netplan")
    assert uses_local_host("qemu:///system")
    assert uses_local_host("qemu+unix:///system?socket=/run/x")
    assert not uses_local_host("test:///default")
    assert not uses_local_host("qemu+ssh://kvm1.example/system")
