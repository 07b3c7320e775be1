"""Hostile names, titles, descriptions and networks for libvirt's test driver.

:func:`write_inventory` writes a test-driver XML whose domains, titles, descriptions,
networks and storage carry markup (``<img src=&#47;dev&#47;zero>``, ``<b>``,
``<a href=file:…>``, entities), CR/LF, C1 controls, bidi overrides, zero-width
characters and a 10,000-character name. Each hostile string carries a tag ``Kn`` so
the audit can tell whether Qt interpreted the markup around it.

:func:`tests.helpers.hostile_audit.audit` checks what windows show of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"


@dataclass(frozen=True)
class Hostile:
    """One hostile string: ``literal`` must show as written wherever ``tag`` shows."""

    tag: str
    text: str
    # What must stand right before the tag when the markup was not interpreted.
    literal: str = ""


# Domain names: libvirt refuses "/" and newlines in them, nothing else.
DOMAIN_NAMES = (
    Hostile("K1", "<img src=&#47;dev&#47;zero>K1", "<img src=&#47;dev&#47;zero>"),
    Hostile("K2", "<b>K2 bold", "<b>"),
    Hostile("K3", "<a href=file:etc>K3 link", "<a href=file:etc>"),
    Hostile("K4", "&lt;i&gt;K4 entity", "&lt;i&gt;"),
    Hostile("K7", "K7 txt\u202eexe.doc"),
    Hostile("K8", "K8 web\u200bfront\u200d"),
    Hostile("K9", "K9 " + "x" * 10_000),
    Hostile("K11", "K11 c1\x85\x9bcontrol"),
)
# Network names also take CR and LF.
NETWORK_NAMES = (
    Hostile("N1", "<img src=&#47;dev&#47;zero>N1", "<img src=&#47;dev&#47;zero>"),
    Hostile("N2", "<a href=file:etc>N2", "<a href=file:etc>"),
    Hostile("N5", "N5 cr\rspoof"),
    Hostile("N6", "N6 line1\nline2"),
    Hostile("N7", "N7\u202egnp.exe"),
)
TITLES = (
    Hostile("T1", "<img src='/dev/zero'>T1", "<img src='/dev/zero'>"),
    Hostile("T2", "<a href='file:///etc/passwd'>T2</a>", "<a href='file:///etc/passwd'>"),
    Hostile("T3", "<b>T3</b> &amp; more", "<b>"),
    Hostile("T7", "T7 \u202eevil"),
)
DESCRIPTIONS = (
    Hostile("D1", "<img src='/dev/zero'>D1\r\nsecond line", "<img src='/dev/zero'>"),
    Hostile("D2", "<h1>D2</h1>" + "y" * 10_000, "<h1>"),
)
POOL_NAMES = (Hostile("P1", "<img src=&#47;dev&#47;zero>P1", "<img src=&#47;dev&#47;zero>"),)
VOLUME_NAMES = (Hostile("V1", "<b>V1.img", "<b>"),)
INTERFACE_NAMES = (Hostile("I1", "<b>I1", "<b>"), Hostile("I7", "I7\u202eeth"))
SNAPSHOT_NAMES = (Hostile("S1", "<img src=&#47;dev&#47;zero>S1", "<img src=&#47;dev&#47;zero>"),)
ALL = (
    DOMAIN_NAMES
    + NETWORK_NAMES
    + TITLES
    + DESCRIPTIONS
    + POOL_NAMES
    + VOLUME_NAMES
    + INTERFACE_NAMES
    + SNAPSHOT_NAMES
)


def snapshot_xml(name: str, description: str) -> str:
    """A ``domainsnapshot`` definition for ``virDomain.snapshotCreateXML``."""
    element = etree.Element("domainsnapshot")
    etree.SubElement(element, "name").text = name
    etree.SubElement(element, "description").text = description
    return etree.tostring(element, encoding="unicode")


def write_inventory(path: Path) -> str:
    """Write the hostile test-driver inventory to ``path``; its ``test://`` URI."""
    node = etree.Element("node", nsmap={"test": TEST_NS})
    for number, name in enumerate(DOMAIN_NAMES):
        title = TITLES[number % len(TITLES)].text
        description = DESCRIPTIONS[number % len(DESCRIPTIONS)].text
        network = NETWORK_NAMES[number % len(NETWORK_NAMES)].text
        domain = etree.SubElement(node, "domain", type="test")
        etree.SubElement(domain, "name").text = name.text
        etree.SubElement(domain, "uuid").text = f"6f1c3e52-0000-4000-8000-{number:012d}"
        etree.SubElement(domain, "title").text = title
        etree.SubElement(domain, "description").text = description
        etree.SubElement(domain, "memory", unit="MiB").text = "512"
        etree.SubElement(domain, "vcpu").text = "1"
        os_element = etree.SubElement(domain, "os")
        etree.SubElement(os_element, "type").text = "hvm"
        devices = etree.SubElement(domain, "devices")
        interface = etree.SubElement(devices, "interface", type="network")
        etree.SubElement(interface, "mac", address=f"52:54:00:66:00:{number:02x}")
        etree.SubElement(interface, "source", network=network)
        etree.SubElement(interface, "model", type="virtio")
        etree.SubElement(devices, "graphics", type="vnc", autoport="yes")
        etree.SubElement(domain, f"{{{TEST_NS}}}runstate").text = "1" if number % 2 else "5"
    for number, name in enumerate(NETWORK_NAMES):
        network = etree.SubElement(node, "network")
        etree.SubElement(network, "name").text = name.text
        etree.SubElement(network, "bridge", name=f"virbr6{number}")
        if number == 0:
            ip = etree.SubElement(network, "ip", address="198.51.100.1", netmask="255.255.255.0")
            etree.SubElement(
                etree.SubElement(ip, "dhcp"), "range", start="198.51.100.10", end="198.51.100.20"
            )
    for number, name in enumerate(POOL_NAMES):
        pool = etree.SubElement(node, "pool", type="dir")
        etree.SubElement(pool, "name").text = name.text
        etree.SubElement(pool, "uuid").text = f"7f1c3e52-0000-4000-8000-{number:012d}"
        target = etree.SubElement(pool, "target")
        etree.SubElement(target, "path").text = f"/var/lib/hostile{number}"
        for volume_name in VOLUME_NAMES:
            volume = etree.SubElement(pool, "volume")
            etree.SubElement(volume, "name").text = volume_name.text
            etree.SubElement(volume, "capacity", unit="GiB").text = "1"
            etree.SubElement(volume, "allocation", unit="GiB").text = "0"
    for number, name in enumerate(INTERFACE_NAMES):
        interface = etree.SubElement(node, "interface", type="ethernet", name=name.text)
        etree.SubElement(interface, "start", mode="onboot")
        etree.SubElement(interface, "mac", address=f"52:54:00:67:00:{number:02x}")
    xml = etree.tostring(node, xml_declaration=True, encoding="UTF-8")
    # lxml writes a CR as-is and an XML parser turns it into LF: keep it a CR.
    path.write_bytes(xml.replace(b"\r", b"&#13;"))
    return f"test://{path}"
