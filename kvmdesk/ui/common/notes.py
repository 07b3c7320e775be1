"""Notes: the word-wrapped explanations dialogs put under a field or a group."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kvmdesk.ui.common.labels import PlainLabel


def note_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A word-wrapped label showing ``text``; ``name`` is its object name, for tests."""
    label = PlainLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label
