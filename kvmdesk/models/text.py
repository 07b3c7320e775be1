"""The one way text from libvirt, a host, a file or the user reaches a Qt widget.

Qt decides by itself whether a string is rich text: a tooltip (``setToolTip``, the
``ToolTipRole``), a ``QMessageBox`` text and a ``QLabel`` in ``AutoText`` are HTML as soon
as ``Qt::mightBeRichText`` finds a tag on the first line. A domain named
``<img src=…>`` would then paint a picture (and make Qt read ``/dev/zero`` until the
process dies), ``<a href=file:…>`` a clickable link. No string can be made "plain" for
a tooltip (Qt has no plain-text tooltip), so the robust way is the opposite one:

- :func:`safe_tooltip` always returns rich text whose content is escaped
  (``html.escape``) and wrapped in ``<qt>``: Qt renders it, every ``<``, ``&`` and quote
  stays a character, line breaks and spaces are kept (``white-space: pre-wrap``), and
  the text is cut at :data:`MAX_TOOLTIP_CHARS`. Every tooltip goes through it, ours
  included (a translation may hold a ``<`` too).
- :func:`safe_line` is the display role of every name (one line, see
  :func:`~kvmdesk.core.util.text.mark_invisible`): controls, bidi overrides and
  invisible characters become visible markers.
- :func:`safe_message` is the text of a message box or a plain label of several lines.

Labels and message boxes are set to ``Qt.PlainText`` (see
``kvmdesk.ui.common.message_box.PlainMessageBox``); ``tests/unit/test_architecture.py``
fails when a tooltip or message box bypasses these helpers.
"""

from __future__ import annotations

import html
import re
from typing import Any

from kvmdesk.core.util.text import mark_invisible, mark_invisible_lines, truncate
from kvmdesk.models.common import DISPLAY, TOOLTIP

# More is never read in a tooltip, and a long word cannot wrap in one.
MAX_TOOLTIP_CHARS = 600
# A message box with more grows taller than the screen.
MAX_MESSAGE_CHARS = 2000
# One name inside a sentence (a message, a window title).
MAX_NAME_CHARS = 200
# A longer run without a space cannot wrap: a label (and the window) would grow to fit it.
MAX_WORD_CHARS = 100
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


def safe_line(text: str) -> str:
    """A name, title or other one-line value as a view shows it (visible markers)."""
    return mark_invisible(text)


def safe_name(text: str) -> str:
    """:func:`safe_line`, cut to :data:`MAX_NAME_CHARS` (a name inside a sentence or title)."""
    return truncate(mark_invisible(text), MAX_NAME_CHARS)


def tab_text(text: str) -> str:
    """:func:`safe_name` for a tab or button, whose "&" would otherwise make a shortcut."""
    return safe_name(text).replace("&", "&&")


def safe_message(text: str) -> str:
    """Plain text of several lines (a message box, a notification): markers, bounded.

    A run of more than :data:`MAX_WORD_CHARS` characters without a space is cut (a
    10,000-character name would otherwise make its dialog as wide).
    """
    marked = _LONG_WORD.sub(lambda m: truncate(m.group(0), MAX_WORD_CHARS), text)
    return truncate(mark_invisible_lines(marked), MAX_MESSAGE_CHARS)


def safe_tooltip(text: str | None) -> str:
    """``text`` as a tooltip Qt renders literally; "" (no tooltip) for nothing."""
    if not text:
        return ""
    body = html.escape(truncate(mark_invisible_lines(text), MAX_TOOLTIP_CHARS), quote=False)
    body = body.replace("\n", "<br/>")
    return f"<qt><p style='white-space:pre-wrap'>{body}</p></qt>"


def safe_role(role: int, value: Any) -> Any:
    """What a model's ``data()`` returns for ``role``: text displayed or tooltips made safe.

    Every item model's ``data()`` ends in this call (the architecture test checks), so no
    name reaches a view with its controls or bidi overrides unmarked, and no tooltip is
    HTML that Qt would interpret.
    """
    if isinstance(value, str):
        if role == TOOLTIP:
            return safe_tooltip(value)
        if role == DISPLAY:
            return safe_line(value)
    return value
