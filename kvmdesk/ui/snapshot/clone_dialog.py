"""Cloning a shut-off VM: the Clone dialog (name, full or linked) and its progress dialog.

:class:`CloneDialog` edits a :class:`CloneRequest` (the name checked as typed by the
core rule the CLI uses); :class:`CloneProgressDialog` shows the plan's disks, the
bytes copied and a Cancel button, which stops the clone before its next volume (the
core then removes everything the clone had made).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.snapshot.clone import ClonePlan, DiskMode, validate_clone_name
from kvmdesk.core.snapshot.clone_ops import CloneProgress
from kvmdesk.core.snapshot.clone_service import CloneCancel
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.notes import note_label

PROGRESS_STEPS = 1000


@dataclass(frozen=True, slots=True)
class CloneRequest:
    name: str
    linked: bool


def suggested_name(source: str, taken: Iterable[str]) -> str:
    used = set(taken)
    name, number = f"{source}-clone", 2
    while name in used:
        name, number = f"{source}-clone{number}", number + 1
    return name


class CloneDialog(QDialog):
    """Asks for the clone's name and whether it is a full or a linked clone."""

    def __init__(self, source: str, taken: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.taken = set(taken)
        self.setObjectName("cloneDialog")
        self.setWindowTitle(self.tr("Clone %1").replace("%1", safe_name(source)))
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(suggested_name(source, self.taken), self)
        self.name_edit.setObjectName("nameEdit")
        form.addRow(self.tr("&Name of the clone:"), self.name_edit)
        layout.addLayout(form)
        self.mode_group = QButtonGroup(self)
        self.full_button = QRadioButton(self.tr("&Full clone"), self)
        self.full_button.setObjectName("fullButton")
        self.full_button.setChecked(True)
        self.linked_button = QRadioButton(self.tr("&Linked clone"), self)
        self.linked_button.setObjectName("linkedButton")
        self.mode_group.addButton(self.full_button)
        self.mode_group.addButton(self.linked_button)
        layout.addWidget(self.full_button)
        full_note = note_label(
            self.tr(
                "Every writable disk is copied into a new volume in its pool. The clone "
                "is independent of %1."
            ).replace("%1", source),
            self,
            "fullNote",
        )
        full_note.setContentsMargins(24, 0, 0, 6)
        layout.addWidget(full_note)
        layout.addWidget(self.linked_button)
        linked_note = note_label(
            self.tr(
                "Each disk of the clone is a new qcow2 file whose backing file is %1's disk: "
                "quick and small. %1's disks must then stay unchanged: do not start %1, "
                "revert or merge its snapshots, or delete it while the clone is in use. "
                "The clone is marked as linked."
            ).replace("%1", source),
            self,
            "linkedNote",
        )
        linked_note.setContentsMargins(24, 0, 0, 6)
        layout.addWidget(linked_note)
        layout.addWidget(
            note_label(
                self.tr(
                    "The clone gets a new UUID and new MAC addresses. Read-only and shareable "
                    "disks (installation media) stay shared; UEFI variables are copied."
                ),
                self,
                "commonNote",
            )
        )
        self.error_label = note_label("", self, "errorLabel")
        self.error_label.setStyleSheet(f"color: {Colour.ERROR.hex()}")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Clone"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        try:
            validate_clone_name(self.name_edit.text(), self.taken)
            problem = ""
        except BadInput as error:
            problem = str(error)
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def show_problem(self, problem: str) -> None:
        """What the host said about the last name tried (e.g. a volume of that name exists)."""
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))

    def value(self) -> CloneRequest:
        return CloneRequest(self.name_edit.text().strip(), self.linked_button.isChecked())


class CloneProgressDialog(QDialog):
    """Shows a running clone; Cancel asks it to stop (between volumes) and clean up."""

    def __init__(self, plan: ClonePlan, cancel: CloneCancel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.cancel_token = cancel
        self.setObjectName("cloneProgressDialog")
        self.setWindowTitle(self.tr("Cloning %1").replace("%1", safe_name(plan.source_name)))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        kind = self.tr("linked clone") if plan.linked else self.tr("full clone")
        layout.addWidget(
            note_label(
                self.tr("Making %1, a %2 of %3.")
                .replace("%1", plan.name)
                .replace("%2", kind)
                .replace("%3", plan.source_name),
                self,
                "heading",
            )
        )
        lines = []
        for disk in plan.disks:
            if disk.mode is DiskMode.COPY:
                line = self.tr("%1: copied to %2")
            elif disk.mode is DiskMode.LINKED:
                line = self.tr("%1: new overlay %2 on the original")
            elif disk.mode is DiskMode.SHARED:
                line = self.tr("%1: shared (read-only or shareable)")
            else:
                line = self.tr("%1: empty drive")
            lines.append(line.replace("%1", disk.target).replace("%2", disk.new_volume))
        if plan.nvram is not None:
            lines.append(self.tr("UEFI variables: copied to %1").replace("%1", plan.nvram.new_path))
        layout.addWidget(note_label("\n".join(lines), self, "diskList"))
        self.status = note_label(self.tr("Starting…"), self, "status")
        layout.addWidget(self.status)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, PROGRESS_STEPS)
        layout.addWidget(self.bar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.request_cancel)
        layout.addWidget(self.buttons)

    def request_cancel(self) -> None:
        """Cancel (the button, Esc, the title bar): the clone stops before its next disk."""
        if self.cancel_token.cancelled:
            return
        self.cancel_token.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelling after the current disk; what was made is removed…"))

    def reject(self) -> None:
        self.request_cancel()  # closes only when the clone has stopped (see finish)

    def finish(self, accepted: bool) -> None:
        super().done(int(QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected))

    def show_progress(self, update: CloneProgress) -> None:
        total = max(update.total_bytes, 1)
        if update.total_bytes:
            self.bar.setValue(int(PROGRESS_STEPS * min(update.done_bytes, total) / total))
        if self.cancel_token.cancelled:
            return
        if update.disk:
            self.status.setText(
                self.tr("Copying %1 (%2 of %3)…")
                .replace("%1", update.disk)
                .replace("%2", str(update.index + 1))
                .replace("%3", str(update.count))
            )
        else:
            self.bar.setValue(PROGRESS_STEPS)
            self.status.setText(self.tr("Defining the clone…"))
