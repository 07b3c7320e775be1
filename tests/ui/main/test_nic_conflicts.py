"""The NIC dialog when the NIC was changed elsewhere while it was open (test driver).

The other change is made with a libvirt call of its own on the same connection, as
another program would make it: the dialog never sees it until Apply.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.conflicts import Side
from kvmdesk.ui.common import conflict_dialog
from kvmdesk.ui.common.conflict_dialog import ConflictDialog
from kvmdesk.ui.nic.dialog import NicDialog
from tests.helpers.qt_async import AsyncRunner

DOMAIN = "backup-vault"  # shut off; one NIC on bridge br0
MAC = "52:54:00:1f:a0:99"
OTHER_MAC = "52:54:00:1f:a0:77"
INACTIVE = 2


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _open_edit(qtbot: Any, runner: AsyncRunner, app: Application) -> NicDialog:
    domain = _session(app).lifecycle.find(DOMAIN)
    app.window.select_keys([domain.key])
    app.window.details.select_nic(MAC)
    qtbot.mouseClick(app.window.details.edit_nic_button, Qt.MouseButton.LeftButton)
    editing = app.controller.nic_editing
    runner.until(lambda: editing.dialog is not None and editing.dialog.isVisible())
    assert editing.dialog is not None
    return editing.dialog


def _definition(app: Application) -> etree._Element:
    handle = _session(app).raw_connection.lookupByName(DOMAIN)
    return etree.fromstring(handle.XMLDesc(INACTIVE).encode())


def _meanwhile(app: Application, model: str) -> None:
    """Another program sets the NIC's model and adds a second NIC."""
    root = _definition(app)
    nic = root.find(f"devices/interface/mac[@address='{MAC}']/..")
    assert nic is not None
    model_element = nic.find("model")
    if model_element is None:
        model_element = etree.SubElement(nic, "model")
    model_element.set("type", model)
    devices = root.find("devices")
    assert devices is not None
    devices.append(
        etree.fromstring(
            f"<interface type='bridge'><mac address='{OTHER_MAC}'/><source bridge='br0'/></interface>"
        )
    )
    _session(app).raw_connection.defineXML(etree.tostring(root, encoding="unicode"))


def _nic_model(app: Application, mac: str) -> str | None:
    nic = _definition(app).find(f"devices/interface/mac[@address='{mac}']/..")
    assert nic is not None, mac
    model = nic.find("model")
    return model.get("type") if model is not None else None


def test_a_change_to_another_field_survives(
    qtbot: Any, runner: AsyncRunner, demo_app: Application
) -> None:
    dialog = _open_edit(qtbot, runner, demo_app)
    dialog.link_check.setChecked(False)
    _meanwhile(demo_app, "rtl8139")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(demo_app.controller.wait_idle())
    assert not conflict_dialog.shown
    assert _nic_model(demo_app, MAC) == "rtl8139"
    _nic_model(demo_app, OTHER_MAC)
    link = _definition(demo_app).find(f"devices/interface/mac[@address='{MAC}']/../link")
    assert link is not None and link.get("state") == "down"


def test_the_same_field_changed_elsewhere_asks_whose_value_to_keep(
    qtbot: Any, runner: AsyncRunner, demo_app: Application
) -> None:
    dialog = _open_edit(qtbot, runner, demo_app)
    before = dialog.model_combo.currentData()
    position = dialog.model_combo.findData("e1000")
    assert position >= 0 and before != "e1000"
    dialog.model_combo.setCurrentIndex(position)
    _meanwhile(demo_app, "rtl8139")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: bool(conflict_dialog.shown) and conflict_dialog.shown[0].isVisible())
    asked: ConflictDialog = conflict_dialog.shown[0]
    shown = {
        column: asked.findChild(QLabel, f"conflict-model-{column}").text() for column in (1, 2, 3)
    }
    assert shown == {1: before, 2: "rtl8139", 3: "e1000"}
    # Nothing was written yet: the other program's value stands.
    assert _nic_model(demo_app, MAC) == "rtl8139"
    asked.choose("model", Side.MINE)
    qtbot.mouseClick(asked.apply_button, Qt.MouseButton.LeftButton)
    runner.run(demo_app.controller.wait_idle())
    assert _nic_model(demo_app, MAC) == "e1000"
    _nic_model(demo_app, OTHER_MAC)


def test_cancelling_the_conflict_applies_nothing(
    qtbot: Any, runner: AsyncRunner, demo_app: Application
) -> None:
    dialog = _open_edit(qtbot, runner, demo_app)
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("e1000"))
    _meanwhile(demo_app, "rtl8139")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: bool(conflict_dialog.shown) and conflict_dialog.shown[0].isVisible())
    conflict_dialog.shown[0].reject()
    runner.run(demo_app.controller.wait_idle())
    assert _nic_model(demo_app, MAC) == "rtl8139"
    errors = [n.message for n in demo_app.window.notifications.history]
    assert any("changed elsewhere meanwhile (model)" in message for message in errors)
