"""A second launch hands its connections to the running window, which opens them.

The launching side is the real ``python -m kvmdesk`` in a subprocess; the running side is
the app wiring of these tests with its :class:`InstanceServer`.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kvmdesk.app import Application
from kvmdesk.core.util.instance import Handover, hand_over, socket_path
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.main.single_instance import InstanceServer
from tests.helpers.qt_async import AsyncRunner

REPO = Path(__file__).resolve().parents[3]
OTHER = "test:///default"


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short: a unix socket path has at most 107 bytes, pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="kvmdesk-rt-") as folder:
        monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
        yield Path(folder)


@pytest.fixture
def server(demo_app: Application, runtime_dir: Path, tmp_path: Path) -> Iterator[InstanceServer]:
    path = socket_path(tmp_path / "connections.json")
    serving = InstanceServer(
        path,
        lambda handover: demo_app.controller.open_from_another_launch(
            handover.connect, handover.demo
        ),
    )
    assert serving.listen()
    yield serving
    serving.close()
    assert not path.exists()


def _hand_over(runner: AsyncRunner, path: Path, message: Handover) -> bool:
    return bool(runner.run(asyncio.to_thread(hand_over, path, message)))


def test_a_second_launch_gives_its_connection_to_the_running_window(
    demo_app: Application, server: InstanceServer, runner: AsyncRunner, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [
        sys.executable,
        "-m",
        "kvmdesk",
        "--config",
        str(tmp_path / "connections.json"),
        "--connect",
        OTHER,
    ]
    started = time.monotonic()
    result = runner.run(
        asyncio.to_thread(
            subprocess.run, command, env=env, cwd=REPO, capture_output=True, text=True, timeout=60
        )
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert OTHER in demo_app.inventory.sessions
    session = demo_app.inventory.sessions[OTHER]
    runner.until(lambda: session.connected, timeout=30)
    assert not demo_app.inventory.saves or OTHER not in demo_app.inventory.autoconnect
    print(f"\nsecond launch handed over and exited in {elapsed:.2f} s")


def test_a_uri_that_runs_a_program_is_refused_when_handed_over(
    demo_app: Application, server: InstanceServer, runner: AsyncRunner
) -> None:
    uri = "qemu+ext:///system?command=/bin/true"
    before = set(demo_app.inventory.sessions)
    assert _hand_over(runner, server.path, Handover((uri,)))
    assert set(demo_app.inventory.sessions) == before
    last = demo_app.window.notifications.history[-1]
    assert last.level is Level.ERROR
    assert "/bin/true" in last.message


@pytest.mark.parametrize(
    "line",
    [b"not json\n", b'{"connect": 5}\n', b'{"connect": ["bad uri with spaces"]}\n', b"[]\n"],
)
def test_a_malformed_message_is_answered_with_an_error_and_opens_nothing(
    demo_app: Application, server: InstanceServer, runner: AsyncRunner, line: bytes
) -> None:
    import socket

    def send() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(10)
            client.connect(str(server.path))
            client.sendall(line)
            return client.recv(256)

    before = set(demo_app.inventory.sessions)
    answer = runner.run(asyncio.to_thread(send))
    assert answer.startswith(b"error: ")
    assert set(demo_app.inventory.sessions) == before


def test_a_stale_socket_is_replaced_and_nobody_answering_means_start_alone(
    runtime_dir: Path, tmp_path: Path, qapp: Any
) -> None:
    path = socket_path(tmp_path / "connections.json")
    import socket

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as left:
        left.bind(str(path))  # bound, never listening: what a killed app leaves
    assert not hand_over(path, Handover((OTHER,)), timeout=2)
    serving = InstanceServer(path, lambda _handover: None)
    assert serving.listen()
    serving.close()
