"""Domain XML parsing and network classification on libvirt's own test XML.

The corpus (``shared/corpus/libvirt-9.0.0``, beside the repository) is read in place;
the tests skip where it is absent. Expected values come from an independent lxml
reading of each file, or from libvirt itself (memory units).
"""

from __future__ import annotations

from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.domain.read import memory_kib, parse_domain
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.vnet.classify import classify_network_xml
from tests.helpers.inventory import MakeInventory

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.xml"))
    assert files, f"no XML in {folder}"
    return files


def _mac(interface: etree._Element) -> str:
    mac = interface.find("mac")
    return (mac.get("address", "") if mac is not None else "").lower()


def test_every_corpus_domain_parses_consistently(corpus: Path) -> None:
    files = _files(corpus / "domain")
    assert len(files) > 700
    mismatches: list[str] = []
    nic_total = 0
    for path in files:
        root = etree.parse(str(path), _PARSER).getroot()
        snapshot = parse_domain(
            path.read_text(encoding="utf-8"), connection="corpus", state=DomainState.SHUTOFF
        )
        interfaces = root.findall("devices/interface")
        nic_total += len(interfaces)
        expected = (
            (root.findtext("name") or "").strip(),
            (root.findtext("uuid") or "").strip(),
            len(interfaces),
            [i.get("type", "") for i in interfaces],
            [_mac(interface) for interface in interfaces],
        )
        got = (
            snapshot.name,
            snapshot.uuid,
            len(snapshot.nics),
            [n.type for n in snapshot.nics],
            [n.mac for n in snapshot.nics],
        )
        if got != expected:
            mismatches.append(f"{path.name}: {got} != {expected}")
        if snapshot.vcpus < 1 or snapshot.memory_kib < 0:
            mismatches.append(f"{path.name}: vcpus {snapshot.vcpus}, memory {snapshot.memory_kib}")
    assert not mismatches, "\n".join(mismatches[:20])
    assert nic_total > 100  # the corpus really exercised NIC parsing


def test_corpus_nic_sources(corpus: Path) -> None:
    """Where a NIC's traffic goes, read the way each interface type names it."""
    attribute = {"network": "network", "bridge": "bridge", "direct": "dev"}
    checked = 0
    mismatches: list[str] = []
    for path in _files(corpus / "domain"):
        root = etree.parse(str(path), _PARSER).getroot()
        snapshot = parse_domain(
            path.read_text(encoding="utf-8"), connection="corpus", state=DomainState.SHUTOFF
        )
        for interface, nic in zip(root.findall("devices/interface"), snapshot.nics, strict=True):
            kind = interface.get("type", "")
            source = interface.find("source")
            if kind not in attribute or source is None:
                continue
            checked += 1
            if nic.source != source.get(attribute[kind], ""):
                mismatches.append(f"{path.name}: {kind} {nic.source!r}")
            link = interface.find("link")
            if nic.link_up != (link is None or link.get("state") != "down"):
                mismatches.append(f"{path.name}: link {nic.link_up}")
    assert not mismatches, "\n".join(mismatches[:20])
    assert checked >= 10


@pytest.mark.parametrize(
    ("unit", "value", "kib"),
    [
        (None, 2048, 2048),
        ("KiB", 7, 7),
        ("k", 5, 5),
        ("b", 1, 1),  # libvirt rounds up to whole KiB
        ("bytes", 1500, 2),
        ("KB", 1000, 977),
        ("MB", 3, 2930),
        ("M", 3, 3072),
        ("MiB", 3, 3072),
        ("mib", 2, 2048),
        ("GB", 1, 976563),
        ("G", 1, 1048576),
        ("GiB", 2, 2097152),
        ("TB", 1, 976562500),
        ("TiB", 1, 1073741824),
    ],
)
def test_memory_units(unit: str | None, value: int, kib: int) -> None:
    element = etree.Element("memory")
    if unit is not None:
        element.set("unit", unit)
    element.text = f" {value} "
    assert memory_kib(element) == kib


def test_memory_units_agree_with_libvirt(make_inventory: MakeInventory) -> None:
    """The same conversion as libvirt: define with each unit, read libvirt's KiB back."""
    conn = libvirt.open(make_inventory(domains=(), networks=()))
    try:
        for number, (unit, value) in enumerate(
            [("b", 1), ("bytes", 1500), ("KB", 1001), ("MB", 3), ("M", 5), ("GB", 2), ("G", 1)]
        ):
            xml = (
                f"<domain type='test'><name>m{number}</name>"
                f"<memory unit='{unit}'>{value}</memory><os><type>hvm</type></os></domain>"
            )
            ours = memory_kib(etree.fromstring(xml).find("memory"))
            theirs = parse_domain(
                conn.defineXML(xml).XMLDesc(0), connection="", state=DomainState.SHUTOFF
            )
            assert ours == theirs.memory_kib == theirs.max_memory_kib, (unit, value)
    finally:
        conn.close()


def test_memory_and_vcpus_of_a_domain() -> None:
    xml = """<domain type='kvm'>
      <name>sized</name><uuid>11111111-2222-3333-4444-555555555555</uuid>
      <memory unit='GiB'>4</memory><currentMemory unit='MiB'>1536</currentMemory>
      <vcpu placement='static' current='2'>8</vcpu>
      <os><type arch='x86_64'>hvm</type></os>
    </domain>"""
    snapshot = parse_domain(xml, connection="c", state=DomainState.RUNNING)
    assert (snapshot.max_memory_kib, snapshot.memory_kib) == (4 * 1024 * 1024, 1536 * 1024)
    assert (snapshot.vcpus, snapshot.arch, snapshot.os_type) == (2, "x86_64", "hvm")
    without_current = parse_domain(
        "<domain><name>n</name><memory>1024</memory><vcpu>3</vcpu></domain>",
        connection="c",
        state=DomainState.SHUTOFF,
    )
    assert (without_current.memory_kib, without_current.vcpus) == (1024, 3)
    assert memory_kib(None) == 0


# ------------------------------------------------------------------ networks

SPOT_CHECKS = {
    "nat-network.xml": NetworkMode.NAT,
    "routed-network.xml": NetworkMode.ROUTED,
    "open-network.xml": NetworkMode.OPEN,
    "isolated-network.xml": NetworkMode.HOST_ONLY,  # no <forward>, has <ip>
    "empty-allow-ipv6.xml": NetworkMode.INTERNAL,  # no <forward>, no <ip>
    "host-bridge-net.xml": NetworkMode.BRIDGED,  # forward bridge with <bridge name=…>
    "hostdev.xml": NetworkMode.OTHER,
    "vepa-net.xml": NetworkMode.MACVTAP,
    "passthrough-pf.xml": NetworkMode.MACVTAP,
}


def test_every_corpus_network_has_a_mode(corpus: Path) -> None:
    files = _files(corpus / "network")
    assert len(files) > 30
    modes = {path.name: classify_network_xml(path.read_bytes()) for path in files}
    assert all(isinstance(mode, NetworkMode) for mode in modes.values())
    assert {name: modes[name] for name in SPOT_CHECKS} == SPOT_CHECKS
    # The mode follows <forward mode=…>; no forward splits on whether there is an <ip>.
    for path in files:
        root = etree.parse(str(path), _PARSER).getroot()
        forward = root.find("forward")
        if forward is None:
            expected = (
                NetworkMode.HOST_ONLY if root.find("ip") is not None else NetworkMode.INTERNAL
            )
            assert modes[path.name] is expected, path.name
        elif forward.get("mode", "nat") in ("nat", "route", "open"):
            assert modes[path.name] in (NetworkMode.NAT, NetworkMode.ROUTED, NetworkMode.OPEN)
        elif forward.get("mode") in ("hostdev",):
            assert modes[path.name] is NetworkMode.OTHER, path.name


def test_classify_accepts_text_and_bytes() -> None:
    xml = "<network><name>n</name><forward mode='route'/></network>"
    assert classify_network_xml(xml) is classify_network_xml(xml.encode()) is NetworkMode.ROUTED
    assert classify_network_xml("<network><name>n</name><forward/></network>") is NetworkMode.NAT
