"""libvirt interface XML: all 7 bond modes, the RNG schema, the test driver and the corpus.

"Round-trips through the test driver": the generated XML is defined with
``interfaceDefineXML``, read back with ``XMLDesc`` and parsed; the spec must equal
:func:`libvirt_bond_form` of the one we started from (the spec as libvirt can hold it).

"Parses into the model and back without loss" (corpus): regenerating a parsed file gives
a document C14N-equal to the file once whitespace-only text is dropped, and parsing the
regenerated document gives the same model. libvirt itself returns every corpus file
unchanged from ``interfaceDefineXML`` + ``XMLDesc`` (checked here too), so there is no
libvirt normalisation to allow for in these files; the normalisations the model applies
to documents outside the corpus are listed in ``kvmdesk.core.hostnet.libvirt_xml``
and pinned by ``test_documented_normalisations``.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.hostnet.libvirt_listing import ListedInterface, host_interfaces
from kvmdesk.core.hostnet.libvirt_xml import (
    Definition,
    LinkInfo,
    bond_spec_of,
    bond_xml,
    bridge_xml,
    definition_xml,
    libvirt_bond_form,
    parse_definition,
    vlan_xml,
)
from kvmdesk.core.hostnet.model import (
    DHCP,
    ArpMonitor,
    BondMode,
    BondSpec,
    BridgeSpec,
    EthernetSpec,
    IpConfig,
    MiiMonitor,
    VlanSpec,
)
from kvmdesk.core.types.errors import BadInput
from tests.helpers.hostnet_inventory import write_inventory

SCHEMA = Path("/usr/share/libvirt/schemas/interface.rng")
ARP_MODES = [m for m in BondMode if m.guide.arp_monitoring]
TARGET = IPv4Address("203.0.113.1")
STATIC = IpConfig(ipv4="static", addresses=(IPv4Interface("203.0.113.20/24"),), gateway=TARGET)


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    if not SCHEMA.is_file():
        pytest.fail(f"libvirt's interface schema is missing: {SCHEMA} (install libvirt-daemon)")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Any]:
    ensure_event_loop()  # also keeps libvirt from printing the errors tests expect
    connection = libvirt.open(write_inventory(tmp_path / "host.xml"))
    try:
        yield connection
    finally:
        connection.close()


def assert_valid(schema: etree.RelaxNG, xml: str) -> None:
    document = etree.fromstring(xml.encode())
    assert schema.validate(document), f"{schema.error_log}\n{xml}"


def through_driver(conn: Any, xml: str) -> str:
    """Define ``xml`` on the test driver and return what libvirt reports back."""
    interface = conn.interfaceDefineXML(xml, 0)
    return str(interface.XMLDesc(0))


def canonical(xml: str) -> bytes:
    root = etree.fromstring(xml.encode())
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(root, method="c14n")


def mii_bond(mode: BondMode, **extra: Any) -> BondSpec:
    return BondSpec(
        "bond1",
        mode,
        ("eth1", "eth4", "eth5"),
        mii=MiiMonitor(100, updelay_ms=200, downdelay_ms=300, carrier="ioctl"),
        ip=STATIC,
        mtu=9000,
        **extra,
    )


def arp_bond(mode: BondMode) -> BondSpec:
    return BondSpec(
        "bond1",
        mode,
        ("eth4", "eth1"),
        arp=ArpMonitor(250, (TARGET,), validate="backup"),
        ip=DHCP,
    )


# ------------------------------------------------------------- 7 modes × MII/ARP


@pytest.mark.parametrize("mode", list(BondMode), ids=lambda m: m.kernel_name)
def test_every_mode_with_mii(mode: BondMode, schema: etree.RelaxNG, conn: Any) -> None:
    spec = mii_bond(mode)
    xml = bond_xml(spec)
    assert_valid(schema, xml)
    root = etree.fromstring(xml.encode())
    assert root.find("bond").get("mode") == mode.kernel_name  # type: ignore[union-attr]
    back = parse_definition(through_driver(conn, xml))
    assert bond_spec_of(back) == libvirt_bond_form(spec)
    assert libvirt_bond_form(spec).mii == spec.mii


@pytest.mark.parametrize("mode", ARP_MODES, ids=lambda m: m.kernel_name)
def test_arp_monitoring_in_the_modes_the_kernel_supports(
    mode: BondMode, schema: etree.RelaxNG, conn: Any
) -> None:
    spec = arp_bond(mode)
    xml = bond_xml(spec)
    assert_valid(schema, xml)
    arpmon = etree.fromstring(xml.encode()).find("bond/arpmon")
    assert arpmon is not None
    assert {key: arpmon.get(key) for key in ("interval", "target", "validate")} == {
        "interval": "250",
        "target": "203.0.113.1",
        "validate": "backup",
    }
    back = bond_spec_of(parse_definition(through_driver(conn, xml)))
    assert back == libvirt_bond_form(spec)
    assert back is not None and back.arp == spec.arp


@pytest.mark.parametrize("validate", ["none", "active", "backup", "all"])
def test_every_arp_validate_setting(validate: str, schema: etree.RelaxNG, conn: Any) -> None:
    spec = BondSpec(
        "bond1",
        BondMode.ACTIVE_BACKUP,
        ("eth1",),
        arp=ArpMonitor(100, (TARGET,), validate),  # type: ignore[arg-type]
    )
    xml = bond_xml(spec)
    assert_valid(schema, xml)
    assert bond_spec_of(parse_definition(through_driver(conn, xml))) == libvirt_bond_form(spec)


@pytest.mark.parametrize("mode", list(BondMode), ids=lambda m: m.kernel_name)
def test_bridge_over_bond_in_every_mode(mode: BondMode, schema: etree.RelaxNG, conn: Any) -> None:
    spec = mii_bond(mode, bridge="vmbr1")
    xml = bond_xml(spec, {"eth1": "52:54:00:00:e0:01"})
    assert_valid(schema, xml)
    root = etree.fromstring(xml.encode())
    assert (root.get("type"), root.get("name")) == ("bridge", "vmbr1")
    # The IP configuration and MTU moved to the bridge; the bond inside has none.
    assert root.find("protocol") is not None and root.find("mtu") is not None
    inner = root.find("bridge/interface")
    assert inner is not None and (inner.get("type"), inner.get("name")) == ("bond", "bond1")
    assert inner.find("protocol") is None
    back = parse_definition(through_driver(conn, xml))
    assert isinstance(back.spec, BridgeSpec) and back.spec.ports == ("bond1",)
    assert bond_spec_of(back) == libvirt_bond_form(spec)


def test_libvirt_takes_the_first_port_as_primary(conn: Any) -> None:
    spec = BondSpec("bond1", BondMode.ACTIVE_BACKUP, ("eth1", "eth4", "eth5"), primary="eth5")
    xml = bond_xml(spec)
    ports = [p.get("name") for p in etree.fromstring(xml.encode()).iterfind("bond/interface")]
    assert ports == ["eth5", "eth1", "eth4"]
    back = bond_spec_of(parse_definition(through_driver(conn, xml)))
    assert back is not None and back.primary == "eth5"
    assert back == libvirt_bond_form(spec)
    # Without a primary, active-backup's first port is the primary libvirt uses.
    plain = bond_spec_of(parse_definition(bond_xml(BondSpec("b", BondMode(1), ("eth4", "eth1")))))
    assert plain is not None and plain.primary == "eth4"
    # Other modes have no primary at all in libvirt's XML.
    rr = bond_spec_of(parse_definition(bond_xml(BondSpec("b", BondMode(0), ("eth4", "eth1")))))
    assert rr is not None and rr.primary == ""


def test_libvirt_form_keeps_what_libvirt_can_hold() -> None:
    spec = BondSpec(
        "bond1",
        BondMode.IEEE_802_3AD,
        ("eth1", "eth4"),
        arp=ArpMonitor(100, (TARGET, IPv4Address("203.0.113.2"))),
        lacp_rate="fast",
        xmit_hash_policy="layer3+4",
    )
    form = libvirt_bond_form(spec)
    assert form.arp is not None and form.arp.targets == (TARGET,)
    assert (form.lacp_rate, form.xmit_hash_policy) == ("", "")


def test_bridges_vlans_and_ports_defined_inline(schema: etree.RelaxNG, conn: Any) -> None:
    vlan = VlanSpec("eth1.42", "eth1", 42, ip=DHCP, mtu=1500)
    bond = BondSpec("bond7", BondMode.BALANCE_XOR, ("eth4",), mii=MiiMonitor(50))
    bridge = BridgeSpec("br7", ("eth5", "bond7", "eth1.42"), ip=STATIC, stp=True, delay=2.5)
    for xml in (
        vlan_xml(vlan),
        bridge_xml(bridge, [bond, vlan], {"eth5": "52:54:00:00:e0:05"}),
        bridge_xml(BridgeSpec("br8")),
    ):
        assert_valid(schema, xml)
        assert parse_definition(through_driver(conn, xml)) == parse_definition(xml)
    parsed = parse_definition(bridge_xml(bridge, [bond, vlan], {"eth5": "52:54:00:00:e0:05"}))
    assert parsed.spec == bridge
    assert parsed.nested_spec("eth5") == EthernetSpec("eth5", mac="52:54:00:00:e0:05")
    nested_bond = parsed.nested_spec("bond7")
    assert isinstance(nested_bond, BondSpec) and nested_bond.mii == MiiMonitor(50)
    assert parsed.nested_spec("eth1.42") == VlanSpec("eth1.42", "eth1", 42)
    assert parse_definition(vlan_xml(vlan)).spec == vlan


# ------------------------------------------------------------------- the corpus


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "interface").glob("*.xml"))
    assert len(files) == 15, files
    return files


def test_every_corpus_file_round_trips_without_loss(
    corpus: Path, schema: etree.RelaxNG, conn: Any
) -> None:
    for path in corpus_files(corpus):
        original = path.read_text(encoding="utf-8")
        definition = parse_definition(original)
        regenerated = definition_xml(definition)
        assert canonical(regenerated) == canonical(original), path.name
        assert parse_definition(regenerated) == definition, path.name
        assert_valid(schema, regenerated)
        # libvirt changes nothing in these files on the way through the test driver.
        assert canonical(through_driver(conn, original)) == canonical(original), path.name
        assert parse_definition(through_driver(conn, regenerated)) == definition, path.name


def test_corpus_semantics(corpus: Path) -> None:
    folder = corpus / "interface"
    bond = parse_definition((folder / "bond-arp.xml").read_text()).spec
    assert isinstance(bond, BondSpec)
    assert (bond.mode, bond.ports, bond.primary, bond.start_mode) == (
        BondMode.ACTIVE_BACKUP,
        ("eth1", "eth0"),
        "eth1",
        "none",
    )
    assert bond.arp == ArpMonitor(100, (IPv4Address("192.168.50.1"),), "active")
    over = parse_definition((folder / "bridge-bond.xml").read_text())
    assert isinstance(over.spec, BridgeSpec) and over.spec.ports == ("eth2", "bond0")
    assert bond_spec_of(over) is None  # the bridge has another port beside the bond
    inner = over.nested_spec("bond0")
    assert isinstance(inner, BondSpec)
    assert inner.mii == MiiMonitor(100, updelay_ms=10, carrier="ioctl")
    bridge = parse_definition((folder / "bridge.xml").read_text())
    assert isinstance(bridge.spec, BridgeSpec) and bridge.spec.delay == 0.01
    assert bridge.link("eth0") == LinkInfo(speed_mbps=10)
    multi = parse_definition((folder / "ethernet-dhcp-and-multi-static.xml").read_text()).spec
    assert multi.ip.ipv4 == "dhcp" and multi.ip.dhcp_peerdns is True
    assert [str(a) for a in multi.ip.addresses] == ["192.168.0.5/24", "1.2.3.4/32"]
    ipv6 = {
        name: parse_definition((folder / f"{name}.xml").read_text()).spec.ip.ipv6
        for name in ("ipv6-autoconf-dhcp", "ipv6-dhcp", "ipv6-local", "ipv6-static")
    }
    assert ipv6 == {
        "ipv6-autoconf-dhcp": "auto",
        "ipv6-dhcp": "dhcp",
        "ipv6-local": "link-local",
        "ipv6-static": "static",
    }
    vlan = parse_definition((folder / "bridge-vlan.xml").read_text()).nested_spec("eth0.42")
    assert vlan == VlanSpec("eth0.42", "eth0", 42)


# ------------------------------------------------------- normalisations, errors


@pytest.mark.parametrize(
    ("given", "written"),
    [
        (
            "<interface type='bond' name='b'><bond><interface type='ethernet' name='e'/>"
            "</bond></interface>",
            "<interface type='bond' name='b'><start mode='onboot'/><bond mode='balance-rr'>"
            "<interface type='ethernet' name='e'/></bond></interface>",
        ),
        (
            "<interface type='bond' name='b'><start mode='none'/><bond mode='broadcast'>"
            "<miimon freq='100' updelay='0'/><interface type='ethernet' name='e'/></bond>"
            "</interface>",
            "<interface type='bond' name='b'><start mode='none'/><bond mode='broadcast'>"
            "<miimon freq='100' carrier='netif'/><interface type='ethernet' name='e'/></bond>"
            "</interface>",
        ),
        (
            "<interface type='bond' name='b'><start mode='none'/><bond mode='broadcast'>"
            "<arpmon interval='100' target='203.0.113.1' validate='none'/><interface "
            "type='ethernet' name='e'/></bond></interface>",
            "<interface type='bond' name='b'><start mode='none'/><bond mode='broadcast'>"
            "<arpmon interval='100' target='203.0.113.1'/><interface type='ethernet' "
            "name='e'/></bond></interface>",
        ),
        (
            "<interface type='bridge' name='br'><start mode='onboot'/>"
            "<bridge delay='0.010'/></interface>",
            "<interface type='bridge' name='br'><start mode='onboot'/>"
            "<bridge stp='off' delay='0.01'/></interface>",
        ),
        (
            "<interface type='bridge' name='br'><start mode='onboot'/>"
            "<bridge stp='on' delay='0'/></interface>",
            "<interface type='bridge' name='br'><start mode='onboot'/>"
            "<bridge stp='on'/></interface>",
        ),
        (
            "<interface type='ethernet' name='e'><start mode='onboot'/>"
            "<protocol family='ipv4'><ip address='203.0.113.9'/></protocol>"
            "<protocol family='ipv6'><autoconf/></protocol></interface>",
            "<interface type='ethernet' name='e'><start mode='onboot'/>"
            "<protocol family='ipv4'><ip address='203.0.113.9' prefix='32'/></protocol>"
            "<protocol family='ipv6'><autoconf/><dhcp/></protocol></interface>",
        ),
        (
            "<interface type='ethernet' name='e'><start mode='onboot'/>"
            "<protocol family='ipv4'/></interface>",
            "<interface type='ethernet' name='e'><start mode='onboot'/></interface>",
        ),
        (
            "<interface type='bridge' name='br'><start mode='onboot'/><bridge stp='off'>"
            "<interface type='vlan'><vlan tag='7'><interface name='eth1'/></vlan></interface>"
            "</bridge></interface>",
            "<interface type='bridge' name='br'><start mode='onboot'/><bridge stp='off'>"
            "<interface type='vlan' name='eth1.7'><vlan tag='7'><interface name='eth1'/>"
            "</vlan></interface></bridge></interface>",
        ),
    ],
)
def test_documented_normalisations(
    given: str, written: str, schema: etree.RelaxNG, conn: Any
) -> None:
    regenerated = definition_xml(parse_definition(given))
    assert canonical(regenerated) == canonical(written)
    assert_valid(schema, regenerated)
    assert parse_definition(regenerated) == parse_definition(given)
    assert parse_definition(through_driver(conn, regenerated)) == parse_definition(given)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<interface", "interface XML: "),
        ("<network/>", "interface XML: expected <interface>, found <network>"),
        ("<interface type='team' name='t'/>", "interface XML: unknown interface type 'team'"),
        ("<interface type='bond'/>", "interface XML: <interface type='bond'> has no name"),
        ("<interface type='bond' name='b'/>", "interface XML: bond b has no <bond> element"),
        (
            "<interface type='bond' name='b'><bond mode='fast'/></interface>",
            "interface XML: unknown bond mode 'fast'",
        ),
        (
            "<interface type='bond' name='b'><bond><miimon/></bond></interface>",
            "interface XML: <miimon> lacks freq",
        ),
        (
            "<interface type='bond' name='b'><bond><miimon freq='x'/></bond></interface>",
            "interface XML: <miimon freq='x'> is not a whole number",
        ),
        (
            "<interface type='bridge' name='b'><bridge><interface type='bridge' name='c'/>"
            "</bridge></interface>",
            "interface XML: a port of type 'bridge' is not allowed here",
        ),
        (
            "<interface type='ethernet' name='e'><protocol family='ipv4'>"
            "<ip address='nonsense'/></protocol></interface>",
            "interface XML: ",
        ),
        ("<interface type='vlan' name='v'/>", "interface XML: a VLAN needs"),
    ],
)
def test_malformed_documents_are_bad_input(xml: str, expected: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_definition(xml)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_snapshots_know_controllers_and_inline_interfaces(corpus: Path) -> None:
    over = (corpus / "interface" / "bridge-bond.xml").read_text()
    listed = [
        ListedInterface("br0", over, active=True),
        ListedInterface(
            "eth2", "<interface type='ethernet' name='eth2'/>", True, "52:54:00:00:e0:02"
        ),
        ListedInterface("odd0", "<interface type='team' name='odd0'/>", False),
    ]
    rows = {row.name: row for row in host_interfaces(listed)}
    # bond0 and its ports eth0/eth1 are defined only inside br0: they get rows too.
    assert sorted(rows) == ["bond0", "br0", "eth0", "eth1", "eth2", "odd0"]
    assert rows["eth0"].controller == "bond0" and rows["eth0"].kind == "ethernet"
    assert rows["eth0"].active
    assert rows["eth2"].controller == "br0" and rows["eth2"].mac == "52:54:00:00:e0:02"
    assert rows["bond0"].controller == "br0" and rows["bond0"].active
    assert rows["bond0"].ports == ("eth1", "eth0")
    assert rows["bond0"].bond is not None and rows["bond0"].bond.primary == "eth1"
    assert rows["br0"].ports == ("eth2", "bond0") and rows["br0"].mtu == 1500
    assert rows["odd0"].kind == "other" and rows["odd0"].definition is None
    assert isinstance(rows["br0"].definition, BridgeSpec)


def test_definition_names() -> None:
    definition = parse_definition(bond_xml(mii_bond(BondMode.BALANCE_RR, bridge="vmbr1")))
    assert definition.names == ("vmbr1", "bond1", "eth1", "eth4", "eth5")
    assert Definition(spec=EthernetSpec("eth0")).names == ("eth0",)
