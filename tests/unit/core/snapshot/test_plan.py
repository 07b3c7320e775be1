"""What the plan offers and withholds, for the cases that matter for data safety."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kvmdesk.core.snapshot.facts import DiskFacts, DomainFacts
from kvmdesk.core.snapshot.plan import CreateKind, Reason, reason_text, snapshot_plan
from kvmdesk.core.snapshot.probe import UNKNOWN, LibvirtBehaviour
from kvmdesk.core.snapshot.tree import SnapshotDisk, SnapshotInfo, SnapshotKind, SnapshotTree

LIBVIRT_9_0 = LibvirtBehaviour(probed=True, disk_only=True, delete_external=True)
EVERYTHING = LibvirtBehaviour(
    probed=True,
    disk_only=True,
    internal_with_pflash=True,
    revert_external=True,
    delete_external=True,
    delete_external_with_children=True,
)
BASE, OVERLAY, NEWER = "/img/base.qcow2", "/img/base.e1", "/img/base.e2"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def disk(path: str = BASE, fmt: str = "qcow2", source_type: str = "file") -> DiskFacts:
    return DiskFacts("vda", "disk", source_type, path, fmt, False, False)


def facts(*disks: DiskFacts, pflash: bool = False) -> DomainFacts:
    cdrom = DiskFacts("sdc", "cdrom", "file", "/iso/x.iso", "raw", True, False)
    return DomainFacts("vm", "u", (*disks, cdrom), pflash=pflash, nvram="/nv" if pflash else "")


def internal(name: str, parent: str = "", image: str = BASE, at: int = 0) -> SnapshotInfo:
    return SnapshotInfo(
        name,
        parent,
        T0.replace(hour=at),
        "",
        "shutoff",
        False,
        SnapshotKind.INTERNAL,
        (SnapshotDisk("vda", "internal"),),
        disk_sources=(("vda", image),),
    )


def external(name: str, parent: str, overlay: str, base: str, at: int) -> SnapshotInfo:
    return SnapshotInfo(
        name,
        parent,
        T0.replace(hour=at),
        "",
        "shutoff",
        False,
        SnapshotKind.EXTERNAL,
        (SnapshotDisk("vda", "external", overlay),),
        disk_sources=(("vda", base),),
    )


def test_a_qcow2_vm_can_take_every_kind_when_running() -> None:
    plan = snapshot_plan(facts(disk()), SnapshotTree([]), LIBVIRT_9_0, running=True)
    assert all(p.allowed for p in plan.create.values())
    assert plan.default_kind is CreateKind.INTERNAL


@pytest.mark.parametrize(
    ("domain", "behaviour", "reason", "text"),
    [
        (facts(disk(fmt="raw")), LIBVIRT_9_0, Reason.DISK_NOT_QCOW2, "vda is raw"),
        (facts(disk(), pflash=True), LIBVIRT_9_0, Reason.PFLASH_INTERNAL, "pflash"),
        (facts(disk(), pflash=True), UNKNOWN, Reason.NOT_PROBED, "could not ask"),
        (facts(disk(source_type="network")), LIBVIRT_9_0, Reason.DISK_NOT_FILE, "network"),
        (facts(), LIBVIRT_9_0, Reason.NO_DISKS, "no writable disk"),
    ],
)
def test_internal_withheld(
    domain: DomainFacts, behaviour: LibvirtBehaviour, reason: Reason, text: str
) -> None:
    blocker = (
        snapshot_plan(domain, SnapshotTree([]), behaviour, running=False)
        .create[CreateKind.INTERNAL]
        .blocker
    )
    assert blocker is not None and blocker.reason is reason
    assert text in reason_text(blocker)


def test_pflash_is_fine_where_libvirt_does_it() -> None:
    plan = snapshot_plan(facts(disk(), pflash=True), SnapshotTree([]), EVERYTHING, running=False)
    assert plan.create[CreateKind.INTERNAL].allowed


def test_memory_needs_a_running_vm_and_disk_only_a_driver_that_has_it() -> None:
    plan = snapshot_plan(facts(disk()), SnapshotTree([]), UNKNOWN, running=False)
    memory = plan.create[CreateKind.EXTERNAL_WITH_MEMORY].blocker
    assert memory is not None and memory.reason is Reason.NOT_RUNNING
    disk_only = plan.create[CreateKind.EXTERNAL_DISK_ONLY].blocker
    assert disk_only is not None and disk_only.reason is Reason.NOT_PROBED


def test_mixed_internal_then_external_on_libvirt_9_0() -> None:
    """The case that destroyed base images elsewhere: nothing that touches the base."""
    tree = SnapshotTree([internal("i1", at=1), external("e1", "i1", OVERLAY, BASE, 2)])
    plan = snapshot_plan(facts(disk(OVERLAY)), tree, LIBVIRT_9_0, running=False)
    e1, i1 = plan.for_snapshot("e1"), plan.for_snapshot("i1")
    assert e1.delete.blocker is not None and e1.delete.blocker.reason is Reason.PARENT_INTERNAL
    assert e1.revert.blocker is not None and e1.revert.blocker.reason is Reason.REVERT_EXTERNAL
    for blocked in (i1.revert, i1.delete):
        assert blocked.blocker is not None and blocked.blocker.reason is Reason.BASE_OF_EXTERNAL
        assert blocked.blocker.subject == BASE
    tree_delete = i1.delete_with_children.blocker
    assert tree_delete is not None and tree_delete.reason is Reason.CHILDREN_EXTERNAL
    assert not e1.delete_with_children.allowed  # it has no children


def test_external_chain_only_the_newest_merges() -> None:
    tree = SnapshotTree(
        [external("e1", "", OVERLAY, BASE, 1), external("e2", "e1", NEWER, OVERLAY, 2)]
    )
    plan = snapshot_plan(facts(disk(NEWER)), tree, LIBVIRT_9_0, running=False)
    older = plan.for_snapshot("e1").delete.blocker
    assert older is not None and older.reason is Reason.EXTERNAL_HAS_CHILDREN
    assert plan.for_snapshot("e2").delete.allowed
    # An overlay that is no longer the VM's disk is never merged.
    moved = snapshot_plan(facts(disk("/elsewhere.qcow2")), tree, LIBVIRT_9_0, running=False)
    blocker = moved.for_snapshot("e2").delete.blocker
    assert blocker is not None and blocker.reason is Reason.OVERLAY_NOT_ACTIVE


def test_where_libvirt_reverts_externals_the_plan_offers_it() -> None:
    tree = SnapshotTree([external("e1", "", OVERLAY, BASE, 1)])
    plan = snapshot_plan(facts(disk(OVERLAY)), tree, EVERYTHING, running=False)
    assert plan.for_snapshot("e1").revert.allowed


def test_internal_tree_deletes_with_children() -> None:
    tree = SnapshotTree([internal("a", at=1), internal("b", "a", at=2), internal("c", "b", at=3)])
    plan = snapshot_plan(facts(disk()), tree, LIBVIRT_9_0, running=True)
    assert all(plan.for_snapshot(n).revert.allowed for n in "abc")
    assert plan.for_snapshot("a").delete_with_children.allowed
    leaf = plan.for_snapshot("c").delete_with_children.blocker
    assert leaf is not None and leaf.reason is Reason.NO_CHILDREN
