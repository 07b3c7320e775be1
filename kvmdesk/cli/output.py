"""What every ``kvmdesk-cli`` command group shares about talking to the shell.

The program name, the exit codes, printing one line or an aligned table on stdout, and
parsing an option's number of seconds. Command groups import this module (and the
core), never the package's ``__init__``, so the parser can import every group at the top.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from kvmdesk.core.util.secure_xml import without_secrets
from kvmdesk.core.util.text import escape_for_terminal, escape_for_terminal_lines

PROG = "kvmdesk-cli"

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a C tool dies with


def say(text: str) -> None:
    """Human-readable text on stdout, flushed at once (pipes and ``events`` readers see it now).

    Control characters, bidi overrides and invisible characters from names are printed
    as escapes (``\\x0d``, ``\\u202e``) so that a name can neither overwrite its line
    nor reorder the terminal's text; line breaks and tabs of the text itself stay.
    """
    print(escape_for_terminal_lines(text), flush=True)


def say_json(value: Any, *, indent: int | None = 2) -> None:
    """``value`` as JSON on stdout, exact (ASCII, every character escaped the JSON way)."""
    print(json.dumps(value, indent=indent), flush=True)


def say_domain_xml(xml: str) -> None:
    """Print a domain's XML, never its secrets (graphics passwords)."""
    say(without_secrets(xml).rstrip())


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell, two spaces apart; ``right`` columns align right.

    Every cell is one line: its control, bidi and invisible characters are escaped
    virsh-style (a CR in a name cannot overwrite its row, a LF cannot split it).
    """
    rows = [[escape_for_terminal(cell) for cell in row] for row in rows]
    widths = [
        max([display_width(h), *(display_width(row[i]) for row in rows)])
        for i, h in enumerate(headers)
    ]

    def pad(i: int, cell: str) -> str:
        fill = " " * (widths[i] - display_width(cell))
        return fill + cell if i in right else cell + fill

    def line(cells: Sequence[str]) -> str:
        return "  ".join(pad(i, cell) for i, cell in enumerate(cells)).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def seconds(text: str) -> float:
    """An option's value as a number of seconds (argparse ``type=``): not negative, not nan."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value
