"""Can QEMU reach a pool's folder? The check behind "Permission denied" on a home folder.

On the system daemon QEMU runs as its own user (``libvirt-qemu`` on Debian), so every
folder above a pool's folder must be searchable by that user. libvirt makes the pool's
own folder with the pool's mode but leaves its parents alone, and so does kvmdesk: a
home folder's permissions are the user's business. :func:`folder_access_problem` says,
in one line with the command that would fix it, which parent is in the way.
"""

from __future__ import annotations

import grp
import os
import posixpath
import pwd
import stat

from kvmdesk.core.util.uri import LibvirtUri

QEMU_USERS = ("libvirt-qemu", "qemu")


def qemu_user() -> tuple[str, int, set[int]] | None:
    """The QEMU user's name, uid and group ids on this host; None when there is none."""
    for name in QEMU_USERS:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        groups = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall() if name in g.gr_mem}
        return name, entry.pw_uid, groups
    return None


def _searchable(info: os.stat_result, uid: int, groups: set[int]) -> bool:
    if uid == 0:
        return True
    if info.st_uid == uid:
        return bool(info.st_mode & stat.S_IXUSR)
    if info.st_gid in groups:
        return bool(info.st_mode & stat.S_IXGRP)
    return bool(info.st_mode & stat.S_IXOTH)


def folder_access_problem(uri: str, path: str) -> str | None:
    """Why QEMU on ``uri`` could not reach ``path`` on this host, or None when it can.

    Only the local system daemon is checked: a remote host's folders are not ours to
    look at, and the per-user daemon runs QEMU as the user. Folders that do not exist
    yet are made by libvirt with the pool's mode, so only existing parents count.
    """
    parsed = LibvirtUri.parse(uri)
    if not (parsed.is_local_host and parsed.is_system) or not path.startswith("/"):
        return None  # a relative path is refused by validation anyway
    user = qemu_user()
    if user is None:
        return None
    name, uid, groups = user
    folder = posixpath.dirname(posixpath.normpath(path))
    parents: list[str] = []
    while folder not in parents:  # "/" is its own parent
        parents.append(folder)
        folder = posixpath.dirname(folder)
    for parent in reversed(parents):
        try:
            info = os.stat(parent)
        except FileNotFoundError:
            return None  # libvirt makes the rest
        except OSError:
            continue
        if not _searchable(info, uid, groups):
            return (
                f"QEMU (user {name}) cannot reach {path}: {parent} is not searchable by it "
                f"(run `setfacl -m u:{name}:x {parent}` or choose a folder under "
                "/var/lib/libvirt/images)"
            )
    return None
