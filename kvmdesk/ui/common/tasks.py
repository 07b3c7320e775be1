"""Background tasks of a window: started on the qasync loop, failures reported, awaitable.

Every request a window makes becomes one of these tasks, so the GUI thread
never blocks; a :class:`KvmdeskError` becomes the report callback's message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from kvmdesk.core.types.errors import KvmdeskError

log = logging.getLogger(__name__)

Report = Callable[[bool, str], None]  # (expected kvmdesk error?, message)
# How a window hands a coroutine to its owner's task set (``TaskSet.spawn``).
Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


class TaskSet:
    """Keeps its tasks alive until done and reports how each failed."""

    def __init__(self, report: Report) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._report = report

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, KvmdeskError):
            self._report(True, str(error))
        elif error is not None:
            log.error("unexpected error in a background task", exc_info=error)
            self._report(False, f"{type(error).__name__}: {error}")

    def cancel_all(self) -> None:
        """Cancel every task still running (their owner is going away)."""
        for task in list(self._tasks):
            task.cancel()

    async def wait_idle(self) -> None:
        """Until every task started so far (and those they start) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
