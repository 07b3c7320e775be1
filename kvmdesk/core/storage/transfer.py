"""Upload a local file into a volume and download a volume, through libvirt streams.

``virStorageVolUpload`` / ``virStorageVolDownload`` move the bytes through the
connection (so they work on remote hosts too) in chunks of :data:`CHUNK` bytes.
They run in the session's pool; after each chunk ``progress`` is called (on that
thread: the service hops it to the loop) and ``cancel`` is checked. A cancelled or
failed transfer aborts the stream and raises :class:`TransferCancelled` or the
error; the caller removes what it made (a new volume, a partial local file).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any

import libvirt

from kvmdesk.core.storage.ops import lookup_volume
from kvmdesk.core.storage.read import physical_size
from kvmdesk.core.storage.values import TransferProgress
from kvmdesk.core.types.errors import KvmdeskError

# libvirt's stream messages carry at most 256 KiB of payload (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).
CHUNK = 256 * 1024

Progress = Callable[[TransferProgress], None]


class TransferCancelled(KvmdeskError):
    """The user cancelled an upload or download."""


def upload_file(
    conn: Any,
    pool: str,
    name: str,
    source: str,
    progress: Progress,
    cancel: threading.Event,
) -> int:
    """Send the local file ``source`` into the volume; its size in bytes."""
    volume = lookup_volume(conn, pool, name)
    total = os.path.getsize(source)
    stream = conn.newStream(0)
    finished = False
    try:
        volume.upload(stream, 0, total, 0)
        done = 0
        with open(source, "rb") as handle:
            while True:
                if cancel.is_set():
                    raise TransferCancelled(f"upload of {os.path.basename(source)} cancelled")
                data = handle.read(CHUNK)
                if not data:
                    break
                view = memoryview(data)
                while view:
                    sent = stream.send(view.tobytes())
                    if sent < 0:  # pragma: no cover - blocking streams never return -2
                        raise libvirt.libvirtError("stream send failed")
                    view = view[sent:]
                done += len(data)
                progress(TransferProgress(done, total))
        stream.finish()
        finished = True
        return total
    finally:
        if not finished:
            with contextlib.suppress(libvirt.libvirtError):
                stream.abort()


def download_file(
    conn: Any,
    pool: str,
    name: str,
    destination: str,
    progress: Progress,
    cancel: threading.Event,
) -> int:
    """Receive the volume into the new local file ``destination``; its size in bytes.

    The file is written under a temporary name next to ``destination`` and renamed at
    the end, so a cancelled or failed download leaves nothing behind.
    """
    volume = lookup_volume(conn, pool, name)
    total = physical_size(volume.XMLDesc(0))
    partial = f"{destination}.part"
    stream = conn.newStream(0)
    finished = False
    try:
        volume.download(stream, 0, 0, 0)
        done = 0
        with open(partial, "wb") as handle:
            while True:
                if cancel.is_set():
                    raise TransferCancelled(f"download of {name} cancelled")
                data = stream.recv(CHUNK)
                if isinstance(data, int):  # pragma: no cover - -2 only for non-blocking
                    raise libvirt.libvirtError("stream receive failed")
                if not data:
                    break
                handle.write(data)
                done += len(data)
                progress(TransferProgress(done, max(total, done)))
        stream.finish()
        finished = True
        os.replace(partial, destination)
        return done
    finally:
        if not finished:
            with contextlib.suppress(libvirt.libvirtError):
                stream.abort()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
