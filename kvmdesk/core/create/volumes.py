"""The storage steps of the creation job, on the storage core's own operations.

Blocking calls (run them through ``session.run``): what the pools hold and have free, a new
disk, a local file copied into a new volume through a libvirt upload stream (the storage
feature's :func:`~kvmdesk.core.storage.transfer.upload_file`), the cloud-init seed, growing
a copied cloud image, and removing what the job made when a later step fails.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libvirt

from kvmdesk.core.storage import ops, transfer
from kvmdesk.core.storage.values import TransferProgress, VolumeFormat, VolumeSpec
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure

QCOW2_MAGIC = b"QFI\xfb"


@dataclass(frozen=True, slots=True)
class PoolFacts:
    name: str
    active: bool
    available: int
    volumes: frozenset[str]


def pool_facts(conn: Any) -> list[PoolFacts]:
    """Every pool with its free space and volume names (inactive pools: no volumes)."""
    found = []
    for pool in conn.listAllStoragePools(0):
        active = bool(pool.isActive())
        names: frozenset[str] = frozenset()
        available = 0
        if active:
            with contextlib.suppress(libvirt.libvirtError):
                pool.refresh(0)  # a refresh already running: the list is still good
            names = frozenset(pool.listVolumes())
            available = int(pool.info()[3])
        found.append(PoolFacts(pool.name(), active, available, names))
    return sorted(found, key=lambda p: p.name)


def image_format(path: Path) -> tuple[str, int]:
    """A disk image's format (``qcow2`` or ``raw``) and virtual size in bytes."""
    with open(path, "rb") as handle:
        header = handle.read(32)
    if header[:4] == QCOW2_MAGIC and len(header) >= 32:
        return "qcow2", struct.unpack(">Q", header[24:32])[0]
    return "raw", os.path.getsize(path)


def _running_pool(conn: Any, name: str) -> None:
    if not ops.lookup_pool(conn, name).isActive():
        raise LibvirtFailure(f"storage pool {name!r} is not running")


def create_volume(conn: Any, pool: str, name: str, capacity: int, fmt: str) -> None:
    """A new, empty volume (qcow2 ones allocate nothing up front)."""
    _running_pool(conn, pool)
    ops.create_volume(conn, pool, VolumeSpec(name, capacity, VolumeFormat(fmt)))


def delete_volume(conn: Any, pool: str, name: str) -> None:
    """Remove a volume the job made (one already gone is fine: nothing to undo)."""
    try:
        ops.delete_volume(conn, pool, name)
    except KvmdeskError:
        return  # BadInput: no such volume any more


def upload_file(
    conn: Any,
    pool: str,
    name: str,
    path: Path,
    *,
    progress: transfer.Progress | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """A new volume holding a copy of ``path`` (streamed through libvirt); its format.

    The volume is created in the file's own format and size (a qcow2 image stays qcow2
    with its virtual size), so libvirt describes it right before any refresh.
    """
    fmt, virtual = image_format(path)
    size = path.stat().st_size
    create_volume(conn, pool, name, max(virtual, size) if fmt == "qcow2" else size, fmt)
    try:
        transfer.upload_file(
            conn, pool, name, str(path), progress or _ignore, cancel or threading.Event()
        )
        with contextlib.suppress(libvirt.libvirtError):
            ops.refresh_pool(conn, pool)
    except BaseException:
        delete_volume(conn, pool, name)
        raise
    return fmt


def upload_bytes(conn: Any, pool: str, name: str, data: bytes) -> None:
    """A new raw volume holding ``data`` (the cloud-init seed)."""
    with tempfile.NamedTemporaryFile(prefix="kvmdesk-seed-", suffix=".iso") as handle:
        handle.write(data)
        handle.flush()
        upload_file(conn, pool, name, Path(handle.name))


def grow_volume(conn: Any, pool: str, name: str, capacity: int) -> None:
    """Grow a volume to ``capacity`` (a cloud image to the size asked for); never shrinks."""
    if int(ops.lookup_volume(conn, pool, name).info()[1]) < capacity:
        ops.resize_volume(conn, pool, name, capacity)


def _ignore(_progress: TransferProgress) -> None:
    pass
