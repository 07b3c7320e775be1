"""A domain's snapshots as plain values: what libvirt's ``<domainsnapshot>`` XML says.

:func:`read_snapshot` turns one snapshot's XML into a :class:`SnapshotInfo`
(parent, creation time, description, state, whether memory is included, internal
or external, and where each disk's data went); :class:`SnapshotTree` orders them
parent before child and answers the questions the plan asks (children, descendants,
the chain above the current snapshot).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree


class SnapshotKind(enum.StrEnum):
    """Where a snapshot keeps its data: inside the qcow2 images, or in new overlay files."""

    INTERNAL = "internal"
    EXTERNAL = "external"


@dataclass(frozen=True, slots=True)
class SnapshotDisk:
    """One disk of a snapshot: ``internal``, ``external`` (with the overlay file) or ``no``."""

    target: str
    mode: str
    overlay: str = ""


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One snapshot of a domain, as libvirt describes it."""

    name: str
    parent: str
    created: datetime
    description: str
    state: str  # the domain's state when taken: running, paused, shutoff, disk-snapshot
    memory: bool  # the guest's memory is part of the snapshot
    kind: SnapshotKind
    disks: tuple[SnapshotDisk, ...] = ()
    memory_file: str = ""
    current: bool = False
    # Each disk's source path in the domain definition the snapshot recorded.
    disk_sources: tuple[tuple[str, str], ...] = ()

    def source_of(self, target: str) -> str:
        return dict(self.disk_sources).get(target, "")


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


class SnapshotTree:
    """A domain's snapshots by name, parents before children (siblings oldest first)."""

    def __init__(self, snapshots: Iterable[SnapshotInfo]) -> None:
        self._by_name = {s.name: s for s in snapshots}
        self._children: dict[str, list[str]] = {}
        for snapshot in sorted(self._by_name.values(), key=lambda s: (s.created, s.name)):
            parent = snapshot.parent if snapshot.parent in self._by_name else ""
            self._children.setdefault(parent, []).append(snapshot.name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[SnapshotInfo]:
        """Depth first from the roots: every parent comes before its children."""
        stack = list(reversed(self._children.get("", [])))
        while stack:
            name = stack.pop()
            yield self._by_name[name]
            stack.extend(reversed(self._children.get(name, [])))

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> SnapshotInfo | None:
        return self._by_name.get(name)

    @property
    def current(self) -> SnapshotInfo | None:
        return next((s for s in self._by_name.values() if s.current), None)

    def roots(self) -> list[SnapshotInfo]:
        return [self._by_name[n] for n in self._children.get("", [])]

    def children(self, name: str) -> list[SnapshotInfo]:
        return [self._by_name[n] for n in self._children.get(name, [])]

    def descendants(self, name: str) -> list[SnapshotInfo]:
        found: list[SnapshotInfo] = []
        stack = list(self._children.get(name, []))
        while stack:
            child = stack.pop()
            found.append(self._by_name[child])
            stack.extend(self._children.get(child, []))
        return found

    def ancestors(self, name: str) -> list[SnapshotInfo]:
        """The parent, its parent … up to the root."""
        chain: list[SnapshotInfo] = []
        snapshot = self._by_name.get(name)
        while snapshot is not None and snapshot.parent in self._by_name:
            snapshot = self._by_name[snapshot.parent]
            chain.append(snapshot)
        return chain

    def depth(self, name: str) -> int:
        return len(self.ancestors(name))
