"""A domain's snapshots as plain values: what libvirt's ``<domainsnapshot>`` XML says.

A :class:`SnapshotInfo` (read by :func:`kvmdesk.core.snapshot.read.read_snapshot`) has
the parent, creation time, description, state, whether memory is included, internal
or external, and where each disk's data went; :class:`SnapshotTree` orders them
parent before child and answers the questions the plan asks (children, descendants,
the chain above the current snapshot).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime


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
