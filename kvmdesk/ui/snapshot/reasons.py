"""The snapshot plan's reasons in the user's language (the CLI words them in English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.snapshot.plan import Blocker, CreateKind, Reason


def reason_text(blocker: Blocker) -> str:
    """One sentence saying why an operation is not offered."""
    texts = {
        Reason.NO_DISKS: QCoreApplication.translate(
            "SnapshotReason", "The VM has no writable disk to snapshot."
        ),
        Reason.DISK_NOT_QCOW2: QCoreApplication.translate(
            "SnapshotReason", "Internal snapshots need qcow2 disks; %1 is %2."
        ),
        Reason.DISK_NOT_FILE: QCoreApplication.translate(
            "SnapshotReason", "External snapshots need file-backed disks; %1 is a %2 disk."
        ),
        Reason.PFLASH_INTERNAL: QCoreApplication.translate(
            "SnapshotReason",
            "This host's libvirt refuses internal snapshots of VMs whose UEFI firmware "
            "keeps its variables in pflash (NVRAM).",
        ),
        Reason.NOT_PROBED: QCoreApplication.translate(
            "SnapshotReason", "kvmdesk could not ask this host's libvirt whether it can do this."
        ),
        Reason.NOT_RUNNING: QCoreApplication.translate(
            "SnapshotReason", "The memory can only be saved while the VM is running or paused."
        ),
        Reason.DISK_ONLY_UNSUPPORTED: QCoreApplication.translate(
            "SnapshotReason", "This host's libvirt cannot take disk-only snapshots."
        ),
        Reason.REVERT_EXTERNAL: QCoreApplication.translate(
            "SnapshotReason", "This host's libvirt cannot revert to external snapshots."
        ),
        Reason.BASE_OF_EXTERNAL: QCoreApplication.translate(
            "SnapshotReason",
            "Its image %1 is now the base of an external snapshot's overlay; changing it "
            "would corrupt that overlay.",
        ),
        Reason.DELETE_EXTERNAL: QCoreApplication.translate(
            "SnapshotReason", "This host's libvirt cannot delete external snapshots."
        ),
        Reason.EXTERNAL_HAS_CHILDREN: QCoreApplication.translate(
            "SnapshotReason",
            "Only the newest external snapshot can be merged; %1 has snapshots after it.",
        ),
        Reason.PARENT_INTERNAL: QCoreApplication.translate(
            "SnapshotReason",
            "Its parent %1 is internal: merging its overlay into an image that holds internal "
            "snapshots is not supported.",
        ),
        Reason.OVERLAY_NOT_ACTIVE: QCoreApplication.translate(
            "SnapshotReason", "Its overlay %1 is no longer the VM's disk."
        ),
        Reason.CHILDREN_EXTERNAL: QCoreApplication.translate(
            "SnapshotReason",
            "This host's libvirt cannot delete external snapshots together with their children.",
        ),
        Reason.NO_CHILDREN: QCoreApplication.translate(
            "SnapshotReason", "%1 has no snapshots after it."
        ),
    }
    return texts[blocker.reason].replace("%1", blocker.subject).replace("%2", blocker.detail)


def kind_label(kind: CreateKind) -> str:
    labels = {
        CreateKind.INTERNAL: QCoreApplication.translate("SnapshotReason", "Internal"),
        CreateKind.EXTERNAL_DISK_ONLY: QCoreApplication.translate(
            "SnapshotReason", "External, disks only"
        ),
        CreateKind.EXTERNAL_WITH_MEMORY: QCoreApplication.translate(
            "SnapshotReason", "External, with memory"
        ),
    }
    return labels[kind]


def kind_description(kind: CreateKind, running: bool) -> str:
    if kind is CreateKind.INTERNAL:
        if running:
            return QCoreApplication.translate(
                "SnapshotReason",
                "Stored inside the VM's qcow2 disks, with the running VM's memory.",
            )
        return QCoreApplication.translate("SnapshotReason", "Stored inside the VM's qcow2 disks.")
    if kind is CreateKind.EXTERNAL_DISK_ONLY:
        return QCoreApplication.translate(
            "SnapshotReason",
            "New overlay files take the VM's writes; the current disk images become their "
            "read-only base. Memory is not saved.",
        )
    return QCoreApplication.translate(
        "SnapshotReason", "New overlay files for the disks, and the running VM's memory in a file."
    )
