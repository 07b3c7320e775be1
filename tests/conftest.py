"""Shared test setup: Qt offscreen without GLib, and a qasync loop for async UI tests."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libvirt's event thread owns GLib's default context; see kvmdesk.app.main.
os.environ.setdefault("QT_NO_GLIB", "1")

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop

T = TypeVar("T")


class AsyncRunner:
    """Runs coroutines on a qasync loop bound to the test's QApplication."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coroutine, timeout))

    def until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Spin the real app loop until ``predicate()`` holds, else fail."""

        async def poll() -> None:
            deadline = time.monotonic() + timeout
            while not predicate():
                if time.monotonic() > deadline:
                    raise AssertionError(f"condition not met within {timeout} s")
                await asyncio.sleep(0.01)

        self.run(poll(), timeout + 5)


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[AsyncRunner]:
    ensure_event_loop()
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield AsyncRunner(loop)
    asyncio.set_event_loop(None)
    loop.close()
