"""Coroutines on a qasync loop bound to the test's QApplication, for the UI and app tests.

The ``runner`` fixture (tests/conftest.py) makes the loop and hands out an
:class:`AsyncRunner`; test modules import the class only to annotate that fixture.

:func:`collect_on_the_gui_thread` is what the ui and integration tiers' autouse
fixtures run: garbage cycles are collected on the GUI thread only, as in the app
(kvmdesk/ui/common/collector.py), never by a libvirt worker thread that would destroy
a previous test's windows from there.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import qasync
from PySide6.QtWidgets import QApplication

from kvmdesk.ui.common.collector import GuiThreadCollector

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


_collector: list[GuiThreadCollector] = []


def collect_on_the_gui_thread(app: QApplication) -> Iterator[None]:
    """Fixture body: the app's collector for the whole run, and a check after each test."""
    if not _collector:
        _collector.append(GuiThreadCollector(app))
    yield
    _collector[0].check()
