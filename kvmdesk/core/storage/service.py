"""Storage pools and volumes of one connection: ``session.storage``.

Holds the connection's pool snapshots (loaded with the session, refreshed by pool
lifecycle and refresh events and after every operation) and the volumes of the
pools someone listed. Every operation validates first (one message, see
:mod:`~kvmdesk.core.storage.validate`), then runs in the session's pool; the views
follow :attr:`StorageService.pools_upserted`, :attr:`pools_removed` and
:attr:`volumes_changed`, which fire on the loop.

Which domains use a volume is computed from the loaded domains' disk sources
(:mod:`~kvmdesk.core.storage.usage`) on every call, so it is never stale.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from kvmdesk.core.storage import ops, transfer
from kvmdesk.core.storage.defaults import free_name, images_folder
from kvmdesk.core.storage.progress import ProgressSlot, local_size, run_transfer
from kvmdesk.core.storage.usage import pool_users, volume_users, with_users
from kvmdesk.core.storage.validate import (
    InUse,
    check_name,
    validate_clone,
    validate_pool_spec,
    validate_resize,
    validate_volume_spec,
)
from kvmdesk.core.storage.values import (
    PoolCapabilities,
    PoolSnapshot,
    PoolSource,
    PoolSpec,
    PoolType,
    VolumeFormat,
    VolumeSnapshot,
    VolumeSpec,
)
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.types.translation import arg, translate

log = logging.getLogger(__name__)


class StorageService:
    """Pools and volumes of one connection: read, create, change, delete, transfer."""

    def __init__(self, session: SessionContext) -> None:
        self._session = session
        self.pools: dict[str, PoolSnapshot] = {}
        self._volumes: dict[str, list[VolumeSnapshot]] = {}
        self._dirty: dict[str, None] = {}
        self._refresh_task: asyncio.Task[None] | None = None
        # (uri, snapshots) / (uri, names) / (uri, pool name)
        self.pools_upserted: Signal[[str, list[PoolSnapshot]]] = Signal()
        self.pools_removed: Signal[[str, list[str]]] = Signal()
        self.volumes_changed: Signal[[str, str]] = Signal()

    # ------------------------------------------------------------ session hooks

    async def load(self) -> None:
        """Read every pool (called by the session while it loads the connection)."""
        snapshots = await self._session.run(
            ops.fetch_pools, self._session.connection(), self._session.uri, None
        )
        names = {s.name for s in snapshots}
        self._apply(snapshots)
        self._drop([name for name in self.pools if name not in names])
        for pool in [p for p in self._volumes if p in self.pools]:
            await self._reload_volumes(pool)

    def on_event(self, name: str) -> None:
        """A pool event (lifecycle or refresh): read that pool, and its volumes, again soon."""
        self._dirty[name] = None
        if self._session.connected and (self._refresh_task is None or self._refresh_task.done()):
            self._refresh_task = self._session.loop.create_task(self._refresh_dirty())

    def forget_all(self) -> None:
        """The connection closed: its pools leave the views."""
        self._volumes.clear()
        self._dirty.clear()
        if self.pools:
            names = list(self.pools)
            self.pools.clear()
            self.pools_removed.emit(self._session.uri, names)

    async def _refresh_dirty(self) -> None:
        while self._dirty and self._session.connected:
            names = list(self._dirty)
            self._dirty.clear()
            try:
                await self.reload(names)
            except KvmdeskError as error:
                if self._session.connected:  # else the connection went meanwhile: nothing to do
                    log.warning("%s: refreshing pools failed: %s", self._session.uri, error)
                return

    # ----------------------------------------------------------------- snapshots

    def _apply(self, snapshots: list[PoolSnapshot]) -> None:
        changed = [s for s in snapshots if self.pools.get(s.name) != s]
        for snapshot in changed:
            self.pools[snapshot.name] = snapshot
        if changed:
            self.pools_upserted.emit(self._session.uri, changed)

    def _drop(self, names: Sequence[str]) -> None:
        gone = [name for name in names if name in self.pools]
        for name in gone:
            del self.pools[name]
            self._volumes.pop(name, None)
        if gone:
            self.pools_removed.emit(self._session.uri, gone)

    async def reload(self, names: Sequence[str]) -> None:
        """Read these pools again (and the volumes of those listed before)."""
        conn = self._session.connection()
        snapshots = await self._session.run(ops.fetch_pools, conn, self._session.uri, list(names))
        found = {s.name for s in snapshots}
        self._apply(snapshots)
        self._drop([n for n in names if n not in found])
        for name in names:
            if name in self._volumes and name in found:
                await self._reload_volumes(name)

    async def _after_change(self, *names: str) -> None:
        """Refresh rows after an operation, whether it worked or not (errors only logged)."""
        try:
            await self.reload(list(dict.fromkeys(names)))
        except KvmdeskError as error:
            log.warning("%s: refreshing pools %s failed: %s", self._session.uri, names, error)

    async def _reload_volumes(self, pool: str) -> None:
        conn = self._session.connection()
        volumes = await self._session.run(ops.fetch_volumes, conn, pool)
        if self._volumes.get(pool) != volumes:
            self._volumes[pool] = volumes
            self.volumes_changed.emit(self._session.uri, pool)

    def find(self, name: str) -> PoolSnapshot:
        """A loaded pool by name, else :class:`BadInput`."""
        snapshot = self.pools.get(name)
        if snapshot is None:
            raise BadInput(
                arg(
                    translate("Core", "no storage pool named %1 on %2"),
                    repr(name),
                    self._session.label,
                )
            )
        return snapshot

    def default_pool(self) -> PoolSnapshot | None:
        """Where new disks go unless the user picks a pool: ``default``, else the pool on
        the libvirt images folder, else the first running folder pool; None when none runs.
        """
        running = sorted(
            (p for p in self.pools.values() if p.active), key=lambda p: (p.name.casefold(), p.name)
        )
        folder = images_folder(self._session.uri)
        for found in (
            next((p for p in running if p.name == "default"), None),
            next((p for p in running if p.target_path.rstrip("/") == folder), None),
            next((p for p in running if p.type == "dir"), None),
        ):
            if found is not None:
                return found
        return running[0] if running else None

    def volumes(self, pool: str) -> list[VolumeSnapshot]:
        """The pool's volumes as last listed (see :meth:`list_volumes`), with their users."""
        return with_users(self._volumes.get(pool, []), self._session.domains.values())

    async def list_volumes(self, pool: str) -> list[VolumeSnapshot]:
        """Read the pool's volumes from libvirt (kept up to date from then on)."""
        self.find(pool)
        await self._reload_volumes(pool)
        return self.volumes(pool)

    def find_volume(self, pool: str, name: str) -> VolumeSnapshot:
        """A listed volume, else :class:`BadInput`."""
        for volume in self.volumes(pool):
            if volume.name == name:
                return volume
        raise BadInput(
            arg(translate("Core", "no volume named %1 in pool %2"), repr(name), repr(pool))
        )

    async def volume(self, pool: str, name: str) -> VolumeSnapshot:
        """One volume, listing the pool first when nobody has yet."""
        if pool not in self._volumes:
            await self.list_volumes(pool)
        return self.find_volume(pool, name)

    def all_volumes(self) -> list[VolumeSnapshot]:
        """Every listed volume of every pool (for backing-file choices)."""
        return [v for pool in sorted(self._volumes) for v in self.volumes(pool)]

    def users_of_volume(self, volume: VolumeSnapshot) -> tuple[str, ...]:
        return volume_users(volume.pool, volume.name, volume.path, self._session.domains.values())

    def users_of_pool(self, name: str) -> tuple[str, ...]:
        """Domains with a disk in the pool (by its listed volumes, name and folder)."""
        pool = self.find(name)
        paths = [v.path for v in self._volumes.get(name, [])]
        return pool_users(pool, paths, self._session.domains.values())

    # ----------------------------------------------------------- questions

    async def capabilities(self) -> PoolCapabilities:
        """The pool types this connection can make (``getStoragePoolCapabilities``)."""
        return await self._session.run(ops.pool_capabilities, self._session.connection())

    async def find_sources(self, pool_type: PoolType, host: str = "") -> list[PoolSource]:
        """Sources libvirt discovers for ``pool_type`` (NFS exports of ``host``, LVM groups)."""
        conn = self._session.connection()
        return await self._session.run(ops.find_pool_sources, conn, pool_type, host)

    async def pool_xml(self, name: str) -> str:
        self.find(name)
        return await self._session.run(ops.xml_of_pool, self._session.connection(), name)

    async def volume_xml(self, pool: str, name: str) -> str:
        self.find(pool)
        return await self._session.run(ops.xml_of_volume, self._session.connection(), pool, name)

    # ---------------------------------------------------------------- pools

    async def create_pool(
        self, spec: PoolSpec, *, capabilities: PoolCapabilities | None = None
    ) -> PoolSnapshot:
        """Validate, define, build, set autostart and start; nothing stays if a step fails."""
        conn = self._session.connection()
        offered = capabilities if capabilities is not None else await self.capabilities()
        validate_pool_spec(spec, self.pools.values(), offered)
        try:
            await self._session.run(ops.create_pool, conn, spec)
        finally:
            await self._after_change(spec.name)
        snapshot = self.pools.get(spec.name)
        if snapshot is None:
            raise LibvirtFailure(f"pool {spec.name!r} was created but cannot be read back")
        return snapshot

    async def _operate(self, name: str, operation: Callable[..., None], *args: Any) -> None:
        self.find(name)
        try:
            await self._session.run(operation, self._session.connection(), name, *args)
        finally:
            await self._after_change(name)

    async def start_pool(self, name: str) -> None:
        await self._operate(name, ops.start_pool)

    async def stop_pool(self, name: str) -> None:
        """Stop a pool; refused while a running domain has a disk in it."""
        running = self._running_users(self.users_of_pool(name))
        if running:
            raise InUse(
                f"pool {name!r} is used by running virtual machines: {', '.join(running)}",
                running,
            )
        await self._operate(name, ops.stop_pool)

    async def set_pool_autostart(self, name: str, on: bool) -> None:
        """Autostart changes raise no libvirt event: the row is refreshed here."""
        await self._operate(name, ops.set_pool_autostart, on)

    async def refresh_pool(self, name: str) -> None:
        """Ask libvirt to rescan the pool (files added behind its back appear)."""
        await self._operate(name, ops.refresh_pool)

    async def delete_pool(self, name: str, *, remove_storage: bool = False) -> None:
        """Stop and undefine; refused while any domain uses it (the message lists which).

        With ``remove_storage`` the pool's volumes and folder are deleted too.
        """
        pool = self.find(name)
        if pool.active and name not in self._volumes:
            await self.list_volumes(name)
        users = self.users_of_pool(name)
        if users:
            raise InUse(f"pool {name!r} is used by {', '.join(users)}", users)
        await self._operate(name, ops.delete_pool, remove_storage)

    # -------------------------------------------------------------- volumes

    async def create_volume(self, pool: str, spec: VolumeSpec) -> VolumeSnapshot:
        """Validate and create a volume; its snapshot."""
        snapshot = self.find(pool)
        existing = await self.list_volumes(pool) if snapshot.active else []
        backing = next((v for v in self.all_volumes() if v.path == spec.backing_path), None)
        validate_volume_spec(spec, snapshot, existing, backing=backing)
        try:
            created = await self._session.run(
                ops.create_volume, self._session.connection(), pool, spec
            )
        finally:
            await self._after_change(pool)
        return created

    async def resize_volume(
        self, pool: str, name: str, capacity: int, *, shrink: bool = False
    ) -> VolumeSnapshot:
        """Give the volume a new capacity; refused while a running domain uses it."""
        volume = await self.volume(pool, name)
        validate_resize(volume, capacity, shrink=shrink)
        running = self._running_users(volume.used_by)
        if running:
            raise InUse(
                f"volume {name!r} is in use by running virtual machines: {', '.join(running)}",
                running,
            )
        conn = self._session.connection()
        try:
            await self._session.run(ops.resize_volume, conn, pool, name, capacity, shrink)
        finally:
            await self._after_change(pool)
        return self.find_volume(pool, name)

    async def clone_volume(
        self, pool: str, name: str, new_name: str, *, target_pool: str | None = None
    ) -> VolumeSnapshot:
        """A full copy of a volume (``createXMLFrom``), in the same pool unless told."""
        source = await self.volume(pool, name)
        target = target_pool or pool
        target_snapshot = self.find(target)
        existing = (
            [v.name for v in await self.list_volumes(target)] if target_snapshot.active else []
        )
        validate_clone(source, new_name, target_snapshot, existing)
        running = self._running_users(source.used_by)
        if running:
            raise InUse(
                f"volume {name!r} is in use by running virtual machines: {', '.join(running)}",
                running,
            )
        conn = self._session.connection()
        try:
            return await self._session.run(ops.clone_volume, conn, pool, name, new_name, target)
        finally:
            await self._after_change(pool, target)

    async def delete_volume(
        self, pool: str, name: str, *, confirmed_users: Sequence[str] = ()
    ) -> None:
        """Delete a volume; refused while domains use it unless each was confirmed.

        ``confirmed_users`` are the domain names the user agreed to break (the list a
        dialog showed); a domain that started using the volume since is not among them.
        """
        volume = await self.volume(pool, name)
        unconfirmed = [u for u in volume.used_by if u not in set(confirmed_users)]
        if unconfirmed:
            raise InUse(f"volume {name!r} is used by {', '.join(volume.used_by)}", volume.used_by)
        try:
            await self._session.run(ops.delete_volume, self._session.connection(), pool, name)
        finally:
            await self._after_change(pool)

    def free_volume_name(self, pool: str, stem: str, volume_format: VolumeFormat | str) -> str:
        """A volume name in ``pool`` not taken yet, with the format's usual extension."""
        suffix = ".qcow2" if str(volume_format) == VolumeFormat.QCOW2 else ".img"
        return free_name(stem, [v.name for v in self._volumes.get(pool, [])], suffix)

    def _running_users(self, names: Sequence[str]) -> tuple[str, ...]:
        wanted = set(names)
        return tuple(
            sorted(
                d.name
                for d in self._session.domains.values()
                if d.name in wanted and d.state.is_active
            )
        )

    # ------------------------------------------------------------ transfers

    async def upload(
        self,
        pool: str,
        name: str,
        source: str,
        *,
        progress: ProgressSlot | None = None,
        cancel: threading.Event | None = None,
    ) -> VolumeSnapshot:
        """Send a local file into an existing volume (its data is overwritten)."""
        volume = await self.volume(pool, name)
        size = local_size(source)
        if volume.used_by:
            raise InUse(f"volume {name!r} is used by {', '.join(volume.used_by)}", volume.used_by)
        if volume.format == "raw" and size > volume.capacity:
            raise BadInput(
                arg(
                    translate("Core", "%1 is larger than volume %2"),
                    os.path.basename(source),
                    repr(name),
                )
            )
        conn = self._session.connection()
        try:
            await run_transfer(
                self._session, transfer.upload_file, conn, pool, name, source, progress, cancel
            )
            # libvirt reads the format and size of what arrived when the pool is rescanned.
            await self._session.run(ops.refresh_pool, conn, pool)
        finally:
            await self._after_change(pool)
        return self.find_volume(pool, name)

    async def upload_new(
        self,
        pool: str,
        name: str,
        source: str,
        *,
        progress: ProgressSlot | None = None,
        cancel: threading.Event | None = None,
    ) -> VolumeSnapshot:
        """Create volume ``name`` the size of the local file and send the file into it.

        The volume is made raw; after the upload libvirt rescans the pool and reports
        the file's own format (a qcow2 image stays qcow2, an ISO is raw). A cancelled or
        failed upload deletes the new volume again.
        """
        snapshot = self.find(pool)
        size = local_size(source)
        existing = await self.list_volumes(pool) if snapshot.active else []
        if not snapshot.active:
            raise BadInput(
                arg(translate("Core", "pool %1 is not running: start it first"), repr(pool))
            )
        check_name(name, "volume", [v.name for v in existing])
        spec = VolumeSpec(name, max(size, 1), VolumeFormat.RAW)
        if snapshot.available and size > snapshot.available:
            raise BadInput(
                arg(
                    translate("Core", "pool %1 has not enough free space for %2"),
                    repr(pool),
                    os.path.basename(source),
                )
            )
        conn = self._session.connection()
        await self._session.run(ops.create_volume, conn, pool, spec)
        try:
            await run_transfer(
                self._session, transfer.upload_file, conn, pool, name, source, progress, cancel
            )
            await self._session.run(ops.refresh_pool, conn, pool)
        except BaseException:
            try:
                await self._session.run(ops.delete_volume, conn, pool, name)
            except KvmdeskError as error:
                log.warning("could not remove the partial volume %s: %s", name, error)
            raise
        finally:
            await self._after_change(pool)
        return self.find_volume(pool, name)

    async def download(
        self,
        pool: str,
        name: str,
        destination: str,
        *,
        progress: ProgressSlot | None = None,
        cancel: threading.Event | None = None,
        overwrite: bool = False,
    ) -> int:
        """Receive a volume into a new local file; the bytes written."""
        await self.volume(pool, name)
        folder = os.path.dirname(os.path.abspath(destination))
        if not os.path.isdir(folder):
            raise BadInput(arg(translate("Core", "no folder %1"), folder))
        if os.path.isdir(destination):
            raise BadInput(arg(translate("Core", "%1 is a folder: give a file name"), destination))
        if os.path.exists(destination) and not overwrite:
            raise BadInput(arg(translate("Core", "%1 exists already"), destination))
        conn = self._session.connection()
        return await run_transfer(
            self._session, transfer.download_file, conn, pool, name, destination, progress, cancel
        )
