"""Storage pools and volumes as plain values: what the views list and the dialogs return.

:class:`PoolSnapshot` and :class:`VolumeSnapshot` are read from libvirt (see
:mod:`~kvmdesk.core.storage.read`) and never change; an event or an operation
produces new ones. :class:`PoolSpec` and :class:`VolumeSpec` are what a user asks for, checked by
:mod:`~kvmdesk.core.storage.validate` before anything reaches libvirt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PoolType(StrEnum):
    """The pool types kvmdesk creates, named as libvirt's ``<pool type=…>``."""

    DIR = "dir"
    FS = "fs"
    NETFS = "netfs"
    LOGICAL = "logical"
    ISCSI_DIRECT = "iscsi-direct"


# The order the dialog and ``kvmdesk-cli pool create --type`` offer them.
CREATABLE_POOL_TYPES: tuple[PoolType, ...] = (
    PoolType.DIR,
    PoolType.FS,
    PoolType.NETFS,
    PoolType.LOGICAL,
    PoolType.ISCSI_DIRECT,
)


class PoolState(StrEnum):
    """libvirt's ``virStoragePoolState`` in words."""

    INACTIVE = "inactive"
    BUILDING = "building"
    RUNNING = "running"
    DEGRADED = "degraded"
    INACCESSIBLE = "inaccessible"

    @classmethod
    def from_libvirt(cls, code: int) -> PoolState:
        order = list(cls)
        return order[code] if 0 <= code < len(order) else cls.INACCESSIBLE

    @property
    def is_active(self) -> bool:
        return self in (PoolState.RUNNING, PoolState.DEGRADED)


class VolumeFormat(StrEnum):
    """The formats kvmdesk creates volumes in."""

    QCOW2 = "qcow2"
    RAW = "raw"


class Preallocation(StrEnum):
    """How much of a new volume is written at once.

    ``NONE`` allocates on write (sparse); ``METADATA`` writes qcow2's tables only
    (qcow2 only); ``FULL`` reserves the whole capacity now.
    """

    NONE = "none"
    METADATA = "metadata"
    FULL = "full"


class NetfsFormat(StrEnum):
    """What a netfs pool mounts (``<source><format type=…>``)."""

    AUTO = "auto"
    NFS = "nfs"
    CIFS = "cifs"


@dataclass(frozen=True, slots=True)
class PoolSnapshot:
    """One storage pool as of its last read; keyed by (connection, name)."""

    connection: str
    name: str
    uuid: str
    type: str
    state: PoolState
    autostart: bool = False
    persistent: bool = True
    capacity: int = 0  # bytes
    allocation: int = 0
    available: int = 0
    target_path: str = ""
    source: str = ""  # what the pool is made of: device, host:/dir, VG, IQN

    @property
    def active(self) -> bool:
        return self.state.is_active

    @property
    def used_fraction(self) -> float:
        """Allocation over capacity, 0.0 … 1.0 (0.0 for an empty or inactive pool)."""
        if self.capacity <= 0:
            return 0.0
        return min(1.0, max(0.0, self.allocation / self.capacity))


@dataclass(frozen=True, slots=True)
class VolumeSnapshot:
    """One volume of a pool; ``used_by`` names the domains with a disk on it."""

    pool: str
    name: str
    key: str
    path: str
    format: str = ""
    type: str = "file"
    capacity: int = 0  # bytes
    allocation: int = 0
    backing_path: str = ""
    used_by: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class PoolSpec:
    """A new pool as the user asks for it; which fields count depends on ``type``.

    - ``dir``: ``target_path`` (the folder; made with ``mode`` when missing);
    - ``fs``: ``source_device`` (a block device) mounted at ``target_path``;
    - ``netfs``: ``source_host`` and ``source_dir`` (an NFS export or CIFS share)
      mounted at ``target_path``, ``netfs_format`` says which;
    - ``logical``: ``source_name`` (the LVM volume group), optionally built on
      ``source_device`` when the group does not exist yet;
    - ``iscsi-direct``: ``source_host``, ``source_name`` (the target IQN) and
      ``initiator_iqn``; no folder.
    """

    name: str
    type: PoolType = PoolType.DIR
    target_path: str = ""
    source_device: str = ""
    source_host: str = ""
    source_dir: str = ""
    source_name: str = ""
    initiator_iqn: str = ""
    netfs_format: NetfsFormat = NetfsFormat.AUTO
    mode: str = "0711"
    autostart: bool = True
    start: bool = True


@dataclass(frozen=True, slots=True)
class VolumeSpec:
    """A new volume: its size in bytes, format, preallocation and optional backing file.

    With a ``backing_path`` (qcow2 only) the new volume starts as a copy-on-write
    overlay of that file; ``backing_format`` is the backing file's own format.
    """

    name: str
    capacity: int
    format: VolumeFormat = VolumeFormat.QCOW2
    preallocation: Preallocation = Preallocation.NONE
    backing_path: str = ""
    backing_format: str = ""


@dataclass(frozen=True, slots=True)
class PoolSource:
    """One source ``findStoragePoolSources`` reported (an export, a volume group …)."""

    host: str = ""
    dir: str = ""
    device: str = ""
    name: str = ""
    format: str = ""

    @property
    def label(self) -> str:
        if self.host and self.dir:
            return f"{self.host}:{self.dir}"
        if self.name and self.device:
            return f"{self.name} ({self.device})"
        return self.name or self.device or self.dir or self.host


@dataclass(frozen=True, slots=True)
class PoolCapabilities:
    """What the connection says it can do with pools.

    ``known`` is False when the driver has no ``getStoragePoolCapabilities`` (the test
    driver, libvirt before 5.2): then ``types`` lists every type kvmdesk creates and
    libvirt's define says whether one works.
    """

    types: tuple[PoolType, ...]
    known: bool = True


@dataclass(frozen=True, slots=True)
class TransferProgress:
    """How far an upload or download got: bytes done of ``total``."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, self.done / self.total)
