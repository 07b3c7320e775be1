"""Clones of one connection's shut-off domains: ``session.clones``.

:meth:`Clones.plan` says what a clone would be (and refuses what cannot be done);
:meth:`Clones.clone` carries it out with progress reported on the loop's thread and
a :class:`CloneCancel` the caller may trigger; a failed or cancelled clone leaves
nothing behind (see :mod:`.clone_ops`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kvmdesk.core.snapshot import clone_ops
from kvmdesk.core.snapshot.clone import ClonePlan
from kvmdesk.core.snapshot.clone_ops import CloneProgress
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput


class CloneCancel:
    """Asks a running clone to stop; it stops before the next volume and cleans up."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Clones:
    """Plan and run clones of the connection's domains."""

    def __init__(self, session: SessionContext) -> None:
        self._session = session

    def _taken_macs(self) -> set[str]:
        return {nic.mac for d in self._session.domains.values() for nic in d.nics}

    async def plan(self, uuid: str, name: str, *, linked: bool = False) -> ClonePlan:
        if uuid not in self._session.domains:
            raise BadInput(f"no domain with UUID {uuid} on {self._session.label}")
        conn = self._session.connection()
        handle = self._session.handle(uuid)
        macs = self._taken_macs()
        return await self._session.run(
            lambda: clone_ops.plan_clone(conn, handle, name, linked=linked, taken_macs=macs)
        )

    async def xml(self, uuid: str, plan: ClonePlan) -> str:
        """The XML the clone would be defined with."""
        return await self._session.run(clone_ops.plan_xml, self._session.handle(uuid), plan)

    async def clone(
        self,
        uuid: str,
        plan: ClonePlan,
        progress: Callable[[CloneProgress], None] | None = None,
        cancel: CloneCancel | None = None,
    ) -> str:
        """Make the clone; returns its UUID. ``progress`` is called on the loop's thread."""
        conn = self._session.connection()
        handle = self._session.handle(uuid)
        loop = self._session.loop
        token = cancel or CloneCancel()

        def report(update: CloneProgress) -> None:
            if progress is not None:
                loop.call_soon_threadsafe(progress, update)

        return await self._session.run(
            lambda: clone_ops.run_clone(conn, handle, plan, report, lambda: token.cancelled)
        )
