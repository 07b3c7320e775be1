"""The check that QEMU can reach a pool's folder (the home-folder "Permission denied")."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kvmdesk.core.storage.access import folder_access_problem, qemu_user


@pytest.fixture
def qemu() -> str:
    user = qemu_user()
    if user is None:
        pytest.fail("no QEMU user on this host (run `bash bootstrap.sh test`)")
    if os.geteuid() != 0:
        pytest.fail("the check is exercised with folders only root can make unreadable to QEMU")
    return user[0]


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder everybody may search (pytest's own tmp_path sits in a 0700 folder)."""
    path = Path(tempfile.mkdtemp(prefix="kvmdesk-access-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path)


def test_a_closed_parent_is_named_with_the_fix(open_dir: Path, qemu: str) -> None:
    tmp_path = open_dir
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    target = home / "vms" / "pool"
    problem = folder_access_problem("qemu:///system", str(target))
    assert problem == (
        f"QEMU (user {qemu}) cannot reach {target}: {home} is not searchable by it "
        f"(run `setfacl -m u:{qemu}:x {home}` or choose a folder under /var/lib/libvirt/images)"
    )
    home.chmod(0o711)
    assert folder_access_problem("qemu:///system", str(target)) is None


def test_only_the_local_system_daemon_is_checked(open_dir: Path, qemu: str) -> None:
    tmp_path = open_dir
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0o700)
    target = str(closed / "pool")
    assert folder_access_problem("qemu:///system", target) is not None
    assert folder_access_problem("qemu:///session", target) is None
    assert folder_access_problem("qemu+ssh://server/system", target) is None
    assert folder_access_problem("test:///default", target) is None


def test_relative_and_root_paths_end(qemu: str) -> None:
    assert folder_access_problem("qemu:///system", "vms") is None
    assert folder_access_problem("qemu:///system", "/") is None
    assert folder_access_problem("qemu:///system", "/var/lib/libvirt/images/x") is None
