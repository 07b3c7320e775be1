"""Running a stream transfer from the loop: progress hopped to it, cancellation honoured.

:func:`run_transfer` runs a blocking :mod:`~kvmdesk.core.storage.transfer` function in
the session's pool. Its progress reports cross to the loop (at most every
:data:`PROGRESS_INTERVAL` seconds, plus the last one); when the awaiting task is
cancelled, the transfer is told to stop and awaited, so whatever the caller cleans up
afterwards is no longer being written.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from kvmdesk.core.storage.transfer import Progress
from kvmdesk.core.storage.values import TransferProgress
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput

ProgressSlot = Callable[[TransferProgress], None]

PROGRESS_INTERVAL = 0.05


def loop_progress(loop: asyncio.AbstractEventLoop, slot: ProgressSlot | None) -> Progress:
    """A progress callback for the pool's thread that calls ``slot`` on ``loop``, throttled."""
    last = [0.0]

    def report(value: TransferProgress) -> None:
        now = time.monotonic()
        if slot is None or (now - last[0] < PROGRESS_INTERVAL and value.done < value.total):
            return
        last[0] = now
        loop.call_soon_threadsafe(slot, value)

    return report


async def run_transfer(
    session: SessionContext,
    function: Callable[..., int],
    conn: Any,
    pool: str,
    name: str,
    path: str,
    progress: ProgressSlot | None,
    cancel: threading.Event | None,
) -> int:
    """``function(conn, pool, name, path, progress, cancel)`` in the session's pool."""
    stop = cancel or threading.Event()
    task = asyncio.ensure_future(
        session.run(function, conn, pool, name, path, loop_progress(session.loop, progress), stop)
    )
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        stop.set()  # the thread cannot be interrupted: it stops after its current chunk
        with contextlib.suppress(BaseException):
            await task
        raise


def local_size(path: str) -> int:
    """The size of the local file to upload, else :class:`BadInput` saying why not."""
    if not os.path.isfile(path):
        raise BadInput(f"no file {path}")
    if not os.access(path, os.R_OK):
        raise BadInput(f"{path} cannot be read")
    return os.path.getsize(path)
