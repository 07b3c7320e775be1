"""The CLI's translator: ``translate(context, text)`` from the ``.qm`` catalog of its language.

The CLI marks its words with ``QT_TRANSLATE_NOOP`` (so ``pyside6-lupdate`` finds them in the
sources) and looks them up here, in the same catalogs the GUI loads through ``QTranslator``.
Without :func:`install`, or without a catalog, every text comes back as written (English).
Placeholders are filled the Qt way: ``%1``…``%9`` with :func:`arg`, ``%n`` with the number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from kvmdesk.core.i18n import language, qm

_catalog: qm.Catalog | None = None
_language = language.ENGLISH
_PLACEHOLDER = re.compile(r"%(\d{1,2})")


def install(
    override: str | None, environ: Mapping[str, str], *, directory: Path | None = None
) -> str:
    """Load the catalog of the language to speak (see :func:`language.resolve`); returns it."""
    global _catalog, _language
    chosen = language.resolve(override, environ, saved=language.saved_choice(), directory=directory)
    _catalog = None
    _language = language.ENGLISH
    if chosen != language.ENGLISH:
        try:
            _catalog = qm.load(language.catalog_path(chosen, directory))
            _language = chosen
        except (OSError, qm.QmError):
            _catalog = None
    return _language


def uninstall() -> None:
    global _catalog, _language
    _catalog = None
    _language = language.ENGLISH


def current() -> str:
    return _language


def translate(context: str, text: str, comment: str = "", n: int = -1) -> str:
    """``text`` in the installed language (as written when there is no translation)."""
    found = _catalog.lookup(context, text, comment, n) if _catalog is not None else None
    result = found if found else text
    if n >= 0:
        result = result.replace("%n", str(n))
    return result


def arg(text: str, *values: object) -> str:
    """Fill ``%1``, ``%2`` … in one pass (a value holding ``%2`` stays as it is)."""

    def fill(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return str(values[index]) if 0 <= index < len(values) else match[0]

    return _PLACEHOLDER.sub(fill, text)
