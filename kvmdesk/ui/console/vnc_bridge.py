"""What the VNC view needs beside the widget: the bridge from the client's threads to the
GUI thread, the JPEG decoder for Tight, and the translated connection errors."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage

from kvmdesk.core.console.rfb.client import CursorShape
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem, fill


def decode_jpeg(data: bytes, width: int, height: int) -> bytes:
    """A Tight JPEG rectangle to framebuffer pixels (runs on the client's reader thread)."""
    image = QImage()
    if not image.loadFromData(data, "JPEG"):
        raise ValueError("not a JPEG image")
    if image.width() != width or image.height() != height:
        raise ValueError(f"{image.width()}×{image.height()} instead of {width}×{height}")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    row = width * 4
    bits = bytes(image.constBits())
    if image.bytesPerLine() == row:
        return bits[: row * height]
    stride = image.bytesPerLine()
    return b"".join(bits[line * stride : line * stride + row] for line in range(height))


class Bridge(QObject):
    """The client's listener: hands each report from the reader thread to the GUI thread."""

    connected = Signal(str, int, int)
    resized = Signal(int, int)
    frame = Signal(bool)
    cursor = Signal(object)
    bell = Signal()
    cut_text = Signal(str)
    closed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._frame_pending = False
        self._first = False

    def rfb_connected(self, name: str, width: int, height: int) -> None:
        self.connected.emit(name, width, height)

    def rfb_resized(self, width: int, height: int) -> None:
        self.resized.emit(width, height)

    def rfb_frame(self, first: bool) -> None:
        with self._lock:  # one queued notice at a time: a slow GUI merges frames
            self._first |= first
            if self._frame_pending:
                return
            self._frame_pending = True
        self.frame.emit(first)

    def take_frame_notice(self) -> bool:
        """Clears the pending notice; True when a first frame was among the merged ones."""
        with self._lock:
            first, self._first, self._frame_pending = self._first, False, False
            return first

    def rfb_cursor(self, cursor: CursorShape) -> None:
        self.cursor.emit(cursor)

    def rfb_bell(self) -> None:
        self.bell.emit()

    def rfb_cut_text(self, text: str) -> None:
        self.cut_text.emit(text)

    def rfb_closed(self, error: RfbError | None) -> None:
        self.closed.emit(error)


def problem_text(error: RfbError) -> str:
    """The user-readable, translated message for a failed connection."""
    templates = {
        RfbProblem.CLOSED: QCoreApplication.translate(
            "VncView", "The VNC server closed the connection."
        ),
        RfbProblem.TIMEOUT: QCoreApplication.translate(
            "VncView", "The VNC server stopped answering in the middle of a message (%1 s)."
        ),
        RfbProblem.NOT_RFB: QCoreApplication.translate(
            "VncView", "The other side is not a VNC server (it greeted with %1)."
        ),
        RfbProblem.VERSION: QCoreApplication.translate(
            "VncView", "The VNC server speaks RFB %1, which is not supported."
        ),
        RfbProblem.SERVER_REFUSED: QCoreApplication.translate(
            "VncView", "The VNC server refused the connection: %1"
        ),
        RfbProblem.NO_SECURITY: QCoreApplication.translate(
            "VncView", "The VNC server offers no supported security type (offered: %1)."
        ),
        RfbProblem.AUTH_FAILED: QCoreApplication.translate(
            "VncView", "VNC authentication failed: %1"
        ),
        RfbProblem.BAD_SECURITY_RESULT: QCoreApplication.translate(
            "VncView", "The VNC server sent an invalid security result (%1)."
        ),
        RfbProblem.TOO_LARGE: QCoreApplication.translate(
            "VncView", "The VNC server announced a %1×%2 screen, larger than kvmdesk accepts."
        ),
        RfbProblem.OUTSIDE: QCoreApplication.translate(
            "VncView", "The VNC server sent a rectangle %1 outside its %2×%3 screen."
        ),
        RfbProblem.UNKNOWN_ENCODING: QCoreApplication.translate(
            "VncView", "The VNC server used encoding %1, which kvmdesk did not ask for."
        ),
        RfbProblem.UNKNOWN_MESSAGE: QCoreApplication.translate(
            "VncView", "The VNC server sent an unknown message type %1."
        ),
        RfbProblem.MALFORMED: QCoreApplication.translate(
            "VncView", "The VNC server sent malformed data: %1"
        ),
        RfbProblem.LIMIT: QCoreApplication.translate(
            "VncView", "The VNC server sent %1 of %2 bytes, more than kvmdesk accepts."
        ),
        RfbProblem.SOCKET: QCoreApplication.translate(
            "VncView", "The connection to the VNC server failed: %1"
        ),
    }
    return fill(templates[error.problem], error.details)
