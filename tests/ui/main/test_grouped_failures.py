"""Many failures of one bulk action are one notification listing every VM.

Seventeen starts that libvirt refuses showed five notifications and hid the other
twelve. Now one notification says "Could not start 17 of 17 VMs", names the first few
and lists all seventeen behind "Show all 17".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from PySide6.QtCore import Qt

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.main.controller import CONFIG_PROBLEMS_SHOWN
from tests.helpers.qt_async import AsyncRunner

COUNT = 17
TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"


def _inventory_xml(path: Path) -> str:
    node = etree.Element("node", nsmap={"test": TEST_NS})
    for number in range(COUNT):
        domain = etree.SubElement(node, "domain", type="test")
        etree.SubElement(domain, "name").text = f"vm-{number:02d}"
        etree.SubElement(domain, "memory", unit="MiB").text = "256"
        etree.SubElement(etree.SubElement(domain, "os"), "type").text = "hvm"
        etree.SubElement(domain, f"{{{TEST_NS}}}runstate").text = "5"
    path.write_bytes(etree.tostring(node))
    return f"test://{path}"


@pytest.fixture
def app(qtbot: Any, runner: AsyncRunner, tmp_path: Path) -> Iterator[Application]:
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    inventory.add(_inventory_xml(tmp_path / "many.xml"), remember=False)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    application.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    runner.until(lambda: application.hub.domains.rowCount() == COUNT)
    yield application
    runner.run(application.controller.wait_idle())
    runner.run(inventory.close())


def test_seventeen_failed_starts_are_one_notification_listing_all(
    app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    session = next(iter(app.inventory.sessions.values()))
    keys = [(session.uri, uuid) for uuid in session.domains]
    # Gone behind kvmdesk's back (as another client would): every start is refused.
    for uuid in session.domains:
        handle = session.cached_handle(uuid)
        assert handle is not None
        handle.undefine()
    app.controller.request_action(str(DomainAction.START), keys)
    runner.run(app.controller.wait_idle())
    history = app.window.notifications.history
    errors = [n for n, r in enumerate(history) if r.level is Level.ERROR]
    (number,) = errors
    record, details = history[number], app.window.notifications.details[number]
    assert record.title == f"Could not start {COUNT} of {COUNT} VMs"
    assert len(details) == COUNT
    assert {line.split(":")[0] for line in details} == {f"vm-{n:02d}" for n in range(COUNT)}
    assert record.message.count("\n") == CONFIG_PROBLEMS_SHOWN  # the first few, then "… and 9 more"
    assert "and 9 more" in record.message

    (shown,) = app.window.notifications.visible_notifications()
    assert shown.details_button.isVisibleTo(shown)
    assert shown.details_button.text() == f"Show all {COUNT}"
    assert not shown.details_view.isVisibleTo(shown)
    qtbot.mouseClick(shown.details_button, Qt.MouseButton.LeftButton)
    assert shown.details_view.isVisibleTo(shown)
    assert shown.details_view.toPlainText().splitlines() == list(details)
