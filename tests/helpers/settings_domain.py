"""A domain with something in every settings section, for the settings tests.

:func:`settings_domain_xml` gives a test-driver domain (``<domain type='test'>``) with a
title and description, two of four CPUs with a topology, a balloon, a per-device boot
order, a virtio disk, a SATA CD-ROM, a NIC, a comment and a foreign namespace, so an
edit that touches more than it should shows in the comparison.
"""

from __future__ import annotations

import contextlib
import functools
import uuid as uuidlib
from collections.abc import Iterable, Iterator

import libvirt
from lxml import etree

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop

MAC = "52:54:00:5e:00:01"


def settings_domain_xml(name: str = "settings-vm", *, domain_type: str = "test") -> str:
    return f"""\
<domain type='{domain_type}' xmlns:acme='urn:acme:vm'>
  <name>{name}</name>
  <uuid>{uuidlib.uuid4()}</uuid>
  <title>Web server</title>
  <description>Serves the intranet</description>
  <metadata>
    <acme:tag value='x'/>
  </metadata>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>524288</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <!-- keep this comment -->
  <cpu mode='custom' match='exact'>
    <model fallback='allow'>qemu64</model>
    <topology sockets='1' cores='2' threads='2'/>
  </cpu>
  <clock offset='utc'/>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/{name}.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <boot order='1'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/srv/iso/installer.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
      <boot order='2'/>
    </disk>
    <interface type='network'>
      <mac address='{MAC}'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <memballoon model='virtio'/>
  </devices>
</domain>
"""


@contextlib.contextmanager
def defined_domain(
    conn: libvirt.virConnect, *, running: bool = False, prefix: str = "settings"
) -> Iterator[libvirt.virDomain]:
    """A uniquely named :func:`settings_domain_xml` domain on ``conn``, removed afterwards."""
    ensure_event_loop()
    name = f"{prefix}-{uuidlib.uuid4().hex[:8]}"
    domain = conn.defineXML(settings_domain_xml(name))
    if running:
        domain.create()
    try:
        yield domain
    finally:
        with contextlib.suppress(libvirt.libvirtError):
            if domain.isActive():
                domain.destroy()
        with contextlib.suppress(libvirt.libvirtError):
            domain.undefine()


# ------------------------------------------------------------ comparing XML

SCHEMA = "/usr/share/libvirt/schemas/domain.rng"
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)

# The elements each section's edit may touch (XPath from the root).
TOUCHED = {
    "overview": ("title", "description", "name"),
    "cpus": ("vcpu", "vcpus", "cpu"),
    "memory": ("memory", "currentMemory", "memoryBacking"),
    "boot": ("os/boot", "os/bootmenu", "os/kernel", "os/initrd", "os/cmdline", "devices/*/boot"),
}


@functools.cache
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(SCHEMA))


def schema_error(xml: str) -> str | None:
    """None when ``xml`` validates against libvirt's domain.rng, else the last error."""
    if schema().validate(etree.fromstring(xml.encode(), _PARSER)):
        return None
    return str(schema().error_log.last_error)


def canonical_without(xml: str, paths: Iterable[str]) -> bytes:
    """C14N of ``xml`` with every element matching ``paths`` (and its tail) taken out."""
    root = etree.fromstring(xml.encode(), _PARSER)
    for path in paths:
        for element in root.findall(path):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    # Whitespace-only text of emptied parents is layout, not content.
    for element in root.iter():
        if isinstance(element.tag, str) and len(element) == 0 and not (element.text or "").strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    if root.text is not None and not root.text.strip():
        root.text = None
    return etree.tostring(root, method="c14n", with_comments=True)


# ------------------------------------------------------------- host USB devices

USB_DEVICES = (
    # (name, bus, device, vendor id, vendor, product id, product)
    ("usb_1_1", 1, 1, "0x1d6b", "Linux Foundation", "0x0002", "2.0 root hub"),
    ("usb_1_2", 1, 5, "0x0781", "SanDisk Corp.", "0x5591", "Ultra Fit"),
    ("usb_1_3", 1, 7, "0x046d", "Logitech, Inc.", "0xc52b", "Unifying Receiver"),
    ("usb_2_4", 2, 3, "0x046d", "Logitech, Inc.", "0xc52b", "Unifying Receiver"),
)


def usb_node_xml(domain_xml: str) -> str:
    """A test-driver node file: ``domain_xml`` (shut off) and the USB devices above."""
    shut_off = (
        "<test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>5"
        "</test:runstate></domain>"
    )
    domain_xml = domain_xml.replace("</domain>", shut_off)
    devices = "".join(
        f"<device><name>{name}</name><parent>computer</parent>"
        f"<capability type='usb_device'><bus>{bus}</bus><device>{device}</device>"
        f"<product id='{product_id}'>{product}</product>"
        f"<vendor id='{vendor_id}'>{vendor}</vendor></capability></device>"
        for name, bus, device, vendor_id, vendor, product_id, product in USB_DEVICES
    )
    return f"<node>{domain_xml}{devices}</node>"
