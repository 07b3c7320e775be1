"""``kvmdesk-cli``: the same Qt-free core as the desktop app, for shells and scripts.

Every command opens one :class:`~kvmdesk.core.connection.session.Session`, does its work
and closes it. Exit codes: 0 success, 1 libvirt failed (libvirt's message),
2 bad input (unknown domain, bad URI, bad option), 130 interrupted. Errors are
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, NoReturn

from kvmdesk import __version__
from kvmdesk.core.connection.demo import demo_inventory, demo_uri, prepare_demo
from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure, one_line
from kvmdesk.core.types.events import Event
from kvmdesk.core.types.snapshots import DomainSnapshot, NicSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.uri import default_uri, validate_uri

PROG = "kvmdesk-cli"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a C tool dies with

Handler = Callable[[argparse.Namespace, Session], Awaitable[int]]
Prepare = Callable[[Any], None]

# What each action prints for a domain it was performed on.
_DONE: dict[DomainAction, str] = {
    DomainAction.START: "started",
    DomainAction.SHUTDOWN: "shutdown requested",
    DomainAction.REBOOT: "reboot requested",
    DomainAction.DESTROY: "destroyed",
    DomainAction.SUSPEND: "suspended",
    DomainAction.RESUME: "resumed",
    DomainAction.UNDEFINE: "undefined",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option as BadInput: one line, exit 2, like every error."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{message} (see {PROG} --help)")


# -------------------------------------------------------------------- output


def _say(text: str) -> None:
    print(text, flush=True)


def _nic_json(nic: NicSnapshot) -> dict[str, Any]:
    return {
        "mac": nic.mac,
        "model": nic.model,
        "type": nic.type,
        "source": nic.source,
        "link": "up" if nic.link_up else "down",
    }


def domain_json(domain: DomainSnapshot) -> dict[str, Any]:
    """One domain as ``list --json`` prints it."""
    return {
        "name": domain.name,
        "uuid": domain.uuid,
        "state": str(domain.state),
        "vcpus": domain.vcpus,
        "memory_kib": domain.memory_kib,
        "persistent": domain.persistent,
        "nics": [_nic_json(nic) for nic in domain.nics],
    }


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def _nics_cell(domain: DomainSnapshot) -> str:
    return ", ".join(f"{nic.type}:{nic.source}" if nic.source else nic.type for nic in domain.nics)


def _memory_cell(kib: int) -> str:
    return f"{kib // 1024} MiB" if kib % 1024 == 0 else f"{kib} KiB"


# ------------------------------------------------------------------ commands


def _sorted_domains(session: Session) -> list[DomainSnapshot]:
    return sorted(session.domains.values(), key=lambda d: (d.name, d.uuid))


async def _list(args: argparse.Namespace, session: Session) -> int:
    domains = _sorted_domains(session)
    if args.json:
        _say(json.dumps([domain_json(d) for d in domains], indent=2))
        return EXIT_OK
    rows = [
        [
            d.name,
            d.uuid,
            str(d.state),
            str(d.vcpus),
            _memory_cell(d.memory_kib),
            _nics_cell(d),
        ]
        for d in domains
    ]
    _say(_table(["NAME", "UUID", "STATE", "VCPUS", "MEMORY", "NICS"], rows, right={3, 4}))
    return EXIT_OK


def resolve_domains(session: Session, names: Sequence[str]) -> list[DomainSnapshot]:
    """Every named domain (name or UUID), once each, in order; BadInput naming all unknowns."""
    found: dict[str, DomainSnapshot] = {}
    unknown: list[str] = []
    for name in names:
        try:
            snapshot = session.lifecycle.find(name)
        except BadInput:
            unknown.append(name)
            continue
        found.setdefault(snapshot.uuid, snapshot)
    if len(unknown) == 1:
        session.lifecycle.find(unknown[0])  # raises the core's own message
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise BadInput(f"no domains named {listed} on {session.label}")
    return list(found.values())


async def _act(args: argparse.Namespace, session: Session) -> int:
    action = DomainAction(args.command)
    # Resolve every name before touching anything: a typo must change nothing.
    targets = resolve_domains(session, args.domains)
    for domain in targets:
        await session.lifecycle.perform(domain.uuid, action)
        _say(f"{domain.name}: {_DONE[action]}")
    return EXIT_OK


async def _events(args: argparse.Namespace, session: Session) -> int:
    done = asyncio.Event()
    shown = 0

    def show(event: Event) -> None:
        nonlocal shown
        if done.is_set():
            return
        _say(json.dumps(event.to_json()) if args.json else event.to_line())
        shown += 1
        if args.count is not None and shown >= args.count:
            done.set()

    def watch(watched: Session) -> None:
        if watched.state is ConnectionState.ERROR:
            done.set()

    session.event.connect(show)
    session.state_changed.connect(watch)
    try:
        await asyncio.wait_for(done.wait(), args.timeout)
    except TimeoutError:
        return EXIT_OK
    finally:
        session.event.disconnect(show)
        session.state_changed.disconnect(watch)
    if session.state is ConnectionState.ERROR:
        raise LibvirtFailure(session.message or f"connection to {session.label} lost")
    return EXIT_OK


# -------------------------------------------------------------------- parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def _add_list(commands: Any) -> None:
    parser = commands.add_parser("list", help="list domains with state, size and NICs")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=_list)


def _add_actions(commands: Any) -> None:
    for action in DomainAction:
        parser = commands.add_parser(action.value, help=f"{action.value} domains")
        parser.add_argument("domains", nargs="+", metavar="DOMAIN", help="name or UUID")
        parser.set_defaults(handler=_act)


def _add_events(commands: Any) -> None:
    parser = commands.add_parser("events", help="print domain and network events as they happen")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="stop after SECONDS")
    parser.add_argument("--count", type=_positive_int, metavar="N", help="stop after N events")
    parser.set_defaults(handler=_events)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Manage KVM/libvirt domains from the shell.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "-c",
        "--connect",
        metavar="URI",
        help="libvirt connection URI (default: $LIBVIRT_DEFAULT_URI, else qemu:///system)",
    )
    where.add_argument(
        "--demo", action="store_true", help="use the bundled demo inventory (no daemon needed)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_list(commands)
    _add_actions(commands)
    _add_events(commands)
    from kvmdesk.cli import net as cli_net  # it imports this module's helpers, so not at the top

    cli_net.register(commands)
    from kvmdesk.cli import nic as cli_nic  # likewise

    cli_nic.register(commands)
    from kvmdesk.cli import iface as cli_iface  # likewise

    cli_iface.register(commands)
    return parser


# ---------------------------------------------------------------------- main


def connection_target(args: argparse.Namespace) -> tuple[str, Prepare | None]:
    """The URI to open (demo inventory, ``-c`` or libvirt's default) and its set-up step."""
    if args.demo:
        inventory = demo_inventory()
        if not inventory.is_file():
            raise BadInput(f"demo inventory not found: {inventory}")
        return demo_uri(), prepare_demo
    return validate_uri(args.connect if args.connect is not None else default_uri()), None


async def _run(args: argparse.Namespace, uri: str, prepare: Prepare | None) -> int:
    session = Session(uri, reconnect=False, prepare=prepare)
    try:
        await session.connect()
        if session.state is not ConnectionState.CONNECTED:
            raise session.error or LibvirtFailure(session.message or f"cannot connect to {uri}")
        handler: Handler = args.handler
        return await handler(args, session)
    finally:
        await session.close()


def _report(error: BaseException) -> None:
    print(f"{PROG}: {one_line(str(error))}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        offline: Callable[[argparse.Namespace], int] | None = getattr(args, "offline", None)
        if offline is not None:  # commands that need no connection (modes)
            return offline(args)
        uri, prepare = connection_target(args)
        return asyncio.run(_run(args, uri, prepare))
    except SystemExit as leaving:  # --help and --version
        return leaving.code if isinstance(leaving.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BadInput as error:
        _report(error)
        return EXIT_BAD_INPUT
    except KvmdeskError as error:
        _report(error)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (`| head`); keep Python from failing again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
