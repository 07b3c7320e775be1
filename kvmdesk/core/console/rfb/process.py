"""An RFB client whose decoding runs in a child process (:mod:`child`).

:class:`ProcessRfbClient` has :class:`~kvmdesk.core.console.rfb.client.RfbClient`'s surface
(start, close, input, stats, ``framebuffer``) and reports to the same listener, so the view
uses either. Here a receiving thread, asleep in ``recv`` most of the time, copies each
finished update's changed rectangles into :attr:`framebuffer`; the child does the decoding
on its own interpreter. The GUI thread then never waits for a decoder to let go of the
interpreter lock (the stall a decoder thread causes on a loaded machine: BENCHMARKS.md).
JPEG needs Qt, which the child does not load: a client that asks for JPEG decodes in a
thread (see :func:`make_client`).
"""

from __future__ import annotations

import collections
import dataclasses
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from kvmdesk.core.console.rfb import messages
from kvmdesk.core.console.rfb.client import (
    DEFAULT_MESSAGE_TIMEOUT,
    CursorShape,
    RfbClient,
    RfbListener,
    VncStats,
)
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.tight import JpegDecoder

_CHILD_EXIT_SECONDS = 5.0


class ProcessRfbClient:
    def __init__(
        self,
        sock: socket.socket,
        listener: RfbListener,
        *,
        password: str | None = None,
        encodings: Sequence[str] | None = None,
        shared: bool = True,
        message_timeout: float = DEFAULT_MESSAGE_TIMEOUT,
    ) -> None:
        messages.encodings_for(encodings)  # unknown names: ValueError now, not in the child
        self.framebuffer = SharedFramebuffer()
        self._listener = listener
        self._sock = sock
        self._options = {
            "password": password,
            "encodings": None if encodings is None else list(encodings),
            "shared": shared,
            "message_timeout": message_timeout,
        }
        self._control: Connection | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._send_lock = threading.Lock()
        self._ended = threading.Event()
        self._finish_lock = threading.Lock()
        self._user_closed = False
        self._stats = VncStats()
        self._extended_keys = False
        self._frame_times: collections.deque[float] = collections.deque(maxlen=240)
        self._thread = threading.Thread(target=self._receive_loop, name="rfb-receiver", daemon=True)

    def start(self) -> None:
        parent_end, child_end = socket.socketpair()
        # The same interpreter, in the same mode (the AppImage runs it isolated, -I).
        command = [sys.executable, *(["-I"] if sys.flags.isolated else [])]
        try:
            self._process = subprocess.Popen(
                [
                    *command,
                    "-m",
                    "kvmdesk.core.console.rfb.child",
                    str(self._sock.fileno()),
                    str(child_end.fileno()),
                ],
                pass_fds=(self._sock.fileno(), child_end.fileno()),
                stdin=subprocess.DEVNULL,
            )
        except OSError as error:
            parent_end.close()
            self._finish(
                RfbError(RfbProblem.SOCKET, f"the decoder process did not start ({error})")
            )
            return
        finally:
            child_end.close()
            self._sock.close()  # the child has its own copy now
        self._control = Connection(parent_end.detach())
        self._control.send(self._options)
        self._thread.start()

    @property
    def decoder_pid(self) -> int | None:
        """The child process's id (for measurements); None before start."""
        return None if self._process is None else self._process.pid

    # -- the same surface as RfbClient --------------------------------------------------
    @property
    def extended_keys(self) -> bool:
        return self._extended_keys

    def stats(self) -> VncStats:
        recent = [t for t in self._frame_times if t > time.monotonic() - 1.0]
        return dataclasses.replace(self._stats, fps=float(len(recent)))

    def key(self, down: bool, keysym: int, qnum: int = 0) -> None:
        self._send(("key", down, keysym, qnum))

    def keysym(self, down: bool, keysym: int) -> None:
        self._send(("keysym", down, keysym))

    def pointer(self, buttons: int, x: int, y: int) -> None:
        self._send(("pointer", buttons, x, y))

    def cut_text(self, text: str) -> None:
        self._send(("cut-text", text))

    def close(self) -> None:
        if self._user_closed:
            return
        self._user_closed = True
        self._send(("close",))
        if self._control is None:
            self._finish(None)

    def wait_closed(self, timeout: float) -> bool:
        return self._ended.wait(timeout)

    # -- the receiving thread -----------------------------------------------------------
    def _send(self, message: tuple[Any, ...]) -> None:
        with self._send_lock:
            if self._control is None or self._ended.is_set():
                return
            try:
                self._control.send(message)
            except OSError:
                pass  # the child is gone: the receiving thread reports it

    def _receive_loop(self) -> None:
        assert self._control is not None
        error: RfbError | None = RfbError(RfbProblem.SOCKET, "the decoder process ended")
        try:
            while True:
                message = self._control.recv()
                if message[0] == "closed":
                    error = _error(message[1], message[2], message[3])
                    break
                self._dispatch(message)
        except (EOFError, OSError):
            pass
        except Exception as failure:  # a listener's bug must not leave the child running
            error = RfbError(RfbProblem.MALFORMED, f"{type(failure).__name__}: {failure}")
        self._finish(error)

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        fb = self.framebuffer
        if kind == "connected":
            _, name, width, height = message
            fb.resize(width, height)
            self._stats = VncStats(width, height, "", 0.0, 0.0, name)
            self._listener.rfb_connected(name, width, height)
        elif kind == "resized":
            fb.resize(message[1], message[2])
            self._listener.rfb_resized(message[1], message[2])
        elif kind == "frame":
            _, first, rects, stats, extended = message
            assert self._control is not None
            for x, y, w, h in rects:
                pixels = self._control.recv_bytes(w * h * 4)  # each region's pixels follow
                if fb.contains(x, y, w, h) and len(pixels) == w * h * 4:
                    fb.blit(x, y, w, h, pixels)
            self._stats, self._extended_keys = stats, extended
            self._frame_times.append(time.monotonic())
            self._listener.rfb_frame(first)
        elif kind == "cursor":
            self._listener.rfb_cursor(CursorShape(*message[1:]))
        elif kind == "bell":
            self._listener.rfb_bell()
        elif kind == "cut-text":
            self._listener.rfb_cut_text(message[1])

    def _finish(self, error: RfbError | None) -> None:
        with self._finish_lock:
            if self._ended.is_set():
                return
            self._ended.set()
        if self._user_closed:
            error = None
        with self._send_lock:
            if self._control is not None:
                self._control.close()  # the child's command loop ends on it
        process = self._process
        if process is not None:
            try:
                process.wait(_CHILD_EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._listener.rfb_closed(error)


def _error(problem: str | None, details: tuple[str, ...], password: bool) -> RfbError | None:
    if password:
        return PasswordRequired()
    if problem is None:
        return None
    return RfbError(RfbProblem[problem], *details)


def make_client(
    sock: socket.socket,
    listener: RfbListener,
    *,
    password: str | None = None,
    encodings: Sequence[str] | None = None,
    shared: bool = True,
    jpeg_decoder: JpegDecoder | None = None,
) -> RfbClient | ProcessRfbClient:
    """The client for a connection: decoding in a child process, unless JPEG is asked for
    (its decoder is the caller's, in this process) — then in a thread."""
    wants_jpeg = encodings is not None and "jpeg" in [name.lower() for name in encodings]
    if wants_jpeg and jpeg_decoder is not None:
        return RfbClient(
            sock,
            listener,
            password=password,
            encodings=encodings,
            shared=shared,
            jpeg_decoder=jpeg_decoder,
        )
    return ProcessRfbClient(sock, listener, password=password, encodings=encodings, shared=shared)
