"""Changes a lost connection interrupted, kept until finished or undone: ``session.interrupted``.

A composite change that stops half-way raises a
:class:`~kvmdesk.core.types.partial.PartialChange` with a
:class:`~kvmdesk.core.types.partial.Recovery`; the service that raised it hands it here
first. Once the connection is up (at once, or after the reconnect), :attr:`offered`
fires for it, so the app can offer "Finish" and "Undo"; :meth:`finish` / :meth:`undo`
run the recovery and drop the change. Nothing is finished or undone without the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.core.types.signals import Signal

log = logging.getLogger(__name__)


class InterruptedChanges:
    """The session's interrupted changes that can still be finished or undone."""

    def __init__(
        self,
        label: Callable[[], str],
        connected: Callable[[], bool],
        log_event: Callable[..., None],
    ) -> None:
        self._label = label
        self._connected = connected
        self._log_event = log_event
        self._pending: list[PartialChange] = []
        self._offered: set[int] = set()
        # (change): the connection is up and the change can be finished or undone now.
        self.offered: Signal[[PartialChange]] = Signal()
        # (change): finished, undone or dropped; an offer on screen for it is stale.
        self.settled: Signal[[PartialChange]] = Signal()

    def pending(self) -> list[PartialChange]:
        """The interrupted changes not finished or undone yet, oldest first."""
        return list(self._pending)

    def remember(self, change: PartialChange) -> PartialChange:
        """Keep ``change`` (when it has a recovery) and return it, for ``raise``."""
        if change.recovery is None:
            return change
        self._pending.append(change)
        self._log_event(ObjectKind.CONNECTION, self._label(), "", "interrupted", str(change))
        if self._connected():
            self._offer(change)
        return change

    def reconnected(self) -> None:
        """The connection is back: offer every change not offered on this connection yet."""
        self._offered.clear()
        for change in list(self._pending):
            self._offer(change)

    def _offer(self, change: PartialChange) -> None:
        if id(change) in self._offered:
            return
        self._offered.add(id(change))
        self.offered.emit(change)

    async def finish(self, change: PartialChange) -> None:
        """Carry out the steps that did not happen; :class:`LibvirtFailure` if it cannot."""
        recovery = change.recovery
        if recovery is None or recovery.finish is None:
            raise LibvirtFailure(f"{change.what} cannot be finished")
        await recovery.finish()
        self._drop(change, "finished")

    async def undo(self, change: PartialChange) -> None:
        """Take back the steps that happened; :class:`LibvirtFailure` if it cannot."""
        recovery = change.recovery
        if recovery is None or recovery.undo is None:
            raise LibvirtFailure(f"{change.what} cannot be undone")
        await recovery.undo()
        self._drop(change, "undone")

    def dismiss(self, change: PartialChange) -> None:
        """The user leaves the change as it is."""
        self._drop(change, "left as it is")

    def _drop(self, change: PartialChange, how: str) -> None:
        if change in self._pending:
            self._pending.remove(change)
            self._offered.discard(id(change))
            self._log_event(ObjectKind.CONNECTION, self._label(), "", how, change.what)
            self.settled.emit(change)
