"""Re-check a form on every edit: one call connects each field's own "edited" signal.

Forms re-validate (or announce ``changed``) whenever the user edits any field, and each
widget kind says so with a different signal; :func:`connect_edits` knows which.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)


def edited_signal(widget: QWidget) -> SignalInstance:
    """The signal ``widget`` emits when the user edits its value.

    Line edits: ``textChanged``; combo boxes: ``currentIndexChanged``, or
    ``currentTextChanged`` when editable (typing changes the text, not the index);
    check boxes and radio buttons: ``toggled``; spin boxes: ``valueChanged``.
    """
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged if widget.isEditable() else widget.currentIndexChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.valueChanged
    raise TypeError(f"no edited signal known for {type(widget).__name__}")


def connect_edits(slot: Callable[..., object] | SignalInstance, *widgets: QWidget) -> None:
    """Call ``slot`` (or emit the signal) whenever the user edits any of ``widgets``."""
    for widget in widgets:
        edited_signal(widget).connect(slot)
