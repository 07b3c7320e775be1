"""Light and dark: follow the desktop's colour scheme, or the user's choice of one.

The choice (:class:`Theme`: system, light or dark) is kept in the application's
settings and set from View → Theme. Under "system" kvmdesk follows
``QStyleHints.colorScheme()`` and changes with it while running
(``colorSchemeChanged``). A desktop with its own style and palette (Breeze, a GTK
theme through the portal …) keeps them as long as they agree with the scheme wanted;
otherwise — a bare system, or a choice against the desktop's — kvmdesk switches to
the Fusion style with its own palette (:func:`kvmdesk.models.palette.application_palette`),
so widgets turn dark too, not only what kvmdesk draws. Everything kvmdesk paints reads
its colours from the application palette when it paints, so it follows at once; widgets
given a palette colour when they were made (a style sheet, a palette role, rich text)
are switched to the same colour's value in the new theme by :func:`retint`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

from kvmdesk.models.icons import ActionIcon, action_icon
from kvmdesk.models.palette import Colour, application_palette, is_dark

SETTINGS_KEY = "appearance/theme"
_FUSION = "fusion"


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def settings_store() -> QSettings:
    """The user's kvmdesk settings file (``~/.config/kvmdesk/kvmdesk.ini``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kvmdesk", "kvmdesk")


class ThemeController(QObject):
    """Applies the chosen theme to the application and keeps it in step with the desktop."""

    changed = Signal(bool)  # whether the theme now in use is dark

    def __init__(
        self, app: QApplication, settings: QSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent if parent is not None else app)
        self._app = app
        self._settings = settings
        # What the desktop gave us before kvmdesk changed anything, to go back to.
        self._desktop_style = app.style().name()
        self._desktop_palette_dark = is_dark(app.palette())
        self._overridden = False
        try:
            self._choice = Theme(str(settings.value(SETTINGS_KEY, Theme.SYSTEM)))
        except ValueError:
            self._choice = Theme.SYSTEM
        self.dark = False
        self._scheme = app.styleHints().colorScheme()
        app.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)

    @property
    def choice(self) -> Theme:
        return self._choice

    def set_choice(self, choice: Theme) -> None:
        """Use ``choice`` from now on, and remember it for the next start."""
        self._choice = choice
        self._settings.setValue(SETTINGS_KEY, str(choice))
        self._settings.sync()
        self.apply()

    def desktop_is_dark(self) -> bool:
        if self._scheme is Qt.ColorScheme.Unknown:
            return self._desktop_palette_dark
        return self._scheme is Qt.ColorScheme.Dark

    def apply(self) -> None:
        dark = self._choice is Theme.DARK or (
            self._choice is Theme.SYSTEM and self.desktop_is_dark()
        )
        desktop_fits = dark == self._desktop_palette_dark and self._desktop_style != _FUSION
        if desktop_fits:
            if self._overridden:
                self._app.setStyle(self._desktop_style)
                self._app.setPalette(QPalette())  # back to the platform's own
                self._overridden = False
        else:
            if self._app.style().name() != _FUSION:
                self._app.setStyle(_FUSION)
            self._app.setPalette(application_palette(dark))
            self._overridden = True
        if dark != self.dark:
            retint(QApplication.allWidgets(), dark)
        self.dark = dark
        self.changed.emit(dark)

    def _on_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if not self._overridden:
            self._desktop_palette_dark = is_dark(self._app.palette())
        if self._choice is Theme.SYSTEM:
            self.apply()


# The roles a widget is given a named colour in (error labels, banners, stripes).
_RETINTED_ROLES = (
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Window,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.ButtonText,
)
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def retint(widgets: Iterable[QWidget], dark: bool) -> None:
    """Swap each named colour set on ``widgets`` for its value in the light or dark theme.

    Each :class:`Colour` has its own pair of values (tests/ui/models/test_palette.py keeps
    the mapping one-to-one), so a value found in a style sheet, an explicitly set palette
    role or a label's rich text names its colour, whoever set it.
    """
    mapping = {c.light: c.dark for c in Colour} if dark else {c.dark: c.light for c in Colour}
    pattern = re.compile("|".join(re.escape(value) for value in mapping), re.IGNORECASE)

    def swap(text: str) -> str:
        return pattern.sub(lambda match: mapping[match.group().lower()], text)

    for widget in widgets:
        sheet = widget.styleSheet()
        if sheet and pattern.search(sheet):
            widget.setStyleSheet(swap(sheet))
        palette = widget.palette()
        changed = False
        for role in _RETINTED_ROLES:
            if not palette.isBrushSet(QPalette.ColorGroup.Active, role):
                continue
            name = palette.color(QPalette.ColorGroup.Active, role).name()
            if name in mapping:
                for group in _GROUPS:
                    palette.setColor(group, role, QColor(mapping[name]))
                changed = True
        if changed:
            widget.setPalette(palette)
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            text = widget.text()
            if pattern.search(text):
                widget.setText(swap(text))


def theme_menu(controller: ThemeController, parent: QWidget) -> QMenu:
    """View → Theme: System, Light, Dark as one exclusive choice."""
    menu = QMenu(QCoreApplication.translate("ThemeMenu", "&Theme"), parent)
    menu.setObjectName("themeMenu")
    menu.setIcon(action_icon(ActionIcon.THEME))
    group = QActionGroup(menu)
    group.setExclusive(True)
    labels = {
        Theme.SYSTEM: QCoreApplication.translate("ThemeMenu", "Follow the &system"),
        Theme.LIGHT: QCoreApplication.translate("ThemeMenu", "&Light"),
        Theme.DARK: QCoreApplication.translate("ThemeMenu", "&Dark"),
    }
    for theme, label in labels.items():
        action = QAction(label, menu)
        action.setObjectName(f"theme_{theme}")
        action.setCheckable(True)
        action.setChecked(theme is controller.choice)
        action.triggered.connect(lambda _checked=False, t=theme: controller.set_choice(t))
        group.addAction(action)
        menu.addAction(action)
    return menu
