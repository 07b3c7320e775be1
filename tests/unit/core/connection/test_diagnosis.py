"""The two failures every new user meets, recognised from libvirt's real words."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from kvmdesk.core.connection.diagnosis import Problem, diagnose, distribution


def _virsh_error(uri: str, *, as_nobody: bool = False) -> str:
    """What libvirt itself says connecting to ``uri`` (virsh prints libvirt's message)."""
    command = ["virsh", "-c", uri, "list"]
    if as_nobody:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode != 0
    return result.stderr


def test_no_daemon_from_libvirts_own_message(tmp_path: Path) -> None:
    assert shutil.which("virsh"), "virsh (libvirt-clients) is needed"
    uri = f"qemu:///system?socket={tmp_path}/no-such-sock"
    message = _virsh_error(uri)
    assert "No such file or directory" in message
    diagnosis = diagnose(uri, message)
    assert diagnosis is not None and diagnosis.problem is Problem.NO_DAEMON
    assert diagnosis.commands == distribution()[1]


def test_permission_denied_from_libvirts_own_message() -> None:
    assert shutil.which("setpriv"), "setpriv (util-linux) is needed"
    # A daemon socket only root may use, and a user who is not root (as on a desktop).
    with tempfile.TemporaryDirectory(prefix="kvmdesk-perm-") as folder:
        os.chmod(folder, 0o755)
        path = Path(folder) / "sock"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(str(path))
            path.chmod(0o600)
            server.listen(1)
            uri = f"qemu:///system?socket={path}"
            message = _virsh_error(uri, as_nobody=True)
    assert "Permission denied" in message
    diagnosis = diagnose(uri, message)
    assert diagnosis is not None and diagnosis.problem is Problem.PERMISSION
    assert diagnosis.commands == (f"sudo usermod -aG libvirt {getpass.getuser()}",)
    assert diagnose(uri.replace("/system", "/session"), message) is None


@pytest.mark.parametrize(
    "uri",
    ["qemu+ssh://admin@203.0.113.7/system", "qemu+tcp://203.0.113.7/system", "test:///default"],
)
def test_remote_and_other_failures_are_left_as_they_are(uri: str) -> None:
    for message in (
        "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied",
        "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
    ):
        if uri.startswith("test:"):
            assert diagnose(uri, "some other failure") is None
        else:
            assert diagnose(uri, message) is None


@pytest.mark.parametrize(
    ("text", "family", "first"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "Debian/Ubuntu", "sudo apt install"),
        ("ID=ubuntu\nID_LIKE=debian\n", "Debian/Ubuntu", "sudo apt install"),
        ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "Fedora/RHEL", "sudo dnf install"),
        ("ID=fedora\n", "Fedora/RHEL", "sudo dnf install"),
        ("ID=manjaro\nID_LIKE=arch\n", "Arch Linux", "sudo pacman -S"),
        ('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', "openSUSE", "sudo zypper"),
        ("ID=gentoo\n", "your distribution", "install libvirt"),
        ("\x00\xff garbage", "your distribution", "install libvirt"),
    ],
)
def test_commands_for_the_distribution(tmp_path: Path, text: str, family: str, first: str) -> None:
    release = tmp_path / "os-release"
    release.write_text(text, encoding="utf-8", errors="surrogateescape")
    name, commands = distribution(release)
    assert name == family
    assert commands[0].startswith(first)
    assert distribution(tmp_path / "missing") == distribution(tmp_path / "also-missing")
