"""The CLI's translator: ``translate(context, text)`` from the ``.qm`` catalog of its language.

The CLI marks its words with ``QT_TRANSLATE_NOOP`` (so ``pyside6-lupdate`` finds them in the
sources) and looks them up here, in the same catalogs the GUI loads through ``QTranslator``.
Without :func:`install`, or without a catalog, every text comes back as written (English).
Placeholders are filled the Qt way: ``%1``…``%9`` with :func:`arg`, ``%n`` with the number.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kvmdesk.core.i18n import language, qm
from kvmdesk.core.types import translation
from kvmdesk.core.types.labels import NETWORK_MODE_CONTEXT, NETWORK_MODE_LABELS
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.translation import arg

__all__ = ["arg", "current", "install", "mode_word", "translate", "uninstall"]

_catalog: qm.Catalog | None = None
_language = language.ENGLISH


def install(
    override: str | None, environ: Mapping[str, str], *, directory: Path | None = None
) -> str:
    """Load the catalog of ``override`` (``--lang``), else of the locale; returns the language.

    The CLI follows the locale, not the GUI's View > Language: a script's output must not
    change because someone picked a language in the desktop app.
    """
    global _catalog, _language
    chosen = language.resolve(override, environ, directory=directory)
    _catalog = None
    _language = language.ENGLISH
    translation.install(None)
    if chosen != language.ENGLISH:
        try:
            _catalog = qm.load(language.catalog_path(chosen, directory))
            _language = chosen
        except (OSError, qm.QmError):
            _catalog = None
        else:
            translation.install(translate)
    return _language


def uninstall() -> None:
    global _catalog, _language
    _catalog = None
    _language = language.ENGLISH
    translation.install(None)


def current() -> str:
    return _language


def translate(context: str, text: str, comment: str = "", n: int = -1) -> str:
    """``text`` in the installed language (as written when there is no translation)."""
    found = _catalog.lookup(context, text, comment, n) if _catalog is not None else None
    result = found if found else text
    if n >= 0:
        result = result.replace("%n", str(n))
    return result


def mode_word(mode: NetworkMode) -> str:
    """A network mode's word (``NAT``, ``Bridged`` …) in the installed language."""
    return translate(NETWORK_MODE_CONTEXT, NETWORK_MODE_LABELS[mode])
