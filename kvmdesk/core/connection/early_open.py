"""Open libvirt connections the moment the process starts, before anything heavy loads.

Opening a big or remote connection takes a second or more; the app names its
URIs first thing, and the sessions created later pick up the pending opens.
Only libvirt is imported here, so starting the opens costs almost nothing.

Each open remembers the ID of the thread that runs it: a transport program that
libvirt forks for the connection (``ssh``) is that thread's child, and the
session that takes the open over must be able to end it (see
:mod:`kvmdesk.core.util.children`).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import libvirt

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop


@dataclass
class PendingOpen:
    """A ``virConnectOpen`` under way, and the thread it runs on once it has started."""

    future: Future[Any]
    threads: set[int] = field(default_factory=set)


_pending: dict[str, PendingOpen] = {}
_executor: ThreadPoolExecutor | None = None


def _open(uri: str, threads: set[int]) -> Any:
    threads.add(threading.get_native_id())
    return libvirt.open(uri)


def begin(uri: str) -> None:
    """Start ``virConnectOpen(uri)`` in the background (once per URI)."""
    global _executor
    if uri in _pending:
        return
    ensure_event_loop()
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="libvirt-open")
    threads: set[int] = set()
    _pending[uri] = PendingOpen(_executor.submit(_open, uri, threads), threads)


def take(uri: str) -> PendingOpen | None:
    """The pending open of ``uri`` for its session to await, if one was begun."""
    return _pending.pop(uri, None)
