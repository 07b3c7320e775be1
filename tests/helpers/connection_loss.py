"""Lose a test-driver session's connection after its Nth libvirt call.

libvirt's test driver runs in-process: there is no daemon to kill. :class:`LoseAfter`
wraps ``session.run()`` (as :mod:`tests.helpers.fault_injection` does for the real
daemon) and, once call N has returned, makes the session go through exactly what a
dead daemon's close callback makes it do: drop and close its ``virConnect`` and
report the loss. Every later call of the operation meets a closed connection.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypeVar

from kvmdesk.core.connection.session import Session
from tests.helpers.fault_injection import call_name

T = TypeVar("T")

REASON = "End of file while reading data: Input/output error"


class LoseAfter:
    """Counts the session's ``run()`` calls; after call ``number`` the link is gone.

    ``counting``: count only calls of these (:func:`call_name`), not the background
    refreshes that events start meanwhile.
    """

    def __init__(self, session: Session, number: int, *, counting: Collection[str] = ()) -> None:
        self.session = session
        self.number = number
        self.calls: list[str] = []
        self.lost = False
        original = session.run

        async def run(function: Callable[..., T], *args: Any) -> T:
            name = call_name(function)
            if counting and name not in counting:
                return await original(function, *args)
            self.calls.append(name)
            try:
                return await original(function, *args)
            finally:
                if len(self.calls) == self.number and not self.lost:
                    self.lost = True
                    # What the close callback of a dead connection calls (see Session).
                    session._lost(REASON)

        session.run = run  # type: ignore[method-assign]
