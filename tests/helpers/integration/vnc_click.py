"""Clicks into a real VM's screen through the VNC view, in a process of its own (so a test
can run it at any device pixel ratio: ``QT_SCALE_FACTOR``).

``python -m tests.helpers.integration.vnc_click URI DOMAIN X Y`` opens the domain's screen
with ``virDomainOpenGraphicsFD`` over ``URI``, shows a :class:`VncView` at 1:1 exactly the
guest's size (in device pixels), waits for the first frame, clicks the left button at the
widget position that shows guest pixel (X, Y) and prints ``CLICKED X Y RATIO``. X and Y
must be multiples of the ratio (the click is at a whole logical pixel).
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable

import libvirt
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kvmdesk.ui.console.vnc_view import ScaleMode, VncView


def _wait_for(condition: Callable[[], bool], milliseconds: int) -> bool:
    deadline = time.monotonic() + milliseconds / 1000
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(10)
    return True


def main(argv: list[str]) -> int:
    uri, name, x, y = argv[1], argv[2], int(argv[3]), int(argv[4])
    app = QApplication([])
    conn = libvirt.open(uri)
    try:
        fd = conn.lookupByName(name).openGraphicsFD(0, libvirt.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH)
    finally:
        conn.close()
    view = VncView()
    view.set_scale_mode(ScaleMode.ONE_TO_ONE)
    view.show()
    framed: list[bool] = []
    view.firstFrame.connect(lambda: framed.append(True))
    view.attach(socket.socket(fileno=fd), encodings=["raw"])
    if not _wait_for(lambda: bool(framed), 60_000):
        print("no first frame", file=sys.stderr)
        return 1
    ratio = view.devicePixelRatioF()
    image = view.framebuffer()
    view.resize(round(image.width() / ratio), round(image.height() / ratio))
    _wait_for(lambda: view.image_rect().x() == 0 and view.image_rect().y() == 0, 5000)
    where = QPoint(round(x / ratio), round(y / ratio))
    QTest.mouseMove(view, where)
    QTest.qWait(300)
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    QTest.qWait(500)  # the writer thread sends the events
    guest = view.map_to_guest(where.toPointF())
    print(f"CLICKED {guest.x()} {guest.y()} {ratio:g} {image.width()} {image.height()}")
    view.detach()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
