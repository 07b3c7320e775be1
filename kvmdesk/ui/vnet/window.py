"""The virtual-networks window of one connection: list, create, edit, start, stop, delete.

Network lifecycle events reach the session, which updates its snapshots; this
window follows the session's signals, so what it lists is always libvirt's view.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.core.vnet.subnet_pool import subnet_pool
from kvmdesk.models.labels import connection_title
from kvmdesk.models.network_model import (
    NetworkRole,
    NetworkTableModel,
    attached_domains,
    running_users,
)
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.conflict_dialog import ask_resolution
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.message_box import PlainMessageBox
from kvmdesk.ui.common.notifications import Level, NotificationArea
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.vnet.dialog import NetworkDialog

log = logging.getLogger(__name__)


class VirtualNetworksWindow(QWidget):
    """One window per connection; its buttons follow the selected network's state."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.setObjectName("virtualNetworks")
        self.setWindowTitle(
            self.tr("Virtual networks — %1").replace(
                "%1", safe_name(connection_title(session.uri, session.label))
            )
        )
        self.resize(980, 420)
        self._task_set = TaskSet(self._report)
        # The stop confirmation while it is open (tests click its buttons).
        self.stop_box: QMessageBox | None = None
        self.model = NetworkTableModel(self)
        layout = QVBoxLayout(self)
        self.view = QTableView(self)
        self.view.setObjectName("networkView")
        self.view.setAccessibleName(self.tr("Virtual networks"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Create…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.autostart_button = QPushButton(self.tr("Autostart"), self)
        self.autostart_button.setCheckable(True)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        for button in (
            self.create_button,
            self.edit_button,
            self.start_button,
            self.stop_button,
            self.autostart_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button = add_close_button(buttons, self)
        layout.addLayout(buttons)
        self.notifications = NotificationArea(self)
        layout.addWidget(self.notifications)
        self.create_button.clicked.connect(self.create_network)
        self.edit_button.clicked.connect(self.edit_selected)
        self.start_button.clicked.connect(lambda: self._on_selected(self._start))
        self.stop_button.clicked.connect(lambda: self._on_selected(self._stop))
        self.autostart_button.clicked.connect(
            lambda checked: self._on_selected(lambda n: self._autostart(n, checked))
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        session.networks_upserted.connect(self._refresh)
        session.networks_removed.connect(self._refresh)
        session.domains_upserted.connect(self._refresh)
        session.domains_removed.connect(self._refresh)
        self._refresh()
        name_controls(self)

    def closeEvent(self, event: Any) -> None:
        for signal in (
            self.session.networks_upserted,
            self.session.networks_removed,
            self.session.domains_upserted,
            self.session.domains_removed,
        ):
            signal.disconnect(self._refresh)
        super().closeEvent(event)

    # ------------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        title = self.tr("Network operation failed") if expected else self.tr("Unexpected error")
        self.notifications.notify(title, message, Level.ERROR)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    def _refresh(self, *_args: object) -> None:
        self.model.set_networks(self.session.networks, self.session.domains.values())
        self._update_buttons()

    def selected(self) -> NetworkSnapshot | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(NetworkRole.SNAPSHOT) if rows else None

    def select(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(NetworkRole.NAME) == name:
                self.view.selectionModel().select(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    def _update_buttons(self, *_args: object) -> None:
        network = self.selected()
        connected = self.session.connected
        self.create_button.setEnabled(connected)
        self.edit_button.setEnabled(connected and network is not None and network.persistent)
        self.start_button.setEnabled(connected and network is not None and not network.active)
        self.stop_button.setEnabled(connected and network is not None and network.active)
        self.autostart_button.setEnabled(connected and network is not None and network.persistent)
        self.autostart_button.setChecked(network is not None and network.autostart)
        self.delete_button.setEnabled(connected and network is not None)

    def _on_selected(self, action: Any) -> None:
        network = self.selected()
        if network is not None:
            self._spawn(action(network))

    async def _host_networks(self) -> list[Any]:
        return list(await self.session.vnets.host_networks())

    # --------------------------------------------------------------- actions

    async def _start(self, network: NetworkSnapshot) -> None:
        await self.session.vnets.start(network.name)

    async def _stop(self, network: NetworkSnapshot) -> None:
        users = running_users(network.name, self.session.domains.values())
        if users and not await self._confirm_stop(network, users):
            return
        await self.session.vnets.stop(network.name)

    async def _confirm_stop(self, network: NetworkSnapshot, users: list[str]) -> bool:
        """Stopping cuts the running VMs on it off: say which, and let the user decide."""
        box = PlainMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Stop network"),
            self.tr("Stop the virtual network “%1”?").replace("%1", network.name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("stopNetworkBox")
        box.setInformativeText(
            self.tr(
                "These running virtual machines lose their connection on it until the network "
                "is started again: %1"
            ).replace("%1", ", ".join(users))
        )
        stop = box.addButton(self.tr("Stop network"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.stop_box = box
        try:
            await run_dialog(box)
        finally:
            self.stop_box = None
        return box.clickedButton() is stop

    async def _autostart(self, network: NetworkSnapshot, on: bool) -> None:
        await self.session.vnets.set_autostart(network.name, on)

    def create_network(self) -> None:
        self._spawn(self._create())

    async def _ask_network(
        self,
        *,
        current: NetworkSpec | None = None,
        active: bool = False,
        live: NetworkSpec | None = None,
    ) -> NetworkSpec | None:
        """The network dialog (a new network, or ``current``); its spec, None when cancelled."""
        bridges = await self.session.nics.host_bridges()
        dialog = NetworkDialog(
            list(self.session.networks.values()),
            pool=subnet_pool(),
            host_networks=await self._host_networks(),
            host_bridges=bridges,
            current=current,
            active=active,
            live=live,
            parent=self,
        )
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    async def _create(self) -> None:
        spec = await self._ask_network()
        if spec is None:
            return
        await self.session.vnets.create(spec)
        self.select(spec.name)

    def edit_selected(self) -> None:
        network = self.selected()
        if network is not None and network.persistent:
            self._spawn(self._edit(network))

    async def _edit(self, network: NetworkSnapshot) -> None:
        current = await self.session.vnets.spec(network.name)
        live = await self.session.vnets.live_spec(network.name)
        spec = await self._ask_network(current=current, active=network.active, live=live)
        if spec is None:
            return
        labels = {
            "mode": self.tr("Mode"),
            "subnet": self.tr("Subnet"),
            "dhcp": self.tr("DHCP range"),
            "bridge": self.tr("Bridge"),
            "forward_dev": self.tr("Forward device"),
            "autostart": self.tr("Start at boot"),
        }
        resolution: dict[str, Side] | None = None
        while True:
            try:
                needs_restart = await self.session.vnets.update(
                    network.name, spec, base=current, resolution=resolution
                )
                break
            except EditConflict as conflict:
                what = self.tr("the network %1").replace("%1", network.name)
                resolution = await ask_resolution(conflict, labels, what, self)
                if resolution is None:
                    return
        if needs_restart:
            self.notifications.notify(
                self.tr("Saved"),
                self.tr("%1 uses the new settings after it is restarted.").replace(
                    "%1", network.name
                ),
                Level.INFO,
            )

    def delete_selected(self) -> None:
        network = self.selected()
        if network is None:
            return
        users = attached_domains(network.name, self.session.domains.values())
        box = PlainMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete network"),
            self.tr("Delete the virtual network “%1”?").replace("%1", network.name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteNetworkBox")
        if users:
            box.setInformativeText(
                self.tr("These virtual machines have a network card on it and lose it: %1").replace(
                    "%1", ", ".join(users)
                )
            )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def finished(_result: int) -> None:
            if box.clickedButton() is delete:
                self._spawn(self.session.vnets.delete(network.name))

        run_dialog(box, finished)
