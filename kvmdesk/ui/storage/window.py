"""The storage window of one connection: pools with a capacity bar, the selected pool's volumes.

Pool lifecycle and refresh events reach ``session.storage``, which updates its
snapshots; this window follows its signals (and the domains', for "Used by"), so
what it lists is always libvirt's view. Every action is a task that awaits core;
dialogs edit plain values (see the dialog modules) and core validates again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kvmdesk.core.connection.session import Session
from kvmdesk.core.storage.progress import ProgressSlot
from kvmdesk.core.storage.transfer import TransferCancelled
from kvmdesk.core.storage.values import PoolSnapshot, TransferProgress, VolumeSnapshot
from kvmdesk.models.storage_model import (
    PoolColumn,
    PoolTableModel,
    StorageRole,
    VolumeTableModel,
)
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notifications import Level, NotificationArea
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.storage.capacity_bar import CapacityBarDelegate
from kvmdesk.ui.storage.delete_dialogs import DeletePoolDialog, DeleteVolumeDialog
from kvmdesk.ui.storage.pool_dialog import CreatePoolDialog
from kvmdesk.ui.storage.transfer_dialogs import DownloadDialog, TransferDialog, UploadDialog
from kvmdesk.ui.storage.volume_dialogs import (
    CloneVolumeDialog,
    CreateVolumeDialog,
    ResizeVolumeDialog,
)

log = logging.getLogger(__name__)

ACCEPTED = QDialog.DialogCode.Accepted


def _unfollow(followed: list[tuple[Any, Callable[..., None]]]) -> None:
    """Disconnect each (signal, slot) once; the list is emptied."""
    for signal, slot in followed:
        signal.disconnect(slot)
    followed.clear()


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class StorageWindow(QWidget):
    """One window per connection; its buttons follow the selected pool and volume."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.storage = session.storage
        self.setObjectName("storageWindow")
        self.setWindowTitle(self.tr("Storage — %1").replace("%1", safe_name(session.label)))
        self.resize(1100, 640)
        self._task_set = TaskSet(self._report)
        self.pool_model = PoolTableModel(self)
        self.volume_model = VolumeTableModel(self)
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)

        pools = QWidget(splitter)
        pools_layout = QVBoxLayout(pools)
        pools_layout.setContentsMargins(0, 0, 0, 0)
        pools_layout.addWidget(PlainLabel(self.tr("Storage pools"), pools))
        self.pool_view = _table(pools, "poolView")
        self.pool_view.setModel(self.pool_model)
        self.pool_view.setItemDelegateForColumn(
            PoolColumn.CAPACITY, CapacityBarDelegate(self.pool_view)
        )
        pools_layout.addWidget(self.pool_view, 1)
        pool_buttons = QHBoxLayout()
        self.new_pool_button = QPushButton(self.tr("New pool…"), pools)
        self.start_button = QPushButton(self.tr("Start"), pools)
        self.stop_button = QPushButton(self.tr("Stop"), pools)
        self.autostart_button = QPushButton(self.tr("Autostart"), pools)
        self.autostart_button.setCheckable(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), pools)
        self.delete_pool_button = QPushButton(self.tr("Delete pool…"), pools)
        for button in (
            self.new_pool_button,
            self.start_button,
            self.stop_button,
            self.autostart_button,
            self.refresh_button,
            self.delete_pool_button,
        ):
            pool_buttons.addWidget(button)
        pool_buttons.addStretch(1)
        pools_layout.addLayout(pool_buttons)

        volumes = QWidget(splitter)
        volumes_layout = QVBoxLayout(volumes)
        volumes_layout.setContentsMargins(0, 0, 0, 0)
        self.volumes_label = PlainLabel(volumes)
        self.volumes_label.setObjectName("volumesLabel")
        volumes_layout.addWidget(self.volumes_label)
        self.volume_view = _table(volumes, "volumeView")
        self.volume_view.setModel(self.volume_model)
        volumes_layout.addWidget(self.volume_view, 1)
        volume_buttons = QHBoxLayout()
        self.new_volume_button = QPushButton(self.tr("New volume…"), volumes)
        self.upload_button = QPushButton(self.tr("Upload…"), volumes)
        self.download_button = QPushButton(self.tr("Download…"), volumes)
        self.resize_button = QPushButton(self.tr("Resize…"), volumes)
        self.clone_button = QPushButton(self.tr("Clone…"), volumes)
        self.delete_volume_button = QPushButton(self.tr("Delete volume…"), volumes)
        for button in (
            self.new_volume_button,
            self.upload_button,
            self.download_button,
            self.resize_button,
            self.clone_button,
            self.delete_volume_button,
        ):
            volume_buttons.addWidget(button)
        volume_buttons.addStretch(1)
        volumes_layout.addLayout(volume_buttons)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = add_close_button(bottom, self)
        layout.addLayout(bottom)
        self.notifications = NotificationArea(self)
        layout.addWidget(self.notifications)

        self.new_pool_button.clicked.connect(lambda: self._spawn(self._create_pool()))
        self.start_button.clicked.connect(lambda: self._on_pool(self.storage.start_pool))
        self.stop_button.clicked.connect(lambda: self._on_pool(self.storage.stop_pool))
        self.refresh_button.clicked.connect(lambda: self._on_pool(self.storage.refresh_pool))
        self.autostart_button.clicked.connect(
            lambda checked: self._on_pool(lambda n: self.storage.set_pool_autostart(n, checked))
        )
        self.delete_pool_button.clicked.connect(lambda: self._with_pool(self._delete_pool))
        self.new_volume_button.clicked.connect(lambda: self._with_pool(self._create_volume))
        self.upload_button.clicked.connect(lambda: self._with_pool(self._upload))
        self.download_button.clicked.connect(lambda: self._with_volume(self._download))
        self.resize_button.clicked.connect(lambda: self._with_volume(self._resize))
        self.clone_button.clicked.connect(lambda: self._with_volume(self._clone))
        self.delete_volume_button.clicked.connect(lambda: self._with_volume(self._delete_volume))
        self.pool_view.selectionModel().selectionChanged.connect(self._pool_selected)
        self.volume_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._listed_for = ""
        self._transfers: set[asyncio.Task[Any]] = set()
        self._followed: list[tuple[Any, Callable[..., None]]] = [
            (self.storage.pools_upserted, self._pools_changed),
            (self.storage.pools_removed, self._pools_changed),
            (self.storage.volumes_changed, self._volumes_changed),
            (session.domains_upserted, self._domains_changed),
            (session.domains_removed, self._domains_changed),
        ]
        for signal, slot in self._followed:
            signal.connect(slot)
        # Closed or destroyed with its parent: core's signals must not reach a dead window.
        followed = self._followed
        self.destroyed.connect(lambda _obj=None: _unfollow(followed))
        self._pools_changed()
        if self.pool_model.rowCount() > 0:
            self.select_pool(self.pool_model.rows()[0].name)

    def closeEvent(self, event: Any) -> None:
        _unfollow(self._followed)
        for task in list(self._transfers):
            task.cancel()  # stops the transfer; core removes what it made
        super().closeEvent(event)

    # ------------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        if not isValid(self):  # a task ended after its window closed
            log.warning("storage: %s", message)
            return
        title = self.tr("Storage operation failed") if expected else self.tr("Unexpected error")
        self.notifications.notify(title, message, Level.ERROR)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    def selected_pool(self) -> PoolSnapshot | None:
        rows = self.pool_view.selectionModel().selectedRows()
        return rows[0].data(StorageRole.SNAPSHOT) if rows else None

    def selected_volume(self) -> VolumeSnapshot | None:
        rows = self.volume_view.selectionModel().selectedRows()
        return rows[0].data(StorageRole.SNAPSHOT) if rows else None

    def _select(self, view: QTableView, row: int) -> None:
        if row >= 0 and isValid(view):
            view.selectionModel().select(
                view.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def select_pool(self, name: str) -> None:
        self._select(self.pool_view, self.pool_model.row_of(name))

    def select_volume(self, name: str) -> None:
        self._select(self.volume_view, self.volume_model.row_of(name))

    def _on_pool(self, action: Callable[[str], Coroutine[Any, Any, Any]]) -> None:
        pool = self.selected_pool()
        if pool is not None:
            self._spawn(action(pool.name))

    def _with_pool(self, action: Callable[[PoolSnapshot], Coroutine[Any, Any, Any]]) -> None:
        pool = self.selected_pool()
        if pool is not None:
            self._spawn(action(pool))

    def _with_volume(self, action: Callable[[VolumeSnapshot], Coroutine[Any, Any, Any]]) -> None:
        volume = self.selected_volume()
        if volume is not None:
            self._spawn(action(volume))

    # ------------------------------------------------------------- following

    def _pools_changed(self, *_args: object) -> None:
        self.pool_model.set_pools(self.storage.pools.values())
        pool = self.selected_pool()
        if pool is not None and pool.active and self._listed_for != pool.name:
            self._list_volumes(pool.name)
        elif pool is not None and not pool.active:
            self._listed_for = ""
        self._show_volumes()

    def _pool_selected(self, *_args: object) -> None:
        pool = self.selected_pool()
        self._listed_for = ""
        if pool is not None and pool.active:
            self._list_volumes(pool.name)
        self._show_volumes()

    def _list_volumes(self, name: str) -> None:
        self._listed_for = name
        self._spawn(self.storage.list_volumes(name))

    def _volumes_changed(self, _uri: str, pool: str) -> None:
        selected = self.selected_pool()
        if selected is not None and selected.name == pool:
            self._show_volumes()

    def _domains_changed(self, *_args: object) -> None:
        self._show_volumes()

    def _show_volumes(self) -> None:
        pool = self.selected_pool()
        if pool is None:
            self.volume_model.set_volumes([])
            self.volumes_label.setText(self.tr("Select a pool to see its volumes."))
        elif not pool.active:
            self.volume_model.set_volumes([])
            self.volumes_label.setText(
                self.tr("“%1” is stopped: start it to see its volumes.").replace("%1", pool.name)
            )
        else:
            self.volume_model.set_volumes(self.storage.volumes(pool.name))
            self.volumes_label.setText(self.tr("Volumes in “%1”").replace("%1", pool.name))
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        pool = self.selected_pool()
        volume = self.selected_volume()
        connected = self.session.connected
        has_pool = connected and pool is not None
        active = has_pool and pool is not None and pool.active
        self.new_pool_button.setEnabled(connected)
        self.start_button.setEnabled(has_pool and not active)
        self.stop_button.setEnabled(active)
        self.refresh_button.setEnabled(active)
        self.autostart_button.setEnabled(has_pool and pool is not None and pool.persistent)
        self.autostart_button.setChecked(pool is not None and pool.autostart)
        self.delete_pool_button.setEnabled(has_pool)
        self.new_volume_button.setEnabled(active)
        self.upload_button.setEnabled(active)
        has_volume = active and volume is not None
        for button in (
            self.download_button,
            self.resize_button,
            self.clone_button,
            self.delete_volume_button,
        ):
            button.setEnabled(has_volume)

    # ----------------------------------------------------------------- pools

    async def _create_pool(self) -> None:
        capabilities = await self.storage.capabilities()
        dialog = CreatePoolDialog(
            self.session.uri,
            list(self.storage.pools.values()),
            capabilities,
            find_sources=self.storage.find_sources,
            parent=self,
        )
        if await run_dialog(dialog) != ACCEPTED:
            return
        spec = dialog.value()
        await self.storage.create_pool(spec, capabilities=capabilities)
        self.select_pool(spec.name)

    async def _delete_pool(self, pool: PoolSnapshot) -> None:
        volumes = await self.storage.list_volumes(pool.name) if pool.active else []
        users = self.storage.users_of_pool(pool.name)
        dialog = DeletePoolDialog(pool, users, len(volumes), parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        await self.storage.delete_pool(pool.name, remove_storage=dialog.remove_storage())

    # --------------------------------------------------------------- volumes

    async def _create_volume(self, pool: PoolSnapshot) -> None:
        existing = await self.storage.list_volumes(pool.name)
        dialog = CreateVolumeDialog(pool, existing, self.storage.all_volumes(), parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        created = await self.storage.create_volume(pool.name, dialog.value())
        self.select_volume(created.name)

    async def _resize(self, volume: VolumeSnapshot) -> None:
        dialog = ResizeVolumeDialog(volume, parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        capacity, shrink = dialog.value()
        await self.storage.resize_volume(volume.pool, volume.name, capacity, shrink=shrink)

    async def _clone(self, volume: VolumeSnapshot) -> None:
        pools = [p for p in self.storage.pools.values() if p.active]
        names = {p.name: [v.name for v in self.storage.volumes(p.name)] for p in pools}
        dialog = CloneVolumeDialog(volume, pools, names, parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        name, target = dialog.value()
        await self.storage.clone_volume(volume.pool, volume.name, name, target_pool=target)
        if target == volume.pool:
            self.select_volume(name)

    async def _delete_volume(self, volume: VolumeSnapshot) -> None:
        dialog = DeleteVolumeDialog(volume, parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        await self.storage.delete_volume(
            volume.pool, volume.name, confirmed_users=dialog.confirmed_users()
        )

    async def _upload(self, pool: PoolSnapshot) -> None:
        existing = await self.storage.list_volumes(pool.name)
        selected = self.selected_volume()
        replaceable = selected if selected is not None and not selected.used_by else None
        dialog = UploadDialog(pool, existing, replaceable=replaceable, parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        source, name = dialog.value()
        replace = dialog.replaces()
        what = (
            self.tr("Uploading %1 into %2/%3")
            .replace("%1", source)
            .replace("%2", pool.name)
            .replace("%3", name)
        )

        def start(progress: ProgressSlot, cancel: threading.Event) -> Awaitable[Any]:
            send = self.storage.upload if replace else self.storage.upload_new
            return send(pool.name, name, source, progress=progress, cancel=cancel)

        cancelled = (
            self.tr("The upload stopped; %1 holds part of the file.").replace("%1", name)
            if replace
            else self.tr("Nothing was kept: the volume %1 was removed again.").replace("%1", name)
        )
        if await self._transfer(
            self.tr("Uploading"), what, start, self.tr("Upload cancelled"), cancelled
        ):
            self.select_volume(name)

    async def _download(self, volume: VolumeSnapshot) -> None:
        dialog = DownloadDialog(volume, parent=self)
        if await run_dialog(dialog) != ACCEPTED:
            return
        destination = dialog.value()
        what = (
            self.tr("Downloading %1/%2 to %3")
            .replace("%1", volume.pool)
            .replace("%2", volume.name)
            .replace("%3", destination)
        )

        def start(progress: ProgressSlot, cancel: threading.Event) -> Awaitable[Any]:
            return self.storage.download(
                volume.pool, volume.name, destination, progress=progress, cancel=cancel
            )

        done = await self._transfer(
            self.tr("Downloading"),
            what,
            start,
            self.tr("Download cancelled"),
            self.tr("Nothing was kept: the partial file was removed."),
        )
        if done:
            self.notifications.notify(
                self.tr("Downloaded"),
                self.tr("%1 saved as %2").replace("%1", volume.name).replace("%2", destination),
                Level.INFO,
            )

    async def _transfer(
        self,
        title: str,
        what: str,
        start: Callable[[ProgressSlot, threading.Event], Awaitable[Any]],
        cancelled_title: str,
        cancelled_text: str,
    ) -> bool:
        """Run one upload or download under a progress dialog; True when it completed.

        Cancel stops it after the current chunk (core removes what it made). Closing the
        window cancels it the same way, through the task.
        """
        progress = TransferDialog(title, what, parent=self)
        run_dialog(progress)

        def report(value: TransferProgress) -> None:
            if isValid(progress):
                progress.report(value)

        task = asyncio.current_task()
        if task is not None:
            self._transfers.add(task)
        try:
            await start(report, progress.cancel)
        except TransferCancelled:
            if isValid(self):
                self.notifications.notify(cancelled_title, cancelled_text, Level.INFO)
            return False
        finally:
            if task is not None:
                self._transfers.discard(task)
            if isValid(progress):
                progress.done_transfer()
        return isValid(self)
