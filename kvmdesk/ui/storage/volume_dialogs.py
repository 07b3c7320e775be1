"""Create, resize and clone a volume: each dialog returns a plain value core checks.

- :class:`CreateVolumeDialog` → :class:`VolumeSpec` (name, size, qcow2/raw,
  preallocation, optional backing file from the connection's listed volumes);
- :class:`ResizeVolumeDialog` → the new size in bytes and whether shrinking is allowed;
- :class:`CloneVolumeDialog` → the copy's name and pool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from kvmdesk.core.storage.defaults import free_name, volume_suffix
from kvmdesk.core.storage.units import format_size
from kvmdesk.core.storage.validate import validate_clone, validate_resize, validate_volume_spec
from kvmdesk.core.storage.values import (
    PoolSnapshot,
    Preallocation,
    VolumeFormat,
    VolumeSnapshot,
    VolumeSpec,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.storage.form import SizeField, StorageForm

GIB = 1024**3


class CreateVolumeDialog(StorageForm):
    """A new volume in ``pool``; ``backing_candidates`` are the volumes it may overlay."""

    def __init__(
        self,
        pool: PoolSnapshot,
        existing: Sequence[VolumeSnapshot],
        backing_candidates: Sequence[VolumeSnapshot] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "createVolumeDialog",
            self.tr("New volume in %1").replace("%1", pool.name),
            self.tr("Create"),
            parent,
        )
        self._pool = pool
        self._existing = list(existing)
        self._backing = [v for v in backing_candidates if v.path]
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("volumeName")
        self.size_field = SizeField("volumeSize", self)
        self.size_field.set_bytes(20 * GIB)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("volumeFormat")
        self.format_combo.addItem(
            self.tr("qcow2 (snapshots, grows as used)"), str(VolumeFormat.QCOW2)
        )
        self.format_combo.addItem(self.tr("raw (fastest, no snapshots)"), str(VolumeFormat.RAW))
        self.preallocation_combo = QComboBox(self)
        self.preallocation_combo.setObjectName("volumePreallocation")
        self.preallocation_combo.addItem(
            self.tr("None (allocate as written)"), str(Preallocation.NONE)
        )
        self.preallocation_combo.addItem(self.tr("Metadata (qcow2)"), str(Preallocation.METADATA))
        self.preallocation_combo.addItem(
            self.tr("Full (reserve the space now)"), str(Preallocation.FULL)
        )
        self.backing_combo = QComboBox(self)
        self.backing_combo.setObjectName("volumeBacking")
        self.backing_combo.addItem(self.tr("None"), "")
        for volume in self._backing:
            self.backing_combo.addItem(safe_line(f"{volume.pool}/{volume.name}"), volume.path)
        self.free_label = PlainLabel(
            self.tr("Free in %1: %2")
            .replace("%1", pool.name)
            .replace("%2", format_size(pool.available)),
            self,
        )
        self.free_label.setObjectName("volumeFree")
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Size:"), self.size_field)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.tr("Preallocation:"), self.preallocation_combo)
        form.addRow(self.tr("Backing file:"), self.backing_combo)
        form.addRow("", self.free_label)
        self.layout_.addLayout(form)
        self._name_edited = False
        self.name_edit.setText(self._free_name())
        self.name_edit.textEdited.connect(self._edited_name)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.backing_combo.currentIndexChanged.connect(self._backing_changed)
        self.size_field.on_edit(self.revalidate)
        connect_edits(self.revalidate, self.name_edit, self.preallocation_combo)
        self.finish_layout()

    def _edited_name(self, _text: str) -> None:
        self._name_edited = True

    def _free_name(self) -> str:
        return free_name(
            "disk", [v.name for v in self._existing], volume_suffix(self.format_combo.currentData())
        )

    def _format_changed(self, *_args: object) -> None:
        if not self._name_edited:
            self.name_edit.setText(self._free_name())
        self.revalidate()

    def _backing_changed(self, *_args: object) -> None:
        backing = self.backing_volume()
        if backing is not None:
            self.format_combo.setCurrentIndex(self.format_combo.findData(str(VolumeFormat.QCOW2)))
            self.preallocation_combo.setCurrentIndex(0)
            self.size_field.set_bytes(backing.capacity)
        self.revalidate()

    def backing_volume(self) -> VolumeSnapshot | None:
        path = self.backing_combo.currentData()
        return next((v for v in self._backing if v.path == path), None) if path else None

    def value(self) -> VolumeSpec:
        backing = self.backing_volume()
        return VolumeSpec(
            name=self.name_edit.text().strip(),
            capacity=self.size_field.bytes(),
            format=VolumeFormat(self.format_combo.currentData()),
            preallocation=Preallocation(self.preallocation_combo.currentData()),
            backing_path=backing.path if backing else "",
            backing_format=(backing.format or "raw") if backing else "",
        )

    def check(self) -> None:
        validate_volume_spec(
            self.value(), self._pool, self._existing, backing=self.backing_volume()
        )


class ResizeVolumeDialog(StorageForm):
    """A new size for ``volume``; shrinking (raw only) must be allowed explicitly."""

    def __init__(self, volume: VolumeSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(
            "resizeVolumeDialog",
            self.tr("Resize %1").replace("%1", volume.name),
            self.tr("Resize"),
            parent,
        )
        self._volume = volume
        form = QFormLayout()
        self.current_label = PlainLabel(format_size(volume.capacity), self)
        self.current_label.setObjectName("resizeCurrent")
        self.size_field = SizeField("resizeSize", self)
        self.size_field.set_bytes(volume.capacity)
        self.shrink_check = QCheckBox(
            self.tr("Allow shrinking (data past the new end is lost)"), self
        )
        self.shrink_check.setObjectName("resizeShrink")
        self.shrink_check.setEnabled(volume.format != "qcow2")
        note = PlainLabel(
            self.tr("The guest's partitions and file systems must be grown inside the guest."),
            self,
        )
        note.setWordWrap(True)
        form.addRow(self.tr("Current size:"), self.current_label)
        form.addRow(self.tr("New size:"), self.size_field)
        form.addRow("", self.shrink_check)
        self.layout_.addLayout(form)
        self.layout_.addWidget(note)
        self.size_field.on_edit(self.revalidate)
        connect_edits(self.revalidate, self.shrink_check)
        self.finish_layout()

    def value(self) -> tuple[int, bool]:
        return self.size_field.bytes(), self.shrink_check.isChecked()

    def check(self) -> None:
        capacity, shrink = self.value()
        validate_resize(self._volume, capacity, shrink=shrink)


class CloneVolumeDialog(StorageForm):
    """A full copy of ``volume``: its name, and the running pool it goes to."""

    def __init__(
        self,
        volume: VolumeSnapshot,
        pools: Sequence[PoolSnapshot],
        names_by_pool: Mapping[str, Sequence[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "cloneVolumeDialog",
            self.tr("Clone %1").replace("%1", volume.name),
            self.tr("Clone"),
            parent,
        )
        self._volume = volume
        self._pools = {p.name: p for p in pools if p.active}
        self._names = names_by_pool
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("cloneName")
        self.pool_combo = QComboBox(self)
        self.pool_combo.setObjectName("clonePool")
        for name in sorted(self._pools, key=str.casefold):
            self.pool_combo.addItem(safe_line(name), name)
        self.pool_combo.setCurrentIndex(max(self.pool_combo.findData(volume.pool), 0))
        stem, dot, extension = volume.name.rpartition(".")
        if not dot:
            stem, extension = volume.name, ""
        self.name_edit.setText(
            free_name(
                f"{stem}-clone",
                self._names.get(volume.pool, ()),
                f".{extension}" if extension else "",
            )
        )
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Pool:"), self.pool_combo)
        self.layout_.addLayout(form)
        size = PlainLabel(
            self.tr("Copies %1 of data.").replace("%1", format_size(volume.allocation)), self
        )
        self.layout_.addWidget(size)
        connect_edits(self.revalidate, self.name_edit, self.pool_combo)
        self.finish_layout()

    def value(self) -> tuple[str, str]:
        return self.name_edit.text().strip(), str(self.pool_combo.currentData() or "")

    def check(self) -> None:
        name, pool = self.value()
        target = self._pools.get(pool)
        if target is None:
            raise BadInput(self.tr("no running pool to copy the volume into"))
        validate_clone(self._volume, name, target, self._names.get(pool, ()))
