"""``kvmdesk-cli set …`` and ``kvmdesk-cli disk …``: a VM's settings from the shell.

The same core as the settings window: :mod:`kvmdesk.core.settings` validates (one
message per bad value, joined on one line), merges the change into the domain as it
is when applying, and applies it live where libvirt can and to the configuration,
all or nothing. ``--dry-run`` changes nothing; ``--print-xml`` prints the resulting
domain XML. Exit codes: 2 for bad input, 1 when libvirt refuses or fails.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from kvmdesk.cli.output import EXIT_OK, format_table, say, say_domain_xml, say_json
from kvmdesk.core.connection.session import Session
from kvmdesk.core.settings import devices
from kvmdesk.core.settings.plan import Plan, Result
from kvmdesk.core.settings.sections import Change, plan_sections
from kvmdesk.core.settings.service import SettingsView
from kvmdesk.core.settings.values import (
    CACHE_MODES,
    DISK_BUSES,
    Disk,
    NewDisk,
    Section,
    parse_size_bytes,
    parse_size_kib,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.mac import comparable_mac

# The column headers of the settings window's disk list.
DISK_COLUMNS = ("Target", "Device", "Bus", "Source", "Format", "Cache mode", "Read-only")
_BOOT_WORDS = {
    "hd": "disk",
    "disk": "disk",
    "cdrom": "cdrom",
    "network": "network",
    "net": "network",
}


def _size_kib(text: str) -> int:
    try:
        return parse_size_kib(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _size_bytes(text: str) -> int:
    try:
        return parse_size_bytes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _on_off(text: str) -> bool:
    word = text.strip().lower()
    if word in ("on", "yes", "true", "1"):
        return True
    if word in ("off", "no", "false", "0"):
        return False
    raise argparse.ArgumentTypeError(f"say on or off, not {text!r}")


def _flags(args: argparse.Namespace) -> tuple[bool | None, bool | None]:
    if getattr(args, "live", False):
        return True, False
    if getattr(args, "config", False):
        return False, True
    return None, None


def boot_keys(text: str, view: SettingsView) -> tuple[str, ...]:
    """``vda,hdc,net:52:54:…`` (or ``hd``, ``cdrom``, ``network``: the first of that kind)."""
    keys: list[str] = []
    known = {device.key for device in view.boot.devices}
    for word in (part.strip() for part in text.split(",")):
        if not word:
            continue
        kind = _BOOT_WORDS.get(word.lower())
        if kind is not None:
            first = next((d.key for d in view.boot.devices if d.kind == kind), None)
            if first is None:
                raise BadInput(f"--boot {word}: the domain has no {kind} device")
            keys.append(first)
            continue
        key = word
        if word not in known and word.count(":") == 5:
            key = f"net:{comparable_mac(word)}"
        if key not in known:
            names = ", ".join(sorted(known)) or "none"
            raise BadInput(f"--boot: no bootable device {word!r} (devices: {names})")
        keys.append(key)
    return tuple(keys)


async def _finish(
    args: argparse.Namespace, session: Session, uuid: str, plan: Plan, apply: Any
) -> int:
    if args.dry_run:
        if args.print_xml:
            say_domain_xml(plan.xml)
        else:
            say(plan.describe(dry_run=True))
        return EXIT_OK
    if plan.empty:
        say(plan.describe())
        return EXIT_OK
    result: Result = await apply()
    if args.print_xml:
        say_domain_xml(await session.lifecycle.xml(uuid, inactive=result.config))
    else:
        say(result.describe())
    return EXIT_OK


# ---------------------------------------------------------------------- set


def _changes(args: argparse.Namespace, view: SettingsView) -> list[Change]:
    changes: list[Change] = []
    cpus = view.cpus
    if args.max_vcpus is not None:
        cpus = replace(cpus, maximum=args.max_vcpus)
        if cpus.has_topology and args.vcpus is None and cpus.current > args.max_vcpus:
            cpus = replace(cpus, current=args.max_vcpus)
    if args.vcpus is not None:
        cpus = replace(cpus, current=args.vcpus)
    if cpus != view.cpus:
        changes.append(Change(Section.CPUS, view.cpus, cpus))
    memory = view.memory
    if args.max_memory is not None:
        memory = replace(memory, maximum_kib=args.max_memory)
    if args.memory is not None:
        memory = replace(memory, current_kib=args.memory)
    if memory != view.memory:
        changes.append(Change(Section.MEMORY, view.memory, memory))
    boot = view.boot
    if args.boot is not None:
        boot = replace(boot, order=boot_keys(args.boot, view))
    if args.boot_menu is not None:
        boot = replace(boot, menu=args.boot_menu)
    if boot != view.boot:
        changes.append(Change(Section.BOOT, view.boot, boot))
    overview = view.overview
    if args.autostart is not None:
        overview = replace(overview, autostart=args.autostart)
    if args.title is not None:
        overview = replace(overview, title=args.title)
    if overview != view.overview:
        changes.append(Change(Section.OVERVIEW, view.overview, overview))
    return changes


async def _set(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    if all(
        getattr(args, name) is None
        for name in (
            "vcpus",
            "max_vcpus",
            "memory",
            "max_memory",
            "boot",
            "boot_menu",
            "autostart",
            "title",
        )
    ):
        raise BadInput("nothing to set: give --vcpus, --memory, --boot, --autostart …")
    view = await session.settings.read(domain.uuid)
    changes = _changes(args, view)
    live, config = _flags(args)
    made = await session.settings.plan_with(
        domain.uuid, lambda handle: plan_sections(handle, changes, live=live, config=config)
    )
    return await _finish(
        args,
        session,
        domain.uuid,
        made,
        lambda: session.settings.apply_changes(domain.uuid, changes, live=live, config=config),
    )


# --------------------------------------------------------------------- disk


def disk_row(disk: Disk) -> dict[str, Any]:
    return {
        "target": disk.target,
        "device": disk.device,
        "bus": disk.bus,
        "source": disk.source,
        "format": disk.format,
        "cache": disk.cache,
        "read_only": disk.read_only,
    }


async def _disk_list(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    view = await session.settings.read(domain.uuid)
    rows = [disk_row(disk) for disk in view.disks]
    if args.json:
        say_json(rows)
        return EXIT_OK
    table = [
        [
            row["target"],
            row["device"],
            row["bus"],
            row["source"] or "(empty)",
            row["format"] or "-",
            row["cache"] or "default",
            "yes" if row["read_only"] else "no",
        ]
        for row in rows
    ]
    say(format_table(DISK_COLUMNS, table, right=set()))
    return EXIT_OK


async def _disk_add(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    if args.source and (args.pool or args.volume):
        raise BadInput("give a PATH or --pool/--volume, not both")
    if args.size is not None and not (args.pool and args.volume):
        raise BadInput("--size makes a new volume: it needs --pool and --volume")
    device = args.device
    bus = args.bus or ("sata" if device == "cdrom" else "virtio")
    new = NewDisk(
        source=args.source or "",
        pool=args.pool or "",
        volume=args.volume or "",
        size_bytes=args.size or 0,
        device=device,
        bus=bus,
        cache=args.cache or "",
        read_only=args.read_only,
        format=args.format or "",
    )
    live, config = _flags(args)
    plan = await session.settings.plan_with(
        domain.uuid, lambda h: devices.plan_disk_add(h, new, live=live, config=config)
    )
    return await _finish(
        args,
        session,
        domain.uuid,
        plan,
        lambda: session.settings.add_disk(domain.uuid, new, live=live, config=config),
    )


async def _disk_remove(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    live, config = _flags(args)
    plan = await session.settings.plan_with(
        domain.uuid, lambda h: devices.plan_disk_remove(h, args.target, live=live, config=config)
    )
    return await _finish(
        args,
        session,
        domain.uuid,
        plan,
        lambda: session.settings.remove_disk(domain.uuid, args.target, live=live, config=config),
    )


async def _disk_resize(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    plan = await session.settings.plan_with(
        domain.uuid, lambda h: devices.plan_disk_resize(h, args.target, args.size)
    )
    return await _finish(
        args,
        session,
        domain.uuid,
        plan,
        lambda: session.settings.resize_disk(domain.uuid, args.target, args.size),
    )


async def _media(args: argparse.Namespace, session: Session, path: str) -> int:
    domain = session.lifecycle.find(args.domain)
    live, config = _flags(args)
    plan = await session.settings.plan_with(
        domain.uuid, lambda h: devices.plan_media(h, args.target, path, live=live, config=config)
    )
    return await _finish(
        args,
        session,
        domain.uuid,
        plan,
        lambda: session.settings.change_media(
            domain.uuid, args.target, path, live=live, config=config
        ),
    )


async def _disk_eject(args: argparse.Namespace, session: Session) -> int:
    return await _media(args, session, "")


async def _disk_insert(args: argparse.Namespace, session: Session) -> int:
    return await _media(args, session, args.path)


# ------------------------------------------------------------------- parser


def _where(parser: argparse.ArgumentParser, *, print_xml: bool = True) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--live", action="store_true", help="change the running domain only")
    where.add_argument("--config", action="store_true", help="change the configuration only")
    _dry(parser, print_xml=print_xml)


def _dry(parser: argparse.ArgumentParser, *, print_xml: bool = True) -> None:
    parser.add_argument("--dry-run", action="store_true", help="validate and show; change nothing")
    if print_xml:
        parser.add_argument(
            "--print-xml", action="store_true", help="print the resulting domain XML"
        )
    else:
        parser.set_defaults(print_xml=False)


def register(commands: Any) -> None:
    """Add ``set`` and ``disk`` to the CLI's subcommands."""
    setting = commands.add_parser(
        "set", help="change CPUs, memory, boot order, autostart of a domain"
    )
    setting.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    setting.add_argument("--vcpus", type=int, metavar="N", help="current CPUs (live if running)")
    setting.add_argument("--max-vcpus", type=int, metavar="N", help="maximum CPUs")
    setting.add_argument(
        "--memory", type=_size_kib, metavar="SIZE", help="current memory, e.g. 512M, 2G"
    )
    setting.add_argument("--max-memory", type=_size_kib, metavar="SIZE", help="maximum memory")
    setting.add_argument(
        "--boot", metavar="DEV,DEV…", help="boot order: disk targets, net:MAC, hd, cdrom, network"
    )
    setting.add_argument("--boot-menu", type=_on_off, metavar="on|off", help="boot menu")
    setting.add_argument("--autostart", type=_on_off, metavar="on|off", help="start with the host")
    setting.add_argument("--title", metavar="TEXT", help="title (one line)")
    _where(setting)
    setting.set_defaults(handler=_set)

    disk = commands.add_parser("disk", help="list, add, remove, resize disks; CD-ROM media")
    actions = disk.add_subparsers(dest="disk_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the domain's disks and CD-ROMs")
    listing.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_disk_list)

    add = actions.add_parser("add", help="add a file, a pool volume or a new volume")
    add.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    add.add_argument("source", metavar="PATH", nargs="?", help="an existing file or device")
    add.add_argument("--pool", metavar="POOL", help="storage pool of --volume")
    add.add_argument("--volume", metavar="NAME", help="a volume in --pool (new with --size)")
    add.add_argument(
        "--size", type=_size_bytes, metavar="SIZE", help="make the volume this big, e.g. 10G"
    )
    add.add_argument("--device", choices=("disk", "cdrom"), default="disk")
    add.add_argument("--bus", choices=[str(b) for b in DISK_BUSES], help="default: virtio")
    add.add_argument("--cache", choices=[m for m in CACHE_MODES if m], help="cache mode")
    add.add_argument("--format", metavar="FMT", help="raw, qcow2 … (default: detected)")
    add.add_argument("--read-only", action="store_true")
    _where(add)
    add.set_defaults(handler=_disk_add)

    remove = actions.add_parser("remove", help="remove a disk (its file stays)")
    remove.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    remove.add_argument("target", metavar="TARGET", help="e.g. vdb")
    _where(remove)
    remove.set_defaults(handler=_disk_remove)

    resize = actions.add_parser("resize", help="grow a disk (live while running)")
    resize.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    resize.add_argument("target", metavar="TARGET", help="e.g. vda")
    resize.add_argument("size", metavar="SIZE", type=_size_bytes, help="the new size, e.g. 20G")
    _dry(resize, print_xml=False)
    resize.set_defaults(handler=_disk_resize)

    eject = actions.add_parser("eject", help="eject a CD-ROM's media")
    eject.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    eject.add_argument("target", metavar="TARGET", help="e.g. sda")
    _where(eject)
    eject.set_defaults(handler=_disk_eject)

    insert = actions.add_parser("insert", help="insert media into a CD-ROM")
    insert.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    insert.add_argument("target", metavar="TARGET", help="e.g. sda")
    insert.add_argument("path", metavar="PATH", help="an ISO image")
    _where(insert)
    insert.set_defaults(handler=_disk_insert)
