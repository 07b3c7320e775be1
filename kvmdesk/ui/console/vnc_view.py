"""The graphical console: a widget that shows a VNC server's screen and sends it input.

:class:`VncView` runs an :class:`~kvmdesk.core.console.rfb.client.RfbClient` on a socket it
is given (the console window makes it: ``openGraphicsFD``, an ssh tunnel, or TCP). The
client decodes on its own thread; the view copies only the changed regions into its own
image, on the GUI thread, when Qt gets round to it (frames the GUI could not show in time
are merged, never queued).

Pixels are mapped exactly: the view computes in device pixels, so at 1:1 a 1024×768 guest
covers 1024×768 device pixels at any device pixel ratio, and a pointer position (logical
coordinates × ``devicePixelRatioF``) lands on the guest pixel under it.
"""

from __future__ import annotations

import enum
import math
import socket
from collections import deque
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QFocusEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from kvmdesk.core.console.rfb.client import CursorShape, RfbClient, VncStats
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import Frame
from kvmdesk.core.console.rfb.keys import SHIFT_KEYSYM, keysym_for_character, named_key
from kvmdesk.core.console.rfb.process import ProcessRfbClient, make_client
from kvmdesk.models.palette import CONSOLE_BACKGROUND
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.console.keymap import keysym_for, qnum_for
from kvmdesk.ui.console.vnc_bridge import Bridge, decode_jpeg, problem_text

__all__ = ["ScaleMode", "VncStats", "VncView"]

_STATS_INTERVAL_MS = 250
# QEMU's PS/2 keyboard drops what does not fit its 16-byte queue (a shifted character is
# ~6 bytes), so typing waits a little between characters: ~50 characters/s.
_TYPE_INTERVAL_MS = 20
_BUTTONS = {
    Qt.MouseButton.LeftButton: 1,
    Qt.MouseButton.MiddleButton: 2,
    Qt.MouseButton.RightButton: 4,
}
_WHEEL_UP, _WHEEL_DOWN, _WHEEL_LEFT, _WHEEL_RIGHT = 8, 16, 32, 64


class ScaleMode(enum.Enum):
    FIT = "fit"  # the whole screen in the widget, aspect ratio kept
    ONE_TO_ONE = "one-to-one"  # one guest pixel per device pixel
    ZOOM = "zoom"  # ``zoom`` device pixels per guest pixel


class VncView(QWidget):
    connected = Signal(str, int, int)  # desktop name, width, height
    resized = Signal(int, int)  # the guest changed resolution
    firstFrame = Signal()  # the first complete framebuffer update arrived
    disconnected = Signal(str)  # user-readable reason ('' when closed by detach())
    passwordRequired = Signal()  # VNC auth wanted, no password given; connection closed
    passwordRejected = Signal(str)  # the server refused the password (its own words); closed
    statsChanged = Signal()
    keyboardGrabChanged = Signal(bool)
    clipboardReceived = Signal(str)  # ServerCutText

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._client: RfbClient | ProcessRfbClient | None = None
        self._bridge: Bridge | None = None
        self._frame: Frame | None = None
        self._image = QImage()
        self._cursor_shape: CursorShape | None = None  # the guest's pointer image
        self._mode = ScaleMode.FIT
        self._zoom = 1.0
        self._buttons = 0
        self._grabbed = False
        self._pressed: dict[int, tuple[int, int]] = {}  # Qt native key id → (keysym, qnum)
        self._last_stats = VncStats()
        self._typing: deque[tuple[bool, int]] = deque()
        self._type_timer = QTimer(self)
        self._type_timer.setInterval(_TYPE_INTERVAL_MS)
        self._type_timer.timeout.connect(self._type_tick)
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(_STATS_INTERVAL_MS)
        self._stats_timer.timeout.connect(self._poll_stats)

    # -- connection ----------------------------------------------------------------------
    def attach(
        self,
        sock: socket.socket,
        *,
        password: str | None = None,
        encodings: Sequence[str] | None = None,
        shared: bool = True,
    ) -> None:
        """Starts an RFB session on ``sock`` (the view owns it from now on).

        ``encodings`` forces the list by name ("raw", "copyrect", "hextile", "zrle",
        "tight"; "jpeg" adds lossy JPEG to Tight); None asks for all, best first.
        Raises ValueError for an unknown name (and closes nothing: ``sock`` stays yours).
        """
        self.detach()
        bridge = Bridge()
        client = make_client(
            sock,
            bridge,
            password=password,
            encodings=encodings,
            shared=shared,
            jpeg_decoder=decode_jpeg,
        )
        bridge.connected.connect(self._on_connected)
        bridge.resized.connect(self._on_resized)
        bridge.frame.connect(self._on_frame)
        bridge.cursor.connect(self._on_cursor)
        bridge.bell.connect(self._on_bell)
        bridge.cut_text.connect(self._on_cut_text)
        bridge.closed.connect(self._on_closed)
        self._bridge, self._client = bridge, client
        self._frame = None  # the new framebuffer is another object: copy it whole
        self._cursor_shape = None
        self._last_stats = VncStats()
        client.start()
        self._stats_timer.start()

    def detach(self) -> None:
        """Closes the connection (if any); ``disconnected('')`` follows at once."""
        client, bridge = self._client, self._bridge
        if client is None or bridge is None:
            return
        self._last_stats = client.stats()
        self._forget(bridge)
        client.close()
        self.disconnected.emit("")

    def _forget(self, bridge: Bridge) -> None:
        # Reports this connection still sends are dropped; those already queued are
        # ignored by _current().
        bridge.blockSignals(True)
        self._client = None
        self._bridge = None
        self._stats_timer.stop()
        self._typing.clear()
        self._type_timer.stop()
        self._release_all_keys(send=False)
        self.set_keyboard_grab(False)
        self.unsetCursor()

    def is_attached(self) -> bool:
        return self._client is not None

    def _current(self) -> bool:
        """True when the signal being handled comes from the connection now attached."""
        return self._bridge is not None and self.sender() is self._bridge

    def _on_bell(self) -> None:
        if self._current():
            QApplication.beep()

    def _on_cut_text(self, text: str) -> None:
        if self._current():
            self.clipboardReceived.emit(text)

    def _on_connected(self, name: str, width: int, height: int) -> None:
        if not self._current():
            return
        self._update_geometry_constraints()
        self.connected.emit(name, width, height)
        self._poll_stats()

    def _on_resized(self, width: int, height: int) -> None:
        if self._current():
            self.resized.emit(width, height)

    def _on_frame(self, _first: bool) -> None:
        client, bridge = self._client, self._bridge
        if client is None or bridge is None or not self._current():
            return
        first = bridge.take_frame_notice()
        self._pull(client)
        if first:
            self.firstFrame.emit()

    def _pull(self, client: RfbClient | ProcessRfbClient) -> None:
        frame = client.framebuffer.take_into(self._frame)
        if frame is None:
            return
        self._frame = frame
        if frame.resized:
            self._image = QImage(
                frame.data, frame.width, frame.height, frame.width * 4, QImage.Format.Format_RGB32
            )
            self._update_geometry_constraints()
            self.update()
            return
        for rect in frame.dirty:
            self.update(self._widget_rect(rect.x, rect.y, rect.width, rect.height))

    def _on_cursor(self, shape: CursorShape) -> None:
        if not self._current():
            return
        self._cursor_shape = shape
        self._apply_cursor()

    def _on_closed(self, error: RfbError | None) -> None:
        bridge = self._bridge
        if bridge is None or not self._current():
            return
        if self._client is not None:
            self._last_stats = self._client.stats()
        self._forget(bridge)
        if isinstance(error, PasswordRequired):
            self.passwordRequired.emit()
            return
        if error is not None and error.problem is RfbProblem.AUTH_FAILED:
            self.passwordRejected.emit(error.details[0] if error.details else "")
            return
        self.disconnected.emit(problem_text(error) if error is not None else "")

    # -- pixels --------------------------------------------------------------------------
    def framebuffer(self) -> QImage:
        """A copy of the guest's pixels as they are now (not the widget)."""
        if self._client is not None:
            self._pull(self._client)
        return self._image.copy()

    def set_scale_mode(self, mode: ScaleMode, zoom: float = 1.0) -> None:
        if not (zoom > 0 and math.isfinite(zoom)):
            raise ValueError(f"zoom must be a positive number, not {zoom!r}")
        self._mode, self._zoom = mode, zoom
        self._update_geometry_constraints()
        self._apply_cursor()
        self.update()

    def scale_mode(self) -> tuple[ScaleMode, float]:
        return self._mode, self._zoom

    def _guest_size(self) -> tuple[int, int]:
        return self._image.width(), self._image.height()

    def _scale(self) -> float:
        """Device pixels per guest pixel."""
        width, height = self._guest_size()
        if not width or not height:
            return 1.0
        if self._mode is ScaleMode.ONE_TO_ONE:
            return 1.0
        if self._mode is ScaleMode.ZOOM:
            return self._zoom
        ratio = self.devicePixelRatioF()
        return min(self.width() * ratio / width, self.height() * ratio / height)

    def _origin(self) -> tuple[float, float]:
        """Where the guest's top-left corner is, in whole device pixels (centred)."""
        width, height = self._guest_size()
        ratio = self.devicePixelRatioF()
        scale = self._scale()
        free_x = self.width() * ratio - width * scale
        free_y = self.height() * ratio - height * scale
        return max(0.0, math.floor(free_x / 2)), max(0.0, math.floor(free_y / 2))

    def image_rect(self) -> QRectF:
        """Where the guest image is drawn, in the widget's logical coordinates."""
        width, height = self._guest_size()
        ratio = self.devicePixelRatioF()
        x, y = self._origin()
        scale = self._scale()
        return QRectF(x / ratio, y / ratio, width * scale / ratio, height * scale / ratio)

    def _widget_rect(self, x: int, y: int, w: int, h: int) -> QRect:
        ratio = self.devicePixelRatioF()
        ox, oy = self._origin()
        scale = self._scale()
        return QRectF(
            (ox + x * scale) / ratio - 1,
            (oy + y * scale) / ratio - 1,
            w * scale / ratio + 2,
            h * scale / ratio + 2,
        ).toAlignedRect()

    def map_to_guest(self, position: QPointF) -> QPoint:
        """The guest pixel under a widget position (logical coordinates), clamped."""
        width, height = self._guest_size()
        ratio = self.devicePixelRatioF()
        ox, oy = self._origin()
        scale = self._scale()
        gx = math.floor((position.x() * ratio - ox) / scale)
        gy = math.floor((position.y() * ratio - oy) / scale)
        return QPoint(min(max(gx, 0), max(width - 1, 0)), min(max(gy, 0), max(height - 1, 0)))

    def _scaled_logical_size(self) -> QSize:
        width, height = self._guest_size()
        ratio = self.devicePixelRatioF()
        scale = 1.0 if self._mode is ScaleMode.ONE_TO_ONE else self._zoom
        return QSize(math.ceil(width * scale / ratio), math.ceil(height * scale / ratio))

    def _update_geometry_constraints(self) -> None:
        # 1:1 and zoom take the room they need (a scroll area around the view scrolls);
        # fit shrinks to whatever the window gives.
        if self._mode is ScaleMode.FIT or self._image.isNull():
            self.setMinimumSize(0, 0)
        else:
            self.setMinimumSize(self._scaled_logical_size())
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        if self._image.isNull():
            return QSize(640, 400)
        if self._mode is ScaleMode.FIT:
            ratio = self.devicePixelRatioF()
            return QSize(
                math.ceil(self._image.width() / ratio), math.ceil(self._image.height() / ratio)
            )
        return self._scaled_logical_size()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(CONSOLE_BACKGROUND))
        if self._image.isNull():
            return
        if self._scale() != 1.0:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.image_rect(), self._image, QRectF(self._image.rect()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_cursor()

    def _apply_cursor(self) -> None:
        """The guest's own pointer shape as the widget's cursor: drawn by the local window
        system, so it moves without a round trip; scaled with the screen."""
        shape = self._cursor_shape
        if shape is None:
            return
        if shape.width == 0 or shape.height == 0:
            self.setCursor(Qt.CursorShape.BlankCursor)
            return
        image = QImage(
            shape.pixels, shape.width, shape.height, shape.width * 4, QImage.Format.Format_ARGB32
        ).copy()
        scale = self._scale()
        ratio = self.devicePixelRatioF()
        if scale != 1.0:
            image = image.scaled(
                max(1, round(shape.width * scale)),
                max(1, round(shape.height * scale)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        hot_x = round(shape.hot_x * scale / ratio)
        hot_y = round(shape.hot_y * scale / ratio)
        self.setCursor(QCursor(pixmap, hot_x, hot_y))

    def guest_cursor(self) -> CursorShape | None:
        """The pointer shape the guest sent last (None before any)."""
        return self._cursor_shape

    # -- pointer -------------------------------------------------------------------------
    def _send_pointer(self, position: QPointF) -> None:
        if self._client is None or self._image.isNull():
            return
        guest = self.map_to_guest(position)
        self._client.pointer(self._buttons, guest.x(), guest.y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._send_pointer(event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._buttons |= _BUTTONS.get(event.button(), 0)
        self._send_pointer(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._buttons &= ~_BUTTONS.get(event.button(), 0)
        self._send_pointer(event.position())

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        steps: list[int] = []
        if delta.y():
            steps += [_WHEEL_UP if delta.y() > 0 else _WHEEL_DOWN] * max(1, abs(delta.y()) // 120)
        if delta.x():
            steps += [_WHEEL_LEFT if delta.x() > 0 else _WHEEL_RIGHT] * max(
                1, abs(delta.x()) // 120
            )
        if self._client is None or self._image.isNull():
            return
        guest = self.map_to_guest(event.position())
        for button in steps:  # a wheel step is a press and a release of buttons 4–7
            self._client.pointer(self._buttons | button, guest.x(), guest.y())
            self._client.pointer(self._buttons, guest.x(), guest.y())
        event.accept()

    # -- keyboard ------------------------------------------------------------------------
    def focusNextPrevChild(self, _next: bool) -> bool:
        return False  # Tab belongs to the guest

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._client is None:
            return
        keysym, qnum = keysym_for(event), qnum_for(event)
        if not keysym and not qnum:
            return
        self._pressed[self._key_id(event)] = (keysym, qnum)
        self._client.key(True, keysym, qnum)
        if self._grabbed and self._release_combination_held(event):
            self._release_all_keys(send=True)
            self.set_keyboard_grab(False)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if self._client is None or event.isAutoRepeat():
            return
        pressed = self._pressed.pop(self._key_id(event), None)
        if pressed is not None:
            self._client.key(False, *pressed)

    @staticmethod
    def _key_id(event: QKeyEvent) -> int:
        return event.nativeScanCode() or int(event.key())

    @staticmethod
    def _release_combination_held(event: QKeyEvent) -> bool:
        both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        modifiers = event.modifiers()
        if event.key() == Qt.Key.Key_Control:
            modifiers |= Qt.KeyboardModifier.ControlModifier
        elif event.key() == Qt.Key.Key_Alt:
            modifiers |= Qt.KeyboardModifier.AltModifier
        else:
            return False
        return (modifiers & both) == both

    def _release_all_keys(self, *, send: bool) -> None:
        pressed, self._pressed = self._pressed, {}
        if send and self._client is not None:
            for keysym, qnum in pressed.values():
                self._client.key(False, keysym, qnum)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A key still down in the guest when we lose focus would repeat there for ever.
        self._release_all_keys(send=True)
        super().focusOutEvent(event)

    def send_keys(self, combo: Sequence[str]) -> None:
        """Presses the named keys in order and releases them in reverse, e.g.
        ("ctrl", "alt", "delete"); raises KeyError for an unknown name."""
        keys = [named_key(name) for name in combo]
        if self._client is None:
            return
        for key in keys:
            self._client.key(True, key.keysym, key.qnum)
        for key in reversed(keys):
            self._client.key(False, key.keysym, key.qnum)

    def type_text(self, text: str) -> None:
        """Types ``text`` as key events (keysyms; Shift for capitals and symbols), paced so
        a slow guest keeps up. Characters that cannot be typed are left out."""
        for char in text:
            typed = keysym_for_character(char)
            if typed is None:
                continue
            keysym, shifted = typed
            if shifted:
                self._typing.append((True, SHIFT_KEYSYM))
            self._typing += [(True, keysym), (False, keysym)]
            if shifted:
                self._typing.append((False, SHIFT_KEYSYM))
        if self._typing and not self._type_timer.isActive():
            self._type_timer.start()
            self._type_tick()

    def typing_pending(self) -> bool:
        return bool(self._typing)

    def _type_tick(self) -> None:
        client = self._client
        if client is None or not self._typing:
            self._type_timer.stop()
            return
        while self._typing:  # one character (with its Shift) per tick
            down, keysym = self._typing.popleft()
            client.keysym(down, keysym)
            if not down and keysym != SHIFT_KEYSYM and not self._shift_release_next():
                break

    def _shift_release_next(self) -> bool:
        return bool(self._typing) and self._typing[0] == (False, SHIFT_KEYSYM)

    def send_clipboard(self, text: str) -> None:
        if self._client is not None:
            self._client.cut_text(text)

    def set_keyboard_grab(self, on: bool) -> None:
        """Sends every key to the guest (window-system shortcuts included, where the
        platform lets an application grab); Ctrl+Alt releases it."""
        if on == self._grabbed:
            return
        if on:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.grabKeyboard()
            self.setToolTip(safe_tooltip(self.release_hint()))
        else:
            self.releaseKeyboard()
            self.setToolTip(safe_tooltip(""))
        self._grabbed = on
        self.keyboardGrabChanged.emit(on)

    def keyboard_grabbed(self) -> bool:
        return self._grabbed

    def release_hint(self) -> str:
        if QGuiApplication.platformName() == "wayland":
            return self.tr(
                "Press Ctrl+Alt to release the keyboard. The desktop keeps its own shortcuts."
            )
        return self.tr("Press Ctrl+Alt to release the keyboard.")

    # -- statistics ----------------------------------------------------------------------
    def stats(self) -> VncStats:
        if self._client is not None:
            return self._client.stats()
        return self._last_stats

    def _poll_stats(self) -> None:
        stats = self.stats()
        if stats != self._last_stats:
            self._last_stats = stats
            self.statsChanged.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.detach()
        super().closeEvent(event)
