"""The isolated NetworkManager harness itself: isolated, reachable from outside, fully ended."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.helpers.integration.nm_harness import IsolatedNetworkManager

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


def test_namespace_is_isolated_and_bus_reachable_from_outside(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    print(
        f"\nisolated NetworkManager: ready {isolated_nm.startup_seconds:.3f} s after unshare "
        f"(NetworkManager itself: {isolated_nm.nm_ready_seconds:.3f} s)"
    )
    # Only the namespace's own devices; the host's are invisible in there and vice versa.
    assert isolated_nm.link_names() == {"lo", *isolated_nm.port_names, *isolated_nm.peer_names}
    host_links = set(os.listdir("/sys/class/net"))
    assert not set(isolated_nm.port_names) & host_links
    assert os.readlink(f"/proc/{isolated_nm.init_pid}/ns/net") != os.readlink("/proc/self/ns/net")
    # The bus socket sits in a host directory: the test process connects by path.
    socket_path = Path(isolated_nm.socket_path)
    assert stat.S_ISSOCK(socket_path.stat().st_mode)
    assert isolated_nm.bus_address == f"unix:path={socket_path}"
    # NM sees a read-only /sys (no udev) and keeps its profiles in a tmpfs.
    mounts = isolated_nm.run(["findmnt", "-rno", "TARGET,FSTYPE,OPTIONS"]).stdout
    table = {line.split()[0]: line.split()[1:] for line in mounts.splitlines()}
    assert table["/sys"][0] == "tmpfs" and "ro" in table["/sys"][1].split(",")
    assert table["/etc/NetworkManager"][0] == "tmpfs"
    assert isolated_nm.keyfiles() == {}
    assert len(isolated_nm.pids("NetworkManager")) == 1
    assert len(isolated_nm.pids("dbus-daemon")) == 1


@pytest.mark.usefixtures("require_nm_isolation")
def test_stop_ends_every_process_and_removes_the_work_dir() -> None:
    nm = IsolatedNetworkManager(veth_pairs=1)
    nm.start()
    work = nm.work_dir
    pids = [nm.init_pid, *nm.pids("NetworkManager"), *nm.pids("dbus-daemon")]
    assert len(pids) == 3
    nm.stop()
    for pid in pids:
        state = None
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            pass
        assert state in (None, "Z", "X"), f"process {pid} survived stop()"
    assert not work.exists()
    nm.stop()  # idempotent
