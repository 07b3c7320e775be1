"""Names for screen readers, taken from what a sighted user reads next to each control.

Qt names a button by its text and a field by the label whose buddy it is. Our forms put
:class:`PlainLabel` captions beside their fields without a buddy, filters show only a
placeholder, and a view has no text at all. :func:`name_controls` fills the gaps once a
window is built: a form row's caption becomes its field's buddy (so Alt+mnemonic also
focuses it) and name; a field that follows a caption in its row takes that caption; a
line edit with only a placeholder takes the placeholder. Names set by hand are kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_FIELDS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
)


def caption(text: str) -> str:
    """A label's text as a name: no mnemonic ampersand, no trailing colon or ellipsis."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return plain.strip().rstrip(":…").strip()


def _name(widget: QWidget, text: str) -> None:
    if not widget.accessibleName() and caption(text):
        widget.setAccessibleName(caption(text))


def _fields_in(item_widget: QWidget | None, layout: QLayout | None) -> list[QWidget]:
    if item_widget is not None:
        return [item_widget] if isinstance(item_widget, _FIELDS) else []
    found: list[QWidget] = []
    if layout is not None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is not None:
                found += _fields_in(item.widget(), item.layout())
    return found


def name_controls(root: QWidget) -> None:
    """Give every control under ``root`` that has no accessible name the one a user reads."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            label = label_item.widget()
            if not isinstance(label, QLabel) or not label.text():
                continue
            fields = _fields_in(field_item.widget(), field_item.layout())
            if fields and label.buddy() is None:
                label.setBuddy(fields[0])
            for field in fields:
                if not isinstance(field, QAbstractButton):
                    _name(field, label.text())
    for box in root.findChildren(QBoxLayout):
        last_caption = ""
        for index in range(box.count()):
            item = box.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
                last_caption = widget.text()
            elif isinstance(widget, _FIELDS) and not isinstance(widget, QAbstractButton):
                if last_caption:
                    _name(widget, last_caption)
                last_caption = ""
    for edit in root.findChildren(QLineEdit):
        _name(edit, edit.placeholderText())
