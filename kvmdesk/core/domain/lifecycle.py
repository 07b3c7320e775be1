"""Domain lifecycle actions of a :class:`~kvmdesk.core.connection.session.Session`.

Start, shut down, reboot, force off, pause, resume, undefine and delete (with the
volumes the user chose), plus the details the pane fetches on selection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import libvirt

from kvmdesk.core.connection.session_base import SessionBase
from kvmdesk.core.domain import actions as domain_actions
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.errors import BadInput, LibvirtFailure, translate
from kvmdesk.core.types.snapshots import (
    DomainDetails,
    DomainSnapshot,
    VolumeRef,
)


class DomainActions(SessionBase):
    """Lifecycle actions on the connection's domains; the resulting events update the rows."""

    # ------------------------------------------------------------------ actions

    def _handle(self, uuid: str) -> Any:
        if self._conn is None:
            raise LibvirtFailure(f"not connected to {self.label}")
        handle = self._handles.get(uuid)
        if handle is None:
            try:
                handle = self._conn.lookupByUUIDString(uuid)
            except libvirt.libvirtError as error:
                raise translate(error) from error
        return handle

    def find_domain(self, name_or_uuid: str) -> DomainSnapshot:
        """A loaded domain by name or UUID, else :class:`BadInput`."""
        snapshot = self.domains.get(name_or_uuid)
        if snapshot is not None:
            return snapshot
        for candidate in self.domains.values():
            if candidate.name == name_or_uuid:
                return candidate
        raise BadInput(f"no domain named {name_or_uuid!r} on {self.label}")

    async def perform(self, uuid: str, action: DomainAction) -> None:
        """Run one lifecycle action; the resulting event updates the row."""
        handle = self._handle(uuid)
        await self._run(domain_actions.run_action, handle, action)

    async def volumes_of(self, uuid: str) -> list[VolumeRef]:
        """The disks of a domain that are volumes in a libvirt storage pool."""
        snapshot = self.domains.get(uuid)
        if snapshot is None:
            return []
        return await self._run(self._lookup_volumes, snapshot)

    def _lookup_volumes(self, snapshot: DomainSnapshot) -> list[VolumeRef]:
        volumes: list[VolumeRef] = []
        for disk in snapshot.disks:
            if disk.device not in ("disk", "lun"):
                continue
            try:
                if disk.pool and disk.volume:
                    pool = self._conn.storagePoolLookupByName(disk.pool)
                    volume = pool.storageVolLookupByName(disk.volume)
                elif disk.path:
                    volume = self._conn.storageVolLookupByPath(disk.path)
                    pool = volume.storagePoolLookupByVolume()
                else:
                    continue
            except libvirt.libvirtError:
                continue  # not in any pool: never offered for deletion
            volumes.append(VolumeRef(pool=pool.name(), name=volume.name(), path=volume.path()))
        return volumes

    async def delete(self, uuid: str, volumes: Sequence[VolumeRef] = ()) -> None:
        """Force off if needed, undefine (with NVRAM), then delete the chosen volumes."""
        handle = self._handle(uuid)
        await self._run(self._delete, handle, list(volumes))

    def _delete(self, handle: Any, volumes: list[VolumeRef]) -> None:
        # Resolve every volume first so a typo never leaves a half-deleted domain.
        resolved = [
            self._conn.storagePoolLookupByName(v.pool).storageVolLookupByName(v.name)
            for v in volumes
        ]
        if handle.isActive():
            handle.destroy()
        if handle.isPersistent():
            domain_actions.undefine(handle, remove_nvram=True)
        for volume in resolved:
            volume.delete(0)

    async def details(self, uuid: str) -> DomainDetails:
        handle = self._handle(uuid)
        return await self._run(self._details, handle)

    @staticmethod
    def _details(handle: Any) -> DomainDetails:
        try:
            managed = bool(handle.hasManagedSaveImage(0))
        except libvirt.libvirtError:
            managed = False
        persistent = bool(handle.isPersistent())
        autostart = bool(handle.autostart()) if persistent else False
        return DomainDetails(autostart=autostart, persistent=persistent, has_managed_save=managed)

    async def domain_xml(self, uuid: str, *, inactive: bool = False) -> str:
        handle = self._handle(uuid)
        flags = libvirt.VIR_DOMAIN_XML_INACTIVE if inactive else 0
        return await self._run(handle.XMLDesc, flags)
