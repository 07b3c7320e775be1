"""Write devices into a domain's own XML in place: disks, CD-ROM media, shared folders.

Like :mod:`kvmdesk.core.settings.xml` (whose helpers it uses): the target element
changes, the rest of the document keeps its text; a new device is indented like its
siblings and goes where libvirt puts its kind.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from kvmdesk.core.settings.read import disk_target
from kvmdesk.core.settings.values import Disk, DiskBus, SharedFolder
from kvmdesk.core.settings.xml import (
    DEVICE_ORDER,
    DISK_ORDER,
    child,
    devices,
    drop,
    drop_attribute,
    drop_if_empty,
    insert_ordered,
    set_shared_memory,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.xml_layout import remove_child

_BUS_PREFIX = {
    DiskBus.VIRTIO: "vd",
    DiskBus.SATA: "sd",
    DiskBus.SCSI: "sd",
    DiskBus.USB: "sd",
    DiskBus.IDE: "hd",
    DiskBus.FDC: "fd",
}


# -------------------------------------------------------------------- disks


def find_disk(root: etree._Element, target: str) -> etree._Element:
    for disk in devices(root).findall("disk"):
        if disk_target(disk) == target:
            return disk
    name = (root.findtext("name") or "").strip()
    raise BadInput(arg(translate("Core", "domain %1 has no disk %2"), repr(name), repr(target)))


def free_target(
    root: etree._Element, bus: str, *, keep: str = "", taken: Collection[str] = ()
) -> str:
    """The first free target name for ``bus`` (``vdb`` …), or ``keep`` if it fits the bus.

    ``taken`` adds names used elsewhere (the running definition's hot-plugged disks).
    """
    prefix = _BUS_PREFIX.get(DiskBus(bus), "sd")
    if keep.startswith(prefix):
        return keep
    used = {disk_target(disk) for disk in devices(root).findall("disk")} | set(taken)
    for number in range(26 * 27):
        suffix = _letters(number)
        if prefix + suffix not in used:
            return prefix + suffix
    raise BadInput(arg(translate("Core", "no free disk target left on bus %1"), bus))


def _letters(number: int) -> str:
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def set_disk(root: etree._Element, target: str, value: Disk, fields: Collection[str]) -> str:
    """Bus, cache and read-only of disk ``target``; returns its target after the change."""
    disk = find_disk(root, target)
    new_target = target
    if "bus" in fields:
        element = child(disk, "target", DISK_ORDER)
        element.set("bus", value.bus)
        new_target = free_target(root, value.bus, keep=target)
        element.set("dev", new_target)
        # The old bus's address (PCI slot or drive unit) cannot hold on the new bus.
        drop(disk, "address")
    if "cache" in fields:
        driver = disk.find("driver")
        if value.cache:
            child(disk, "driver", DISK_ORDER).set("cache", value.cache)
        elif driver is not None:
            drop_attribute(driver, "cache")
            drop_if_empty(driver)
    if "read_only" in fields:
        if value.read_only:
            child(disk, "readonly", DISK_ORDER)
        else:
            drop(disk, "readonly")
    return new_target


def disk_element(
    *,
    target: str,
    bus: str,
    device: str,
    source_type: str,
    source: dict[str, str],
    format: str = "",
    cache: str = "",
    read_only: bool = False,
) -> etree._Element:
    """A new ``<disk>`` as libvirt formats one (``source`` empty: an empty CD-ROM)."""
    disk = etree.Element("disk", type=source_type, device=device)
    if format or cache:
        driver = etree.SubElement(disk, "driver", name="qemu")
        if format:
            driver.set("type", format)
        if cache:
            driver.set("cache", cache)
    if source:
        etree.SubElement(disk, "source", attrib=source)
    etree.SubElement(disk, "target", dev=target, bus=bus)
    if read_only or device == "cdrom":
        etree.SubElement(disk, "readonly")
    return disk


def add_device(root: etree._Element, element: etree._Element) -> None:
    """Add a device after the last of its kind (or where libvirt puts the first one)."""
    _indent(element, root)
    insert_ordered(devices(root), element, DEVICE_ORDER)


def add_disk(root: etree._Element, disk: etree._Element) -> None:
    add_device(root, disk)


def _indent(element: etree._Element, root: etree._Element) -> None:
    """Indent a new device's children like the document's own (two more spaces each level)."""
    devices_element = devices(root)
    sample = next((c for c in devices_element if isinstance(c.tag, str)), None)
    step = "  "
    base = "    "
    if sample is not None:
        previous = sample.getprevious()
        text = previous.tail if previous is not None else devices_element.text
        if text and "\n" in text:
            base = text.rsplit("\n", 1)[1]
    if len(element):
        element.text = "\n" + base + step
        for number, item in enumerate(element):
            last = number == len(element) - 1
            item.tail = "\n" + base + ("" if last else step)


def remove_disk(root: etree._Element, target: str) -> etree._Element:
    disk = find_disk(root, target)
    remove_child(disk)
    return disk


def set_media(root: etree._Element, target: str, path: str) -> etree._Element:
    """Insert the file ``path`` into CD-ROM/floppy ``target`` ("" ejects); the disk element."""
    disk = find_disk(root, target)
    if disk.get("device") not in ("cdrom", "floppy"):
        raise BadInput(
            arg(
                translate("Core", "disk %1 is not a CD-ROM or floppy; it has no media to change"),
                repr(target),
            )
        )
    source = disk.find("source")
    if not path:
        if source is not None:
            remove_child(source)
        return disk
    if disk.get("type") not in ("file", None):
        disk.set("type", "file")
        if source is not None:
            remove_child(source)
            source = None
    if source is None:
        source = child(disk, "source", DISK_ORDER)
    for name in list(source.attrib):
        if not str(name).startswith("{"):
            del source.attrib[name]
    source.set("file", path)
    return disk


# ----------------------------------------------------------- shared folders


def shared_folder_element(share: SharedFolder) -> etree._Element:
    element = etree.Element("filesystem", type="mount", accessmode="passthrough")
    etree.SubElement(element, "driver", type="virtiofs")
    etree.SubElement(element, "source", dir=share.host_path)
    etree.SubElement(element, "target", dir=share.tag)
    return element


def add_shared_folder(root: etree._Element, share: SharedFolder) -> etree._Element:
    """A virtiofs ``<filesystem>`` and the shared memfd memory it needs."""
    element = shared_folder_element(share)
    _indent(element, root)
    insert_ordered(devices(root), element, DEVICE_ORDER)
    set_shared_memory(root, True)
    return element


def find_shared_folder(root: etree._Element, tag: str) -> etree._Element:
    for element in devices(root).findall("filesystem"):
        target = element.find("target")
        if target is not None and target.get("dir") == tag:
            return element
    name = (root.findtext("name") or "").strip()
    raise BadInput(
        arg(
            translate("Core", "domain %1 has no shared folder with mount tag %2"),
            repr(name),
            repr(tag),
        )
    )


def remove_shared_folder(root: etree._Element, tag: str) -> etree._Element:
    element = find_shared_folder(root, tag)
    remove_child(element)
    return element


def element_xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)
