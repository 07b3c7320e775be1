"""Run a piece of a test under kvmdesk's light or dark theme, and put the old one back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from kvmdesk.ui.common.theme import Theme, ThemeController


def settings_at(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@contextmanager
def theme_applied(app: QApplication, theme: Theme, folder: Path) -> Iterator[ThemeController]:
    """``theme`` applied through a controller whose settings live in ``folder``."""
    style = app.style().name()
    palette = QPalette(app.palette())
    controller = ThemeController(app, settings_at(folder / "kvmdesk.ini"), parent=None)
    controller.set_choice(theme)
    QApplication.processEvents()
    try:
        yield controller
    finally:
        app.styleHints().colorSchemeChanged.disconnect(controller._on_scheme_changed)
        app.setStyle(style)
        app.setPalette(palette)
        QApplication.processEvents()
