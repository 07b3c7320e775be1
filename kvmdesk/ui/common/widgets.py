"""Small helpers for widget lifetimes shared by windows and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QObject
from shiboken6 import isValid


def dispose(widget: QObject) -> None:
    """``deleteLater`` unless Qt already destroyed it (its window closed while we awaited)."""
    if isValid(widget):
        widget.deleteLater()
