"""Confirm deleting a volume or a pool, showing which virtual machines use it.

A volume in use is deleted only after the user ticks that those VMs lose the disk;
:meth:`DeleteVolumeDialog.confirmed_users` is then the list they agreed to, which
core checks again (a VM that started using it meanwhile is not on it). A pool in use
cannot be deleted at all: the dialog says which VMs use it and offers no Delete.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QListWidget, QWidget

from kvmdesk.core.storage.units import format_size
from kvmdesk.core.storage.values import PoolSnapshot, VolumeSnapshot
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.storage.form import StorageForm


def _users_list(parent: QWidget, users: Sequence[str]) -> QListWidget:
    listing = QListWidget(parent)
    listing.setObjectName("usersList")
    listing.addItems(list(users))
    listing.setMaximumHeight(listing.sizeHintForRow(0) * min(len(users), 6) + 8)
    return listing


class DeleteVolumeDialog(StorageForm):
    """Delete ``volume``; when VMs use it, only after the user confirms they lose it."""

    def __init__(self, volume: VolumeSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(
            "deleteVolumeDialog",
            self.tr("Delete volume"),
            self.tr("Delete"),
            parent,
        )
        self._volume = volume
        question = PlainLabel(
            self.tr("Delete the volume “%1” (%2)? Its data cannot be recovered.")
            .replace("%1", volume.name)
            .replace("%2", format_size(volume.capacity)),
            self,
        )
        question.setWordWrap(True)
        self.layout_.addWidget(question)
        self.confirm_check = QCheckBox(self)
        self.confirm_check.setObjectName("confirmInUse")
        if volume.used_by:
            warning = PlainLabel(self.tr("These virtual machines use it and lose this disk:"), self)
            warning.setStyleSheet(f"color: {Colour.DANGER.hex()};")
            self.layout_.addWidget(warning)
            self.layout_.addWidget(_users_list(self, volume.used_by))
            self.confirm_check.setText(
                self.tr(
                    "Delete it anyway; %n virtual machine(s) lose the disk", "", len(volume.used_by)
                )
            )
            self.layout_.addWidget(self.confirm_check)
        else:
            self.confirm_check.hide()
        connect_edits(self.revalidate, self.confirm_check)
        self.finish_layout()
        self.ok_button.setDefault(False)

    def check(self) -> None:
        if self._volume.used_by and not self.confirm_check.isChecked():
            raise BadInput(
                self.tr("The volume is in use: confirm that its virtual machines lose it.")
            )

    def confirmed_users(self) -> tuple[str, ...]:
        return self._volume.used_by if self.confirm_check.isChecked() else ()


class DeletePoolDialog(StorageForm):
    """Delete ``pool`` (stop and forget it, optionally with its volumes and folder)."""

    def __init__(
        self,
        pool: PoolSnapshot,
        users: Sequence[str],
        volume_count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "deletePoolDialog", self.tr("Delete storage pool"), self.tr("Delete"), parent
        )
        self._users = tuple(users)
        question = PlainLabel(
            self.tr("Delete the storage pool “%1”?").replace("%1", pool.name), self
        )
        question.setWordWrap(True)
        self.layout_.addWidget(question)
        self.remove_check = QCheckBox(self)
        self.remove_check.setObjectName("removeStorage")
        if self._users:
            refusal = PlainLabel(
                self.tr("It cannot be deleted while these virtual machines use it:"), self
            )
            refusal.setWordWrap(True)
            self.layout_.addWidget(refusal)
            self.layout_.addWidget(_users_list(self, self._users))
            self.remove_check.hide()
        else:
            keeps = PlainLabel(
                self.tr("Its folder and volumes stay on disk unless you delete them too."), self
            )
            keeps.setWordWrap(True)
            self.layout_.addWidget(keeps)
            self.remove_check.setText(
                self.tr("Also delete its %n volume(s) and its folder", "", volume_count)
            )
            self.remove_check.setEnabled(pool.active or volume_count == 0)
            self.layout_.addWidget(self.remove_check)
        connect_edits(self.revalidate, self.remove_check)
        self.finish_layout()

    def check(self) -> None:
        if self._users:
            raise BadInput(self.tr("Remove its disks from these virtual machines first."))

    def remove_storage(self) -> bool:
        return self.remove_check.isChecked()
