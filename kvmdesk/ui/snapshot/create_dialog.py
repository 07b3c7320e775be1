"""The New-snapshot dialog: name, description, and only the kinds this VM can take.

Each kind the plan withholds stays visible, disabled, with the reason under it; the
name is checked as it is typed by the same core rule the CLI uses. The dialog
returns a :class:`SnapshotRequest`; it changes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.snapshot.plan import CreateKind
from kvmdesk.core.snapshot.service import SnapshotOverview, validate_snapshot_name
from kvmdesk.core.snapshot.tree import SnapshotTree
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.notes import note_label
from kvmdesk.ui.snapshot.reasons import kind_description, kind_label, reason_text


@dataclass(frozen=True, slots=True)
class SnapshotRequest:
    name: str
    kind: CreateKind
    description: str


def default_name(tree: SnapshotTree, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("snapshot-%Y%m%d-%H%M")
    name, number = stamp, 2
    while name in tree:
        name, number = f"{stamp}-{number}", number + 1
    return name


class CreateSnapshotDialog(QDialog):
    """Asks for a new snapshot of one VM."""

    def __init__(self, overview: SnapshotOverview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = overview
        self.setObjectName("createSnapshotDialog")
        self.setWindowTitle(
            self.tr("New snapshot of %1").replace("%1", safe_name(overview.domain.name))
        )
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(default_name(overview.tree), self)
        self.name_edit.setObjectName("nameEdit")
        form.addRow(self.tr("&Name:"), self.name_edit)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setPlaceholderText(self.tr("What state is the VM in?"))
        self.description_edit.setFixedHeight(70)
        form.addRow(self.tr("&Description:"), self.description_edit)
        layout.addLayout(form)

        group = QGroupBox(self.tr("Kind"), self)
        kinds = QVBoxLayout(group)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[CreateKind, QRadioButton] = {}
        self.reason_labels: dict[CreateKind, QLabel] = {}
        running = overview.plan.running
        for number, (kind, possibility) in enumerate(overview.plan.create.items()):
            button = QRadioButton(kind_label(kind), group)
            button.setObjectName(f"kind_{kind.value}")
            button.setEnabled(possibility.allowed)
            self.kind_group.addButton(button, number)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
            text = kind_description(kind, running)
            if possibility.blocker is not None:
                text = self.tr("Not possible: %1").replace("%1", reason_text(possibility.blocker))
            note = note_label(text, group, f"reason_{kind.value}")
            note.setContentsMargins(24, 0, 0, 6)
            if possibility.blocker is not None:
                note.setStyleSheet(f"color: {Colour.INACTIVE.hex()}")
            self.reason_labels[kind] = note
            kinds.addWidget(note)
        layout.addWidget(group)
        self.external_note = note_label("", self, "externalNote")
        layout.addWidget(self.external_note)
        self.error_label = note_label("", self, "errorLabel")
        self.error_label.setStyleSheet(f"color: {Colour.ERROR.hex()}")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Take snapshot"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        default = overview.plan.default_kind
        if default is not None:
            self.kind_buttons[default].setChecked(True)
        self.name_edit.textChanged.connect(self._validate)
        self.kind_group.idToggled.connect(lambda *_args: self._validate())
        self._validate()

    def selected_kind(self) -> CreateKind | None:
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), None)

    def _validate(self) -> None:
        kind = self.selected_kind()
        behaviour = self.overview.behaviour
        external = kind in (CreateKind.EXTERNAL_DISK_ONLY, CreateKind.EXTERNAL_WITH_MEMORY)
        if external and not behaviour.revert_external:
            self.external_note.setText(
                self.tr(
                    "This host's libvirt cannot revert to external snapshots: you can merge "
                    "(delete) this snapshot later, but not return to it."
                )
            )
        else:
            self.external_note.setText("")
        self.external_note.setVisible(bool(self.external_note.text()))
        problem = ""
        if kind is None:
            problem = self.tr("No snapshot of this VM is possible here (see the reasons above).")
        else:
            try:
                validate_snapshot_name(self.name_edit.text(), self.overview.tree)
            except BadInput as error:
                problem = str(error)
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def value(self) -> SnapshotRequest:
        kind = self.selected_kind()
        if kind is None:
            raise BadInput("no snapshot kind is possible")
        return SnapshotRequest(
            self.name_edit.text().strip(), kind, self.description_edit.toPlainText().strip()
        )
