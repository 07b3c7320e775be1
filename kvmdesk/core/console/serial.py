"""A VM's serial console: ``virDomainOpenConsole`` over a non-blocking stream.

:class:`SerialStream` owns one console stream. libvirt's event thread (see
:mod:`kvmdesk.core.connection.libvirt_loop`) tells it when the stream is readable or
writable, like every other libvirt event; it reads and writes there, never blocking
(``VIR_STREAM_NONBLOCK``), and hands what it read to the asyncio loop with
``call_soon_threadsafe``. It is bounded both ways: at most :data:`MAX_PENDING_OUT` bytes
wait to be written (more is refused), and when :data:`MAX_PENDING_IN` bytes wait for the
loop, reading pauses until the loop has taken them (the guest then waits, as on a real
serial line with flow control).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable
from typing import Any

import libvirt

from kvmdesk.core.types.errors import one_line

READ_CHUNK = 64 * 1024
MAX_PENDING_IN = 1024 * 1024
MAX_PENDING_OUT = 256 * 1024

_ERROR_EVENTS = libvirt.VIR_STREAM_EVENT_ERROR | libvirt.VIR_STREAM_EVENT_HANGUP


def break_command(alias: str) -> str:
    """The QMP command that sends a break to the serial port with this alias."""
    # libvirt names a device's character backend "char" + its alias.
    return json.dumps({"execute": "chardev-send-break", "arguments": {"id": f"char{alias}"}})


class SerialStream:
    """One open console stream; data and closing are reported on the loop.

    ``on_data(bytes)`` receives what the guest wrote; ``on_closed(reason)`` is called once,
    with "" when :meth:`close` ended it and libvirt's words otherwise.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        on_data: Callable[[bytes], None],
        on_closed: Callable[[str], None],
    ) -> None:
        self._loop = loop
        self._on_data = on_data
        self._on_closed = on_closed
        self._lock = threading.Lock()
        self._stream: Any = None
        self._out = bytearray()
        self._pending_in = 0
        self._reading = True
        self._closed = False
        self.bytes_in = 0
        self.bytes_out = 0

    @property
    def is_open(self) -> bool:
        return self._stream is not None and not self._closed

    # ------------------------------------------------------------ in the pool

    def open(self, conn: Any, domain: Any) -> None:
        """Open the console (blocking: run it in the session's pool)."""
        stream = conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
        try:
            # FORCE: take the console over from a stale client (our own, after a reconnect).
            domain.openConsole(None, stream, libvirt.VIR_DOMAIN_CONSOLE_FORCE)
            stream.eventAddCallback(self._events(), self._on_event, None)
        except libvirt.libvirtError:
            with contextlib.suppress(libvirt.libvirtError):
                stream.abort()
            raise
        self._stream = stream

    def close_blocking(self) -> None:
        """Stop the callbacks and abort the stream (blocking; never raises)."""
        with self._lock:
            stream, self._stream = self._stream, None
            already = self._closed
            self._closed = True
        if stream is None:
            return
        with contextlib.suppress(libvirt.libvirtError):
            stream.eventRemoveCallback()
        with contextlib.suppress(libvirt.libvirtError):
            stream.abort()
        if not already:
            self._hop(self._on_closed, "")

    # ------------------------------------------------------------ on the loop

    def write(self, data: bytes) -> bool:
        """Queue ``data`` for the guest; False (nothing queued) when the queue is full."""
        with self._lock:
            if self._closed or self._stream is None:
                return False
            if len(self._out) + len(data) > MAX_PENDING_OUT:
                return False
            self._out += data
        self._update_events()
        return True

    def _consumed(self, count: int) -> None:
        with self._lock:
            self._pending_in -= count
            resume = not self._reading and self._pending_in < MAX_PENDING_IN // 2
            if resume:
                self._reading = True
        if resume:
            self._update_events()

    # ------------------------------------------------- on libvirt's event thread

    def _events(self) -> int:
        events: int = _ERROR_EVENTS
        if self._reading:
            events |= libvirt.VIR_STREAM_EVENT_READABLE
        if self._out:
            events |= libvirt.VIR_STREAM_EVENT_WRITABLE
        return events

    def _update_events(self) -> None:
        with self._lock:
            stream = self._stream
            events = self._events()
        if stream is None:
            return
        with contextlib.suppress(libvirt.libvirtError):
            stream.eventUpdateCallback(events)

    def _on_event(self, stream: Any, events: int, _opaque: object) -> None:
        try:
            if events & libvirt.VIR_STREAM_EVENT_READABLE:
                self._read(stream)
            if self._closed:
                return
            if events & libvirt.VIR_STREAM_EVENT_WRITABLE:
                self._write(stream)
            if events & _ERROR_EVENTS and not events & libvirt.VIR_STREAM_EVENT_READABLE:
                self._fail(stream, "the console closed")
                return
        except libvirt.libvirtError as error:
            self._fail(stream, one_line(str(error.get_error_message() or error)))
            return
        self._update_events()

    def _read(self, stream: Any) -> None:
        data = stream.recv(READ_CHUNK)
        if isinstance(data, int):  # -2: nothing after all (EAGAIN)
            return
        if not data:
            self._fail(stream, "the console closed")
            return
        with self._lock:
            self._pending_in += len(data)
            self.bytes_in += len(data)
            if self._pending_in >= MAX_PENDING_IN:
                self._reading = False
        self._hop(self._deliver, bytes(data))

    def _write(self, stream: Any) -> None:
        with self._lock:
            chunk = bytes(self._out[:READ_CHUNK])
        if not chunk:
            return
        sent = stream.send(chunk)
        if sent > 0:
            with self._lock:
                del self._out[:sent]
                self.bytes_out += sent

    def _fail(self, stream: Any, reason: str) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stream = None
        with contextlib.suppress(libvirt.libvirtError):
            stream.eventRemoveCallback()
        with contextlib.suppress(libvirt.libvirtError):
            stream.abort()
        self._hop(self._on_closed, reason)

    def _hop(self, function: Callable[..., None], *args: Any) -> None:
        if self._loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in between
            self._loop.call_soon_threadsafe(function, *args)

    def _deliver(self, data: bytes) -> None:
        try:
            if not self._closed:
                self._on_data(data)
        finally:
            self._consumed(len(data))
