"""The main window's layout, columns, filters and selected connection survive a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import Application, build
from kvmdesk.core.connection.demo import prepare_demo
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.domain_filter import StateFilter
from kvmdesk.models.domain_model import DomainColumn, DomainRole
from kvmdesk.ui.main.window_state import WindowMemory, state_path
from tests.helpers.qt_async import AsyncRunner

SECOND = "test:///default"


def _open(qtbot: Any, runner: AsyncRunner, uris: list[str], tmp_path: Path) -> Application:
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    for uri in uris:
        if uri == SECOND:
            inventory.add(uri, remember=False)
        else:
            inventory.add(uri, label="Demo", remember=False, prepare=prepare_demo)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    return application


def _load(application: Application, runner: AsyncRunner) -> None:
    application.window.show()
    application.connect_all(runner.loop)
    runner.run(application.inventory.wait_settled())


@pytest.fixture
def apps(qtbot: Any, runner: AsyncRunner, tmp_path: Path) -> Iterator[list[Application]]:
    opened: list[Application] = []
    yield opened
    for application in opened:
        runner.run(application.controller.wait_idle())
        runner.run(application.inventory.close())


def _uri_row(application: Application, uri: str) -> Any:
    model = application.hub.connections
    for row in range(model.rowCount()):
        if model.index(row, 0).data(ConnectionRole.URI) == uri:
            return model.index(row, 0)
    raise AssertionError(uri)


def test_layout_filters_and_selection_come_back(
    qtbot: Any, runner: AsyncRunner, demo_uri: str, tmp_path: Path, apps: list[Application]
) -> None:
    first = _open(qtbot, runner, [demo_uri, SECOND], tmp_path)
    apps.append(first)
    _load(first, runner)
    window = first.window
    window.resize(761, 541)  # within the offscreen screen, 800 × 600
    window.splitter.setSizes([231, 530])
    header = window.domain_view.horizontalHeader()
    header.resizeSection(DomainColumn.NAME, 277)
    header.moveSection(header.visualIndex(DomainColumn.MEMORY), 1)
    window.domain_view.sortByColumn(DomainColumn.MEMORY, Qt.SortOrder.DescendingOrder)
    window.filter_edit.setText("web")
    window.state_combo.setCurrentIndex(window.state_combo.findData(str(StateFilter.RUNNING)))
    window.connection_combo.setCurrentIndex(window.connection_combo.findData(demo_uri))
    window.connection_view.setCurrentIndex(_uri_row(first, SECOND))
    memory = WindowMemory(state_path(tmp_path / "connections.json"))
    memory.save(window)
    splitter_sizes = window.splitter.sizes()
    size = (window.width(), window.height())  # as resized, or its minimum if larger

    second = _open(qtbot, runner, [demo_uri, SECOND], tmp_path)
    apps.append(second)
    restored = WindowMemory(state_path(tmp_path / "connections.json"))
    restored.restore(second.window)  # before the connections load, as the app does
    _load(second, runner)
    other = second.window
    assert (other.width(), other.height()) == size
    assert other.splitter.sizes() == splitter_sizes
    other_header = other.domain_view.horizontalHeader()
    assert other_header.sectionSize(DomainColumn.NAME) == 277
    assert other_header.visualIndex(DomainColumn.MEMORY) == 1
    assert other_header.sortIndicatorSection() == DomainColumn.MEMORY
    assert other_header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert other.filter_edit.text() == "web"
    assert other.state_combo.currentData() == str(StateFilter.RUNNING)
    assert other.connection_combo.currentData() == demo_uri  # applied once its row came
    assert other.connection_view.currentIndex().data(ConnectionRole.URI) == SECOND
    proxy = second.hub.domain_proxy
    memory_column = [
        proxy.index(row, 0).data(DomainRole.SNAPSHOT).memory_kib for row in range(proxy.rowCount())
    ]
    assert memory_column == sorted(memory_column, reverse=True)
    assert all("web" in proxy.index(row, 0).data() for row in range(proxy.rowCount()))


def test_the_users_choice_wins_over_a_remembered_filter_still_waiting(
    qtbot: Any, runner: AsyncRunner, demo_uri: str, tmp_path: Path, apps: list[Application]
) -> None:
    first = _open(qtbot, runner, [demo_uri, SECOND], tmp_path)
    apps.append(first)
    _load(first, runner)
    first.window.connection_combo.setCurrentIndex(first.window.connection_combo.findData(SECOND))
    WindowMemory(state_path(tmp_path / "connections.json")).save(first.window)

    second = _open(qtbot, runner, [demo_uri, SECOND], tmp_path)
    apps.append(second)
    WindowMemory(state_path(tmp_path / "connections.json")).restore(second.window)
    combo = second.window.connection_combo
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # the user picks "All connections" before the rows load
    _load(second, runner)
    assert combo.currentData() is None


@pytest.mark.qt_log_ignore("QVariant::load")  # Qt's own word on the bad value
@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe garbage \x81\n[[[\n",
        b"[General]\nversion=1\nwindow/geometry=not bytes\nfilters/state=exploded\n"
        b"domains/columns=@ByteArray(\\x01\\x02)\nfilters/text=@Variant(\\0\\0\\0\\x7f)\n",
        b"[General]\nversion=99\nfilters/text=from the future\n",
        b"",
    ],
)
def test_a_corrupt_or_odd_state_file_leaves_the_defaults(
    qtbot: Any,
    runner: AsyncRunner,
    demo_uri: str,
    tmp_path: Path,
    apps: list[Application],
    content: bytes,
) -> None:
    state_path(tmp_path / "connections.json").write_bytes(content)
    application = _open(qtbot, runner, [demo_uri], tmp_path)
    apps.append(application)
    default_width = application.window.domain_view.horizontalHeader().sectionSize(0)
    WindowMemory(state_path(tmp_path / "connections.json")).restore(application.window)
    _load(application, runner)
    window = application.window
    assert window.filter_edit.text() == ""
    assert window.state_combo.currentData() == str(StateFilter.ALL)
    assert window.domain_view.horizontalHeader().sectionSize(0) == default_width
    assert application.hub.domain_proxy.rowCount() == 16
    # And the next save replaces the bad file with a good one.
    WindowMemory(state_path(tmp_path / "connections.json")).save(window)
    text = state_path(tmp_path / "connections.json").read_text(errors="replace")
    assert "version=1" in text
