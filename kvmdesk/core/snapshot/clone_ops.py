"""Blocking clone work on a ``virConnect``: plan it, copy the volumes, define the clone.

:func:`plan_clone` asks libvirt where each writable disk lives (its volume in a storage
pool; a disk outside every pool cannot be copied through libvirt, so the clone is
refused) and where the NVRAM is. :func:`run_clone` copies through the storage API
(``virStorageVolCreateXMLFrom``, or a new volume with a backing store for a linked
clone) while another thread reports the new volume's growing allocation as progress,
checks for cancel between volumes, and on any failure or cancel deletes every volume
it made and undefines the clone, so nothing of a failed clone remains.
"""

from __future__ import annotations

import logging
import os.path
import threading
import uuid as uuidlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.snapshot.clone import (
    ClonePlan,
    DiskCopy,
    DiskMode,
    NvramCopy,
    new_volume_name,
    validate_clone_name,
)
from kvmdesk.core.snapshot.clone_xml import clone_xml, copied_volume_xml, linked_volume_xml
from kvmdesk.core.snapshot.facts import DiskFacts
from kvmdesk.core.snapshot.plan import NotPossible
from kvmdesk.core.snapshot.read import read_domain_facts
from kvmdesk.core.types.errors import BadInput, KvmdeskError, one_line
from kvmdesk.core.util.mac import generate_mac

log = logging.getLogger(__name__)

INACTIVE_SECURE = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE
POLL_SECONDS = 0.2


class CloneCancelled(KvmdeskError):
    """The user cancelled; everything the clone had created was removed."""


@dataclass(frozen=True, slots=True)
class CloneProgress:
    """Where a running clone is: the disk being copied and the bytes done overall."""

    disk: str
    index: int  # 0-based, of ``count`` volumes
    count: int
    done_bytes: int
    total_bytes: int


def _lookup_volume(conn: Any, path: str) -> Any | None:
    try:
        return conn.storageVolLookupByPath(path)
    except libvirt.libvirtError:
        return None


def _disk_copy(
    conn: Any,
    disk: DiskFacts,
    clone: str,
    linked: bool,
    count: int,
    pool_volumes: dict[str, set[str]],
) -> DiskCopy:
    if disk.empty:
        return DiskCopy(disk.target, DiskMode.EMPTY, source_type=disk.source_type)
    if disk.readonly or disk.shareable:
        return DiskCopy(disk.target, DiskMode.SHARED, disk.path, disk.source_type)
    if disk.source_type == "volume":
        pool = conn.storagePoolLookupByName(disk.pool)
        volume = pool.storageVolLookupByName(disk.volume)
    elif disk.source_type in ("file", "block") and disk.path:
        volume = _lookup_volume(conn, disk.path)
        if volume is None:
            raise NotPossible(
                f"{disk.target} ({disk.path}) is in no storage pool: libvirt can only copy "
                "volumes of its pools"
            )
        pool = volume.storagePoolLookupByVolume()
    else:
        raise NotPossible(f"{disk.target} is a {disk.source_type} disk: it cannot be copied")
    root = etree.fromstring(volume.XMLDesc(0).encode())
    volume_format = root.find("target/format")
    source_format = volume_format.get("type", "") if volume_format is not None else ""
    _, capacity, allocation = volume.info()
    new_name = new_volume_name(clone, disk.target, volume.name(), count)
    if linked:
        stem = new_name.rsplit(".", 1)[0] if "." in new_name else new_name
        new_name = f"{stem}.qcow2"
    if new_name in pool_volumes.get(pool.name(), set()):
        raise BadInput(f"pool {pool.name()!r} has a volume named {new_name!r} already")
    pool_path = os.path.dirname(volume.path())
    return DiskCopy(
        target=disk.target,
        mode=DiskMode.LINKED if linked else DiskMode.COPY,
        source_path=volume.path(),
        source_type=disk.source_type,
        pool=pool.name(),
        source_volume=volume.name(),
        source_format=source_format,
        new_volume=new_name,
        new_path=os.path.join(pool_path, new_name),
        capacity=int(capacity),
        allocation=int(allocation),
    )


def _nvram_copy(conn: Any, path: str, clone: str) -> NvramCopy:
    new_name = f"{clone}_VARS.fd"
    new_path = os.path.join(os.path.dirname(path), new_name)
    volume = _lookup_volume(conn, path)
    if volume is None:
        return NvramCopy(path, new_path, "", os.path.basename(path), new_name)
    return NvramCopy(
        path, new_path, volume.storagePoolLookupByVolume().name(), volume.name(), new_name
    )


def plan_clone(
    conn: Any, domain: Any, name: str, *, linked: bool, taken_macs: Collection[str] = ()
) -> ClonePlan:
    """The clone of a shut-off ``domain`` as ``name`` (blocking; nothing is created)."""
    if domain.isActive():
        raise BadInput(f"{domain.name()} is running: shut it down before cloning it")
    taken_names = {d.name() for d in conn.listAllDomains(0)}
    cleaned = validate_clone_name(name, taken_names)
    source_xml = domain.XMLDesc(INACTIVE_SECURE)
    facts = read_domain_facts(source_xml)
    writable = [d for d in facts.disks if not (d.readonly or d.shareable or d.empty)]
    pool_volumes = {
        pool.name(): set(pool.listVolumes())
        for pool in conn.listAllStoragePools(0)
        if pool.isActive()
    }
    disks = tuple(
        _disk_copy(conn, d, cleaned, linked, len(writable), pool_volumes) for d in facts.disks
    )
    used = set(taken_macs)
    macs = []
    for mac in facts.macs:
        new = generate_mac(used | set(facts.macs))
        used.add(new)
        macs.append((mac, new))
    nvram = _nvram_copy(conn, facts.nvram, cleaned) if facts.nvram else None
    return ClonePlan(
        source_name=facts.name,
        source_uuid=facts.uuid,
        name=cleaned,
        uuid=str(uuidlib.uuid4()),
        linked=linked,
        disks=disks,
        macs=tuple(macs),
        nvram=nvram,
    )


def plan_xml(domain: Any, plan: ClonePlan) -> str:
    return clone_xml(domain.XMLDesc(INACTIVE_SECURE), plan)


class _Watcher:
    """Reports a growing volume's allocation from its own thread while a copy runs."""

    def __init__(self, pool: Any, name: str, report: Callable[[int], None]) -> None:
        self._pool, self._name, self._report = pool, name, report
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="clone-progress", daemon=True)

    def __enter__(self) -> _Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                allocation = int(self._pool.storageVolLookupByName(self._name).info()[2])
            except libvirt.libvirtError:
                continue  # not there yet
            self._report(allocation)


def _create_nvram(conn: Any, copy: NvramCopy, created: list[Any]) -> Any | None:
    """Copy the NVRAM file; a transient pool over its folder when it is in no pool.

    Returns the transient pool (to destroy at the end) or None.
    """
    transient = None
    if copy.pool:
        pool = conn.storagePoolLookupByName(copy.pool)
    else:
        folder = os.path.dirname(copy.source_path)
        pool_xml = (
            f"<pool type='dir'><name>kvmdesk-nvram-{uuidlib.uuid4().hex[:8]}</name>"
            f"<target><path>{folder}</path></target></pool>"
        )
        transient = pool = conn.storagePoolCreateXML(pool_xml, 0)
    source = pool.storageVolLookupByName(copy.source_volume)
    xml = copied_volume_xml(source.XMLDesc(0), copy.new_volume)
    created.append(pool.createXMLFrom(xml, source, 0))
    return transient


def run_clone(
    conn: Any,
    domain: Any,
    plan: ClonePlan,
    progress: Callable[[CloneProgress], None],
    cancelled: Callable[[], bool],
) -> str:
    """Copy, then define the clone; returns its UUID. On failure nothing stays."""
    if domain.isActive():
        raise BadInput(f"{domain.name()} is running: shut it down before cloning it")
    created: list[Any] = []
    defined = None
    transient = None
    copies = plan.copies
    total = plan.total_bytes
    done = 0
    try:
        for index, copy in enumerate(copies):
            if cancelled():
                raise CloneCancelled("clone cancelled; what it had created was removed")
            pool = conn.storagePoolLookupByName(copy.pool)
            progress(CloneProgress(copy.target, index, len(copies), done, total))
            if copy.mode is DiskMode.LINKED:
                created.append(pool.createXML(linked_volume_xml(copy), 0))
                continue
            source = pool.storageVolLookupByName(copy.source_volume)
            xml = copied_volume_xml(source.XMLDesc(0), copy.new_volume)

            def report(
                allocation: int, copy: DiskCopy = copy, index: int = index, done: int = done
            ) -> None:
                part = min(allocation, copy.allocation)
                progress(CloneProgress(copy.target, index, len(copies), done + part, total))

            with _Watcher(pool, copy.new_volume, report):
                created.append(pool.createXMLFrom(xml, source, 0))
            done += copy.allocation
        if cancelled():
            raise CloneCancelled("clone cancelled; what it had created was removed")
        if plan.nvram is not None:
            transient = _create_nvram(conn, plan.nvram, created)
        defined = conn.defineXML(plan_xml(domain, plan))
        progress(CloneProgress("", len(copies), len(copies), total, total))
        return str(defined.UUIDString())
    except BaseException:
        _remove(created, defined)
        raise
    finally:
        if transient is not None:
            try:
                transient.destroy()
            except libvirt.libvirtError as error:
                log.warning("could not stop the NVRAM copy's pool: %s", error)


def _remove(created: list[Any], defined: Any | None) -> None:
    """Undo a failed clone: its domain, then every volume it created (newest first)."""
    if defined is not None:
        try:
            defined.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_KEEP_NVRAM)
        except libvirt.libvirtError as error:
            log.warning("clone clean-up: undefine failed: %s", one_line(str(error)))
    for volume in reversed(created):
        try:
            volume.delete(0)
        except libvirt.libvirtError as error:
            log.warning("clone clean-up: deleting %s failed: %s", volume.name(), error)
