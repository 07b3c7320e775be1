"""NIC specs: what each mode needs, the one-line reasons, and specs read back from NICs."""

from __future__ import annotations

import pytest

from kvmdesk.core.nic.spec import (
    SETTABLE_MODES,
    NicSource,
    NicSpec,
    domains_using_mac,
    interface_type,
    spec_of,
    validate_nic_spec,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState

M = NetworkMode


def _net(name: str, mode: NetworkMode, *portgroups: str) -> NetworkSnapshot:
    return NetworkSnapshot(connection="test", name=name, uuid="", mode=mode, portgroups=portgroups)


NETWORKS = {
    n.name: n
    for n in (
        _net("lan", M.NAT),
        _net("lab", M.HOST_ONLY),
        _net("wire", M.INTERNAL),
        _net("routed", M.ROUTED),
        _net("open", M.OPEN, "engineering", "guests"),
        _net("host-br", M.BRIDGED),
        _net("pool", M.MACVTAP),
        _net("pci", M.OTHER),
    )
}


def spec(mode: NetworkMode, **source: str) -> NicSpec:
    return NicSpec(NicSource(mode, **source))


VALID = [
    spec(M.NAT, network="lan"),
    spec(M.HOST_ONLY, network="lab"),
    spec(M.INTERNAL, network="wire"),
    spec(M.ROUTED, network="routed"),
    spec(M.OPEN, network="open", portgroup="engineering"),
    spec(M.BRIDGED, bridge="br0"),
    spec(M.BRIDGED, network="host-br"),
    spec(M.MACVTAP, device="eth0"),
    spec(M.MACVTAP, device="enp3s0.100", macvtap_mode="passthrough"),
    spec(M.MACVTAP, network="pool"),
    spec(M.USER),
    spec(M.USER, backend="passt"),
    spec(M.NONE),
]


@pytest.mark.parametrize("valid", VALID, ids=lambda s: str(s.source.mode))
def test_valid_specs_pass(valid: NicSpec) -> None:
    assert validate_nic_spec(valid, NETWORKS) == valid


def test_every_settable_mode_has_a_valid_example() -> None:
    assert {s.source.mode for s in VALID} == set(SETTABLE_MODES)
    assert NetworkMode.OTHER not in SETTABLE_MODES


def test_mac_is_validated_and_normalised() -> None:
    checked = validate_nic_spec(NicSpec(NicSource(M.USER), mac="52-54-00-AA-BB-CC"), NETWORKS)
    assert checked.mac == "52:54:00:aa:bb:cc"
    with pytest.raises(BadInput, match="multicast"):
        validate_nic_spec(NicSpec(NicSource(M.USER), mac="01:00:5e:00:00:01"), NETWORKS)


def test_slirp_is_spelled_as_the_empty_backend() -> None:
    assert validate_nic_spec(spec(M.USER, backend="slirp"), NETWORKS).source.backend == ""


INVALID = [
    (spec(M.NAT), "a nat NIC needs a nat network"),
    (spec(M.NAT, network="nowhere"), "no network named 'nowhere' on this connection"),
    (spec(M.NAT, network="lab"), "network 'lab' is host-only, not nat"),
    (spec(M.HOST_ONLY, network="lan"), "network 'lan' is nat, not host-only"),
    (spec(M.INTERNAL, network="lab"), "network 'lab' is host-only, not internal"),
    (spec(M.ROUTED, network="open"), "network 'open' is open, not routed"),
    (spec(M.NAT, network="lan", bridge="br0"), "a nat NIC takes a network, not a host bridge"),
    (spec(M.BRIDGED), "a bridged NIC needs a host bridge or a bridge-mode network"),
    (spec(M.BRIDGED, bridge="br0", network="host-br"), "not both"),
    (spec(M.BRIDGED, network="lan"), "network 'lan' is nat, not bridged"),
    (spec(M.BRIDGED, device="eth0"), "a bridged NIC takes a host bridge, not a host device"),
    (spec(M.BRIDGED, bridge="a/b"), "not a valid bridge name: 'a/b'"),
    (spec(M.BRIDGED, bridge="x" * 16), "not a valid bridge name"),
    (spec(M.MACVTAP), "a macvtap NIC needs a host device or a macvtap network"),
    (spec(M.MACVTAP, device="eth0", macvtap_mode="bridged"), "macvtap mode must be one of"),
    (spec(M.MACVTAP, network="lan"), "network 'lan' is nat, not macvtap"),
    (spec(M.MACVTAP, bridge="br0"), "a macvtap NIC takes a host device, not a bridge"),
    (spec(M.MACVTAP, device="eth0", network="pool"), "not both"),
    (spec(M.USER, network="lan"), "a user-mode NIC takes no network, bridge or host device"),
    (spec(M.USER, backend="vde"), "user-mode backend must be slirp or passt: 'vde'"),
    (spec(M.NAT, network="lan", backend="passt"), "a backend applies only to user-mode NICs"),
    (
        spec(M.BRIDGED, bridge="br0", portgroup="x"),
        "a portgroup applies only to a NIC on a network",
    ),
    (spec(M.OPEN, network="open", portgroup="ops"), "network 'open' has no portgroup 'ops'"),
    (spec(M.NAT, network="lan", portgroup="ops"), "network 'lan' has no portgroup 'ops'"),
    (spec(M.OTHER), "mode 'other' cannot be chosen for a NIC"),
    (NicSpec(NicSource(M.USER), model="e1000 e"), "not a NIC model name: 'e1000 e'"),
    (NicSpec(NicSource(M.USER), mac="nonsense"), "not a MAC address"),
]


@pytest.mark.parametrize(("bad", "message"), INVALID)
def test_invalid_specs_say_why_in_one_line(bad: NicSpec, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        validate_nic_spec(bad, NETWORKS)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_new_nic_cannot_start_unplugged() -> None:
    assert validate_nic_spec(spec(M.NONE), NETWORKS, new=False)
    with pytest.raises(BadInput, match="a new NIC cannot start in mode 'none'"):
        validate_nic_spec(spec(M.NONE), NETWORKS, new=True)


def test_none_keeps_whatever_source_it_describes() -> None:
    # "none" unplugs the NIC and keeps its source: the source fields are not checked.
    assert validate_nic_spec(spec(M.NONE, network="gone"), NETWORKS)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (NicSource(M.NAT, network="lan"), "network"),
        (NicSource(M.BRIDGED, bridge="br0"), "bridge"),
        (NicSource(M.BRIDGED, network="host-br"), "network"),
        (NicSource(M.MACVTAP, device="eth0"), "direct"),
        (NicSource(M.MACVTAP, network="pool"), "network"),
        (NicSource(M.USER), "user"),
        (NicSource(M.NONE, network="lan"), ""),
    ],
)
def test_interface_type_of_each_source(source: NicSource, expected: str) -> None:
    assert interface_type(source) == expected


@pytest.mark.parametrize(
    ("nic", "expected"),
    [
        (
            NicSnapshot("52:54:00:00:00:01", "virtio", "network", "lan", portgroup="pg"),
            NicSpec(NicSource(M.NAT, network="lan", portgroup="pg"), "52:54:00:00:00:01"),
        ),
        (
            NicSnapshot("52:54:00:00:00:02", "e1000e", "bridge", "br0"),
            NicSpec(NicSource(M.BRIDGED, bridge="br0"), "52:54:00:00:00:02", "e1000e"),
        ),
        (
            NicSnapshot("52:54:00:00:00:03", "virtio", "direct", "eth0", macvtap_mode="vepa"),
            NicSpec(NicSource(M.MACVTAP, device="eth0", macvtap_mode="vepa"), "52:54:00:00:00:03"),
        ),
        (
            NicSnapshot("52:54:00:00:00:04", "virtio", "user", "", backend="passt"),
            NicSpec(NicSource(M.USER, backend="passt"), "52:54:00:00:00:04"),
        ),
        (
            NicSnapshot("52:54:00:00:00:05", "rtl8139", "network", "lab", link_up=False),
            NicSpec(NicSource(M.NONE, network="lab"), "52:54:00:00:00:05", "rtl8139", False),
        ),
        (
            NicSnapshot("52:54:00:00:00:06", "virtio", "vhostuser", "/run/sock"),
            NicSpec(NicSource(M.OTHER), "52:54:00:00:00:06"),
        ),
        (
            NicSnapshot("52:54:00:00:00:07", "virtio", "network", "pci"),
            NicSpec(NicSource(M.OTHER, network="pci"), "52:54:00:00:00:07"),
        ),
    ],
)
def test_spec_of_describes_the_nic(nic: NicSnapshot, expected: NicSpec) -> None:
    assert spec_of(nic, NETWORKS) == expected


def test_spec_of_a_plugged_nic_validates_unchanged() -> None:
    nic = NicSnapshot("52:54:00:00:00:01", "virtio", "network", "lab")
    described = spec_of(nic, NETWORKS)
    assert validate_nic_spec(described, NETWORKS) == described


def _domain(name: str, uuid: str, *macs: str) -> DomainSnapshot:
    return DomainSnapshot(
        connection="test",
        uuid=uuid,
        name=name,
        state=DomainState.SHUTOFF,
        vcpus=1,
        memory_kib=1024,
        max_memory_kib=1024,
        nics=tuple(NicSnapshot(mac, "virtio", "user", "") for mac in macs),
    )


def test_domains_using_a_mac() -> None:
    domains = [
        _domain("b", "2", "52:54:00:00:00:01"),
        _domain("a", "1", "52:54:00:00:00:01", "52:54:00:00:00:02"),
        _domain("c", "3", "52:54:00:00:00:03"),
    ]
    assert domains_using_mac(domains, "52-54-00-00-00-01") == ["a", "b"]
    assert domains_using_mac(domains, "52:54:00:00:00:01", exclude="1") == ["b"]
    assert domains_using_mac(domains, "52:54:00:00:00:09") == []
