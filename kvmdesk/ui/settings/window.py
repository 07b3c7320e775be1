"""The settings window of one VM: sections on the left, the section's editor on the right.

Every change goes through ``session.settings`` (validated, merged into the domain as
it is when applied, live where libvirt can, all or nothing). A page keeps the value
it started from until the user applies or reverts, so a change made elsewhere
meanwhile is never overwritten: applying reports the conflict and reloads. Pages
without unsaved edits follow the domain's events. The Network interfaces section is
the NIC editor of the main window, reached through :class:`NicHooks`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.settings.hardware import DeviceKind
from kvmdesk.core.settings.merge import SettingsConflict
from kvmdesk.core.settings.plan import Result
from kvmdesk.core.settings.service import SettingsView
from kvmdesk.core.settings.values import Section, parse_size_bytes
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.models.state_icons import pending_restart_icon
from kvmdesk.models.text import safe_line, safe_name, safe_tooltip
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.message_box import PlainMessageBox
from kvmdesk.ui.common.notifications import Level, NotificationArea
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.settings.devices import NicsPage, SharedFolderDialog, SharedFoldersPage
from kvmdesk.ui.settings.disks import AddDiskDialog, DisksPage
from kvmdesk.ui.settings.hardware import OtherDevicesPage, UsbPage
from kvmdesk.ui.settings.page import SectionPage
from kvmdesk.ui.settings.sections import BootPage, CpusPage, MemoryPage, OverviewPage

NICS = "nics"  # the Network interfaces section (not a core settings section)


@dataclass(frozen=True, slots=True)
class NicHooks:
    """The main window's NIC editing, for the Network interfaces section."""

    add: Callable[[Session, str, QWidget], None]  # session, VM UUID, the dialog's parent
    edit: Callable[[Session, str, str, QWidget], None]  # … and the NIC's MAC
    remove: Callable[[Session, str, str, QWidget], None]


class SettingsWindow(QWidget):
    """All settings of one VM; one window per VM (see :class:`SettingsWindows`)."""

    def __init__(
        self,
        session: Session,
        uuid: str,
        nic_hooks: NicHooks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.uuid = uuid
        self.nic_hooks = nic_hooks
        self.view: SettingsView | None = None
        self._usb_unread = True
        self.setObjectName("settingsWindow")
        self.resize(860, 600)
        self._task_set = TaskSet(self._report)
        self.dialog: QDialog | None = None  # the dialog on screen (tests reach it here)
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        self.section_list = QListWidget(self)
        self.section_list.setObjectName("sectionList")
        self.section_list.setMaximumWidth(200)
        self.stack = QStackedWidget(self)
        body.addWidget(self.section_list)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.notifications = NotificationArea(self)
        outer.addWidget(self.notifications)
        row = QHBoxLayout()
        row.addStretch(1)
        add_close_button(row, self)
        outer.addLayout(row)

        self.overview = OverviewPage(self)
        self.cpus = CpusPage(self)
        self.memory = MemoryPage(self)
        self.boot = BootPage(self)
        self.disks = DisksPage(self)
        self.shares = SharedFoldersPage(self)
        self.nics = NicsPage(self)
        self.other = OtherDevicesPage(self)
        self.usb = UsbPage(self)
        self.pages: dict[str, QWidget] = {}
        for key, text, page in (
            (Section.OVERVIEW.value, self.tr("Overview"), self.overview),
            (Section.CPUS.value, self.tr("CPUs"), self.cpus),
            (Section.MEMORY.value, self.tr("Memory"), self.memory),
            (Section.BOOT.value, self.tr("Boot"), self.boot),
            (Section.DISKS.value, self.tr("Disks"), self.disks),
            (Section.SHARED_FOLDERS.value, self.tr("Shared folders"), self.shares),
            (NICS, self.tr("Network interfaces"), self.nics),
            (Section.USB.value, self.tr("Host USB devices"), self.usb),
            (Section.DEVICES.value, self.tr("Other devices"), self.other),
        ):
            item = QListWidgetItem(safe_line(text), self.section_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
            self.pages[key] = page
        self.section_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.section_list.setCurrentRow(0)
        for page in (self.overview, self.cpus, self.memory, self.boot):
            page.apply_requested.connect(lambda p=page: self._spawn(self._apply(p)))
        self.disks.apply_requested.connect(lambda: self._spawn(self._apply_disk()))
        self.disks.add_requested.connect(lambda: self._spawn(self._add_disk()))
        self.disks.remove_requested.connect(self._remove_disk)
        self.disks.resize_requested.connect(lambda t: self._spawn(self._resize_disk(t)))
        self.disks.eject_requested.connect(
            lambda t: self._spawn(self._run(self.disks, self.session.settings.change_media, t, ""))
        )
        self.disks.insert_requested.connect(lambda t: self._spawn(self._insert(t)))
        self.shares.add_requested.connect(lambda: self._spawn(self._add_share()))
        self.shares.remove_requested.connect(
            lambda tag: self._spawn(
                self._run(self.shares, self.session.settings.remove_shared_folder, tag)
            )
        )
        self.other.add_requested.connect(
            lambda kind, model: self._spawn(
                self._run(self.other, self.session.settings.add_device, DeviceKind(kind), model)
            )
        )
        self.other.remove_requested.connect(
            lambda kind, index: self._spawn(
                self._run(self.other, self.session.settings.remove_device, DeviceKind(kind), index)
            )
        )
        self.other.change_requested.connect(
            lambda kind, index, model: self._spawn(
                self._run(
                    self.other,
                    self.session.settings.change_device,
                    DeviceKind(kind),
                    index,
                    model,
                )
            )
        )
        self.usb.refresh_requested.connect(lambda: self._spawn(self._refresh_usb()))
        self.usb.attach_requested.connect(
            lambda row: self._spawn(
                self._run(self.usb, self.session.settings.attach_usb, self.usb.host_devices[row])
            )
        )
        self.usb.detach_requested.connect(
            lambda row: self._spawn(
                self._run(self.usb, self.session.settings.detach_usb, self.usb.host_devices[row])
            )
        )
        if nic_hooks is not None:
            self.nics.add_requested.connect(lambda: nic_hooks.add(self.session, self.uuid, self))
            self.nics.edit_requested.connect(
                lambda m: nic_hooks.edit(self.session, self.uuid, m, self)
            )
            self.nics.remove_requested.connect(
                lambda m: nic_hooks.remove(self.session, self.uuid, m, self)
            )
        else:
            self.nics.setEnabled(False)
        session.domains_upserted.connect(self._on_domains)
        session.domains_removed.connect(self._on_removed)
        session.pending_restart_changed.connect(self._on_pending)
        self._update_title()
        self._spawn(self.reload())

    # ------------------------------------------------------------ plumbing

    def closeEvent(self, event: QCloseEvent) -> None:
        self._disconnect()
        super().closeEvent(event)

    def _disconnect(self) -> None:
        for signal, slot in (
            (self.session.domains_upserted, self._on_domains),
            (self.session.domains_removed, self._on_removed),
            (self.session.pending_restart_changed, self._on_pending),
        ):
            try:
                signal.disconnect(slot)  # type: ignore[arg-type]
            except ValueError:
                pass  # already disconnected

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        title = (
            self.tr("Could not change the settings") if expected else self.tr("Unexpected error")
        )
        self.notifications.notify(title, message, Level.ERROR)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    @property
    def snapshot(self) -> DomainSnapshot | None:
        return self.session.domains.get(self.uuid)

    def _update_title(self) -> None:
        snapshot = self.snapshot
        name = snapshot.name if snapshot is not None else self.uuid
        self.setWindowTitle(self.tr("%1 — Settings").replace("%1", safe_name(name)))

    def select_section(self, key: str) -> None:
        for row in range(self.section_list.count()):
            if self.section_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.section_list.setCurrentRow(row)

    # ------------------------------------------------------------- loading

    async def reload(self, *, force: bool = True) -> None:
        """Read every section again; pages with unsaved edits keep them unless ``force``."""
        view = await self.session.settings.read(self.uuid)
        self.view = view
        for page, value in (
            (self.overview, view.overview),
            (self.cpus, view.cpus),
            (self.memory, view.memory),
            (self.boot, view.boot),
        ):
            if force or not page.dirty:
                page.load(value, running=view.running)
        self.cpus.set_live(view.live_cpus)
        self.memory.set_live(view.live_memory)
        if force or not self.disks.dirty:
            self.disks.set_disks(view.disks, running=view.running)
        self.shares.set_shares(view.shared_folders)
        self.other.set_devices(view.other_devices)
        self.usb.set_devices(self.usb.host_devices, view.attached_usb)
        if self._usb_unread:
            await self._refresh_usb()
        self._show_nics()
        self._show_pending()
        self._update_title()
        if not self.cpus.model_combo.count():
            snapshot = self.snapshot
            models = await self.session.settings.cpu_models(snapshot.arch if snapshot else "")
            self.cpus.set_models(models)

    async def _refresh_usb(self) -> None:
        """Ask the host for its USB devices again (plugged in or out meanwhile)."""
        self._usb_unread = False
        try:
            devices = tuple(await self.session.settings.host_usb_devices())
        except KvmdeskError as error:
            self.usb.show_message(str(error), error=True)
            return
        attached = self.view.attached_usb if self.view is not None else ()
        self.usb.set_devices(devices, attached)

    def _show_nics(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        pending = self.session.nics.pending_restart(self.uuid)
        self.nics.set_nics(snapshot.nics, dict(self.session.networks), pending)

    def _show_pending(self) -> None:
        pending = self.session.settings.pending_restart(self.uuid)
        nic_pending = bool(self.session.nics.pending_restart(self.uuid))
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            waiting = nic_pending if key == NICS else key in pending
            item.setIcon(pending_restart_icon() if waiting else QIcon())
            item.setToolTip(safe_tooltip(self.tr("Takes effect after restart") if waiting else ""))
            page = self.pages[key]
            if isinstance(page, SectionPage | SharedFoldersPage | OtherDevicesPage | UsbPage):
                page.set_pending_restart(waiting)

    def _on_domains(self, _session: Session, snapshots: list[DomainSnapshot]) -> None:
        if any(snapshot.uuid == self.uuid for snapshot in snapshots):
            self._spawn(self.reload(force=False))

    def _on_removed(self, _session: Session, uuids: list[str]) -> None:
        if self.uuid in uuids:
            self.close()

    def _on_pending(self, _session: Session, uuid: str) -> None:
        if uuid == self.uuid:
            self._show_pending()
            self._show_nics()

    # ------------------------------------------------------------ applying

    def _done(
        self, page: SectionPage | SharedFoldersPage | OtherDevicesPage | UsbPage, result: Result
    ) -> None:
        text = result.describe().split(": ", 1)[-1]
        page.show_message(self.tr("Applied: %1").replace("%1", text))

    async def _apply(self, page: SectionPage) -> None:
        base, edited = page.base, page.value()
        try:
            result = await self.session.settings.apply(self.uuid, page.section, base, edited)
        except SettingsConflict as conflict:
            page.show_message(str(conflict), error=True)
            await self.reload()
            page.show_message(str(conflict), error=True)  # reload cleared it
            return
        except KvmdeskError as error:
            page.show_message(str(error), error=True)
            return
        await self.reload()
        self._done(page, result)

    async def _apply_disk(self) -> None:
        page = self.disks
        base = page.base
        if base is None:
            return
        try:
            result = await self.session.settings.edit_disk(self.uuid, base, page.value())
        except KvmdeskError as error:
            page.show_message(str(error), error=True)
            await self.reload()
            page.show_message(str(error), error=True)
            return
        await self.reload()
        self._done(page, result)

    async def _run(
        self,
        page: SectionPage | SharedFoldersPage | OtherDevicesPage | UsbPage,
        call: Callable[..., Any],
        *args: Any,
    ) -> None:
        try:
            result = await call(self.uuid, *args)
        except KvmdeskError as error:
            page.show_message(str(error), error=True)
            return
        await self.reload()
        self._done(page, result)

    async def _ask(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        try:
            return await run_dialog(dialog) == QDialog.DialogCode.Accepted
        finally:
            if self.dialog is dialog:
                self.dialog = None

    async def _add_disk(self) -> None:
        try:
            pools = await self.session.settings.storage_pools()
        except KvmdeskError:
            pools = []
        taken = tuple(disk.source for disk in self.disks.disks if disk.source)
        dialog = AddDiskDialog(pools, taken, self)
        if await self._ask(dialog):
            await self._run(self.disks, self.session.settings.add_disk, dialog.value())

    def _remove_disk(self, target: str) -> None:
        box = PlainMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove Disk"),
            self.tr("Remove the disk %1 from this VM? Its file or volume stays.").replace(
                "%1", target
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("removeDiskConfirmation")
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is remove:
                self._spawn(self._run(self.disks, self.session.settings.remove_disk, target))

        self.dialog = box
        run_dialog(box, answered)

    async def _resize_disk(self, target: str) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("resizeDialog")
        dialog.setWindowTitle(self.tr("Resize Disk"))
        dialog.setLabelText(
            self.tr("New size of %1 (e.g. 20G; disks only grow):").replace("%1", target)
        )
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        if not await self._ask(dialog):
            return
        try:
            size = parse_size_bytes(dialog.textValue())
        except ValueError as error:
            self.disks.show_message(str(error), error=True)
            return
        await self._run(self.disks, self.session.settings.resize_disk, target, size)

    async def _insert(self, target: str) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("insertDialog")
        dialog.setWindowTitle(self.tr("Insert Media"))
        dialog.setLabelText(self.tr("Image file to insert into %1:").replace("%1", target))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        if await self._ask(dialog):
            await self._run(
                self.disks, self.session.settings.change_media, target, dialog.textValue().strip()
            )

    async def _add_share(self) -> None:
        taken = tuple(share.tag for share in self.shares.shares)
        dialog = SharedFolderDialog(taken, self)
        if await self._ask(dialog):
            await self._run(self.shares, self.session.settings.add_shared_folder, dialog.value())


class SettingsWindows:
    """One settings window per VM, made on first use and raised after."""

    def __init__(self, parent: QWidget, nic_hooks: NicHooks | None = None) -> None:
        self._parent = parent
        self._nic_hooks = nic_hooks
        self.windows: dict[tuple[str, str], SettingsWindow] = {}

    def open(self, session: Session, uuid: str, section: str = "") -> SettingsWindow:
        key = (session.uri, uuid)
        window = self.windows.get(key)
        if window is None:
            window = SettingsWindow(session, uuid, self._nic_hooks, self._parent)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _obj=None, k=key: self.windows.pop(k, None))
            self.windows[key] = window
        if section:
            window.select_section(section)
        window.show()
        window.raise_()
        window.activateWindow()
        return window
