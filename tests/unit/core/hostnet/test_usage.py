"""users_of: the VMs and virtual networks a host-interface change affects."""

from __future__ import annotations

from kvmdesk.core.hostnet.usage import InterfaceUser, UseKind, users_of
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState

URI = "test:///default"


def _domain(name: str, *nics: NicSnapshot) -> DomainSnapshot:
    return DomainSnapshot(
        connection=URI,
        uuid=f"uuid-{name}",
        name=name,
        state=DomainState.SHUTOFF,
        vcpus=1,
        memory_kib=1024,
        max_memory_kib=1024,
        nics=nics,
    )


def _network(
    name: str, mode: NetworkMode, bridge: str = "", devices: tuple[str, ...] = ()
) -> NetworkSnapshot:
    return NetworkSnapshot(URI, name, f"uuid-{name}", mode, bridge=bridge, forward_devices=devices)


DOMAINS = [
    _domain("web", NicSnapshot("52:54:00:00:00:01", "virtio", "bridge", "br0")),
    _domain("mail", NicSnapshot("52:54:00:00:00:02", "virtio", "direct", "eth1")),
    _domain("db", NicSnapshot("52:54:00:00:00:03", "virtio", "network", "nat-lan")),
]
NETWORKS = [
    _network("bridged-host", NetworkMode.BRIDGED, bridge="br0"),
    _network("nat-lan", NetworkMode.NAT, bridge="virbr1", devices=("eth0",)),
    _network("tap-lan", NetworkMode.MACVTAP, devices=("eth1", "eth2")),
]


def test_each_kind_of_use() -> None:
    assert users_of(["br0", "eth1", "eth0"], DOMAINS, NETWORKS) == [
        InterfaceUser("mail", True, "eth1", UseKind.MACVTAP),
        InterfaceUser("web", True, "br0", UseKind.BRIDGE),
        InterfaceUser("bridged-host", False, "br0", UseKind.BRIDGE),
        InterfaceUser("nat-lan", False, "eth0", UseKind.FORWARD),
        InterfaceUser("tap-lan", False, "eth1", UseKind.FORWARD),
    ]


def test_libvirts_own_bridges_and_unused_ports_affect_nobody() -> None:
    # virbr1 is made by libvirt for nat-lan: never a host port anyone bonds.
    assert users_of(["eth4", "virbr1"], DOMAINS, NETWORKS) == []
