"""The decoder process: runs an :class:`RfbClient` and forwards what it decodes.

Started by :class:`~kvmdesk.core.console.rfb.process.ProcessRfbClient` as
``python -m kvmdesk.core.console.rfb.child SOCKET_FD CONTROL_FD``. The RFB socket is the
server's; the control socket carries pickled tuples both ways: options and input from the
parent, and from here the connection's events, each finished update (the changed
rectangles, each one's pixels following as bytes of their own), and the end. Decoding here, in a process of its own, means the GUI
process's interpreter lock is never held by a decoder.
"""

from __future__ import annotations

import socket
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from kvmdesk.core.console.rfb.client import CursorShape, RfbClient
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbError


class _Forwarder:
    """The client's listener here: sends every report up the control connection."""

    def __init__(self, control: Connection) -> None:
        self._control = control
        self._lock = threading.Lock()
        self.client: RfbClient | None = None

    def _send(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            try:
                self._control.send(message)
            except OSError:
                pass  # the parent is gone; the client ends when its socket does

    def rfb_connected(self, name: str, width: int, height: int) -> None:
        self._send(("connected", name, width, height))

    def rfb_resized(self, width: int, height: int) -> None:
        self._send(("resized", width, height))

    def rfb_frame(self, first: bool) -> None:
        client = self.client
        if client is None:
            return
        fb = client.framebuffer
        rects = fb.take_dirty()
        if len(rects) > 1:  # regions that tile their bounding box (bands of a screen): as one
            box = rects[0]
            for rect in rects[1:]:
                box = box.union(rect)
            if box.width * box.height <= sum(rect.width * rect.height for rect in rects):
                rects = [box]
        header = [(rect.x, rect.y, rect.width, rect.height) for rect in rects]
        # This is the reader thread, the framebuffer's only writer: a whole-width region is
        # sent straight from it, with no copy; each region's pixels follow the message.
        with self._lock:
            try:
                self._control.send(("frame", first, header, client.stats(), client.extended_keys))
                for rect in rects:
                    if rect.width == fb.width:
                        start, end = rect.y * fb.width * 4, (rect.y + rect.height) * fb.width * 4
                        with memoryview(fb.data) as view:
                            self._control.send_bytes(view[start:end])
                    else:
                        self._control.send_bytes(fb.read(rect.x, rect.y, rect.width, rect.height))
            except OSError:
                pass  # the parent is gone; the client ends when its socket does

    def rfb_cursor(self, cursor: CursorShape) -> None:
        self._send(
            ("cursor", cursor.width, cursor.height, cursor.hot_x, cursor.hot_y, cursor.pixels)
        )

    def rfb_bell(self) -> None:
        self._send(("bell",))

    def rfb_cut_text(self, text: str) -> None:
        self._send(("cut-text", text))

    def rfb_closed(self, error: RfbError | None) -> None:
        if error is None:
            self._send(("closed", None, (), False))
        else:
            password = isinstance(error, PasswordRequired)
            self._send(("closed", error.problem.name, error.details, password))


def main(argv: list[str]) -> int:
    sock = socket.socket(fileno=int(argv[1]))
    control = Connection(int(argv[2]))
    options = control.recv()
    forwarder = _Forwarder(control)
    client = RfbClient(sock, forwarder, **options)
    forwarder.client = client
    client.start()
    while True:
        try:
            command = control.recv()
        except (EOFError, OSError):
            break
        kind = command[0]
        if kind == "key":
            client.key(command[1], command[2], command[3])
        elif kind == "keysym":
            client.keysym(command[1], command[2])
        elif kind == "pointer":
            client.pointer(command[1], command[2], command[3])
        elif kind == "cut-text":
            client.cut_text(command[1])
        elif kind == "close":
            client.close()
    client.close()
    client.wait_closed(5)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
