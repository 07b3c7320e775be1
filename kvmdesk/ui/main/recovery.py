"""Offers to finish or undo a change a lost connection cut short, in the main window.

A session keeps such changes (``session.interrupted``) and says when one can be acted
on: at once when the connection is still up, else once it is back. Each offer is a
notification naming what happened and what did not, with "Finish" and "Undo" buttons
(and the close button to leave it as it is); the outcome is a notification too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.notifications import (
    Level,
    Notification,
    NotificationAction,
    NotificationArea,
)
from kvmdesk.ui.common.tasks import Spawn


class RecoveryOffers(QObject):
    """One notification with Finish / Undo per interrupted change of every session."""

    def __init__(
        self,
        inventory: Inventory,
        notifications: NotificationArea,
        spawn: Spawn,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notifications = notifications
        self._spawn = spawn
        # The offer on screen per change (tests and screenshots reach them here).
        self.shown: dict[int, Notification] = {}
        inventory.session_added.connect(self._watch)
        for session in inventory.sessions.values():
            self._watch(session)

    def _watch(self, session: Session) -> None:
        session.interrupted.offered.connect(lambda change: self.offer(session, change))
        session.interrupted.settled.connect(self._settled)

    def _steps(self, change: PartialChange) -> str:
        lines = [
            self.tr("Done: %1").replace("%1", ", ".join(change.done) or self.tr("nothing")),
        ]
        if change.uncertain:
            lines.append(
                self.tr("Not known whether done: %1").replace("%1", ", ".join(change.uncertain))
            )
        if change.not_done:
            lines.append(self.tr("Not done: %1").replace("%1", ", ".join(change.not_done)))
        return "\n".join(lines)

    def offer(self, session: Session, change: PartialChange) -> Notification:
        """Show the offer for ``change`` (see the module's docstring)."""
        recovery = change.recovery
        assert recovery is not None
        title = (
            self.tr("Interrupted on %1: %2").replace("%1", session.label).replace("%2", change.what)
        )
        message = self.tr("%1\nFinish it or undo it?").replace("%1", self._steps(change))
        actions: list[NotificationAction] = []
        if recovery.finish is not None:
            actions.append(
                NotificationAction(
                    self.tr("Finish"),
                    lambda: self._run(session, change, session.interrupted.finish, True),
                    "recoveryFinish",
                )
            )
        if recovery.undo is not None:
            actions.append(
                NotificationAction(
                    self.tr("Undo"),
                    lambda: self._run(session, change, session.interrupted.undo, False),
                    "recoveryUndo",
                )
            )
        old = self.shown.pop(id(change), None)
        if old is not None:
            self._notifications.dismiss(old)
        widget = self._notifications.notify(title, message, Level.WARNING, actions=actions)
        widget.setObjectName("recoveryOffer")
        widget.close_button.setToolTip(safe_tooltip(self.tr("Leave it as it is")))
        if recovery.finish_text:
            widget.action_buttons[0].setToolTip(safe_tooltip(recovery.finish_text))
        if recovery.undo_text and recovery.undo is not None:
            widget.action_buttons[-1].setToolTip(safe_tooltip(recovery.undo_text))
        self.shown[id(change)] = widget
        widget.closed.connect(lambda: self.shown.pop(id(change), None))
        return widget

    def _run(
        self,
        session: Session,
        change: PartialChange,
        step: Callable[[PartialChange], object],
        finishing: bool,
    ) -> None:
        async def carry_out() -> None:
            try:
                await step(change)  # type: ignore[misc]
            except KvmdeskError as error:
                title = (
                    self.tr("Could not finish: %1") if finishing else self.tr("Could not undo: %1")
                ).replace("%1", change.what)
                self._notifications.notify(title, str(error), Level.ERROR)
                if change in session.interrupted.pending() and session.connected:
                    self.offer(session, change)  # still there: offered again
                return
            title = (self.tr("Finished: %1") if finishing else self.tr("Undone: %1")).replace(
                "%1", change.what
            )
            self._notifications.notify(title, "", Level.INFO)

        self._spawn(carry_out())

    def _settled(self, change: PartialChange) -> None:
        widget = self.shown.pop(id(change), None)
        if widget is not None:
            self._notifications.dismiss(widget)
