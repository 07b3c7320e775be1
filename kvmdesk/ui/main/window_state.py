"""What the main window looks like is remembered between runs.

Window geometry, the splitter between the connection tree and the list, the list's
columns (widths, order, sort), the connection tree's columns, the filters (text, state,
connection) and the connection selected in the tree are kept in an INI file beside the
connection list (``window.ini``), through QSettings.

A value that is missing, of the wrong type or unreadable (a corrupt or hand-edited file)
is skipped: the window keeps its defaults for it and the rest still applies. A filter or
selection naming a connection that has not loaded yet is applied when its row appears,
unless the user picked something else first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings

from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.domain_filter import StateFilter

if TYPE_CHECKING:
    from kvmdesk.ui.main.window import MainWindow

FILE_NAME = "window.ini"
# Bumped when what is saved changes shape: an older file's layout is then not applied.
VERSION = 1

_GEOMETRY = "window/geometry"
_SPLITTER = "window/splitter"
_DOMAIN_COLUMNS = "domains/columns"
_CONNECTION_COLUMNS = "connections/columns"
_FILTER_TEXT = "filters/text"
_FILTER_STATE = "filters/state"
_FILTER_CONNECTION = "filters/connection"
_SELECTED_CONNECTION = "connections/selected"
_VERSION = "version"


def state_path(config_file: Path) -> Path:
    """Where the window state lives: beside the connection list file."""
    return config_file.parent / FILE_NAME


class WindowMemory:
    """Saves the main window's layout and filters to ``path`` and restores them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending_filter: str | None = None
        self._pending_selection: str | None = None
        self._window: MainWindow | None = None

    def _settings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    # ------------------------------------------------------------ restore

    def restore(self, window: MainWindow) -> None:
        """Apply what was saved; anything unreadable is left at the window's default."""
        self._window = window
        settings = self._settings()
        if settings.status() != QSettings.Status.NoError or _int(settings, _VERSION) != VERSION:
            return
        for key, restore in (
            (_GEOMETRY, window.restoreGeometry),
            (_SPLITTER, window.splitter.restoreState),
            (_DOMAIN_COLUMNS, window.domain_view.horizontalHeader().restoreState),
            (_CONNECTION_COLUMNS, window.connection_view.header().restoreState),
        ):
            state = _bytes(settings, key)
            if state is not None:
                restore(state)
        text = _text(settings, _FILTER_TEXT)
        if text is not None:
            window.filter_edit.setText(text)
        state_name = _text(settings, _FILTER_STATE)
        if state_name in {item.value for item in StateFilter}:
            position = window.state_combo.findData(state_name)
            if position >= 0:
                window.state_combo.setCurrentIndex(position)
        self._pending_filter = _text(settings, _FILTER_CONNECTION) or None
        self._pending_selection = _text(settings, _SELECTED_CONNECTION) or None
        if self._pending_filter or self._pending_selection:
            window.hub.connections.rowsInserted.connect(self._apply_pending)
            # The user's own choice wins over a remembered one still waiting.
            window.connection_combo.activated.connect(self._drop_pending_filter)
            window.connection_view.clicked.connect(self._drop_pending_selection)
            self._apply_pending()

    def _apply_pending(self, parent: QModelIndex | None = None, *_rows: object) -> None:
        window = self._window
        if window is None or (parent is not None and parent.isValid()):
            return
        if self._pending_filter is not None:
            position = window.connection_combo.findData(self._pending_filter)
            if position >= 0:
                window.connection_combo.setCurrentIndex(position)
                self._pending_filter = None
        if self._pending_selection is not None:
            model = window.hub.connections
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                if index.data(ConnectionRole.URI) == self._pending_selection:
                    window.connection_view.setCurrentIndex(index)
                    self._pending_selection = None
                    break

    def _drop_pending_filter(self, *_args: object) -> None:
        self._pending_filter = None

    def _drop_pending_selection(self, *_args: object) -> None:
        self._pending_selection = None

    # --------------------------------------------------------------- save

    def save(self, window: MainWindow) -> None:
        """Write the window's layout and filters (errors writing are left to QSettings)."""
        settings = self._settings()
        settings.setValue(_VERSION, VERSION)
        settings.setValue(_GEOMETRY, window.saveGeometry())
        settings.setValue(_SPLITTER, window.splitter.saveState())
        settings.setValue(_DOMAIN_COLUMNS, window.domain_view.horizontalHeader().saveState())
        settings.setValue(_CONNECTION_COLUMNS, window.connection_view.header().saveState())
        settings.setValue(_FILTER_TEXT, window.filter_edit.text())
        settings.setValue(_FILTER_STATE, str(window.state_combo.currentData() or ""))
        settings.setValue(_FILTER_CONNECTION, str(window.connection_combo.currentData() or ""))
        index = window.connection_view.currentIndex()
        selected = index.data(ConnectionRole.URI) if index.isValid() else None
        settings.setValue(_SELECTED_CONNECTION, str(selected or ""))
        settings.sync()


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _text(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    return value if isinstance(value, str) else None


def _int(settings: QSettings, key: str) -> int | None:
    value = settings.value(key)
    try:
        return int(value) if isinstance(value, (int, str)) else None
    except ValueError:
        return None
