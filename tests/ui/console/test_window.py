"""The console window on the test driver: entry points, one tab per VM, the VM's life."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QToolBar

from kvmdesk.app import Application
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.states import DomainState
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from kvmdesk.ui.console.window import ConsoleWindow
from tests.helpers.qt_async import AsyncRunner


def _session(app: Application) -> Any:
    return next(iter(app.inventory.sessions.values()))


def _select(app: Application, *names: str) -> None:
    session = _session(app)
    app.window.select_keys([session.lifecycle.find(n).key for n in names])


def _open(app: Application, runner: AsyncRunner, *names: str) -> ConsoleWindow:
    _select(app, *names)
    app.window.console_action.trigger()
    window = app.controller.console_window
    assert window is not None
    for tab in window.all_tabs():
        runner.run(tab.wait_idle())
    return window


def test_console_action_is_on_the_toolbar_and_in_menus(demo_app: Application) -> None:
    window = demo_app.window
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert window.console_action in toolbar.actions()
    assert not window.console_action.isEnabled()  # nothing selected
    _select(demo_app, "web-frontend")
    assert window.console_action.isEnabled()
    vm_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Virtual machine")
    assert isinstance(vm_menu, QMenu) and window.console_action in vm_menu.actions()


def test_one_tab_per_vm_and_reopening_focuses_it(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, "web-frontend")
    qtbot.addWidget(window)
    assert window.isVisible()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["web-frontend"]
    _open(demo_app, runner, "mail", "db-primary")
    assert window.tabs.count() == 3
    assert window.current_tab() is not None and window.current_tab().name == "db-primary"
    _open(demo_app, runner, "web-frontend")
    assert window.tabs.count() == 3
    current = window.current_tab()
    assert current is not None and current.name == "web-frontend"
    assert "web-frontend" in window.windowTitle()
    window.close_tab_action.trigger()
    assert window.tabs.count() == 2
    assert window.tab(current.session.uri, current.uuid) is None


def test_serial_view_reports_what_the_driver_refuses(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, "mail")
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    assert not tab.showing_stopped
    # mail has only a serial console: its tab opens on Serial
    runner.until(lambda: tab.showing_serial)
    serial = tab.serial
    runner.until(lambda: "cannot be opened" in serial.message)
    assert "virDomainOpenConsole" in serial.message  # libvirt's own words
    assert not window.send_break_action.isEnabled()
    assert window.status_label.text() == serial.message
    assert window.serial_action.isChecked()
    # its Screen says why there is none, and the screen's actions are off
    tab.show_screen()
    assert tab.screen_page.message == "The VM has no graphics device — add one in its settings."
    assert window.status_label.text() == tab.screen_page.message
    for action in (window.screenshot_action, window.grab_action, window.type_clipboard_action):
        assert not action.isEnabled()
    assert not window.send_key_menu.isEnabled()


def test_shut_off_vm_shows_start_and_follows_its_life(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, "db-replica")
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    assert tab.showing_stopped
    assert tab.stopped_label.text() == "Shut off"
    assert tab.start_button.isVisible() and tab.start_button.isEnabled()
    assert window.status_label.text() == "Shut off"
    assert window.start_action.isEnabled()
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    session = _session(demo_app)
    runner.until(lambda: session.lifecycle.find("db-replica").state is DomainState.RUNNING)
    runner.until(lambda: not tab.showing_stopped)
    assert not window.start_action.isEnabled()
    runner.run(tab.wait_idle())
    # stopped from elsewhere (the main window, the CLI): the tab follows the event
    runner.run(session.lifecycle.perform(tab.uuid, DomainAction.DESTROY))
    runner.until(lambda: tab.showing_stopped)
    assert tab.stopped_label.text() == "Shut off"


def test_undefined_vm_says_so(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    window = _open(demo_app, runner, "backup-vault")
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    session = _session(demo_app)
    runner.run(session.run(session.handle(tab.uuid).undefine))
    runner.until(lambda: tab.stopped_label.text() == "The VM no longer exists")
    assert not tab.start_button.isVisible()


def test_double_click_opens_a_running_vms_console_only(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    view = demo_app.window.domain_view
    proxy = demo_app.hub.domain_proxy

    def double_click(name: str) -> None:
        row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
        view.scrollTo(proxy.index(row, 0))
        rect = view.visualRect(proxy.index(row, 0))
        assert rect.isValid()
        # as a real double click: a press first (the view checks the pressed index)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    double_click("db-replica")  # shut off: no console
    assert demo_app.controller.console_window is None
    double_click("k8s-node-1")
    window = demo_app.controller.console_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.current_tab() is not None and window.current_tab().name == "k8s-node-1"
    for tab in window.all_tabs():
        runner.run(tab.wait_idle())


def test_closing_the_window_closes_every_console(
    demo_app: Application, runner: AsyncRunner
) -> None:
    window = _open(demo_app, runner, "mail", "k8s-node-1")
    tabs = window.all_tabs()
    window.close()
    runner.until(lambda: demo_app.controller.console_window is None)
    for tab in tabs:
        assert not tab.serial.connected
