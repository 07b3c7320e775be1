"""Text from libvirt, a host, a file or the user, made safe to show (Qt-free).

A name or title may hold anything libvirt lets through: control characters (a CR that
overwrites its own table row, a LF that splits it), C1 controls, bidirectional
overrides (U+202E turns ``exe.txt`` around so it reads ``txt.exe``), zero-width and
other invisible characters (two names that look the same), and lone surrogates (bytes
that were not UTF-8). Two renderings, one rule for which characters are meant:

- :func:`escape_for_terminal` (the CLI's human-readable tables): each such character as
  an escape, virsh-style (``\\x0d``, ``\\u202e``); the CLI's JSON stays exact.
- :func:`mark_invisible` (the GUI's display role, labels and messages): each such
  character as a visible marker (``[U+000D]``, ``[U+202E]``) so nothing reorders,
  hides or breaks the text around it.

:func:`truncate` bounds what one label or tooltip shows.
"""

from __future__ import annotations

import re

# Characters that change how the text around them is ordered (bidi embeddings,
# overrides, isolates, marks) or that show nothing at all (zero-width, soft hyphen,
# invisible operators, the byte-order mark), plus the Unicode line/paragraph separators.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0"
)
# C0 and C1 controls, DEL, lone surrogates (undecodable bytes kept by surrogateescape).
_CONTROL = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_UNSAFE_BUT_BREAKS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")

ELLIPSIS = "…"


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a control, bidi or invisible character."""
    return _UNSAFE.search(text) is not None


def escape_for_terminal(text: str) -> str:
    """``text`` with every control, bidi or invisible character as an escape.

    ``\\xNN`` below U+0100 (as virsh prints ``\\x0d``), ``\\uNNNN`` above; a lone
    surrogate ``\\udcNN`` keeps the byte it stands for (``\\udcff`` was byte 0xff).
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def mark_invisible(text: str) -> str:
    """``text`` with every control, bidi or invisible character as a visible marker.

    Each becomes ``[U+000D]``, ``[U+202E]`` …: one line (a name in a table cell or a
    label) that shows what is there and cannot reorder, hide or break.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, on every paint of every cell: no regex
    return _UNSAFE.sub(_marker, text)


def _marker(match: re.Match[str]) -> str:
    # ASCII on purpose: the desktop's fonts have no control pictures (␍ showed as a box).
    return f"[U+{ord(match.group(0)):04X}]"


def mark_invisible_lines(text: str) -> str:
    """:func:`mark_invisible` keeping line breaks and tabs (a message of several lines)."""
    return _UNSAFE_BUT_BREAKS.sub(_marker, text)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def escape_for_terminal_lines(text: str) -> str:
    """:func:`escape_for_terminal` keeping the text's own line breaks and tabs."""
    return _UNSAFE_BUT_BREAKS.sub(_escape, text)
