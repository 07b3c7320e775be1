"""UI tests: Qt's offscreen platform, a qasync loop on the test's QApplication, helpers.

No mocks: the app runs on libvirt's test driver, each test on its own copy of
the demo inventory (file-based test:// URIs give every open a fresh state).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libvirt's event thread owns GLib's default context; see kvmdesk.app.main.
os.environ.setdefault("QT_NO_GLIB", "1")

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kvmdesk.app import Application, build
from kvmdesk.core.demo import demo_inventory, prepare_demo
from kvmdesk.core.inventory import Inventory
from kvmdesk.core.libvirt_loop import ensure_event_loop

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


@pytest.fixture
def demo_uri(tmp_path: Path) -> str:
    copy = tmp_path / "inventory.xml"
    shutil.copyfile(demo_inventory(), copy)
    return f"test://{copy}"


@pytest.fixture
def demo_app(
    qtbot: Any, runner: AsyncRunner, demo_uri: str, tmp_path: Path
) -> Iterator[Application]:
    """The real app wiring on a private demo inventory, loaded and shown."""
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    inventory.add(demo_uri, label="Demo", remember=False, prepare=prepare_demo)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    application.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    runner.until(lambda: application.hub.domains.rowCount() == 16)
    yield application
    runner.run(application.controller.wait_idle())
    runner.run(inventory.close())
