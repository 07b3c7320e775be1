"""Snapshots on a real libvirtd with qcow2 images: every operation keeps the data safe.

After each operation every qcow2 image passes ``qemu-img check`` and no image file is
gone unless the operation merged it away (an external snapshot's overlay on delete).
Data is written into the images on the host with ``qemu-io`` (the VMs are shut off)
before a snapshot and read back after a revert. What this libvirt cannot do (on
Debian 12's 9.0: revert external snapshots; internal snapshots with pflash firmware)
is found by kvmdesk's probe and refused before libvirt is asked.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import libvirt
import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.snapshot.plan import CreateKind, NotPossible, Reason
from kvmdesk.core.snapshot.tree import SnapshotKind
from kvmdesk.core.types.errors import BadInput
from tests.helpers.integration.guest_image import GuestImage, parse_disk_lines, parse_serial
from tests.helpers.integration.images import (
    ImageStore,
    booting_guest_xml,
    install_guest,
    serial_log,
)
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

T = TypeVar("T")
A, B, C = 0xA1, 0xB2, 0xC3


def vm_xml(name: str, disk: str, *, fmt: str = "qcow2", uefi: str = "", cdrom: str = "") -> str:
    firmware = (
        "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
        f"<nvram>{uefi}</nvram>"
        if uefi
        else ""
    )
    media = (
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        f"<source file='{cdrom}'/><target dev='sdc' bus='sata'/><readonly/></disk>"
        if cdrom
        else ""
    )
    machine = "q35" if uefi else "pc"
    return (
        f"<domain type='qemu'><name>{name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>"
        f"<os><type arch='x86_64' machine='{machine}'>hvm</type>{firmware}</os>"
        "<features><acpi/></features><devices>"
        f"<disk type='file' device='disk'><driver name='qemu' type='{fmt}'/>"
        f"<source file='{disk}'/><target dev='vda' bus='virtio'/></disk>{media}"
        "<interface type='user'><mac address='52:54:00:5a:00:01'/><model type='virtio'/></interface>"
        "<memballoon model='none'/></devices></domain>"
    )


@pytest.fixture(scope="module")
def store(isolated_libvirtd: IsolatedLibvirtd) -> Iterator[ImageStore]:
    images = ImageStore(isolated_libvirtd)
    conn = isolated_libvirtd.open()
    try:
        images.ensure_pool(conn)
    finally:
        conn.close()
    yield images


def run(isolated: IsolatedLibvirtd, body: Callable[[Session], Awaitable[T]]) -> T:
    async def scenario() -> T:
        session = Session(isolated.uri, reconnect=False)
        await session.connect()
        try:
            return await body(session)
        finally:
            await session.close()

    return asyncio.run(scenario())


def define(conn: Any, xml: str) -> str:
    return str(conn.defineXML(xml).UUIDString())


def disk_path(conn: Any, uuid: str) -> str:
    xml = conn.lookupByUUIDString(uuid).XMLDesc(0)
    return str(xml.split("<source file='", 1)[1].split("'", 1)[0])


def test_internal_snapshot_revert_restores_the_data_and_delete_keeps_the_image(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    disk = store.create("internal.qcow2")
    media = store.create("media.iso", "1M", "raw")
    uuid = define(libvirt_conn, vm_xml("snap-internal", disk, cdrom=media))
    store.write(disk, A)
    before = store.files()

    async def body(session: Session) -> None:
        overview = await session.snapshots.overview(uuid)
        assert overview.behaviour.probed
        assert overview.plan.create[CreateKind.INTERNAL].allowed
        assert overview.plan.default_kind is CreateKind.INTERNAL
        memory = overview.plan.create[CreateKind.EXTERNAL_WITH_MEMORY].blocker
        assert memory is not None and memory.reason is Reason.NOT_RUNNING

        taken = await session.snapshots.create(uuid, "before-upgrade", description="clean")
        assert (taken.kind, taken.memory, taken.state) == (SnapshotKind.INTERNAL, False, "shutoff")
        assert store.internal_snapshots(disk) == ["before-upgrade"]
        assert store.internal_snapshots(media) == []  # the read-only CD-ROM is left out
        store.check_all()
        assert before <= store.files()

        with pytest.raises(BadInput, match="exists already"):
            await session.snapshots.create(uuid, "before-upgrade")
        with pytest.raises(BadInput, match="must not contain '/'"):
            await session.snapshots.create(uuid, "a/b")

        store.write(disk, B)  # the "upgrade" that went wrong
        assert store.holds(disk, B) and not store.holds(disk, A)
        await session.snapshots.revert(uuid, "before-upgrade")
        assert store.holds(disk, A) and not store.holds(disk, B)
        store.check_all()
        assert before <= store.files()

        tree = (await session.snapshots.overview(uuid)).tree
        current = tree.current
        assert current is not None and current.name == "before-upgrade"
        assert current.description == "clean"

        await session.snapshots.create(uuid, "second")
        await session.snapshots.create(uuid, "third")
        overview = await session.snapshots.overview(uuid)
        assert [s.name for s in overview.tree] == ["before-upgrade", "second", "third"]
        assert overview.plan.for_snapshot("second").delete_with_children.allowed
        assert not overview.plan.for_snapshot("third").delete_with_children.allowed

        await session.snapshots.delete(uuid, "second", children=True)
        assert store.internal_snapshots(disk) == ["before-upgrade"]
        await session.snapshots.delete(uuid, "before-upgrade")
        assert store.internal_snapshots(disk) == []
        assert store.holds(disk, A)
        store.check_all()
        assert before <= store.files()

    run(isolated_libvirtd, body)


def test_mixed_internal_and_external_deleting_the_external_one_keeps_the_base(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    """The case that destroyed base images elsewhere: internal, then external, delete it."""
    base = store.create("mixed.qcow2")
    uuid = define(libvirt_conn, vm_xml("snap-mixed", base))
    store.write(base, A)

    async def body(session: Session) -> None:
        await session.snapshots.create(uuid, "internal-1")
        store.write(base, B)
        external = await session.snapshots.create(
            uuid, "external-1", kind=CreateKind.EXTERNAL_DISK_ONLY
        )
        assert external.kind is SnapshotKind.EXTERNAL
        overlay = disk_path(libvirt_conn, uuid)
        assert overlay != base and store.backing(overlay) == base
        store.write(overlay, C)
        store.check_all()

        overview = await session.snapshots.overview(uuid)
        delete = overview.plan.for_snapshot("external-1").delete.blocker
        assert delete is not None and delete.reason is Reason.PARENT_INTERNAL
        revert_internal = overview.plan.for_snapshot("internal-1").revert.blocker
        assert revert_internal is not None and revert_internal.reason is Reason.BASE_OF_EXTERNAL
        delete_internal = overview.plan.for_snapshot("internal-1").delete.blocker
        assert delete_internal is not None and delete_internal.reason is Reason.BASE_OF_EXTERNAL
        tree_delete = overview.plan.for_snapshot("internal-1").delete_with_children
        if not overview.behaviour.delete_external_with_children:
            assert not tree_delete.allowed
        revert_external = overview.plan.for_snapshot("external-1").revert
        assert revert_external.allowed == overview.behaviour.revert_external

        files = store.files()
        with pytest.raises(NotPossible, match="parent internal-1 is internal"):
            await session.snapshots.delete(uuid, "external-1")
        with pytest.raises(NotPossible, match="base of an external snapshot"):
            await session.snapshots.revert(uuid, "internal-1")
        with pytest.raises(NotPossible, match="base of an external snapshot"):
            await session.snapshots.delete(uuid, "internal-1")
        if not overview.behaviour.revert_external:
            with pytest.raises(NotPossible, match="cannot revert to external"):
                await session.snapshots.revert(uuid, "external-1")
            # ... and libvirt itself agrees: asked directly, it refuses and changes nothing.
            domain = libvirt_conn.lookupByUUIDString(uuid)
            with pytest.raises(libvirt.libvirtError):
                domain.revertToSnapshot(domain.snapshotLookupByName("external-1"), 0)
        assert store.files() == files  # the base image and the overlay both survive
        store.check_all()
        assert store.internal_snapshots(base) == ["internal-1"]
        assert store.holds(overlay, C) and store.holds(base, B)
        assert disk_path(libvirt_conn, uuid) == overlay

    run(isolated_libvirtd, body)


def test_external_snapshot_deleted_by_merging_the_overlay_into_the_base(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    base = store.create("chain.qcow2")
    uuid = define(libvirt_conn, vm_xml("snap-chain", base))
    store.write(base, A)

    async def body(session: Session) -> None:
        overview = await session.snapshots.overview(uuid)
        if not overview.behaviour.delete_external:
            pytest.fail(
                "this libvirt cannot delete external snapshots: the test needs one that can"
            )
        await session.snapshots.create(uuid, "e1", kind=CreateKind.EXTERNAL_DISK_ONLY)
        first = disk_path(libvirt_conn, uuid)
        store.write(first, B, 65536)
        await session.snapshots.create(uuid, "e2", kind=CreateKind.EXTERNAL_DISK_ONLY)
        second = disk_path(libvirt_conn, uuid)
        store.write(second, C, 131072)
        assert store.backing(second) == first and store.backing(first) == base
        store.check_all()

        overview = await session.snapshots.overview(uuid)
        older = overview.plan.for_snapshot("e1").delete.blocker
        assert older is not None and older.reason is Reason.EXTERNAL_HAS_CHILDREN
        with pytest.raises(NotPossible, match="only the newest external snapshot"):
            await session.snapshots.delete(uuid, "e1")
        assert overview.plan.for_snapshot("e2").delete.allowed

        await session.snapshots.delete(uuid, "e2")  # merges the newest overlay into e1's
        assert disk_path(libvirt_conn, uuid) == first
        assert second not in store.files() and {base, first} <= store.files()
        assert store.holds(first, A) and store.holds(first, B, 65536)
        assert store.holds(first, C, 131072)  # nothing written since e2 was lost
        store.check_all()

        await session.snapshots.delete(uuid, "e1")
        assert disk_path(libvirt_conn, uuid) == base
        assert first not in store.files() and base in store.files()
        assert store.holds(base, A) and store.holds(base, B, 65536)
        assert store.holds(base, C, 131072)
        assert (await session.snapshots.overview(uuid)).tree.current is None
        store.check_all()

    run(isolated_libvirtd, body)


def test_uefi_and_raw_vms_get_only_what_libvirt_can_do(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    nvram = isolated_libvirtd.root / "var/lib/libvirt/qemu/nvram"
    nvram.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/usr/share/OVMF/OVMF_VARS_4M.fd", nvram / "snap-uefi_VARS.fd")
    disk = store.create("uefi.qcow2")
    uefi = define(
        libvirt_conn,
        vm_xml("snap-uefi", disk, uefi="/var/lib/libvirt/qemu/nvram/snap-uefi_VARS.fd"),
    )
    raw = store.create("raw.img", fmt="raw")
    plain = define(libvirt_conn, vm_xml("snap-raw", raw, fmt="raw"))
    store.write(disk, A)

    async def body(session: Session) -> None:
        overview = await session.snapshots.overview(uuid=uefi)
        internal = overview.plan.create[CreateKind.INTERNAL]
        if not overview.behaviour.internal_with_pflash:
            assert internal.blocker is not None
            assert internal.blocker.reason is Reason.PFLASH_INTERNAL
            assert overview.plan.default_kind is CreateKind.EXTERNAL_DISK_ONLY
            with pytest.raises(NotPossible, match="pflash"):
                await session.snapshots.create(uefi, "refused", kind=CreateKind.INTERNAL)
            # libvirt refuses it too when asked directly
            with pytest.raises(libvirt.libvirtError, match="pflash"):
                libvirt_conn.lookupByUUIDString(uefi).snapshotCreateXML(
                    "<domainsnapshot><name>direct</name></domainsnapshot>", 0
                )
        taken = await session.snapshots.create(uefi, "uefi-external")
        assert taken.kind is SnapshotKind.EXTERNAL
        assert store.holds(disk_path(libvirt_conn, uefi), A)
        store.check_all()

        overview = await session.snapshots.overview(plain)
        internal = overview.plan.create[CreateKind.INTERNAL]
        assert internal.blocker is not None and internal.blocker.reason is Reason.DISK_NOT_QCOW2
        assert internal.blocker.subject == "vda" and internal.blocker.detail == "raw"
        with pytest.raises(NotPossible, match="internal snapshots need qcow2 disks"):
            await session.snapshots.create(plain, "refused", kind=CreateKind.INTERNAL)
        assert overview.plan.create[CreateKind.EXTERNAL_DISK_ONLY].allowed

    run(isolated_libvirtd, body)


# ------------------------------------------------------------------ a running guest


def _rounds(text: str) -> int:
    return parse_serial(text).rounds_done


def _wait(condition: Callable[[], bool], what: str, deadline: float = 180.0) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def test_running_guest_internal_snapshot_restores_memory_and_disk(
    isolated_libvirtd: IsolatedLibvirtd,
    store: ImageStore,
    libvirt_conn: Any,
    bootable_guest_image: GuestImage,
    nat_network: str,
) -> None:
    """A booted guest: an internal snapshot with its memory, then revert brings the
    guest back running where it was (it does not boot again) with the disk as it was;
    an external disk-only snapshot taken live is merged away live."""
    kernel = install_guest(
        isolated_libvirtd, bootable_guest_image.kernel, bootable_guest_image.initrd
    )
    disk = store.create("live.qcow2")
    store.write(disk, A)
    domain = libvirt_conn.defineXML(booting_guest_xml("snap-live", kernel, nat_network, [disk]))
    uuid = domain.UUIDString()
    domain.create()
    log = lambda: serial_log(isolated_libvirtd, "snap-live")  # noqa: E731

    async def body(session: Session) -> None:
        _wait(lambda: parse_serial(log()).ready is not None and _rounds(log()) >= 2, "boot")
        overview = await session.snapshots.overview(uuid)
        assert all(p.allowed for p in overview.plan.create.values())
        taken = await session.snapshots.create(uuid, "live", description="booted")
        assert (taken.kind, taken.memory, taken.state) == (SnapshotKind.INTERNAL, True, "running")
        at_snapshot = _rounds(log())
        store.check_all(running=[disk])
        _wait(lambda: _rounds(log()) >= at_snapshot + 3, "rounds after the snapshot")
        domain.destroy()
        store.write(disk, B)  # what happened after the snapshot
        assert store.holds(disk, B)

        await session.snapshots.revert(uuid, "live")
        assert domain.isActive()
        # The guest continues from the snapshot's memory: no new boot, rounds go on.
        _wait(lambda: _rounds(log()) >= 1, "rounds after the revert", 120)
        after = parse_serial(log())
        assert after.ready is None, "the guest booted again instead of resuming"
        domain.destroy()
        assert store.holds(disk, A) and not store.holds(disk, B)
        store.check_all()

        await session.snapshots.delete(uuid, "live")
        assert store.internal_snapshots(disk) == []
        domain.create()
        _wait(lambda: parse_serial(log()).ready is not None, "second boot")
        external = await session.snapshots.create(
            uuid, "live-ext", kind=CreateKind.EXTERNAL_DISK_ONLY
        )
        assert (external.kind, external.state) == (SnapshotKind.EXTERNAL, "disk-snapshot")
        overlay = disk_path(libvirt_conn, uuid)
        assert overlay != disk and store.backing(overlay) == disk
        store.check_all(running=[disk, overlay])
        overview = await session.snapshots.overview(uuid)
        assert overview.plan.for_snapshot("live-ext").delete.allowed
        await session.snapshots.delete(uuid, "live-ext")  # merged while the guest runs
        assert domain.isActive() and disk_path(libvirt_conn, uuid) == disk
        assert overlay not in store.files()
        assert parse_serial(log()).ready is not None
        domain.destroy()
        assert disk in store.files()
        assert store.holds(disk_path(libvirt_conn, uuid), A)
        store.check_all()

    try:
        run(isolated_libvirtd, body)
    finally:
        if domain.isActive():
            domain.destroy()


def test_what_the_guest_wrote_before_a_snapshot_it_reads_again_after_revert(
    isolated_libvirtd: IsolatedLibvirtd,
    store: ImageStore,
    libvirt_conn: Any,
    bootable_guest_image: GuestImage,
    nat_network: str,
) -> None:
    """The guest itself writes and reads its disk (the ``kvmdesk.disk`` order)."""
    kernel = install_guest(
        isolated_libvirtd, bootable_guest_image.kernel, bootable_guest_image.initrd
    )
    disk = store.create("guest-data.qcow2")
    name = "snap-guest-data"

    def define(order: str, uuid: str = "") -> Any:
        xml = booting_guest_xml(
            name, kernel, nat_network, [disk], orders=f"kvmdesk.disk={order}", uuid=uuid
        )
        return libvirt_conn.defineXML(xml)

    def boot(domain: Any) -> tuple[list[str], list[str]]:
        domain.create()
        try:
            _wait(
                lambda: bool(parse_disk_lines(serial_log(isolated_libvirtd, name))[1]),
                "the guest's disk report",
            )
            log = serial_log(isolated_libvirtd, name)
            assert parse_serial(log).errors == [], log[-2000:]
            return parse_disk_lines(log)
        finally:
            domain.destroy()

    domain = define("before")
    uuid = domain.UUIDString()
    assert boot(domain) == (["before"], ["KVMDESK-DATA before"])
    domain = define("-", uuid)  # from now on the guest only reads

    async def body(session: Session) -> None:
        await session.snapshots.create(uuid, "written-before")
        store.check_all()
        after = define("after", uuid)
        assert boot(after) == (["after"], ["KVMDESK-DATA after"])
        await session.snapshots.revert(uuid, "written-before")  # its definition reads only
        store.check_all()

    run(isolated_libvirtd, body)
    assert boot(libvirt_conn.lookupByUUIDString(uuid)) == ([], ["KVMDESK-DATA before"])
    assert disk in store.files()
    store.check_all()


def test_external_snapshot_with_memory_is_merged_and_its_memory_file_removed(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    """A running VM (SeaBIOS, no OS needed): memory saved to a file beside the disk."""
    disk = store.create("memory.qcow2")
    store.write(disk, A)
    domain = libvirt_conn.defineXML(vm_xml("snap-memory", disk))
    uuid = domain.UUIDString()
    domain.create()

    async def body(session: Session) -> None:
        taken = await session.snapshots.create(
            uuid, "with-memory", kind=CreateKind.EXTERNAL_WITH_MEMORY
        )
        assert (taken.kind, taken.memory, taken.state) == (SnapshotKind.EXTERNAL, True, "running")
        overlay = disk_path(libvirt_conn, uuid)
        assert taken.memory_file in store.files() and overlay in store.files()
        assert domain.isActive()
        store.check_all(running=[disk, overlay])
        kept = await session.snapshots.delete(uuid, "with-memory")
        assert kept == []
        assert domain.isActive() and disk_path(libvirt_conn, uuid) == disk
        assert taken.memory_file not in store.files() and overlay not in store.files()
        assert disk in store.files()

    try:
        run(isolated_libvirtd, body)
    finally:
        domain.destroy()
    assert store.holds(disk, A)
    store.check_all()
