"""The host interface window on libvirt's test driver: tree, bonds in every mode, safe apply.

The demo host has eth0–eth3, br0 over eth0 (with the default gateway) and bond0 over
eth2 + eth3; eth1 is the only free port. Every change goes through the real flow —
dialog, preview, libvirt's interface transaction, the countdown dialog — and what
libvirt holds afterwards is read back through a fresh backend.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMenu, QPushButton

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend
from kvmdesk.core.hostnet.model import (
    BondMode,
    HostInterface,
    find_interface,
)
from kvmdesk.core.hostnet.model import (
    HostInterface as Iface,
)
from kvmdesk.core.hostnet.types import HostNetworkBackend
from kvmdesk.models.host_interface_model import HostInterfaceTreeModel, InterfaceColumn
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.hostnet.apply_flow import ConfirmChangeDialog
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.interface_dialogs import BridgeDialog, VlanDialog
from kvmdesk.ui.hostnet.window import HostInterfacesWindow
from tests.helpers.qt_async import AsyncRunner

KEEP_COUNTDOWN_S = 20  # long enough never to expire while a test clicks Keep


# ------------------------------------------------------------------ helpers


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _open(app: Application, runner: AsyncRunner, countdown_s: int) -> HostInterfacesWindow:
    uri = _session(app).uri
    app.window.connection_view.setCurrentIndex(app.hub.connections.connection_index(uri))
    app.window.host_interfaces_action.trigger()
    window = app.controller.host_interface_windows[uri]
    assert window.isVisible()
    runner.run(window.wait_idle())
    window.countdown_spin.setValue(countdown_s)
    assert window.countdown_s == countdown_s
    return window


@pytest.fixture
def window(demo_app: Application, runner: AsyncRunner) -> HostInterfacesWindow:
    return _open(demo_app, runner, KEEP_COUNTDOWN_S)


def _libvirt_view(runner: AsyncRunner, app: Application) -> list[HostInterface]:
    """What libvirt holds now, read through a backend of its own."""
    backend = runner.run(LibvirtInterfaceBackend.open(_session(app)))
    return runner.run(backend.list_interfaces())


def _no_open_transaction(app: Application) -> None:
    conn = _session(app).raw_connection
    conn.changeBegin(0)  # raises while a transaction is still open
    conn.changeRollback(0)


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _dialog(window: HostInterfacesWindow, runner: AsyncRunner, kind: type[Any]) -> Any:
    runner.until(lambda: isinstance(window.dialog, kind) and window.dialog.isVisible())
    return window.dialog


def _to_preview(qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow, dialog: Any) -> Any:
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    _click(qtbot, dialog.ok_button)
    flow = window.safe_apply
    runner.until(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible())
    return flow.preview_dialog


def _to_confirm(qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow) -> Any:
    preview = window.safe_apply.preview_dialog
    assert preview is not None
    _click(qtbot, preview.apply_button)
    flow = window.safe_apply
    runner.until(lambda: flow.confirm_dialog is not None and flow.confirm_dialog.isVisible())
    assert flow.confirm_dialog is not None
    return flow.confirm_dialog


def _keep(qtbot: Any, runner: AsyncRunner, window: HostInterfacesWindow) -> None:
    confirm = _to_confirm(qtbot, runner, window)
    _click(qtbot, confirm.keep_button)
    runner.run(window.wait_idle())


def _notes(window: HostInterfacesWindow, level: Level | None = None) -> list[str]:
    return [
        f"{n.title}: {n.message}"
        for n in window.notifications.history
        if level is None or n.level is level
    ]


def _names(window: HostInterfacesWindow) -> set[str]:
    return {i.name for i in window.interfaces}


def _new_bond(
    qtbot: Any,
    runner: AsyncRunner,
    window: HostInterfacesWindow,
    mode: BondMode,
    ports: tuple[str, ...] = ("eth1",),
    fill: Callable[[BondDialog], None] | None = None,
) -> BondDialog:
    _click(qtbot, window.new_bond_button)
    dialog: BondDialog = _dialog(window, runner, BondDialog)
    for port in ports:
        item = dialog.port_item(port)
        assert item is not None, f"{port} not offered"
        item.setCheckState(Qt.CheckState.Checked)
    dialog.mode_list.setCurrentRow(int(mode))
    if fill is None:
        dialog.monitor.mii_radio.click()
        dialog.monitor.mii_interval_spin.setValue(100)
        dialog.monitor.updelay_spin.setValue(200)
        dialog.monitor.downdelay_spin.setValue(200)
    else:
        fill(dialog)
    return dialog


def _tree(model: HostInterfaceTreeModel, parent: QModelIndex | None = None) -> dict[str, Any]:
    parent = parent or QModelIndex()
    found: dict[str, Any] = {}
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found[index.data()] = _tree(model, index) or None
    return found


# --------------------------------------------------------------- the tree model


def test_tree_of_the_demo_host(
    window: HostInterfacesWindow, qtmodeltester: Any, qtbot: Any
) -> None:
    qtmodeltester.check(window.model)
    assert _tree(window.model) == {
        "bond0": {"eth2": None, "eth3": None},
        "br0": {"eth0": None},
        "eth1": None,
    }
    bond0 = window.model.index_of("bond0")
    row = {c: bond0.siblingAtColumn(c).data() for c in InterfaceColumn}
    assert row[InterfaceColumn.KIND] == "Bond"
    assert row[InterfaceColumn.STATE] == "up"
    assert row[InterfaceColumn.DETAILS] == "1 active-backup · primary eth2 · MII 100 ms"
    br0 = window.model.index_of("br0")
    assert br0.siblingAtColumn(InterfaceColumn.IPV4).data() == "203.0.113.200/25"
    assert br0.siblingAtColumn(InterfaceColumn.MTU).data() == "1500"
    assert br0.siblingAtColumn(InterfaceColumn.DETAILS).data() == "STP off"
    eth1 = window.model.index_of("eth1")
    assert eth1.siblingAtColumn(InterfaceColumn.MAC).data() == "52:54:00:00:e0:01"
    assert not window.model.data(eth1, Qt.ItemDataRole.DecorationRole).isNull()
    assert window.backend_label.text() == "libvirt"
    assert window.backend_combo.isHidden()  # the test driver has no NetworkManager
    assert window.read_only_banner.isHidden()
    assert window.new_bond_button.isEnabled()


def test_tree_nests_bond_under_bridge_and_vlans(qtmodeltester: Any) -> None:
    model = HostInterfaceTreeModel()
    host = [
        Iface("br-vm", "bridge", ports=("bond1",)),
        Iface("bond1", "bond", ports=("eth3", "eth2"), controller="br-vm"),
        Iface("eth2", "ethernet", controller="bond1"),
        Iface("eth3", "ethernet", controller="bond1"),
        Iface("eth1", "ethernet"),
        Iface("eth1.42", "vlan", vlan_parent="eth1", vlan_id=42),
        Iface("orphan.7", "vlan", vlan_parent="gone", vlan_id=7),
        Iface("loop-a", "bond", controller="loop-b"),
        Iface("loop-b", "bond", controller="loop-a"),
    ]
    model.set_interfaces(host)
    qtmodeltester.check(model)
    tree = _tree(model)
    assert tree["br-vm"] == {"bond1": {"eth3": None, "eth2": None}}  # the bond's port order
    assert tree["eth1"] == {"eth1.42": None}
    assert tree["orphan.7"] is None
    assert {"loop-a", "loop-b"} <= set(tree)
    assert model.index_of("eth1.42").siblingAtColumn(InterfaceColumn.DETAILS).data() == (
        "VLAN 42 on eth1"
    )
    # Same shape, new data: rows change in place, no reset.
    resets: list[bool] = []
    changed: list[str] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.data()))
    host[4] = Iface("eth1", "ethernet", active=True, mtu=9000)
    model.set_interfaces(host)
    assert resets == [] and changed == ["eth1"]
    assert model.index_of("eth1").siblingAtColumn(InterfaceColumn.MTU).data() == "9000"
    qtmodeltester.check(model)
    model.set_interfaces(host[4:6])
    assert resets == [True]
    qtmodeltester.check(model)


# ------------------------------------------------------------ bonds in all modes


@pytest.mark.parametrize("mode", list(BondMode), ids=lambda m: m.kernel_name)
def test_create_a_bond_in_each_mode(
    demo_app: Application,
    window: HostInterfacesWindow,
    runner: AsyncRunner,
    qtbot: Any,
    mode: BondMode,
) -> None:
    dialog = _new_bond(qtbot, runner, window, mode)
    assert dialog.name_edit.text() == "bond1"
    preview = _to_preview(qtbot, runner, window, dialog)
    assert f"create bond bond1 ({mode.label}) over eth1" in preview.lines_label.text()
    assert '<interface type="bond" name="bond1">' in preview.document_view.toPlainText()
    assert preview.warning_label.isHidden()  # eth1 carries nothing of the connection
    confirm = _to_confirm(qtbot, runner, window)
    assert "rolled back in" in confirm.countdown_label.text()
    _click(qtbot, confirm.keep_button)
    runner.run(window.wait_idle())

    assert _notes(window, Level.ERROR) == []
    assert any("Host network changed" in n for n in _notes(window))
    bond = find_interface(_libvirt_view(runner, demo_app), "bond1")
    assert bond is not None and bond.bond is not None
    assert bond.bond.mode is mode
    assert bond.ports == ("eth1",)
    assert bond.bond.mii is not None and bond.bond.mii.updelay_ms == 200
    _no_open_transaction(demo_app)
    assert _tree(window.model)["bond1"] == {"eth1": None}
    assert window.selected() is not None and window.selected().name == "bond1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("mode", "validate"),
    list(
        zip(
            [m for m in BondMode if m.guide.arp_monitoring],
            ("none", "active", "backup", "all"),
            strict=True,
        )
    ),
    ids=lambda value: str(value),
)
def test_create_a_bond_with_arp_monitoring(
    demo_app: Application,
    window: HostInterfacesWindow,
    runner: AsyncRunner,
    qtbot: Any,
    mode: BondMode,
    validate: str,
) -> None:
    _create_arp_bond(demo_app, window, runner, qtbot, mode, validate)


def _create_arp_bond(
    app: Application,
    window: HostInterfacesWindow,
    runner: AsyncRunner,
    qtbot: Any,
    mode: BondMode,
    validate: str,
) -> None:
    def arp(dialog: BondDialog) -> None:
        dialog.monitor.arp_radio.click()
        dialog.monitor.arp_interval_spin.setValue(500)
        dialog.monitor.arp_targets_edit.setText("203.0.113.129")
        combo = dialog.monitor.arp_validate_combo
        combo.setCurrentIndex(combo.findData(validate))

    dialog = _new_bond(qtbot, runner, window, mode, fill=arp)
    _to_preview(qtbot, runner, window, dialog)
    confirm = _to_confirm(qtbot, runner, window)
    _click(qtbot, confirm.keep_button)
    runner.run(window.wait_idle())
    assert _notes(window, Level.ERROR) == []
    bond = find_interface(_libvirt_view(runner, app), "bond1")
    assert bond is not None and bond.bond is not None
    assert bond.bond.mode is mode and bond.bond.mii is None
    assert bond.bond.arp is not None
    assert bond.bond.arp.interval_ms == 500
    assert bond.bond.arp.targets == (IPv4Address("203.0.113.129"),)
    assert bond.bond.arp.validate == validate


def test_delete_a_bond_gives_its_ports_back_then_bond_them_again(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    window.select("bond0")
    assert window.delete_button.isEnabled()
    _click(qtbot, window.delete_button)
    runner.until(lambda: window.delete_box is not None and window.delete_box.isVisible())
    box = window.delete_box
    assert box is not None
    assert "eth2, eth3 become plain ethernet interfaces again" in box.informativeText()
    box.findChild(QPushButton, "confirmDelete").click()
    flow = window.safe_apply
    runner.until(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible())
    assert "delete bond0" in flow.preview_dialog.lines_label.text()  # type: ignore[union-attr]
    _keep(qtbot, runner, window)
    host = _libvirt_view(runner, demo_app)
    assert find_interface(host, "bond0") is None
    for port in ("eth2", "eth3"):
        interface = find_interface(host, port)
        assert interface is not None and interface.controller == ""
    assert {"eth1", "eth2", "eth3"} <= set(_tree(window.model))

    # Now two free ports: an 802.3ad bond over both, no single-port warning.
    dialog = _new_bond(qtbot, runner, window, BondMode.IEEE_802_3AD, ("eth2", "eth3"))
    assert dialog.warning_label.isHidden()
    assert dialog.name_edit.text() == "bond0"
    _to_preview(qtbot, runner, window, dialog)
    _keep(qtbot, runner, window)
    bond = find_interface(_libvirt_view(runner, demo_app), "bond0")
    assert bond is not None and bond.bond is not None
    assert bond.bond.mode is BondMode.IEEE_802_3AD and bond.ports == ("eth2", "eth3")


def test_edit_a_bond(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    window.select("bond0")
    assert window.edit_button.isEnabled()
    _click(qtbot, window.edit_button)
    dialog: BondDialog = _dialog(window, runner, BondDialog)
    assert dialog.name_edit.isReadOnly()
    assert dialog.checked_ports() == ["eth2", "eth3"]
    assert dialog.mode is BondMode.ACTIVE_BACKUP
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_XOR))
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData(""))
    _to_preview(qtbot, runner, window, dialog)
    _keep(qtbot, runner, window)
    bond = find_interface(_libvirt_view(runner, demo_app), "bond0")
    assert bond is not None and bond.bond is not None
    assert bond.bond.mode is BondMode.BALANCE_XOR


# ---------------------------------------------------------- bridge over bond


def test_bridge_over_bond_for_virtual_machines(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    def for_vms(dialog: BondDialog) -> None:
        dialog.monitor.mii_radio.click()
        dialog.vm_check.setChecked(True)
        dialog.ip_box.set_ipv4("static", "198.51.100.10/24", "198.51.100.1")

    dialog = _new_bond(qtbot, runner, window, BondMode.ACTIVE_BACKUP, fill=for_vms)
    assert dialog.bridge_name_edit.text() == "br-bond1"
    preview = _to_preview(qtbot, runner, window, dialog)
    assert "bridge br-bond1" in preview.lines_label.text()
    _keep(qtbot, runner, window)

    host = _libvirt_view(runner, demo_app)
    bridge = find_interface(host, "br-bond1")
    bond = find_interface(host, "bond1")
    assert bridge is not None and bridge.kind == "bridge"
    assert bridge.ports == ("bond1",)
    assert bridge.ipv4 == ("198.51.100.10/24",)
    assert bond is not None and bond.controller == "br-bond1" and bond.ipv4 == ()
    assert _tree(window.model)["br-bond1"] == {"bond1": {"eth1": None}}
    # The new bridge is a Bridged target for virtual machines' NICs.
    assert "br-bond1" in runner.run(_session(demo_app).nics.host_bridges())
    # Editing the bond from its bridge keeps the bridge and its IP.
    window.select("br-bond1")
    assert window.edit_button.isEnabled()
    _click(qtbot, window.edit_button)
    editing: BondDialog = _dialog(window, runner, BondDialog)
    assert editing.vm_check.isChecked() and not editing.vm_check.isEnabled()
    assert editing.bridge_name_edit.text() == "br-bond1"
    assert editing.ip_box.ipv4_address_edit.text() == "198.51.100.10/24"
    editing.reject()
    runner.run(window.wait_idle())


def test_new_bridge_appears_in_the_nic_dialog(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    _click(qtbot, window.new_bridge_button)
    dialog: BridgeDialog = _dialog(window, runner, BridgeDialog)
    dialog.port_combo.setCurrentIndex(dialog.port_combo.findData("eth1"))
    dialog.name_edit.setText("br-lab")
    _to_preview(qtbot, runner, window, dialog)
    _keep(qtbot, runner, window)
    assert _tree(window.model)["br-lab"] == {"eth1": None}

    shut_off = _session(demo_app).lifecycle.find("db-replica")
    demo_app.window.select_keys([shut_off.key])
    _click(qtbot, demo_app.window.details.add_nic_button)
    editing = demo_app.controller.nic_editing
    runner.until(lambda: editing.dialog is not None and editing.dialog.isVisible())
    combo = editing.dialog.findChild(type(dialog.port_combo), "bridgeCombo")  # type: ignore[union-attr]
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert any(text.startswith("br-lab") for text in offered), offered
    editing.dialog.reject()  # type: ignore[union-attr]


def test_new_vlan_sits_under_its_parent(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    _click(qtbot, window.new_vlan_button)
    dialog: VlanDialog = _dialog(window, runner, VlanDialog)
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData("eth1"))
    dialog.id_spin.setValue(42)
    assert dialog.name_edit.text() == "eth1.42"
    _to_preview(qtbot, runner, window, dialog)
    _keep(qtbot, runner, window)
    vlan = find_interface(_libvirt_view(runner, demo_app), "eth1.42")
    assert vlan is not None and (vlan.vlan_parent, vlan.vlan_id) == ("eth1", 42)
    assert _tree(window.model)["eth1"] == {"eth1.42": None}


# --------------------------------------------------------------- rolling back


def test_countdown_expiring_rolls_back(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, countdown_s=1)
    dialog = _new_bond(qtbot, runner, window, BondMode.BALANCE_RR)
    _to_preview(qtbot, runner, window, dialog)
    confirm: ConfirmChangeDialog = _to_confirm(qtbot, runner, window)
    assert confirm.remaining_s() <= 1
    assert "rolled back in 1 s unless you keep it" in confirm.countdown_label.text()
    results: list[int] = []
    confirm.finished.connect(results.append)
    # While waiting, the change is in place inside libvirt's transaction.
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is not None
    runner.run(window.wait_idle())  # nobody answers

    assert results == [0]  # the dialog closed itself as a rejection
    assert window.safe_apply.confirm_dialog is None
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    assert "bond1" not in _names(window)
    _no_open_transaction(demo_app)
    warnings = _notes(window, Level.WARNING)
    assert any("no confirmation within 1 s: the change was rolled back" in n for n in warnings), (
        warnings
    )
    assert window.new_bond_button.isEnabled()


def test_revert_rolls_back(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.ACTIVE_BACKUP)
    _to_preview(qtbot, runner, window, dialog)
    confirm = _to_confirm(qtbot, runner, window)
    assert not window.new_bond_button.isEnabled()  # one change at a time
    _click(qtbot, confirm.revert_button)
    runner.run(window.wait_idle())
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    assert any("cancelled: the change was rolled back" in n for n in _notes(window))
    _no_open_transaction(demo_app)


def test_closing_the_confirmation_rolls_back(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.BALANCE_TLB)
    _to_preview(qtbot, runner, window, dialog)
    confirm = _to_confirm(qtbot, runner, window)
    confirm.close()
    runner.run(window.wait_idle())
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    assert any("rolled back" in n for n in _notes(window, Level.WARNING))


def test_closing_the_window_while_waiting_rolls_back(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.BALANCE_ALB)
    _to_preview(qtbot, runner, window, dialog)
    _to_confirm(qtbot, runner, window)
    window.close()
    uri = _session(demo_app).uri
    runner.until(lambda: uri not in demo_app.controller.host_interface_windows)
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    # The window is gone: the outcome is told in the main window.
    messages = [n.message for n in demo_app.window.notifications.history]
    assert any("rolled back" in m for m in messages), messages


def test_close_button_while_waiting_rolls_back_as_the_title_bar_does(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.BALANCE_ALB)
    _to_preview(qtbot, runner, window, dialog)
    _to_confirm(qtbot, runner, window)
    window.close_button.click()  # the dialog is window-modal: a mouse click would not reach it
    uri = _session(demo_app).uri
    runner.until(lambda: uri not in demo_app.controller.host_interface_windows)
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    _no_open_transaction(demo_app)
    messages = [n.message for n in demo_app.window.notifications.history]
    assert any("rolled back" in m for m in messages), messages


def test_escape_in_the_confirmation_reverts_and_keeps_the_window(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.ACTIVE_BACKUP)
    _to_preview(qtbot, runner, window, dialog)
    confirm = _to_confirm(qtbot, runner, window)
    runner.until(lambda: QApplication.activeWindow() is confirm)
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    runner.run(window.wait_idle())
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    assert any("cancelled: the change was rolled back" in n for n in _notes(window))
    assert window.isVisible()
    assert demo_app.controller.host_interface_windows[_session(demo_app).uri] is window
    window.close()


def test_losing_the_connection_while_waiting_rolls_back(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.ACTIVE_BACKUP)
    _to_preview(qtbot, runner, window, dialog)
    _to_confirm(qtbot, runner, window)
    session = _session(demo_app)
    runner.run(session.disconnect())
    runner.run(window.wait_idle())
    assert window.safe_apply.confirm_dialog is None
    # libvirt's transaction cannot be rolled back without the connection: said plainly.
    (message,) = _notes(window, Level.ERROR)
    assert message.startswith("Rolling back failed: create bond bond1")
    assert "connection lost while waiting" in message
    assert "may still be in place" in message
    assert not window.new_bond_button.isEnabled()  # nothing to change without a connection


def test_cancel_at_the_preview_changes_nothing(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.BROADCAST)
    preview = _to_preview(qtbot, runner, window, dialog)
    preview.reject()
    runner.run(window.wait_idle())
    assert find_interface(_libvirt_view(runner, demo_app), "bond1") is None
    assert window.notifications.history == []


def test_deleting_the_bridge_with_the_gateway_warns(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    window.select("br0")
    _click(qtbot, window.delete_button)
    runner.until(lambda: window.delete_box is not None and window.delete_box.isVisible())
    window.delete_box.findChild(QPushButton, "confirmDelete").click()  # type: ignore[union-attr]
    flow = window.safe_apply
    runner.until(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible())
    preview = flow.preview_dialog
    assert preview is not None
    assert not preview.warning_label.isHidden()
    assert "you may lose the connection" in preview.warning_label.text()
    assert not preview.apply_button.isDefault()
    preview.details_button.click()
    assert "203.0.113.200" in preview.document_view.toPlainText()
    preview.reject()
    runner.run(window.wait_idle())
    assert find_interface(_libvirt_view(runner, demo_app), "br0") is not None


def test_deleting_a_port_is_explained(window: HostInterfacesWindow, qtbot: Any) -> None:
    window.select("eth2")
    assert not window.delete_button.isEnabled()  # ethernet cannot be deleted
    window.select("bond0")
    assert window.delete_button.isEnabled()


# ------------------------------------------------------------------ read-only


def test_a_read_only_backend_disables_changes_and_says_why(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    reason = "libvirt's udev interface backend on this host is read-only; use NetworkManager"

    async def read_only(session: Session, _override: str | None) -> HostNetworkBackend:
        return LibvirtInterfaceBackend(session, reason)

    window = HostInterfacesWindow(_session(demo_app), open_backend=read_only)
    qtbot.addWidget(window)
    window.show()
    runner.run(window.wait_idle())
    assert not window.read_only_banner.isHidden()
    assert reason in window.read_only_banner.text()
    window.select("bond0")
    for button in (
        window.new_bond_button,
        window.new_bridge_button,
        window.new_vlan_button,
        window.edit_button,
        window.delete_button,
    ):
        assert not button.isEnabled()
        assert button.toolTip() == safe_tooltip(reason)
    assert "bond0" in _names(window)  # still listed
    window.new_bond_button.click()  # a disabled button's click does nothing
    runner.run(window.wait_idle())
    assert window.dialog is None
    window.close()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")
def test_connection_menu_opens_host_interfaces(demo_app: Application, runner: AsyncRunner) -> None:
    uri = _session(demo_app).uri
    view = demo_app.window.connection_view
    point = view.visualRect(demo_app.hub.connections.connection_index(uri)).center()
    view.customContextMenuRequested.emit(point)
    menu = demo_app.window.findChildren(QMenu)[-1]
    entry = next(a for a in menu.actions() if a.objectName() == "menu_host_interfaces")
    entry.trigger()
    menu.close()
    window = demo_app.controller.host_interface_windows[uri]
    assert window.isVisible()
    runner.run(window.wait_idle())
    assert "bond0" in _names(window)


def test_bonding_a_port_a_vm_uses_for_macvtap_names_the_vm(
    window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    dialog = _new_bond(qtbot, runner, window, BondMode.ACTIVE_BACKUP, ports=("eth1",))
    preview = _to_preview(qtbot, runner, window, dialog)
    assert not preview.users_label.isHidden()
    assert "• VM mail: macvtap on eth1" in preview.users_label.text().splitlines()
    preview.reject()
    runner.run(window.wait_idle())


def test_deleting_a_bridge_names_the_vms_and_networks_on_it(
    demo_app: Application, window: HostInterfacesWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    session = _session(demo_app)
    on_br0 = sorted(
        d.name
        for d in session.domains.values()
        if any(n.type == "bridge" and n.source == "br0" for n in d.nics)
    )
    assert on_br0
    window.select("br0")
    _click(qtbot, window.delete_button)
    runner.until(lambda: window.delete_box is not None and window.delete_box.isVisible())
    window.delete_box.findChild(QPushButton, "confirmDelete").click()  # type: ignore[union-attr]
    flow = window.safe_apply
    runner.until(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible())
    preview = flow.preview_dialog
    assert preview is not None
    lines = preview.users_label.text().splitlines()
    for name in on_br0:
        assert f"• VM {name}: bridged on br0" in lines
    assert "• network bridged-host: bridged on br0" in lines
    preview.reject()
    runner.run(window.wait_idle())
