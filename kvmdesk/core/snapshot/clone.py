"""What a clone of a shut-off VM is made of: :class:`ClonePlan` and the clone's XML.

A clone gets a new name, a new UUID and new MAC addresses. Each writable disk is
copied into a new volume in the pool of the original (a *full* clone), or becomes a
new qcow2 volume whose backing file is the original (a *linked* clone: quick and
small, but the original's image must then never change). Read-only and shareable
disks (installation media, a shared data disk) and empty drives stay as they are,
shared by both VMs. The NVRAM of UEFI firmware is copied. The plan is built by
:func:`kvmdesk.core.snapshot.clone_ops.plan_clone` (it asks libvirt where every
disk's volume is); :func:`clone_xml` writes the new domain's XML from it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from lxml import etree

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util import xml_layout

CLONE_NAMESPACE = "https://github.com/kvmdesk/kvmdesk/xmlns/clone/1"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
NAME_LIMIT = 64


class DiskMode(enum.StrEnum):
    COPY = "copy"  # a full copy in the same pool
    LINKED = "linked"  # a new qcow2 overlay backed by the original image
    SHARED = "shared"  # read-only or shareable: both VMs use the same image
    EMPTY = "empty"  # a drive without media


@dataclass(frozen=True, slots=True)
class DiskCopy:
    """One disk of the original and what the clone gets for it."""

    target: str
    mode: DiskMode
    source_path: str = ""
    source_type: str = "file"  # the <disk type>: file, block, volume
    pool: str = ""
    source_volume: str = ""
    source_format: str = ""
    new_volume: str = ""
    new_path: str = ""
    capacity: int = 0  # bytes
    allocation: int = 0  # bytes in use by the original (the copy's progress total)


@dataclass(frozen=True, slots=True)
class NvramCopy:
    source_path: str
    new_path: str
    pool: str = ""  # the pool holding the NVRAM file; "" when a transient one is needed
    source_volume: str = ""
    new_volume: str = ""


@dataclass(frozen=True, slots=True)
class ClonePlan:
    source_name: str
    source_uuid: str
    name: str
    uuid: str
    linked: bool
    disks: tuple[DiskCopy, ...]
    macs: tuple[tuple[str, str], ...]  # (original, new)
    nvram: NvramCopy | None = None

    @property
    def copies(self) -> tuple[DiskCopy, ...]:
        """The disks that get a new volume (copied or linked)."""
        return tuple(d for d in self.disks if d.mode in (DiskMode.COPY, DiskMode.LINKED))

    @property
    def total_bytes(self) -> int:
        return sum(d.allocation for d in self.copies if d.mode is DiskMode.COPY)


def validate_clone_name(name: str, taken: set[str]) -> str:
    """A new domain name: letters, digits, ``._+-``; not in use (``taken``)."""
    cleaned = name.strip()
    if not cleaned:
        raise BadInput("the clone needs a name")
    if len(cleaned) > NAME_LIMIT:
        raise BadInput(f"domain names are at most {NAME_LIMIT} characters here")
    if not _NAME_RE.match(cleaned):
        raise BadInput(
            f"domain name {cleaned!r} may hold only letters, digits and . _ + - "
            "and must start with a letter or digit"
        )
    if cleaned in taken:
        raise BadInput(f"a domain named {cleaned!r} exists already")
    return cleaned


def new_volume_name(clone: str, target: str, source_volume: str, count: int) -> str:
    """``clone.qcow2`` for a VM's only disk, ``clone-vdb.qcow2`` when there are several."""
    dot = source_volume.rfind(".")
    extension = source_volume[dot:] if dot > 0 else ""
    return f"{clone}{extension}" if count == 1 else f"{clone}-{target}{extension}"


def _set_text(parent: etree._Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = etree.SubElement(parent, tag)
    element.text = text


def clone_xml(source_xml: str, plan: ClonePlan) -> str:
    """The clone's domain XML: the original's (inactive) XML with only what must differ."""
    root = xml_layout.parse(source_xml)
    _set_text(root, "name", plan.name)
    _set_text(root, "uuid", plan.uuid)
    copies = {d.target: d for d in plan.copies}
    for disk in root.iterfind("devices/disk"):
        target = disk.find("target")
        copy = copies.get(target.get("dev", "") if target is not None else "")
        if copy is None:
            continue
        source = disk.find("source")
        if source is None:
            continue
        for backing in disk.findall("backingStore"):
            xml_layout.remove_child(backing)
        if disk.get("type") == "volume":
            source.set("volume", copy.new_volume)
        else:
            source.set("file", copy.new_path)
        driver = disk.find("driver")
        if copy.mode is DiskMode.LINKED and driver is not None:
            driver.set("type", "qcow2")
    macs = dict(plan.macs)
    for mac in root.iterfind("devices/interface/mac"):
        mac.set("address", macs.get(mac.get("address", "").lower(), mac.get("address", "")))
    for interface in root.iterfind("devices/interface"):
        for target in interface.findall("target"):
            if (target.get("dev") or "").startswith(("vnet", "macvtap")):
                xml_layout.remove_child(target)
    _rename_files(root, plan.source_name, plan.name)
    nvram = root.find("os/nvram")
    if nvram is not None and plan.nvram is not None:
        source = nvram.find("source")
        if source is not None:
            source.set("file", plan.nvram.new_path)
        else:
            nvram.text = plan.nvram.new_path
    _mark(root, plan)
    return xml_layout.serialise(root)


def _rename_files(root: etree._Element, source: str, clone: str) -> None:
    """Serial, console and channel log files named after the original get the clone's name.

    Two VMs writing one log file would interleave their output.
    """
    for device in ("serial", "console", "channel", "parallel"):
        for element in root.iterfind(f"devices/{device}"):
            for node, attribute in (
                (element.find("source"), "path"),
                (element.find("log"), "file"),
            ):
                if node is None or not node.get(attribute):
                    continue
                path = node.get(attribute, "")
                folder, _, base = path.rpartition("/")
                if source in base:
                    node.set(attribute, f"{folder}/{base.replace(source, clone)}")


def _mark(root: etree._Element, plan: ClonePlan) -> None:
    """Record in the clone's metadata what it was cloned from, and whether it is linked."""
    metadata = root.find("metadata")
    if metadata is None:
        metadata = etree.Element("metadata")
        xml_layout.insert_child(root, len(root), metadata)
    for old in metadata.findall(f"{{{CLONE_NAMESPACE}}}clone"):
        metadata.remove(old)
    mark = etree.SubElement(
        metadata, f"{{{CLONE_NAMESPACE}}}clone", nsmap={"kvmdesk": CLONE_NAMESPACE}
    )
    mark.set("source", plan.source_uuid)
    mark.set("source-name", plan.source_name)
    mark.set("linked", "yes" if plan.linked else "no")


def linked_volume_xml(copy: DiskCopy) -> str:
    """A new qcow2 volume backed by the original image (a linked clone's disk)."""
    name = _escape(copy.new_volume)
    path = _escape(copy.source_path)
    backing_format = _escape(copy.source_format or "raw")
    return (
        f"<volume><name>{name}</name><capacity unit='bytes'>{copy.capacity}</capacity>"
        "<target><format type='qcow2'/></target>"
        f"<backingStore><path>{path}</path><format type='{backing_format}'/></backingStore>"
        "</volume>"
    )


def copied_volume_xml(source_volume_xml: str, new_name: str) -> str:
    """The original volume's XML for ``createXMLFrom``: a new name, libvirt picks the rest."""
    root = etree.fromstring(source_volume_xml.encode())
    _set_text(root, "name", new_name)
    for tag in ("key", "target/path", "target/permissions", "target/timestamps", "allocation"):
        for element in root.findall(tag):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    for backing in root.findall("backingStore"):
        root.remove(backing)  # the copy is standalone: libvirt flattens the chain
    return etree.tostring(root, encoding="unicode")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;")
