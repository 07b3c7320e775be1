"""Confirmations for revert and delete, saying exactly what is lost or merged.

Both default to Cancel. :class:`RevertDialog` names what goes: everything since the
snapshot, disks and (for a running VM) memory, and says what state the VM is in
afterwards. :class:`DeleteSnapshotDialog` says what happens to the data (an internal
snapshot's saved state is dropped from the images; an external one's overlay is
merged into its base) and offers the children only when they can go too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.snapshot.service import SnapshotOverview
from kvmdesk.core.snapshot.tree import SnapshotInfo, SnapshotKind
from kvmdesk.models.icons import StateIcon, state_icon
from kvmdesk.models.palette import Colour
from kvmdesk.models.snapshot_model import snapshot_state_label
from kvmdesk.ui.common.labels import IconLabel
from kvmdesk.ui.common.notes import note_label
from kvmdesk.ui.snapshot.reasons import reason_text

_ICON_SIZE = 48


def _when(snapshot: SnapshotInfo) -> str:
    return snapshot.created.astimezone().strftime("%Y-%m-%d %H:%M")


class _Confirmation(QDialog):
    """Icon, heading, explanation, and Cancel (the default) beside the action's button."""

    def __init__(self, title: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        icon = IconLabel(self, state_icon(StateIcon.WARNING, Colour.WARNING), _ICON_SIZE)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        self.body = QVBoxLayout()
        row.addLayout(self.body, 1)
        outer.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.action_button = self.buttons.addButton(
            action, QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.action_button.setObjectName("actionButton")
        self.action_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        self.action_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def heading(self, text: str) -> QLabel:
        label = note_label(text, self, "heading")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        self.body.addWidget(label)
        return label

    def note(self, text: str, name: str, colour: Colour | None = None) -> QLabel:
        label = note_label(text, self, name)
        if colour is not None:
            label.setStyleSheet(f"color: {colour.hex()}")
        self.body.addWidget(label)
        return label


class RevertDialog(_Confirmation):
    def __init__(
        self, overview: SnapshotOverview, snapshot: SnapshotInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Revert to snapshot?"), self.tr("Revert"), parent)
        self.setObjectName("revertDialog")
        name = overview.domain.name
        self.heading(
            self.tr("Revert %1 to snapshot “%2” of %3?")
            .replace("%1", name)
            .replace("%2", snapshot.name)
            .replace("%3", _when(snapshot))
        )
        if overview.state.is_active:
            lost = self.tr(
                "The VM's current state since then is lost: everything written to its disks "
                "since %1, and what it is running now (its memory). This cannot be undone."
            )
        else:
            lost = self.tr(
                "The VM's current state since then is lost: everything written to its disks "
                "since %1. This cannot be undone."
            )
        self.note(lost.replace("%1", _when(snapshot)), "lostNote", Colour.DANGER)
        if snapshot.memory or snapshot.state in ("running", "paused"):
            after = self.tr("Afterwards the VM is %1, as it was then.").replace(
                "%1", snapshot_state_label(snapshot.state).lower()
            )
        else:
            after = self.tr("Afterwards the VM is shut off, with its disks as they were then.")
        self.note(after, "afterNote")
        newer = [s.name for s in overview.tree.descendants(snapshot.name)]
        if newer:
            self.note(
                self.tr("Snapshots taken after it are kept: %1.").replace("%1", ", ".join(newer)),
                "keptNote",
            )


class DeleteSnapshotDialog(_Confirmation):
    def __init__(
        self, overview: SnapshotOverview, snapshot: SnapshotInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Delete snapshot?"), self.tr("Delete"), parent)
        self.setObjectName("deleteSnapshotDialog")
        self.snapshot_actions = overview.plan.for_snapshot(snapshot.name)
        self.heading(
            self.tr("Delete snapshot “%1” of %2?")
            .replace("%1", snapshot.name)
            .replace("%2", overview.domain.name)
        )
        if snapshot.kind is SnapshotKind.INTERNAL:
            what = self.tr(
                "Its saved state is removed from the disk images. The VM's current state "
                "does not change, but you can no longer return to this snapshot."
            )
        else:
            what = self.tr(
                "Its overlay files are merged into the images they are based on, then "
                "removed. No data of the current state is lost; you can no longer return "
                "to the state of this snapshot."
            )
        self.note(what, "whatNote")
        descendants = overview.tree.descendants(snapshot.name)
        self.children_box = QCheckBox(self)
        self.children_box.setObjectName("childrenBox")
        self.children_reason = self.note("", "childrenReason", Colour.INACTIVE)
        if descendants:
            self.children_box.setText(
                self.tr(
                    "Also delete the %n snapshot(s) taken after it: %1", "", len(descendants)
                ).replace("%1", ", ".join(s.name for s in descendants))
            )
            self.body.insertWidget(self.body.count() - 1, self.children_box)
            blocker = self.snapshot_actions.delete_with_children.blocker
            self.children_box.setEnabled(blocker is None)
            if blocker is not None:
                self.children_reason.setText(reason_text(blocker))
        else:
            self.children_box.hide()
        self.children_reason.setVisible(bool(self.children_reason.text()))
        self.alone_reason = self.note("", "aloneReason", Colour.INACTIVE)
        self.children_box.toggled.connect(lambda _on: self._update())
        self._update()

    def _update(self) -> None:
        children = self.children_box.isChecked()
        possibility = (
            self.snapshot_actions.delete_with_children if children else self.snapshot_actions.delete
        )
        blocker = possibility.blocker
        text = ""
        if blocker is not None and not children:
            text = self.tr("It cannot be deleted on its own: %1").replace(
                "%1", reason_text(blocker)
            )
        self.alone_reason.setText(text)
        self.alone_reason.setVisible(bool(text))
        self.action_button.setEnabled(blocker is None)

    def with_children(self) -> bool:
        return self.children_box.isChecked()
