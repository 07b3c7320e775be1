"""Reading RFB's big-endian fields from a socket with a deadline, and from a decoded buffer.

:class:`SocketReader` never waits forever in the middle of a message: once a message has
begun, all of it must arrive before ``message_timeout`` (a server that trickles one byte a
second — a slow loris — is cut off). Between messages it may wait as long as the screen is
still. :class:`BufferReader` reads the decompressed payload of ZRLE and Tight rectangles and
turns running off its end into a clear error instead of an ``IndexError``.
"""

from __future__ import annotations

import select
import socket
import struct
import time

from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem

_CHUNK = 1 << 20


class SocketReader:
    def __init__(self, sock: socket.socket, message_timeout: float) -> None:
        self._sock = sock
        self._timeout = message_timeout
        self._buffer = bytearray()
        self._deadline: float | None = None
        self.bytes_received = 0

    def begin_message(self) -> None:
        """Starts the deadline (called when a new message's first byte is wanted)."""
        self._deadline = None

    def start_deadline(self) -> None:
        self._deadline = time.monotonic() + self._timeout

    def _fill(self, wanted: int) -> None:
        while len(self._buffer) < wanted:
            if self._deadline is None and self._buffer:
                # The message began in bytes that arrived with the one before it.
                self._deadline = time.monotonic() + self._timeout
            if self._deadline is None:
                timeout = None  # idle between messages: a still screen sends nothing
            else:
                timeout = self._deadline - time.monotonic()
                if timeout <= 0:
                    raise RfbError(RfbProblem.TIMEOUT, f"{self._timeout:g}")
            try:
                ready, _, _ = select.select([self._sock], [], [], timeout)
                if not ready:
                    continue
                chunk = self._sock.recv(max(_CHUNK, wanted - len(self._buffer)))
            except (OSError, ValueError) as error:
                raise RfbError(RfbProblem.SOCKET, error) from error
            if not chunk:
                raise RfbError(RfbProblem.CLOSED)
            if self._deadline is None:
                self._deadline = time.monotonic() + self._timeout
            self.bytes_received += len(chunk)
            self._buffer += chunk

    def read(self, count: int) -> bytes:
        self._fill(count)
        with memoryview(self._buffer) as view:  # one copy, not a slice and then its bytes
            data = bytes(view[:count])
        del self._buffer[:count]
        return data

    def refill(self, consumed: int, wanted: int) -> bytearray:
        """Drops the first ``consumed`` buffered bytes and returns the buffer itself, holding
        at least ``wanted`` bytes: for decoders that parse many small fields in place (an
        index into a bytearray instead of a call per field). They end with :meth:`consume`."""
        if consumed:
            del self._buffer[:consumed]
        self._fill(wanted)
        return self._buffer

    def consume(self, count: int) -> None:
        del self._buffer[:count]

    def u8(self) -> int:
        return self.read(1)[0]

    def u16(self) -> int:
        value: int = struct.unpack(">H", self.read(2))[0]
        return value

    def u32(self) -> int:
        value: int = struct.unpack(">I", self.read(4))[0]
        return value

    def s32(self) -> int:
        value: int = struct.unpack(">i", self.read(4))[0]
        return value

    def unpack(self, fmt: str) -> tuple[int, ...]:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))


class BufferReader:
    def __init__(self, data: bytes, what: str) -> None:
        self.data = data
        self.pos = 0
        self._what = what

    def read(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise RfbError(RfbProblem.MALFORMED, f"{self._what} ends early")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def u8(self) -> int:
        if self.pos >= len(self.data):
            raise RfbError(RfbProblem.MALFORMED, f"{self._what} ends early")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def remaining(self) -> int:
        return len(self.data) - self.pos
