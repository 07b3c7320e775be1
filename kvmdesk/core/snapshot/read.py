"""Read libvirt's XML for snapshots and clones: ``<domainsnapshot>`` and ``<domain>``.

:func:`read_snapshot` makes a :class:`~.tree.SnapshotInfo` of a snapshot's XML;
:func:`read_domain_facts` the :class:`~.facts.DomainFacts` of a domain's;
:func:`pool_target` a storage pool's folder. Read only.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from kvmdesk.core.snapshot.facts import DiskFacts, DomainFacts
from kvmdesk.core.snapshot.tree import SnapshotDisk, SnapshotInfo, SnapshotKind


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _disk_sources(domain: etree._Element | None) -> tuple[tuple[str, str], ...]:
    if domain is None:
        return ()
    sources = []
    for disk in domain.iterfind("devices/disk"):
        target = disk.find("target")
        source = disk.find("source")
        if target is None or source is None:
            continue
        path = source.get("file") or source.get("dev") or ""
        sources.append((target.get("dev", ""), path))
    return tuple(sources)


def read_snapshot(xml: str, *, current: bool = False) -> SnapshotInfo:
    """One snapshot's XML (``virDomainSnapshotGetXMLDesc``) as a :class:`SnapshotInfo`."""
    root = etree.fromstring(xml.encode())
    memory = root.find("memory")
    memory_mode = memory.get("snapshot", "no") if memory is not None else "no"
    state = _text(root.find("state"))
    disks = []
    for disk in root.iterfind("disks/disk"):
        source = disk.find("source")
        overlay = ""
        if source is not None:
            overlay = source.get("file") or source.get("dev") or source.get("name") or ""
        disks.append(SnapshotDisk(disk.get("name", ""), disk.get("snapshot", ""), overlay))
    external = memory_mode == "external" or any(d.mode == "external" for d in disks)
    # A snapshot without <memory> from an older libvirt: memory is in it when the
    # domain was running and it is not a disk-only snapshot.
    has_memory = memory_mode in ("internal", "external") or (
        memory is None and state in ("running", "paused")
    )
    created_text = _text(root.find("creationTime"))
    created = datetime.fromtimestamp(int(created_text or 0), UTC)
    return SnapshotInfo(
        name=_text(root.find("name")),
        parent=_text(root.find("parent/name")),
        created=created,
        description=_text(root.find("description")),
        state=state,
        memory=has_memory,
        kind=SnapshotKind.EXTERNAL if external else SnapshotKind.INTERNAL,
        disks=tuple(disks),
        memory_file=memory.get("file", "") if memory is not None else "",
        current=current,
        disk_sources=_disk_sources(root.find("domain")),
    )


def _disk(element: etree._Element) -> DiskFacts:
    source = element.find("source")
    target = element.find("target")
    driver = element.find("driver")
    path = pool = volume = ""
    if source is not None:
        path = source.get("file") or source.get("dev") or ""
        pool = source.get("pool", "")
        volume = source.get("volume", "")
    backing = element.find("backingStore/source")
    return DiskFacts(
        target=target.get("dev", "") if target is not None else "",
        device=element.get("device", "disk"),
        source_type=element.get("type", "file"),
        path=path,
        format=driver.get("type", "") if driver is not None else "",
        readonly=element.find("readonly") is not None,
        shareable=element.find("shareable") is not None,
        snapshot=element.get("snapshot", ""),
        pool=pool,
        volume=volume,
        backing=(backing.get("file") or backing.get("dev") or "") if backing is not None else "",
    )


def read_domain_facts(xml: str) -> DomainFacts:
    """The :class:`DomainFacts` of a domain XML (live or inactive)."""
    root = etree.fromstring(xml.encode())
    loader = root.find("os/loader")
    nvram = root.find("os/nvram")
    nvram_path = (nvram.text or "").strip() if nvram is not None else ""
    if nvram is not None and not nvram_path:
        source = nvram.find("source")
        nvram_path = source.get("file", "") if source is not None else ""
    firmware = root.find("os")
    pflash = (loader is not None and loader.get("type") == "pflash") or (
        firmware is not None and firmware.get("firmware") == "efi" and loader is None
    )
    return DomainFacts(
        name=(root.findtext("name") or "").strip(),
        uuid=(root.findtext("uuid") or "").strip(),
        disks=tuple(_disk(d) for d in root.iterfind("devices/disk")),
        pflash=pflash or bool(nvram_path),
        nvram=nvram_path,
        nvram_format=nvram.get("format", "") if nvram is not None else "",
        macs=tuple(m.get("address", "").lower() for m in root.iterfind("devices/interface/mac")),
    )


def pool_target(xml: str) -> str:
    """A storage pool's target folder (``<target><path>``), "" when it has none."""
    return (etree.fromstring(xml.encode()).findtext("target/path") or "").strip()
