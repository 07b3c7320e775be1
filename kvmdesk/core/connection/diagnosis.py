"""What a failed local connection means, and what the user can do about it.

libvirt's words for the two failures every new user meets are accurate but not helpful:
"Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied" means
the user is not in the ``libvirt`` group (or polkit has no agent to ask), and "…: No
such file or directory" / "Connection refused" means no daemon runs, usually because
none is installed. :func:`diagnose` recognises both for local URIs and returns the steps,
with the commands of the distribution this machine runs (from ``/etc/os-release``).

The texts are marked for translation; the UI translates them in :data:`CONTEXT`.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP
from kvmdesk.core.util.uri import LibvirtUri

CONTEXT = "ConnectionDiagnosis"
OS_RELEASE = Path("/etc/os-release")


class Problem(Enum):
    PERMISSION = "permission"
    NO_DAEMON = "no daemon"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A recognised failure: a title, what it means, and commands that fix it."""

    problem: Problem
    title: str  # translatable, in CONTEXT
    explanation: str  # translatable, in CONTEXT; %1 is the user name or the distribution
    argument: str
    commands: tuple[str, ...]


_TITLES = {
    Problem.PERMISSION: QT_TRANSLATE_NOOP(
        "ConnectionDiagnosis", "Not allowed to manage the system's VMs"
    ),
    Problem.NO_DAEMON: QT_TRANSLATE_NOOP(
        "ConnectionDiagnosis", "libvirt is not running on this computer"
    ),
}
_EXPLANATIONS = {
    Problem.PERMISSION: QT_TRANSLATE_NOOP(
        "ConnectionDiagnosis",
        "The system's VMs (qemu:///system) are managed by members of the libvirt group, "
        "and %1 is not one yet. Add yourself to the group with the command below, then "
        "log out and back in (group membership is read at login). Until then, the demo "
        "shows what kvmdesk does.",
    ),
    Problem.NO_DAEMON: QT_TRANSLATE_NOOP(
        "ConnectionDiagnosis",
        "No libvirt daemon answers: it is not installed or not started. On %1, install "
        "and start it with the commands below, then connect again. Until then, the demo "
        "shows what kvmdesk does.",
    ),
}

_PERMISSION = re.compile(r"permission denied|authentication unavailable|access denied", re.I)
_NO_DAEMON = re.compile(
    r"failed to connect socket to .*(no such file or directory|connection refused)", re.I
)

# (os-release IDs, name, commands to install and start libvirt with QEMU/KVM)
_DISTRIBUTIONS: tuple[tuple[frozenset[str], str, tuple[str, ...]], ...] = (
    (
        frozenset({"debian", "ubuntu", "linuxmint", "pop", "raspbian"}),
        "Debian/Ubuntu",
        (
            "sudo apt install libvirt-daemon-system qemu-system-x86",
            "sudo systemctl enable --now libvirtd",
        ),
    ),
    (
        frozenset({"fedora", "rhel", "centos", "rocky", "almalinux"}),
        "Fedora/RHEL",
        (
            "sudo dnf install @virtualization",
            "sudo systemctl enable --now virtqemud.socket",
        ),
    ),
    (
        frozenset({"arch", "manjaro", "endeavouros"}),
        "Arch Linux",
        (
            "sudo pacman -S libvirt qemu-desktop dnsmasq",
            "sudo systemctl enable --now libvirtd",
        ),
    ),
    (
        frozenset({"opensuse", "opensuse-leap", "opensuse-tumbleweed", "suse", "sles"}),
        "openSUSE",
        (
            "sudo zypper install -t pattern kvm_server kvm_tools",
            "sudo systemctl enable --now libvirtd",
        ),
    ),
)
_FALLBACK = (
    "your distribution",
    (
        "install libvirt and QEMU with your package manager",
        "sudo systemctl enable --now libvirtd",
    ),
)


def distribution(os_release: Path = OS_RELEASE) -> tuple[str, tuple[str, ...]]:
    """This machine's distribution family and its install commands (a fallback if unknown)."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")[:65536]
    except OSError:
        return _FALLBACK
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, equals, value = line.partition("=")
        if equals:
            fields[key.strip()] = value.strip().strip("\"'")
    ids = {fields.get("ID", "").lower(), *fields.get("ID_LIKE", "").lower().split()}
    for known, name, commands in _DISTRIBUTIONS:
        if ids & known:
            return name, commands
    return _FALLBACK


def diagnose(uri: str, message: str, os_release: Path = OS_RELEASE) -> Diagnosis | None:
    """The recognised cause of a failed connection to a local daemon, else None."""
    try:
        parsed = LibvirtUri.parse(uri)
    except BadInput:
        return None
    if parsed.host or parsed.transport not in ("", "unix"):
        return None  # a remote host's problems are its own; its message says them
    if _PERMISSION.search(message) and parsed.path == "/system":
        user = getpass.getuser()
        return Diagnosis(
            Problem.PERMISSION,
            _TITLES[Problem.PERMISSION],
            _EXPLANATIONS[Problem.PERMISSION],
            user,
            (f"sudo usermod -aG libvirt {user}",),
        )
    if _NO_DAEMON.search(message):
        name, commands = distribution(os_release)
        return Diagnosis(
            Problem.NO_DAEMON,
            _TITLES[Problem.NO_DAEMON],
            _EXPLANATIONS[Problem.NO_DAEMON],
            name,
            commands,
        )
    return None
