"""A local daemon that is not there: the notification says what to run, and opens the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from kvmdesk.app import build
from kvmdesk.core.connection.demo import demo_uri
from kvmdesk.core.connection.diagnosis import distribution
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.ui.common.notifications import Level
from tests.helpers.qt_async import AsyncRunner


def test_no_daemon_explains_the_install_and_offers_the_demo(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    uri = f"qemu:///system?socket={tmp_path}/no-daemon-sock"
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    session = inventory.add(uri, remember=False)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    try:
        application.connect_all(runner.loop)
        runner.run(inventory.wait_settled())
        assert session.state is ConnectionState.ERROR
        application.controller.report_failed_connections()
        notifications = application.window.notifications
        record = notifications.history[-1]
        assert record.level is Level.ERROR
        assert record.title == "libvirt is not running on this computer"
        family, commands = distribution()
        assert family in record.message
        assert all(command in record.message for command in commands)
        assert (
            "No such file or directory" in notifications.details[len(notifications.history) - 1][0]
        )
        (shown,) = notifications.visible_notifications()
        copy = shown.findChild(QPushButton, "copyCommands")
        demo = shown.findChild(QPushButton, "openDemo")
        assert copy is not None and demo is not None
        copy.click()
        assert QGuiApplication.clipboard().text() == "\n".join(commands)
        demo.click()
        assert demo_uri() in inventory.sessions
        runner.run(inventory.wait_settled())
        runner.until(lambda: application.hub.domains.rowCount() == 16)
    finally:
        runner.run(application.controller.wait_idle())
        runner.run(inventory.close())
