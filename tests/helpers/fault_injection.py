"""Kill the isolated libvirtd at a chosen point of an operation (fault injection).

Every libvirt call of a :class:`~kvmdesk.core.connection.session.Session` goes through
its ``run()``. :class:`DaemonFaults` wraps that method on one session: it counts the
calls (and remembers what each ran), and can SIGKILL the daemon just *before* call N is
sent or just *after* call N returned (or failed). The calls themselves are real
libvirt calls on a real daemon; nothing is simulated.

Typical use::

    faults = DaemonFaults(session, isolated_libvirtd)
    faults.kill_after(2)            # the NIC's live step, before the persistent step
    with pytest.raises(PartialChange):
        await session.nics.apply(...)
    faults.restart()                # start libvirtd again; the session reconnects itself
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from kvmdesk.core.connection.session import Session
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

T = TypeVar("T")


def call_name(function: Callable[..., Any]) -> str:
    """What a run() call runs, for :attr:`DaemonFaults.calls` (partials unwrapped)."""
    while isinstance(function, functools.partial):
        function = function.func
    return getattr(function, "__qualname__", None) or getattr(function, "__name__", repr(function))


class DaemonFaults:
    """Counts ``session.run()`` calls and kills ``daemon`` before or after call N."""

    def __init__(
        self, session: Session, daemon: IsolatedLibvirtd, *, counting: Collection[str] = ()
    ) -> None:
        """``counting``: count only calls of these (:func:`call_name`) — the steps of the
        operation under test, not the background refreshes events start meanwhile."""
        self.session = session
        self.daemon = daemon
        self.counting = frozenset(counting)
        # The counted calls, in order; every call (counted or not) is in all_calls.
        self.calls: list[str] = []
        self.all_calls: list[str] = []
        self.killed_at: tuple[str, int] | None = None
        self._plan: tuple[str, int] | None = None
        original = session.run

        async def run(function: Callable[..., T], *args: Any) -> T:
            name = call_name(function)
            self.all_calls.append(name)
            if self.counting and name not in self.counting:
                return await original(function, *args)
            number = len(self.calls) + 1
            self.calls.append(name)
            self._maybe_kill("before", number)
            try:
                return await original(function, *args)
            finally:
                self._maybe_kill("after", number)

        # An instance attribute shadows the method for the session and all its parts.
        session.run = run  # type: ignore[method-assign]
        self._original = original

    def reset(self) -> None:
        """Count from 1 again, nothing planned."""
        self.calls.clear()
        self.all_calls.clear()
        self._plan = None
        self.killed_at = None

    def kill_before(self, number: int) -> None:
        """SIGKILL the daemon just before call ``number`` (counting from 1) is made."""
        self._plan = ("before", number)

    def kill_after(self, number: int) -> None:
        """SIGKILL the daemon as soon as call ``number`` has returned or failed."""
        self._plan = ("after", number)

    def _maybe_kill(self, when: str, number: int) -> None:
        if self._plan == (when, number):
            self._plan = None
            self.killed_at = (when, number)
            self.daemon.kill_libvirtd()

    def restart(self) -> None:
        """Start the daemon again (the session reconnects by itself)."""
        self.daemon.start_libvirtd()

    def ensure_running(self) -> None:
        """Start the daemon again if a kill left it down (for clean-up after a failure)."""
        if self.daemon.libvirtd_pid() is None:
            self.daemon.start_libvirtd()

    def remove(self) -> None:
        """Put the session's own run() back."""
        self.session.run = self._original  # type: ignore[method-assign]
