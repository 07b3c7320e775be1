"""Checks of what a user asks for, one clear message each, shared by the dialogs and the CLI.

Every function raises :class:`~kvmdesk.core.types.errors.BadInput` with one line
saying what is wrong, or returns. Names follow libvirt's rules (not empty, no ``/``,
no line breaks, not ``.`` or ``..``, at most 255 bytes: a dir pool's volume is a file
of that name) and must not be taken already.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable

from kvmdesk.core.storage.values import (
    PoolCapabilities,
    PoolSnapshot,
    PoolSpec,
    PoolType,
    Preallocation,
    VolumeFormat,
    VolumeSnapshot,
    VolumeSpec,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.translation import arg, translate

NAME_MAX_BYTES = 255
MIN_VOLUME_SIZE = 1024 * 1024  # 1 MiB: smaller is a typo, not a disk


class InUse(BadInput):
    """A pool or volume cannot be changed while these domains use it."""

    def __init__(self, message: str, users: Collection[str]) -> None:
        super().__init__(message)
        self.users = tuple(users)


def check_name(name: str, what: str, taken: Iterable[str] = ()) -> None:
    """``name`` is a valid, free name for a ``what`` (pool, volume)."""
    if not name:
        raise BadInput(f"the {what} needs a name")
    if name != name.strip():
        raise BadInput(f"the {what} name must not start or end with a space: {name!r}")
    if "/" in name:
        raise BadInput(f"the {what} name must not contain '/': {name!r}")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadInput(f"the {what} name must not contain control characters: {name!r}")
    if name in (".", ".."):
        raise BadInput(f"the {what} name cannot be {name!r}")
    if len(name.encode()) > NAME_MAX_BYTES:
        raise BadInput(f"the {what} name is longer than {NAME_MAX_BYTES} bytes")
    if name in set(taken):
        raise BadInput(f"a {what} named {name!r} already exists")


def check_path(path: str, what: str) -> None:
    """``path`` is an absolute path without line breaks, ``..`` or a trailing slash mess."""
    if not path:
        raise BadInput(f"the {what} needs a path")
    if not path.startswith("/"):
        raise BadInput(f"the {what} must be an absolute path: {path!r}")
    if any(ord(c) < 32 for c in path):
        raise BadInput(f"the {what} must not contain control characters: {path!r}")
    if ".." in path.split("/"):
        raise BadInput(f"the {what} must not contain '..': {path!r}")
    if posixpath.normpath(path) == "/":
        raise BadInput(f"the {what} cannot be the root folder")


def validate_pool_spec(
    spec: PoolSpec, existing: Iterable[PoolSnapshot], capabilities: PoolCapabilities
) -> None:
    """A new pool: free name, a type the connection offers, the fields that type needs."""
    pools = list(existing)
    check_name(spec.name, "pool", [p.name for p in pools])
    if spec.type not in capabilities.types:
        offered = ", ".join(str(t) for t in capabilities.types) or "none"
        raise BadInput(
            arg(
                translate(
                    "StorageValidation", "this connection cannot make %1 pools (it offers: %2)"
                ),
                spec.type,
                offered,
            )
        )
    if spec.type in (PoolType.DIR, PoolType.FS, PoolType.NETFS):
        check_path(spec.target_path, "pool folder")
        for pool in pools:
            if pool.target_path and posixpath.normpath(pool.target_path) == posixpath.normpath(
                spec.target_path
            ):
                raise BadInput(
                    arg(
                        translate("StorageValidation", "the folder %1 is already pool %2"),
                        spec.target_path,
                        repr(pool.name),
                    )
                )
    if spec.type is PoolType.DIR:
        if len(spec.mode) not in (3, 4) or any(c not in "01234567" for c in spec.mode):
            raise BadInput(
                arg(
                    translate("StorageValidation", "the folder mode must be octal, as in 0711: %1"),
                    repr(spec.mode),
                )
            )
    elif spec.type is PoolType.FS:
        check_path(spec.source_device, "source device")
    elif spec.type is PoolType.NETFS:
        _check_host(spec.source_host)
        if spec.netfs_format == "cifs":
            if not spec.source_dir.strip("/"):
                raise BadInput(translate("StorageValidation", "a CIFS pool needs the share's name"))
        else:
            check_path(spec.source_dir, "exported folder")
    elif spec.type is PoolType.LOGICAL:
        if not spec.source_name:
            raise BadInput(
                translate(
                    "StorageValidation", "a logical pool needs the name of its LVM volume group"
                )
            )
        check_name(spec.source_name, "volume group")
        if spec.source_device:
            check_path(spec.source_device, "source device")
    elif spec.type is PoolType.ISCSI_DIRECT:
        _check_host(spec.source_host)
        if not spec.source_name.startswith("iqn."):
            raise BadInput(
                arg(
                    translate("StorageValidation", "the iSCSI target must be an IQN (iqn.…): %1"),
                    repr(spec.source_name),
                )
            )
        if not spec.initiator_iqn.startswith("iqn."):
            raise BadInput(
                arg(
                    translate("StorageValidation", "the initiator must be an IQN (iqn.…): %1"),
                    repr(spec.initiator_iqn),
                )
            )


def _check_host(host: str) -> None:
    if not host:
        raise BadInput(
            translate("StorageValidation", "the pool needs the server's host name or address")
        )
    if any(c.isspace() or c in "/:@" for c in host) and not host.startswith("["):
        raise BadInput(
            arg(translate("StorageValidation", "not a host name or address: %1"), repr(host))
        )


def validate_volume_spec(
    spec: VolumeSpec,
    pool: PoolSnapshot,
    existing: Iterable[VolumeSnapshot],
    *,
    backing: VolumeSnapshot | None = None,
) -> None:
    """A new volume in ``pool``: free name, sane size, options its format allows."""
    if not pool.active:
        raise BadInput(
            arg(
                translate("StorageValidation", "pool %1 is not running: start it first"),
                repr(pool.name),
            )
        )
    check_name(spec.name, "volume", [v.name for v in existing])
    if spec.capacity < MIN_VOLUME_SIZE:
        raise BadInput(translate("StorageValidation", "the volume must be at least 1 MiB"))
    if spec.preallocation is Preallocation.METADATA and spec.format is not VolumeFormat.QCOW2:
        raise BadInput(
            translate("StorageValidation", "metadata preallocation needs the qcow2 format")
        )
    if spec.backing_path:
        if spec.format is not VolumeFormat.QCOW2:
            raise BadInput(translate("StorageValidation", "a backing file needs the qcow2 format"))
        if spec.preallocation is not Preallocation.NONE:
            raise BadInput(
                translate(
                    "StorageValidation", "a volume with a backing file cannot be preallocated"
                )
            )
        check_path(spec.backing_path, "backing file")
        if backing is not None and spec.capacity < backing.capacity:
            raise BadInput(
                translate("StorageValidation", "the volume cannot be smaller than its backing file")
            )
    # A sparse volume may be larger than the free space (it grows as the guest writes).
    if spec.preallocation is Preallocation.FULL and spec.capacity > pool.available:
        raise BadInput(
            arg(
                translate(
                    "StorageValidation", "pool %1 has not enough free space for a full allocation"
                ),
                repr(pool.name),
            )
        )


def validate_resize(volume: VolumeSnapshot, capacity: int, *, shrink: bool = False) -> None:
    """A new capacity for ``volume``: bigger, or smaller only when asked to shrink."""
    if capacity < MIN_VOLUME_SIZE:
        raise BadInput(translate("StorageValidation", "the volume must be at least 1 MiB"))
    if capacity == volume.capacity:
        raise BadInput(translate("StorageValidation", "the new size is the current size"))
    if capacity < volume.capacity and not shrink:
        raise BadInput(
            translate(
                "StorageValidation",
                "the new size is smaller than the current one (shrinking loses data)",
            )
        )
    if capacity < volume.capacity and volume.format == "qcow2":
        raise BadInput(translate("StorageValidation", "qcow2 volumes cannot be shrunk"))


def validate_clone(
    source: VolumeSnapshot, new_name: str, target_pool: PoolSnapshot, existing: Iterable[str]
) -> None:
    """A clone of ``source`` named ``new_name`` in ``target_pool`` (running, name free)."""
    if not target_pool.active:
        raise BadInput(
            arg(
                translate("StorageValidation", "pool %1 is not running: start it first"),
                repr(target_pool.name),
            )
        )
    check_name(new_name, "volume", existing)
    if target_pool.available and source.allocation > target_pool.available:
        raise BadInput(
            arg(
                translate("StorageValidation", "pool %1 has not enough free space for the copy"),
                repr(target_pool.name),
            )
        )
