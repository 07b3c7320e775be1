"""Connecting to an ssh host that never answers: bounded, cancellable, and never blocking quit.

The host is a real ``ssh`` client (the one libvirt's ssh transport runs) talking to a
listener on 127.0.0.1 that accepts TCP and never sends its banner — the case that kept a
``qemu+ssh://`` row "Connecting…" for minutes and kept the process alive after Quit.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.aio import run, until
from tests.helpers.integration.availability import unavailable
from tests.helpers.paths import ROOT
from tests.helpers.qt_async import AsyncRunner
from tests.helpers.stall_listener import (
    StallListener,
    children_of,
    command_of,
    exists,
    stall_listener,
)


@pytest.fixture
def listener() -> Iterator[StallListener]:
    if shutil.which("ssh") is None:
        unavailable("no ssh client (Debian package openssh-client)", "ssh transport")
    with stall_listener() as stalled:
        yield stalled


def _ssh_among(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path((command_of(pid) or [""])[0]).name == "ssh"]


async def _ssh_child(session: Session) -> int:
    await until(lambda: _ssh_among(session.child_processes()), "libvirt to start ssh", timeout=20)
    (pid,) = _ssh_among(session.child_processes())
    return pid


def test_open_gives_up_after_the_timeout_and_ends_ssh(listener: StallListener) -> None:
    async def scenario() -> tuple[float, int]:
        session = Session(listener.ssh_uri(), reconnect=False, connect_timeout=2.0)
        started = time.monotonic()
        connecting = asyncio.ensure_future(session.connect())
        pid = await _ssh_child(session)
        await connecting
        elapsed = time.monotonic() - started
        assert session.state is ConnectionState.ERROR
        assert session.message == "no answer from 127.0.0.1 within 2 s (connection timed out)"
        await session.close()
        return elapsed, pid

    elapsed, pid = run(scenario())
    assert 2.0 <= elapsed < 4.0
    assert not exists(pid), "the ssh libvirt started outlived the timeout"


def test_disconnect_cancels_connecting_and_ends_ssh(listener: StallListener) -> None:
    async def scenario() -> tuple[float, int]:
        session = Session(listener.ssh_uri(), reconnect=False, connect_timeout=60.0)
        connecting = asyncio.ensure_future(session.connect())
        pid = await _ssh_child(session)
        started = time.monotonic()
        await session.disconnect()
        elapsed = time.monotonic() - started
        assert session.state is ConnectionState.DISCONNECTED
        await asyncio.wait_for(connecting, 5)  # the open returned once ssh had gone
        assert session.state is ConnectionState.DISCONNECTED, session.message
        await session.close()
        return elapsed, pid

    elapsed, pid = run(scenario())
    assert elapsed < 1.0
    assert not exists(pid)


def test_app_quits_within_two_seconds_while_ssh_hangs(
    listener: StallListener, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    child = subprocess.Popen(
        [sys.executable, "-m", "kvmdesk", "--connect", listener.ssh_uri()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        ssh: list[int] = []
        while not ssh and time.monotonic() < deadline and child.poll() is None:
            ssh = _ssh_among(children_of(child.pid))
            time.sleep(0.05)
        assert ssh, f"kvmdesk never started ssh: {child.poll()=}"
        time.sleep(0.2)  # the open is stuck on the silent host (the window may still be starting)
        started = time.monotonic()
        child.send_signal(signal.SIGTERM)  # quits like the Quit action
        code = child.wait(timeout=10)
        elapsed = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    _, stderr = child.communicate()
    assert code == 0, stderr
    assert elapsed < 2.0, f"quit took {elapsed:.2f} s"
    assert not any(exists(pid) for pid in ssh), "ssh outlived kvmdesk"
    assert "Traceback" not in stderr, stderr


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")
def test_connection_menu_cancels_connecting(
    qtbot: Any, runner: AsyncRunner, listener: StallListener, tmp_path: Path
) -> None:
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    session = inventory.add(listener.ssh_uri(), remember=False)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    application.connect_all(runner.loop)
    runner.until(lambda: _ssh_among(session.child_processes()), timeout=20)
    (pid,) = _ssh_among(session.child_processes())
    view = application.window.connection_view
    index = application.hub.connections.connection_index(session.uri)
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    menu = application.window.findChildren(QMenu)[-1]
    stop = next(a for a in menu.actions() if a.objectName() == "menu_disconnect")
    assert stop.text() == "Cancel connecting"
    stop.trigger()
    menu.close()
    runner.until(lambda: session.state is ConnectionState.DISCONNECTED, timeout=5)
    runner.run(application.controller.wait_idle())
    assert not exists(pid)
    runner.run(inventory.close())
