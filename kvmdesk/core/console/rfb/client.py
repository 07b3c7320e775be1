"""One RFB connection: handshake, the reader/decoder thread, the writer thread, input.

:class:`RfbClient` owns the socket it is given. Its reader thread runs the handshake, then
reads server messages and decodes rectangles into :attr:`RfbClient.framebuffer`; after each
complete FramebufferUpdate it tells the listener (``rfb_frame``) and asks for the next
incremental update. Input (keys, pointer, clipboard) may be sent from any thread; a writer
thread does the blocking sends, so a server that stops reading never blocks the caller.
Every failure ends the connection with one :class:`RfbError`, reported once through
``rfb_closed``; :meth:`close` ends it quietly (``rfb_closed(None)``).
"""

from __future__ import annotations

import collections
import dataclasses
import os
import queue
import re
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kvmdesk.core.console.rfb import messages
from kvmdesk.core.console.rfb.decoders import decode_copyrect, decode_hextile, decode_raw
from kvmdesk.core.console.rfb.des import vnc_auth_response
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer, size_acceptable
from kvmdesk.core.console.rfb.messages import Encoding
from kvmdesk.core.console.rfb.pixels import unpack_indices
from kvmdesk.core.console.rfb.tight import JpegDecoder, TightDecoder
from kvmdesk.core.console.rfb.wire import SocketReader
from kvmdesk.core.console.rfb.zrle import ZrleDecoder

MAX_TEXT = 64 * 1024  # desktop names and failure reasons
MAX_CUT_TEXT = 16 * 1024 * 1024
MAX_CURSOR_SIDE = 1024
MAX_PENDING_OUTPUT = 32 * 1024 * 1024
DEFAULT_MESSAGE_TIMEOUT = 30.0
_VERSION = re.compile(rb"RFB (\d{3})\.(\d{3})\n")
_SECURITY_NONE, _SECURITY_VNC = 1, 2
_ENCODING_LABELS = {
    Encoding.RAW: "raw",
    Encoding.COPYRECT: "copyrect",
    Encoding.HEXTILE: "hextile",
    Encoding.ZRLE: "zrle",
    Encoding.TIGHT: "tight",
}


@dataclass(frozen=True, slots=True)
class CursorShape:
    """The guest's pointer image: ``width × height`` B,G,R,A pixels and its hot spot."""

    width: int
    height: int
    hot_x: int
    hot_y: int
    pixels: bytes


@dataclass(frozen=True, slots=True)
class VncStats:
    width: int = 0
    height: int = 0
    encoding: str = ""  # the last rectangle encoding used
    latency_ms: float = 0.0  # update request → the update's first byte
    fps: float = 0.0  # complete updates in the last second
    desktop_name: str = ""
    updates: int = 0  # complete framebuffer updates since the connection began


class RfbListener(Protocol):
    """Called on the reader thread; implementations hand over to their own thread."""

    def rfb_connected(self, name: str, width: int, height: int) -> None: ...
    def rfb_resized(self, width: int, height: int) -> None: ...
    def rfb_frame(self, first: bool) -> None: ...
    def rfb_cursor(self, cursor: CursorShape) -> None: ...
    def rfb_bell(self) -> None: ...
    def rfb_cut_text(self, text: str) -> None: ...
    def rfb_closed(self, error: RfbError | None) -> None: ...


class RfbClient:
    def __init__(
        self,
        sock: socket.socket,
        listener: RfbListener,
        *,
        password: str | None = None,
        encodings: Sequence[str] | None = None,
        shared: bool = True,
        jpeg_decoder: JpegDecoder | None = None,
        message_timeout: float = DEFAULT_MESSAGE_TIMEOUT,
    ) -> None:
        self._encodings = messages.encodings_for(encodings)  # ValueError for unknown names
        if jpeg_decoder is None and Encoding.TIGHT_QUALITY_8 in self._encodings:
            self._encodings.remove(Encoding.TIGHT_QUALITY_8)
        sock.setblocking(True)
        self._sock = sock
        self._listener = listener
        self._password = password
        self._shared = shared
        self._reader = SocketReader(sock, message_timeout)
        self.framebuffer = SharedFramebuffer()
        self._zrle = ZrleDecoder()
        self._tight = TightDecoder(jpeg_decoder)
        self._output: queue.Queue[bytes | None] = queue.Queue()
        self._pending_output = 0
        self._closing = threading.Event()
        self._ended = threading.Event()
        self._finish_lock = threading.Lock()
        self._extended_keys = False
        self._stats_lock = threading.Lock()
        self._stats = VncStats()
        self._frame_times: collections.deque[float] = collections.deque(maxlen=240)
        self._requested_at = 0.0
        self._first_pending = True
        self._user_closed = False
        self._pending_failure: RfbError | None = None
        self._reader_thread = threading.Thread(
            target=self._read_loop, name="rfb-reader", daemon=True
        )
        self._writer_thread = threading.Thread(
            target=self._write_loop, name="rfb-writer", daemon=True
        )

    def start(self) -> None:
        self._writer_thread.start()
        self._reader_thread.start()

    # -- public, any thread --------------------------------------------------------------
    @property
    def extended_keys(self) -> bool:
        """True once the server acknowledged QEMU's extended key event."""
        return self._extended_keys

    def stats(self) -> VncStats:
        with self._stats_lock:
            times = [t for t in self._frame_times if t > time.monotonic() - 1.0]
            return _replace_fps(self._stats, float(len(times)))

    def key(self, down: bool, keysym: int, qnum: int = 0) -> None:
        """A key press or release: with its scancode when the server takes them."""
        if self._extended_keys and qnum:
            self._send(messages.qemu_key_event(down, keysym, qnum))
        elif keysym:
            self._send(messages.key_event(down, keysym))

    def keysym(self, down: bool, keysym: int) -> None:
        """A key event by keysym alone (the server maps it with its own layout)."""
        self._send(messages.key_event(down, keysym))

    def pointer(self, buttons: int, x: int, y: int) -> None:
        width, height = self.framebuffer.width, self.framebuffer.height
        x = min(max(x, 0), max(width - 1, 0))
        y = min(max(y, 0), max(height - 1, 0))
        self._send(messages.pointer_event(buttons, x, y))

    def cut_text(self, text: str) -> None:
        self._send(messages.client_cut_text(text))

    def close(self) -> None:
        """Ends the connection without an error; returns at once."""
        if self._closing.is_set():
            return
        self._user_closed = True
        self._closing.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._output.put(None)
        if not self._reader_thread.is_alive():
            self._finish(None)

    def wait_closed(self, timeout: float) -> bool:
        return self._ended.wait(timeout)

    # -- writer thread -------------------------------------------------------------------
    def _send(self, data: bytes) -> None:
        if self._closing.is_set():
            return
        with self._stats_lock:
            self._pending_output += len(data)
            overflow = self._pending_output > MAX_PENDING_OUTPUT
        if overflow:  # the server stopped reading: end rather than grow without bound
            self._fail(RfbError(RfbProblem.LIMIT, "output waiting", self._pending_output))
            return
        self._output.put(data)

    def _write_loop(self) -> None:
        while True:
            data = self._output.get()
            if data is None:
                return
            try:
                self._sock.sendall(data)
            except OSError as error:
                self._fail(RfbError(RfbProblem.SOCKET, os.strerror(error.errno or 0) or error))
                return
            with self._stats_lock:
                self._pending_output -= len(data)

    # -- reader thread -------------------------------------------------------------------
    def _read_loop(self) -> None:
        error: RfbError | None = None
        try:
            self._handshake()
            while not self._closing.is_set():
                self._reader.begin_message()
                self._message(self._reader.u8())
        except RfbError as failure:
            error = failure
        except Exception as failure:  # a decoder bug must still end the connection cleanly
            error = RfbError(RfbProblem.MALFORMED, f"{type(failure).__name__}: {failure}")
        self._finish(error)

    def _fail(self, error: RfbError) -> None:
        """Ends the connection from another thread; the reader reports ``error``."""
        self._pending_failure = error
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _finish(self, error: RfbError | None) -> None:
        with self._finish_lock:
            if self._ended.is_set():
                return
            self._ended.set()
        error = self._pending_failure or error
        if self._user_closed:
            error = None
        self._closing.set()
        self._output.put(None)
        try:
            self._sock.close()
        except OSError:
            pass
        self._listener.rfb_closed(error)

    def _handshake(self) -> None:
        reader = self._reader
        reader.start_deadline()
        greeting = reader.read(12)
        match = _VERSION.fullmatch(greeting)
        if match is None:
            raise RfbError(RfbProblem.NOT_RFB, repr(greeting[:12]))
        major, minor = int(match.group(1)), int(match.group(2))
        if major < 3 or (major == 3 and minor < 3):
            raise RfbError(RfbProblem.VERSION, f"{major}.{minor}")
        minor = 8 if (major > 3 or minor >= 8) else 7 if minor == 7 else 3
        self._send(b"RFB 003.%03d\n" % minor)
        if minor == 3:
            chosen = reader.u32()
            if chosen == 0:
                raise RfbError(RfbProblem.SERVER_REFUSED, self._text(reader.u32()))
            if chosen not in (_SECURITY_NONE, _SECURITY_VNC):
                raise RfbError(RfbProblem.NO_SECURITY, chosen)
        else:
            count = reader.u8()
            if count == 0:
                raise RfbError(RfbProblem.SERVER_REFUSED, self._text(reader.u32()))
            offered = list(reader.read(count))
            if _SECURITY_NONE in offered:
                chosen = _SECURITY_NONE
            elif _SECURITY_VNC in offered:
                chosen = _SECURITY_VNC
            else:
                raise RfbError(RfbProblem.NO_SECURITY, ", ".join(map(str, offered)))
            self._send(bytes([chosen]))
        if chosen == _SECURITY_VNC:
            if self._password is None:
                raise PasswordRequired()
            self._send(vnc_auth_response(self._password, reader.read(16)))
        if chosen == _SECURITY_VNC or minor == 8:
            result = reader.u32()
            if result in (1, 2):
                reason = self._text(reader.u32()) if minor == 8 else ""
                raise RfbError(RfbProblem.AUTH_FAILED, reason or "wrong password")
            if result != 0:
                raise RfbError(RfbProblem.BAD_SECURITY_RESULT, result)
        self._send(bytes([1 if self._shared else 0]))
        width, height = reader.unpack(">HH")
        reader.read(16)  # the server's pixel format: we set our own next
        name = self._text(reader.u32())
        if not size_acceptable(width, height):
            raise RfbError(RfbProblem.TOO_LARGE, width, height)
        self.framebuffer.resize(width, height)
        with self._stats_lock:
            self._stats = VncStats(width, height, "", 0.0, 0.0, name)
        self._send(messages.set_pixel_format())
        self._send(messages.set_encodings(self._encodings))
        self._listener.rfb_connected(name, width, height)
        self._request(incremental=False)
        self._first_pending = True

    def _text(self, length: int) -> str:
        if length > MAX_TEXT:
            raise RfbError(RfbProblem.LIMIT, "a text", length)
        text = self._reader.read(length).decode("utf-8", errors="replace")
        # QEMU counts a C string's NUL in its failure reason; no control character is shown.
        return "".join(char for char in text if char.isprintable()).strip()

    def _request(self, incremental: bool) -> None:
        self._requested_at = time.monotonic()
        fb = self.framebuffer
        self._send(messages.update_request(incremental, fb.width, fb.height))

    def _message(self, kind: int) -> None:
        reader = self._reader
        if kind == 0:
            self._update()
        elif kind == 1:  # SetColourMapEntries: meaningless in true colour; skip it
            _, count = reader.unpack(">xHH")
            reader.read(count * 6)
        elif kind == 2:
            self._listener.rfb_bell()
        elif kind == 3:
            (length,) = reader.unpack(">3xI")
            if length > MAX_CUT_TEXT:
                raise RfbError(RfbProblem.LIMIT, "clipboard text", length)
            self._listener.rfb_cut_text(reader.read(length).decode("latin-1"))
        else:
            raise RfbError(RfbProblem.UNKNOWN_MESSAGE, kind)

    def _update(self) -> None:
        reader = self._reader
        latency = (time.monotonic() - self._requested_at) * 1000.0
        (count,) = reader.unpack(">xH")
        fb = self.framebuffer
        with fb.batched():
            last_encoding, resized = self._rectangles(count)
        now = time.monotonic()
        with self._stats_lock:
            self._frame_times.append(now)
            stats = self._stats
            self._stats = VncStats(
                fb.width,
                fb.height,
                last_encoding or stats.encoding,
                latency,
                0.0,
                stats.desktop_name,
                stats.updates + 1,
            )
        # The first update with pixels answers our full request (QEMU sends its extended
        # key acknowledgement as an update of its own before it).
        first = self._first_pending and bool(last_encoding)
        if first:
            self._first_pending = False
        # Ask for the next update before handing this one on, so the server prepares and
        # sends it while the listener works. After a resize ask for the whole new screen;
        # else only what changes.
        self._request(incremental=not resized)
        self._listener.rfb_frame(first)

    def _rectangles(self, count: int) -> tuple[str, bool]:
        """Decodes an update's rectangles: the last pixel encoding's name, and whether the
        screen changed size."""
        reader = self._reader
        fb = self.framebuffer
        last_encoding = ""
        resized = False
        for _ in range(count):
            x, y, w, h, encoding = reader.unpack(">HHHHi")
            if encoding == Encoding.LAST_RECT and encoding in self._encodings:
                break
            # Raw is always allowed (RFC 6143 §7.5.2), asked for or not.
            if encoding not in self._encodings and encoding != Encoding.RAW:
                raise RfbError(RfbProblem.UNKNOWN_ENCODING, encoding)
            if encoding >= 0 and not fb.contains(x, y, w, h):
                raise RfbError(RfbProblem.OUTSIDE, f"{w}×{h}+{x}+{y}", fb.width, fb.height)
            if encoding == Encoding.RAW:
                decode_raw(reader, fb, x, y, w, h)
            elif encoding == Encoding.COPYRECT:
                decode_copyrect(reader, fb, x, y, w, h)
            elif encoding == Encoding.HEXTILE:
                decode_hextile(reader, fb, x, y, w, h)
            elif encoding == Encoding.ZRLE:
                self._zrle.decode(reader, fb, x, y, w, h)
            elif encoding == Encoding.TIGHT:
                self._tight.decode(reader, fb, x, y, w, h)
            elif encoding == Encoding.DESKTOP_SIZE:
                resized |= self._resize(w, h)
            elif encoding == Encoding.EXTENDED_DESKTOP_SIZE:
                (screens,) = reader.unpack(">B3x")
                reader.read(16 * screens)
                if y == 0:  # status 0: a change (not a refusal of a request of ours)
                    resized |= self._resize(w, h)
            elif encoding == Encoding.CURSOR:
                self._cursor(x, y, w, h)
            elif encoding == Encoding.QEMU_EXTENDED_KEY:
                self._extended_keys = True
            else:
                raise RfbError(RfbProblem.UNKNOWN_ENCODING, encoding)
            last_encoding = _ENCODING_LABELS.get(Encoding(encoding), last_encoding)
        return last_encoding, resized

    def _resize(self, width: int, height: int) -> bool:
        if not size_acceptable(width, height):
            raise RfbError(RfbProblem.TOO_LARGE, width, height)
        if (width, height) == (self.framebuffer.width, self.framebuffer.height):
            return False
        self.framebuffer.resize(width, height)
        self._listener.rfb_resized(width, height)
        return True

    def _cursor(self, hot_x: int, hot_y: int, width: int, height: int) -> None:
        if width > MAX_CURSOR_SIDE or height > MAX_CURSOR_SIDE:
            raise RfbError(RfbProblem.TOO_LARGE, width, height)
        colours = bytearray(self._reader.read(width * height * 4))
        mask = self._reader.read(((width + 7) // 8) * height)
        if width and height:
            bits = unpack_indices(mask, 1, width, height)
            colours[3::4] = bits.translate(bytes([0]) + bytes([255]) * 255)
        self._listener.rfb_cursor(CursorShape(width, height, hot_x, hot_y, bytes(colours)))


def _replace_fps(stats: VncStats, fps: float) -> VncStats:
    return dataclasses.replace(stats, fps=fps)
