"""``kvmdesk-cli pool …``: list, show, create, start, stop, autostart, refresh, delete pools.

Errors follow the CLI's exit codes: 2 for bad input (bad name or path, a type the
connection does not offer, a pool in use), 1 when libvirt refuses.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kvmdesk.cli.output import EXIT_OK, PROG, display_width, format_table, say, say_json
from kvmdesk.cli.storage_output import pool_json, pool_row, storage_word
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n.catalog import arg, translate
from kvmdesk.core.storage.access import folder_access_problem
from kvmdesk.core.storage.defaults import default_pool_path
from kvmdesk.core.storage.labels import INFO_LABELS, POOL_COLUMNS, yes_no
from kvmdesk.core.storage.validate import validate_pool_spec
from kvmdesk.core.storage.values import CREATABLE_POOL_TYPES, NetfsFormat, PoolSpec, PoolType
from kvmdesk.core.storage.xml import new_pool_xml
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.text import escape_for_terminal_lines


async def _list(args: argparse.Namespace, session: Session) -> int:
    pools = sorted(session.storage.pools.values(), key=lambda p: (p.name.casefold(), p.name))
    if args.json:
        say_json([pool_json(p) for p in pools])
        return EXIT_OK
    headers = [storage_word(column) for column in POOL_COLUMNS]
    say(format_table(headers, [pool_row(p) for p in pools], right={3, 4, 5}))
    return EXIT_OK


async def _info(args: argparse.Namespace, session: Session) -> int:
    pool = session.storage.find(args.name)
    if pool.active:
        await session.storage.list_volumes(args.name)
    users = session.storage.users_of_pool(args.name)
    if args.json:
        say_json(pool_json(pool, users))
        return EXIT_OK
    uuid, source, persistent, used_by = INFO_LABELS
    pairs = list(zip(map(storage_word, POOL_COLUMNS), pool_row(pool), strict=True))
    pairs += [
        (uuid, pool.uuid),
        (storage_word(source), pool.source),
        (storage_word(persistent), storage_word(yes_no(pool.persistent))),
        (storage_word(used_by), ", ".join(users)),
    ]
    width = max(display_width(label) for label, _ in pairs) + 1
    for label, value in pairs:
        say(f"{label}:{' ' * (width - display_width(label) - 1)} {value}".rstrip())
    return EXIT_OK


def _parse_type(text: str) -> PoolType:
    try:
        return PoolType(text)
    except ValueError:
        words = ", ".join(str(t) for t in CREATABLE_POOL_TYPES)
        raise BadInput(f"unknown pool type {text!r} (use one of: {words})") from None


async def _create(args: argparse.Namespace, session: Session) -> int:
    pool_type = _parse_type(args.type)
    path = args.path
    if path is None and pool_type is PoolType.DIR:
        path = default_pool_path(session.uri, args.name)
    spec = PoolSpec(
        name=args.name,
        type=pool_type,
        target_path=path or "",
        source_device=args.source_device or "",
        source_host=args.source_host or "",
        source_dir=args.source_dir or "",
        source_name=args.source_name or "",
        initiator_iqn=args.initiator or "",
        netfs_format=NetfsFormat(args.netfs_format),
        mode=args.mode,
        autostart=not args.no_autostart,
        start=not args.no_start,
    )
    capabilities = await session.storage.capabilities()
    validate_pool_spec(spec, session.storage.pools.values(), capabilities)
    problem = folder_access_problem(session.uri, spec.target_path) if spec.target_path else None
    if problem:
        print(f"{PROG}: warning: {escape_for_terminal_lines(problem)}", file=sys.stderr, flush=True)
    if args.dry_run:
        if args.print_xml:
            say(new_pool_xml(spec).rstrip())
        else:
            say(
                arg(
                    translate("cli", "%1: would create a %2 pool (dry run: nothing changed)"),
                    spec.name,
                    pool_type,
                )
            )
        return EXIT_OK
    pool = await session.storage.create_pool(spec, capabilities=capabilities)
    if args.print_xml:
        say((await session.storage.pool_xml(spec.name)).rstrip())
    else:
        state = "started" if pool.active else "not started"
        where = f" in {pool.target_path}" if pool.target_path else ""
        say(f"{spec.name}: created {pool_type} pool{where}, {state}")
    return EXIT_OK


async def _start(args: argparse.Namespace, session: Session) -> int:
    await session.storage.start_pool(args.name)
    say(arg(translate("cli", "%1: started"), args.name))
    return EXIT_OK


async def _stop(args: argparse.Namespace, session: Session) -> int:
    await session.storage.stop_pool(args.name)
    say(arg(translate("cli", "%1: stopped"), args.name))
    return EXIT_OK


async def _refresh(args: argparse.Namespace, session: Session) -> int:
    await session.storage.refresh_pool(args.name)
    say(arg(translate("cli", "%1: refreshed"), args.name))
    return EXIT_OK


async def _autostart(args: argparse.Namespace, session: Session) -> int:
    await session.storage.set_pool_autostart(args.name, args.state == "on")
    say(arg(translate("cli", "%1: autostart %2"), args.name, args.state))
    return EXIT_OK


async def _delete(args: argparse.Namespace, session: Session) -> int:
    await session.storage.delete_pool(args.name, remove_storage=args.remove_storage)
    what = "deleted with its volumes and folder" if args.remove_storage else "deleted"
    say(f"{args.name}: {what}")
    return EXIT_OK


async def _sources(args: argparse.Namespace, session: Session) -> int:
    sources = await session.storage.find_sources(_parse_type(args.type), args.host or "")
    if args.json:
        say_json([{"host": s.host, "dir": s.dir, "device": s.device, "name": s.name,
                         "format": s.format} for s in sources])  # fmt: skip
        return EXIT_OK
    for source in sources:
        say(source.label)
    return EXIT_OK


def register(commands: Any) -> None:
    """Add ``pool`` to the CLI's subcommands."""
    pool = commands.add_parser("pool", help="list, create, start, stop and delete storage pools")
    actions = pool.add_subparsers(dest="pool_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="pools with type, state and sizes")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    info = actions.add_parser("info", help="one pool in detail, with the domains using it")
    info.add_argument("name", metavar="NAME")
    info.add_argument("--json", action="store_true", help="print a JSON object")
    info.set_defaults(handler=_info)

    words = ", ".join(str(t) for t in CREATABLE_POOL_TYPES)
    create = actions.add_parser("create", help="define, build and start a new pool")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--type", default="dir", metavar="TYPE", help=f"{words} (default: dir)")
    create.add_argument(
        "--path", metavar="DIR", help="the pool's folder (dir: default the libvirt images folder)"
    )
    create.add_argument("--source-device", metavar="DEV", help="fs: the block device; logical: PV")
    create.add_argument("--source-host", metavar="HOST", help="netfs, iscsi-direct: the server")
    create.add_argument("--source-dir", metavar="DIR", help="netfs: the export (or CIFS share)")
    create.add_argument("--source-name", metavar="NAME", help="logical: VG; iscsi-direct: IQN")
    create.add_argument("--initiator", metavar="IQN", help="iscsi-direct: the initiator's IQN")
    create.add_argument(
        "--netfs-format", default="auto", choices=[str(f) for f in NetfsFormat], help="netfs"
    )
    create.add_argument("--mode", default="0711", metavar="OCTAL", help="dir: folder mode")
    create.add_argument("--no-start", action="store_true", help="define only")
    create.add_argument("--no-autostart", action="store_true", help="do not start with the host")
    create.add_argument("--dry-run", action="store_true", help="validate only; change nothing")
    create.add_argument("--print-xml", action="store_true", help="print the pool XML")
    create.set_defaults(handler=_create)

    for word, handler, text in (
        ("start", _start, "start a pool"),
        ("stop", _stop, "stop a pool (refused while a running VM uses it)"),
        ("refresh", _refresh, "rescan a pool's volumes"),
    ):
        parser = actions.add_parser(word, help=text)
        parser.add_argument("name", metavar="NAME")
        parser.set_defaults(handler=handler)

    autostart = actions.add_parser("autostart", help="start the pool with the host or not")
    autostart.add_argument("name", metavar="NAME")
    autostart.add_argument("state", choices=("on", "off"), metavar="on|off")
    autostart.set_defaults(handler=_autostart)

    delete = actions.add_parser("delete", help="stop and undefine a pool no VM uses")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument(
        "--remove-storage", action="store_true", help="also delete its volumes and folder"
    )
    delete.set_defaults(handler=_delete)

    sources = actions.add_parser("sources", help="what libvirt finds for a pool type")
    sources.add_argument("type", metavar="TYPE", help="netfs (with --host) or logical")
    sources.add_argument("--host", metavar="HOST", help="the server to ask (netfs)")
    sources.add_argument("--json", action="store_true", help="print a JSON array")
    sources.set_defaults(handler=_sources)
