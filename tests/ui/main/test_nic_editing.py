"""Editing NICs through the real app on the demo inventory (libvirt's test driver).

Everything goes through the widgets a user touches: the details pane's buttons,
the mode cards, the dialog's combos and OK. Results are read back from libvirt
(the domain's persistent XML) and from the domain list's network column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.nic.apply import NO_LIVE_DEVICE_CHANGES, NicAction, NicResult
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.models.domain_model import DomainColumn
from kvmdesk.models.nic_model import NicColumn, NicRole
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.nic.backing import NetworkBackingPage
from kvmdesk.ui.nic.dialog import NicDialog
from tests.helpers.qt_async import AsyncRunner

TEST_NET_POOL = "198.51.100.0/24,203.0.113.0/24"
SHUT_OFF = "backup-vault"  # one NIC: bridge br0, 52:54:00:1f:a0:99
BACKUP_MAC = "52:54:00:1f:a0:99"
RUNNING = "web-frontend"  # one NIC on nat-lan, 52:54:00:10:a0:30
WEB_MAC = "52:54:00:10:a0:30"


@pytest.fixture(autouse=True)
def _test_net_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", TEST_NET_POOL)


# ------------------------------------------------------------------ helpers


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _domain(app: Application, name: str) -> DomainSnapshot:
    return _session(app).lifecycle.find(name)


def _select(app: Application, name: str) -> DomainSnapshot:
    domain = _domain(app, name)
    app.window.select_keys([domain.key])
    assert app.window.details.shown_key == domain.key
    return domain


def _column(app: Application, name: str) -> str:
    domain = _domain(app, name)
    index = app.hub.domains.index_of(domain.key).siblingAtColumn(DomainColumn.NETWORK)
    return str(index.data())


def _interfaces(runner: AsyncRunner, app: Application, name: str) -> list[etree._Element]:
    xml = runner.run(_session(app).lifecycle.xml(_domain(app, name).uuid, inactive=True))
    return etree.fromstring(xml.encode()).findall("devices/interface")


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _open_edit(qtbot: Any, runner: AsyncRunner, app: Application, mac: str) -> NicDialog:
    details = app.window.details
    details.select_nic(mac)
    assert details.edit_nic_button.isEnabled()
    _click(qtbot, details.edit_nic_button)
    return _wait_dialog(runner, app)


def _wait_dialog(runner: AsyncRunner, app: Application) -> NicDialog:
    editing = app.controller.nic_editing
    runner.until(lambda: editing.dialog is not None and editing.dialog.isVisible())
    assert editing.dialog is not None
    return editing.dialog


def _accept(qtbot: Any, runner: AsyncRunner, app: Application, dialog: NicDialog) -> None:
    assert dialog.ok_button.isEnabled(), dialog.problem()
    _click(qtbot, dialog.ok_button)
    runner.run(app.controller.wait_idle())


def _choose(dialog: NicDialog, name: str, data: object) -> None:
    combo = dialog.findChild(QComboBox, name)
    position = combo.findData(data)
    assert position >= 0, f"{data!r} not offered in {name}"
    combo.setCurrentIndex(position)


def _errors(app: Application) -> list[str]:
    return [
        f"{n.title_label.text()}: {n.message_label.text()}"
        for n in app.window.notifications.visible_notifications()
        if n.level is Level.ERROR
    ]


# ------------------------------------------------- every mode, through the UI


def _nat(dialog: NicDialog) -> None:
    pass  # nat-lan is the only NAT network and comes first


def _bridged(dialog: NicDialog) -> None:
    # The NIC is on host bridge br0 already: move it to the bridge-mode network.
    _choose(dialog, "bridgeCombo", "network:bridged-host")


def _macvtap(dialog: NicDialog) -> None:
    _choose(dialog, "deviceCombo", "device:eth1")
    _choose(dialog, "macvtapModeCombo", "vepa")


def _user(dialog: NicDialog) -> None:
    _choose(dialog, "backendCombo", "")  # QEMU's built-in slirp (passt needs libvirt ≥ 9.2)


def _nothing(dialog: NicDialog) -> None:
    pass


# mode → (what to do on its page, <interface> type, <source> attributes, list column)
MODES: dict[NetworkMode, tuple[Callable[[NicDialog], None], str, dict[str, str], str]] = {
    NetworkMode.NAT: (_nat, "network", {"network": "nat-lan"}, "NAT · nat-lan"),
    NetworkMode.BRIDGED: (
        _bridged,
        "network",
        {"network": "bridged-host"},
        "Bridged · bridged-host",
    ),
    NetworkMode.HOST_ONLY: (
        _nothing,
        "network",
        {"network": "hostonly-lab"},
        "Host-only · hostonly-lab",
    ),
    NetworkMode.INTERNAL: (
        _nothing,
        "network",
        {"network": "internal-cluster"},
        "Internal · internal-cluster",
    ),
    # No routed or open network exists: the dialog creates one (TEST-NET pool).
    NetworkMode.ROUTED: (_nothing, "network", {"network": "routed-1"}, "Routed · routed-1"),
    NetworkMode.OPEN: (_nothing, "network", {"network": "open-1"}, "Open · open-1"),
    NetworkMode.MACVTAP: (_macvtap, "direct", {"dev": "eth1", "mode": "vepa"}, "macvtap · eth1"),
    NetworkMode.USER: (_user, "user", {}, "User-mode"),
    NetworkMode.NONE: (_nothing, "bridge", {"bridge": "br0"}, "Not attached"),
}


@pytest.mark.parametrize("mode", list(MODES), ids=str)
def test_switch_a_shut_off_nic_to_every_mode(
    demo_app: Application, runner: AsyncRunner, qtbot: Any, mode: NetworkMode
) -> None:
    choose, kind, source, column = MODES[mode]
    _select(demo_app, SHUT_OFF)
    assert _column(demo_app, SHUT_OFF) == "Bridged · br0"
    dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
    assert dialog.cards.current is NetworkMode.BRIDGED
    _click(qtbot, dialog.cards.cards[mode])
    choose(dialog)
    assert not dialog.outcome_label.isVisibleTo(dialog)  # shut off: nothing live to say
    _accept(qtbot, runner, demo_app, dialog)
    assert _errors(demo_app) == []

    (interface,) = _interfaces(runner, demo_app, SHUT_OFF)
    assert interface.get("type") == kind
    assert interface.find("mac").get("address") == BACKUP_MAC
    assert interface.find("model").get("type") == "virtio"
    element = interface.find("source")
    if source:
        assert {k: element.get(k) for k in source} == source
    else:
        assert element is None
    link = interface.find("link")
    if mode is NetworkMode.NONE:
        assert link is not None and link.get("state") == "down"
    else:
        assert link is None or link.get("state") != "down"
    if mode is NetworkMode.USER:
        assert interface.find("backend") is None

    runner.until(lambda: _column(demo_app, SHUT_OFF) == column)
    # The details pane follows the same event: its NIC row shows the new mode.
    model = demo_app.window.details.nic_model
    runner.until(lambda: model.index(0, NicColumn.MODE).data(NicRole.MODE) == str(mode))
    if mode in (NetworkMode.ROUTED, NetworkMode.OPEN):
        network = _session(demo_app).networks[source["network"]]
        assert network.mode is mode and network.active and network.autostart
        assert network.subnets == ("198.51.100.128/25",)  # the first free TEST-NET block


def test_walk_one_nic_through_every_mode_in_turn(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    """Each edit starts from what the previous one left, as a user clicking along would."""
    _select(demo_app, SHUT_OFF)
    for mode, (choose, kind, _source, column) in MODES.items():
        dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
        _click(qtbot, dialog.cards.cards[mode])
        choose(dialog)
        _accept(qtbot, runner, demo_app, dialog)
        assert _errors(demo_app) == []
        runner.until(lambda column=column: _column(demo_app, SHUT_OFF) == column)
        if mode is not NetworkMode.NONE:
            assert _interfaces(runner, demo_app, SHUT_OFF)[0].get("type") == kind
    # Routed and open networks were created on free TEST-NET blocks, one each.
    networks = _session(demo_app).networks
    assert networks["routed-1"].subnets == ("198.51.100.128/25",)
    assert networks["open-1"].subnets == ("203.0.113.128/25",)


# ------------------------------------------------------------- add & remove


def test_add_a_nic_through_the_pane(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    _select(demo_app, SHUT_OFF)
    details = demo_app.window.details
    _click(qtbot, details.add_nic_button)
    dialog = _wait_dialog(runner, demo_app)
    assert dialog.cards.current is NetworkMode.NAT
    _click(qtbot, dialog.cards.cards[NetworkMode.INTERNAL])
    _choose(dialog, "modelCombo", "e1000e")
    new_mac = dialog.mac_edit.text()
    _accept(qtbot, runner, demo_app, dialog)
    assert _errors(demo_app) == []

    interfaces = _interfaces(runner, demo_app, SHUT_OFF)
    assert [i.find("mac").get("address") for i in interfaces] == [BACKUP_MAC, new_mac]
    added = interfaces[1]
    assert added.get("type") == "network"
    assert added.find("source").get("network") == "internal-cluster"
    assert added.find("model").get("type") == "e1000e"
    runner.until(
        lambda: _column(demo_app, SHUT_OFF) == "Bridged · br0, Internal · internal-cluster"
    )
    runner.until(lambda: details.nic_model.rowCount() == 2)


def test_remove_a_nic_asks_first(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    _select(demo_app, SHUT_OFF)
    details = demo_app.window.details
    editing = demo_app.controller.nic_editing
    details.select_nic(BACKUP_MAC)

    # Cancel removes nothing.
    _click(qtbot, details.remove_nic_button)
    box = editing.confirmation
    assert box is not None and box.isVisible()
    assert BACKUP_MAC in box.text() and SHUT_OFF in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    runner.run(demo_app.controller.wait_idle())
    assert len(_interfaces(runner, demo_app, SHUT_OFF)) == 1

    details.select_nic(BACKUP_MAC)
    _click(qtbot, details.remove_nic_button)
    box = editing.confirmation
    assert box is not None
    (remove,) = [
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole
    ]
    _click(qtbot, remove)
    runner.run(demo_app.controller.wait_idle())
    assert _errors(demo_app) == []
    assert _interfaces(runner, demo_app, SHUT_OFF) == []
    runner.until(lambda: _column(demo_app, SHUT_OFF) == "No network")
    runner.until(lambda: details.no_nics_label.isVisibleTo(details))
    assert not details.edit_nic_button.isEnabled()
    assert details.add_nic_button.isEnabled()


def test_double_click_opens_the_nic(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    _select(demo_app, "monitoring")  # NAT and a bridged e1000e NIC
    view = demo_app.window.details.nic_view
    index = view.model().index(1, NicColumn.MAC)
    point = view.visualRect(index).center()
    # A click first, as a hand does: the view takes a double-click on the row it pressed.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    dialog = _wait_dialog(runner, demo_app)
    assert dialog.mac_edit.text() == "52:54:00:1e:a1:93"
    assert dialog.cards.current is NetworkMode.BRIDGED
    assert dialog.model_combo.currentText() == "e1000e"
    dialog.reject()
    runner.run(demo_app.controller.wait_idle())


def test_buttons_follow_the_selection(demo_app: Application, qtbot: Any) -> None:
    details = demo_app.window.details
    assert not details.add_nic_button.isEnabled()  # nothing selected yet
    _select(demo_app, SHUT_OFF)
    assert details.add_nic_button.isEnabled()
    details.nic_view.clearSelection()
    assert not details.edit_nic_button.isEnabled()
    assert not details.remove_nic_button.isEnabled()
    details.select_nic(BACKUP_MAC)
    assert details.edit_nic_button.isEnabled()
    assert details.remove_nic_button.isEnabled()


# ---------------------------------------------------------- new networks


def test_create_a_nat_network_from_the_dialog(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    _select(demo_app, SHUT_OFF)
    dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
    _click(qtbot, dialog.cards.cards[NetworkMode.NAT])
    page = dialog.pages[NetworkMode.NAT]
    assert isinstance(page, NetworkBackingPage)
    _choose(dialog, "networkCombo_nat", None)  # "Create a new network…"
    # nat-lan holds 198.51.100.0/25 and hostonly-lab 203.0.113.0/25 of the TEST-NET pool.
    assert page.name_edit.text() == "nat-2"
    assert page.subnet_edit.text() == "198.51.100.128/25"
    assert page.dhcp_start_edit.text() == "198.51.100.192"
    _accept(qtbot, runner, demo_app, dialog)
    assert _errors(demo_app) == []

    session = _session(demo_app)
    network = session.networks["nat-2"]
    assert network.mode is NetworkMode.NAT
    assert network.active and network.autostart
    assert network.subnets == ("198.51.100.128/25",)
    assert network.dhcp_ranges == (("198.51.100.192", "198.51.100.254"),)
    (interface,) = _interfaces(runner, demo_app, SHUT_OFF)
    assert interface.find("source").get("network") == "nat-2"
    runner.until(lambda: _column(demo_app, SHUT_OFF) == "NAT · nat-2")


def test_a_failed_apply_deletes_the_network_it_created(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    session = _session(demo_app)
    _select(demo_app, SHUT_OFF)
    dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
    _click(qtbot, dialog.cards.cards[NetworkMode.HOST_ONLY])
    _choose(dialog, "networkCombo_host-only", None)
    assert dialog.pages[NetworkMode.HOST_ONLY].new_network() is not None
    # The domain goes away (another client undefines it) while the dialog is open.
    session.raw_connection.lookupByName(SHUT_OFF).undefine()
    _accept(qtbot, runner, demo_app, dialog)

    (error,) = _errors(demo_app)
    assert "Could not change the network interface" in error
    assert "The network hostonly-2 created for this interface was deleted again." in error
    runner.until(lambda: "hostonly-2" not in session.networks)
    assert "hostonly-2" not in session.raw_connection.listNetworks()
    assert "hostonly-2" not in session.raw_connection.listDefinedNetworks()


# ---------------------------------------------------------- running domain


def test_a_running_vm_on_the_test_driver_waits_for_a_restart(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    """The test driver cannot change a running domain's devices: the change is saved
    in the configuration, and the NIC shows "takes effect after restart" until the VM
    restarts."""
    session = _session(demo_app)
    domain = _select(demo_app, RUNNING)
    dialog = _open_edit(qtbot, runner, demo_app, WEB_MAC)
    assert dialog.outcome_label.isVisibleTo(dialog)
    _click(qtbot, dialog.cards.cards[NetworkMode.HOST_ONLY])  # hostonly-lab is stopped
    outcome = dialog.outcome_label.text()
    assert "cannot change a running VM's interfaces" in outcome
    assert "takes effect after the VM restarts" in outcome
    assert "The network hostonly-lab is stopped: it is started first." in outcome
    _accept(qtbot, runner, demo_app, dialog)
    assert _errors(demo_app) == []

    # Saved in the configuration; the running VM keeps its NIC on nat-lan.
    (saved,) = _interfaces(runner, demo_app, RUNNING)
    assert saved.find("source").get("network") == "hostonly-lab"
    live = etree.fromstring(runner.run(session.lifecycle.xml(domain.uuid)).encode())
    assert live.find("devices/interface/source").get("network") == "nat-lan"
    assert session.networks["hostonly-lab"].active  # started for the VM's next start
    assert session.nics.pending_restart(domain.uuid) == {WEB_MAC}
    infos = [
        n.message_label.text()
        for n in demo_app.window.notifications.visible_notifications()
        if n.level is Level.INFO
    ]
    assert any("takes effect after restart" in message for message in infos)

    # The badge: an icon and tooltip on the NIC's row, and a line under the table.
    details = demo_app.window.details
    index = details.nic_model.index(0, NicColumn.MAC)
    assert index.data(NicRole.PENDING_RESTART) is True
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Takes effect after restart" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert details.restart_badge.isVisibleTo(details)
    assert "Takes effect after restart" in details.restart_badge.text()
    # What runs now, and what the next start brings.
    assert _column(demo_app, RUNNING) == "NAT · nat-lan → Host-only · hostonly-lab after restart"
    assert details.nic_model.index(0, NicColumn.MODE).data() == "NAT → Host-only after restart"
    assert details.restart_now_button.isVisibleTo(details)

    # A restart runs the saved configuration: the badge goes, the list shows host-only.
    runner.run(session.lifecycle.perform(domain.uuid, DomainAction.DESTROY))
    runner.run(session.lifecycle.perform(domain.uuid, DomainAction.START))
    runner.until(lambda: _column(demo_app, RUNNING) == "Host-only · hostonly-lab")
    runner.until(lambda: not details.restart_badge.isVisibleTo(details))
    assert details.nic_model.index(0, NicColumn.MODE).data(NicRole.PENDING_RESTART) is False


def test_a_change_libvirt_refuses_leaves_the_domain_as_it_was(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    """libvirt 9.0 knows no passt backend: its own message shows, nothing changes."""
    _select(demo_app, SHUT_OFF)
    before = [etree.tostring(i) for i in _interfaces(runner, demo_app, SHUT_OFF)]
    dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
    _click(qtbot, dialog.cards.cards[NetworkMode.USER])
    _choose(dialog, "backendCombo", "passt")
    _accept(qtbot, runner, demo_app, dialog)
    (error,) = _errors(demo_app)
    assert error.startswith("Could not change the network interface of backup-vault:")
    assert "passt" in error  # libvirt's words
    assert [etree.tostring(i) for i in _interfaces(runner, demo_app, SHUT_OFF)] == before
    assert _column(demo_app, SHUT_OFF) == "Bridged · br0"


def test_cancel_changes_nothing(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    _select(demo_app, SHUT_OFF)
    before = _interfaces(runner, demo_app, SHUT_OFF)
    dialog = _open_edit(qtbot, runner, demo_app, BACKUP_MAC)
    _click(qtbot, dialog.cards.cards[NetworkMode.USER])
    dialog.reject()
    runner.run(demo_app.controller.wait_idle())
    after = _interfaces(runner, demo_app, SHUT_OFF)
    assert [etree.tostring(i) for i in after] == [etree.tostring(i) for i in before]
    assert demo_app.controller.nic_editing.dialog is None


def test_restart_now_applies_the_saved_change(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    session = _session(demo_app)
    domain = _select(demo_app, RUNNING)
    dialog = _open_edit(qtbot, runner, demo_app, WEB_MAC)
    _click(qtbot, dialog.cards.cards[NetworkMode.HOST_ONLY])
    _accept(qtbot, runner, demo_app, dialog)
    details = demo_app.window.details
    runner.until(lambda: details.restart_now_button.isVisibleTo(details))
    _click(qtbot, details.restart_now_button)
    editing = demo_app.controller.nic_editing
    runner.until(lambda: editing.confirmation is not None and editing.confirmation.isVisible())
    box = editing.confirmation
    assert box is not None and box.objectName() == "restartConfirmation"
    assert "Restart “web-frontend” now?" in box.text()
    restart = next(b for b in box.buttons() if b.text() == "Restart")
    _click(qtbot, restart)
    runner.run(demo_app.controller.wait_idle())
    # Shut down, then started again: running, on the saved configuration.
    runner.until(lambda: session.domains[domain.uuid].state.is_active)
    runner.until(lambda: _column(demo_app, RUNNING) == "Host-only · hostonly-lab")
    runner.until(lambda: not details.restart_now_button.isVisibleTo(details))
    assert session.nics.pending_restart(domain.uuid) == frozenset()
    assert _errors(demo_app) == []


def test_libvirts_own_words_wait_behind_details(demo_app: Application, qtbot: Any) -> None:
    """The user reads kvmdesk's sentence; libvirt's message (naming its functions) is
    one click away, under "Details"."""
    libvirt_words = (
        "Operation not supported: cannot modify network device model from virtio to e1000 "
        "in virDomainUpdateDeviceFlags"
    )
    result = NicResult(
        action=NicAction.UPDATE,
        domain="web-frontend",
        mac=WEB_MAC,
        previous_mac=WEB_MAC,
        live=False,
        config=True,
        needs_restart=True,
        note=NO_LIVE_DEVICE_CHANGES,
        detail=libvirt_words,
    )
    editing = demo_app.controller.nic_editing
    editing._tell_if_waiting(result)
    (shown,) = [
        n
        for n in demo_app.window.notifications.visible_notifications()
        if n.title_label.text() == "Takes effect after restart"
    ]
    assert "virDomainUpdateDeviceFlags" not in shown.message_label.text()
    assert shown.details_button.isVisibleTo(shown)
    assert shown.details_button.text() == "Details"
    assert not shown.details_view.isVisibleTo(shown)
    qtbot.mouseClick(shown.details_button, Qt.MouseButton.LeftButton)
    assert shown.details_view.isVisibleTo(shown)
    assert shown.details_view.toPlainText() == libvirt_words
