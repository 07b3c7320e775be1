"""Blocking snapshot operations on one ``virDomain`` (run through ``session.run``).

Reading the tree, writing the ``<domainsnapshot>`` XML for each kind, creating,
reverting and deleting. What is allowed is decided before, by :mod:`.plan`; these
functions only talk to libvirt.
"""

from __future__ import annotations

import os.path
from dataclasses import dataclass
from typing import Any

import libvirt

from kvmdesk.core.snapshot.facts import DomainFacts
from kvmdesk.core.snapshot.plan import CreateKind
from kvmdesk.core.snapshot.read import pool_target, read_domain_facts, read_snapshot
from kvmdesk.core.snapshot.tree import SnapshotInfo, SnapshotTree
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.util.xml_text import escape, quoteattr


@dataclass(frozen=True, slots=True)
class DomainView:
    """One read of a domain for planning: its definition's facts, tree and state."""

    facts: DomainFacts
    tree: SnapshotTree
    state: DomainState


def read_tree(domain: Any) -> SnapshotTree:
    snapshots = []
    for snapshot in domain.listAllSnapshots(0):
        xml = snapshot.getXMLDesc(0)
        snapshots.append(read_snapshot(xml, current=bool(snapshot.isCurrent(0))))
    return SnapshotTree(snapshots)


def read_view(domain: Any) -> DomainView:
    """Facts from the live XML (the disks in use now), the tree and the state."""
    facts = read_domain_facts(domain.XMLDesc(0))
    state = DomainState.from_libvirt(domain.state()[0])
    return DomainView(facts, read_tree(domain), state)


def memory_file(facts: DomainFacts, name: str) -> str:
    """Where an external snapshot's memory goes: beside the first disk's image."""
    first = facts.snapshot_disks()[0].path
    return os.path.join(os.path.dirname(first), f"{facts.name}.{name}.mem")


def overlay_path(path: str, name: str) -> str:
    """Where an external snapshot's overlay goes: libvirt's own naming, ``base.NAME``."""
    folder, _, base = path.rpartition("/")
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return f"{folder}/{stem}.{name}"


def snapshot_xml(kind: CreateKind, name: str, description: str, facts: DomainFacts) -> str:
    """The ``<domainsnapshot>`` asking for ``kind``; every non-snapshot disk says ``no``.

    External overlays are named explicitly (as libvirt would name them), so the XML
    says where the new files go and every driver accepts it.
    """
    taken = {d.target: d for d in facts.snapshot_disks()}
    disks = []
    for disk in facts.disks:
        if not disk.target:
            continue
        target = quoteattr(disk.target)
        if disk.target not in taken:
            disks.append(f"<disk name={target} snapshot='no'/>")
        elif kind is CreateKind.INTERNAL:
            disks.append(f"<disk name={target} snapshot='internal'/>")
        else:
            overlay = quoteattr(overlay_path(disk.path, name))
            disks.append(
                f"<disk name={target} snapshot='external' type='file'>"
                f"<driver type='qcow2'/><source file={overlay}/></disk>"
            )
    memory = ""
    if kind is CreateKind.EXTERNAL_WITH_MEMORY:
        memory = f"<memory snapshot='external' file={quoteattr(memory_file(facts, name))}/>"
    elif kind is CreateKind.EXTERNAL_DISK_ONLY:
        memory = "<memory snapshot='no'/>"
    text = f"<description>{escape(description)}</description>" if description else ""
    return (
        f"<domainsnapshot><name>{escape(name)}</name>{text}{memory}"
        f"<disks>{''.join(disks)}</disks></domainsnapshot>"
    )


def create_flags(kind: CreateKind) -> int:
    if kind is CreateKind.EXTERNAL_DISK_ONLY:
        return int(libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY)
    return 0


def create(domain: Any, kind: CreateKind, name: str, description: str) -> SnapshotInfo:
    facts = read_domain_facts(domain.XMLDesc(0))
    snapshot = domain.snapshotCreateXML(
        snapshot_xml(kind, name, description, facts), create_flags(kind)
    )
    return read_snapshot(snapshot.getXMLDesc(0), current=True)


def revert(domain: Any, name: str) -> None:
    domain.revertToSnapshot(domain.snapshotLookupByName(name, 0), 0)


def delete(domain: Any, name: str, *, children: bool) -> list[str]:
    """Delete the snapshot (or it and its children), then the memory files libvirt keeps.

    libvirt merges an external snapshot's overlays but leaves its memory file; that
    file belongs to the deleted snapshot alone, so it is deleted through the storage
    pool that holds it. Returns the memory files left because no pool holds them.
    """
    snapshot = domain.snapshotLookupByName(name, 0)
    doomed = [snapshot]
    if children:
        doomed.extend(snapshot.listAllChildren(libvirt.VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS))
    memory = [f for f in (read_snapshot(s.getXMLDesc(0)).memory_file for s in doomed) if f]
    flags = libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN if children else 0
    snapshot.delete(flags)
    return [path for path in memory if not _delete_file_volume(domain.connect(), path)]


def _delete_file_volume(conn: Any, path: str) -> bool:
    """Delete ``path`` as a volume of the pool over its folder; False when none holds it."""
    folder = os.path.dirname(path)
    for pool in conn.listAllStoragePools(libvirt.VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE):
        target = pool_target(pool.XMLDesc(0))
        if not target or os.path.normpath(target) != folder:
            continue
        try:
            pool.refresh(0)
            conn.storageVolLookupByPath(path).delete(0)
        except libvirt.libvirtError:
            return False
        return True
    return False
