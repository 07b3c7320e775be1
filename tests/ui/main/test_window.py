"""The main window driven through its widgets on the test driver: filter, actions, menus."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QToolButton

from kvmdesk.app import Application
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.domain_model import DomainRole
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog, ForceOffDialog
from kvmdesk.ui.main.window import DELETE
from tests.helpers.qt_async import AsyncRunner


def _names(app: Application) -> set[str]:
    proxy = app.hub.domain_proxy
    return {proxy.index(row, 0).data() for row in range(proxy.rowCount())}


def _state(app: Application, name: str) -> DomainState:
    session = next(iter(app.inventory.sessions.values()))
    return session.lifecycle.find(name).state


def _select(app: Application, *names: str) -> None:
    session = next(iter(app.inventory.sessions.values()))
    app.window.select_keys([session.lifecycle.find(n).key for n in names])


def _toolbar_button(app: Application, key: str) -> QToolButton:
    toolbar = app.window.findChild(QToolBar, "mainToolbar")
    button = toolbar.widgetForAction(app.window.lifecycle_actions[key])
    assert isinstance(button, QToolButton)
    return button


def test_filter_box_and_state_combo(demo_app: Application, qtbot: Any) -> None:
    window = demo_app.window
    qtbot.keyClicks(window.filter_edit, "K8S")
    assert _names(demo_app) == {"k8s-node-1", "k8s-node-2", "k8s-node-3"}
    window.state_combo.setCurrentIndex(window.state_combo.findData("paused"))
    assert _names(demo_app) == {"k8s-node-3"}
    window.filter_edit.clear()
    assert _names(demo_app) == {"build-runner-02", "k8s-node-3"}
    window.state_combo.setCurrentIndex(0)
    assert len(_names(demo_app)) == 16


def test_sort_by_every_column(demo_app: Application) -> None:
    view = demo_app.window.domain_view
    proxy = demo_app.hub.domain_proxy
    for column in range(proxy.columnCount()):
        view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert proxy.rowCount() == 16
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # memory
    assert proxy.index(0, 0).data() == "db-primary"


def test_pause_and_resume_from_toolbar_on_multi_selection(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    _select(demo_app, "web-frontend", "web-backend", "db-replica")
    pause = _toolbar_button(demo_app, "suspend")
    assert pause.isEnabled()
    qtbot.mouseClick(pause, Qt.MouseButton.LeftButton)
    runner.until(
        lambda: (
            _state(demo_app, "web-frontend") is DomainState.PAUSED
            and _state(demo_app, "web-backend") is DomainState.PAUSED
        )
    )
    assert _state(demo_app, "db-replica") is DomainState.SHUTOFF  # not applicable: untouched
    assert demo_app.window.lifecycle_actions["resume"].isEnabled()
    qtbot.keyClick(
        demo_app.window.domain_view,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    runner.until(lambda: _state(demo_app, "web-frontend") is DomainState.RUNNING)
    runner.until(lambda: demo_app.hub.events.total_received >= 4)


def test_start_and_force_off_with_confirmation(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    _select(demo_app, "db-replica")
    qtbot.mouseClick(_toolbar_button(demo_app, "start"), Qt.MouseButton.LeftButton)
    runner.until(lambda: _state(demo_app, "db-replica") is DomainState.RUNNING)
    demo_app.window.lifecycle_actions["destroy"].trigger()
    dialogs = demo_app.window.findChildren(ForceOffDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    qtbot.mouseClick(dialogs[0].cancel_button, Qt.MouseButton.LeftButton)
    runner.run(demo_app.controller.wait_idle())
    assert _state(demo_app, "db-replica") is DomainState.RUNNING  # cancelled: nothing happened
    demo_app.window.lifecycle_actions["destroy"].trigger()
    dialog = next(d for d in demo_app.window.findChildren(ForceOffDialog) if d.isVisible())
    qtbot.mouseClick(dialog.force_off_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: _state(demo_app, "db-replica") is DomainState.SHUTOFF)


def test_delete_with_volumes(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    conn = session.raw_connection
    pool = conn.storagePoolLookupByName("default-images")
    before = set(pool.listVolumes())
    _select(demo_app, "web-frontend")
    demo_app.window.lifecycle_actions[DELETE].trigger()
    runner.until(lambda: any(d.isVisible() for d in demo_app.window.findChildren(DeleteDialog)))
    dialog = next(d for d in demo_app.window.findChildren(DeleteDialog) if d.isVisible())
    assert dialog.volume_list.count() >= 1
    dialog.volumes_check.setChecked(True)
    for row in range(dialog.volume_list.count()):
        dialog.volume_list.item(row).setCheckState(Qt.CheckState.Checked)
    chosen = dialog.chosen_volumes()
    assert chosen
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: "web-frontend" not in _names(demo_app))
    assert set(pool.listVolumes()) == before - {v.name for v in chosen}


def test_failure_shows_notification_not_crash(demo_app: Application, runner: AsyncRunner) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    target = session.lifecycle.find("db-replica")
    # Start it behind the app's back, then ask the app to start it again: libvirt refuses.
    session.raw_connection.lookupByUUIDString(target.uuid).create()
    demo_app.controller.request_action("start", [target.key])
    runner.run(demo_app.controller.wait_idle())
    history = demo_app.window.notifications.history
    assert history and "already" in history[-1].message.lower()


def test_context_menu_lists_actions(demo_app: Application) -> None:
    _select(demo_app, "mail")
    window = demo_app.window
    assert window.lifecycle_actions["shutdown"].isEnabled()
    assert not window.lifecycle_actions["start"].isEnabled()
    assert window.details.name_label.text() == "mail"


def test_bad_connection_shows_error_on_its_row(demo_app: Application, runner: AsyncRunner) -> None:
    session = demo_app.inventory.add("test:///nonexistent/file.xml", remember=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.ERROR
    connections = demo_app.hub.connections
    row = connections.row_of(session.uri)
    assert connections.index(row, 1).data() == "Error"
    assert session.message in connections.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert len(_names(demo_app)) == 16  # the demo connection keeps working


def test_status_bar_counts_what_the_filters_show(demo_app: Application, qtbot: Any) -> None:
    window = demo_app.window
    label = window.status_label
    qtbot.waitUntil(lambda: label.text() == "16 virtual machines · 9 running")
    # k8s-node-1 and -2 run, k8s-node-3 is paused: "running" counts the shown ones.
    qtbot.keyClicks(window.filter_edit, "k8s")
    qtbot.waitUntil(lambda: label.text() == "3 of 16 virtual machines shown · 2 of them running")
    window.filter_edit.clear()
    qtbot.waitUntil(lambda: label.text() == "16 virtual machines · 9 running")
    window.state_combo.setCurrentIndex(window.state_combo.findData("shutoff"))
    qtbot.waitUntil(lambda: label.text() == "5 of 16 virtual machines shown · 0 of them running")
    window.state_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: label.text() == "16 virtual machines · 9 running")
    # Picking the only connection hides nothing: today's wording.
    window.connection_combo.setCurrentIndex(1)
    qtbot.wait(300)
    assert label.text() == "16 virtual machines · 9 running"


def test_a_partly_failed_bulk_action_is_one_notification_naming_what_was_done(
    demo_app: Application, runner: AsyncRunner
) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    names = ["web-frontend", "web-backend", "db-primary"]
    keys = [session.lifecycle.find(name).key for name in names]
    # Another program stops one of them; the rows still say running when the user acts.
    session.raw_connection.lookupByName("web-backend").destroy()
    demo_app.controller.request_action("suspend", keys)
    runner.run(demo_app.controller.wait_idle())
    errors = [n for n in demo_app.window.notifications.history if n.level is Level.ERROR]
    assert len(errors) == 1
    assert errors[0].title == "Could not suspend 1 of 3 VMs"
    assert errors[0].message.startswith("web-backend: ")
    assert "Done: web-frontend, db-primary" in errors[0].message


def test_the_connection_filter_follows_connections_added_and_removed(
    demo_app: Application, runner: AsyncRunner, tmp_path: Any
) -> None:
    """Kept in step row by row (a rebuild per change was quadratic at start-up)."""
    window = demo_app.window
    combo = window.connection_combo
    demo_uri = next(iter(demo_app.inventory.sessions))

    def items() -> list[str | None]:
        return [combo.itemData(i) for i in range(combo.count())]

    assert items() == [None, demo_uri]
    extra = [f"test://{tmp_path}/missing-{i}.xml" for i in range(3)]
    for uri in extra:
        demo_app.inventory.add(uri, remember=False)
    rows = demo_app.hub.connections
    expected = [None] + [rows.index(r, 0).data(ConnectionRole.URI) for r in range(rows.rowCount())]
    assert items() == expected and set(expected[1:]) == {demo_uri, *extra}
    combo.setCurrentIndex(combo.findData(extra[1]))
    runner.run(demo_app.inventory.remove(extra[1]))
    assert extra[1] not in items() and len(items()) == 4
    assert combo.currentIndex() == 0  # the filter let go of the removed connection
    labels = [combo.itemText(i) for i in range(1, combo.count())]
    assert labels == [rows.index(r, 0).data() for r in range(rows.rowCount())]


def test_selected_keys_follow_the_view_order_and_the_selection(demo_app: Application) -> None:
    window = demo_app.window
    view = window.domain_view
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    proxy = demo_app.hub.domain_proxy
    shown = [proxy.index(row, 0).data(DomainRole.KEY) for row in range(proxy.rowCount())]
    view.selectAll()
    assert window.selected_keys() == shown
    view.clearSelection()
    assert window.selected_keys() == []
    view.selectRow(2)
    assert window.selected_keys() == [shown[2]]
    window.filter_edit.setText("k8s")  # the selected row is filtered out
    kept = [proxy.index(row, 0).data(DomainRole.KEY) for row in range(proxy.rowCount())]
    assert set(window.selected_keys()) <= set(kept)
    view.selectAll()
    assert window.selected_keys() == kept and len(kept) == 3


def test_connections_failing_together_make_one_notification(
    demo_app: Application, runner: AsyncRunner, qtbot: Any, tmp_path: Any
) -> None:
    area = demo_app.window.notifications
    before = len(area.history)
    missing = [f"test://{tmp_path}/gone-{i}.xml" for i in range(12)]
    for uri in missing:
        session = demo_app.inventory.add(uri, remember=False)
        demo_app.inventory.connect_in_background(session, runner.loop)
    runner.until(lambda: len(area.history) > before, timeout=10)
    runner.run(asyncio.sleep(0.5))  # nothing more comes
    new = area.history[before:]
    assert [(n.title, n.level) for n in new] == [
        ("Cannot connect to 12 connection(s)", Level.ERROR)
    ]
    (shown,) = [n for n in area.visible_notifications() if n.title_label.text() == new[0].title]
    assert shown.details_button.isVisibleTo(shown)  # all twelve behind "Show all 12"
    labels = [demo_app.inventory.sessions[uri].label for uri in missing]
    listed = area.details[before]
    assert len(listed) == 12
    assert all(any(line.startswith(f"{label}: ") for line in listed) for label in labels)
    # One alone keeps its own title.
    lone = demo_app.inventory.add(f"test://{tmp_path}/alone.xml", remember=False)
    demo_app.inventory.connect_in_background(lone, runner.loop)
    runner.until(lambda: len(area.history) > before + 1, timeout=10)
    assert area.history[-1].title == f"Cannot connect to {lone.label}"
