"""Broken or hostile servers: each ends with a clear message and a closed connection, in
bounded time and memory."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from tests.helpers.rfb_server import Connect, ServerOptions, pattern_image

CASES = [
    ("truncated", RfbProblem.TIMEOUT, "stopped answering in the middle of a message (1 s)"),
    ("truncated-joined", RfbProblem.TIMEOUT, "in the middle of a message (1 s)"),
    ("truncated-close", RfbProblem.CLOSED, "closed the connection"),
    ("unknown-encoding", RfbProblem.UNKNOWN_ENCODING, "used encoding 16962"),
    ("huge-desktop", RfbProblem.TOO_LARGE, "a 65535×65535 screen"),
    ("huge-init", RfbProblem.TOO_LARGE, "a 65535×65535 screen"),
    ("outside", RfbProblem.OUTSIDE, "rectangle 8×8+60+44 outside its 64×48 screen"),
    ("security-result", RfbProblem.BAD_SECURITY_RESULT, "invalid security result (7)"),
    ("auth-reject", RfbProblem.AUTH_FAILED, "authentication failed"),
    ("slow-loris", RfbProblem.TIMEOUT, "stopped answering"),
    ("zlib-bomb", RfbProblem.MALFORMED, "inflates past its size"),
    ("not-rfb", RfbProblem.NOT_RFB, "is not a VNC server"),
]


@pytest.mark.parametrize(("misbehave", "problem", "text"), CASES, ids=[c[0] for c in CASES])
def test_hostile_server_ends_with_a_message(
    connect: Connect, misbehave: str, problem: RfbProblem, text: str
) -> None:
    tracemalloc.start()
    try:
        started = time.monotonic()
        options = ServerOptions(misbehave=misbehave)
        _, client, listener = connect(
            pattern_image(64, 48), options, encodings=["zrle", "raw"], message_timeout=1.0
        )
        assert listener.closed.wait(10), f"no end after {misbehave}"
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(listener.error, RfbError)
    assert listener.error.problem is problem
    assert text in str(listener.error)
    assert elapsed < 5
    assert peak < 8 * 1024 * 1024  # no 16 GiB framebuffer, no 64 MiB inflated bomb
    assert client.wait_closed(1)
    assert [e for e, _ in listener.events].count("closed") == 1
