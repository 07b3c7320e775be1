"""Defaults a new pool or volume starts from: the libvirt images folder, free names."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable

from kvmdesk.core.storage.values import VolumeFormat
from kvmdesk.core.util.uri import LibvirtUri

SYSTEM_IMAGES = "/var/lib/libvirt/images"


def images_folder(uri: str) -> str:
    """Where libvirt keeps images for this connection (its ``default`` pool's folder).

    The per-user daemon keeps them in ``$XDG_DATA_HOME/libvirt/images``; every other
    connection in ``/var/lib/libvirt/images`` (on its own host).
    """
    parsed = LibvirtUri.parse(uri)
    if parsed.is_session and parsed.is_local:
        data = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
        return posixpath.join(data, "libvirt", "images")
    return SYSTEM_IMAGES


def default_pool_path(uri: str, name: str) -> str:
    """A new dir pool's folder: a subfolder named after it in the images folder."""
    return posixpath.join(images_folder(uri), name) if name else images_folder(uri)


def free_name(stem: str, taken: Iterable[str], suffix: str = "") -> str:
    """``stem`` + ``suffix``, else ``stem-2`` + ``suffix`` … the first one not taken."""
    names = set(taken)
    candidate = f"{stem}{suffix}"
    number = 2
    while candidate in names:
        candidate = f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def volume_suffix(volume_format: VolumeFormat | str) -> str:
    """The file name extension people expect for a format (``.qcow2``, ``.img``)."""
    return ".qcow2" if str(volume_format) == VolumeFormat.QCOW2 else ".img"
