"""The Serial view of a VM's console tab: a terminal on ``virDomainOpenConsole``.

The page opens the console when its tab says the VM runs (:meth:`SerialPage.start`) and
closes it when told (:meth:`SerialPage.stop`). A console that ends while the VM still
runs (the guest restarted its QEMU, libvirt dropped the stream) is opened again after a
short pause, so a reboot needs no click.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kvmdesk.core.connection.session import Session
from kvmdesk.core.console.plan import SerialUnavailable
from kvmdesk.core.console.serial import SerialStream
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.console.messages import serial_problem
from kvmdesk.ui.console.terminal_view import TerminalView

log = logging.getLogger(__name__)

RECONNECT_DELAY_MS = 1000


class SerialPage(QWidget):
    """The terminal of one VM's serial console; its state in words is :attr:`message`."""

    state_changed = Signal()

    def __init__(self, session: Session, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serialPage")
        self.session = session
        self.uuid = uuid
        self._tasks = TaskSet(self._report)
        self._stream: SerialStream | None = None
        self._wanted = False
        self._opening = False
        self.available = True  # False once the VM turned out to have no usable console
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = ""  # the state in words; the console window's status line shows it
        self.terminal = TerminalView(self)
        self.terminal.input.connect(self._send)
        self.terminal.size_changed.connect(self._size_changed)
        layout.addWidget(self.terminal, 1)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RECONNECT_DELAY_MS)
        self._retry.timeout.connect(self._open_again)
        self._set_status(self.tr("Not connected"))

    # --------------------------------------------------------------- state

    @property
    def connected(self) -> bool:
        return self._stream is not None and self._stream.is_open

    def _set_status(self, text: str) -> None:
        self.message = text
        self.state_changed.emit()

    def _report(self, _expected: bool, message: str) -> None:
        self._set_status(message)

    async def wait_idle(self) -> None:
        await self._tasks.wait_idle()

    # ------------------------------------------------------------ open/close

    def start(self) -> None:
        """Open the console (if not open), and keep it open while the VM runs."""
        self._wanted = True
        if not self.connected and not self._opening:
            self._tasks.spawn(self._open())

    def stop(self) -> None:
        """Close the console; it stays closed until :meth:`start`."""
        self._wanted = False
        self._retry.stop()
        stream, self._stream = self._stream, None
        if stream is not None:
            self._tasks.spawn(self.session.consoles.close_serial(stream))
        self._set_status(self.tr("Not connected"))

    def _open_again(self) -> None:
        if self._wanted:
            self.start()

    async def _open(self) -> None:
        self._opening = True
        self._set_status(self.tr("Connecting to the serial console…"))
        try:
            stream = await self.session.consoles.open_serial(
                self.uuid, self.terminal.feed, self._closed
            )
        except SerialUnavailable as error:
            self.available = False
            self._set_status(serial_problem(error.problem, error.params))
            return
        except KvmdeskError as error:
            self._set_status(
                self.tr("The serial console cannot be opened: %1").replace("%1", str(error))
            )
            return
        finally:
            self._opening = False
        if not self._wanted:
            await self.session.consoles.close_serial(stream)
            return
        self.available = True
        self._stream = stream
        self._set_status(
            self.tr("Serial console · %1 × %2")
            .replace("%1", str(self.terminal.model.columns))
            .replace("%2", str(self.terminal.model.rows))
        )
        self.terminal.setFocus()

    def _closed(self, reason: str) -> None:
        self._stream = None
        if not reason:
            return
        self._set_status(self.tr("The serial console closed: %1").replace("%1", reason))
        if self._wanted:
            self._retry.start()

    # ---------------------------------------------------------------- input

    def _send(self, data: bytes) -> None:
        if self._stream is None:
            return
        if not self._stream.write(data):
            self._set_status(self.tr("The console is not taking input as fast: some was dropped"))

    def _size_changed(self, columns: int, rows: int) -> None:
        if self.connected:
            self._set_status(
                self.tr("Serial console · %1 × %2 (run “resize” in the guest to use it)")
                .replace("%1", str(columns))
                .replace("%2", str(rows))
            )

    def send_break(self) -> None:
        self._tasks.spawn(self._send_break())

    async def _send_break(self) -> None:
        try:
            await self.session.consoles.send_break(self.uuid)
        except KvmdeskError as error:
            self._set_status(self.tr("Cannot send a break: %1").replace("%1", str(error)))

    def text(self) -> str:
        """Everything the terminal holds (scrollback and screen) as plain text."""
        return self.terminal.model.text()
