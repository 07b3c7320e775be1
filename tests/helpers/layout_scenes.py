"""Every window and dialog of the app, opened on the demo the way a user opens them.

A scene is a generator over a running app (the ``demo_app`` fixture): it opens a window
or dialog through the real widgets and actions, yields ``(name, widget, cells)`` for each
state worth checking (each bond mode, each NIC mode card …), and closes what it opened.
``cells`` names the item-view columns whose text must fit (elsewhere cells may elide).
The layout tests check every yielded state with :func:`tests.helpers.layout.layout_findings`;
with ``KVMDESK_LAYOUT_SHOTS=<folder>`` set, each state is also saved there as a PNG.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QWidget
from shiboken6 import isValid

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet.model import BondMode
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.models.domain_model import DomainColumn
from kvmdesk.ui.hostnet.apply_flow import ChangePreviewDialog
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.interface_dialogs import BridgeDialog, VlanDialog
from kvmdesk.ui.hostnet.window import HostInterfacesWindow
from kvmdesk.ui.main.about import AboutDialog
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog, ForceOffDialog
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from kvmdesk.ui.main.window import DELETE
from kvmdesk.ui.nic.dialog import NicDialog
from kvmdesk.ui.vnet.dialog import NetworkDialog
from kvmdesk.ui.vnet.window import VirtualNetworksWindow
from tests.helpers.qt_async import AsyncRunner

# A state: its name, the window to check, and item-view columns whose cells must fit.
Cells = dict[QAbstractItemView, list[int]]
State = tuple[str, QWidget, Cells]
Scene = Callable[[Application, AsyncRunner], Iterator[State]]

RUNNING_VM = "web-frontend"  # running, a title, one NIC on nat-lan
TWO_NIC_VM = "k8s-node-1"  # running, two NICs


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _select(app: Application, name: str) -> None:
    app.window.select_keys([_session(app).lifecycle.find(name).key])


def _settle(runner: AsyncRunner) -> None:
    """Let layouts, deferred resizes and posted events run."""
    for _ in range(3):
        QCoreApplication.processEvents()
        runner.run(asyncio.sleep(0.02))


def _dialog_of(runner: AsyncRunner, owner: QWidget, kind: type[QDialog]) -> QDialog:
    runner.until(lambda: any(d.isVisible() for d in owner.findChildren(kind)))
    dialog = next(d for d in owner.findChildren(kind) if d.isVisible())
    _settle(runner)
    return dialog


def _close(runner: AsyncRunner, dialog: QWidget) -> None:
    if isinstance(dialog, QDialog):
        dialog.reject()
    else:
        dialog.close()
    runner.until(lambda: not isValid(dialog) or not dialog.isVisible())
    _settle(runner)


# ------------------------------------------------------------------ scenes


def _loaded(app: Application, runner: AsyncRunner) -> None:
    """Details fetched, and the window's coalescing timers (250 ms) have run."""
    runner.until(lambda: app.window.details.autostart_label.text() != "…")
    runner.run(asyncio.sleep(0.3))
    _settle(runner)


def _network_column(app: Application) -> Cells:
    return {app.window.domain_view: [DomainColumn.NETWORK]}


def main_window(app: Application, runner: AsyncRunner) -> Iterator[State]:
    _select(app, RUNNING_VM)
    _loaded(app, runner)
    yield "main-window", app.window, _network_column(app)
    _select(app, TWO_NIC_VM)
    _loaded(app, runner)
    yield "main-window-two-nics", app.window, _network_column(app)


def _vnets(app: Application, runner: AsyncRunner) -> VirtualNetworksWindow:
    window = app.controller.open_virtual_networks(_session(app).uri)
    assert window is not None
    runner.until(window.isVisible)
    _settle(runner)
    return window


def virtual_networks(app: Application, runner: AsyncRunner) -> Iterator[State]:
    window = _vnets(app, runner)
    yield "virtual-networks", window, {}
    window.create_button.click()
    dialog = _dialog_of(runner, window, NetworkDialog)
    assert isinstance(dialog, NetworkDialog)
    for mode in NetworkMode:
        index = dialog.mode_combo.findData(str(mode))
        if index < 0:
            continue
        dialog.mode_combo.setCurrentIndex(index)
        _settle(runner)
        yield f"network-dialog-{mode.value}", dialog, {}
    _close(runner, dialog)
    window.close()


def _host_interfaces(app: Application, runner: AsyncRunner) -> HostInterfacesWindow:
    window = app.controller.open_host_interfaces(_session(app).uri)
    assert window is not None
    runner.run(window.wait_idle())
    _settle(runner)
    return window


def host_interfaces(app: Application, runner: AsyncRunner) -> Iterator[State]:
    window = _host_interfaces(app, runner)
    yield "host-interfaces", window, {}
    for button, kind, name in (
        (window.new_bridge_button, BridgeDialog, "bridge-dialog"),
        (window.new_vlan_button, VlanDialog, "vlan-dialog"),
    ):
        button.click()
        dialog = _dialog_of(runner, window, kind)
        yield name, dialog, {}
        _close(runner, dialog)
    window.close()


def bond_dialog(app: Application, runner: AsyncRunner) -> Iterator[State]:
    window = _host_interfaces(app, runner)
    window.new_bond_button.click()
    dialog = _dialog_of(runner, window, BondDialog)
    assert isinstance(dialog, BondDialog)
    item = dialog.port_item("eth1")
    assert item is not None
    item.setCheckState(Qt.CheckState.Checked)
    for mode in BondMode:
        dialog.mode_list.setCurrentRow(int(mode))
        for monitor in ("mii", "arp"):
            radio = dialog.monitor.mii_radio if monitor == "mii" else dialog.monitor.arp_radio
            if not radio.isEnabled():
                continue
            radio.setChecked(True)
            _settle(runner)
            yield f"bond-dialog-{mode.name.lower().replace('_', '-')}-{monitor}", dialog, {}
    dialog.mode_list.setCurrentRow(int(BondMode.IEEE_802_3AD))
    dialog.monitor.mii_radio.setChecked(True)
    _settle(runner)
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    dialog.ok_button.click()
    preview = _dialog_of(runner, window, ChangePreviewDialog)
    assert isinstance(preview, ChangePreviewDialog)
    yield "bond-preview", preview, {}
    preview.details_button.click()
    _settle(runner)
    yield "bond-preview-xml", preview, {}
    preview.apply_button.click()  # libvirt's test driver applies it in a transaction
    flow = window.safe_apply

    def asking() -> bool:
        return flow.confirm_dialog is not None and flow.confirm_dialog.isVisible()

    runner.until(asking)
    confirm = flow.confirm_dialog
    assert confirm is not None
    _settle(runner)
    yield "bond-keep-change", confirm, {}
    confirm.revert_button.click()
    runner.run(window.wait_idle())
    window.close()


def nic_dialog(app: Application, runner: AsyncRunner) -> Iterator[State]:
    _select(app, RUNNING_VM)
    details = app.window.details
    editing = app.controller.nic_editing

    def shown() -> bool:
        return editing.dialog is not None and editing.dialog.isVisible()

    for kind, button in (("add", details.add_nic_button), ("edit", details.edit_nic_button)):
        if kind == "edit":
            details.select_nic(details.nic_model.nics()[0].mac)
        button.click()
        runner.until(shown)
        dialog = editing.dialog
        assert isinstance(dialog, NicDialog)
        _settle(runner)
        yield f"nic-dialog-{kind}", dialog, {}
        if kind == "add":
            for mode, card in dialog.cards.cards.items():
                if not card.isEnabled():
                    continue
                dialog.cards.select(mode)
                dialog.card_scroll.ensureWidgetVisible(card)
                _settle(runner)
                yield f"nic-dialog-{mode.value}", dialog, {}
        _close(runner, dialog)


def add_connection(app: Application, runner: AsyncRunner) -> Iterator[State]:
    app.window.add_connection_action.trigger()
    dialog = _dialog_of(runner, app.window, AddConnectionDialog)
    assert isinstance(dialog, AddConnectionDialog)
    combo = dialog.hypervisor_combo
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        _settle(runner)
        yield f"add-connection-{index}", dialog, {}
    dialog.uri_edit.setText("qemu:///system")
    for index in range(1, dialog.transport_combo.count()):
        dialog.transport_combo.setCurrentIndex(index)
        dialog.host_edit.setText("203.0.113.7")
        dialog.host_edit.textEdited.emit("203.0.113.7")
        _settle(runner)
        yield f"add-connection-transport-{index}", dialog, {}
    dialog.uri_edit.setText("qemu/system")
    _settle(runner)
    yield "add-connection-error", dialog, {}
    _close(runner, dialog)


def _delete_lists(dialog: DeleteDialog) -> Cells:
    return {dialog.domain_list: [0], dialog.volume_list: [0]}


def confirmations(app: Application, runner: AsyncRunner) -> Iterator[State]:
    _select(app, RUNNING_VM)
    app.window.lifecycle_actions["destroy"].trigger()
    dialog = _dialog_of(runner, app.window, ForceOffDialog)
    yield "force-off", dialog, {}
    _close(runner, dialog)
    app.window.lifecycle_actions[DELETE].trigger()
    dialog = _dialog_of(runner, app.window, DeleteDialog)
    assert isinstance(dialog, DeleteDialog)
    yield "delete", dialog, _delete_lists(dialog)
    _close(runner, dialog)
    names = ["web-frontend", "web-backend", "k8s-node-1", "k8s-node-2", "mail"]
    app.window.select_keys([_session(app).lifecycle.find(n).key for n in names])
    app.window.lifecycle_actions[DELETE].trigger()
    dialog = _dialog_of(runner, app.window, DeleteDialog)
    assert isinstance(dialog, DeleteDialog)
    yield "delete-several", dialog, _delete_lists(dialog)
    _close(runner, dialog)


def about(app: Application, runner: AsyncRunner) -> Iterator[State]:
    action = app.window.findChild(QAction, "action_about")
    assert action is not None
    action.trigger()
    dialog = _dialog_of(runner, app.window, AboutDialog)
    yield "about", dialog, {}
    _close(runner, dialog)


SCENES: dict[str, Scene] = {
    "main": main_window,
    "virtual-networks": virtual_networks,
    "host-interfaces": host_interfaces,
    "bond": bond_dialog,
    "nic": nic_dialog,
    "add-connection": add_connection,
    "confirmations": confirmations,
    "about": about,
}


def save_shot(name: str, widget: QWidget) -> None:
    """With ``KVMDESK_LAYOUT_SHOTS`` set, save ``widget`` as ``<folder>/<name>@<scale>x.png``."""
    folder = os.environ.get("KVMDESK_LAYOUT_SHOTS")
    if not folder:
        return
    scale = f"{widget.devicePixelRatioF():g}"
    path = Path(folder) / f"{name}@{scale}x.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
