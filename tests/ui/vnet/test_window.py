"""The virtual-networks window driven through its widgets on the demo inventory."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kvmdesk.app import Application
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.models.network_model import NetworkColumn, NetworkTableModel
from kvmdesk.ui.vnet.dialog import NetworkDialog
from kvmdesk.ui.vnet.window import VirtualNetworksWindow
from tests.helpers.qt_async import AsyncRunner

TEST_POOL = "198.51.100.0/24,203.0.113.0/24"


@pytest.fixture
def vnets_window(demo_app: Application, monkeypatch: pytest.MonkeyPatch) -> VirtualNetworksWindow:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", TEST_POOL)
    uri = next(iter(demo_app.inventory.sessions))
    demo_app.window.connection_view.setCurrentIndex(demo_app.hub.connections.connection_index(uri))
    demo_app.window.virtual_networks_action.trigger()
    window = demo_app.controller.virtual_network_windows[uri]
    assert window.isVisible()
    return window


def _rows(window: VirtualNetworksWindow) -> dict[str, list[str]]:
    model = window.model
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def _dialog(window: VirtualNetworksWindow, runner: AsyncRunner) -> NetworkDialog:
    runner.until(lambda: any(d.isVisible() for d in window.findChildren(NetworkDialog)))
    return next(d for d in window.findChildren(NetworkDialog) if d.isVisible())


def test_lists_networks_with_mode_and_domains(
    vnets_window: VirtualNetworksWindow, qtmodeltester: Any
) -> None:
    qtmodeltester.check(vnets_window.model)
    rows = _rows(vnets_window)
    assert set(rows) == {"bridged-host", "hostonly-lab", "internal-cluster", "nat-lan"}
    assert rows["nat-lan"][NetworkColumn.MODE] == "NAT"
    assert rows["hostonly-lab"][NetworkColumn.MODE] == "Host-only"
    assert rows["hostonly-lab"][NetworkColumn.ACTIVE] == "no"
    assert rows["internal-cluster"][NetworkColumn.MODE] == "Internal"
    assert rows["bridged-host"][NetworkColumn.MODE] == "Bridged"
    assert "web-frontend" in rows["nat-lan"][NetworkColumn.DOMAINS]
    assert rows["nat-lan"][NetworkColumn.SUBNETS] == "198.51.100.0/25"


def test_create_network_through_dialog(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    qtbot.mouseClick(vnets_window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(vnets_window, runner)
    dialog.name_edit.setText("lab-nat")
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("nat"))
    suggested = IPv4Network(dialog.subnet_edit.text(), strict=False)
    assert suggested.subnet_of(IPv4Network("198.51.100.0/24")) or suggested.subnet_of(
        IPv4Network("203.0.113.0/24")
    )
    assert not suggested.overlaps(IPv4Network("198.51.100.0/25"))  # nat-lan has that
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(vnets_window.wait_idle())
    runner.until(lambda: "lab-nat" in _rows(vnets_window))
    row = _rows(vnets_window)["lab-nat"]
    assert row[NetworkColumn.MODE] == "NAT" and row[NetworkColumn.ACTIVE] == "yes"
    assert vnets_window.session.networks["lab-nat"].mode is NetworkMode.NAT


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("name", "nat-lan", "already exists"),
        ("subnet", "198.51.100.1/24", "overlaps"),
        ("dhcp_start", "203.0.113.10", "DHCP"),
        ("subnet", "198.51.100.300/24", ""),
    ],
)
def test_bad_values_are_refused_before_libvirt(
    vnets_window: VirtualNetworksWindow,
    runner: AsyncRunner,
    qtbot: Any,
    field: str,
    text: str,
    message: str,
) -> None:
    qtbot.mouseClick(vnets_window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(vnets_window, runner)
    edit = {
        "name": dialog.name_edit,
        "subnet": dialog.subnet_edit,
        "dhcp_start": dialog.dhcp_start_edit,
    }[field]
    edit.setText(text)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_label.text()
    assert message.lower() in dialog.error_label.text().lower()
    before = set(vnets_window.session.networks)
    dialog.reject()
    runner.run(vnets_window.wait_idle())
    assert set(vnets_window.session.networks) == before


def test_invalid_bridge_name(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    qtbot.mouseClick(vnets_window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(vnets_window, runner)
    dialog.bridge_combo.setCurrentText("this-name-is-way-too-long")
    assert not dialog.ok_button.isEnabled()
    assert "too long" in dialog.error_label.text()
    dialog.reject()


def test_start_stop_autostart(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    vnets_window.select("hostonly-lab")
    assert vnets_window.start_button.isEnabled() and not vnets_window.stop_button.isEnabled()
    qtbot.mouseClick(vnets_window.start_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: _rows(vnets_window)["hostonly-lab"][NetworkColumn.ACTIVE] == "yes")
    assert vnets_window.stop_button.isEnabled()
    qtbot.mouseClick(vnets_window.stop_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: _rows(vnets_window)["hostonly-lab"][NetworkColumn.ACTIVE] == "no")
    autostart = vnets_window.session.networks["hostonly-lab"].autostart
    qtbot.mouseClick(vnets_window.autostart_button, Qt.MouseButton.LeftButton)
    runner.run(vnets_window.wait_idle())
    runner.until(lambda: vnets_window.session.networks["hostonly-lab"].autostart is not autostart)


def test_stop_confirms_and_lists_the_running_vms_on_it(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    session = vnets_window.session
    running = sorted(
        d.name
        for d in session.domains.values()
        if d.state.is_active and any(n.source == "nat-lan" for n in d.nics)
    )
    stopped = [
        d.name
        for d in session.domains.values()
        if not d.state.is_active and any(n.source == "nat-lan" for n in d.nics)
    ]
    assert running and stopped  # the demo has both on nat-lan
    vnets_window.select("nat-lan")
    qtbot.mouseClick(vnets_window.stop_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: vnets_window.stop_box is not None and vnets_window.stop_box.isVisible())
    box = vnets_window.stop_box
    assert box is not None
    assert box.informativeText().endswith(": " + ", ".join(running))
    assert not any(name in box.informativeText() for name in stopped)
    box.button(QMessageBox.StandardButton.Cancel).click()
    runner.run(vnets_window.wait_idle())
    assert session.networks["nat-lan"].active  # cancelled: nothing stopped
    qtbot.mouseClick(vnets_window.stop_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: vnets_window.stop_box is not None and vnets_window.stop_box.isVisible())
    box = vnets_window.stop_box
    assert box is not None
    confirm = next(b for b in box.buttons() if b.text() == "Stop network")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    runner.run(vnets_window.wait_idle())
    runner.until(lambda: _rows(vnets_window)["nat-lan"][NetworkColumn.ACTIVE] == "no")


def test_delete_warns_with_attached_domains(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    vnets_window.select("internal-cluster")
    vnets_window.delete_selected()
    box = vnets_window.findChild(QMessageBox, "deleteNetworkBox")
    assert box is not None and box.isVisible()
    users = [
        d.name
        for d in vnets_window.session.domains.values()
        if any(n.source == "internal-cluster" for n in d.nics)
    ]
    assert users and all(name in box.informativeText() for name in users)
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    runner.run(vnets_window.wait_idle())
    runner.until(lambda: "internal-cluster" not in _rows(vnets_window))


def test_edit_dhcp_range(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    vnets_window.select("nat-lan")
    qtbot.mouseClick(vnets_window.edit_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(vnets_window, runner)
    assert dialog.name_edit.isReadOnly()
    dialog.dhcp_start_edit.setText("198.51.100.80")
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    dialog.subnet_edit.setText("198.51.100.1/26")
    dialog.dhcp_end_edit.setText("198.51.100.60")
    dialog.dhcp_start_edit.setText("198.51.100.20")
    assert "restart" in dialog.restart_label.text()
    dialog.subnet_edit.setText("198.51.100.1/25")
    dialog.dhcp_start_edit.setText("198.51.100.80")
    dialog.dhcp_end_edit.setText("198.51.100.126")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(vnets_window.wait_idle())
    runner.until(
        lambda: (
            ("198.51.100.80", "198.51.100.126")
            in vnets_window.session.networks["nat-lan"].dhcp_ranges
        )
    )


def test_network_model_alone(qtmodeltester: Any) -> None:
    model = NetworkTableModel()
    qtmodeltester.check(model)


def test_dhcp_range_follows_a_typed_subnet_until_edited(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    qtbot.mouseClick(vnets_window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(vnets_window, runner)
    dialog.subnet_edit.clear()
    qtbot.keyClicks(dialog.subnet_edit, "203.0.113.1/26")
    assert (dialog.dhcp_start_edit.text(), dialog.dhcp_end_edit.text()) == (
        "203.0.113.32",
        "203.0.113.62",
    )
    assert "outside" not in dialog.error_label.text()
    # Half-typed subnets leave the range alone; the real problem is the message.
    dialog.subnet_edit.clear()
    qtbot.keyClicks(dialog.subnet_edit, "203.0.113.1/")
    assert dialog.error_label.text() and "DHCP" not in dialog.error_label.text()
    qtbot.keyClicks(dialog.subnet_edit, "25")
    assert dialog.dhcp_start_edit.text() == "203.0.113.64"
    # Once the user edits the range, typing another subnet no longer moves it.
    dialog.dhcp_end_edit.clear()
    qtbot.keyClicks(dialog.dhcp_end_edit, "203.0.113.100")
    dialog.subnet_edit.clear()
    qtbot.keyClicks(dialog.subnet_edit, "198.51.100.1/24")
    assert (dialog.dhcp_start_edit.text(), dialog.dhcp_end_edit.text()) == (
        "203.0.113.64",
        "203.0.113.100",
    )
    assert "outside" in dialog.error_label.text()
    dialog.reject()


def test_a_running_networks_own_route_is_not_another_host_network(
    vnets_window: VirtualNetworksWindow, runner: AsyncRunner
) -> None:
    """The host lists a running network's subnet among its routes (on the network's own
    bridge): editing that network, even only its autostart, must not be refused for it."""
    session = vnets_window.session
    current = runner.run(session.vnets.spec("nat-lan"))
    own_route = IPv4Network("198.51.100.0/25")
    assert session.networks["nat-lan"].active
    dialog = NetworkDialog(
        list(session.networks.values()),
        pool=[IPv4Network("203.0.113.0/24")],
        host_networks=[own_route, IPv4Network("203.0.113.0/28")],
        current=current,
        active=True,
        parent=vnets_window,
    )
    dialog.autostart_check.setChecked(not current.autostart)
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    # Another network's range on the host still counts.
    dialog.subnet_edit.setText("203.0.113.1/28")
    assert not dialog.ok_button.isEnabled()
    assert "203.0.113.0/28" in dialog.error_label.text()
    dialog.deleteLater()
