"""``session.storage`` on libvirt's test driver: loading, operations, refusals and events."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.storage.validate import InUse
from kvmdesk.core.storage.values import PoolSpec, PoolState, PoolType, VolumeSpec
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.aio import run, until
from tests.helpers.storage_inventory import IMAGES, storage_inventory

GIB = 1024**3


async def connected(uri: str) -> Session:
    session = Session(uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED, session.message
    return session


def test_pools_load_with_the_session(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            pools = session.storage.pools
            assert sorted(pools) == ["images", "spare"]
            images = pools["images"]
            assert (images.type, images.state, images.target_path) == (
                "dir",
                PoolState.RUNNING,
                IMAGES,
            )
            # The test driver counts the volumes' allocations (5 + 10 GiB).
            assert (images.capacity, images.allocation, images.available) == (
                100 * GIB,
                15 * GIB,
                85 * GIB,
            )
            assert images.used_fraction == pytest.approx(0.15)
            volumes = await session.storage.list_volumes("images")
            assert [(v.name, v.format, v.capacity, v.used_by) for v in volumes] == [
                ("spare.img", "raw", 10 * GIB, ()),
                ("web.qcow2", "qcow2", 20 * GIB, ("db", "web")),
            ]
            assert session.storage.users_of_pool("images") == ("db", "web")
        finally:
            await session.close()
        assert session.storage.pools == {}

    run(scenario())


def test_volume_create_clone_delete(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        changed: list[str] = []
        session.storage.volumes_changed.connect(lambda _uri, pool: changed.append(pool))
        try:
            await session.storage.list_volumes("images")
            created = await session.storage.create_volume(
                "images", VolumeSpec("new.qcow2", 8 * GIB)
            )
            assert (created.name, created.format, created.capacity) == (
                "new.qcow2",
                "qcow2",
                8 * GIB,
            )
            assert "new.qcow2" in [v.name for v in session.storage.volumes("images")]
            assert changed and changed[-1] == "images"
            copy = await session.storage.clone_volume("images", "spare.img", "copy.img")
            assert (copy.name, copy.capacity) == ("copy.img", 10 * GIB)
            with pytest.raises(BadInput, match=r"a volume named 'copy\.img' already exists"):
                await session.storage.clone_volume("images", "spare.img", "copy.img")
            await session.storage.delete_volume("images", "copy.img")
            assert "copy.img" not in [v.name for v in session.storage.volumes("images")]
            assert session.storage.free_volume_name("images", "new", "qcow2") == "new-2.qcow2"
        finally:
            await session.close()

    run(scenario())


def test_in_use_refusals_list_the_domains(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            with pytest.raises(InUse) as caught:
                await session.storage.delete_volume("images", "web.qcow2")
            assert str(caught.value) == "volume 'web.qcow2' is used by db, web"
            assert caught.value.users == ("db", "web")
            with pytest.raises(InUse, match="used by db, web"):
                await session.storage.delete_volume("images", "web.qcow2", confirmed_users=["db"])
            with pytest.raises(InUse, match=r"^pool 'images' is used by db, web$"):
                await session.storage.delete_pool("images")
            with pytest.raises(InUse, match="used by running virtual machines: web"):
                await session.storage.stop_pool("images")
            with pytest.raises(InUse, match="in use by running virtual machines: web"):
                await session.storage.resize_volume("images", "web.qcow2", 30 * GIB)
            await session.storage.delete_volume(
                "images", "web.qcow2", confirmed_users=["db", "web"]
            )
            assert [v.name for v in session.storage.volumes("images")] == ["spare.img"]
        finally:
            await session.close()

    run(scenario())


def test_pool_lifecycle_follows_events(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        words: list[tuple[str, str]] = []
        session.event.connect(
            lambda e: (
                words.append((e.name, e.event)) if e.object is ObjectKind.STORAGE_POOL else None
            )
        )
        try:
            capabilities = await session.storage.capabilities()
            assert not capabilities.known  # the test driver cannot say
            created = await session.storage.create_pool(
                PoolSpec("lab", target_path=str(tmp_path / "lab"))
            )
            assert (created.state, created.autostart) == (PoolState.RUNNING, True)
            await until(lambda: ("lab", "started") in words, "the pool's started event")
            # Changed on another connection: only the event can tell the session.
            conn = session.raw_connection
            await asyncio.to_thread(lambda: conn.storagePoolLookupByName("lab").destroy())
            await until(
                lambda: session.storage.pools["lab"].state is PoolState.INACTIVE,
                "the stopped pool's row",
            )
            await session.storage.start_pool("lab")
            await session.storage.set_pool_autostart("lab", False)
            assert not session.storage.pools["lab"].autostart
            await session.storage.refresh_pool("lab")
            await until(lambda: ("lab", "refreshed") in words, "the refresh event")
            await session.storage.delete_pool("lab")
            assert "lab" not in session.storage.pools
            await until(lambda: ("lab", "undefined") in words, "the undefined event")
            with pytest.raises(BadInput, match="no storage pool named 'lab'"):
                await session.storage.start_pool("lab")
        finally:
            await session.close()

    run(scenario())


def test_pool_defined_elsewhere_arrives(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            conn = session.raw_connection
            xml = "<pool type='dir'><name>late</name><target><path>/late</path></target></pool>"
            await asyncio.to_thread(conn.storagePoolDefineXML, xml, 0)
            await until(lambda: "late" in session.storage.pools, "the defined pool's row")
            assert session.storage.pools["late"].state is PoolState.INACTIVE
        finally:
            await session.close()

    run(scenario())


def test_bad_input_is_refused_before_libvirt(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            with pytest.raises(BadInput, match="a pool named 'images' already exists"):
                await session.storage.create_pool(PoolSpec("images", target_path="/x"))
            with pytest.raises(BadInput, match="the volume must be at least 1 MiB"):
                await session.storage.create_volume("images", VolumeSpec("tiny", 10))
            await session.storage.stop_pool("spare")
            with pytest.raises(BadInput, match="pool 'spare' is not running: start it first"):
                await session.storage.create_volume("spare", VolumeSpec("x.qcow2", GIB))
            with pytest.raises(BadInput, match="no volume named 'nope' in pool 'images'"):
                await session.storage.delete_volume("images", "nope")
            with pytest.raises(BadInput, match=r"^no file /nonexistent/file\.iso$"):
                await session.storage.upload_new("images", "x.iso", "/nonexistent/file.iso")
            sources = await session.storage.find_sources(PoolType.LOGICAL)
            assert [s.name for s in sources] == ["testvg1", "testvg2"]
        finally:
            await session.close()

    run(scenario())


def test_libvirt_refusals_keep_libvirts_words(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            # The test driver cannot resize or upload: its refusal is the message.
            with pytest.raises(LibvirtFailure, match="virStorageVolResize"):
                await session.storage.resize_volume("images", "spare.img", 20 * GIB)
            source = tmp_path / "disk.img"
            source.write_bytes(b"x" * 4096)
            with pytest.raises(LibvirtFailure, match="virStorageVolUpload"):
                await session.storage.upload_new("images", "up.img", str(source))
            # nothing half-made: the new volume was removed again
            assert "up.img" not in [v.name for v in session.storage.volumes("images")]
        finally:
            await session.close()

    run(scenario())


def test_default_pool(tmp_path: Path) -> None:
    async def scenario() -> None:
        session = await connected(storage_inventory(tmp_path))
        try:
            # no "default" and none on the images folder: the first running folder pool
            assert session.storage.default_pool().name == "images"
            await session.storage.create_pool(
                PoolSpec("zz-images", target_path="/var/lib/libvirt/images")
            )
            assert session.storage.default_pool().name == "zz-images"
            await session.storage.create_pool(PoolSpec("default", target_path="/srv/default"))
            assert session.storage.default_pool().name == "default"
            for name in ("default", "zz-images", "spare"):
                await session.storage.stop_pool(name)
            # "images" holds the running web's disk: only libvirt itself stops it
            conn = session.raw_connection
            await asyncio.to_thread(lambda: conn.storagePoolLookupByName("images").destroy())
            await until(lambda: not session.storage.pools["images"].active, "images stopped")
            assert session.storage.default_pool() is None
        finally:
            await session.close()

    run(scenario())
