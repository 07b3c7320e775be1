"""What the main window's "Snapshots…" and "Clone…" start: one snapshot window per VM,
and the clone flow (dialog, plan, progress with cancel, the result).

The main window's controller creates one :class:`SnapshotFlows` and hands it the
requests; this module knows nothing of the main window itself.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QWidget

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.snapshot.clone_ops import CloneCancelled
from kvmdesk.core.snapshot.clone_service import CloneCancel
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.notifications import Level, Notify
from kvmdesk.ui.common.tasks import Spawn
from kvmdesk.ui.snapshot.clone_dialog import CloneDialog, CloneProgressDialog, CloneRequest
from kvmdesk.ui.snapshot.window import SnapshotWindow

log = logging.getLogger(__name__)


class SnapshotFlows(QObject):
    """Opens snapshot windows and runs clones for the domains picked in the main window."""

    def __init__(
        self,
        inventory: Inventory,
        parent_window: QWidget,
        spawn: Spawn,
        notify: Notify,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.inventory = inventory
        self.parent_window = parent_window
        self._spawn = spawn
        self._notify = notify
        self.windows: dict[tuple[str, str], SnapshotWindow] = {}
        # The clone dialogs on screen (tests and screenshots reach them here).
        self.clone_dialog: CloneDialog | None = None
        self.progress_dialog: CloneProgressDialog | None = None

    def _session(self, key: tuple[str, str]) -> Session | None:
        session = self.inventory.sessions.get(key[0])
        if session is None or key[1] not in session.domains:
            return None
        return session

    def open_snapshots(self, keys: list[tuple[str, str]]) -> SnapshotWindow | None:
        """The snapshot window of the one selected VM, made on first use, raised."""
        if len(keys) != 1:
            return None
        key = keys[0]
        session = self._session(key)
        if session is None:
            return None
        window = self.windows.get(key)
        if window is None:
            window = SnapshotWindow(session, key[1], self.parent_window)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _obj=None, k=key: self.windows.pop(k, None))
            self.windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def clone(self, keys: list[tuple[str, str]]) -> None:
        if len(keys) == 1:
            self._spawn(self.run_clone(keys[0]))

    async def run_clone(self, key: tuple[str, str]) -> str | None:
        """Ask, plan, copy; returns the new UUID, or None when cancelled or refused."""
        session = self._session(key)
        if session is None:
            return None
        source = session.domains[key[1]]
        taken = [d.name for d in session.domains.values()]
        request: CloneRequest | None = None
        problem = ""
        while True:
            dialog = CloneDialog(source.name, taken, self.parent_window)
            if request is not None:  # asked again after bad input: keep what was typed
                dialog.name_edit.setText(request.name)
                dialog.linked_button.setChecked(request.linked)
                dialog.show_problem(problem)
            self.clone_dialog = dialog
            if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            request = dialog.value()
            try:
                plan = await session.clones.plan(key[1], request.name, linked=request.linked)
            except BadInput as error:
                problem = str(error)
                continue
            except KvmdeskError as error:
                title = self.tr("Cannot clone %1").replace("%1", source.name)
                self._notify(title, str(error), Level.ERROR)
                return None
            break
        cancel = CloneCancel()
        progress = CloneProgressDialog(plan, cancel, self.parent_window)
        self.progress_dialog = progress
        answer = run_dialog(progress)
        try:
            uuid = await session.clones.clone(key[1], plan, progress.show_progress, cancel)
        except CloneCancelled:
            progress.finish(False)
            await answer
            self._notify(
                self.tr("Clone cancelled"),
                self.tr("Nothing of %1 was kept.").replace("%1", plan.name),
                Level.INFO,
            )
            return None
        except KvmdeskError as error:
            progress.finish(False)
            await answer
            self._notify(
                self.tr("Cloning %1 failed").replace("%1", source.name),
                self.tr("%1 Nothing of the clone was kept.").replace("%1", str(error)),
                Level.ERROR,
            )
            return None
        progress.finish(True)
        await answer
        kind = self.tr("Linked clone %1 created") if plan.linked else self.tr("Clone %1 created")
        self._notify(kind.replace("%1", plan.name), "", Level.INFO)
        return uuid
