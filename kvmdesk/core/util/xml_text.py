"""Text and attribute values written into XML by hand, escaped.

What ``xml.sax.saxutils.escape`` and ``quoteattr`` do (that module imports
``urllib.request`` and with it ``email`` and ``ssl``: 25 ms at start-up for a few
replacements), with attributes always in double quotes, and a carriage return kept
as one (an XML parser reads a literal one as a newline).
"""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def escape(value: str) -> str:
    """``value`` as XML character data."""
    return value.translate(_TEXT)


def quoteattr(value: str) -> str:
    """``value`` as a quoted XML attribute value, ``"…"`` included."""
    return f'"{value.translate(_ATTRIBUTE)}"'
