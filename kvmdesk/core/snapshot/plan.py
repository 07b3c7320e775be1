"""What can be done with a VM's snapshots, and why not: :func:`snapshot_plan`.

The plan is computed from three things libvirt tells us: the VM's definition (its
disks' formats and types, pflash firmware; :mod:`.facts`), its snapshot tree
(:mod:`.tree`) and how this libvirt behaves (:mod:`.probe`). Every operation the UI
or the CLI offers is in the plan as allowed, or withheld with a :class:`Blocker`
that says why. Some rules are kvmdesk's own, for data safety: an internal snapshot
is never reverted or deleted once its image has become the base of an external
snapshot's overlay while that overlay is in use, and an external snapshot is only
merged (deleted) when it is the newest of its chain and its parent is not internal.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kvmdesk.core.snapshot.facts import DomainFacts
from kvmdesk.core.snapshot.probe import LibvirtBehaviour
from kvmdesk.core.snapshot.tree import SnapshotInfo, SnapshotKind, SnapshotTree
from kvmdesk.core.types.errors import LibvirtFailure


class NotPossible(LibvirtFailure):
    """libvirt would refuse this snapshot operation, or it would endanger data."""


class CreateKind(enum.StrEnum):
    INTERNAL = "internal"
    EXTERNAL_DISK_ONLY = "external-disk-only"
    EXTERNAL_WITH_MEMORY = "external-with-memory"


class Reason(enum.StrEnum):
    """Why an operation is withheld; the UI and the CLI each word it (``subject`` fills in)."""

    NO_DISKS = "no-disks"
    DISK_NOT_QCOW2 = "disk-not-qcow2"
    DISK_NOT_FILE = "disk-not-file"
    PFLASH_INTERNAL = "pflash-internal"
    NOT_PROBED = "not-probed"
    NOT_RUNNING = "not-running"
    DISK_ONLY_UNSUPPORTED = "disk-only-unsupported"
    REVERT_EXTERNAL = "revert-external"
    BASE_OF_EXTERNAL = "base-of-external"
    DELETE_EXTERNAL = "delete-external"
    EXTERNAL_HAS_CHILDREN = "external-has-children"
    PARENT_INTERNAL = "parent-internal"
    OVERLAY_NOT_ACTIVE = "overlay-not-active"
    CHILDREN_EXTERNAL = "children-external"
    NO_CHILDREN = "no-children"


@dataclass(frozen=True, slots=True)
class Blocker:
    reason: Reason
    subject: str = ""  # a disk target, a snapshot name, a file, a format …
    detail: str = ""


def reason_text(blocker: Blocker) -> str:
    """The English one-liner (the CLI's; the UI has its own translated wording)."""
    s, d = blocker.subject, blocker.detail
    texts = {
        Reason.NO_DISKS: "the VM has no writable disk to snapshot",
        Reason.DISK_NOT_QCOW2: f"internal snapshots need qcow2 disks, and {s} is {d or 'raw'}",
        Reason.DISK_NOT_FILE: f"external snapshots need file-backed disks, and {s} is {d}",
        Reason.PFLASH_INTERNAL: "this libvirt refuses internal snapshots of VMs with pflash "
        "firmware (UEFI NVRAM)",
        Reason.NOT_PROBED: "kvmdesk could not ask this libvirt whether it supports this",
        Reason.NOT_RUNNING: "memory can only be saved while the VM is running or paused",
        Reason.DISK_ONLY_UNSUPPORTED: "this libvirt cannot take disk-only snapshots",
        Reason.REVERT_EXTERNAL: "this libvirt cannot revert to external snapshots",
        Reason.BASE_OF_EXTERNAL: f"its image {s} is now the base of an external snapshot's "
        "overlay: changing it would corrupt that overlay",
        Reason.DELETE_EXTERNAL: "this libvirt cannot delete external snapshots",
        Reason.EXTERNAL_HAS_CHILDREN: f"only the newest external snapshot can be merged; "
        f"{s} has snapshots after it",
        Reason.PARENT_INTERNAL: f"its parent {s} is internal: merging the overlay into an "
        "image that holds internal snapshots is not supported",
        Reason.OVERLAY_NOT_ACTIVE: f"its overlay {s} is no longer the VM's disk",
        Reason.CHILDREN_EXTERNAL: "this libvirt cannot delete external snapshots together "
        "with their children",
        Reason.NO_CHILDREN: f"{s} has no children",
    }
    return texts[blocker.reason]


@dataclass(frozen=True, slots=True)
class Possibility:
    """An operation: allowed (``blocker`` None) or withheld and why."""

    blocker: Blocker | None = None

    @property
    def allowed(self) -> bool:
        return self.blocker is None


ALLOWED = Possibility()


@dataclass(frozen=True, slots=True)
class SnapshotActions:
    """What can be done with one existing snapshot."""

    revert: Possibility
    delete: Possibility
    delete_with_children: Possibility


@dataclass(frozen=True, slots=True)
class SnapshotPlan:
    """Everything the snapshot window and ``kvmdesk-cli snapshot`` may offer for one VM."""

    domain: str
    running: bool  # running or paused: memory can be saved
    create: dict[CreateKind, Possibility]
    actions: dict[str, SnapshotActions] = field(default_factory=dict)

    def for_snapshot(self, name: str) -> SnapshotActions:
        return self.actions[name]

    @property
    def default_kind(self) -> CreateKind | None:
        """The first allowed kind: internal, else external disk-only, else with memory."""
        return next((kind for kind, p in self.create.items() if p.allowed), None)


def _withheld(reason: Reason, subject: str = "", detail: str = "") -> Possibility:
    return Possibility(Blocker(reason, subject, detail))


def _create_internal(facts: DomainFacts, behaviour: LibvirtBehaviour) -> Possibility:
    disks = facts.snapshot_disks()
    if not disks:
        return _withheld(Reason.NO_DISKS)
    for disk in disks:
        if disk.source_type not in ("file", "block", "volume"):
            return _withheld(Reason.DISK_NOT_FILE, disk.target, disk.source_type)
        if disk.format != "qcow2":
            return _withheld(Reason.DISK_NOT_QCOW2, disk.target, disk.format or "raw")
    if facts.pflash and not behaviour.internal_with_pflash:
        return _withheld(Reason.PFLASH_INTERNAL if behaviour.probed else Reason.NOT_PROBED)
    return ALLOWED


def _create_external(
    facts: DomainFacts, behaviour: LibvirtBehaviour, memory: bool, running: bool
) -> Possibility:
    disks = facts.snapshot_disks()
    if not disks:
        return _withheld(Reason.NO_DISKS)
    for disk in disks:
        if disk.source_type != "file" or not disk.path:
            return _withheld(Reason.DISK_NOT_FILE, disk.target, disk.source_type)
    if memory and not running:
        return _withheld(Reason.NOT_RUNNING)
    if not memory and not behaviour.disk_only:
        return _withheld(Reason.DISK_ONLY_UNSUPPORTED if behaviour.probed else Reason.NOT_PROBED)
    return ALLOWED


def _internal_image_moved(snapshot: SnapshotInfo, facts: DomainFacts) -> str:
    """The image of an internal snapshot that is no longer the VM's active disk, or ""."""
    current = {d.target: d.path for d in facts.disks}
    for disk in snapshot.disks:
        if disk.mode != "internal":
            continue
        recorded = snapshot.source_of(disk.target)
        if recorded and disk.target in current and current[disk.target] != recorded:
            return recorded
    return ""


def _revert(snapshot: SnapshotInfo, facts: DomainFacts, behaviour: LibvirtBehaviour) -> Possibility:
    if snapshot.kind is SnapshotKind.EXTERNAL:
        if not behaviour.revert_external:
            return _withheld(Reason.REVERT_EXTERNAL if behaviour.probed else Reason.NOT_PROBED)
        return ALLOWED
    moved = _internal_image_moved(snapshot, facts)
    if moved:
        return _withheld(Reason.BASE_OF_EXTERNAL, moved)
    return ALLOWED


def _delete_one(
    snapshot: SnapshotInfo,
    tree: SnapshotTree,
    facts: DomainFacts,
    behaviour: LibvirtBehaviour,
) -> Possibility:
    if snapshot.kind is SnapshotKind.INTERNAL:
        moved = _internal_image_moved(snapshot, facts)
        if moved:
            return _withheld(Reason.BASE_OF_EXTERNAL, moved)
        return ALLOWED
    if not behaviour.delete_external:
        return _withheld(Reason.DELETE_EXTERNAL if behaviour.probed else Reason.NOT_PROBED)
    if tree.children(snapshot.name):
        return _withheld(Reason.EXTERNAL_HAS_CHILDREN, snapshot.name)
    parent = tree.get(snapshot.parent)
    if parent is not None and parent.kind is SnapshotKind.INTERNAL:
        return _withheld(Reason.PARENT_INTERNAL, parent.name)
    current = {d.target: d.path for d in facts.disks}
    for disk in snapshot.disks:
        if disk.mode == "external" and current.get(disk.target) != disk.overlay:
            return _withheld(Reason.OVERLAY_NOT_ACTIVE, disk.overlay)
    return ALLOWED


def _delete_tree(
    snapshot: SnapshotInfo,
    tree: SnapshotTree,
    facts: DomainFacts,
    behaviour: LibvirtBehaviour,
) -> Possibility:
    descendants = tree.descendants(snapshot.name)
    if not descendants:
        return _withheld(Reason.NO_CHILDREN, snapshot.name)
    family = [snapshot, *descendants]
    if any(s.kind is SnapshotKind.EXTERNAL for s in family):
        if not behaviour.delete_external_with_children:
            return _withheld(Reason.CHILDREN_EXTERNAL if behaviour.probed else Reason.NOT_PROBED)
        return ALLOWED
    for member in family:
        moved = _internal_image_moved(member, facts)
        if moved:
            return _withheld(Reason.BASE_OF_EXTERNAL, moved)
    return ALLOWED


def snapshot_plan(
    facts: DomainFacts, tree: SnapshotTree, behaviour: LibvirtBehaviour, *, running: bool
) -> SnapshotPlan:
    """What is possible for this VM now (``running``: running or paused)."""
    create = {
        CreateKind.INTERNAL: _create_internal(facts, behaviour),
        CreateKind.EXTERNAL_DISK_ONLY: _create_external(facts, behaviour, False, running),
        CreateKind.EXTERNAL_WITH_MEMORY: _create_external(facts, behaviour, True, running),
    }
    actions = {
        s.name: SnapshotActions(
            revert=_revert(s, facts, behaviour),
            delete=_delete_one(s, tree, facts, behaviour),
            delete_with_children=_delete_tree(s, tree, facts, behaviour),
        )
        for s in tree
    }
    return SnapshotPlan(facts.name, running, create, actions)
