"""Small widget helpers shared by windows and dialogs: lifetimes, filter fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QWidget
from shiboken6 import isValid


def dispose(widget: QObject) -> None:
    """``deleteLater`` unless Qt already destroyed it (its window closed while we awaited)."""
    if isValid(widget):
        widget.deleteLater()


def filter_edit(
    parent: QWidget, name: str, placeholder: str, on_text: Callable[[str], object]
) -> QLineEdit:
    """The one-line filter above a list: placeholder, clear button, filters as the user types."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.textChanged.connect(on_text)
    return edit
