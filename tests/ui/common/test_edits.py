"""connect_edits: one slot hears an edit of any field, whatever the widget kind."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kvmdesk.ui.common.edits import connect_edits


def test_every_kind_of_field_reports_an_edit(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    edit, check, spin, double = (
        QLineEdit(parent),
        QCheckBox(parent),
        QSpinBox(parent),
        QDoubleSpinBox(parent),
    )
    combo, editable = QComboBox(parent), QComboBox(parent)
    combo.addItems(["a", "b"])
    editable.setEditable(True)
    heard: list[object] = []
    connect_edits(lambda *args: heard.append(args), edit, check, spin, double, combo, editable)
    edit.setText("x")
    check.setChecked(True)
    spin.setValue(3)
    double.setValue(1.5)
    combo.setCurrentIndex(1)
    editable.setEditText("typed")  # the index stays: the text is what changed
    assert heard == [("x",), (True,), (3,), (1.5,), (1,), ("typed",)]


def test_a_widget_without_an_edit_signal_is_refused(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(TypeError, match="QLabel"):
        connect_edits(lambda: None, label)
