"""Consoles over ``qemu+ssh://``: a real sshd in the isolated daemon's namespaces.

kvmdesk connects to the isolated libvirtd through ssh (key auth, TEST-NET address), plans
the VM's graphical console as an ssh tunnel to the listener the *host* sees, and gets a
socket that speaks RFB; the ssh child ends when the console closes and when the app quits.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.console.plan import ConsoleUnavailable, Problem, Route
from kvmdesk.core.console.tunnel import close_all, live_tunnels, open_tunnel
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.uri import LibvirtUri
from tests.helpers.integration.availability import unavailable
from tests.helpers.integration.console_guest import console_guest_xml, install_image
from tests.helpers.integration.guest_image import GuestImage
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.namespaces import proc_state
from tests.helpers.integration.screens import (
    differing_pixels,
    libvirt_screenshot,
    run_kvmdesk,
    ssh_tunnels_with,
)
from tests.helpers.integration.sshd import NamespacedSshd, prerequisites_problem
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

LOOPBACK_GUEST = "kvmdesk-ssh-vnc"
NO_LISTENER_GUEST = "kvmdesk-ssh-novnc"


@pytest.fixture(scope="module")
def sshd(
    isolated_libvirtd: IsolatedLibvirtd, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NamespacedSshd]:
    problem = prerequisites_problem()
    if problem is not None:
        unavailable(problem, "sshd")
    with NamespacedSshd(isolated_libvirtd, tmp_path_factory.mktemp("sshd")) as server:
        yield server


@pytest.fixture(scope="module")
def remote_guests(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> Iterator[dict[str, str]]:
    """Two running guests: VNC on the host's 127.0.0.1, and VNC with listen type none."""
    kernel, initrd = install_image(isolated_libvirtd, bootable_guest_image)
    conn = isolated_libvirtd.open()
    domains = []
    try:
        for name, listen in ((LOOPBACK_GUEST, "127.0.0.1"), (NO_LISTENER_GUEST, "none")):
            domain = conn.defineXML(console_guest_xml(name, kernel, initrd, vnc_listen=listen))
            domain.create()
            domains.append(domain)
        yield {d.name(): d.UUIDString() for d in domains}
    finally:
        for domain in domains:
            if domain.isActive():
                domain.destroy()
            domain.undefine()
        conn.close()


def _gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while proc_state(pid) not in (None, "Z"):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _rfb_greeting(sock: socket.socket) -> bytes:
    sock.settimeout(20)
    data = b""
    while len(data) < 12:
        chunk = sock.recv(12 - len(data))
        if not chunk:
            break
        data += chunk
    return data


def test_vnc_through_an_ssh_tunnel_and_the_child_ends_with_it(
    sshd: NamespacedSshd, remote_guests: dict[str, str]
) -> None:
    async def scenario() -> None:
        session = Session(sshd.uri(), reconnect=False)
        await session.connect()
        assert session.state is ConnectionState.CONNECTED, session.message
        try:
            uuid = remote_guests[LOOPBACK_GUEST]
            plan = await session.consoles.graphics_plan(uuid)
            assert plan.route is Route.SSH_TUNNEL
            assert plan.host == "127.0.0.1" and plan.port is not None and plan.port >= 5900
            connection = await session.consoles.open_graphics(uuid)
            assert connection.tunnel is not None
            pid = connection.tunnel.pid
            assert connection.tunnel.running
            greeting = await asyncio.get_running_loop().run_in_executor(
                None, _rfb_greeting, connection.socket
            )
            assert greeting == b"RFB 003.008\n", connection.failure()
            # ssh forwards only: no shell, no command on the host
            assert "-W" in connection.tunnel.command
            await session.consoles.close_graphics(connection)
            assert _gone(pid)
            connection.socket.close()

            # listen type none: nothing to tunnel to, and kvmdesk says so
            with pytest.raises(ConsoleUnavailable) as caught:
                await session.consoles.graphics_plan(remote_guests[NO_LISTENER_GUEST])
            assert caught.value.problem is Problem.NO_LISTENER

            # tunnels still open when the app quits are ended too
            left = await session.consoles.open_graphics(uuid)
            assert left.tunnel is not None and left.tunnel in live_tunnels()
            left_pid = left.tunnel.pid
        finally:
            await session.close()
        assert _gone(left_pid)
        assert not live_tunnels()
        left.socket.close()

    asyncio.run(scenario())
    close_all()


def test_what_ssh_says_when_the_listener_is_gone(sshd: NamespacedSshd) -> None:
    """Nothing listens at the target (the VM stopped meanwhile): ssh's words come back."""
    tunnel = open_tunnel(LibvirtUri.parse(sshd.uri()), "127.0.0.1:1")
    try:
        assert _rfb_greeting(tunnel.socket) == b""
        assert _gone(tunnel.pid, 20)
        assert "open failed" in tunnel.message() or "refused" in tunnel.message()
    finally:
        tunnel.close()
    assert tunnel not in live_tunnels()


def test_command_line_screenshot_through_qemu_ssh(
    sshd: NamespacedSshd,
    remote_guests: dict[str, str],
    isolated_libvirtd: IsolatedLibvirtd,
    tmp_path: Path,
) -> None:
    """``kvmdesk --connect qemu+ssh://… --console NAME --screenshot`` through the real sshd.

    The picture is the guest's (as libvirt's own screenshot shows it), and no ssh tunnel
    outlives the app.
    """
    path = tmp_path / "remote.png"
    conn = isolated_libvirtd.open()
    try:
        before = libvirt_screenshot(conn, LOOPBACK_GUEST)
        started = time.monotonic()
        result = run_kvmdesk(
            "--connect", sshd.uri(), "--console", LOOPBACK_GUEST, "--screenshot", str(path)
        )
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        after = libvirt_screenshot(conn, LOOPBACK_GUEST)
    finally:
        conn.close()
    got = QImage(str(path))
    assert (got.width(), got.height()) == (before.width(), before.height())
    diff = min(differing_pixels(got, before), differing_pixels(got, after))
    assert diff <= 9 * 16, f"{diff} pixels differ"  # at most the blinking cursor's cell
    assert ssh_tunnels_with(str(sshd.client_key)) == []
    print(f"\nqemu+ssh console screenshot: {elapsed:.2f} s, {diff} pixels differ")


def test_quitting_with_a_remote_console_open_is_quick_and_ends_ssh(
    sshd: NamespacedSshd, remote_guests: dict[str, str], qtbot: Any, runner: AsyncRunner
) -> None:
    """What the app does on Quit (close the consoles, then the sessions) stays under 2 s."""
    inventory = Inventory(persist=False)
    session = inventory.add(sshd.uri(), label="remote", remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    window = app.controller.open_consoles([(session.uri, remote_guests[LOOPBACK_GUEST])])
    assert window is not None
    tab = window.current_tab()
    assert tab is not None
    runner.until(lambda: tab.screen_page.connected, timeout=60)
    assert "ssh tunnel to 127.0.0.1:" in window.status_text(tab)
    assert len(ssh_tunnels_with(str(sshd.client_key))) == 1
    started = time.monotonic()
    app.controller.close_consoles()
    runner.run(inventory.close())
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"quitting took {elapsed:.2f} s"
    assert ssh_tunnels_with(str(sshd.client_key)) == []
