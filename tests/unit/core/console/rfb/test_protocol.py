"""Handshake variants, authentication, and the messages the client sends."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from kvmdesk.core.console.rfb.client import RfbClient
from kvmdesk.core.console.rfb.errors import PasswordRequired, RfbProblem
from kvmdesk.core.console.rfb.messages import PIXEL_FORMAT
from tests.helpers.rfb_server import (
    Connect,
    RecordingListener,
    ServerOptions,
    pattern_image,
    serve_pair,
)

TIMEOUT = 10


@pytest.mark.parametrize(
    "version", [b"RFB 003.003\n", b"RFB 003.007\n", b"RFB 003.008\n", b"RFB 003.889\n"]
)
@pytest.mark.parametrize("security", [1, 2])
def test_versions_and_security_types(connect: Connect, version: bytes, security: int) -> None:
    image = pattern_image(64, 32)
    options = ServerOptions(version=version, security=(security,), password="s3cret")
    server, _client, listener = connect(image, options, password="s3cret", encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT), listener.events
    assert listener.error is None
    assert server.wait_message("pixel-format").values == (PIXEL_FORMAT,)


def test_none_is_preferred_when_both_are_offered(connect: Connect) -> None:
    _, _, listener = connect(pattern_image(16, 16), ServerOptions(security=(2, 1)))
    assert listener.first_frame.wait(TIMEOUT)


def test_wrong_password_is_reported_with_the_servers_reason(connect: Connect) -> None:
    options = ServerOptions(security=(2,), password="right")
    _, _client, listener = connect(pattern_image(16, 16), options, password="wrong")
    assert listener.closed.wait(TIMEOUT)
    assert listener.error.problem is RfbProblem.AUTH_FAILED  # type: ignore[attr-defined]
    assert "authentication failed" in str(listener.error)


def test_no_password_asks_for_one_and_closes() -> None:
    server, client_end = serve_pair(
        pattern_image(16, 16), ServerOptions(security=(2,), password="x")
    )
    listener = RecordingListener()
    client = RfbClient(client_end, listener)
    client.start()
    try:
        assert listener.closed.wait(TIMEOUT)
        assert isinstance(listener.error, PasswordRequired)
        assert client_end.fileno() == -1  # the socket is closed
    finally:
        server.stop()


def test_unsupported_security_types_are_named(connect: Connect) -> None:
    _, _, listener = connect(pattern_image(16, 16), ServerOptions(security=(16, 19)))
    assert listener.closed.wait(TIMEOUT)
    assert str(listener.error).endswith("(offered: 16, 19)")


def test_encodings_are_sent_best_first_with_pseudo_encodings(connect: Connect) -> None:
    server, _, listener = connect(pattern_image(16, 16))
    assert listener.first_frame.wait(TIMEOUT)
    sent = list(server.wait_message("encodings").values)
    assert sent[:5] == [7, -250, 16, 5, 1] and 0 in sent
    assert {-223, -308, -239, -224, -258} <= set(sent)
    assert server.used_encoding == 7


def test_unknown_encoding_names_are_refused() -> None:
    a, b = socket.socketpair()
    with pytest.raises(ValueError, match="unknown VNC encoding 'h264'"):
        RfbClient(b, RecordingListener(), encodings=["h264"])
    a.close()
    b.close()


def test_input_messages(connect: Connect) -> None:
    server, client, listener = connect(pattern_image(64, 48), encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT)
    assert client.extended_keys
    client.key(True, 0xFFE3, 0x1D)
    assert server.wait_message("qemu-key").values == (1, 0xFFE3, 0x1D)
    client.key(False, 0x61, 0)  # no scancode: falls back to the keysym event
    assert server.wait_message("key").values == (0, 0x61)
    client.keysym(True, 0x41)
    assert server.wait_message("key").values == (1, 0x41)
    client.pointer(0b101, 10, 20)
    assert server.wait_message("pointer").values == (5, 10, 20)
    client.pointer(0, 500, -3)  # clamped into the screen
    assert server.wait_message("pointer").values == (0, 63, 0)
    client.cut_text("héllo")
    assert server.wait_message("cut-text").values == ("héllo",)


def test_without_the_qemu_acknowledgement_keys_are_keysyms(connect: Connect) -> None:
    server, client, listener = connect(pattern_image(16, 16), ServerOptions(qemu_keys=False))
    assert listener.first_frame.wait(TIMEOUT)
    client.key(True, 0xFF0D, 0x1C)
    assert server.wait_message("key").values == (1, 0xFF0D)


def test_bell_and_server_cut_text(connect: Connect) -> None:
    server, _, listener = connect(pattern_image(16, 16), encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT)
    text = "copied in the guest".encode("latin-1")
    server.send(b"\x02" + struct.pack(">B3xI", 3, len(text)) + text)
    server.send(struct.pack(">BxHH", 1, 0, 2) + bytes(12))  # colour map entries: skipped
    server.send(b"\x02")
    deadline = time.monotonic() + TIMEOUT
    while [e for e, _ in listener.events].count("bell") < 2:
        assert time.monotonic() < deadline, listener.events
        time.sleep(0.01)
    assert ("cut-text", ("copied in the guest",)) in listener.events
    assert listener.error is None


def test_close_reports_no_error(connect: Connect) -> None:
    _, client, listener = connect(pattern_image(16, 16))
    assert listener.first_frame.wait(TIMEOUT)
    client.close()
    assert listener.closed.wait(TIMEOUT)
    assert listener.error is None


def test_stats_count_frames(connect: Connect) -> None:
    _server, client, listener = connect(pattern_image(32, 32), encodings=["zrle"])
    assert listener.first_frame.wait(TIMEOUT)
    stats = client.stats()
    assert (stats.width, stats.height, stats.desktop_name, stats.encoding) == (
        32,
        32,
        "kvmdesk test",
        "zrle",
    )
    assert stats.fps >= 1 and stats.latency_ms >= 0
