"""The storage calls the creation job makes: pool facts, new volumes, uploads, removal.

Blocking libvirt calls (run them through ``session.run``). The storage feature's own service
(pools and volumes as a capability, with its views) is separate; these are just the few
operations creating a VM needs, kept next to the job that undoes them.
"""

from __future__ import annotations

import os
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import libvirt

from kvmdesk.core.types.errors import LibvirtFailure

CHUNK = 1024 * 1024
QCOW2_MAGIC = b"QFI\xfb"

Progress = Callable[[int, int], None]  # (bytes sent, total)


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
            try:
                pool.refresh(0)
            except libvirt.libvirtError:
                pass  # a refresh already running; the list is still good
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


def _volume_xml(name: str, capacity: int, fmt: str, allocation: int | None = None) -> str:
    allocation_xml = f"<allocation unit='bytes'>{allocation}</allocation>" if allocation else ""
    return (
        f"<volume><name>{escape(name)}</name>"
        f"<capacity unit='bytes'>{capacity}</capacity>{allocation_xml}"
        f"<target><format type='{fmt}'/></target></volume>"
    )


def lookup_pool(conn: Any, name: str) -> Any:
    pool = conn.storagePoolLookupByName(name)
    if not pool.isActive():
        raise LibvirtFailure(f"storage pool {name!r} is not running")
    return pool


def create_volume(conn: Any, pool_name: str, name: str, capacity: int, fmt: str) -> Any:
    """A new, empty volume; ``qcow2`` ones allocate nothing up front."""
    pool = lookup_pool(conn, pool_name)
    allocation = 0 if fmt == "qcow2" else None
    return pool.createXML(_volume_xml(name, capacity, fmt, allocation), 0)


def delete_volume(conn: Any, pool_name: str, name: str) -> None:
    """Remove a volume the job created (a missing one is fine: nothing to undo)."""
    try:
        volume = conn.storagePoolLookupByName(pool_name).storageVolLookupByName(name)
    except libvirt.libvirtError:
        return
    volume.delete(0)


def _send(
    conn: Any,
    volume: Any,
    size: int,
    read: Callable[[int], bytes],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    stream = conn.newStream(0)
    volume.upload(stream, 0, size, 0)
    sent = 0
    try:
        while sent < size:
            if cancel is not None and cancel.is_set():
                raise LibvirtFailure("the upload was cancelled")
            data = read(min(CHUNK, size - sent))
            if not data:
                raise LibvirtFailure(f"the file ended after {sent} of {size} bytes")
            offset = 0
            while offset < len(data):
                done = stream.send(data[offset:])
                if done < 0:
                    raise LibvirtFailure("the upload stream refused the data")
                offset += done
            sent += len(data)
            if progress is not None:
                progress(sent, size)
        stream.finish()
    except BaseException:
        try:
            stream.abort()
        except libvirt.libvirtError:
            pass
        raise


def upload_file(
    conn: Any,
    pool_name: str,
    name: str,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """A new volume holding a copy of ``path`` (streamed through libvirt); its format."""
    fmt, virtual = image_format(path)
    size = path.stat().st_size
    pool = lookup_pool(conn, pool_name)
    volume = pool.createXML(_volume_xml(name, max(virtual, size), fmt, size), 0)
    try:
        with open(path, "rb") as handle:
            _send(conn, volume, size, handle.read, progress, cancel)
    except BaseException:
        volume.delete(0)
        raise
    return fmt


def upload_bytes(conn: Any, pool_name: str, name: str, data: bytes) -> None:
    """A new raw volume holding ``data`` (the cloud-init seed)."""
    pool = lookup_pool(conn, pool_name)
    volume = pool.createXML(_volume_xml(name, len(data), "raw", len(data)), 0)
    view = memoryview(data)
    position = 0

    def read(count: int) -> bytes:
        nonlocal position
        chunk = bytes(view[position : position + count])
        position += len(chunk)
        return chunk

    try:
        _send(conn, volume, len(data), read, None, None)
    except BaseException:
        volume.delete(0)
        raise


def grow_volume(conn: Any, pool_name: str, name: str, capacity: int) -> None:
    """Grow a volume to ``capacity`` (a cloud image to the size asked for); never shrinks."""
    volume = conn.storagePoolLookupByName(pool_name).storageVolLookupByName(name)
    if int(volume.info()[1]) < capacity:
        volume.resize(capacity, 0)
