"""The event log dock's counter follows its filter: "N of M events" while rows are hidden."""

from __future__ import annotations

from typing import Any

from kvmdesk.app import Application
from kvmdesk.core.domain.actions import DomainAction
from tests.helpers.qt_async import AsyncRunner


def test_count_label_counts_what_the_filter_lists(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    dock = demo_app.window.event_dock
    demo_app.hub.events.clear()
    for name, action in (
        ("k8s-node-1", DomainAction.SUSPEND),
        ("k8s-node-2", DomainAction.SUSPEND),
        ("k8s-node-3", DomainAction.RESUME),
        ("web-frontend", DomainAction.SUSPEND),
        ("web-backend", DomainAction.SUSPEND),
        ("mail", DomainAction.SUSPEND),
    ):
        runner.run(session.lifecycle.perform(session.lifecycle.find(name).uuid, action))
    runner.until(lambda: demo_app.hub.events.rowCount() == 6)
    qtbot.waitUntil(lambda: dock.count_label.text() == "6 events")
    qtbot.keyClicks(dock.filter_edit, "k8s")
    assert demo_app.hub.event_proxy.rowCount() == 3
    qtbot.waitUntil(lambda: dock.count_label.text() == "3 of 6 events")
    dock.filter_edit.clear()
    qtbot.waitUntil(lambda: dock.count_label.text() == "6 events")
