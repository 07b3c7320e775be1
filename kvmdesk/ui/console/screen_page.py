"""The Screen view of a VM's console tab: the VNC view on the socket ``session.consoles`` opens.

The page asks the session for the route (graphics FD, ssh tunnel or direct), attaches the
:class:`~kvmdesk.ui.console.vnc_view.VncView` to the socket with the password from the
domain XML when readable, asks the user when the server wants one it does not have, and
connects again by itself when the connection ends while the VM still runs (a reboot, a
QEMU restart). When the VM has no reachable screen the page says why, in words.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.console.plan import ConsoleUnavailable, GraphicsPlan
from kvmdesk.core.console.service import GraphicsConnection
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.console.messages import graphics_problem, route_text
from kvmdesk.ui.console.vnc_view import ScaleMode, VncView

log = logging.getLogger(__name__)

RECONNECT_DELAY_MS = 1000
MAX_QUICK_RETRIES = 5  # then slower: a VM whose VNC keeps failing is not hammered
SLOW_RETRY_MS = 5000


def save_png(image: QImage, path: str) -> bool:
    """Write ``image`` as PNG whatever the file's name ends with; False when it cannot."""
    return not image.isNull() and QImageWriter(path, b"png").write(image)


class ScreenPage(QWidget):
    """The VM's screen, or why there is none."""

    state_changed = Signal()

    def __init__(self, session: Session, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenPage")
        self.session = session
        self.uuid = uuid
        self._tasks = TaskSet(self._report)
        self._wanted = False
        self._opening = False
        self._connection: GraphicsConnection | None = None
        self._plan: GraphicsPlan | None = None
        self._password: str | None = None
        self._retries = 0
        self._first_frame: asyncio.Future[QImage] | None = None
        self._has_frame = False
        self.available = True
        self.clipboard_sync = True
        self.message = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self.view = VncView(self.stack)
        self.view.setObjectName("vncView")
        self.notice = PlainLabel(self.stack)
        self.notice.setObjectName("screenNotice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setMargin(24)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack.addWidget(self.notice)
        self.stack.addWidget(self.view)

        self.view.connected.connect(self._on_connected)
        self.view.firstFrame.connect(self._on_first_frame)
        self.view.disconnected.connect(self._on_disconnected)
        self.view.passwordRequired.connect(self._on_password_required)
        self.view.passwordRejected.connect(self._on_password_rejected)
        self.view.statsChanged.connect(self.state_changed)
        self.view.resized.connect(lambda _w, _h: self.state_changed.emit())
        self.view.keyboardGrabChanged.connect(lambda _on: self.state_changed.emit())
        self.view.clipboardReceived.connect(self._on_clipboard)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._open_again)
        self._show_notice(self.tr("Not connected"))

    # ----------------------------------------------------------------- state

    @property
    def connected(self) -> bool:
        return self.view.is_attached() and self._has_frame

    @property
    def plan(self) -> GraphicsPlan | None:
        return self._plan

    def _show_notice(self, text: str) -> None:
        self.message = text
        self.notice.setText(text)
        self.stack.setCurrentWidget(self.notice)
        self.state_changed.emit()

    def _report(self, _expected: bool, message: str) -> None:
        self._show_notice(message)

    def status_text(self) -> str:
        """Resolution, encoding, latency, frame rate and the path, for the status line."""
        if not self.view.is_attached() or self._plan is None:
            return self.message
        stats = self.view.stats()
        parts = [
            self.tr("%1 × %2").replace("%1", str(stats.width)).replace("%2", str(stats.height))
        ]
        if stats.encoding:
            parts.append(stats.encoding)
        parts.append(self.tr("%1 ms").replace("%1", f"{stats.latency_ms:.0f}"))
        parts.append(self.tr("%1 frames/s").replace("%1", f"{stats.fps:.0f}"))
        parts.append(
            route_text(self._plan.route, self._plan.target, read_only=self._plan.read_only)
        )
        if self.view.keyboard_grabbed():
            parts.append(self.view.release_hint())
        return " · ".join(parts)

    async def wait_idle(self) -> None:
        await self._tasks.wait_idle()

    # ------------------------------------------------------------ open/close

    def start(self) -> None:
        self._wanted = True
        if not self.view.is_attached() and not self._opening:
            self._tasks.spawn(self._open())

    def stop(self) -> None:
        self._wanted = False
        self._retry.stop()
        self._close_connection()
        self._show_notice(self.tr("Not connected"))

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        self._has_frame = False
        self.view.detach()
        if connection is not None:
            self._tasks.spawn(self.session.consoles.close_graphics(connection))

    def _open_again(self) -> None:
        if self._wanted:
            self.start()

    async def _open(self) -> None:
        self._opening = True
        self._show_notice(self.tr("Connecting to the screen…"))
        try:
            connection = await self.session.consoles.open_graphics(self.uuid)
        except ConsoleUnavailable as error:
            self.available = False
            self._plan = None
            self._show_notice(graphics_problem(error.problem, error.params))
            self._fail_first_frame(LibvirtFailure(self.message))
            return
        except KvmdeskError as error:
            self._show_notice(self.tr("The screen cannot be opened: %1").replace("%1", str(error)))
            self._fail_first_frame(error)
            self._schedule_retry()
            return
        finally:
            self._opening = False
        if not self._wanted:
            connection.socket.close()
            await self.session.consoles.close_graphics(connection)
            return
        self.available = True
        self._connection = connection
        self._plan = connection.plan
        self.view.attach(connection.socket, password=self._password or connection.password)
        self._show_notice(
            self.tr("Connecting to the screen (%1)…").replace(
                "%1",
                route_text(
                    connection.plan.route,
                    connection.plan.target,
                    read_only=connection.plan.read_only,
                ),
            )
        )

    def _schedule_retry(self) -> None:
        if not self._wanted:
            return
        self._retries += 1
        delay = RECONNECT_DELAY_MS if self._retries <= MAX_QUICK_RETRIES else SLOW_RETRY_MS
        self._retry.start(delay)

    # ------------------------------------------------------------ the view

    def _on_connected(self, _name: str, _width: int, _height: int) -> None:
        self.state_changed.emit()

    def _on_first_frame(self) -> None:
        self._has_frame = True
        self._retries = 0
        self.stack.setCurrentWidget(self.view)
        self.message = ""
        if self._first_frame is not None and not self._first_frame.done():
            self._first_frame.set_result(self.view.framebuffer())
        self.state_changed.emit()

    def _on_disconnected(self, reason: str) -> None:
        if not reason:
            return  # our own detach()
        connection, self._connection = self._connection, None
        self._has_frame = False
        said = connection.failure() if connection is not None else ""
        if connection is not None:
            self._tasks.spawn(self.session.consoles.close_graphics(connection))
        text = said or reason
        self._show_notice(self.tr("The screen's connection ended: %1").replace("%1", text))
        self._fail_first_frame(LibvirtFailure(text))
        self._schedule_retry()

    def _on_password_required(self) -> None:
        self._password_wanted(self.tr("The VM's screen asks for a VNC password."), rejected=False)

    def _on_password_rejected(self, reason: str) -> None:
        # Never again with the same password: ask (a wrong one is not retried by itself).
        self._password = None
        if reason:
            notice = self.tr("The VNC server did not accept the password: %1").replace("%1", reason)
        else:
            notice = self.tr("The VNC server did not accept the password.")
        self._password_wanted(notice, rejected=True)

    def _password_wanted(self, notice: str, *, rejected: bool) -> None:
        connection, self._connection = self._connection, None
        self._has_frame = False
        if connection is not None:
            self._tasks.spawn(self.session.consoles.close_graphics(connection))
        self._show_notice(notice)
        if self._first_frame is not None and not self._first_frame.done():
            self._fail_first_frame(LibvirtFailure(notice))
            return  # a script waiting for a frame cannot type one
        self._tasks.spawn(self._ask_password(rejected))

    async def _ask_password(self, rejected: bool = False) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("vncPasswordDialog")
        dialog.setWindowTitle(self.tr("VNC password"))
        if rejected:
            label = self.tr(
                "The password was not accepted. Try again.\nPassword for the screen of this VM:"
            )
        else:
            label = self.tr("Password for the screen of this VM:")
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            self._show_notice(self.tr("No password given: the screen stays closed."))
            return
        self._password = dialog.textValue()
        if self._wanted:
            self.start()

    def _on_clipboard(self, text: str) -> None:
        if self.clipboard_sync:
            QGuiApplication.clipboard().setText(text)

    # --------------------------------------------------------------- for scripts

    def first_frame(self) -> asyncio.Future[QImage]:
        """The framebuffer once the first complete frame is in (fails with the reason)."""
        loop = asyncio.get_event_loop()
        future: asyncio.Future[QImage] = loop.create_future()
        if self._has_frame:
            future.set_result(self.view.framebuffer())
        elif not self.available and self.message:
            future.set_exception(LibvirtFailure(self.message))
        else:
            self._first_frame = future
        return future

    def _fail_first_frame(self, error: Exception) -> None:
        future, self._first_frame = self._first_frame, None
        if future is not None and not future.done():
            future.set_exception(
                LibvirtFailure(str(error)) if not isinstance(error, KvmdeskError) else error
            )

    # ---------------------------------------------------------------- actions

    def set_scale_mode(self, mode: ScaleMode, zoom: float = 1.0) -> None:
        self.view.set_scale_mode(mode, zoom)

    def send_keys(self, combo: tuple[str, ...]) -> None:
        self.view.send_keys(combo)
        self.view.setFocus()

    def type_clipboard(self) -> bool:
        text = QGuiApplication.clipboard().text()
        if not text:
            return False
        self.view.type_text(text)
        return True

    def set_keyboard_grab(self, on: bool) -> None:
        self.view.set_keyboard_grab(on)

    def save_screenshot(self, path: str) -> bool:
        image = self.view.framebuffer()
        return save_png(image, path)
