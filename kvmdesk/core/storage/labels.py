"""The words the storage views and ``kvmdesk-cli pool|vol`` show, in English.

The CLI prints them as they are; the Qt models pass the very same strings through
``QCoreApplication.translate("StorageLabels", …)``, so both say the same things.
"""

from __future__ import annotations

from kvmdesk.core.storage.values import PoolState

POOL_COLUMNS: tuple[str, ...] = (
    "Name",
    "Type",
    "State",
    "Capacity",
    "Allocation",
    "Available",
    "Autostart",
    "Folder",
)

VOLUME_COLUMNS: tuple[str, ...] = ("Name", "Format", "Capacity", "Allocation", "Used by", "Path")

POOL_STATE_LABELS: dict[PoolState, str] = {
    PoolState.INACTIVE: "Inactive",
    PoolState.BUILDING: "Building",
    PoolState.RUNNING: "Running",
    PoolState.DEGRADED: "Degraded",
    PoolState.INACCESSIBLE: "Inaccessible",
}

POOL_TYPE_LABELS: dict[str, str] = {
    "dir": "Folder",
    "fs": "Disk partition",
    "netfs": "Network folder",
    "logical": "LVM volume group",
    "iscsi-direct": "iSCSI target",
    "iscsi": "iSCSI target",
    "disk": "Whole disk",
    "scsi": "SCSI host adapter",
    "mpath": "Multipath devices",
    "rbd": "Ceph RBD",
    "gluster": "Gluster",
    "zfs": "ZFS",
}

YES = "Yes"
NO = "No"

INFO_LABELS: tuple[str, ...] = ("UUID", "Source", "Persistent", "Used by")


def pool_type_label(pool_type: str) -> str:
    """The type in words; libvirt's own word for a type kvmdesk has no words for."""
    return POOL_TYPE_LABELS.get(pool_type, pool_type)


def yes_no(value: bool) -> str:
    return YES if value else NO
