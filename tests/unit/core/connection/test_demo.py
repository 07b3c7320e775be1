"""The demo inventory (resources/demo/inventory.xml) loads in libvirt's test driver.

No mocks: every test opens ``test:///ABS/PATH/inventory.xml`` with libvirt-python and checks
what the real driver reports, and validates the XML it hands back against libvirt's own RNG
schemas.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import libvirt
import pytest
from lxml import etree

INVENTORY = Path(__file__).parents[4] / "resources" / "demo" / "inventory.xml"
SCHEMAS = Path("/usr/share/libvirt/schemas")
ALLOWED_NETS = (
    ipaddress.ip_network("198.51.100.0/24"),
    ipaddress.ip_network("203.0.113.0/24"),
)
IPV4_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
# Attributes that hold a dotted quad which is not an address.
NOT_ADDRESSES = {"netmask"}


@cache
def _schema(name: str) -> etree.RelaxNG:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"libvirt RNG schema {path} not installed")
    return etree.RelaxNG(etree.parse(str(path)))


def _assert_valid(schema: str, xml: str, what: str) -> None:
    rng = _schema(schema)
    doc = etree.fromstring(xml.encode())
    assert rng.validate(doc), f"{what} does not validate against {schema}: {rng.error_log}"


@pytest.fixture(scope="module")
def conn() -> Iterator[libvirt.virConnect]:
    c = libvirt.open(f"test://{INVENTORY.resolve()}")
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def domains(conn: libvirt.virConnect) -> dict[str, libvirt.virDomain]:
    return {d.name(): d for d in conn.listAllDomains()}


def _state_names(domains: dict[str, libvirt.virDomain], state: int) -> set[str]:
    return {name for name, d in domains.items() if d.state()[0] == state}


def test_domains_have_mixed_states(domains: dict[str, libvirt.virDomain]) -> None:
    assert len(domains) >= 12
    running = _state_names(domains, libvirt.VIR_DOMAIN_RUNNING)
    paused = _state_names(domains, libvirt.VIR_DOMAIN_PAUSED)
    shutoff = _state_names(domains, libvirt.VIR_DOMAIN_SHUTOFF)
    assert running and paused and shutoff
    assert running | paused | shutoff == set(domains)
    assert {"web-frontend", "db-primary", "win11-desktop", "k8s-node-1"} <= set(domains)
    # Running and paused guests have an id, shut-off ones do not.
    for name in running | paused:
        assert domains[name].ID() > 0
    for name in shutoff:
        assert domains[name].ID() == -1


def test_domain_sizes_and_nics(
    conn: libvirt.virConnect, domains: dict[str, libvirt.virDomain]
) -> None:
    networks = set(conn.listNetworks()) | set(conn.listDefinedNetworks())
    macs: list[str] = []
    nic_types: set[str] = set()
    for name, dom in domains.items():
        doc = etree.fromstring(dom.XMLDesc(0).encode())
        assert doc.findtext("os/type") == "hvm", name
        assert 1 <= int(doc.findtext("vcpu") or 0) <= 8, name
        memory = doc.find("memory")
        assert memory is not None and memory.get("unit") == "KiB", name
        assert 512 * 1024 <= int(memory.text or 0) <= 16 * 1024 * 1024, name
        nics = doc.findall("devices/interface")
        assert 1 <= len(nics) <= 2, name
        for nic in nics:
            kind = nic.get("type")
            assert kind is not None
            nic_types.add(kind)
            mac = nic.find("mac")
            assert mac is not None
            macs.append(mac.get("address", ""))
            assert nic.find("model").get("type") in {"virtio", "e1000e", "rtl8139"}, name
            source = nic.find("source")
            if kind == "network":
                assert source.get("network") in networks, name
            elif kind == "bridge":
                assert source.get("bridge") == "br0", name
            elif kind == "direct":
                assert (source.get("dev"), source.get("mode")) == ("eth1", "bridge"), name
    assert {"network", "bridge", "direct", "user"} <= nic_types
    assert all(m.startswith("52:54:00:") for m in macs), macs
    assert len(set(macs)) == len(macs), "duplicate MAC addresses"


def test_domain_disks_live_in_pools(
    conn: libvirt.virConnect, domains: dict[str, libvirt.virDomain]
) -> None:
    images = conn.storagePoolLookupByName("default-images")
    image_paths = {images.storageVolLookupByName(v).path() for v in images.listVolumes()}
    for name, dom in domains.items():
        doc = etree.fromstring(dom.XMLDesc(0).encode())
        disks = doc.findall("devices/disk[@device='disk']")
        assert disks, name
        for disk in disks:
            source = disk.find("source")
            assert source is not None, name
            if disk.get("type") == "volume":
                assert source.get("pool") == "default-images", name
                vol = images.storageVolLookupByName(source.get("volume"))
            else:
                vol = conn.storageVolLookupByPath(source.get("file"))
                assert vol.path() in image_paths, name
            assert vol.storagePoolLookupByVolume().name() == "default-images"
            assert vol.name().startswith(name), (name, vol.name())


def test_storage_pools(conn: libvirt.virConnect) -> None:
    pools = {p.name(): p for p in conn.listAllStoragePools()}
    assert "default-images" in pools
    for name, pool in pools.items():
        assert pool.isActive(), name
        _assert_valid("storagepool.rng", pool.XMLDesc(0), f"pool {name}")
        _capacity, allocation, available = pool.info()[1:]
        assert allocation <= _capacity and available > 0, name
        for vol in pool.listAllVolumes():
            _assert_valid("storagevol.rng", vol.XMLDesc(0), f"volume {vol.name()}")


def _network_xml(conn: libvirt.virConnect, name: str) -> etree._Element:
    return etree.fromstring(conn.networkLookupByName(name).XMLDesc(0).encode())


def test_networks_of_four_forms(conn: libvirt.virConnect) -> None:
    names = {n.name() for n in conn.listAllNetworks()}
    assert {"nat-lan", "hostonly-lab", "internal-cluster", "bridged-host"} <= names

    nat = _network_xml(conn, "nat-lan")
    assert nat.find("forward").get("mode") == "nat"
    ip = nat.find("ip")
    subnet = ipaddress.ip_interface(f"{ip.get('address')}/{ip.get('netmask')}").network
    assert subnet == ipaddress.ip_network("198.51.100.0/25")
    dhcp = ip.find("dhcp/range")
    assert ipaddress.ip_address(dhcp.get("start")) in subnet
    assert ipaddress.ip_address(dhcp.get("end")) in subnet

    hostonly = _network_xml(conn, "hostonly-lab")
    assert hostonly.find("forward") is None
    ip = hostonly.find("ip")
    subnet = ipaddress.ip_interface(f"{ip.get('address')}/{ip.get('prefix')}").network
    assert subnet == ipaddress.ip_network("203.0.113.0/25")
    assert ip.find("dhcp/range") is not None

    internal = _network_xml(conn, "internal-cluster")
    assert internal.find("forward") is None
    assert internal.find("ip") is None

    bridged = _network_xml(conn, "bridged-host")
    assert bridged.find("forward").get("mode") == "bridge"
    assert bridged.find("bridge").get("name") == "br0"


def test_network_state_is_set_after_open() -> None:
    # The test driver loads every network of the file active and none autostarted; the
    # demo applies the intended state afterwards. Own connection: this one is changed.
    c = libvirt.open(f"test://{INVENTORY.resolve()}")
    try:
        nets = {n.name(): n for n in c.listAllNetworks()}
        assert all(n.isActive() for n in nets.values())
        nets["hostonly-lab"].destroy()
        nets["nat-lan"].setAutostart(1)
        assert not nets["hostonly-lab"].isActive()
        assert nets["nat-lan"].autostart() == 1
    finally:
        c.close()


def test_host_interfaces(conn: libvirt.virConnect) -> None:
    ifaces = {i.name(): i for i in conn.listAllInterfaces()}
    assert {"eth0", "eth1", "eth2", "eth3", "br0", "bond0"} <= set(ifaces)
    for name in ("eth0", "eth1", "eth2", "eth3"):
        assert etree.fromstring(ifaces[name].XMLDesc(0).encode()).get("type") == "ethernet"

    br0 = etree.fromstring(ifaces["br0"].XMLDesc(0).encode())
    assert br0.get("type") == "bridge"
    assert [p.get("name") for p in br0.findall("bridge/interface")] == ["eth0"]
    ip = br0.find("protocol[@family='ipv4']/ip")
    assert ipaddress.ip_interface(f"{ip.get('address')}/{ip.get('prefix')}") == (
        ipaddress.ip_interface("203.0.113.200/25")
    )

    bond0 = etree.fromstring(ifaces["bond0"].XMLDesc(0).encode())
    assert bond0.get("type") == "bond"
    bond = bond0.find("bond")
    assert bond.get("mode") == "active-backup"
    assert bond.find("miimon").get("freq") == "100"
    assert sorted(p.get("name") for p in bond.findall("interface")) == ["eth2", "eth3"]


def test_only_documentation_addresses() -> None:
    doc = etree.parse(str(INVENTORY))
    found = 0
    for el in doc.iter():
        texts = [v for k, v in el.attrib.items() if k not in NOT_ADDRESSES]
        texts.append(el.text or "")
        for text in texts:
            for match in IPV4_RE.findall(text):
                addr = ipaddress.ip_address(match)
                found += 1
                assert any(addr in net for net in ALLOWED_NETS), f"{match} in <{el.tag}>"
    assert found >= 8  # the scan really saw the network and interface addresses


def test_domain_xml_validates(domains: dict[str, libvirt.virDomain]) -> None:
    for name, dom in domains.items():
        _assert_valid("domain.rng", dom.XMLDesc(0), f"domain {name}")
        inactive = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
        _assert_valid("domain.rng", inactive, f"domain {name} (inactive)")


def test_network_xml_validates(conn: libvirt.virConnect) -> None:
    for net in conn.listAllNetworks():
        _assert_valid("network.rng", net.XMLDesc(0), f"network {net.name()}")


def test_interface_xml_validates(conn: libvirt.virConnect) -> None:
    for iface in conn.listAllInterfaces():
        _assert_valid("interface.rng", iface.XMLDesc(0), f"interface {iface.name()}")
