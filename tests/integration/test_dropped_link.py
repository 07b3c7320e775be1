"""Quitting while the link to a connected remote host has dropped.

kvmdesk is connected over ``qemu+ssh://`` to a real sshd (in the isolated daemon's
namespaces, tests/helpers/integration/sshd.py) when the server's end of the link goes
down: no FIN, no RST, packets just vanish, as when a laptop leaves the network. Closing
the connection then waits on an answer that never comes; Quit must still end the app
within 2 s, with libvirt's ``ssh`` gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.integration.availability import unavailable
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.sshd import NamespacedSshd, prerequisites_problem
from tests.helpers.paths import ROOT
from tests.helpers.stall_listener import children_of, command_of, exists

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


@pytest.fixture
def sshd(isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path) -> Iterator[NamespacedSshd]:
    problem = prerequisites_problem()
    if problem is not None:
        unavailable(problem, "sshd")
    with NamespacedSshd(
        isolated_libvirtd, tmp_path, host_ifname="kvdroph0", server_ifname="kvdrops0"
    ) as server:
        yield server


def _ssh_children(pid: int) -> list[int]:
    return [p for p in children_of(pid) if Path((command_of(p) or [""])[0]).name == "ssh"]


def test_quit_within_two_seconds_after_the_link_dropped(
    sshd: NamespacedSshd, isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    child = subprocess.Popen(
        [sys.executable, "-m", "kvmdesk", "--connect", sshd.uri(), "--report-loaded"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    dropped = False
    try:
        assert child.stdout is not None
        report = json.loads(child.stdout.readline() or "{}")  # connected and listed
        assert report.get("pid") == child.pid, child.stderr.read() if child.stderr else ""
        ssh = _ssh_children(child.pid)
        assert ssh, "libvirt's ssh transport is not running"
        isolated_libvirtd.run(["ip", "link", "set", sshd.server_ifname, "down"])
        dropped = True
        time.sleep(1.0)
        assert exists(ssh[0]), "ssh noticed the drop at once (the link did not just vanish)"
        started = time.monotonic()
        child.send_signal(signal.SIGTERM)  # quits like the Quit action
        code = child.wait(timeout=15)
        elapsed = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if dropped:
            isolated_libvirtd.run(["ip", "link", "set", sshd.server_ifname, "up"])
    _, stderr = child.communicate()
    assert code == 0, stderr
    assert elapsed < 2.0, f"quit took {elapsed:.2f} s"
    assert not any(exists(pid) for pid in ssh), "ssh outlived kvmdesk"
    assert "Traceback" not in stderr, stderr
