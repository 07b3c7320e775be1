"""The wizard's first two pages: where the VM comes from, and which OS it is.

The source page offers an ISO (a local file or a volume in a pool), a disk image to
import, a cloud image, network boot and an empty disk. For a local file on the system
connection it shows whether QEMU's user can read it; when not, copying it into a pool is
chosen, and the exact command that would grant access is shown instead of run.

The OS page shows what osinfo-db recognised on the ISO (all candidates when they are
ambiguous, e.g. Windows 10 and 11), lets the user pick any OS, and says when nothing
matched that the database is from a given date and offers the close families.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.create.media import Detection, detect_file
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.service import access_of
from kvmdesk.core.create.spec import LocalFileHandling, SourceKind, VmSpec
from kvmdesk.core.create.validation import Field
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.create.common import Owner, WizardPage, note_label, show_note

ISO_SUFFIXES = (".iso", ".img")


class SourcePage(WizardPage):
    fields = (Field.SOURCE,)

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("sourcePage")
        self.setTitle(self.tr("Where does the new VM come from?"))
        layout = QVBoxLayout(self)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[SourceKind, QRadioButton] = {}
        labels = {
            SourceKind.ISO: self.tr("Install from an ISO image (file or volume)"),
            SourceKind.IMPORT: self.tr("Import an existing disk image"),
            SourceKind.CLOUD_IMAGE: self.tr("Cloud image, configured with cloud-init"),
            SourceKind.PXE: self.tr("Network boot (PXE)"),
            SourceKind.MANUAL: self.tr("Manual: an empty disk, install later"),
        }
        for kind, text in labels.items():
            button = QRadioButton(text, self)
            button.setObjectName(f"source_{kind}")
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            layout.addWidget(button)
            button.toggled.connect(self._on_kind)

        self.file_box = QGroupBox(self.tr("File"), self)
        form = QFormLayout(self.file_box)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self.file_box)
        self.path_edit.setObjectName("sourcePath")
        self.path_edit.setPlaceholderText(self.tr("/path/to/file"))
        self.browse_button = QPushButton(self.tr("Browse…"), self.file_box)
        self.browse_button.setObjectName("browseButton")
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.tr("Local file:"), row)
        self.volume_combo = QComboBox(self.file_box)
        self.volume_combo.setObjectName("sourceVolume")
        self.volume_combo.addItem(self.tr("(a local file instead)"), "")
        for pool in owner.survey.pools:
            for volume in sorted(pool.volumes):
                if volume.lower().endswith(ISO_SUFFIXES):
                    self.volume_combo.addItem(
                        safe_line(f"{pool.name}/{volume}"), f"{pool.name}/{volume}"
                    )
        self.volume_label_text = self.tr("Or a volume:")
        form.addRow(self.volume_label_text, self.volume_combo)
        layout.addWidget(self.file_box)

        self.access_box = QGroupBox(self.tr("QEMU cannot read this file where it is"), self)
        self.access_box.setObjectName("accessBox")
        access = QVBoxLayout(self.access_box)
        self.access_note = note_label("accessNote", self.access_box)
        access.addWidget(self.access_note)
        self.copy_radio = QRadioButton(self.tr("Copy it into the VM's storage pool (recommended)"))
        self.copy_radio.setObjectName("copyToPool")
        self.in_place_radio = QRadioButton(
            self.tr("Use it where it is — I grant access myself with this command:")
        )
        self.in_place_radio.setObjectName("useInPlace")
        access.addWidget(self.copy_radio)
        access.addWidget(self.in_place_radio)
        self.command_edit = QLineEdit(self.access_box)
        self.command_edit.setObjectName("grantCommand")
        self.command_edit.setReadOnly(True)
        access.addWidget(self.command_edit)
        self.recheck_button = QPushButton(self.tr("Check again"), self.access_box)
        self.recheck_button.setObjectName("recheckAccess")
        access.addWidget(self.recheck_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.access_box)
        self.access_box.hide()
        self._access_choice_made = False

        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)

        self.path_edit.textChanged.connect(self._on_path)
        self.volume_combo.currentIndexChanged.connect(self._on_path)
        self.browse_button.clicked.connect(self._browse)
        self.copy_radio.toggled.connect(self._on_access_choice)
        self.recheck_button.clicked.connect(self._on_path)
        self.kind_buttons[SourceKind.ISO].setChecked(True)

    def kind(self) -> SourceKind:
        for kind, button in self.kind_buttons.items():
            if button.isChecked():
                return kind
        return SourceKind.ISO

    def choose(self, kind: SourceKind) -> None:
        self.kind_buttons[kind].setChecked(True)

    def _on_kind(self, *_args: object) -> None:
        kind = self.kind()
        needs_file = kind in (SourceKind.ISO, SourceKind.IMPORT, SourceKind.CLOUD_IMAGE)
        self.file_box.setVisible(needs_file)
        self.volume_combo.setEnabled(kind is SourceKind.ISO)
        self._on_path()

    def _browse(self) -> None:
        kind = self.kind()
        filters = {
            SourceKind.ISO: self.tr("ISO images (*.iso *.img);;All files (*)"),
            SourceKind.IMPORT: self.tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"),
            SourceKind.CLOUD_IMAGE: self.tr("Cloud images (*.qcow2 *.img);;All files (*)"),
        }
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), str(Path.home()), filters.get(kind, "")
        )
        if path:
            self.path_edit.setText(path)

    def _on_access_choice(self, *_args: object) -> None:
        self._access_choice_made = True
        self.changed()

    def _on_path(self, *_args: object) -> None:
        if self.volume_combo.currentData():
            self.path_edit.setEnabled(False)
        else:
            self.path_edit.setEnabled(True)
        self._update_access()
        self.owner.source_changed()
        self.changed()

    def _update_access(self) -> None:
        spec = self.apply(replace(self.owner.spec(), local_file=LocalFileHandling.USE_IN_PLACE))
        check = access_of(spec, self.owner.survey) if spec.source_path else None
        blocked = check is not None and not check.ok
        self.access_box.setVisible(blocked)
        if check is not None and blocked:
            show_note(self.access_note, check.explanation())
            self.command_edit.setText(check.grant_command())
            if not self._access_choice_made:
                self.copy_radio.blockSignals(True)
                self.copy_radio.setChecked(True)
                self.copy_radio.blockSignals(False)

    def apply(self, spec: VmSpec) -> VmSpec:
        kind = self.kind()
        if kind not in (SourceKind.ISO, SourceKind.IMPORT, SourceKind.CLOUD_IMAGE):
            return replace(spec, source=kind, source_path="", source_volume="")
        volume = str(self.volume_combo.currentData() or "") if kind is SourceKind.ISO else ""
        path = "" if volume else self.path_edit.text().strip()
        copy = self.access_box.isVisibleTo(self) and self.copy_radio.isChecked()
        return replace(
            spec,
            source=kind,
            source_path=str(Path(path).expanduser()) if path else "",
            source_volume=volume,
            local_file=LocalFileHandling.COPY_TO_POOL if copy else LocalFileHandling.USE_IN_PLACE,
        )


class OsPage(WizardPage):
    fields = (Field.OS,)

    def __init__(self, owner: Owner, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("osPage")
        self.setTitle(self.tr("Which operating system?"))
        self.setSubTitle(
            self.tr(
                "Detected from the ISO where possible; the defaults of the next pages follow it."
            )
        )
        layout = QVBoxLayout(self)
        self.detected_label = note_label("detectedOs", self)
        layout.addWidget(self.detected_label)
        self.ambiguity_label = note_label("ambiguousOs", self, Colour.CAUTION_TEXT)
        layout.addWidget(self.ambiguity_label)
        self.database_note = note_label("databaseNote", self, Colour.CAUTION_TEXT)
        layout.addWidget(self.database_note)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("osFilter")
        self.filter_edit.setPlaceholderText(self.tr("Type to filter, e.g. debian, windows, fedora"))
        layout.addWidget(self.filter_edit)
        self.os_list = QListWidget(self)
        self.os_list.setObjectName("osList")
        layout.addWidget(self.os_list, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        database = owner.survey.database
        self._entries = database.fallbacks() + [
            e for e in database.newest_first() if e.id not in {f.id for f in database.fallbacks()}
        ]
        self.detection: Detection | None = None
        self._fill("")
        self.filter_edit.textChanged.connect(self._fill)
        self.os_list.currentItemChanged.connect(self._on_choice)
        self.select("http://libosinfo.org/linux/2022")

    def _fill(self, text: str) -> None:
        current = self.current_id()
        self.os_list.blockSignals(True)
        self.os_list.clear()
        words = text.lower().split()
        for entry in self._entries:
            haystack = f"{entry.name} {' '.join(entry.short_ids)}".lower()
            if all(word in haystack for word in words):
                date = entry.release_date.isoformat() if entry.release_date else ""
                item = QListWidgetItem(safe_line(f"{entry.name}    {date}".rstrip()))
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.os_list.addItem(item)
        self.os_list.blockSignals(False)
        if current:
            self.select(current, quiet=True)

    def current_id(self) -> str:
        item = self.os_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def current_entry(self) -> OsEntry | None:
        return self.owner.survey.database.get(self.current_id()) if self.current_id() else None

    def select(self, os_id: str, *, quiet: bool = False) -> bool:
        entry = self.owner.survey.database.get(os_id)
        if entry is None:
            return False
        for row in range(self.os_list.count()):
            item = self.os_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == entry.id:
                if quiet:
                    self.os_list.blockSignals(True)
                self.os_list.setCurrentItem(item)
                if quiet:
                    self.os_list.blockSignals(False)
                return True
        return False

    def _on_choice(self, *_args: object) -> None:
        self.owner.os_changed()
        self.changed()

    def detect(self, spec: VmSpec) -> None:
        """Look at the ISO (when the source is a local ISO file) and pre-select its OS."""
        survey = self.owner.survey
        detection: Detection | None = None
        if spec.source is SourceKind.ISO and spec.source_path and Path(spec.source_path).is_file():
            try:
                detection = detect_file(Path(spec.source_path), survey.database)
            except BadInput:
                detection = None
        self.detection = detection
        date = survey.database.date.isoformat() if survey.database.date else survey.database.version
        if detection is not None and detection.best is not None:
            show_note(
                self.detected_label, self.tr("Detected: %1").replace("%1", detection.best.name)
            )
            self.select(detection.best.id)
            others = [e.name for e in detection.candidates[1:4]]
            show_note(
                self.ambiguity_label,
                self.tr(
                    "This ISO could also be %1: the media of these releases look alike. "
                    "Check and pick the right one."
                ).replace("%1", ", ".join(others))
                if others
                else "",
            )
            show_note(self.database_note, "")
        else:
            show_note(
                self.detected_label,
                self.tr("Not detected: choose the operating system.")
                if spec.source is SourceKind.ISO
                else "",
            )
            show_note(self.ambiguity_label, "")
            show_note(
                self.database_note,
                self.tr(
                    "The OS database (osinfo-db) is from %1: newer systems are not in it. "
                    "Pick the closest family, e.g. “Generic Linux 2022” or “Microsoft Windows 11”."
                ).replace("%1", date)
                if spec.source is SourceKind.ISO and spec.source_path
                else "",
            )

    def apply(self, spec: VmSpec) -> VmSpec:
        return replace(spec, os_id=self.current_id())
