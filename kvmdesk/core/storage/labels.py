"""The words the storage views and ``kvmdesk-cli pool|vol`` show, in English.

Each is marked with ``QT_TRANSLATE_NOOP("StorageLabels", …)`` for pyside6-lupdate; the Qt
models and the CLI translate the very same strings in that context, so both say the same
things.
"""

from __future__ import annotations

from kvmdesk.core.storage.values import PoolState
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP

POOL_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("StorageLabels", "Name"),
    QT_TRANSLATE_NOOP("StorageLabels", "Type"),
    QT_TRANSLATE_NOOP("StorageLabels", "State"),
    QT_TRANSLATE_NOOP("StorageLabels", "Capacity"),
    QT_TRANSLATE_NOOP("StorageLabels", "Allocation"),
    QT_TRANSLATE_NOOP("StorageLabels", "Available"),
    QT_TRANSLATE_NOOP("StorageLabels", "Autostart"),
    QT_TRANSLATE_NOOP("StorageLabels", "Folder"),
)

VOLUME_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("StorageLabels", "Name"),
    QT_TRANSLATE_NOOP("StorageLabels", "Format"),
    QT_TRANSLATE_NOOP("StorageLabels", "Capacity"),
    QT_TRANSLATE_NOOP("StorageLabels", "Allocation"),
    QT_TRANSLATE_NOOP("StorageLabels", "Used by"),
    QT_TRANSLATE_NOOP("StorageLabels", "Path"),
)

POOL_STATE_LABELS: dict[PoolState, str] = {
    PoolState.INACTIVE: QT_TRANSLATE_NOOP("StorageLabels", "Inactive"),
    PoolState.BUILDING: QT_TRANSLATE_NOOP("StorageLabels", "Building"),
    PoolState.RUNNING: QT_TRANSLATE_NOOP("StorageLabels", "Running"),
    PoolState.DEGRADED: QT_TRANSLATE_NOOP("StorageLabels", "Degraded"),
    PoolState.INACCESSIBLE: QT_TRANSLATE_NOOP("StorageLabels", "Inaccessible"),
}

POOL_TYPE_LABELS: dict[str, str] = {
    "dir": QT_TRANSLATE_NOOP("StorageLabels", "Folder"),
    "fs": QT_TRANSLATE_NOOP("StorageLabels", "Disk partition"),
    "netfs": QT_TRANSLATE_NOOP("StorageLabels", "Network folder"),
    "logical": QT_TRANSLATE_NOOP("StorageLabels", "LVM volume group"),
    "iscsi-direct": QT_TRANSLATE_NOOP("StorageLabels", "iSCSI target"),
    "iscsi": QT_TRANSLATE_NOOP("StorageLabels", "iSCSI target"),
    "disk": QT_TRANSLATE_NOOP("StorageLabels", "Whole disk"),
    "scsi": QT_TRANSLATE_NOOP("StorageLabels", "SCSI host adapter"),
    "mpath": QT_TRANSLATE_NOOP("StorageLabels", "Multipath devices"),
    "rbd": QT_TRANSLATE_NOOP("StorageLabels", "Ceph RBD"),
    "gluster": QT_TRANSLATE_NOOP("StorageLabels", "Gluster"),
    "zfs": QT_TRANSLATE_NOOP("StorageLabels", "ZFS"),
}

YES = QT_TRANSLATE_NOOP("StorageLabels", "Yes")
NO = QT_TRANSLATE_NOOP("StorageLabels", "No")

INFO_LABELS: tuple[str, ...] = (
    "UUID",
    QT_TRANSLATE_NOOP("StorageLabels", "Source"),
    QT_TRANSLATE_NOOP("StorageLabels", "Persistent"),
    QT_TRANSLATE_NOOP("StorageLabels", "Used by"),
)


def pool_type_label(pool_type: str) -> str:
    """The type in words; libvirt's own word for a type kvmdesk has no words for."""
    return POOL_TYPE_LABELS.get(pool_type, pool_type)


def yes_no(value: bool) -> str:
    return YES if value else NO
