"""Coroutines on a qasync loop bound to the test's QApplication, for the UI and app tests.

The ``runner`` fixture (tests/conftest.py) makes the loop and hands out an
:class:`AsyncRunner`; test modules import the class only to annotate that fixture.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import qasync

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
