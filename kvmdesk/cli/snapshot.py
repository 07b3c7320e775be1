"""``kvmdesk-cli snapshot …`` and ``kvmdesk-cli clone``: the snapshot window's core, from a shell.

``snapshot list`` prints the tree (current marked ``*``) and what can be created,
reverted and deleted, with the reason for what cannot; ``create``, ``revert`` and
``delete`` go through ``session.snapshots``, which refuses what the plan withholds
(exit 1, the reason on one line) before libvirt is asked. ``clone`` copies a
shut-off domain (``--linked``: qcow2 overlays on the original's disks); ``--dry-run``
creates nothing and ``--print-xml`` (which implies it) prints the XML that would be
written. Bad input (unknown domain or snapshot, a bad or taken name) exits 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kvmdesk.cli.output import EXIT_OK, PROG, format_table, say, say_domain_xml, say_json
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n.catalog import arg, translate
from kvmdesk.core.snapshot.clone import ClonePlan, DiskMode
from kvmdesk.core.snapshot.clone_ops import CloneProgress
from kvmdesk.core.snapshot.ops import snapshot_xml
from kvmdesk.core.snapshot.plan import CreateKind, Possibility, SnapshotPlan, reason_text
from kvmdesk.core.snapshot.service import SnapshotOverview, require, validate_snapshot_name
from kvmdesk.core.snapshot.tree import SnapshotInfo
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.text import escape_for_terminal_lines

_KIND_WORDS = {
    CreateKind.INTERNAL: "internal",
    CreateKind.EXTERNAL_DISK_ONLY: "external, disk only",
    CreateKind.EXTERNAL_WITH_MEMORY: "external, with memory",
}


def _possibility_json(possibility: Possibility) -> dict[str, Any]:
    blocker = possibility.blocker
    return {
        "allowed": blocker is None,
        "reason": reason_text(blocker) if blocker is not None else None,
        "reason_code": str(blocker.reason) if blocker is not None else None,
    }


def snapshot_json(snapshot: SnapshotInfo, plan: SnapshotPlan, depth: int) -> dict[str, Any]:
    """One snapshot as ``snapshot list --json`` prints it."""
    actions = plan.for_snapshot(snapshot.name)
    return {
        "name": snapshot.name,
        "parent": snapshot.parent or None,
        "depth": depth,
        "current": snapshot.current,
        "created": snapshot.created.isoformat(),
        "description": snapshot.description,
        "state": snapshot.state,
        "memory": snapshot.memory,
        "kind": str(snapshot.kind),
        "revert": _possibility_json(actions.revert),
        "delete": _possibility_json(actions.delete),
        "delete_with_children": _possibility_json(actions.delete_with_children),
    }


def overview_json(overview: SnapshotOverview) -> dict[str, Any]:
    tree, plan = overview.tree, overview.plan
    return {
        "domain": overview.domain.name,
        "state": str(overview.state),
        "create": {str(kind): _possibility_json(p) for kind, p in plan.create.items()},
        "snapshots": [snapshot_json(s, plan, tree.depth(s.name)) for s in tree],
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


async def _list(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    overview = await session.snapshots.overview(domain.uuid)
    if args.json:
        say_json(overview_json(overview))
        return EXIT_OK
    rows = []
    for snapshot in overview.tree:
        marker = "*" if snapshot.current else " "
        name = "  " * overview.tree.depth(snapshot.name) + snapshot.name
        created = snapshot.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [
                f"{marker} {name}",
                created,
                snapshot.state,
                _yes(snapshot.memory),
                str(snapshot.kind),
                snapshot.description or "-",
            ]
        )
    if rows:
        headers = ["  NAME", "CREATED", "STATE", "MEMORY", "KIND", "DESCRIPTION"]
        say(format_table(headers, rows, right=set()))
    else:
        say(arg(translate("cli", "%1 has no snapshots"), domain.name))
    for kind, possibility in overview.plan.create.items():
        if possibility.blocker is None:
            say(f"can create: {_KIND_WORDS[kind]}")
        else:
            say(f"cannot create {_KIND_WORDS[kind]}: {reason_text(possibility.blocker)}")
    for snapshot in overview.tree:
        actions = overview.plan.for_snapshot(snapshot.name)
        for what, possibility in (("revert to", actions.revert), ("delete", actions.delete)):
            if possibility.blocker is not None:
                reason = reason_text(possibility.blocker)
                say(f"cannot {what} {snapshot.name}: {reason}")
    return EXIT_OK


def _needs_name(args: argparse.Namespace) -> str:
    if not args.name:
        raise BadInput(f"snapshot {args.action} needs a snapshot NAME")
    return str(args.name)


def _chosen_kind(args: argparse.Namespace) -> CreateKind:
    if args.disk_only:
        return CreateKind.EXTERNAL_DISK_ONLY
    if args.with_memory:
        return CreateKind.EXTERNAL_WITH_MEMORY
    return CreateKind.INTERNAL


async def _create(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    name = _needs_name(args)
    kind = _chosen_kind(args)
    if args.dry_run or args.print_xml:
        overview = await session.snapshots.overview(domain.uuid)
        cleaned = validate_snapshot_name(name, overview.tree)
        require(overview.plan.create[kind], f"take a {kind} snapshot")
        facts = await session.snapshots.facts(domain.uuid)
        if args.print_xml:
            say(snapshot_xml(kind, cleaned, args.description, facts))
        else:
            say(f"{domain.name}: would take snapshot {cleaned} ({_KIND_WORDS[kind]})")
        return EXIT_OK
    if kind is CreateKind.INTERNAL:
        overview = await session.snapshots.overview(domain.uuid)
        blocker = overview.plan.create[kind].blocker
        if blocker is not None:
            hint = ""
            if overview.plan.create[CreateKind.EXTERNAL_DISK_ONLY].allowed:
                hint = " (--disk-only takes an external snapshot)"
            require(overview.plan.create[kind], f"take an internal snapshot{hint}")
    taken = await session.snapshots.create(domain.uuid, name, kind, args.description)
    say(f"{domain.name}: snapshot {taken.name} taken ({_KIND_WORDS[kind]})")
    return EXIT_OK


async def _revert(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    name = _needs_name(args)
    await session.snapshots.revert(domain.uuid, name)
    say(
        arg(translate("cli", "%1: reverted to %2; the state since then is gone"), domain.name, name)
    )
    return EXIT_OK


async def _delete(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    name = _needs_name(args)
    kept = await session.snapshots.delete(domain.uuid, name, children=args.children)
    what = "with its children" if args.children else ""
    say(" ".join(f"{domain.name}: snapshot {name} deleted {what}".split()))
    for path in kept:
        print(f"{PROG}: warning: kept memory file {path} (in no storage pool)", file=sys.stderr)
    return EXIT_OK


_ACTIONS = {"list": _list, "create": _create, "revert": _revert, "delete": _delete}


async def _snapshot(args: argparse.Namespace, session: Session) -> int:
    if args.action != "create" and (args.disk_only or args.with_memory or args.description):
        raise BadInput("--disk-only, --with-memory and --description go with snapshot create")
    if args.action != "create" and (args.dry_run or args.print_xml):
        raise BadInput("--dry-run and --print-xml go with snapshot create")
    if args.action != "delete" and args.children:
        raise BadInput("--children goes with snapshot delete")
    if args.action == "list" and args.name:
        raise BadInput("snapshot list takes no snapshot NAME")
    if args.action != "list" and args.json:
        raise BadInput("--json goes with snapshot list")
    return await _ACTIONS[args.action](args, session)


# ----------------------------------------------------------------------- clone


def _plan_lines(plan: ClonePlan) -> list[str]:
    lines = [f"clone {plan.source_name} as {plan.name} (UUID {plan.uuid})"]
    for disk in plan.disks:
        if disk.mode is DiskMode.COPY:
            lines.append(f"  {disk.target}: copy {disk.source_path} to {disk.new_path}")
        elif disk.mode is DiskMode.LINKED:
            lines.append(f"  {disk.target}: new {disk.new_path} backed by {disk.source_path}")
        elif disk.mode is DiskMode.SHARED:
            lines.append(f"  {disk.target}: shared {disk.source_path} (read-only or shareable)")
        else:
            lines.append(f"  {disk.target}: empty drive")
    lines.extend(f"  MAC {old} becomes {new}" for old, new in plan.macs)
    if plan.nvram is not None:
        lines.append(f"  NVRAM: copy {plan.nvram.source_path} to {plan.nvram.new_path}")
    return lines


async def _clone(args: argparse.Namespace, session: Session) -> int:
    source = session.lifecycle.find(args.source)
    plan = await session.clones.plan(source.uuid, args.new_name, linked=args.linked)
    if args.print_xml:
        say_domain_xml(await session.clones.xml(source.uuid, plan))
        return EXIT_OK
    if args.dry_run:
        for line in _plan_lines(plan):
            say(line)
        return EXIT_OK
    shown: set[tuple[str, int]] = set()

    def progress(update: CloneProgress) -> None:
        if update.disk and (update.disk, update.index) not in shown:
            shown.add((update.disk, update.index))
            print(
                f"{PROG}: copying {escape_for_terminal_lines(update.disk)} "
                f"({update.index + 1} of {update.count})",
                file=sys.stderr,
                flush=True,
            )

    uuid = await session.clones.clone(source.uuid, plan, progress)
    kind = "linked clone" if plan.linked else "clone"
    say(f"{plan.name}: {kind} of {source.name} created (UUID {uuid})")
    if plan.linked:
        say(
            arg(
                translate("cli", "%1: its disks are backed by %2's: do not change or delete them"),
                plan.name,
                source.name,
            )
        )
    return EXIT_OK


def register(commands: Any) -> None:
    """Add ``snapshot`` and ``clone`` to the CLI's subcommands."""
    parser = commands.add_parser(
        "snapshot", help="list, create, revert or delete a domain's snapshots"
    )
    parser.add_argument("action", choices=sorted(_ACTIONS), help="what to do")
    parser.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    parser.add_argument("name", nargs="?", metavar="NAME", help="the snapshot's name")
    parser.add_argument("--description", default="", metavar="TEXT", help="for create")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--disk-only", action="store_true", help="create an external, disk-only snapshot"
    )
    kind.add_argument(
        "--with-memory",
        action="store_true",
        help="create an external snapshot with the running VM's memory",
    )
    parser.add_argument("--children", action="store_true", help="delete with its children")
    parser.add_argument("--json", action="store_true", help="list as JSON")
    parser.add_argument("--dry-run", action="store_true", help="create: change nothing")
    parser.add_argument(
        "--print-xml", action="store_true", help="create: print the snapshot XML (a dry run)"
    )
    parser.set_defaults(handler=_snapshot)

    clone = commands.add_parser("clone", help="clone a shut-off domain")
    clone.add_argument("source", metavar="SOURCE", help="name or UUID of the domain to clone")
    clone.add_argument("new_name", metavar="NEW-NAME", help="the clone's name")
    clone.add_argument(
        "--linked", action="store_true", help="qcow2 overlays backed by the original's disks"
    )
    clone.add_argument("--dry-run", action="store_true", help="show the plan, create nothing")
    clone.add_argument("--print-xml", action="store_true", help="print the clone's XML (a dry run)")
    clone.set_defaults(handler=_clone)
