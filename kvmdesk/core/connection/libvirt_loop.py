"""libvirt's own event loop on one daemon thread.

libvirtaio cannot share the Qt thread with calls made from an executor (it is
not thread-safe), so kvmdesk uses libvirt's thread-safe default implementation
and hops each event to the asyncio loop with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import threading

import libvirt

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _ignore_error(_context: object, _error: object) -> None:
    """Errors are raised as exceptions to the caller; keep libvirt from printing them too."""


def ensure_event_loop() -> None:
    """Register the default event implementation once, before any connection opens."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        libvirt.registerErrorHandler(_ignore_error, None)
        libvirt.virEventRegisterDefaultImpl()
        _thread = threading.Thread(target=_run, name="libvirt-events", daemon=True)
        _thread.start()


def _run() -> None:
    while True:
        libvirt.virEventRunDefaultImpl()
