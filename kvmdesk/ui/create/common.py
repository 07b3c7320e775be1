"""What the wizard's pages share: the page base with its problem label, and small helpers.

Each page edits some fields of the wizard's :class:`~kvmdesk.core.create.spec.VmSpec`
(:meth:`WizardPage.apply`), shows the validation problems of its fields (from core's one
check, so the words are the CLI's too) and is complete when none of them is an error.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from kvmdesk.core.create.service import Survey
from kvmdesk.core.create.spec import VmSpec
from kvmdesk.core.create.validation import Checked, Field
from kvmdesk.models.palette import Colour
from kvmdesk.ui.common.labels import PlainLabel


class Owner(Protocol):
    """What a page needs of its wizard."""

    survey: Survey

    def revalidate(self) -> None: ...

    def spec(self) -> VmSpec: ...

    def source_changed(self) -> None: ...

    def os_changed(self) -> None: ...


def note_label(name: str, parent: QWidget, colour: Colour | None = None) -> QLabel:
    label = PlainLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour is not None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colour.qcolor(palette))
        label.setPalette(palette)
    label.hide()
    return label


def show_note(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class WizardPage(QWizardPage):
    """A page that edits part of the spec and shows the problems of its fields."""

    fields: tuple[Field, ...] = ()

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.error_label = note_label("pageErrors", self, Colour.ERROR)
        self.warning_label = note_label("pageWarnings", self, Colour.CAUTION_TEXT)
        self._complete = True

    def apply(self, spec: VmSpec) -> VmSpec:
        """``spec`` with this page's fields as entered."""
        return spec

    def changed(self, *_args: object) -> None:
        self.owner.revalidate()

    def show_problems(self, checked: Checked) -> None:
        mine = checked.of(*self.fields)
        show_note(self.error_label, "\n".join(p.message for p in mine if p.error))
        show_note(self.warning_label, "\n".join(p.message for p in mine if not p.error))
        complete = not any(p.error for p in mine)
        if complete != self._complete:
            self._complete = complete
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._complete

    def problems(self) -> str:
        """The error text shown on the page ("" when none), for tests."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def warnings(self) -> str:
        return self.warning_label.text() if self.warning_label.isVisibleTo(self) else ""
