"""What a clone of a shut-off VM is made of: :class:`ClonePlan` and the clone's XML.

A clone gets a new name, a new UUID and new MAC addresses. Each writable disk is
copied into a new volume in the pool of the original (a *full* clone), or becomes a
new qcow2 volume whose backing file is the original (a *linked* clone: quick and
small, but the original's image must then never change). Read-only and shareable
disks (installation media, a shared data disk) and empty drives stay as they are,
shared by both VMs. The NVRAM of UEFI firmware is copied. The plan is built by
:func:`kvmdesk.core.snapshot.clone_ops.plan_clone` (it asks libvirt where every
disk's volume is); :func:`kvmdesk.core.snapshot.clone_xml.clone_xml` writes the
new domain's XML from it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kvmdesk.core.types.errors import BadInput

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
NAME_LIMIT = 64


class DiskMode(enum.StrEnum):
    COPY = "copy"  # a full copy in the same pool
    LINKED = "linked"  # a new qcow2 overlay backed by the original image
    SHARED = "shared"  # read-only or shareable: both VMs use the same image
    EMPTY = "empty"  # a drive without media


@dataclass(frozen=True, slots=True)
class DiskCopy:
    """One disk of the original and what the clone gets for it."""

    target: str
    mode: DiskMode
    source_path: str = ""
    source_type: str = "file"  # the <disk type>: file, block, volume
    pool: str = ""
    source_volume: str = ""
    source_format: str = ""
    new_volume: str = ""
    new_path: str = ""
    capacity: int = 0  # bytes
    allocation: int = 0  # bytes in use by the original (the copy's progress total)


@dataclass(frozen=True, slots=True)
class NvramCopy:
    source_path: str
    new_path: str
    pool: str = ""  # the pool holding the NVRAM file; "" when a transient one is needed
    source_volume: str = ""
    new_volume: str = ""


@dataclass(frozen=True, slots=True)
class ClonePlan:
    source_name: str
    source_uuid: str
    name: str
    uuid: str
    linked: bool
    disks: tuple[DiskCopy, ...]
    macs: tuple[tuple[str, str], ...]  # (original, new), in the order of the NICs
    nvram: NvramCopy | None = None

    @property
    def copies(self) -> tuple[DiskCopy, ...]:
        """The disks that get a new volume (copied or linked)."""
        return tuple(d for d in self.disks if d.mode in (DiskMode.COPY, DiskMode.LINKED))

    @property
    def total_bytes(self) -> int:
        return sum(d.allocation for d in self.copies if d.mode is DiskMode.COPY)


def validate_clone_name(name: str, taken: set[str]) -> str:
    """A new domain name: letters, digits, ``._+-``; not in use (``taken``)."""
    cleaned = name.strip()
    if not cleaned:
        raise BadInput("the clone needs a name")
    if len(cleaned) > NAME_LIMIT:
        raise BadInput(f"domain names are at most {NAME_LIMIT} characters here")
    if not _NAME_RE.match(cleaned):
        raise BadInput(
            f"domain name {cleaned!r} may hold only letters, digits and . _ + - "
            "and must start with a letter or digit"
        )
    if cleaned in taken:
        raise BadInput(f"a domain named {cleaned!r} exists already")
    return cleaned


def new_volume_name(clone: str, target: str, source_volume: str, count: int) -> str:
    """``clone.qcow2`` for a VM's only disk, ``clone-vdb.qcow2`` when there are several."""
    dot = source_volume.rfind(".")
    extension = source_volume[dot:] if dot > 0 else ""
    return f"{clone}{extension}" if count == 1 else f"{clone}-{target}{extension}"
