"""Editing a bond that another client changes meanwhile (two connections to test:///default).

``test:///default`` holds one state per process: the second ``virConnect`` here is a
second client of the same host, as virsh iface-edit would be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import libvirt
import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.hostnet.model import BondMode
from kvmdesk.core.types.conflicts import Side
from kvmdesk.ui.common import conflict_dialog
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.window import HostInterfacesWindow
from tests.helpers.qt_async import AsyncRunner
from tests.helpers.shared_default import SHARED_URI

BOND = "kdbond17"


def _bond_xml(mode: str = "active-backup", freq: int = 100) -> str:
    return (
        f"<interface type='bond' name='{BOND}'><start mode='onboot'/>"
        f"<bond mode='{mode}'><miimon freq='{freq}'/>"
        "<interface type='ethernet' name='eth1'><mac address='aa:bb:cc:dd:ee:ff'/></interface>"
        "</bond></interface>"
    )


@pytest.fixture
def other() -> Iterator[Any]:
    conn = libvirt.open(SHARED_URI)
    conn.interfaceDefineXML(_bond_xml())
    try:
        yield conn
    finally:
        try:
            conn.interfaceLookupByName(BOND).undefine()
        finally:
            conn.close()


@pytest.fixture
def window(qtbot: Any, runner: AsyncRunner, other: Any) -> Iterator[HostInterfacesWindow]:
    inventory = Inventory(persist=False)
    inventory.add(SHARED_URI, remember=False)
    app: Application = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    app.window.connection_view.setCurrentIndex(app.hub.connections.connection_index(SHARED_URI))
    app.window.host_interfaces_action.trigger()
    found = app.controller.host_interface_windows[SHARED_URI]
    runner.run(found.wait_idle())
    found.countdown_spin.setValue(20)
    yield found
    runner.run(app.controller.wait_idle())
    runner.run(inventory.close())


def _bond(other: Any) -> etree._Element:
    return etree.fromstring(other.interfaceLookupByName(BOND).XMLDesc(0).encode()).find("bond")


def _keep(qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow) -> None:
    flow = window.safe_apply
    runner.until(lambda: flow.preview_dialog is not None or bool(window.notifications.history))
    assert not window.notifications.history, window.notifications.history
    runner.until(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible())
    assert flow.preview_dialog is not None
    qtbot.mouseClick(flow.preview_dialog.apply_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: flow.confirm_dialog is not None and flow.confirm_dialog.isVisible())
    assert flow.confirm_dialog is not None
    qtbot.mouseClick(flow.confirm_dialog.keep_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())


def test_the_other_clients_monitoring_change_survives_a_mode_edit(
    qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow, other: Any
) -> None:
    window.select(BOND)
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, BondDialog) and window.dialog.isVisible())
    dialog = window.dialog
    assert isinstance(dialog, BondDialog)
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_XOR))
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData(""))
    other.interfaceDefineXML(_bond_xml(freq=250))  # meanwhile, elsewhere
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    _keep(qtbot, runner, window)
    bond = _bond(other)
    assert bond.get("mode") == "balance-xor"
    assert bond.find("miimon").get("freq") == "250"  # type: ignore[union-attr]


def test_the_same_setting_changed_elsewhere_asks(
    qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow, other: Any
) -> None:
    window.select(BOND)
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, BondDialog) and window.dialog.isVisible())
    dialog = window.dialog
    assert isinstance(dialog, BondDialog)
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_XOR))
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData(""))
    other.interfaceDefineXML(_bond_xml(mode="balance-rr", freq=250))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: bool(conflict_dialog.shown) and conflict_dialog.shown[0].isVisible())
    asked = conflict_dialog.shown[0]
    assert asked.findChild(QLabel, "conflict-mode-2").text() == "balance-rr"
    assert asked.findChild(QLabel, "conflict-mode-3").text() == "balance-xor"
    assert _bond(other).get("mode") == "balance-rr"  # nothing written while asking
    asked.choose("mode", Side.MINE)
    qtbot.mouseClick(asked.apply_button, Qt.MouseButton.LeftButton)
    _keep(qtbot, runner, window)
    bond = _bond(other)
    assert bond.get("mode") == "balance-xor"
    assert bond.find("miimon").get("freq") == "250"  # type: ignore[union-attr]
