"""UI test fixtures: the real app wiring on private copies of the demo inventory.

No mocks: the app runs on libvirt's test driver, each test on its own copy of
the demo inventory (file-based test:// URIs give every open a fresh state).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kvmdesk.app import Application, build
from kvmdesk.core.connection.demo import demo_inventory, prepare_demo
from kvmdesk.core.connection.inventory import Inventory
from tests.helpers.qt_async import AsyncRunner, collect_on_the_gui_thread


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp: Any) -> Iterator[None]:
    """Garbage cycles are collected on the GUI thread only, as in the app."""
    yield from collect_on_the_gui_thread(qapp)


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
