"""Plan disk and shared-folder changes of a domain; blocking, like :mod:`.sections`.

Disks: add (an existing file or pool volume, or a new volume made in a pool with
:mod:`kvmdesk.core.storage`'s rules and operations),
remove, resize, change bus / cache mode / read-only, insert and eject CD-ROM media.
What QEMU does on a running guest goes live (hot-plug of virtio and SCSI disks,
``blockResize``, media changes with ``updateDeviceFlags``); the rest waits for the
next start. Shared folders are virtiofs ``<filesystem>`` devices with the shared
memfd memory they need; they take effect at the next start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings import read, validate
from kvmdesk.core.settings import xml as edit
from kvmdesk.core.settings.merge import merge
from kvmdesk.core.settings.plan import (
    AFFECT_LIVE,
    Definitions,
    Plan,
    Step,
    definitions,
    refuse_waiting,
    targets,
)
from kvmdesk.core.settings.values import Disk, DiskBus, NewDisk, SharedFolder
from kvmdesk.core.storage import ops as storage_ops
from kvmdesk.core.storage.validate import validate_volume_spec
from kvmdesk.core.storage.values import VolumeFormat, VolumeSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.xml_layout import parse, serialise

HOTPLUG_BUSES = frozenset({DiskBus.VIRTIO, DiskBus.SCSI, DiskBus.USB})
RESIZE_BYTES = libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES


def _has_disk(xml: str, target: str) -> bool:
    return bool(xml) and any(d.target == target for d in read.read_disks(xml))


def _disk_of(xml: str, target: str) -> Disk:
    for disk in read.read_disks(xml):
        if disk.target == target:
            return disk
    raise BadInput(arg(translate("Core", "no disk %1"), repr(target)))


def _define(domain: Any, xml: str, before: str, fields: tuple[str, ...]) -> Step:
    conn = domain.connect()
    return Step("config", fields, lambda: conn.defineXML(xml), lambda: conn.defineXML(before))


def _located(domain: Any, defs: Definitions, target: str) -> tuple[bool, bool]:
    in_live = _has_disk(defs.live_xml, target)
    in_config = _has_disk(defs.config_xml, target)
    if not (in_live or in_config):
        raise BadInput(
            arg(translate("Core", "domain %1 has no disk %2"), repr(domain.name()), repr(target))
        )
    return in_live, in_config


# ------------------------------------------------------------------- editing


def plan_disk_edit(
    domain: Any, base: Disk, edited: Disk, *, live: bool | None = None, config: bool | None = None
) -> Plan:
    """Bus, cache mode, read-only of one disk: the persistent definition (after restart)."""
    name = domain.name()
    defs = definitions(domain)
    what = f"disk {base.target}"
    validate.check(validate.disk_problems(edited))
    current = _disk_of(defs.reference, base.target)
    merged, fields = merge(base, edited, current, what=f"{what} of {name!r}")
    if not fields:
        return Plan(what, name, (), (), (), defs.reference)
    wanted = targets(defs, name, live, config)
    waiting = fields if defs.running else ()
    refuse_waiting(name, waiting, wanted, live)
    root = parse(defs.config_xml)
    device_edit.set_disk(root, base.target, merged, fields)
    xml = serialise(root)
    return Plan(
        what, name, fields, (), waiting, xml, (_define(domain, xml, defs.config_xml, fields),)
    )


# -------------------------------------------------------------------- adding


def _volume_format(volume: Any) -> str:
    target = etree.fromstring(volume.XMLDesc(0).encode()).find("target/format")
    return target.get("type", "") if target is not None else ""


def _new_volume(conn: Any, new: NewDisk) -> tuple[str, Step]:
    """The format of a new volume in ``new.pool`` and the undoable step that makes it.

    Storage's own rules decide (a running pool, a free name, at least 1 MiB); the
    volume is qcow2 in folder pools, raw in the others (LVM, disks, iSCSI …).
    """
    pool_handle = storage_ops.lookup_pool(conn, new.pool)
    pool = storage_ops.read_pool(pool_handle, conn.getURI())
    fmt = new.format or ("qcow2" if pool.type in ("dir", "fs", "netfs") else "raw")
    try:
        volume_format = VolumeFormat(fmt)
    except ValueError:
        raise BadInput(
            arg(translate("Core", "a new volume is qcow2 or raw, not %1"), repr(fmt))
        ) from None
    spec = VolumeSpec(name=new.volume, capacity=new.size_bytes, format=volume_format)
    validate_volume_spec(spec, pool, storage_ops.fetch_volumes(conn, new.pool))
    step = Step(
        "other",
        ("disk",),
        lambda: storage_ops.create_volume(conn, new.pool, spec),
        lambda: storage_ops.delete_volume(conn, new.pool, new.volume),
    )
    return fmt, step


def _source(conn: Any, new: NewDisk) -> tuple[str, dict[str, str], str, Step | None]:
    """(disk type, <source> attributes, format, a step creating a new volume or None)."""
    if new.pool and new.volume:
        source = {"pool": new.pool, "volume": new.volume}
        if new.size_bytes:
            fmt, step = _new_volume(conn, new)
            return "volume", source, fmt, step
        volume = storage_ops.lookup_volume(conn, new.pool, new.volume)
        return "volume", source, new.format or _volume_format(volume) or "raw", None
    if not new.source:
        return "file", {}, new.format or "raw", None
    fmt = new.format
    try:
        fmt = fmt or _volume_format(conn.storageVolLookupByPath(new.source))
    except libvirt.libvirtError:
        pass  # not in a pool: a plain file or device
    if not fmt:
        fmt = "qcow2" if new.source.endswith(".qcow2") else "raw"
    if new.source.startswith("/dev/"):
        return "block", {"dev": new.source}, fmt, None
    return "file", {"file": new.source}, fmt, None


def plan_disk_add(
    domain: Any, new: NewDisk, *, live: bool | None = None, config: bool | None = None
) -> Plan:
    """Add a disk (hot-plugged when the domain runs and the bus allows it)."""
    name = domain.name()
    defs = definitions(domain)
    paths = [d.source for d in read.read_disks(defs.reference)]
    validate.check(validate.new_disk_problems(new, paths))
    wanted = targets(defs, name, live, config)
    conn = domain.connect()
    kind, source, fmt, create = _source(conn, new)
    taken = {
        d.target for xml in (defs.live_xml, defs.config_xml) if xml for d in read.read_disks(xml)
    }
    target = device_edit.free_target(parse(defs.reference), new.bus, taken=taken)
    element = device_edit.disk_element(
        target=target,
        bus=new.bus,
        device=new.device,
        source_type=kind,
        source=source,
        format=fmt,
        cache=new.cache,
        read_only=new.read_only,
    )
    what = f"disk {target}"
    hotplug = defs.running and new.bus in HOTPLUG_BUSES and new.device == "disk"
    waiting = ("disk",) if defs.running and not hotplug else ()
    refuse_waiting(name, waiting, wanted, live)
    steps: list[Step] = [create] if create is not None else []
    device_xml = device_edit.element_xml(element)
    attached: list[bool] = []
    if wanted.live and hotplug:

        def attach() -> None:
            domain.attachDeviceFlags(device_xml, AFFECT_LIVE)
            attached.append(True)

        steps.append(
            Step(
                "live",
                ("disk",),
                attach,
                lambda: domain.detachDeviceFlags(device_xml, AFFECT_LIVE),
                may_wait=True,
            )
        )
    if wanted.config:
        config_root = parse(defs.config_xml)
        device_edit.add_disk(config_root, etree.fromstring(device_xml))
        xml = serialise(config_root)
        before = defs.config_xml
        conn_define = conn.defineXML

        def define() -> None:
            conn_define(_with_live_address(domain, xml, target) if attached else xml)

        steps.append(Step("config", ("disk",), define, lambda: conn_define(before)))
    else:
        waiting = ()
        running_root = parse(defs.live_xml)
        device_edit.add_disk(running_root, etree.fromstring(device_xml))
        xml = serialise(running_root)
    live_fields = ("disk",) if wanted.live and hotplug else ()
    return Plan(what, name, ("disk",), live_fields, waiting, xml, tuple(steps), action="add")


def _with_live_address(domain: Any, config_xml: str, target: str) -> str:
    """A hot-plugged disk keeps, after a restart, the guest address it got live."""
    live_root = parse(domain.XMLDesc(0))
    address = device_edit.find_disk(live_root, target).find("address")
    if address is None:
        return config_xml
    root = parse(config_xml)
    disk = device_edit.find_disk(root, target)
    if disk.find("address") is None:
        copy = etree.fromstring(etree.tostring(address, with_tail=False))
        edit.insert_ordered(disk, copy, edit.DISK_ORDER)
    return serialise(root)


# ------------------------------------------------------------------ removing


def plan_disk_remove(
    domain: Any, target: str, *, live: bool | None = None, config: bool | None = None
) -> Plan:
    """Remove a disk: unplugged live where it runs, and from the configuration."""
    name = domain.name()
    defs = definitions(domain)
    in_live, in_config = _located(domain, defs, target)
    wanted = targets(defs, name, live, config)
    steps: list[Step] = []
    live_fields: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    if wanted.live and in_live:
        disk = _disk_of(defs.live_xml, target)
        running_disk = device_edit.element_xml(device_edit.find_disk(parse(defs.live_xml), target))
        if disk.bus in HOTPLUG_BUSES and disk.device == "disk":
            steps.append(
                Step(
                    "live",
                    ("disk",),
                    lambda: domain.detachDeviceFlags(running_disk, AFFECT_LIVE),
                    lambda: domain.attachDeviceFlags(running_disk, AFFECT_LIVE),
                    may_wait=True,
                )
            )
            live_fields = ("disk",)
        else:
            waiting = ("disk",)
            refuse_waiting(name, waiting, wanted, live)
    xml = defs.reference
    if wanted.config and in_config:
        root = parse(defs.config_xml)
        device_edit.remove_disk(root, target)
        xml = serialise(root)
        steps.append(_define(domain, xml, defs.config_xml, ("disk",)))
    else:
        waiting = ()
    return Plan(
        f"disk {target}", name, ("disk",), live_fields, waiting, xml, tuple(steps), action="remove"
    )


# ------------------------------------------------------------------ resizing


def plan_disk_resize(domain: Any, target: str, size_bytes: int) -> Plan:
    """Grow a disk: ``blockResize`` while running, the pool volume's resize when shut off.

    Shrinking is refused: it cuts off whatever the guest stored at the end.
    """
    name = domain.name()
    defs = definitions(domain)
    _located(domain, defs, target)
    disk = _disk_of(defs.reference, target)
    if disk.device != "disk":
        raise BadInput(
            arg(
                translate("Core", "disk %1 is a %2; only disks can be resized"),
                repr(target),
                disk.device,
            )
        )
    what = f"disk {target}"
    if defs.running and _has_disk(defs.live_xml, target):
        capacity = int(domain.blockInfo(target)[0])
        _refuse_shrink(target, capacity, size_bytes)
        step = Step("live", ("size",), lambda: domain.blockResize(target, size_bytes, RESIZE_BYTES))
        return Plan(what, name, ("size",), ("size",), (), defs.reference, (step,), action="resize")
    volume = _volume_of(domain.connect(), disk)
    if volume is None:
        raise BadInput(
            arg(
                translate(
                    "Core",
                    "disk %1 of the shut-off domain %2 is not a volume in a storage pool; start the VM to resize it live, or resize the file on the host",
                ),
                repr(target),
                repr(name),
            )
        )
    capacity = int(volume.info()[1])
    _refuse_shrink(target, capacity, size_bytes)
    step = Step("other", ("size",), lambda: volume.resize(size_bytes, 0))
    return Plan(what, name, ("size",), (), (), defs.reference, (step,), action="resize")


def _refuse_shrink(target: str, capacity: int, size_bytes: int) -> None:
    if size_bytes < capacity:
        raise BadInput(
            arg(
                translate(
                    "Core",
                    "disk %1 would shrink from %2 to %3 bytes; kvmdesk only grows disks (shrinking loses the data at the end)",
                ),
                repr(target),
                capacity,
                size_bytes,
            )
        )
    if size_bytes == capacity:
        raise BadInput(
            arg(translate("Core", "disk %1 already has %2 bytes"), repr(target), capacity)
        )


def _volume_of(conn: Any, disk: Disk) -> Any | None:
    try:
        if disk.source_type == "volume":
            pool, _slash, volume = disk.source.partition("/")
            return conn.storagePoolLookupByName(pool).storageVolLookupByName(volume)
        if disk.source:
            return conn.storageVolLookupByPath(disk.source)
    except libvirt.libvirtError:
        return None
    return None


# --------------------------------------------------------------------- media


def plan_media(
    domain: Any, target: str, path: str, *, live: bool | None = None, config: bool | None = None
) -> Plan:
    """Insert the file ``path`` into CD-ROM ``target`` ("" ejects): live and persistently."""
    name = domain.name()
    defs = definitions(domain)
    if path and not os.path.isabs(path):
        raise validate.InvalidSettings(
            [validate.Problem("source", f"Media path must be absolute: {path!r}")]
        )
    in_live, in_config = _located(domain, defs, target)
    wanted = targets(defs, name, live, config)
    steps: list[Step] = []
    live_fields: tuple[str, ...] = ()
    if wanted.live and in_live:
        running = parse(defs.live_xml)
        before = device_edit.element_xml(device_edit.find_disk(running, target))
        after = device_edit.element_xml(device_edit.set_media(running, target, path))
        steps.append(
            Step(
                "live",
                ("media",),
                _update(domain, after),
                _update(domain, before),
                may_wait=True,
            )
        )
        live_fields = ("media",)
    xml = defs.reference
    if wanted.config and in_config:
        root = parse(defs.config_xml)
        device_edit.set_media(root, target, path)
        xml = serialise(root)
        steps.append(_define(domain, xml, defs.config_xml, ("media",)))
    elif wanted.live and in_live:
        running = parse(defs.live_xml)
        device_edit.set_media(running, target, path)
        xml = serialise(running)
    what = f"{path} into {target}" if path else f"the media of {target}"
    action = "insert" if path else "eject"
    return Plan(what, name, ("media",), live_fields, (), xml, tuple(steps), action=action)


def _update(domain: Any, device_xml: str) -> Callable[[], None]:
    return lambda: domain.updateDeviceFlags(device_xml, AFFECT_LIVE)


# ------------------------------------------------------------ shared folders


def plan_share_add(domain: Any, share: SharedFolder) -> Plan:
    """Add a virtiofs share (and shared memfd memory) to the configuration."""
    name = domain.name()
    defs = definitions(domain)
    if not defs.persistent:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is transient; a shared folder needs a configuration"),
                repr(name),
            )
        )
    taken = [s.tag for s in read.read_shared_folders(defs.config_xml)]
    validate.check(validate.shared_folder_problems(share, taken))
    root = parse(defs.config_xml)
    device_edit.add_shared_folder(root, share)
    xml = serialise(root)
    waiting = ("shared folder",) if defs.running else ()
    step = _define(domain, xml, defs.config_xml, ("shared folder",))
    what = f"shared folder {share.tag}"
    return Plan(what, name, ("shared folder",), (), waiting, xml, (step,), action="add")


def plan_share_remove(domain: Any, tag: str) -> Plan:
    name = domain.name()
    defs = definitions(domain)
    if not defs.persistent:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is transient; it has no configuration to change"),
                repr(name),
            )
        )
    root = parse(defs.config_xml)
    device_edit.remove_shared_folder(root, tag)
    xml = serialise(root)
    waiting = ("shared folder",) if defs.running else ()
    step = _define(domain, xml, defs.config_xml, ("shared folder",))
    what = f"shared folder {tag}"
    return Plan(what, name, ("shared folder",), (), waiting, xml, (step,), action="remove")
