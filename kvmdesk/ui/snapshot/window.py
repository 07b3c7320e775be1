"""The snapshot window of one VM: its tree, and Create, Revert and Delete as the plan allows.

Every button follows :class:`~kvmdesk.core.snapshot.plan.SnapshotPlan`: what is not
possible for the selected snapshot is disabled and the reason is shown under the tree.
The window reads the tree again after each operation and when the VM's state
changes (the plan depends on it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.snapshot.service import SnapshotOverview
from kvmdesk.core.snapshot.tree import SnapshotInfo
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.models.labels import domain_state_label
from kvmdesk.models.snapshot_model import SnapshotColumn, SnapshotRole, SnapshotTreeModel
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.notes import note_label
from kvmdesk.ui.common.notifications import Level, NotificationArea
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.snapshot.confirm import DeleteSnapshotDialog, RevertDialog
from kvmdesk.ui.snapshot.create_dialog import CreateSnapshotDialog
from kvmdesk.ui.snapshot.reasons import kind_label, reason_text

log = logging.getLogger(__name__)


class SnapshotWindow(QWidget):
    """One window per VM."""

    def __init__(self, session: Session, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.uuid = uuid
        self.overview: SnapshotOverview | None = None
        self.dialog: QDialog | None = None  # the dialog on screen (tests reach it here)
        self._busy = False
        self._task_set = TaskSet(self._report)
        name = session.domains[uuid].name if uuid in session.domains else uuid
        self.setObjectName("snapshotWindow")
        self.setWindowTitle(self.tr("Snapshots — %1").replace("%1", safe_name(name)))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.summary = note_label("", self, "summary")
        layout.addWidget(self.summary)
        self.model = SnapshotTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("snapshotView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        header = self.view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.selection_note = note_label("", self, "selectionNote")
        layout.addWidget(self.selection_note)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Take snapshot…"), self)
        self.create_button.setObjectName("createButton")
        self.revert_button = QPushButton(self.tr("Revert to…"), self)
        self.revert_button.setObjectName("revertButton")
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setObjectName("deleteButton")
        for button in (self.create_button, self.revert_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button = add_close_button(buttons, self)
        layout.addLayout(buttons)
        self.notifications = NotificationArea(self)
        layout.addWidget(self.notifications)
        self.create_button.clicked.connect(lambda: self._spawn(self.create_snapshot()))
        self.revert_button.clicked.connect(lambda: self._spawn(self.revert_selected()))
        self.delete_button.clicked.connect(lambda: self._spawn(self.delete_selected()))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        session.domains_upserted.connect(self._on_domains)
        self._update_buttons()
        self.refresh()

    def closeEvent(self, event: Any) -> None:
        self.session.domains_upserted.disconnect(self._on_domains)
        super().closeEvent(event)

    # ------------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        title = self.tr("Snapshot operation failed") if expected else self.tr("Unexpected error")
        self.notifications.notify(title, message, Level.ERROR)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    def _on_domains(self, _session: Session, snapshots: list[DomainSnapshot]) -> None:
        if any(s.uuid == self.uuid for s in snapshots) and not self._busy:
            self.refresh()

    def refresh(self) -> None:
        self._spawn(self.reload())

    async def reload(self) -> None:
        overview = await self.session.snapshots.overview(self.uuid)
        self.show_overview(overview)

    # ------------------------------------------------------------- showing

    def show_overview(self, overview: SnapshotOverview) -> None:
        selected = self.selected_name()
        self.overview = overview
        self.model.set_tree(overview.tree)
        self.view.expandAll()
        for column in range(SnapshotColumn.DESCRIPTION):
            self.view.resizeColumnToContents(column)
        possible = [kind_label(k) for k, p in overview.plan.create.items() if p.allowed]
        state = domain_state_label(overview.state)
        if possible:
            summary = self.tr("%1 (%2). Snapshots it can take: %3.").replace(
                "%3", ", ".join(possible)
            )
        else:
            summary = self.tr("%1 (%2). No snapshot can be taken of it on this host.")
        self.summary.setText(summary.replace("%1", overview.domain.name).replace("%2", state))
        current = overview.tree.current
        self.select(selected or (current.name if current else ""))
        self._update_buttons()

    def select(self, name: str) -> None:
        if not name:
            return
        matches = self.model.match(
            self.model.index(0, 0),
            SnapshotRole.NAME,
            name,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if matches:
            self.view.setCurrentIndex(matches[0])

    def selected_name(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(SnapshotRole.NAME)) if index.isValid() else ""

    def selected(self) -> SnapshotInfo | None:
        if self.overview is None:
            return None
        return self.overview.tree.get(self.selected_name())

    def _update_buttons(self) -> None:
        overview, snapshot = self.overview, self.selected()
        ready = overview is not None and not self._busy
        self.create_button.setEnabled(
            ready and overview is not None and overview.plan.default_kind is not None
        )
        notes = []
        if overview is not None and snapshot is not None:
            actions = overview.plan.for_snapshot(snapshot.name)
            self.revert_button.setEnabled(ready and actions.revert.allowed)
            self.delete_button.setEnabled(
                ready and (actions.delete.allowed or actions.delete_with_children.allowed)
            )
            if actions.revert.blocker is not None:
                notes.append(
                    self.tr("Cannot revert to %1: %2")
                    .replace("%1", snapshot.name)
                    .replace("%2", reason_text(actions.revert.blocker))
                )
            if actions.delete.blocker is not None:
                notes.append(
                    self.tr("Cannot delete %1: %2")
                    .replace("%1", snapshot.name)
                    .replace("%2", reason_text(actions.delete.blocker))
                )
        else:
            self.revert_button.setEnabled(False)
            self.delete_button.setEnabled(False)
        self.selection_note.setText("\n".join(notes))
        self.selection_note.setVisible(bool(notes))

    # ------------------------------------------------------------- actions

    async def _operate(self, operation: Coroutine[Any, Any, Any], done: str) -> None:
        self._busy = True
        self._update_buttons()
        try:
            await operation
            self.notifications.notify(done, "", Level.INFO)
        finally:
            self._busy = False
            await self.reload()

    async def create_snapshot(self) -> None:
        if self.overview is None:
            return
        dialog = CreateSnapshotDialog(self.overview, self)
        self.dialog = dialog
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        request = dialog.value()
        await self._operate(
            self.session.snapshots.create(
                self.uuid, request.name, request.kind, request.description
            ),
            self.tr("Snapshot %1 taken").replace("%1", request.name),
        )

    async def revert_selected(self) -> None:
        snapshot = self.selected()
        if self.overview is None or snapshot is None:
            return
        dialog = RevertDialog(self.overview, snapshot, self)
        self.dialog = dialog
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        await self._operate(
            self.session.snapshots.revert(self.uuid, snapshot.name),
            self.tr("Reverted to %1").replace("%1", snapshot.name),
        )

    async def delete_selected(self) -> None:
        snapshot = self.selected()
        if self.overview is None or snapshot is None:
            return
        dialog = DeleteSnapshotDialog(self.overview, snapshot, self)
        self.dialog = dialog
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        children = dialog.with_children()
        await self._operate(
            self._delete(snapshot.name, children),
            self.tr("Snapshot %1 deleted").replace("%1", snapshot.name),
        )

    async def _delete(self, name: str, children: bool) -> None:
        kept = await self.session.snapshots.delete(self.uuid, name, children=children)
        if kept:
            self.notifications.notify(
                self.tr("Memory files kept"),
                self.tr("No storage pool holds them, so kvmdesk left them: %1").replace(
                    "%1", ", ".join(kept)
                ),
                Level.WARNING,
            )
