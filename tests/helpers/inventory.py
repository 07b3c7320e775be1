"""Generated inventories for libvirt's in-process test driver: domains, NICs and networks.

Every inventory is a real ``test:///ABS/PATH.xml`` file for libvirt's in-process test
driver. Unlike ``test:///default`` (one shared state per process), each open of a file
URI gets its own fresh copy, so tests that change state stay independent. The
``make_inventory`` fixture (tests/unit/conftest.py) writes them; :data:`MakeInventory`
is its type.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"

# <test:runstate> values: libvirt's virDomainState numbers.
RUNNING = 1
BLOCKED = 2
PAUSED = 3
SHUTDOWN = 4
SHUTOFF = 5
CRASHED = 6
PMSUSPENDED = 7


@dataclass(frozen=True)
class Nic:
    mac: str
    type: str = "network"
    source: str = "lan"
    model: str = "virtio"
    link: str = ""  # "" leaves <link> out (libvirt's default: up)


@dataclass(frozen=True)
class Dom:
    name: str
    runstate: int = SHUTOFF
    vcpus: int = 1
    memory_kib: int = 262144
    uuid: str = field(default_factory=lambda: str(uuidlib.uuid4()))
    nics: tuple[Nic, ...] = ()


@dataclass(frozen=True)
class Net:
    name: str
    forward: str = ""  # "" means no <forward> (host-only with an <ip>)
    address: str = ""  # TEST-NET addresses only
    bridge: str = ""


_SOURCE_ATTRIBUTE = {"network": "network", "bridge": "bridge", "direct": "dev"}


def _domain_element(dom: Dom, *, runstate: bool = True) -> etree._Element:
    domain = etree.Element("domain", type="test")
    etree.SubElement(domain, "name").text = dom.name
    etree.SubElement(domain, "uuid").text = dom.uuid
    etree.SubElement(domain, "memory", unit="KiB").text = str(dom.memory_kib)
    etree.SubElement(domain, "vcpu").text = str(dom.vcpus)
    os_element = etree.SubElement(domain, "os")
    etree.SubElement(os_element, "type").text = "hvm"
    devices = etree.SubElement(domain, "devices")
    for nic in dom.nics:
        interface = etree.SubElement(devices, "interface", type=nic.type)
        etree.SubElement(interface, "mac", address=nic.mac)
        attribute = _SOURCE_ATTRIBUTE.get(nic.type)
        if attribute:
            etree.SubElement(interface, "source", {attribute: nic.source})
        etree.SubElement(interface, "model", type=nic.model)
        if nic.link:
            etree.SubElement(interface, "link", state=nic.link)
    if runstate:
        etree.SubElement(domain, f"{{{TEST_NS}}}runstate").text = str(dom.runstate)
    return domain


def domain_xml(dom: Dom) -> str:
    """Domain XML for ``defineXML`` (no test-driver run state; start it to run it)."""
    return etree.tostring(_domain_element(dom, runstate=False), encoding="unicode")


def _network_element(net: Net) -> etree._Element:
    network = etree.Element("network")
    etree.SubElement(network, "name").text = net.name
    if net.forward:
        etree.SubElement(network, "forward", mode=net.forward)
    if net.bridge:
        etree.SubElement(network, "bridge", name=net.bridge)
    if net.address:
        etree.SubElement(network, "ip", address=net.address, prefix="25")
    return network


def inventory_xml(domains: Sequence[Dom], networks: Sequence[Net] = ()) -> bytes:
    """A test-driver ``<node>`` document with the given domains and networks."""
    node = etree.Element("node", nsmap={"test": TEST_NS})
    for dom in domains:
        node.append(_domain_element(dom))
    for net in networks:
        node.append(_network_element(net))
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", pretty_print=True)


DEFAULT_NETWORKS = (
    Net("lan", forward="nat", address="198.51.100.1", bridge="virbr-lan"),
    Net("lab", address="203.0.113.1", bridge="virbr-lab"),
)

DEFAULT_DOMAINS = (
    Dom(
        "alpha",
        RUNNING,
        vcpus=2,
        memory_kib=1048576,
        nics=(
            Nic("52:54:00:00:00:01"),
            Nic("52:54:00:00:00:02", type="bridge", source="br0", model="e1000e", link="down"),
        ),
    ),
    Dom("bravo", PAUSED, nics=(Nic("52:54:00:00:00:03", source="lab"),)),
    Dom("charlie", SHUTOFF),
)


# ``make_inventory(domains=DEFAULT_DOMAINS, networks=DEFAULT_NETWORKS)`` -> a ``test:///`` URI.
MakeInventory = Callable[..., str]
