"""Read domain XML into :class:`DomainSnapshot` (read-only; editing lives elsewhere)."""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.types.snapshots import DiskSnapshot, DomainSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.util.nic_snapshot import read_nic

# Bytes per unit, as libvirt's virScaleInteger reads them.
_UNIT_BYTES = {
    "b": 1,
    "bytes": 1,
    "kb": 1000,
    "k": 1024,
    "kib": 1024,
    "mb": 1000**2,
    "m": 1024**2,
    "mib": 1024**2,
    "gb": 1000**3,
    "g": 1024**3,
    "gib": 1024**3,
    "tb": 1000**4,
    "t": 1024**4,
    "tib": 1024**4,
    "pb": 1000**5,
    "p": 1024**5,
    "pib": 1024**5,
    "eb": 1000**6,
    "e": 1024**6,
    "eib": 1024**6,
}


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def memory_kib(element: etree._Element | None) -> int:
    """A libvirt memory element's value in KiB, whatever its ``unit``."""
    if element is None or not (element.text or "").strip():
        return 0
    unit_bytes = _UNIT_BYTES.get(element.get("unit", "KiB").lower(), 1024)
    value = int(element.text.strip())  # type: ignore[union-attr]
    # Whole KiB rounded up, as libvirt stores it (1000 KB is 977 KiB, not 976).
    return -(-value * unit_bytes // 1024)


def _disk(disk: etree._Element) -> DiskSnapshot:
    source = disk.find("source")
    target = disk.find("target")
    path = pool = volume = ""
    if source is not None:
        path = source.get("file") or source.get("dev") or ""
        pool = source.get("pool", "")
        volume = source.get("volume", "")
    return DiskSnapshot(
        target=target.get("dev", "") if target is not None else "",
        device=disk.get("device", "disk"),
        path=path,
        pool=pool,
        volume=volume,
    )


def parse_domain(
    xml: str | etree._Element,
    *,
    connection: str,
    state: DomainState,
    persistent: bool = True,
) -> DomainSnapshot:
    """Build a snapshot from ``virDomainGetXMLDesc`` output and the state libvirt reported.

    ``xml`` may already be parsed: lxml parses without holding the GIL, so the
    session parses in its pool and only walks the tree on the loop.
    """
    # One pass over the top-level children: this runs for every domain of a
    # connection at load time (5,000 on big hosts), so no repeated find() scans.
    root = etree.fromstring(xml) if isinstance(xml, str) else xml
    fields: dict[str, etree._Element] = {}
    devices: etree._Element | None = None
    for child in root:
        tag = child.tag
        if tag == "devices":
            devices = child
        elif isinstance(tag, str) and tag not in fields:
            fields[tag] = child
    vcpu = fields.get("vcpu")
    vcpus = int(vcpu.get("current") or (vcpu.text or "1").strip()) if vcpu is not None else 1
    max_memory = memory_kib(fields.get("memory"))
    current_memory = memory_kib(fields.get("currentMemory")) or max_memory
    os_element = fields.get("os")
    os_type = os_element.find("type") if os_element is not None else None
    nics: list[NicSnapshot] = []
    disks: list[DiskSnapshot] = []
    if devices is not None:
        for element in devices:
            if element.tag == "interface":
                nics.append(read_nic(element))
            elif element.tag == "disk":
                disks.append(_disk(element))
    return DomainSnapshot(
        connection=connection,
        uuid=_text(fields.get("uuid")),
        name=_text(fields.get("name")),
        state=state,
        vcpus=vcpus,
        memory_kib=current_memory,
        max_memory_kib=max_memory,
        os_type=(os_type.text or "").strip() if os_type is not None else "",
        arch=os_type.get("arch", "") if os_type is not None else "",
        title=_text(fields.get("title")),
        persistent=persistent,
        nics=tuple(nics),
        disks=tuple(disks),
    )
