"""A VM's settings on one connection: ``session.settings`` (read, plan, apply).

The work is in :mod:`.sections` and :mod:`.devices`; this runs it in the session's
pool (planning and applying in one worker call, so the definition a change is
merged into is the one read just before it is written), and remembers which
sections of a domain wait for its restart (the "takes effect after restart" badge).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import libvirt

from kvmdesk.core.settings import devices, hardware, read, sections, usb
from kvmdesk.core.settings.hardware import DeviceKind, OtherDevice
from kvmdesk.core.settings.plan import Plan, Result, definitions, execute
from kvmdesk.core.settings.values import (
    Boot,
    Cpus,
    Disk,
    Memory,
    NewDisk,
    Overview,
    Section,
    SharedFolder,
)
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.util.xml_layout import parse


@dataclass(frozen=True, slots=True)
class SettingsView:
    """Every section of a domain as its next start uses it, plus what runs now."""

    uuid: str
    running: bool
    persistent: bool
    overview: Overview
    cpus: Cpus
    memory: Memory
    boot: Boot
    disks: tuple[Disk, ...]
    shared_folders: tuple[SharedFolder, ...]
    other_devices: tuple[OtherDevice, ...] = ()
    attached_usb: tuple[usb.AttachedUsb, ...] = ()
    live_cpus: Cpus | None = None  # the running guest's, when it runs
    live_memory: Memory | None = None
    live_disks: tuple[Disk, ...] = ()


@dataclass(frozen=True, slots=True)
class StoragePoolChoice:
    name: str
    active: bool
    volumes: tuple[str, ...]


def read_view(domain: Any) -> SettingsView:
    """Read every section (blocking)."""
    defs = definitions(domain)
    root = parse(defs.reference)
    live_root = parse(defs.live_xml) if defs.running else None
    autostart = bool(domain.autostart()) if defs.persistent else False
    return SettingsView(
        uuid=domain.UUIDString(),
        running=defs.running,
        persistent=defs.persistent,
        overview=read.read_overview(root, autostart=autostart),
        cpus=read.read_cpus(root),
        memory=read.read_memory(root),
        boot=read.read_boot(root),
        disks=read.read_disks(root),
        shared_folders=read.read_shared_folders(root),
        other_devices=hardware.read_other_devices(root),
        attached_usb=usb.attached_usb(live_root if live_root is not None else root),
        live_cpus=read.read_cpus(live_root) if live_root is not None else None,
        live_memory=read.read_memory(live_root) if live_root is not None else None,
        live_disks=read.read_disks(live_root) if live_root is not None else (),
    )


def cpu_models(conn: Any, arch: str) -> list[str]:
    """Named CPU models the host's libvirt knows for ``arch`` (empty when it cannot say)."""
    try:
        return sorted(conn.getCPUModelNames(arch or "x86_64", 0) or [])
    except libvirt.libvirtError:
        return []


def storage_pools(conn: Any) -> list[StoragePoolChoice]:
    """The connection's pools and their volumes, for "add a disk"."""
    pools = []
    for pool in conn.listAllStoragePools(0):
        active = bool(pool.isActive())
        names = tuple(sorted(pool.listVolumes())) if active else ()
        pools.append(StoragePoolChoice(pool.name(), active, names))
    return sorted(pools, key=lambda p: p.name)


def _run_plan(make: Callable[[], Plan], insist_live: bool) -> Result:
    return execute(make(), insist_live=insist_live)


class SettingsService:
    """Change a domain's settings live and/or persistently, never half-applied.

    ``on_pending_restart(uuid)`` is called whenever :meth:`pending_restart` changes.
    """

    def __init__(self, session: SessionContext, on_pending_restart: Callable[[str], None]) -> None:
        self._session = session
        self._on_pending_restart = on_pending_restart
        self._pending: dict[str, frozenset[str]] = {}

    async def read(self, uuid: str) -> SettingsView:
        return await self._session.run(read_view, self._session.handle(uuid))

    async def cpu_models(self, arch: str) -> list[str]:
        return await self._session.run(cpu_models, self._session.connection(), arch)

    async def storage_pools(self) -> list[StoragePoolChoice]:
        return await self._session.run(storage_pools, self._session.connection())

    # ------------------------------------------------------------- sections

    async def plan(
        self,
        uuid: str,
        section: Section,
        base: Any,
        edited: Any,
        *,
        live: bool | None = None,
        config: bool | None = None,
    ) -> Plan:
        """What the change would do; changes nothing."""
        handle = self._session.handle(uuid)
        return await self._session.run(
            lambda: sections.plan_section(handle, section, base, edited, live=live, config=config)
        )

    async def apply(
        self,
        uuid: str,
        section: Section,
        base: Any,
        edited: Any,
        *,
        live: bool | None = None,
        config: bool | None = None,
    ) -> Result:
        """Apply the user's change of ``section`` (``base`` → ``edited``); see :mod:`.sections`."""
        handle = self._session.handle(uuid)
        plan = functools.partial(
            sections.plan_section, handle, section, base, edited, live=live, config=config
        )
        return await self._finish(uuid, section.value, plan, bool(live))

    async def apply_changes(
        self,
        uuid: str,
        changes: Sequence[sections.Change],
        *,
        live: bool | None = None,
        config: bool | None = None,
    ) -> Result:
        """Several sections at once: all applied, or none."""
        handle = self._session.handle(uuid)
        plan = functools.partial(
            sections.plan_sections, handle, list(changes), live=live, config=config
        )
        label = changes[0].section.value if changes else Section.OVERVIEW.value
        return await self._finish(uuid, label, plan, bool(live))

    # ---------------------------------------------------------------- disks

    async def plan_with(self, uuid: str, make: Callable[[Any], Plan]) -> Plan:
        """The plan ``make(virDomain)`` works out (see :mod:`.devices`); changes nothing."""
        handle = self._session.handle(uuid)
        return await self._session.run(make, handle)

    async def edit_disk(self, uuid: str, base: Disk, edited: Disk, **where: bool | None) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_disk_edit, handle, base, edited, **where)
        return await self._finish(uuid, Section.DISKS.value, plan, bool(where.get("live")))

    async def add_disk(self, uuid: str, new: NewDisk, **where: bool | None) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_disk_add, handle, new, **where)
        return await self._finish(uuid, Section.DISKS.value, plan, bool(where.get("live")))

    async def remove_disk(self, uuid: str, target: str, **where: bool | None) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_disk_remove, handle, target, **where)
        return await self._finish(uuid, Section.DISKS.value, plan, bool(where.get("live")))

    async def resize_disk(self, uuid: str, target: str, size_bytes: int) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_disk_resize, handle, target, size_bytes)
        return await self._finish(uuid, Section.DISKS.value, plan, False)

    async def change_media(self, uuid: str, target: str, path: str, **where: bool | None) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_media, handle, target, path, **where)
        return await self._finish(uuid, Section.DISKS.value, plan, bool(where.get("live")))

    async def add_shared_folder(self, uuid: str, share: SharedFolder) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_share_add, handle, share)
        return await self._finish(uuid, Section.SHARED_FOLDERS.value, plan, False)

    async def remove_shared_folder(self, uuid: str, tag: str) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(devices.plan_share_remove, handle, tag)
        return await self._finish(uuid, Section.SHARED_FOLDERS.value, plan, False)

    async def add_device(self, uuid: str, kind: DeviceKind, model: str) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(hardware.plan_device_add, handle, kind, model)
        return await self._finish(uuid, Section.DEVICES.value, plan, False)

    async def change_device(self, uuid: str, kind: DeviceKind, index: int, model: str) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(hardware.plan_device_change, handle, kind, index, model)
        return await self._finish(uuid, Section.DEVICES.value, plan, False)

    async def remove_device(self, uuid: str, kind: DeviceKind, index: int) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(hardware.plan_device_remove, handle, kind, index)
        return await self._finish(uuid, Section.DEVICES.value, plan, False)

    async def host_usb_devices(self) -> list[usb.HostUsbDevice]:
        """The host's USB devices (node device API), root hubs left out."""
        return await self._session.run(usb.host_usb_devices, self._session.connection())

    async def attach_usb(self, uuid: str, device: usb.HostUsbDevice) -> Result:
        """Give ``device`` to the VM, live when it runs and in its configuration."""
        handle = self._session.handle(uuid)
        twins = sum(1 for d in await self.host_usb_devices() if d.ids == device.ids) > 1
        plan = functools.partial(usb.plan_usb_attach, handle, device, twins=twins)
        return await self._finish(uuid, Section.USB.value, plan, False)

    async def detach_usb(self, uuid: str, device: usb.HostUsbDevice) -> Result:
        handle = self._session.handle(uuid)
        plan = functools.partial(usb.plan_usb_detach, handle, device)
        return await self._finish(uuid, Section.USB.value, plan, False)

    async def _finish(
        self, uuid: str, section: str, plan: Callable[[], Plan], insist_live: bool
    ) -> Result:
        result = await self._session.run(_run_plan, plan, insist_live)
        if result.needs_restart:
            self._pending[uuid] = self._pending.get(uuid, frozenset()) | {section}
            self._on_pending_restart(uuid)
        return result

    # -------------------------------------------------------- pending restart

    def pending_restart(self, uuid: str) -> frozenset[str]:
        """Sections (:class:`Section` values) changed in the configuration only, until a restart."""
        return self._pending.get(uuid, frozenset())

    def clear_pending_restart(self, uuid: str) -> None:
        """The domain started, stopped or was undefined: no change waits any more."""
        if self._pending.pop(uuid, None) is not None:
            self._on_pending_restart(uuid)

    def forget(self, uuid: str) -> None:
        self._pending.pop(uuid, None)
