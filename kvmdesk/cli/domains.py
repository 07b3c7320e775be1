"""``kvmdesk-cli list``, the lifecycle actions (``start`` … ``undefine``) and ``events``.

The domain commands: a table or JSON array of the connection's domains, an action on
one or more domains named by name or UUID (every name is resolved before anything
changes), and the connection's event stream until a timeout or a count.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from kvmdesk.cli.output import EXIT_OK, format_table, say, say_json, seconds
from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.i18n.catalog import arg, mode_word, translate
from kvmdesk.core.nic.mode import nic_summary
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.events import Event
from kvmdesk.core.types.labels import (
    DOMAIN_STATE_CONTEXT,
    DOMAIN_STATE_LABELS,
    QT_TRANSLATE_NOOP,
    format_memory,
)
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import ConnectionState

# What each action prints for a domain it was performed on.
_DONE: dict[DomainAction, str] = {
    DomainAction.START: QT_TRANSLATE_NOOP("cli", "%1: started"),
    DomainAction.SHUTDOWN: QT_TRANSLATE_NOOP("cli", "%1: shutdown requested"),
    DomainAction.REBOOT: QT_TRANSLATE_NOOP("cli", "%1: reboot requested"),
    DomainAction.DESTROY: QT_TRANSLATE_NOOP("cli", "%1: destroyed"),
    DomainAction.SUSPEND: QT_TRANSLATE_NOOP("cli", "%1: suspended"),
    DomainAction.RESUME: QT_TRANSLATE_NOOP("cli", "%1: resumed"),
    DomainAction.UNDEFINE: QT_TRANSLATE_NOOP("cli", "%1: undefined"),
}


# -------------------------------------------------------------------- output


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


def _nics_cell(domain: DomainSnapshot, networks: Mapping[str, NetworkSnapshot]) -> str:
    # The GUI's Network column, word for word.
    return ", ".join(nic_summary(nic, networks, mode_word) for nic in domain.nics) or "-"


# ------------------------------------------------------------------ commands


def _sorted_domains(session: Session) -> list[DomainSnapshot]:
    return sorted(session.domains.values(), key=lambda d: (d.name, d.uuid))


async def _list(args: argparse.Namespace, session: Session) -> int:
    domains = _sorted_domains(session)
    if args.json:
        say_json([domain_json(d) for d in domains])
        return EXIT_OK
    rows = [
        [
            d.name,
            d.uuid,
            translate(DOMAIN_STATE_CONTEXT, DOMAIN_STATE_LABELS[d.state]),
            str(d.vcpus),
            format_memory(d.memory_kib, translate),
            _nics_cell(d, session.networks),
        ]
        for d in domains
    ]
    headers = [
        translate("cli", "NAME"),
        "UUID",
        translate("cli", "STATE"),
        translate("cli", "VCPUS"),
        translate("cli", "MEMORY"),
        translate("cli", "NICS"),
    ]
    say(format_table(headers, rows, right={3, 4}))
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
        say(arg(translate("cli", _DONE[action]), domain.name))
    return EXIT_OK


async def _events(args: argparse.Namespace, session: Session) -> int:
    done = asyncio.Event()
    shown = 0

    def show(event: Event) -> None:
        nonlocal shown
        if done.is_set():
            return
        if args.json:
            say_json(event.to_json(), indent=None)
        else:
            say(event.to_line())
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
    parser.add_argument("--timeout", type=seconds, metavar="SECONDS", help="stop after SECONDS")
    parser.add_argument("--count", type=_positive_int, metavar="N", help="stop after N events")
    parser.set_defaults(handler=_events)


def register(commands: Any) -> None:
    """Add ``list``, the lifecycle actions and ``events`` to the CLI's subcommands."""
    _add_list(commands)
    _add_actions(commands)
    _add_events(commands)
