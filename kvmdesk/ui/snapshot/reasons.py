"""The snapshot plan's reasons in the user's language (the CLI words them in English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.snapshot.plan import Blocker, CreateKind, Reason


def _tr(text: str) -> str:
    return QCoreApplication.translate("SnapshotReason", text)


def reason_text(blocker: Blocker) -> str:
    """One sentence saying why an operation is not offered."""
    texts = {
        Reason.NO_DISKS: _tr("The VM has no writable disk to snapshot."),
        Reason.DISK_NOT_QCOW2: _tr("Internal snapshots need qcow2 disks; %1 is %2."),
        Reason.DISK_NOT_FILE: _tr("External snapshots need file-backed disks; %1 is a %2 disk."),
        Reason.PFLASH_INTERNAL: _tr(
            "This host's libvirt refuses internal snapshots of VMs whose UEFI firmware "
            "keeps its variables in pflash (NVRAM)."
        ),
        Reason.NOT_PROBED: _tr("kvmdesk could not ask this host's libvirt whether it can do this."),
        Reason.NOT_RUNNING: _tr("The memory can only be saved while the VM is running or paused."),
        Reason.DISK_ONLY_UNSUPPORTED: _tr("This host's libvirt cannot take disk-only snapshots."),
        Reason.REVERT_EXTERNAL: _tr("This host's libvirt cannot revert to external snapshots."),
        Reason.BASE_OF_EXTERNAL: _tr(
            "Its image %1 is now the base of an external snapshot's overlay; changing it "
            "would corrupt that overlay."
        ),
        Reason.DELETE_EXTERNAL: _tr("This host's libvirt cannot delete external snapshots."),
        Reason.EXTERNAL_HAS_CHILDREN: _tr(
            "Only the newest external snapshot can be merged; %1 has snapshots after it."
        ),
        Reason.PARENT_INTERNAL: _tr(
            "Its parent %1 is internal: merging its overlay into an image that holds internal "
            "snapshots is not supported."
        ),
        Reason.OVERLAY_NOT_ACTIVE: _tr("Its overlay %1 is no longer the VM's disk."),
        Reason.CHILDREN_EXTERNAL: _tr(
            "This host's libvirt cannot delete external snapshots together with their children."
        ),
        Reason.NO_CHILDREN: _tr("%1 has no snapshots after it."),
    }
    return texts[blocker.reason].replace("%1", blocker.subject).replace("%2", blocker.detail)


def kind_label(kind: CreateKind) -> str:
    labels = {
        CreateKind.INTERNAL: _tr("Internal"),
        CreateKind.EXTERNAL_DISK_ONLY: _tr("External, disks only"),
        CreateKind.EXTERNAL_WITH_MEMORY: _tr("External, with memory"),
    }
    return labels[kind]


def kind_description(kind: CreateKind, running: bool) -> str:
    if kind is CreateKind.INTERNAL:
        if running:
            return _tr("Stored inside the VM's qcow2 disks, with the running VM's memory.")
        return _tr("Stored inside the VM's qcow2 disks.")
    if kind is CreateKind.EXTERNAL_DISK_ONLY:
        return _tr(
            "New overlay files take the VM's writes; the current disk images become their "
            "read-only base. Memory is not saved."
        )
    return _tr("New overlay files for the disks, and the running VM's memory in a file.")
