"""The "Network map" window of one connection: the picture, its toolbar, live updates.

The data is what the app already holds: the session's domain and network snapshots
(kept current by libvirt's events) and the host interfaces listed by the host-network
backend the host-interfaces window uses (:func:`~kvmdesk.core.hostnet.select.choose_backend`).
A burst of events becomes one relayout ``UPDATE_DELAY_MS`` later. Clicking a NIC, a
network or a bond calls back into the controller (:class:`MapActions`), which opens
the same editors the other windows open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QToolBar, QVBoxLayout, QWidget

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet.model import HostInterface
from kvmdesk.core.hostnet.select import choose_backend
from kvmdesk.core.hostnet.types import HostNetworkBackend
from kvmdesk.core.netmap.graph import Kind, NetGraph, build_graph
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.models.icons import ActionIcon, action_icon
from kvmdesk.models.labels import connection_title
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notifications import Level, NotificationArea
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.common.widgets import add_close_button
from kvmdesk.ui.netmap.export import export_png, export_svg
from kvmdesk.ui.netmap.scene import MapScene
from kvmdesk.ui.netmap.view import MapView

log = logging.getLogger(__name__)

OpenBackend = Callable[[Session, str | None], Awaitable[HostNetworkBackend]]
UPDATE_DELAY_MS = 100


@dataclass(frozen=True)
class MapActions:
    """What a click opens, given by the controller: ``(uuid, mac)``, a network, a bond."""

    edit_nic: Callable[[str, str], None]
    edit_network: Callable[[str], None]
    edit_bond: Callable[[str], None]


class NetworkMapWindow(QWidget):
    def __init__(
        self,
        session: Session,
        actions: MapActions,
        parent: QWidget | None = None,
        *,
        open_backend: OpenBackend = choose_backend,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.map_actions = actions
        self.setObjectName("networkMap")
        self.setWindowTitle(
            self.tr("Network map — %1").replace(
                "%1", safe_name(connection_title(session.uri, session.label))
            )
        )
        self.resize(1200, 760)
        self.interfaces: list[HostInterface] = []
        self.relayouts = 0
        self._open_backend = open_backend
        self._task_set = TaskSet(self._report)
        self._fitted = False
        self.scene = MapScene(self.font(), self)
        self.scene.node_activated.connect(self.activate)
        self.view = MapView(self.scene, self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        self._build()
        self._signals = (
            session.domains_upserted,
            session.domains_removed,
            session.networks_upserted,
            session.networks_removed,
        )
        for signal in self._signals:
            signal.connect(self._changed)
        session.state_changed.connect(self._on_state)
        self.destroyed.connect(lambda *_args: self._forget())
        self.rebuild()
        self._spawn(self.load_interfaces())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QToolBar(self)
        bar.setObjectName("networkMapToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def action(
            name: str, icon: ActionIcon, text: str, keys: list[QKeySequence], slot: Any
        ) -> QAction:
            made = QAction(action_icon(icon), text, self)
            made.setObjectName(name)
            made.setShortcuts(keys)
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(slot)
            bar.addAction(made)
            return made

        std = QKeySequence.StandardKey
        self.fit_action = action(
            "action_fit",
            ActionIcon.ZOOM_FIT,
            self.tr("&Fit to window"),
            [QKeySequence("Ctrl+0")],
            self.view.fit,
        )
        self.zoom_in_action = action(
            "action_zoom_in",
            ActionIcon.ZOOM_IN,
            self.tr("Zoom &in"),
            [QKeySequence(std.ZoomIn), QKeySequence("Ctrl+=")],
            self.view.zoom_in,
        )
        self.zoom_out_action = action(
            "action_zoom_out",
            ActionIcon.ZOOM_OUT,
            self.tr("Zoom &out"),
            [QKeySequence(std.ZoomOut)],
            self.view.zoom_out,
        )
        self.actual_size_action = action(
            "action_actual_size",
            ActionIcon.ZOOM_ORIGINAL,
            self.tr("&Actual size"),
            [QKeySequence("Ctrl+1")],
            self.view.reset_zoom,
        )
        bar.addSeparator()
        self.refresh_action = action(
            "action_refresh",
            ActionIcon.REFRESH,
            self.tr("&Refresh host interfaces"),
            [QKeySequence(std.Refresh)],
            lambda: self._spawn(self.load_interfaces()),
        )
        bar.addSeparator()
        self.export_svg_action = action(
            "action_export_svg",
            ActionIcon.EXPORT_VECTOR,
            self.tr("Export &SVG…"),
            [],
            lambda: self._ask_export("svg"),
        )
        self.export_png_action = action(
            "action_export_png",
            ActionIcon.EXPORT_IMAGE,
            self.tr("Export &PNG…"),
            [],
            lambda: self._ask_export("png"),
        )
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        self.notifications = NotificationArea(self)
        layout.addWidget(self.notifications)
        bottom = QHBoxLayout()
        self.status = PlainLabel("", self)
        self.status.setObjectName("networkMapStatus")
        bottom.addWidget(self.status, 1)
        self.close_button = add_close_button(bottom, self)
        layout.addLayout(bottom)

    # ------------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        title = self.tr("Network map") if expected else self.tr("Unexpected error")
        self.notifications.notify(title, message, Level.ERROR)

    async def wait_idle(self) -> None:
        await self._task_set.wait_idle()

    def _forget(self) -> None:
        for signal in self._signals:
            with contextlib.suppress(ValueError):
                signal.disconnect(self._changed)
        with contextlib.suppress(ValueError):
            self.session.state_changed.disconnect(self._on_state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self._forget()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light ↔ dark: the named colours again
            self.scene.setPalette(self.palette())
            self.scene.refresh_colours()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self.view.fit)

    # -------------------------------------------------------------- updates

    def _changed(self, *_args: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _on_state(self, _session: Session) -> None:
        self._changed()
        if self.session.connected and not self.interfaces:
            self._spawn(self.load_interfaces())

    @property
    def pending(self) -> bool:
        """Whether a change waits for its relayout."""
        return self._timer.isActive()

    def graph(self) -> NetGraph:
        return build_graph(self.session.domains.values(), self.session.networks, self.interfaces)

    def rebuild(self) -> None:
        self._timer.stop()
        graph = self.graph()
        self.scene.show_graph(graph)
        self.relayouts += 1
        vms = sum(1 for n in graph.nodes if n.kind is Kind.VM)
        networks = sum(1 for n in graph.nodes if n.kind is Kind.NETWORK)
        ports = sum(1 for n in graph.nodes if n.kind is Kind.PORT)
        self.status.setText(
            self.tr("%1 VMs, %2 networks, %3 host ports. Click a NIC, network or bond to edit it.")
            .replace("%1", str(vms))
            .replace("%2", str(networks))
            .replace("%3", str(ports))
        )

    async def load_interfaces(self) -> None:
        if not self.session.connected:
            return
        try:
            backend = await self._open_backend(self.session, None)
            self.interfaces = await backend.list_interfaces()
        except KvmdeskError as error:
            self.interfaces = []
            self.notifications.notify(
                self.tr("Host interfaces are not shown"), str(error), Level.WARNING
            )
        self.rebuild()

    # ------------------------------------------------------------- clicking

    def activate(self, node_id: str) -> None:
        """Open the editor of the NIC, network or bond ``node_id`` stands for."""
        node = self.scene.graph.by_id().get(node_id)
        if node is None:
            return
        if node.kind is Kind.NIC:
            self.map_actions.edit_nic(node.uuid, node.mac)
        elif node.kind is Kind.NETWORK and node.known:
            self.map_actions.edit_network(node.name)
        elif node.kind is Kind.BOND:
            self.map_actions.edit_bond(node.name)

    # ------------------------------------------------------------- exporting

    def _ask_export(self, kind: str) -> None:
        if kind == "svg":
            caption, pattern = self.tr("Export the map as SVG"), self.tr("SVG images (*.svg)")
        else:
            caption, pattern = self.tr("Export the map as PNG"), self.tr("PNG images (*.png)")
        dialog = QFileDialog(self, caption)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(pattern)
        dialog.setDefaultSuffix(kind)
        dialog.selectFile(f"network-map.{kind}")
        dialog.setObjectName("exportDialog")
        self.export_dialog = dialog

        def chosen(path: str) -> None:
            self.export(Path(path))

        dialog.fileSelected.connect(chosen)
        dialog.open()

    def export(self, path: Path) -> None:
        """Write the map to ``path`` (SVG or PNG by its suffix); failures are notified."""
        try:
            if path.suffix.lower() == ".svg":
                export_svg(self.scene, path, self.windowTitle())
            else:
                export_png(self.scene, path)
        except KvmdeskError as error:
            self.notifications.notify(self.tr("Export failed"), str(error), Level.ERROR)
            return
        self.notifications.notify(
            self.tr("Map exported"), self.tr("Saved to %1").replace("%1", str(path)), Level.INFO
        )
