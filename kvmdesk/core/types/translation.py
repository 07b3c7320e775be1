"""Core's own sentences (validation errors, warnings, change summaries) in the user's language.

Core cannot import Qt, so it calls :func:`translate` here, which ``pyside6-lupdate`` reads like
Qt's (``translate("Context", "text")``), and which asks whatever translator the program
installed: the GUI installs ``QCoreApplication.translate``, the CLI the catalog of
:mod:`kvmdesk.core.i18n.catalog`. Without one, the English source comes back. Values are
filled in with :func:`arg` (``%1``, ``%2`` …), never glued to translated pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# (context, source text, disambiguation, n) -> translation
Translator = Callable[[str, str, str, int], str]

_PLACEHOLDER = re.compile(r"%(\d{1,2})")


def _source(context: str, text: str, comment: str, n: int) -> str:
    del context, comment
    return text.replace("%n", str(n)) if n >= 0 else text


_translator: Translator = _source


def install(translator: Translator | None) -> None:
    """Make ``translator`` the one :func:`translate` asks (None: the English source again)."""
    global _translator
    _translator = translator or _source


def translate(context: str, text: str, comment: str = "", n: int = -1) -> str:
    """``text`` (a literal, so lupdate finds it) in the installed language."""
    return _translator(context, text, comment, n)


def arg(text: str, *values: object) -> str:
    """Fill ``%1``, ``%2`` … in one pass (a value holding ``%2`` stays as it is)."""

    def fill(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return str(values[index]) if 0 <= index < len(values) else match[0]

    return _PLACEHOLDER.sub(fill, text)
