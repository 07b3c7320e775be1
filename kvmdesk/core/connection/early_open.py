"""Open libvirt connections the moment the process starts, before anything heavy loads.

Opening a big or remote connection takes a second or more; the app names its
URIs first thing, and the sessions created later pick up the pending opens.
Only libvirt is imported here, so starting the opens costs almost nothing.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import libvirt

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop

_pending: dict[str, Future[Any]] = {}
_executor: ThreadPoolExecutor | None = None


def begin(uri: str) -> None:
    """Start ``virConnectOpen(uri)`` in the background (once per URI)."""
    global _executor
    if uri in _pending:
        return
    ensure_event_loop()
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="libvirt-open")
    _pending[uri] = _executor.submit(libvirt.open, uri)


def take(uri: str) -> Future[Any] | None:
    """The pending open of ``uri`` for its session to await, if one was begun."""
    return _pending.pop(uri, None)
