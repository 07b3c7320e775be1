"""The decoder in a child process: the same pixels, messages and endings as in a thread."""

from __future__ import annotations

import os
import signal
import socket
import time

import pytest

from kvmdesk.core.console.rfb.client import RfbClient
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbError, RfbProblem
from kvmdesk.core.console.rfb.process import ProcessRfbClient, make_client
from tests.helpers.rfb_server import (
    DESKTOP_SIZE,
    Connect,
    RecordingListener,
    ServerOptions,
    cursor_rect,
    pattern_image,
    rect_header,
    rgb_of,
)

TIMEOUT = 20


@pytest.mark.parametrize("encoding", ["raw", "hextile", "zrle", "tight"])
def test_child_decodes_each_encoding_exactly(connect: Connect, encoding: str) -> None:
    image = pattern_image()
    _, client, listener = connect(image, encodings=[encoding], process=True)
    assert listener.first_frame.wait(TIMEOUT), listener.events
    data, _, _ = client.framebuffer.snapshot()
    assert rgb_of(data) == image.rgb()
    assert listener.events[0] == ("connected", ("kvmdesk test", 320, 192))
    assert client.stats().encoding == encoding and client.stats().fps >= 1


def test_child_forwards_input_resize_cursor_and_text(connect: Connect) -> None:
    server, client, listener = connect(pattern_image(64, 48), encodings=["raw"], process=True)
    assert listener.first_frame.wait(TIMEOUT)
    assert client.extended_keys
    client.key(True, 0xFFE3, 0x1D)
    assert server.wait_message("qemu-key").values == (1, 0xFFE3, 0x1D)
    client.keysym(False, 0x41)
    assert server.wait_message("key").values == (0, 0x41)
    client.pointer(1, 5, 6)
    assert server.wait_message("pointer").values == (1, 5, 6)
    client.cut_text("to the guest")
    assert server.wait_message("cut-text").values == ("to the guest",)
    server.on_request = lambda srv, incremental: None
    server.send_update([cursor_rect(1, 2, 1, 1, b"\x01\x02\x03\x00", b"\x80")])
    server.send(b"\x02\x03\x00\x00\x00\x00\x00\x00\x04text")
    server.send_update([rect_header(0, 0, 80, 60, DESKTOP_SIZE)])
    deadline = time.monotonic() + TIMEOUT
    while ("resized", (80, 60)) not in listener.events:
        assert time.monotonic() < deadline, listener.events
        time.sleep(0.02)
    kinds = [kind for kind, _ in listener.events]
    assert {"cursor", "bell", "cut-text"} <= set(kinds)
    assert ("cut-text", ("text",)) in listener.events
    assert (client.framebuffer.width, client.framebuffer.height) == (80, 60)


@pytest.mark.parametrize(
    ("misbehave", "problem"),
    [("huge-desktop", RfbProblem.TOO_LARGE), ("unknown-encoding", RfbProblem.UNKNOWN_ENCODING)],
)
def test_child_reports_a_hostile_server(
    connect: Connect, misbehave: str, problem: RfbProblem
) -> None:
    options = ServerOptions(misbehave=misbehave)
    _, _, listener = connect(pattern_image(64, 48), options, encodings=["raw"], process=True)
    assert listener.closed.wait(TIMEOUT)
    assert isinstance(listener.error, RfbError) and listener.error.problem is problem
    assert [kind for kind, _ in listener.events].count("closed") == 1


def test_child_asks_for_a_password(connect: Connect) -> None:
    options = ServerOptions(security=(2,), password="pw")
    _, _, listener = connect(pattern_image(16, 16), options, process=True)
    assert listener.closed.wait(TIMEOUT)
    assert isinstance(listener.error, PasswordRequired)


def test_close_ends_the_child(connect: Connect) -> None:
    _, client, listener = connect(pattern_image(16, 16), process=True)
    assert listener.first_frame.wait(TIMEOUT)
    pid = client.decoder_pid  # type: ignore[union-attr]
    assert pid is not None
    client.close()
    assert listener.closed.wait(TIMEOUT) and listener.error is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_a_killed_child_is_a_clear_error(connect: Connect) -> None:
    _, client, listener = connect(pattern_image(16, 16), process=True)
    assert listener.first_frame.wait(TIMEOUT)
    os.kill(client.decoder_pid, signal.SIGKILL)  # type: ignore[union-attr, arg-type]
    assert listener.closed.wait(TIMEOUT)
    assert "the decoder process ended" in str(listener.error)


def test_jpeg_keeps_the_decoder_in_this_process() -> None:
    pairs = [socket.socketpair() for _ in range(2)]
    listener = RecordingListener()
    with_jpeg = make_client(
        pairs[0][1], listener, encodings=["tight", "jpeg"], jpeg_decoder=lambda d, w, h: b""
    )
    without = make_client(pairs[1][1], listener, encodings=["tight"])
    assert isinstance(with_jpeg, RfbClient) and isinstance(without, ProcessRfbClient)
    for a, b in pairs:
        a.close()
        b.close()
