"""The Host USB devices section on a test-driver node with USB devices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.core.connection.session import Session
from kvmdesk.core.settings.usb import attached_usb
from kvmdesk.ui.settings.window import SettingsWindow
from tests.helpers.qt_async import AsyncRunner
from tests.helpers.settings_domain import settings_domain_xml, usb_node_xml


@pytest.fixture
def session(tmp_path: Path, runner: AsyncRunner) -> Iterator[Session]:
    path = tmp_path / "node.xml"
    path.write_text(usb_node_xml(settings_domain_xml("usb-vm")), encoding="utf-8")
    session = Session(f"test://{path}", reconnect=False, loop=runner.loop)
    runner.run(session.connect())
    yield session
    runner.run(session.close())


def test_attach_and_detach_a_usb_stick(session: Session, runner: AsyncRunner, qtbot: Any) -> None:
    uuid = session.lifecycle.find("usb-vm").uuid
    window = SettingsWindow(session, uuid)
    qtbot.addWidget(window)
    window.select_section("usb")
    runner.run(window.wait_idle())
    page = window.usb
    assert page.table.rowCount() == 3  # the root hub is not offered
    assert page.table.item(0, 0).text() == "SanDisk Corp. Ultra Fit (0781:5591)"
    assert page.table.item(0, 1).text() == "001 / 005"
    assert page.table.item(0, 2).text() == "no"
    page.table.selectRow(0)
    assert page.attach_button.isEnabled() and not page.detach_button.isEnabled()
    qtbot.mouseClick(page.attach_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    xml = runner.run(session.lifecycle.xml(uuid, inactive=True))
    assert len(attached_usb(xml)) == 1
    assert page.table.item(0, 2).text() == "yes"
    assert page.detach_button.isEnabled()
    qtbot.mouseClick(page.detach_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    xml = runner.run(session.lifecycle.xml(uuid, inactive=True))
    assert attached_usb(xml) == ()
    assert "removed" in page.message_label.text()
    window.close()
