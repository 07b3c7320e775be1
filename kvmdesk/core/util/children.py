"""The child processes that our own threads started, and ending them.

libvirt runs a program for some transports (``ssh`` for ``qemu+ssh://``, the
``ext`` transport's command): the thread that opens the connection forks it, and
it lives as long as the connection. When that program hangs (an ssh host that
accepts TCP and never answers), the thread waiting on it is stuck inside libvirt
and nothing can interrupt it, but ending the program makes libvirt's call return.

Linux lists each thread's children in ``/proc/self/task/TID/children`` (by the
forking thread), so a session that knows its worker threads' IDs finds exactly
the processes its own opens started, and never touches anyone else's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path

_TASKS = Path("/proc/self/task")


def thread_children(thread_ids: Iterable[int]) -> list[int]:
    """PIDs of the live child processes forked by these threads of this process."""
    pids: list[int] = []
    for tid in thread_ids:
        try:
            text = (_TASKS / str(tid) / "children").read_text()
        except OSError:
            continue  # the thread is gone (its children moved to a sibling thread)
        pids.extend(int(field) for field in text.split())
    return pids


def all_children() -> list[int]:
    """PIDs of every live child process of this process, whichever thread forked it."""
    try:
        tids = [int(entry.name) for entry in _TASKS.iterdir()]
    except OSError:
        return []
    return thread_children(tids)


def _exists(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # A zombie has exited; its parent (libvirt) reaps it.
    return stat.rpartition(")")[2].split()[0:1] != ["Z"]


def end_processes(pids: Iterable[int], grace: float = 0.5) -> list[int]:
    """SIGTERM these processes, SIGKILL those still there after ``grace`` seconds.

    Returns the PIDs that were signalled. The caller passes only PIDs it owns
    (from :func:`thread_children`); a PID that has already gone is skipped.
    """
    signalled: list[int] = []
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
            signalled.append(pid)
    deadline = time.monotonic() + grace
    left = [pid for pid in signalled if _exists(pid)]
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = [pid for pid in left if _exists(pid)]
    for pid in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return signalled
