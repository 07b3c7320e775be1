"""One VM's tab in the console window: its Screen and Serial views, and its shut-off state.

The tab follows the VM through the session's signals: while it runs, the views are
shown and kept connected (each view reconnects by itself after a reboot); when it stops,
the tab says "Shut off" and offers Start; when it is undefined, the tab says so. Which
view comes first is decided once, from what the VM has: the Screen when it has a VNC
display, else the Serial console (the tests' tiny guests, many servers).
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.console.plan import ConsoleUnavailable
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.models.labels import domain_state_label
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.console.screen_page import ScreenPage
from kvmdesk.ui.console.serial_page import SerialPage

log = logging.getLogger(__name__)

VIEWS, STOPPED = 0, 1


class VmConsoleTab(QWidget):
    """Screen + Serial of one VM, or its shut-off page."""

    title_changed = Signal()
    status_changed = Signal()

    def __init__(self, session: Session, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vmConsoleTab")
        self.session = session
        self.uuid = uuid
        snapshot = session.domains.get(uuid)
        self.name = snapshot.name if snapshot is not None else uuid
        self._tasks = TaskSet(self._report)
        self._running: bool | None = None
        self._first_view_chosen = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)

        self.views = QTabWidget(self.stack)
        self.views.setObjectName("consoleViews")
        self.views.setDocumentMode(True)
        self.views.setTabPosition(QTabWidget.TabPosition.South)
        self.screen_page = ScreenPage(session, uuid, self.views)
        self.serial = SerialPage(session, uuid, self.views)
        self.views.addTab(self.screen_page, self.tr("Screen"))
        self.views.addTab(self.serial, self.tr("Serial"))
        self.views.currentChanged.connect(lambda _index: self.status_changed.emit())
        self.serial.state_changed.connect(self.status_changed)
        self.screen_page.state_changed.connect(self.status_changed)
        self.stack.addWidget(self.views)

        stopped = QWidget(self.stack)
        stopped.setObjectName("stoppedPage")
        box = QVBoxLayout(stopped)
        box.addStretch(1)
        self.stopped_label = PlainLabel(stopped)
        self.stopped_label.setObjectName("stoppedLabel")
        self.stopped_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.stopped_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.stopped_label.setFont(font)
        self.stopped_detail = PlainLabel(stopped)
        self.stopped_detail.setObjectName("stoppedDetail")
        self.stopped_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stopped_detail.setWordWrap(True)
        self.start_button = QPushButton(self.tr("&Start"), stopped)
        self.start_button.setObjectName("startButton")
        self.start_button.clicked.connect(self.start_vm)
        box.addWidget(self.stopped_label)
        box.addWidget(self.stopped_detail)
        box.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.stack.addWidget(stopped)

        session.domains_upserted.connect(self._on_upserted)
        session.domains_removed.connect(self._on_removed)
        session.state_changed.connect(self._on_session_state)
        # When the tab goes (its window closed, the app quitting), nothing may reach its
        # deleted widgets: the session stops calling it and its tasks are cancelled.
        tasks = self._tasks
        upserted, removed, state = self._on_upserted, self._on_removed, self._on_session_state

        def detach() -> None:
            tasks.cancel_all()
            # close_console() may have let go already.
            with contextlib.suppress(ValueError):
                session.domains_upserted.disconnect(upserted)
            with contextlib.suppress(ValueError):
                session.domains_removed.disconnect(removed)
            with contextlib.suppress(ValueError):
                session.state_changed.disconnect(state)

        self.destroyed.connect(detach)
        self._follow(session.domains.get(uuid))

    # ------------------------------------------------------------- following

    def _report(self, _expected: bool, message: str) -> None:
        self.stopped_detail.setText(message)

    def _on_upserted(self, _session: Session, snapshots: list[DomainSnapshot]) -> None:
        for snapshot in snapshots:
            if snapshot.uuid == self.uuid:
                self._follow(snapshot)

    def _on_removed(self, _session: Session, uuids: list[str]) -> None:
        if self.uuid in uuids and self.session.state is ConnectionState.CONNECTED:
            self._show_stopped(self.tr("The VM no longer exists"), "", can_start=False)

    def _on_session_state(self, session: Session) -> None:
        if session.state is ConnectionState.CONNECTED:
            self._follow(session.domains.get(self.uuid))
        elif session.state in (ConnectionState.RECONNECTING, ConnectionState.ERROR):
            self._running = None
            self._stop_views()
            self._show_stopped(self.tr("Connection lost"), session.message, can_start=False)

    def _follow(self, snapshot: DomainSnapshot | None) -> None:
        if snapshot is None:
            return
        self.name = snapshot.name
        running = snapshot.state.is_active
        self.title_changed.emit()
        if running == self._running:
            return
        self._running = running
        if running:
            self.stack.setCurrentIndex(VIEWS)
            self.screen_page.start()
            self.serial.start()
            if not self._first_view_chosen:
                self._tasks.spawn(self._choose_first_view())
        else:
            self._stop_views()
            self._show_stopped(domain_state_label(snapshot.state), "", can_start=True)
        self.status_changed.emit()

    def _stop_views(self) -> None:
        self.screen_page.stop()
        self.serial.stop()

    def _show_stopped(self, title: str, detail: str, *, can_start: bool) -> None:
        self.stopped_label.setText(title)
        self.stopped_detail.setText(detail)
        self.start_button.setVisible(can_start)
        self.start_button.setEnabled(can_start)
        self.stack.setCurrentIndex(STOPPED)
        self.status_changed.emit()

    async def _choose_first_view(self) -> None:
        """The Screen when the VM has a usable display, else its Serial console."""
        try:
            await self.session.consoles.graphics_plan(self.uuid)
        except ConsoleUnavailable:
            self.views.setCurrentWidget(self.serial)
        except KvmdeskError:
            return
        self._first_view_chosen = True

    # ----------------------------------------------------------------- actions

    @property
    def running(self) -> bool:
        return bool(self._running)

    @property
    def showing_stopped(self) -> bool:
        return self.stack.currentIndex() == STOPPED

    def start_vm(self) -> None:
        self.start_button.setEnabled(False)
        self.stopped_detail.setText(self.tr("Starting…"))
        self._tasks.spawn(self._start())

    async def _start(self) -> None:
        try:
            await self.session.lifecycle.perform(self.uuid, DomainAction.START)
        except KvmdeskError as error:
            self.stopped_detail.setText(str(error))
            self.start_button.setEnabled(True)

    def show_serial(self) -> None:
        self.views.setCurrentWidget(self.serial)

    def show_screen(self) -> None:
        self.views.setCurrentWidget(self.screen_page)

    @property
    def showing_serial(self) -> bool:
        return self.views.currentWidget() is self.serial

    async def wait_idle(self) -> None:
        await self._tasks.wait_idle()
        await self.serial.wait_idle()
        await self.screen_page.wait_idle()

    def close_console(self) -> None:
        """Close both views and stop following the session (the tab is going)."""
        self._stop_views()
        self.session.domains_upserted.disconnect(self._on_upserted)
        self.session.domains_removed.disconnect(self._on_removed)
        self.session.state_changed.disconnect(self._on_session_state)
