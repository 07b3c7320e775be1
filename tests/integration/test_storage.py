"""Storage pools and volumes through ``session.storage`` on a real, isolated libvirtd.

What the test driver cannot show: a dir pool built as a real folder with its mode,
qcow2 and raw volumes made by qemu-img, a resize, a clone through ``createXMLFrom``,
a 50 MB file sent through ``virStorageVolUpload`` and received back through
``virStorageVolDownload`` with the same checksum, a cancelled upload that leaves no
volume, the "in use" refusals for a defined and for a running domain, and pool events
from another connection reaching the session.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import stat
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest

from kvmdesk.cli import main
from kvmdesk.core.connection.session import Session
from kvmdesk.core.storage.transfer import TransferCancelled
from kvmdesk.core.storage.validate import InUse
from kvmdesk.core.storage.values import (
    PoolSpec,
    PoolState,
    PoolType,
    Preallocation,
    TransferProgress,
    VolumeFormat,
    VolumeSpec,
)
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.aio import until
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

MIB = 1024**2
POOL = "kvmdesk-it-pool"
POOL_PATH = "/var/lib/libvirt/images/kvmdesk-it-pool"


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coroutine, 240))


async def connected(daemon: IsolatedLibvirtd) -> Session:
    session = Session(daemon.uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED, session.message
    return session


def disk_guest_xml(name: str, disk: str) -> str:
    """A small TCG guest whose only device is a disk on ``disk`` (it sits in SeaBIOS)."""
    return (
        "<domain type='qemu'>\n"
        f"  <name>{escape(name)}</name>\n"
        "  <memory unit='MiB'>128</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>\n"
        "  <devices>\n"
        "    <disk type='file' device='disk'>\n"
        "      <driver name='qemu' type='qcow2'/>\n"
        f"      <source file={quoteattr(disk)}/>\n"
        "      <target dev='vda' bus='virtio'/>\n"
        "    </disk>\n"
        "    <serial type='pty'/>\n"
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n"
    )


def test_pool_and_volumes_end_to_end(isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path) -> None:
    daemon = isolated_libvirtd
    source = tmp_path / "upload.bin"
    # 50 MB that are not all zeros (so a sparse or truncated copy would differ)
    with open(source, "wb") as handle:
        block = os.urandom(MIB)
        for number in range(50):
            handle.write(bytes([number]) + block[1:])
    checksum = hashlib.sha256(source.read_bytes()).hexdigest()

    async def scenario() -> None:
        session = await connected(daemon)
        events: list[tuple[str, str]] = []
        session.event.connect(
            lambda e: (
                events.append((e.name, e.event)) if e.object is ObjectKind.STORAGE_POOL else None
            )
        )
        storage = session.storage
        try:
            capabilities = await storage.capabilities()
            assert capabilities.known
            assert PoolType.DIR in capabilities.types
            assert PoolType.ISCSI_DIRECT not in capabilities.types  # not built into Debian's

            pool = await storage.create_pool(PoolSpec(POOL, target_path=POOL_PATH))
            assert (pool.state, pool.autostart, pool.target_path) == (
                PoolState.RUNNING,
                True,
                POOL_PATH,
            )
            assert pool.capacity > 0 and pool.available > 0
            folder = daemon.root / POOL_PATH.lstrip("/")
            assert stat.S_IMODE(folder.stat().st_mode) == 0o711
            await until(lambda: (POOL, "started") in events, "the pool's started event", 30)

            # create, qcow2 with metadata preallocation and raw fully allocated
            disk = await storage.create_volume(
                POOL, VolumeSpec("disk.qcow2", 64 * MIB, preallocation=Preallocation.METADATA)
            )
            assert (disk.format, disk.capacity, disk.path) == (
                "qcow2",
                64 * MIB,
                f"{POOL_PATH}/disk.qcow2",
            )
            raw = await storage.create_volume(
                POOL, VolumeSpec("raw.img", 8 * MIB, VolumeFormat.RAW, Preallocation.FULL)
            )
            assert raw.allocation >= 8 * MIB
            overlay = await storage.create_volume(
                POOL,
                VolumeSpec(
                    "overlay.qcow2", 64 * MIB, backing_path=disk.path, backing_format="qcow2"
                ),
            )
            assert overlay.backing_path == disk.path

            # resize and clone
            grown = await storage.resize_volume(POOL, "disk.qcow2", 128 * MIB)
            assert grown.capacity == 128 * MIB
            copy = await storage.clone_volume(POOL, "raw.img", "raw-copy.img")
            assert (copy.capacity, copy.format) == (8 * MIB, "raw")

            # upload 50 MB through the stream, with progress, then download and compare
            seen: list[TransferProgress] = []
            uploaded = await storage.upload_new(
                POOL, "upload.img", str(source), progress=seen.append
            )
            await asyncio.sleep(0)  # the last progress report is on its way to the loop
            assert uploaded.capacity == 50 * MIB
            assert seen and seen[-1].done == seen[-1].total == 50 * MIB
            target = tmp_path / "download.bin"
            written = await storage.download(POOL, "upload.img", str(target))
            assert written == 50 * MIB
            assert hashlib.sha256(target.read_bytes()).hexdigest() == checksum
            with pytest.raises(Exception, match="exists already"):
                await storage.download(POOL, "upload.img", str(target))

            # a cancelled upload leaves no volume behind
            cancel = threading.Event()

            def cancel_soon(progress: TransferProgress) -> None:
                if progress.done >= 5 * MIB:
                    cancel.set()

            with pytest.raises(TransferCancelled):
                await storage.upload_new(
                    POOL, "cancelled.img", str(source), progress=cancel_soon, cancel=cancel
                )
            assert "cancelled.img" not in [v.name for v in storage.volumes(POOL)]

            # in use: a defined guest on disk.qcow2
            conn = session.raw_connection
            await asyncio.to_thread(conn.defineXML, disk_guest_xml("kvmdesk-it-disk", disk.path))
            await until(lambda: storage.find_volume(POOL, "disk.qcow2").used_by, "used by", 30)
            assert storage.find_volume(POOL, "disk.qcow2").used_by == ("kvmdesk-it-disk",)
            with pytest.raises(InUse, match="used by kvmdesk-it-disk"):
                await storage.delete_volume(POOL, "disk.qcow2")
            with pytest.raises(InUse, match="used by kvmdesk-it-disk"):
                await storage.delete_pool(POOL)
            # running: stop and resize are refused too
            domain = await asyncio.to_thread(conn.lookupByName, "kvmdesk-it-disk")
            await asyncio.to_thread(domain.create)
            await until(
                lambda: any(
                    d.name == "kvmdesk-it-disk" and d.state.is_active
                    for d in session.domains.values()
                ),
                "the guest running",
                60,
            )
            with pytest.raises(InUse, match="running virtual machines: kvmdesk-it-disk"):
                await storage.stop_pool(POOL)
            with pytest.raises(InUse, match="running virtual machines: kvmdesk-it-disk"):
                await storage.resize_volume(POOL, "disk.qcow2", 256 * MIB)
            await asyncio.to_thread(domain.destroy)
            await asyncio.to_thread(domain.undefine)
            await until(lambda: not storage.find_volume(POOL, "disk.qcow2").used_by, "free", 30)

            # a pool change on another connection reaches the session through its events
            other = daemon.open()
            try:
                await asyncio.to_thread(other.storagePoolLookupByName(POOL).refresh, 0)
                await until(lambda: (POOL, "refreshed") in events, "the refresh event", 30)
            finally:
                other.close()

            for name in ("overlay.qcow2", "disk.qcow2", "raw.img", "raw-copy.img", "upload.img"):
                await storage.delete_volume(POOL, name)
            assert storage.volumes(POOL) == []
            await storage.delete_pool(POOL, remove_storage=True)
            assert POOL not in storage.pools
            assert not folder.exists()
            await until(lambda: (POOL, "undefined") in events, "the undefined event", 30)
        finally:
            await session.close()

    run(scenario())


def test_cli_uploads_and_downloads_through_the_stream(
    isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = isolated_libvirtd.uri

    def cli(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["-c", uri, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    source = tmp_path / "seed.iso"
    source.write_bytes(os.urandom(3 * MIB + 123))
    path = "/var/lib/libvirt/images/kvmdesk-it-cli"
    code, out, err = cli("pool", "create", "kvmdesk-it-cli", "--path", path)
    assert (code, err) == (0, ""), err
    assert out == f"kvmdesk-it-cli: created dir pool in {path}, started\n"
    code, out, err = cli("vol", "upload", "kvmdesk-it-cli", "seed.iso", str(source))
    assert (code, err) == (0, ""), err
    listed = {v["name"]: v for v in json.loads(cli("vol", "list", "kvmdesk-it-cli", "--json")[1])}
    assert listed["seed.iso"]["capacity"] == 3 * MIB + 123
    target = tmp_path / "back.iso"
    code, out, err = cli("vol", "download", "kvmdesk-it-cli", "seed.iso", str(target))
    assert (code, err) == (0, ""), err
    assert target.read_bytes() == source.read_bytes()
    code, _out, err = cli("vol", "resize", "kvmdesk-it-cli", "seed.iso", "8M")
    assert code == 0, err
    code, out, err = cli("vol", "list", "kvmdesk-it-cli")
    assert "8 MiB" in out.splitlines()[1]
    code, _out, err = cli("pool", "delete", "kvmdesk-it-cli", "--remove-storage")
    assert (code, err) == (0, ""), err
    assert not (isolated_libvirtd.root / path.lstrip("/")).exists()


def test_a_pool_that_cannot_start_is_not_left_defined(
    isolated_libvirtd: IsolatedLibvirtd,
) -> None:
    """netfs is offered, but this host has no NFS mount helper: libvirt's mount fails."""

    async def scenario() -> None:
        session = await connected(isolated_libvirtd)
        try:
            assert PoolType.NETFS in (await session.storage.capabilities()).types
            spec = PoolSpec(
                "kvmdesk-it-nfs",
                PoolType.NETFS,
                target_path="/var/lib/libvirt/images/kvmdesk-it-nfs",
                source_host="203.0.113.10",  # TEST-NET: nothing answers, nothing is sent
                source_dir="/export",
            )
            with pytest.raises(LibvirtFailure):
                await session.storage.create_pool(spec)
            assert "kvmdesk-it-nfs" not in session.storage.pools
            conn = session.raw_connection
            names = await asyncio.to_thread(lambda: [p.name() for p in conn.listAllStoragePools(0)])
            assert "kvmdesk-it-nfs" not in names
        finally:
            await session.close()

    run(scenario())
