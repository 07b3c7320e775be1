"""``kvmdesk-cli``: the same Qt-free core as the desktop app, for shells and scripts.

Every command opens one :class:`~kvmdesk.core.connection.session.Session`, does its work
and closes it. This module holds ``main`` and the parser; each command group (domains,
``nic``, ``net``, ``iface``, ``pool``, ``vol``) is a module that adds its sub-parsers and handlers, and
:mod:`kvmdesk.cli.output` holds what they share. Exit codes: 0 success, 1 libvirt failed (libvirt's message),
2 bad input (unknown domain, bad URI, bad option), 130 interrupted. Errors are
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

from kvmdesk import __version__
from kvmdesk.cli import create, domains, iface, net, nic, pool, settings, snapshot, vol
from kvmdesk.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    PROG,
)
from kvmdesk.core.connection.demo import demo_inventory, demo_uri, prepare_demo
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n import catalog, language
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure, one_line
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util import redaction
from kvmdesk.core.util.text import escape_for_terminal
from kvmdesk.core.util.uri import default_uri, scrub_uris, validate_uri

Handler = Callable[[argparse.Namespace, Session], Awaitable[int]]
Prepare = Callable[[Any], None]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option as BadInput: one line, exit 2, like every error."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{message} (see {PROG} --help)")


# -------------------------------------------------------------------- parser


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
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the human-readable output (zh_CN, en …; default: the locale's, "
        "from LC_ALL, LC_MESSAGES or LANG); JSON output is never translated",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    domains.register(commands)
    net.register(commands)
    nic.register(commands)
    iface.register(commands)
    settings.register(commands)
    create.register(commands)
    pool.register(commands)
    vol.register(commands)
    snapshot.register(commands)
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
            raise session.error or LibvirtFailure(
                session.message or f"cannot connect to {session.label}"
            )
        handler: Handler = args.handler
        return await handler(args, session)
    finally:
        await session.close()


def _report(error: BaseException, uri: str = "") -> None:
    # The one place the CLI prints an error: never with a URI's credentials.
    # A name in libvirt's message is escaped as in the tables (no CR, no bidi override).
    text = one_line(str(error)) + recovery_commands(error, uri)
    message = escape_for_terminal(scrub_uris(text))
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def recovery_commands(error: BaseException, uri: str) -> str:
    """For a change cut short: the commands that finish or undo it (else "")."""
    recovery = error.recovery if isinstance(error, PartialChange) else None
    if recovery is None:
        return ""
    where = f"{PROG} -c {shlex.quote(uri)}" if uri else PROG
    parts = []
    if recovery.finish_commands:
        steps = " && ".join(f"{where} {command}" for command in recovery.finish_commands)
        parts.append(f"to finish it run: {steps}")
    if recovery.undo_commands:
        steps = " && ".join(f"{where} {command}" for command in recovery.undo_commands)
        parts.append(f"to undo it run: {steps}")
    return (" (" + "; ".join(parts) + ")") if parts else ""


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    redaction.install()
    uri = ""
    try:
        args = build_parser().parse_args(argv)
        if args.lang is not None:
            args.lang = language.parse_choice(args.lang, language.available())
        catalog.install(args.lang, os.environ)
        offline: Callable[[argparse.Namespace], int] | None = getattr(args, "offline", None)
        if offline is not None:  # commands that need no connection (modes)
            return offline(args)
        uri, prepare = connection_target(args)
        return asyncio.run(_run(args, uri, prepare))
    except PartialChange as error:
        _report(error, uri)
        return EXIT_FAILURE
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
