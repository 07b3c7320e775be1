"""Clones on a real libvirtd: copies through the storage API, linked clones, clean-up.

A full clone of a bootable tiny guest boots (under TCG) with its own MAC and UUID, its
writable disk copied (no backing file) and its read-only media shared; a linked clone's
disk is a qcow2 overlay whose backing file is the original; a cancelled or failed clone
leaves no volume and no domain behind; UEFI NVRAM is copied. The originals' images pass
``qemu-img check`` and keep their data afterwards.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.snapshot.clone import DiskMode
from kvmdesk.core.snapshot.clone_ops import CloneCancelled, CloneProgress
from kvmdesk.core.snapshot.clone_service import CloneCancel
from kvmdesk.core.snapshot.clone_xml import CLONE_NAMESPACE
from kvmdesk.core.snapshot.plan import NotPossible
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from tests.helpers.integration.guest_image import GuestImage, parse_serial
from tests.helpers.integration.images import (
    IMAGES,
    SERIAL_DIR,
    ImageStore,
    booting_guest_xml,
    install_guest,
    serial_log,
)
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

T = TypeVar("T")
A, B = 0xA1, 0xB2
SOURCE_MAC = "52:54:00:c1:00:01"


@pytest.fixture(scope="module")
def store(isolated_libvirtd: IsolatedLibvirtd) -> ImageStore:
    images = ImageStore(isolated_libvirtd)
    conn = isolated_libvirtd.open()
    try:
        images.ensure_pool(conn)
    finally:
        conn.close()
    return images


@pytest.fixture(scope="module")
def kernel(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> tuple[str, str]:
    return install_guest(
        isolated_libvirtd, bootable_guest_image.kernel, bootable_guest_image.initrd
    )


def guest_xml(
    name: str, kernel: tuple[str, str], network: str, disks: list[str], media: str = ""
) -> str:
    return booting_guest_xml(name, kernel, network, disks, media)


def run(isolated: IsolatedLibvirtd, body: Callable[[Session], Awaitable[T]]) -> T:
    async def scenario() -> T:
        session = Session(isolated.uri, reconnect=False)
        await session.connect()
        try:
            return await body(session)
        finally:
            await session.close()

    return asyncio.run(scenario())


def refresh(conn: Any) -> None:
    conn.storagePoolLookupByName("default").refresh(0)


def xml_of(conn: Any, uuid: str) -> etree._Element:
    return etree.fromstring(conn.lookupByUUIDString(uuid).XMLDesc(0).encode())


def sources(root: etree._Element) -> dict[str, str]:
    return {
        d.find("target").get("dev"): d.find("source").get("file")  # type: ignore[union-attr]
        for d in root.iterfind("devices/disk")
    }


def wait_ready(daemon: IsolatedLibvirtd, name: str, deadline: float = 180.0) -> str:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        report = parse_serial(serial_log(daemon, name))
        if report.ready is not None:
            return report.ready
        time.sleep(0.5)
    raise AssertionError(
        f"{name} did not boot within {deadline} s:\n{serial_log(daemon, name)[-2000:]}"
    )


def test_full_clone_boots_with_its_own_mac_and_uuid_and_copied_disk(
    isolated_libvirtd: IsolatedLibvirtd,
    store: ImageStore,
    libvirt_conn: Any,
    kernel: tuple[str, str],
    nat_network: str,
) -> None:
    disk = store.create("clone-src.qcow2")
    media = store.create("clone-media.iso", "1M", "raw")
    store.write(disk, A)
    refresh(libvirt_conn)
    source = libvirt_conn.defineXML(guest_xml("clone-src", kernel, nat_network, [disk], media))
    before = store.files()
    updates: list[CloneProgress] = []

    async def body(session: Session) -> str:
        uuid = source.UUIDString()
        with pytest.raises(BadInput, match="exists already"):
            await session.clones.plan(uuid, "clone-src")
        with pytest.raises(BadInput, match="may hold only"):
            await session.clones.plan(uuid, "bad name")
        plan = await session.clones.plan(uuid, "clone-copy")
        assert [d.mode for d in plan.disks] == [DiskMode.COPY, DiskMode.SHARED]
        assert plan.disks[0].new_path == f"{IMAGES}/clone-copy.qcow2"
        return await session.clones.clone(uuid, plan, updates.append)

    new_uuid = run(isolated_libvirtd, body)
    clone = xml_of(libvirt_conn, new_uuid)
    assert new_uuid != source.UUIDString()
    assert clone.findtext("name") == "clone-copy"
    macs = [m.get("address") for m in clone.iterfind("devices/interface/mac")]
    assert len(macs) == 1 and macs[0] != SOURCE_MAC
    copied = f"{IMAGES}/clone-copy.qcow2"
    assert sources(clone) == {"vda": copied, "sdc": media}  # the CD-ROM is shared
    serial = clone.find("devices/serial/source")
    assert serial is not None and serial.get("path") == f"{SERIAL_DIR}/clone-copy.serial"
    mark = clone.find(f"metadata/{{{CLONE_NAMESPACE}}}clone")
    assert mark is not None and mark.get("linked") == "no"
    assert mark.get("source") == source.UUIDString()
    assert store.backing(copied) == "" and store.holds(copied, A)
    assert updates and updates[-1].done_bytes == updates[-1].total_bytes
    assert before <= store.files()
    store.check_all()

    # The original's data is its own: writing into the copy does not reach it.
    store.write(copied, B)
    assert store.holds(disk, A) and not store.holds(disk, B)

    domain = libvirt_conn.lookupByUUIDString(new_uuid)
    domain.create()
    try:
        assert wait_ready(isolated_libvirtd, "clone-copy").startswith("198.51.100.77/")
        live = etree.fromstring(domain.XMLDesc(0).encode())
        assert live.find("devices/interface/mac").get("address") == macs[0]  # type: ignore[union-attr]
    finally:
        domain.destroy()
    store.check_all()


def test_linked_clone_is_an_overlay_on_the_original(
    isolated_libvirtd: IsolatedLibvirtd,
    store: ImageStore,
    libvirt_conn: Any,
    kernel: tuple[str, str],
    nat_network: str,
) -> None:
    disk = store.create("linked-src.qcow2")
    store.write(disk, A)
    refresh(libvirt_conn)
    source = libvirt_conn.defineXML(guest_xml("linked-src", kernel, nat_network, [disk]))

    async def body(session: Session) -> str:
        plan = await session.clones.plan(source.UUIDString(), "linked-one", linked=True)
        assert plan.linked and plan.disks[0].mode is DiskMode.LINKED
        return await session.clones.clone(source.UUIDString(), plan)

    new_uuid = run(isolated_libvirtd, body)
    clone = xml_of(libvirt_conn, new_uuid)
    overlay = sources(clone)["vda"]
    assert overlay == f"{IMAGES}/linked-one.qcow2"
    assert store.backing(overlay) == disk
    mark = clone.find(f"metadata/{{{CLONE_NAMESPACE}}}clone")
    assert mark is not None and mark.get("linked") == "yes"
    assert store.holds(overlay, A)
    store.write(overlay, B)
    assert store.holds(overlay, B) and store.holds(disk, A)
    store.check_all()


def test_cancelled_or_failed_clone_leaves_nothing(
    isolated_libvirtd: IsolatedLibvirtd,
    store: ImageStore,
    libvirt_conn: Any,
    kernel: tuple[str, str],
    nat_network: str,
) -> None:
    disks = [store.create("two-a.qcow2", "32M"), store.create("two-b.qcow2", "32M")]
    for path in disks:
        store.write(path, A, 0, "8M")
    refresh(libvirt_conn)
    source = libvirt_conn.defineXML(guest_xml("two-disks", kernel, nat_network, disks))
    before = store.files()
    names = {d.name() for d in libvirt_conn.listAllDomains(0)}

    async def body(session: Session) -> None:
        uuid = source.UUIDString()
        plan = await session.clones.plan(uuid, "two-copy")
        assert [d.new_volume for d in plan.copies] == ["two-copy-vda.qcow2", "two-copy-vdb.qcow2"]
        cancel = CloneCancel()

        def first_volume_done(update: CloneProgress) -> None:
            if update.index == 1:
                cancel.cancel()

        with pytest.raises(CloneCancelled):
            await session.clones.clone(uuid, plan, first_volume_done, cancel)
        # Cancel takes effect between volumes: the first copy was made, then removed.
        assert store.files() == before
        assert {d.name() for d in libvirt_conn.listAllDomains(0)} == names

        # A clone whose definition libvirt refuses (the name is taken): volumes removed.
        clash = dataclasses.replace(plan, name="two-disks")
        with pytest.raises(LibvirtFailure):
            await session.clones.clone(uuid, clash)
        assert store.files() == before
        assert {d.name() for d in libvirt_conn.listAllDomains(0)} == names

        source.create()
        try:
            with pytest.raises(BadInput, match="shut it down"):
                await session.clones.plan(uuid, "two-running")
        finally:
            source.destroy()

    run(isolated_libvirtd, body)
    for path in disks:
        assert store.holds(path, A, 0, "8M")
    store.check_all()


def test_uefi_nvram_is_copied_and_disks_outside_pools_are_refused(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, libvirt_conn: Any
) -> None:
    nvram_dir = isolated_libvirtd.root / "var/lib/libvirt/qemu/nvram"
    nvram_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/usr/share/OVMF/OVMF_VARS_4M.fd", nvram_dir / "uefi-src_VARS.fd")
    original_vars = (nvram_dir / "uefi-src_VARS.fd").read_bytes()
    disk = store.create("uefi-src.qcow2")
    refresh(libvirt_conn)
    nvram = "/var/lib/libvirt/qemu/nvram/uefi-src_VARS.fd"
    uefi = libvirt_conn.defineXML(
        "<domain type='qemu'><name>uefi-src</name><memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64' machine='q35'>hvm</type>"
        "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
        f"<nvram>{nvram}</nvram></os><features><acpi/></features><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        f"<source file='{disk}'/><target dev='vda' bus='virtio'/></disk></devices></domain>"
    )
    outside = isolated_libvirtd.root / "var/lib/libvirt/elsewhere"
    outside.mkdir(exist_ok=True)
    isolated_libvirtd.run(
        ["qemu-img", "create", "-q", "-f", "qcow2", "/var/lib/libvirt/elsewhere/x.qcow2", "1M"]
    )
    stray = libvirt_conn.defineXML(
        "<domain type='qemu'><name>no-pool</name><memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/var/lib/libvirt/elsewhere/x.qcow2'/><target dev='vda'/></disk>"
        "</devices></domain>"
    )
    pools = {p.name() for p in libvirt_conn.listAllStoragePools(0)}

    async def body(session: Session) -> str:
        with pytest.raises(NotPossible, match="is in no storage pool"):
            await session.clones.plan(stray.UUIDString(), "no-pool-copy")
        plan = await session.clones.plan(uefi.UUIDString(), "uefi-copy")
        assert plan.nvram is not None
        return await session.clones.clone(uefi.UUIDString(), plan)

    new_uuid = run(isolated_libvirtd, body)
    clone = xml_of(libvirt_conn, new_uuid)
    new_nvram = clone.findtext("os/nvram")
    assert new_nvram == "/var/lib/libvirt/qemu/nvram/uefi-copy_VARS.fd"
    assert (nvram_dir / "uefi-copy_VARS.fd").read_bytes() == original_vars
    assert (nvram_dir / "uefi-src_VARS.fd").read_bytes() == original_vars
    assert {p.name() for p in libvirt_conn.listAllStoragePools(0)} == pools
