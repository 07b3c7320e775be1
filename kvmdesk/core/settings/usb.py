"""Host USB devices given to a VM: listed from libvirt's node device API, attached, detached.

A device is offered with the vendor and product names the host's USB ID database
gives libvirt, and attached as ``<hostdev mode='subsystem' type='usb'>`` naming its
vendor and product IDs (and its bus address when the host has two of the same kind),
live into a running VM and to the configuration. Root hubs are not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings.plan import AFFECT_LIVE, Plan, Step, definitions, targets
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import parse, remove_child, serialise

_LINUX_FOUNDATION = "0x1d6b"  # the vendor of every root hub


@dataclass(frozen=True, slots=True)
class HostUsbDevice:
    name: str  # the node device's name (usb_1_2)
    bus: int
    device: int
    vendor_id: str  # "0x0781"
    product_id: str
    vendor: str = ""
    product: str = ""

    @property
    def ids(self) -> tuple[str, str]:
        return (self.vendor_id.lower(), self.product_id.lower())

    @property
    def label(self) -> str:
        """``SanDisk Corp. Ultra Fit (0781:5591)``."""
        names = " ".join(part for part in (self.vendor, self.product) if part)
        ids = f"{self.vendor_id.removeprefix('0x')}:{self.product_id.removeprefix('0x')}"
        return f"{names} ({ids})" if names else ids


@dataclass(frozen=True, slots=True)
class AttachedUsb:
    vendor_id: str
    product_id: str
    bus: int | None = None
    device: int | None = None


def _int(text: str | None) -> int:
    try:
        return int((text or "0").strip(), 0)
    except ValueError:
        return 0


def parse_usb_device(xml: str) -> HostUsbDevice | None:
    root = etree.fromstring(xml.encode())
    capability = root.find("capability[@type='usb_device']")
    if capability is None:
        return None
    vendor = capability.find("vendor")
    product = capability.find("product")
    return HostUsbDevice(
        name=(root.findtext("name") or "").strip(),
        bus=_int(capability.findtext("bus")),
        device=_int(capability.findtext("device")),
        vendor_id=(vendor.get("id", "") if vendor is not None else "").lower(),
        product_id=(product.get("id", "") if product is not None else "").lower(),
        vendor=(vendor.text or "").strip() if vendor is not None else "",
        product=(product.text or "").strip() if product is not None else "",
    )


def host_usb_devices(conn: Any) -> list[HostUsbDevice]:
    """The host's USB devices but root hubs, by bus and device number (blocking)."""
    try:
        handles = conn.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
            return []
        raise
    found = []
    for handle in handles:
        device = parse_usb_device(handle.XMLDesc(0))
        if device is not None and device.vendor_id != _LINUX_FOUNDATION:
            found.append(device)
    return sorted(found, key=lambda d: (d.bus, d.device))


def attached_usb(xml: str | etree._Element) -> tuple[AttachedUsb, ...]:
    root = parse(xml) if isinstance(xml, str) else xml
    found = []
    for hostdev in root.iterfind("devices/hostdev[@type='usb']"):
        vendor = hostdev.find("source/vendor")
        product = hostdev.find("source/product")
        address = hostdev.find("source/address")
        found.append(
            AttachedUsb(
                vendor_id=(vendor.get("id", "") if vendor is not None else "").lower(),
                product_id=(product.get("id", "") if product is not None else "").lower(),
                bus=_int(address.get("bus")) if address is not None else None,
                device=_int(address.get("device")) if address is not None else None,
            )
        )
    return tuple(found)


def is_attached(device: HostUsbDevice, attached: tuple[AttachedUsb, ...]) -> bool:
    for entry in attached:
        if entry.bus is not None and (entry.bus, entry.device) == (device.bus, device.device):
            return True
        if entry.bus is None and (entry.vendor_id, entry.product_id) == device.ids:
            return True
    return False


def hostdev_element(device: HostUsbDevice, *, with_address: bool) -> etree._Element:
    hostdev = etree.Element("hostdev", mode="subsystem", type="usb", managed="yes")
    source = etree.SubElement(hostdev, "source")
    etree.SubElement(source, "vendor", id=device.vendor_id)
    etree.SubElement(source, "product", id=device.product_id)
    if with_address:
        etree.SubElement(source, "address", bus=str(device.bus), device=str(device.device))
    return hostdev


def _find(root: etree._Element, device: HostUsbDevice) -> etree._Element:
    for hostdev, entry in zip(
        root.iterfind("devices/hostdev[@type='usb']"), attached_usb(root), strict=True
    ):
        if is_attached(device, (entry,)):
            return hostdev
    name = (root.findtext("name") or "").strip()
    raise BadInput(f"{device.label} is not attached to {name!r}")


def plan_usb_attach(
    domain: Any,
    device: HostUsbDevice,
    *,
    twins: bool = False,
    live: bool | None = None,
    config: bool | None = None,
) -> Plan:
    """Give ``device`` to the VM; ``twins``: the host has another of the same IDs."""
    name = domain.name()
    defs = definitions(domain)
    wanted = targets(defs, name, live, config)
    if is_attached(device, attached_usb(defs.reference)):
        raise BadInput(f"{device.label} is attached to {name!r} already")
    element = hostdev_element(device, with_address=twins)
    device_xml = device_edit.element_xml(element)
    steps: list[Step] = []
    if wanted.live and defs.running:
        steps.append(
            Step(
                "live",
                ("usb",),
                lambda: domain.attachDeviceFlags(device_xml, AFFECT_LIVE),
                lambda: domain.detachDeviceFlags(device_xml, AFFECT_LIVE),
                may_wait=True,
            )
        )
    xml = defs.reference
    if wanted.config:
        root = parse(defs.config_xml)
        device_edit.add_device(root, element)
        xml = serialise(root)
        conn = domain.connect()
        before = defs.config_xml
        steps.append(
            Step("config", ("usb",), lambda: conn.defineXML(xml), lambda: conn.defineXML(before))
        )
    live_fields = ("usb",) if wanted.live and defs.running else ()
    return Plan(device.label, name, ("usb",), live_fields, (), xml, tuple(steps), action="add")


def plan_usb_detach(
    domain: Any, device: HostUsbDevice, *, live: bool | None = None, config: bool | None = None
) -> Plan:
    name = domain.name()
    defs = definitions(domain)
    wanted = targets(defs, name, live, config)
    in_live = defs.running and is_attached(device, attached_usb(defs.live_xml))
    in_config = defs.persistent and is_attached(device, attached_usb(defs.config_xml))
    if not (in_live or in_config):
        raise BadInput(f"{device.label} is not attached to {name!r}")
    steps: list[Step] = []
    if wanted.live and in_live:
        running = device_edit.element_xml(_find(parse(defs.live_xml), device))
        steps.append(
            Step(
                "live",
                ("usb",),
                lambda: domain.detachDeviceFlags(running, AFFECT_LIVE),
                lambda: domain.attachDeviceFlags(running, AFFECT_LIVE),
                may_wait=True,
            )
        )
    xml = defs.reference
    if wanted.config and in_config:
        root = parse(defs.config_xml)
        remove_child(_find(root, device))
        xml = serialise(root)
        conn = domain.connect()
        before = defs.config_xml
        steps.append(
            Step("config", ("usb",), lambda: conn.defineXML(xml), lambda: conn.defineXML(before))
        )
    live_fields = ("usb",) if wanted.live and in_live else ()
    return Plan(device.label, name, ("usb",), live_fields, (), xml, tuple(steps), action="remove")
