"""The VNC view against the test RFB server: pixels, geometry, pointer mapping at several
device pixel ratios, keys, typing, clipboard, grab, resize, hostile servers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QCoreApplication, QEvent, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent
from PySide6.QtTest import QTest

from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.console.vnc_view import ScaleMode, VncView
from tests.helpers.paths import ROOT
from tests.helpers.rfb_server import (
    DESKTOP_SIZE,
    Image,
    RfbTestServer,
    ServerOptions,
    cursor_rect,
    pattern_image,
    rect_header,
    serve_pair,
)

TIMEOUT_MS = 10_000


def image_rgb(image: QImage) -> bytes:
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    row = converted.width() * 3
    bits = bytes(converted.constBits())
    stride = converted.bytesPerLine()
    return b"".join(bits[y * stride : y * stride + row] for y in range(converted.height()))


@pytest.fixture
def servers() -> Iterator[list[RfbTestServer]]:
    made: list[RfbTestServer] = []
    yield made
    for server in made:
        server.stop()


@pytest.fixture
def view(qtbot: Any) -> Iterator[VncView]:
    widget = VncView()
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    yield widget
    widget.detach()


def attach(
    qtbot: Any,
    view: VncView,
    servers: list[RfbTestServer],
    image: Image,
    options: ServerOptions | None = None,
    **kwargs: Any,
) -> RfbTestServer:
    server, client_end = serve_pair(image, options)
    servers.append(server)
    with qtbot.waitSignal(view.firstFrame, timeout=TIMEOUT_MS):
        view.attach(client_end, **kwargs)
    return server


@pytest.mark.parametrize("encoding", ["raw", "copyrect", "hextile", "zrle", "tight"])
def test_framebuffer_is_pixel_exact(
    qtbot: Any, view: VncView, servers: list[RfbTestServer], encoding: str
) -> None:
    image = pattern_image()
    connected: list[tuple[str, int, int]] = []
    view.connected.connect(lambda *args: connected.append(args))
    attach(qtbot, view, servers, image, encodings=[encoding])
    framebuffer = view.framebuffer()
    assert (framebuffer.width(), framebuffer.height()) == (320, 192)
    assert image_rgb(framebuffer) == image.rgb()
    assert connected == [("kvmdesk test", 320, 192)]
    qtbot.waitUntil(
        lambda: view.stats().encoding == ("raw" if encoding == "copyrect" else encoding)
    )
    assert view.stats().desktop_name == "kvmdesk test"


def jpeg_of(image: Image, x: int, y: int, w: int, h: int) -> bytes:
    qimage = QImage(
        bytes(image.data), image.width, image.height, image.width * 4, QImage.Format.Format_RGB32
    )
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert qimage.copy(x, y, w, h).save(buffer, "JPEG", 95)
    return bytes(buffer.data().data())


def test_tight_jpeg_decodes_through_qimage(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    image = pattern_image(128, 64)
    server = attach(qtbot, view, servers, image, encodings=["tight", "jpeg"])
    server.tight.jpeg = jpeg_of
    smooth = Image(
        128,
        64,
        bytearray(b"".join(bytes((x * 2, 100, 200 - x, 0)) for _ in range(64) for x in range(128))),
    )
    server.image = smooth
    with qtbot.waitSignal(view.statsChanged, timeout=TIMEOUT_MS, raising=False):
        server.send_update([server.tight.encode(smooth, 0, 0, 128, 64, jpeg=True)])
    qtbot.waitUntil(lambda: abs(view.framebuffer().pixelColor(64, 32).red() - (200 - 64)) <= 6)
    got = image_rgb(view.framebuffer())
    worst = max(abs(a - b) for a, b in zip(got, smooth.rgb(), strict=True))
    assert worst <= 12  # lossy, but the right picture


def test_scale_modes_geometry(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    attach(qtbot, view, servers, pattern_image())  # 320×192 in a 640×400 view
    view.set_scale_mode(ScaleMode.FIT)
    rect = view.image_rect()
    assert (rect.width(), rect.height()) == (640, 384)  # aspect ratio kept
    assert (rect.x(), rect.y()) == (0, 8)  # centred
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    rect = view.image_rect()
    assert (rect.x(), rect.y(), rect.width(), rect.height()) == (160, 104, 320, 192)
    view.set_scale_mode(ScaleMode.ZOOM, 1.5)
    rect = view.image_rect()
    assert (rect.width(), rect.height()) == (480, 288)
    assert view.minimumSize().width() == 480  # a scroll area around it can scroll
    view.set_scale_mode(ScaleMode.FIT)
    assert view.minimumSize().width() == 0
    with pytest.raises(ValueError):
        view.set_scale_mode(ScaleMode.ZOOM, 0)


def pointers_until(server: RfbTestServer, expected: tuple[object, ...]) -> list[tuple[object, ...]]:
    """Pointer events the server received, up to ``expected`` (or all within the timeout)."""
    seen: list[tuple[object, ...]] = []
    try:
        while expected not in seen:
            seen.append(server.wait_message("pointer", timeout=3).values)
    except TimeoutError:
        pass
    return seen


def move(view: VncView, position: QPointF) -> None:
    """A mouse move to an exact (fractional) logical position."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        position,
        view.mapToGlobal(position),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QCoreApplication.sendEvent(view, event)


def test_pointer_mapping_and_one_to_one_pixels_at_this_ratio(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    """Run in-process at ratio 1, and in subprocesses at 1.25, 1.5 and 2 (below)."""
    ratio = view.devicePixelRatioF()
    expected = float(os.environ.get("KVMDESK_EXPECT_RATIO", "1"))
    assert ratio == pytest.approx(expected)
    image = pattern_image(320, 192)
    server = attach(qtbot, view, servers, image)
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    # A view exactly the guest's size in device pixels: the image starts at (0, 0).
    view.resize(round(320 / ratio), round(192 / ratio))
    qtbot.waitUntil(lambda: view.image_rect().x() == 0 and view.image_rect().y() == 0)
    grabbed = view.grab().toImage()
    assert grabbed.devicePixelRatio() == pytest.approx(ratio)
    # Every guest pixel is one device pixel of the widget at 1:1.
    device = grabbed.copy(0, 0, min(grabbed.width(), 320), min(grabbed.height(), 192))
    guest = view.framebuffer().copy(0, 0, device.width(), device.height())
    assert image_rgb(device) == image_rgb(guest)
    # The centre of each guest pixel, in logical coordinates, must land on that pixel.
    for gx, gy in ((0, 0), (1, 1), (37, 21), (319, 100), (200, 191)):
        move(view, QPointF((gx + 0.5) / ratio, (gy + 0.5) / ratio))
        assert (0, gx, gy) in pointers_until(server, (0, gx, gy))
    QTest.mouseClick(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(50, 40)
    )
    press, release = (1, int(50 * ratio), int(40 * ratio)), (0, int(50 * ratio), int(40 * ratio))
    seen = pointers_until(server, release)
    assert press in seen and seen[-1] == release
    # Fit: a 640×384-device-pixel image (the guest doubled) keeps the mapping exact.
    view.set_scale_mode(ScaleMode.FIT)
    view.resize(round(640 / ratio), round(384 / ratio))
    qtbot.waitUntil(lambda: abs(view.image_rect().width() * ratio - 640) < 2)
    scale = view.image_rect().width() * ratio / 320
    drawn = view.image_rect()  # where paintEvent puts the image, in logical coordinates
    for gx, gy in ((0, 0), (150, 77), (319, 191)):
        # the centre of the drawn guest pixel, wherever the scaled image lies
        x = drawn.x() + (gx + 0.5) * scale / ratio
        y = drawn.y() + (gy + 0.5) * scale / ratio
        move(view, QPointF(x, y))
        assert (0, gx, gy) in pointers_until(server, (0, gx, gy))


@pytest.mark.parametrize("ratio", ["1.25", "1.5", "2"])
def test_pointer_mapping_at_other_device_pixel_ratios(ratio: str) -> None:
    env = dict(
        os.environ, QT_SCALE_FACTOR=ratio, KVMDESK_EXPECT_RATIO=ratio, QT_QPA_PLATFORM="offscreen"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_pointer_mapping_and_one_to_one_pixels_at_this_ratio",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


def test_wheel_and_buttons(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    server.drain()
    QTest.mousePress(
        view, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(170, 110)
    )
    assert server.wait_message("pointer").values == (4, 10, 6)
    QTest.mouseRelease(
        view, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(170, 110)
    )
    assert server.wait_message("pointer").values == (0, 10, 6)


def test_send_keys_uses_scancodes(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    server.drain()
    view.send_keys(("ctrl", "alt", "delete"))
    got = [server.wait_message("qemu-key").values for _ in range(6)]
    assert got == [
        (1, 0xFFE3, 0x1D),
        (1, 0xFFE9, 0x38),
        (1, 0xFFFF, 0xD3),
        (0, 0xFFFF, 0xD3),
        (0, 0xFFE9, 0x38),
        (0, 0xFFE3, 0x1D),
    ]
    view.send_keys(("ctrl", "alt", "F1"))
    assert [server.wait_message("qemu-key").values[2] for _ in range(6)] == [
        0x1D,
        0x38,
        0x3B,
        0x3B,
        0x38,
        0x1D,
    ]
    view.send_keys(("print",))
    assert server.wait_message("qemu-key").values == (1, 0xFF61, 0xB7)
    with pytest.raises(KeyError):
        view.send_keys(("hyper",))


def test_type_text_sends_keysyms_with_shift(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    server.drain()
    view.type_text("Hi!\n")
    qtbot.waitUntil(lambda: not view.typing_pending())
    got = [server.wait_message("key").values for _ in range(12)]
    assert got == [
        (1, 0xFFE1), (1, 0x48), (0, 0x48), (0, 0xFFE1),
        (1, 0x69), (0, 0x69),
        (1, 0xFFE1), (1, 0x21), (0, 0x21), (0, 0xFFE1),
        (1, 0xFF0D), (0, 0xFF0D),
    ]  # fmt: skip


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # offscreen
def test_keyboard_events_and_grab_release(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    view.setFocus()
    server.drain()
    QTest.keyClick(view, Qt.Key.Key_A)
    # offscreen has no native scancodes: the keysym path
    assert server.wait_message("key").values == (1, 0x61)
    assert server.wait_message("key").values == (0, 0x61)
    QTest.keyClick(view, Qt.Key.Key_Tab)  # Tab stays in the console
    assert server.wait_message("key").values == (1, 0xFF09)
    assert server.wait_message("key").values == (0, 0xFF09)
    changes: list[bool] = []
    view.keyboardGrabChanged.connect(changes.append)
    view.set_keyboard_grab(True)
    assert view.keyboard_grabbed() and changes == [True]
    assert "Ctrl+Alt" in view.release_hint() and view.toolTip() == safe_tooltip(view.release_hint())
    QTest.keyPress(view, Qt.Key.Key_Control)
    QTest.keyPress(view, Qt.Key.Key_Alt, Qt.KeyboardModifier.ControlModifier)
    assert changes == [True, False] and not view.keyboard_grabbed()
    # both modifiers were released in the guest, so nothing stays pressed there
    keys: list[tuple[object, ...]] = []
    while not {(0, 0xFFE3), (0, 0xFFE9)} <= set(keys):
        keys.append(server.wait_message("key").values)
    assert (1, 0xFFE9) in keys


def test_clipboard_both_ways(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    with qtbot.waitSignal(view.clipboardReceived, timeout=TIMEOUT_MS) as blocker:
        server.send(b"\x03\x00\x00\x00\x00\x00\x00\x05guest")
    assert blocker.args == ["guest"]
    view.send_clipboard("host text")
    assert server.wait_message("cut-text").values == ("host text",)


def test_guest_resolution_change(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    bigger = pattern_image(400, 256, seed=7)

    def answer(srv: RfbTestServer, incremental: bool) -> None:
        if not incremental:
            srv.image = bigger
            srv.full_update()

    server.on_request = answer
    with qtbot.waitSignal(view.resized, timeout=TIMEOUT_MS) as blocker:
        server.send_update([rect_header(0, 0, 400, 256, DESKTOP_SIZE)])
    assert blocker.args == [400, 256]
    qtbot.waitUntil(lambda: image_rgb(view.framebuffer()) == bigger.rgb(), timeout=TIMEOUT_MS)


def test_guest_cursor_becomes_the_widget_cursor(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    server = attach(qtbot, view, servers, pattern_image())
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    pixels = b"\xff\x00\x00\x00" * 64
    server.send_update([cursor_rect(2, 3, 8, 8, pixels, b"\xff" * 8)])
    qtbot.waitUntil(lambda: view.guest_cursor() is not None)
    assert view.cursor().shape() == Qt.CursorShape.BitmapCursor
    assert (view.cursor().hotSpot().x(), view.cursor().hotSpot().y()) == (2, 3)
    assert view.cursor().pixmap().toImage().pixelColor(4, 4).blue() == 255
    server.send_update([cursor_rect(0, 0, 0, 0, b"", b"")])
    qtbot.waitUntil(lambda: view.cursor().shape() == Qt.CursorShape.BlankCursor)


@pytest.mark.parametrize(
    ("misbehave", "text"),
    [
        ("huge-desktop", "65535×65535"),
        ("unknown-encoding", "encoding 16962"),
        ("truncated-close", "closed the connection"),
        ("security-result", "invalid security result (7)"),
    ],
)
def test_hostile_server_gives_a_message(
    qtbot: Any, view: VncView, servers: list[RfbTestServer], misbehave: str, text: str
) -> None:
    server, client_end = serve_pair(pattern_image(64, 48), ServerOptions(misbehave=misbehave))
    servers.append(server)
    with qtbot.waitSignal(view.disconnected, timeout=TIMEOUT_MS) as blocker:
        view.attach(client_end, encodings=["raw"])
    assert text in blocker.args[0]
    assert not view.is_attached()


def test_password_required_then_given(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    options = ServerOptions(security=(2,), password="s3cret")
    server, client_end = serve_pair(pattern_image(64, 48), options)
    servers.append(server)
    with qtbot.waitSignal(view.passwordRequired, timeout=TIMEOUT_MS):
        view.attach(client_end)
    assert not view.is_attached()
    attach(qtbot, view, servers, pattern_image(64, 48), options, password="s3cret")
    assert view.framebuffer().width() == 64


def test_a_wrong_password_is_reported_as_rejected_not_as_a_lost_connection(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    options = ServerOptions(security=(2,), password="s3cret")
    server, client_end = serve_pair(pattern_image(64, 48), options)
    servers.append(server)
    disconnected: list[str] = []
    view.disconnected.connect(disconnected.append)
    with qtbot.waitSignal(view.passwordRejected, timeout=TIMEOUT_MS) as blocker:
        view.attach(client_end, password="wrong")
    assert blocker.args == ["authentication failed"]  # the server's own words
    assert not view.is_attached() and disconnected == []


def test_detach_reports_an_empty_reason_and_unknown_encodings_are_refused(
    qtbot: Any, view: VncView, servers: list[RfbTestServer]
) -> None:
    attach(qtbot, view, servers, pattern_image(32, 32))
    with qtbot.waitSignal(view.disconnected, timeout=TIMEOUT_MS) as blocker:
        view.detach()
    assert blocker.args == [""]
    assert view.framebuffer().width() == 32  # the last screen stays visible
    server, client_end = serve_pair(pattern_image(32, 32))
    servers.append(server)
    with pytest.raises(ValueError, match="h264"):
        view.attach(client_end, encodings=["h264"])
    client_end.close()


def test_stats_changed_fires(qtbot: Any, view: VncView, servers: list[RfbTestServer]) -> None:
    with qtbot.waitSignal(view.statsChanged, timeout=TIMEOUT_MS):
        attach(qtbot, view, servers, pattern_image(32, 32), encodings=["zrle"])
    stats = view.stats()
    assert (stats.width, stats.height) == (32, 32)
    assert QGuiApplication.platformName() == "offscreen"
