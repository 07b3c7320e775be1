"""What every editable settings section shares: its value, validation, Apply and Revert.

A page shows the value it started from (``base``, read when the window loaded the
VM) and builds the user's value from its widgets (:meth:`SectionPage.value`). Core
validates on every edit (the same messages the CLI prints): they show under the
fields and Apply stays disabled until they are gone. Apply asks the window to apply
the change ``base`` → ``value``; Revert puts the base back. A badge says when the
applied change waits for the VM's restart.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.settings.validate import Problem
from kvmdesk.core.settings.values import Section
from kvmdesk.models.palette import Colour
from kvmdesk.models.state_icons import pending_restart_icon
from kvmdesk.ui.common.labels import IconLabel, PlainLabel


def coloured(label: QLabel, colour: Colour) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour.qcolor(palette))
    label.setPalette(palette)
    return label


def note_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = PlainLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class RestartBadge(QWidget):
    """The "takes effect after restart" badge, as the NIC list shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restartBadge")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        icon = IconLabel(self, pending_restart_icon(), 16)
        row.addWidget(icon)
        self.text = note_label(
            self.tr(
                "Takes effect after restart: the change is saved in the configuration; "
                "the running VM keeps its current settings until it is restarted."
            ),
            self,
        )
        row.addWidget(self.text, 1)
        self.hide()


class SectionPage(QWidget):
    """One section's editor: a form, its problems, the badge, Apply and Revert."""

    apply_requested = Signal()
    section: Section

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base: Any = None
        self.running = False
        self._loading = False
        outer = QVBoxLayout(self)
        heading = PlainLabel(title, self)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        outer.addWidget(heading)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        outer.addStretch(1)
        self.problems_label = coloured(note_label("", self, "problemsLabel"), Colour.ERROR)
        self.problems_label.hide()
        outer.addWidget(self.problems_label)
        self.message_label = note_label("", self, "messageLabel")
        self.message_label.hide()
        outer.addWidget(self.message_label)
        self.badge = RestartBadge(self)
        outer.addWidget(self.badge)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setObjectName("revertButton")
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setDefault(True)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        outer.addLayout(buttons)
        self.revert_button.clicked.connect(self.revert)
        self.apply_button.clicked.connect(self.apply_requested)

    # ----------------------------------------------------------- subclasses

    def show_value(self, value: Any) -> None:
        """Put ``value`` into the widgets."""
        raise NotImplementedError

    def value(self) -> Any:
        """The value the widgets show."""
        raise NotImplementedError

    def problems(self, value: Any) -> list[Problem]:
        """Core's validation of ``value``."""
        raise NotImplementedError

    # -------------------------------------------------------------- common

    def load(self, base: Any, *, running: bool) -> None:
        """Start from ``base`` (what the VM has now); edits not applied are dropped."""
        self.base = base
        self.running = running
        self._loading = True
        try:
            self.show_value(base)
        finally:
            self._loading = False
        self.edited()

    @property
    def dirty(self) -> bool:
        return self.base is not None and self.value() != self.base

    def revert(self) -> None:
        if self.base is not None:
            self.load(self.base, running=self.running)
        self.show_message("")

    def edited(self, *_args: object) -> None:
        """Validate what the widgets show; Apply only for a valid change."""
        if self._loading or self.base is None:
            return
        value = self.value()
        problems = self.problems(value)
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.setVisible(bool(problems))
        changed = value != self.base
        self.apply_button.setEnabled(changed and not problems)
        self.revert_button.setEnabled(changed)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        coloured(self.message_label, Colour.ERROR if error else Colour.INFO)
        self.message_label.setVisible(bool(text))

    def set_pending_restart(self, pending: bool) -> None:
        self.badge.setVisible(pending)

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        return widget
