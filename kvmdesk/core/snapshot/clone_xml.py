"""The XML of a clone: the new domain (:func:`clone_xml`) and its new volumes.

Only what must differ changes in the original's inactive XML: name, UUID, MACs, the
copied disks' sources, the NVRAM path, log files named after the original, and a
``<kvmdesk:clone>`` mark in ``<metadata>`` saying what it was cloned from and whether
it is linked. Everything else (unknown elements, comments) stays as it was.
"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.snapshot.clone import ClonePlan, DiskCopy, DiskMode
from kvmdesk.core.util import xml_layout

CLONE_NAMESPACE = "https://github.com/kvmdesk/kvmdesk/xmlns/clone/1"


# libvirt's order of a domain's identity elements; new ones go right after the last present.
_IDENTITY = ("name", "uuid", "genid", "title", "description")


def _set_text(parent: etree._Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = etree.Element(tag)
        _insert_after_identity(parent, element, _IDENTITY[: _IDENTITY.index(tag)])
    element.text = text


def _insert_after_identity(
    root: etree._Element, element: etree._Element, before: tuple[str, ...] = _IDENTITY
) -> None:
    """Insert where libvirt would write it: after ``before``'s last element present."""
    index = 0
    for position, child in enumerate(root):
        if isinstance(child.tag, str) and child.tag in before:
            index = position + 1
    xml_layout.insert_child(root, index, element)


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
        kind = disk.get("type", "file")
        if kind == "volume":
            source.set("volume", copy.new_volume)
        elif kind == "block":
            source.set("dev", copy.new_path)  # a volume of a logical or disk pool
        else:
            source.set("file", copy.new_path)
        driver = disk.find("driver")
        if copy.mode is DiskMode.LINKED and driver is not None:
            driver.set("type", "qcow2")
    # In document order, one new address per NIC (even where the original repeats one).
    for mac, (_old, new) in zip(root.iterfind("devices/interface/mac"), plan.macs, strict=False):
        mac.set("address", new)
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
        _insert_after_identity(root, metadata)
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
    root.find("name").text = new_name  # type: ignore[union-attr]
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
