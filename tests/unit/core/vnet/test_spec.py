"""Network specs: parsing, every validation message, XML for each mode, editing in place.

XML kvmdesk writes is validated against libvirt's ``network.rng`` and defined on the
test driver, which must read it back as the same mode. Edits run on libvirt's own
network corpus: an unchanged spec changes nothing, and every switch of mode keeps the
UUID and the elements kvmdesk does not know.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.change import LIVE_FIELDS, NetworkField, network_change
from kvmdesk.core.vnet.classify import classify_network_xml
from kvmdesk.core.vnet.edit import (
    changes_need_restart,
    dhcp_ranges,
    spec_from_network_xml,
    update_network_xml,
)
from kvmdesk.core.vnet.read import parse_network
from kvmdesk.core.vnet.spec import (
    CREATABLE_MODES,
    NetworkSpec,
    check_interface_name,
    default_dhcp_range,
    new_network_xml,
    parse_address,
    parse_mode,
    parse_subnet,
    validate_network_spec,
)
from tests.helpers.inventory import MakeInventory

SCHEMA = Path("/usr/share/libvirt/schemas/network.rng")

A = IPv4Address
N = IPv4Network
M = NetworkMode


@pytest.fixture(scope="module")
def network_rng() -> etree.RelaxNG:
    if not SCHEMA.is_file():
        pytest.skip(f"libvirt's schema not found at {SCHEMA}")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def assert_valid(rng: etree.RelaxNG, xml: str) -> None:
    document = etree.fromstring(xml.encode())
    assert rng.validate(document), f"{rng.error_log.last_error}\n{xml}"


def snapshot(name: str, subnets: tuple[str, ...] = (), bridge: str = "") -> NetworkSnapshot:
    return NetworkSnapshot(
        connection="test:///", name=name, uuid="", mode=M.NAT, bridge=bridge, subnets=subnets
    )


EXISTING = (
    snapshot("lan", ("198.51.100.0/26",), bridge="virbr-lan"),
    snapshot("v6", ("2001:db8::/64", "not-a-subnet")),
)
HOST = (N("203.0.113.128/25"),)

VALID: dict[NetworkMode, NetworkSpec] = {
    M.NAT: NetworkSpec(
        "nat1", M.NAT, N("198.51.100.64/26"), A("198.51.100.96"), A("198.51.100.126")
    ),
    M.ROUTED: NetworkSpec("routed1", M.ROUTED, N("198.51.100.128/27"), forward_dev="eth0"),
    M.OPEN: NetworkSpec("open1", M.OPEN, N("198.51.100.160/27"), host_address=A("198.51.100.190")),
    M.HOST_ONLY: NetworkSpec(
        "hostonly1", M.HOST_ONLY, N("203.0.113.0/27"), A("203.0.113.2"), A("203.0.113.30")
    ),
    M.INTERNAL: NetworkSpec("internal1", M.INTERNAL, bridge="kvint1"),
    M.BRIDGED: NetworkSpec("bridged1", M.BRIDGED, bridge="br0"),
}


# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "subnet", "host"),
    [
        ("198.51.100.0/24", "198.51.100.0/24", None),
        ("198.51.100.1/24", "198.51.100.0/24", "198.51.100.1"),
        (" 198.51.100.70/26 ", "198.51.100.64/26", "198.51.100.70"),
        ("203.0.113.0/255.255.255.224", "203.0.113.0/27", None),
        ("203.0.113.31/27", "203.0.113.0/27", "203.0.113.31"),  # broadcast: validation says no
    ],
)
def test_parse_subnet(text: str, subnet: str, host: str | None) -> None:
    assert parse_subnet(text) == (N(subnet), A(host) if host else None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("198.51.100.0", "subnet needs a prefix, as in ADDRESS/24: '198.51.100.0'"),
        ("198.51.100.0/33", "not an IPv4 subnet: '198.51.100.0/33'"),
        ("lan/24", "not an IPv4 subnet: 'lan/24'"),
        ("2001:db8::/64", "only IPv4 subnets are supported: '2001:db8::/64'"),
    ],
)
def test_parse_subnet_errors(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_subnet(text)
    assert str(caught.value) == message


def test_parse_mode_and_address() -> None:
    assert [parse_mode(str(mode)) for mode in CREATABLE_MODES] == list(CREATABLE_MODES)
    assert parse_mode(" Host-Only ") is M.HOST_ONLY
    choices = "nat, routed, open, host-only, internal, bridged"
    with pytest.raises(BadInput, match=rf"^unknown network mode 'vmnet8' \(choose {choices}\)$"):
        parse_mode("vmnet8")
    for word in ("macvtap", "user", "none", "other"):
        with pytest.raises(BadInput, match=rf"^cannot create a network in {word} mode \(choose"):
            parse_mode(word)
    assert parse_address(" 198.51.100.7 ") == A("198.51.100.7")
    with pytest.raises(BadInput, match=r"^DHCP start is not an IPv4 address: '198.51.100'$"):
        parse_address("198.51.100", "DHCP start")


# --------------------------------------------------------------- validation


@pytest.mark.parametrize("mode", CREATABLE_MODES)
def test_valid_specs_pass(mode: NetworkMode) -> None:
    validate_network_spec(VALID[mode], EXISTING, HOST)


def nat(**changes: object) -> NetworkSpec:
    return dataclasses.replace(VALID[M.NAT], **changes)  # type: ignore[arg-type]


INVALID: list[tuple[NetworkSpec, str]] = [
    (nat(name=""), "network name is empty"),
    (nat(name="  "), "network name is empty"),
    (nat(name=" lab"), "network name may not start or end with whitespace: ' lab'"),
    (nat(name="lab/1"), "network name may not contain '/': 'lab/1'"),
    (nat(name="lab\n1"), "network name may not contain control characters: 'lab\\n1'"),
    (nat(name="lan"), "a network named 'lan' already exists"),
    (
        nat(mode=M.MACVTAP),
        "cannot create a network in macvtap mode"
        " (choose nat, routed, open, host-only, internal, bridged)",
    ),
    (
        NetworkSpec("b", M.BRIDGED),
        "a bridged network needs the name of a host bridge (e.g. br0)",
    ),
    (nat(bridge="."), "bridge name may not be '.' or '..'"),
    (nat(bridge=".."), "bridge name may not be '.' or '..'"),
    (
        nat(bridge="virbr-much-too-long"),
        "bridge name 'virbr-much-too-long' is too long (at most 15 bytes)",
    ),
    (nat(bridge="brü-ünïcödé"), "bridge name 'brü-ünïcödé' is too long (at most 15 bytes)"),
    (nat(bridge="br 0"), "bridge name may not contain '/', ':' or whitespace: 'br 0'"),
    (nat(bridge="br/0"), "bridge name may not contain '/', ':' or whitespace: 'br/0'"),
    (nat(bridge="br:0"), "bridge name may not contain '/', ':' or whitespace: 'br:0'"),
    (nat(bridge="virbr-lan"), "bridge 'virbr-lan' is already used by network 'lan'"),
    (
        NetworkSpec("o", M.OPEN, N("203.0.113.0/27"), forward_dev="eth0"),
        "only nat and routed networks forward through a chosen device, not open",
    ),
    (
        nat(forward_dev="eth0:1"),
        "forward device name may not contain '/', ':' or whitespace: 'eth0:1'",
    ),
    (nat(subnet=None, dhcp_start=None, dhcp_end=None), "a nat network needs a subnet"),
    (NetworkSpec("r", M.ROUTED), "a routed network needs a subnet"),
    (NetworkSpec("o", M.OPEN), "an open network needs a subnet"),
    (NetworkSpec("h", M.HOST_ONLY), "a host-only network needs a subnet"),
    (
        NetworkSpec("i", M.INTERNAL, N("203.0.113.0/27")),
        "an internal network has no subnet of its own",
    ),
    (
        NetworkSpec("b", M.BRIDGED, N("203.0.113.0/27"), bridge="br0"),
        "a bridged network has no subnet of its own",
    ),
    (
        NetworkSpec("i", M.INTERNAL, host_address=A("203.0.113.1")),
        "an internal network has no subnet of its own",
    ),
    (
        NetworkSpec("i", M.INTERNAL, dhcp_start=A("203.0.113.2"), dhcp_end=A("203.0.113.9")),
        "an internal network has no DHCP range of its own",
    ),
    (
        NetworkSpec("b", M.BRIDGED, bridge="br0", dhcp_start=A("203.0.113.2")),
        "a bridged network has no DHCP range of its own",
    ),
    (
        nat(subnet=N("198.51.100.0/31"), dhcp_start=None, dhcp_end=None),
        "prefix /31 of 198.51.100.0/31 is outside /8 to /30",
    ),
    (
        nat(subnet=N("198.0.0.0/7"), dhcp_start=None, dhcp_end=None),
        "prefix /7 of 198.0.0.0/7 is outside /8 to /30",
    ),
    (nat(host_address=A("203.0.113.1")), "host address 203.0.113.1 is outside 198.51.100.64/26"),
    (
        nat(host_address=A("198.51.100.64")),
        "198.51.100.64 is the network address of 198.51.100.64/26, not a host address",
    ),
    (
        nat(host_address=A("198.51.100.127")),
        "198.51.100.127 is the broadcast address of 198.51.100.64/26, not a host address",
    ),
    (nat(dhcp_end=None), "a DHCP range needs both a start and an end address"),
    (nat(dhcp_start=None), "a DHCP range needs both a start and an end address"),
    (nat(dhcp_start=A("203.0.113.2")), "DHCP range start 203.0.113.2 is outside 198.51.100.64/26"),
    (
        nat(dhcp_end=A("198.51.100.128")),
        "DHCP range end 198.51.100.128 is outside 198.51.100.64/26",
    ),
    (
        nat(dhcp_start=A("198.51.100.64")),
        "DHCP range start 198.51.100.64 is the network address of 198.51.100.64/26",
    ),
    (
        nat(dhcp_end=A("198.51.100.127")),
        "DHCP range end 198.51.100.127 is the broadcast address of 198.51.100.64/26",
    ),
    (
        nat(dhcp_start=A("198.51.100.100"), dhcp_end=A("198.51.100.99")),
        "DHCP range is reversed: start 198.51.100.100 comes after end 198.51.100.99",
    ),
    (
        nat(dhcp_start=A("198.51.100.65")),
        "DHCP range 198.51.100.65-198.51.100.126 contains the host address 198.51.100.65",
    ),
    (
        nat(host_address=A("198.51.100.100")),
        "DHCP range 198.51.100.96-198.51.100.126 contains the host address 198.51.100.100",
    ),
    (
        nat(subnet=N("198.51.100.0/24"), dhcp_start=None, dhcp_end=None),
        "subnet 198.51.100.0/24 overlaps network 'lan' (198.51.100.0/26)",
    ),
    (
        nat(subnet=N("198.51.100.32/27"), dhcp_start=None, dhcp_end=None),
        "subnet 198.51.100.32/27 overlaps network 'lan' (198.51.100.0/26)",
    ),
    (
        nat(subnet=N("203.0.113.128/26"), dhcp_start=None, dhcp_end=None),
        "subnet 203.0.113.128/26 overlaps the host's network 203.0.113.128/25",
    ),
]


@pytest.mark.parametrize(("spec", "message"), INVALID)
def test_validation_messages(spec: NetworkSpec, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        validate_network_spec(spec, EXISTING, HOST)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_bridge_names_of_other_networks_do_not_matter_for_bridged() -> None:
    # Several bridge-mode networks may join the same host bridge; libvirt allows it.
    taken = (snapshot("lan-bridged", bridge="br0"),)
    validate_network_spec(VALID[M.BRIDGED], taken)


@pytest.mark.parametrize("name", ["br0", "a", "x" * 15, "vir-br_0.1", "br@0"])
def test_linux_accepts_these_interface_names(name: str) -> None:
    check_interface_name(name)


def test_empty_interface_name() -> None:
    with pytest.raises(BadInput, match=r"^bridge name is empty$"):
        check_interface_name("")


def test_spec_gateway() -> None:
    assert VALID[M.NAT].gateway == A("198.51.100.65")
    assert VALID[M.OPEN].gateway == A("198.51.100.190")
    assert VALID[M.INTERNAL].gateway is None


@pytest.mark.parametrize(
    ("subnet", "host", "expected"),
    [
        ("198.51.100.0/24", None, ("198.51.100.128", "198.51.100.254")),
        ("198.51.100.64/26", None, ("198.51.100.96", "198.51.100.126")),
        ("198.51.100.0/24", "198.51.100.200", ("198.51.100.128", "198.51.100.199")),
        ("198.51.100.0/24", "198.51.100.130", ("198.51.100.131", "198.51.100.254")),
        ("198.51.100.0/30", None, ("198.51.100.2", "198.51.100.2")),
        ("198.51.100.0/30", "198.51.100.2", None),
    ],
)
def test_default_dhcp_range(
    subnet: str, host: str | None, expected: tuple[str, str] | None
) -> None:
    result = default_dhcp_range(N(subnet), A(host) if host else None)
    assert result == (tuple(A(a) for a in expected) if expected else None)
    if result is not None:
        spec = NetworkSpec("d", M.NAT, N(subnet), *result, host_address=A(host) if host else None)
        validate_network_spec(spec, ())


# ---------------------------------------------------------------------- XML


@pytest.fixture
def empty_conn(make_inventory: MakeInventory) -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    conn = libvirt.open(make_inventory(domains=(), networks=()))
    try:
        yield conn
    finally:
        conn.close()


@pytest.mark.parametrize("mode", CREATABLE_MODES)
def test_xml_validates_and_round_trips_through_libvirt(
    mode: NetworkMode, network_rng: etree.RelaxNG, empty_conn: libvirt.virConnect
) -> None:
    spec = VALID[mode]
    xml = new_network_xml(spec)
    assert_valid(network_rng, xml)
    assert classify_network_xml(xml) is mode
    network = empty_conn.networkDefineXML(xml)
    defined = network.XMLDesc(0)
    assert classify_network_xml(defined) is mode
    assert spec_from_network_xml(defined) == spec
    parsed = parse_network(
        defined, connection="test:///", active=False, autostart=False, persistent=True
    )
    assert parsed.subnets == ((str(spec.subnet),) if spec.subnet else ())
    if spec.dhcp_start is not None:
        assert parsed.dhcp_ranges == ((str(spec.dhcp_start), str(spec.dhcp_end)),)


def test_xml_content() -> None:
    root = etree.fromstring(new_network_xml(VALID[M.ROUTED]).encode())
    assert root.find("forward").attrib == {"mode": "route", "dev": "eth0"}  # type: ignore[union-attr]
    assert root.find("ip").attrib == {"address": "198.51.100.129", "prefix": "27"}  # type: ignore[union-attr]
    assert root.find("uuid") is None and root.find("bridge") is None and root.find("mac") is None
    internal = etree.fromstring(new_network_xml(VALID[M.INTERNAL]).encode())
    assert [child.tag for child in internal] == ["name", "bridge"]


# ------------------------------------------------------------------ editing


def c14n(xml: str | bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    data = xml.encode() if isinstance(xml, str) else xml
    return etree.tostring(etree.fromstring(data, parser), method="c14n")


def corpus_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "network").glob("*.xml"))


def editable(path: Path) -> bool:
    return classify_network_xml(path.read_bytes()) in CREATABLE_MODES


def test_unchanged_spec_changes_nothing_on_the_corpus(corpus: Path) -> None:
    checked = 0
    for path in filter(editable, corpus_files(corpus)):
        original = path.read_text()
        spec = spec_from_network_xml(original)
        updated = update_network_xml(original, spec)
        assert c14n(updated) == c14n(original), path.name
        assert not changes_need_restart(original, updated), path.name
        checked += 1
    assert checked >= 25


TARGETS: dict[NetworkMode, NetworkSpec] = {
    M.NAT: NetworkSpec("x", M.NAT, N("198.51.100.0/26"), A("198.51.100.10"), A("198.51.100.20")),
    M.ROUTED: NetworkSpec("x", M.ROUTED, N("198.51.100.64/27")),
    M.OPEN: NetworkSpec("x", M.OPEN, N("198.51.100.96/27"), host_address=A("198.51.100.126")),
    M.HOST_ONLY: NetworkSpec(
        "x", M.HOST_ONLY, N("203.0.113.0/24"), A("203.0.113.100"), A("203.0.113.200")
    ),
    M.INTERNAL: NetworkSpec("x", M.INTERNAL),
    M.BRIDGED: NetworkSpec("x", M.BRIDGED, bridge="br0"),
}

# Elements an edit never touches in any mode (bridge mode drops dns/domain/mac/mtu:
# libvirt refuses them there).
KEPT_ALWAYS = ("uuid", "portgroup", "metadata", "bandwidth", "vlan", "virtualport")


def test_every_mode_switch_on_the_corpus(corpus: Path, network_rng: etree.RelaxNG) -> None:
    switched = refused_count = 0
    for path in filter(editable, corpus_files(corpus)):
        original = path.read_text()
        before = etree.fromstring(path.read_bytes())
        name = before.findtext("name", "")
        schema_valid = network_rng.validate(before)
        for mode, target in TARGETS.items():
            spec = dataclasses.replace(target, name=name)
            try:
                updated = update_network_xml(original, spec)
            except BadInput as refused:
                # Reservations on the old subnet would be lost: the user removes them first.
                assert str(refused).startswith("DHCP reservation "), path.name
                assert before.find("ip/dhcp/host[@ip]") is not None, path.name
                refused_count += 1
                continue
            after = etree.fromstring(updated.encode())
            label = f"{path.name} -> {mode}"
            assert classify_network_xml(updated) is mode, label
            for tag in KEPT_ALWAYS:
                assert len(after.findall(tag)) == len(before.findall(tag)), f"{label}: {tag}"
            if mode is not M.BRIDGED:
                for tag in ("dns", "domain", "mac"):
                    assert len(after.findall(tag)) == len(before.findall(tag)), f"{label}: {tag}"
            if schema_valid:
                assert network_rng.validate(after), f"{label}: {network_rng.error_log.last_error}"
            result = spec_from_network_xml(updated)
            assert (result.mode, result.subnet, result.gateway) == (mode, spec.subnet, spec.gateway)
            assert (result.dhcp_start, result.dhcp_end) == (spec.dhcp_start, spec.dhcp_end), label
            if mode is M.BRIDGED:
                assert result.bridge == "br0"
            switched += 1
    editable_count = len(list(filter(editable, corpus_files(corpus))))
    assert switched + refused_count == editable_count * len(TARGETS)
    assert switched >= 120


def test_dhcp_only_edit_applies_live(corpus: Path) -> None:
    original = (corpus / "network" / "nat-network.xml").read_text()
    spec = spec_from_network_xml(original)
    narrower = dataclasses.replace(spec, dhcp_start=A("192.168.122.100"))
    updated = update_network_xml(original, narrower)
    assert not changes_need_restart(original, updated)
    assert dhcp_ranges(updated) == (0, [("192.168.122.100", "192.168.122.254")])
    # the DHCP host reservations, the other <ip>s and the forward device stay
    assert c14n(updated).count(b"<host ") == c14n(original).count(b"<host ")
    assert len(etree.fromstring(updated.encode()).findall("ip")) == 5
    without = update_network_xml(
        original, dataclasses.replace(spec, dhcp_start=None, dhcp_end=None)
    )
    assert dhcp_ranges(without) == (0, [])
    assert not changes_need_restart(original, without)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mode": M.ROUTED}, NetworkField.MODE),
        ({"subnet": N("198.51.100.0/25")}, NetworkField.SUBNET),
        ({"host_address": A("198.51.100.62")}, NetworkField.SUBNET),
        ({"bridge": "kvbr9"}, NetworkField.BRIDGE),
        ({"forward_dev": "eth1"}, NetworkField.FORWARD_DEV),
        ({"dhcp_start": A("198.51.100.11")}, NetworkField.DHCP),
        ({"autostart": False}, NetworkField.AUTOSTART),
    ],
)
def test_which_changes_need_a_restart(change: dict[str, object], field: NetworkField) -> None:
    old = TARGETS[M.NAT]
    new = dataclasses.replace(old, **change)  # type: ignore[arg-type]
    described = network_change(old, new)
    assert described.fields == {field}
    live = field in LIVE_FIELDS
    assert described.needs_restart is not live
    assert described.waiting == (frozenset() if live else {field})
    if field is not NetworkField.AUTOSTART:
        old_xml = new_network_xml(old)
        assert changes_need_restart(old_xml, update_network_xml(old_xml, new)) is not live


def test_nothing_changed() -> None:
    change = network_change(TARGETS[M.NAT], TARGETS[M.NAT])
    assert change.fields == frozenset() and not change.needs_restart


def test_leaving_bridged_mode_drops_the_host_bridge_name() -> None:
    bridged = new_network_xml(NetworkSpec("x", M.BRIDGED, bridge="br0"))
    updated = update_network_xml(bridged, TARGETS[M.NAT])
    assert etree.fromstring(updated.encode()).find("bridge") is None  # libvirt picks virbrN
    named = update_network_xml(bridged, dataclasses.replace(TARGETS[M.NAT], bridge="kvbr0"))
    assert etree.fromstring(named.encode()).find("bridge").get("name") == "kvbr0"  # type: ignore[union-attr]


def test_edit_keeps_comments_and_unknown_elements() -> None:
    xml = (
        "<network xmlns:k='urn:example:kvmdesk'>\n"
        "  <!-- keep me -->\n"
        "  <name>x</name>\n"
        "  <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>\n"
        "  <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>\n"
        "  <mac address='52:54:00:17:3f:37'/>\n"
        "  <k:extra k:attr='1'/>\n"
        "  <ip address='198.51.100.1' prefix='26'><tftp root='/srv/tftp'/></ip>\n"
        "</network>\n"
    )
    routed = update_network_xml(xml, NetworkSpec("x", M.ROUTED, N("198.51.100.64/26")))
    root = etree.fromstring(routed.encode())
    assert "<!-- keep me -->" in routed
    assert root.find("{urn:example:kvmdesk}extra") is not None
    assert root.findtext("uuid") == "81ff0d90-c91e-6742-64da-4a736edb9a9b"
    assert root.find("mac") is not None
    assert root.find("forward/nat") is None  # <nat> belongs to nat mode only
    assert root.find("ip").attrib == {"address": "198.51.100.65", "prefix": "26"}  # type: ignore[union-attr]
    assert root.find("ip/tftp") is not None


def test_edit_refusals(corpus: Path) -> None:
    original = (corpus / "network" / "nat-network.xml").read_text()
    spec = spec_from_network_xml(original)
    with pytest.raises(BadInput, match=r"^network 'default' cannot be renamed to 'other'$"):
        update_network_xml(original, dataclasses.replace(spec, name="other"))
    moved = dataclasses.replace(spec, subnet=N("198.51.100.0/26"), dhcp_start=None, dhcp_end=None)
    with pytest.raises(BadInput) as caught:
        update_network_xml(original, moved)
    assert str(caught.value) == (
        "DHCP reservation 192.168.122.10 lies outside the new subnet 198.51.100.0/26;"
        " remove it first"
    )
    for name in ("hostdev.xml", "vepa-net.xml", "openvswitch-net.xml"):
        with pytest.raises(BadInput, match=r"network, which kvmdesk does not edit$"):
            spec_from_network_xml((corpus / "network" / name).read_bytes())
    with pytest.raises(BadInput, match=r"^not network XML: "):
        spec_from_network_xml("<network>")


def test_spec_from_xml_reads_netmask_and_classful_addresses() -> None:
    xml = (
        "<network><name>x</name><forward mode='nat' dev='eth0'/><bridge name='virbr5'/>"
        "<ip address='198.51.100.30' netmask='255.255.255.224'/></network>"
    )
    spec = spec_from_network_xml(xml, autostart=False)
    assert spec == NetworkSpec(
        "x",
        M.NAT,
        N("198.51.100.0/27"),
        bridge="virbr5",
        forward_dev="eth0",
        autostart=False,
        host_address=A("198.51.100.30"),
    )
    classful = spec_from_network_xml(
        "<network><name>x</name><ip address='198.51.100.1'/></network>"
    )
    assert classful.subnet == N("198.51.100.0/24") and classful.host_address is None
