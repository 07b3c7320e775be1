"""Can QEMU open a local file? The check before using an ISO or image on ``qemu:///system``.

The system daemon runs QEMU as its own user (``libvirt-qemu`` on Debian, ``qemu`` on
Fedora): a file in a home folder (mode 0700 or 0750) is out of its reach even when the
file itself is readable, and the guest then fails with "Permission denied". This module
decides, from the file's and every parent folder's owner, mode bits and POSIX ACL,
whether that user can search each folder and read the file, and what would fix it:
copying the file into a pool (the default offered), or the exact ``setfacl`` command that
grants just that user just that access. Nothing here changes a permission.
"""

from __future__ import annotations

import errno
import grp
import os
import pwd
import shlex
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

QEMU_USERS = ("libvirt-qemu", "qemu")  # Debian/Ubuntu, Fedora/RHEL/SUSE
_QEMU_CONF = Path("/etc/libvirt/qemu.conf")

_ACL_USER_OBJ, _ACL_USER, _ACL_GROUP_OBJ, _ACL_GROUP, _ACL_MASK, _ACL_OTHER = (
    0x01,
    0x02,
    0x04,
    0x08,
    0x10,
    0x20,
)
_READ, _EXECUTE = 4, 1


@dataclass(frozen=True, slots=True)
class Account:
    """A user and the groups it is in."""

    name: str
    uid: int
    gids: frozenset[int]


@dataclass(frozen=True, slots=True)
class AccessCheck:
    """The outcome: the paths the user cannot search (folders) or read (the file)."""

    path: str
    user: str
    blocked_folders: tuple[str, ...] = ()
    file_unreadable: bool = False

    @property
    def ok(self) -> bool:
        return not self.blocked_folders and not self.file_unreadable

    def grant_command(self) -> str:
        """The command that grants exactly the missing access (to run as root, or owner)."""
        parts = [
            f"setfacl -m u:{self.user}:x {shlex.quote(folder)}" for folder in self.blocked_folders
        ]
        if self.file_unreadable:
            parts.append(f"setfacl -m u:{self.user}:r {shlex.quote(self.path)}")
        return " && ".join(parts)

    def explanation(self) -> str:
        """One sentence naming what blocks the user."""
        if self.ok:
            return f"{self.user} can read {self.path}"
        if self.blocked_folders:
            return (
                f"QEMU runs as {self.user}, which cannot enter {self.blocked_folders[0]}"
                f"{' (and more folders above the file)' if len(self.blocked_folders) > 1 else ''}"
                f", so it cannot open {self.path}"
            )
        return f"QEMU runs as {self.user}, which cannot read {self.path}"


def qemu_user(conf: Path = _QEMU_CONF) -> str:
    """The user the system daemon runs QEMU as: qemu.conf's ``user``, else the distro's."""
    try:
        for line in conf.read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "user" and value.strip():
                name = value.strip().strip('"')
                if name and not name.startswith("+"):
                    return name
                if name.startswith("+"):
                    return pwd.getpwuid(int(name[1:])).pw_name
    except (OSError, ValueError, KeyError):
        pass
    for name in QEMU_USERS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return QEMU_USERS[0]


def account(name: str) -> Account | None:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    gids = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall() if name in g.gr_mem}
    return Account(name, entry.pw_uid, frozenset(gids))


def _acl(path: str) -> list[tuple[int, int, int]] | None:
    """The POSIX access ACL entries (tag, perm, id), or None when there is none."""
    try:
        raw = os.getxattr(path, "system.posix_acl_access")
    except OSError as error:
        if error.errno in (errno.ENODATA, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOENT):
            return None
        raise
    if len(raw) < 4:
        return None
    return [struct.unpack_from("<HHI", raw, offset) for offset in range(4, len(raw) - 7, 8)]


def allows(path: str, who: Account, wanted: int) -> bool:
    """Whether ``who`` has the ``wanted`` permission bits on ``path`` (mode bits and ACL)."""
    info = os.stat(path)
    if who.uid == 0:
        return True  # root; a root-run QEMU is still confined by its security driver
    if who.uid == info.st_uid:
        return (info.st_mode >> 6) & wanted == wanted
    entries = _acl(path)
    if entries is None:
        if info.st_gid in who.gids:
            return (info.st_mode >> 3) & wanted == wanted
        return info.st_mode & wanted == wanted
    mask = next((perm for tag, perm, _ in entries if tag == _ACL_MASK), 7)
    for tag, perm, ident in entries:
        if tag == _ACL_USER and ident == who.uid:
            return perm & mask & wanted == wanted
    group_matched = False
    for tag, perm, ident in entries:
        gid = info.st_gid if tag == _ACL_GROUP_OBJ else ident if tag == _ACL_GROUP else None
        if gid is not None and gid in who.gids:
            group_matched = True
            if perm & mask & wanted == wanted:
                return True
    if group_matched:
        return False
    other = next((perm for tag, perm, _ in entries if tag == _ACL_OTHER), 0)
    return other & wanted == wanted


def check_access(path: str, user: str | None = None) -> AccessCheck:
    """Whether QEMU's user can reach and read ``path`` (see the module docstring)."""
    name = user or qemu_user()
    who = account(name)
    absolute = os.path.abspath(path)
    if who is None:
        return AccessCheck(absolute, name)  # no such user here: nothing to judge by
    blocked = []
    folder = os.path.dirname(absolute)
    while True:
        if not allows(folder, who, _EXECUTE):
            blocked.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    readable = stat.S_ISREG(os.stat(absolute).st_mode) and allows(absolute, who, _READ)
    return AccessCheck(absolute, name, tuple(reversed(blocked)), not readable)
