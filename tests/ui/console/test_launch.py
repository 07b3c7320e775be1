"""``kvmdesk --console DOMAIN [--screenshot PATH]`` on the test driver: found, unknown, no screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kvmdesk.app import Application, parse_args
from kvmdesk.ui.console.launch import open_console, save_first_frame
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from tests.helpers.qt_async import AsyncRunner


def test_options_parse() -> None:
    args = parse_args(
        ["--connect", "test:///default", "--console", "test", "--screenshot", "x.png"]
    )
    assert (args.console, str(args.screenshot)) == ("test", "x.png")


def test_opens_the_vms_tab_by_name_or_uuid(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = demo_app.controller.consoles()
    qtbot.addWidget(window)
    tab = runner.run(open_console(demo_app.inventory, "web-frontend", window))
    assert isinstance(tab, VmConsoleTab) and tab.name == "web-frontend"
    again = runner.run(open_console(demo_app.inventory, tab.uuid, window))
    assert again is tab and window.tabs.count() == 1
    runner.run(tab.wait_idle())


def test_unknown_domain_is_bad_input(
    demo_app: Application, runner: AsyncRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    window = demo_app.controller.consoles()
    assert runner.run(open_console(demo_app.inventory, "no-such-vm", window)) == 2
    assert capsys.readouterr().err.strip() == "kvmdesk: no domain named 'no-such-vm' on Demo"
    assert window.tabs.count() == 0


def test_screenshot_of_a_vm_without_a_reachable_screen_says_why(
    demo_app: Application,
    runner: AsyncRunner,
    qtbot: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = demo_app.controller.consoles()
    qtbot.addWidget(window)
    path = tmp_path / "shot.png"
    running = runner.run(open_console(demo_app.inventory, "web-frontend", window))
    assert isinstance(running, VmConsoleTab)
    assert runner.run(save_first_frame(running, path, timeout=20)) == 1
    assert capsys.readouterr().err.strip() == "kvmdesk: The test driver's VMs have no screen."
    stopped = runner.run(open_console(demo_app.inventory, "db-replica", window))
    assert isinstance(stopped, VmConsoleTab)
    assert runner.run(save_first_frame(stopped, path)) == 1
    assert capsys.readouterr().err.strip() == "kvmdesk: db-replica is not running (shut off)"
    assert not path.exists()
    for tab in window.all_tabs():
        runner.run(tab.wait_idle())
