"""Domain lifecycle of one connection: ``session.lifecycle``.

Start, shut down, reboot, force off, pause, resume, undefine and delete (with the
volumes the user chose), plus the details the pane fetches on selection. The
resulting libvirt events update the session's rows; nothing here keeps state.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import libvirt

from kvmdesk.core.domain.actions import DomainAction, run_action, undefine
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.partial import is_connection_lost, lost_during
from kvmdesk.core.types.snapshots import DomainDetails, DomainSnapshot, VolumeRef
from kvmdesk.core.types.translation import arg, translate


class DomainLifecycle:
    """Lifecycle actions on the connection's domains; the resulting events update the rows."""

    def __init__(self, session: SessionContext) -> None:
        self._session = session

    def find(self, name_or_uuid: str) -> DomainSnapshot:
        """A loaded domain by name or UUID, else :class:`BadInput`."""
        domains = self._session.domains
        snapshot = domains.get(name_or_uuid)
        if snapshot is not None:
            return snapshot
        for candidate in domains.values():
            if candidate.name == name_or_uuid:
                return candidate
        raise BadInput(
            arg(
                translate("Core", "no domain named %1 on %2"),
                repr(name_or_uuid),
                self._session.label,
            )
        )

    async def perform(self, uuid: str, action: DomainAction) -> None:
        """Run one lifecycle action; the resulting event updates the row."""
        handle = self._session.handle(uuid)
        try:
            await self._session.run(run_action, handle, action)
        except KvmdeskError as failure:
            if is_connection_lost(failure, self._session.connected):
                name = getattr(self._session.domains.get(uuid), "name", uuid)
                raise lost_during(f"{action.value} of {name}", failure) from failure
            raise

    async def restart(self, uuid: str, *, timeout: float = 120.0) -> None:
        """Shut the guest down, wait until it is off, start it: its saved changes take effect.

        A reboot would keep the running QEMU process and with it the old devices;
        this is a full stop and start. The shutdown is a request (ACPI): a guest
        that ignores it is left running, and the error says so after ``timeout``.
        """
        snapshot = self.find(uuid)
        if not snapshot.persistent:
            raise BadInput(
                arg(
                    translate("Core", "%1 is transient: once stopped it is gone, not restarted"),
                    snapshot.name,
                )
            )
        handle = self._session.handle(uuid)
        if await self._session.run(handle.isActive):
            await self._session.run(run_action, handle, DomainAction.SHUTDOWN)
            deadline = time.monotonic() + timeout
            while await self._session.run(handle.isActive):
                if time.monotonic() > deadline:
                    raise LibvirtFailure(
                        f"{snapshot.name} did not shut down within {timeout:g} s: its "
                        "operating system may ignore the request (use Force off, then Start)"
                    )
                await asyncio.sleep(0.25)
        await self._session.run(handle.create)

    async def volumes_of(self, uuid: str) -> list[VolumeRef]:
        """The disks of a domain that are volumes in a libvirt storage pool."""
        snapshot = self._session.domains.get(uuid)
        if snapshot is None:
            return []
        conn = self._session.connection()
        return await self._session.run(_lookup_volumes, conn, snapshot)

    async def delete(self, uuid: str, volumes: Sequence[VolumeRef] = ()) -> None:
        """Force off if needed, undefine (with NVRAM), then delete the chosen volumes."""
        handle = self._session.handle(uuid)
        conn = self._session.connection()
        await self._session.run(_delete, conn, handle, list(volumes))

    async def details(self, uuid: str) -> DomainDetails:
        """Autostart, persistence and managed-save state (not in the snapshot: no event says)."""
        handle = self._session.handle(uuid)
        return await self._session.run(_details, handle)

    async def xml(self, uuid: str, *, inactive: bool = False) -> str:
        """The domain's live XML, or with ``inactive`` the definition its next start uses."""
        handle = self._session.handle(uuid)
        flags = libvirt.VIR_DOMAIN_XML_INACTIVE if inactive else 0
        return await self._session.run(handle.XMLDesc, flags)


# ------------------------------------------------- blocking (in the session's pool)


def _lookup_volumes(conn: Any, snapshot: DomainSnapshot) -> list[VolumeRef]:
    volumes: list[VolumeRef] = []
    for disk in snapshot.disks:
        if disk.device not in ("disk", "lun"):
            continue
        try:
            if disk.pool and disk.volume:
                pool = conn.storagePoolLookupByName(disk.pool)
                volume = pool.storageVolLookupByName(disk.volume)
            elif disk.path:
                volume = conn.storageVolLookupByPath(disk.path)
                pool = volume.storagePoolLookupByVolume()
            else:
                continue
        except libvirt.libvirtError:
            continue  # not in any pool: never offered for deletion
        volumes.append(VolumeRef(pool=pool.name(), name=volume.name(), path=volume.path()))
    return volumes


def _delete(conn: Any, handle: Any, volumes: list[VolumeRef]) -> None:
    # Resolve every volume first so a typo never leaves a half-deleted domain.
    resolved = [
        conn.storagePoolLookupByName(v.pool).storageVolLookupByName(v.name) for v in volumes
    ]
    if handle.isActive():
        handle.destroy()
    if handle.isPersistent():
        undefine(handle, remove_nvram=True)
    for volume in resolved:
        volume.delete(0)


def _details(handle: Any) -> DomainDetails:
    try:
        managed = bool(handle.hasManagedSaveImage(0))
    except libvirt.libvirtError:
        managed = False
    persistent = bool(handle.isPersistent())
    autostart = bool(handle.autostart()) if persistent else False
    return DomainDetails(autostart=autostart, persistent=persistent, has_managed_save=managed)
