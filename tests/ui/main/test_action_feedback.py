"""Every action gives feedback: a line in the event log, and a notification when the row
cannot show the result (a reboot leaves a running VM running)."""

from __future__ import annotations

from kvmdesk.app import Application
from kvmdesk.core.types.events import Event, ObjectKind
from tests.helpers.qt_async import AsyncRunner


def _events(app: Application) -> list[Event]:
    app.hub.events.flush()
    model = app.hub.events
    return [model.index(row, 0).data(model.EventRole) for row in range(model.rowCount())]


def _lines(app: Application) -> list[tuple[ObjectKind, str, str]]:
    return [(e.object, e.name, e.event) for e in _events(app)]


def test_reboot_is_logged_and_notified(demo_app: Application, runner: AsyncRunner) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    target = session.lifecycle.find("web-frontend")
    demo_app.hub.events.clear()
    demo_app.controller.request_action("reboot", [target.key])
    runner.run(demo_app.controller.wait_idle())
    runner.until(
        lambda: (ObjectKind.DOMAIN, "web-frontend", "reboot requested") in _lines(demo_app)
    )
    last = demo_app.window.notifications.history[-1]
    assert last.title == "Reboot requested: web-frontend"
    assert "ACPI" in last.message


def test_shutdown_is_logged_and_notified(demo_app: Application, runner: AsyncRunner) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    names = ["k8s-node-1", "k8s-node-2"]
    demo_app.hub.events.clear()
    demo_app.controller.request_action(
        "shutdown", [session.lifecycle.find(name).key for name in names]
    )
    runner.run(demo_app.controller.wait_idle())
    runner.until(
        lambda: (
            [line for line in _lines(demo_app) if line[2] == "shutdown requested"]
            == [(ObjectKind.DOMAIN, name, "shutdown requested") for name in names]
        )
    )
    assert demo_app.window.notifications.history[-1].title == (
        "Shutdown requested: k8s-node-1, k8s-node-2"
    )


def test_connection_failure_and_disconnect_are_logged(
    demo_app: Application, runner: AsyncRunner
) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    demo_app.hub.events.clear()
    runner.run(session.disconnect())
    broken = demo_app.inventory.add("test:///nonexistent/inventory.xml", remember=False)
    runner.run(broken.connect())
    lines = _lines(demo_app)
    assert (ObjectKind.CONNECTION, "Demo", "disconnected") in lines
    failed = [e for e in _events(demo_app) if e.event == "connect failed"]
    assert [e.name for e in failed] == [broken.label]
    assert failed[0].detail == broken.message
