"""The details pane's live screen thumbnail on the test driver (which has screenshots)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kvmdesk.app import Application
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.ui.console.thumbnail import WIDTH
from tests.helpers.qt_async import AsyncRunner


def _select(app: Application, *names: str) -> Any:
    session = next(iter(app.inventory.sessions.values()))
    app.window.select_keys([session.lifecycle.find(n).key for n in names])
    return session


def test_selected_running_vm_shows_its_screen(demo_app: Application, runner: AsyncRunner) -> None:
    thumbnail = demo_app.window.details.thumbnail
    session = _select(demo_app, "web-frontend")
    runner.until(lambda: thumbnail.captures >= 1)
    assert thumbnail.isVisible()
    assert thumbnail.pixmap().width() == WIDTH
    assert thumbnail.active
    assert thumbnail.following == (session.uri, session.lifecycle.find("web-frontend").uuid)

    _select(demo_app, "db-replica")  # shut off: no picture, no requests
    assert not thumbnail.isVisible()
    assert not thumbnail.active
    _select(demo_app, "web-frontend", "mail")  # several: nobody's
    assert thumbnail.following is None and not thumbnail.active
    runner.run(thumbnail.wait_idle())


def test_follows_the_vm_and_stops_when_hidden(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    thumbnail = demo_app.window.details.thumbnail
    session = _select(demo_app, "db-replica")
    assert not thumbnail.active
    uuid = session.lifecycle.find("db-replica").uuid
    runner.run(session.lifecycle.perform(uuid, DomainAction.START))
    runner.until(lambda: thumbnail.captures >= 1)  # started while selected: pictures begin
    assert thumbnail.active
    runner.run(thumbnail.wait_idle())
    runner.run(session.lifecycle.perform(uuid, DomainAction.DESTROY))
    runner.until(lambda: not thumbnail.active)
    assert not thumbnail.isVisible()

    _select(demo_app, "web-frontend")
    runner.until(lambda: thumbnail.active)
    demo_app.window.details.hide()
    assert not thumbnail.active
    demo_app.window.details.show()
    assert thumbnail.active
    runner.run(thumbnail.wait_idle())


def test_clicking_the_thumbnail_opens_the_console(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    thumbnail = demo_app.window.details.thumbnail
    _select(demo_app, "web-frontend")
    runner.until(lambda: thumbnail.isVisible())
    qtbot.mouseClick(thumbnail, Qt.MouseButton.LeftButton)
    window = demo_app.controller.console_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.current_tab() is not None and window.current_tab().name == "web-frontend"
    for tab in window.all_tabs():
        runner.run(tab.wait_idle())
    runner.run(thumbnail.wait_idle())
