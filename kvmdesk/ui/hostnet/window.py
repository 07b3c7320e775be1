"""The host interfaces of one connection: a tree of ethernet, bridges, bonds and VLANs.

Shows which backend manages them (libvirt's interface API or NetworkManager; the user
can switch when both are possible), says why when that backend is read-only, and
creates, edits and deletes bonds, bridges and VLANs. Every change goes through
:class:`~kvmdesk.ui.hostnet.apply_flow.SafeApplyFlow`: preview, apply, and keep only what the
user confirms before the countdown ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import nm_backend
from kvmdesk.core.hostnet.connection_traffic import uses_local_host
from kvmdesk.core.hostnet.merge import merge_bond_edit
from kvmdesk.core.hostnet.model import (
    BondSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    HostChange,
    HostInterface,
    bond_spec_for_edit,
    find_interface,
)
from kvmdesk.core.hostnet.select import choose_backend
from kvmdesk.core.hostnet.types import DEFAULT_ROLLBACK_TIMEOUT_S, BackendKind, HostNetworkBackend
from kvmdesk.core.hostnet.validation import validate_delete
from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.host_interface_model import HostInterfaceTreeModel, InterfaceRole
from kvmdesk.models.labels import connection_title
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line, safe_name, safe_tooltip
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.conflict_dialog import ask_resolution
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notifications import Level, NotificationArea, Notify
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.hostnet.apply_flow import SafeApplyFlow
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.changes import DeleteConfirmation
from kvmdesk.ui.hostnet.interface_dialogs import BridgeDialog, VlanDialog

log = logging.getLogger(__name__)

OpenBackend = Callable[[Session, str | None], Awaitable[HostNetworkBackend]]
BACKEND_LABELS: dict[str, str] = {"libvirt": "libvirt", "nm": "NetworkManager"}
MAX_COUNTDOWN_S = 600

DialogT = TypeVar("DialogT", bound=QDialog)


def _forget(session: Session, slot: Callable[[Session], None]) -> None:
    with contextlib.suppress(ValueError):  # already disconnected
        session.state_changed.disconnect(slot)


class HostInterfacesWindow(QWidget):
    """One window per connection. ``countdown_s`` is the default confirmation time;
    ``open_backend`` picks the backend (core's :func:`choose_backend`; tests may pass
    one that opens a read-only backend); ``fallback_notify`` reports outcomes that end
    after the window was closed (the main window's notifications)."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        countdown_s: float = DEFAULT_ROLLBACK_TIMEOUT_S,
        open_backend: OpenBackend = choose_backend,
        fallback_notify: Notify | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.setObjectName("hostInterfaces")
        self.setWindowTitle(
            self.tr("Host interfaces — %1").replace(
                "%1", safe_name(connection_title(session.uri, session.label))
            )
        )
        self.resize(1100, 480)
        self.countdown_s = countdown_s
        self.backend: HostNetworkBackend | None = None
        self.interfaces: list[HostInterface] = []
        self.dialog: QDialog | None = None  # the bond/bridge/VLAN dialog while open
        self.delete_box: DeleteConfirmation | None = None
        self._open_backend = open_backend
        self._fallback_notify = fallback_notify
        self._kinds: list[BackendKind] = []
        self._busy = False
        self._loading = False
        self._override: str | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing: asyncio.Future[None] | None = None
        self._task_set = TaskSet(self._report)
        self.safe_apply = SafeApplyFlow(self, self._notify)
        self.model = HostInterfaceTreeModel(self)
        self._build()
        slot = self._on_session_state
        session.state_changed.connect(slot)
        # Destroyed with its parent (no closeEvent): the session must not call a dead window.
        self.destroyed.connect(lambda *_args: _forget(session, slot))
        self._update_buttons()
        self._spawn(self._load_backend(None))
        name_controls(self)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(PlainLabel(self.tr("Backend:"), self))
        self.backend_label = PlainLabel(self.tr("(opening…)"), self)
        self.backend_label.setObjectName("backendLabel")
        top.addWidget(self.backend_label)
        self.backend_combo = QComboBox(self)
        self.backend_combo.setObjectName("backendCombo")
        self.backend_combo.setToolTip(
            safe_tooltip(self.tr("Which service applies changes on this host"))
        )
        self.backend_combo.setVisible(False)
        self.backend_combo.activated.connect(self._backend_chosen)
        top.addWidget(self.backend_combo)
        top.addStretch(1)
        top.addWidget(PlainLabel(self.tr("Confirm changes within:"), self))
        self.countdown_spin = QSpinBox(self)
        self.countdown_spin.setObjectName("countdownSetting")
        self.countdown_spin.setRange(1, MAX_COUNTDOWN_S)
        self.countdown_spin.setSuffix(" s")
        self.countdown_spin.setValue(max(1, round(self.countdown_s)))
        self.countdown_spin.valueChanged.connect(self._countdown_changed)
        top.addWidget(self.countdown_spin)
        layout.addLayout(top)
        self.read_only_banner = PlainLabel(self)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_banner.setStyleSheet(
            f"background: {Colour.BANNER_BACKGROUND.hex()}; color: {Colour.BANNER_TEXT.hex()}; "
            f"border: 1px solid {Colour.WARNING.hex()}; padding: 6px;"
        )
        self.read_only_banner.setVisible(False)
        layout.addWidget(self.read_only_banner)
        self.view = QTreeView(self)
        self.view.setObjectName("hostInterfaceView")
        self.view.setAccessibleName(self.tr("Host interfaces"))
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self.view.expandAll)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.new_bond_button = QPushButton(self.tr("New bond…"), self)
        self.new_bridge_button = QPushButton(self.tr("New bridge…"), self)
        self.new_vlan_button = QPushButton(self.tr("New VLAN…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        # The buttons that change the host: their tooltip says why when read-only.
        self._change_buttons = (
            self.new_bond_button,
            self.new_bridge_button,
            self.new_vlan_button,
            self.edit_button,
            self.delete_button,
        )
        for button in self._change_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.close_button = add_close_button(buttons, self)
        layout.addLayout(buttons)
        self.notifications = NotificationArea(self)
        layout.addWidget(self.notifications)
        self.new_bond_button.clicked.connect(self.new_bond)
        self.new_bridge_button.clicked.connect(self.new_bridge)
        self.new_vlan_button.clicked.connect(self.new_vlan)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.refresh_button.clicked.connect(lambda: self._spawn(self.refresh()))

    # ------------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = self._task_set.spawn(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _report(self, expected: bool, message: str) -> None:
        title = (
            self.tr("Host network operation failed") if expected else self.tr("Unexpected error")
        )
        self._notify(title, message, Level.ERROR)

    def _notify(self, title: str, message: str, level: Level) -> None:
        if not self.isVisible() and self._fallback_notify is not None:
            self._fallback_notify(title, message, level)
            return
        self.notifications.notify(title, message, level)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing is "no": open dialogs are rejected, a pending change rolls back. The
        # window only goes away once that has finished, so its outcome is reported.
        for dialog in (
            self.dialog,
            self.delete_box,
            self.safe_apply.preview_dialog,
            self.safe_apply.confirm_dialog,
        ):
            if dialog is not None and dialog.isVisible():
                dialog.reject()
        if self._tasks:
            event.ignore()
            self.hide()
            self._closing = asyncio.ensure_future(self._close_when_idle())
            return
        _forget(self.session, self._on_session_state)
        super().closeEvent(event)

    async def _close_when_idle(self) -> None:
        await self.wait_idle()
        self.close()

    def _on_session_state(self, _session: Session) -> None:
        # Opened while disconnected (or the backend failed): try again once connected.
        if self.session.connected and self.backend is None and not self._loading:
            self._spawn(self._load_backend(self._override))
        self._update_buttons()

    def _countdown_changed(self, value: int) -> None:
        self.countdown_s = float(value)

    # -------------------------------------------------------------- backend

    @property
    def writable(self) -> bool:
        return (
            self.backend is not None
            and self.backend.read_only_reason is None
            and self.session.connected
            and not self._busy
        )

    async def _available_kinds(self) -> list[BackendKind]:
        kinds: list[BackendKind] = ["libvirt"]
        if uses_local_host(self.session.uri):
            try:
                if await nm_backend.nm_available():
                    kinds.append("nm")
            except Exception as error:  # NetworkManager misbehaving must not hide libvirt
                log.info("NetworkManager not available: %s", error)
        return kinds

    async def _load_backend(self, override: str | None) -> None:
        self.backend = None
        self._override = override
        self._loading = True
        self._update_buttons()
        try:
            self._kinds = await self._available_kinds()
            self.backend = await self._open_backend(self.session, override)
        except BaseException:
            self.backend_label.setText(self.tr("(unavailable)"))
            raise
        finally:
            self._loading = False
        self._show_backend()
        await self.refresh()

    def _show_backend(self) -> None:
        backend = self.backend
        if backend is None:
            return
        self.backend_label.setText(BACKEND_LABELS.get(backend.kind, backend.kind))
        self.backend_combo.blockSignals(True)
        self.backend_combo.clear()
        for kind in self._kinds:
            self.backend_combo.addItem(safe_line(BACKEND_LABELS[kind]), kind)
        self.backend_combo.setCurrentIndex(max(self.backend_combo.findData(backend.kind), 0))
        self.backend_combo.blockSignals(False)
        self.backend_combo.setVisible(len(self._kinds) > 1)
        reason = backend.read_only_reason
        self.read_only_banner.setText(
            self.tr("Read-only: %1").replace("%1", reason) if reason else ""
        )
        self.read_only_banner.setVisible(reason is not None)
        self._update_buttons()

    def _backend_chosen(self, _row: int) -> None:
        kind = self.backend_combo.currentData()
        if self.backend is not None and kind != self.backend.kind:
            self._spawn(self._load_backend(kind))

    @property
    def backend_label_text(self) -> str:
        return BACKEND_LABELS.get(self.backend.kind, "") if self.backend is not None else ""

    # -------------------------------------------------------------- listing

    async def refresh(self) -> None:
        if self.backend is None or not self.session.connected:
            return
        selected = self.selected()
        self.interfaces = await self.backend.list_interfaces()
        self.model.set_interfaces(self.interfaces)
        if selected is not None:
            self.select(selected.name)
        self._update_buttons()

    def selected(self) -> HostInterface | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        interface = rows[0].data(InterfaceRole.INTERFACE)
        return interface if isinstance(interface, HostInterface) else None

    def select(self, name: str) -> None:
        index = self.model.index_of(name)
        if index.isValid():
            self.view.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)

    def _bond_to_edit(self, interface: HostInterface | None) -> HostInterface | None:
        """The selected bond, or the bond under a selected bridge-over-bond."""
        if interface is None:
            return None
        if interface.kind == "bond":
            return interface
        if interface.kind == "bridge" and len(interface.ports) == 1:
            port = find_interface(self.interfaces, interface.ports[0])
            if port is not None and port.kind == "bond":
                return port
        return None

    def _update_buttons(self, *_args: object) -> None:
        writable = self.writable
        selected = self.selected()
        for button in (self.new_bond_button, self.new_bridge_button, self.new_vlan_button):
            button.setEnabled(writable)
        caps = self.backend.capabilities if self.backend is not None else None
        self.new_vlan_button.setEnabled(writable and caps is not None and caps.supports_vlan)
        self.edit_button.setEnabled(writable and self._bond_to_edit(selected) is not None)
        self.delete_button.setEnabled(
            writable and selected is not None and selected.kind in ("bond", "bridge", "vlan")
        )
        self.refresh_button.setEnabled(self.backend is not None and self.session.connected)
        self.backend_combo.setEnabled(not self._busy)
        reason = self.backend.read_only_reason if self.backend is not None else None
        tip = reason or ""
        for button in self._change_buttons:
            button.setToolTip(safe_tooltip(tip))

    # -------------------------------------------------------------- changes

    async def _apply(self, change: HostChange) -> None:
        backend = self.backend
        if backend is None:
            return
        self._busy = True
        self._update_buttons()
        try:
            result = await self.safe_apply.run(
                self.session,
                backend,
                change,
                self.interfaces,
                countdown_s=self.countdown_s,
                backend_label=BACKEND_LABELS.get(backend.kind, backend.kind),
            )
        finally:
            self._busy = False
            self._update_buttons()
        await self.refresh()
        if result is not None and result.outcome.committed:
            self.select(change.target)

    async def _edit_in(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        try:
            return await run_dialog(dialog) == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None

    def _dialog_args(self) -> dict[str, Any]:
        assert self.backend is not None
        return {"capabilities": self.backend.capabilities, "parent": self}

    def _create_with(
        self,
        make_dialog: Callable[[], DialogT],
        change_of: Callable[[DialogT], HostChange],
    ) -> None:
        """Unless read-only: ask in the dialog ``make_dialog`` builds, then apply its change."""
        if self.writable:
            self._spawn(self._create(make_dialog, change_of))

    async def _create(
        self,
        make_dialog: Callable[[], DialogT],
        change_of: Callable[[DialogT], HostChange],
    ) -> None:
        dialog = make_dialog()
        if await self._edit_in(dialog):
            await self._apply(change_of(dialog))

    def new_bond(self) -> None:
        self._create_with(
            lambda: BondDialog(
                self.interfaces, backend_label=self.backend_label_text, **self._dialog_args()
            ),
            lambda dialog: CreateBond(dialog.value()),
        )

    def new_bridge(self) -> None:
        self._create_with(
            lambda: BridgeDialog(self.interfaces, **self._dialog_args()),
            lambda dialog: CreateBridge(dialog.value()),
        )

    def new_vlan(self) -> None:
        self._create_with(
            lambda: VlanDialog(self.interfaces, **self._dialog_args()),
            lambda dialog: CreateVlan(dialog.value()),
        )

    def edit_selected(self) -> None:
        bond = self._bond_to_edit(self.selected())
        if bond is None or not self.writable:
            return
        current = bond_spec_for_edit(self.interfaces, bond.name)
        if current is None:
            self._notify(
                self.tr("Cannot edit %1").replace("%1", bond.name),
                self.tr("The backend does not describe this bond's settings."),
                Level.WARNING,
            )
            return
        self._spawn(self._edit_bond(current))

    async def _edit_bond(self, current: BondSpec) -> None:
        dialog = BondDialog(
            self.interfaces,
            backend_label=self.backend_label_text,
            current=current,
            **self._dialog_args(),
        )
        if not await self._edit_in(dialog):
            return
        spec = dialog.value()
        if spec == current:
            return
        merged = await self._merge_bond_edit(current, spec)
        if merged is not None:
            await self._apply(EditBond(merged))

    async def _merge_bond_edit(self, base: BondSpec, mine: BondSpec) -> BondSpec | None:
        """The user's changes onto the bond as it is now; None when it is gone or cancelled."""
        resolution: dict[str, Side] | None = None
        while True:
            await self.refresh()
            theirs = bond_spec_for_edit(self.interfaces, base.name)
            if theirs is None:
                self._notify(
                    self.tr("Cannot change %1").replace("%1", base.name),
                    self.tr("The bond was removed meanwhile; nothing was changed."),
                    Level.WARNING,
                )
                return None
            try:
                return merge_bond_edit(base, mine, theirs, resolution)
            except EditConflict as conflict:
                what = self.tr("the bond %1").replace("%1", base.name)
                resolution = await ask_resolution(conflict, self._bond_labels(), what, self)
                if resolution is None:
                    return None

    def _bond_labels(self) -> dict[str, str]:
        return {
            "mode": self.tr("Mode"),
            "ports": self.tr("Ports"),
            "primary": self.tr("Primary port"),
            "monitoring": self.tr("Link monitoring"),
            "lacp_rate": self.tr("LACP rate"),
            "xmit_hash_policy": self.tr("Transmit hash policy"),
            "ip": self.tr("IP configuration"),
            "mtu": self.tr("MTU"),
            "bridge": self.tr("Bridge for virtual machines"),
            "start_mode": self.tr("Start mode"),
        }

    def delete_selected(self) -> None:
        interface = self.selected()
        if interface is None or not self.writable:
            return
        try:
            validate_delete(interface.name, self.interfaces)
        except BadInput as error:
            self._notify(
                self.tr("Cannot delete %1").replace("%1", interface.name), str(error), Level.WARNING
            )
            return
        self._spawn(self._delete(interface))

    async def _delete(self, interface: HostInterface) -> None:
        box = DeleteConfirmation(
            interface, self.model.kind_label(interface), self.interfaces, parent=self
        )
        self.delete_box = box
        try:
            await run_dialog(box)
            confirmed = box.confirmed
        finally:
            self.delete_box = None
        if confirmed:
            await self._apply(DeleteInterface(interface.name))
