"""Upload a local file into a new volume, download a volume, and follow either.

:class:`UploadDialog` and :class:`DownloadDialog` ask where from and where to;
:class:`TransferDialog` shows the bytes moving with a progress bar and a Cancel
button, which sets the transfer's cancel event (core stops after the current chunk
and removes what it made).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.storage.units import format_size
from kvmdesk.core.storage.validate import check_name, check_path
from kvmdesk.core.storage.values import PoolSnapshot, TransferProgress, VolumeSnapshot
from kvmdesk.core.types.errors import BadInput
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.storage.form import StorageForm


def _file_row(parent: QWidget, edit: QLineEdit, browse: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


class UploadDialog(StorageForm):
    """A local file and the name of the new volume it becomes in ``pool``."""

    def __init__(
        self,
        pool: PoolSnapshot,
        existing: Sequence[VolumeSnapshot],
        *,
        replaceable: VolumeSnapshot | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "uploadDialog",
            self.tr("Upload into %1").replace("%1", pool.name),
            self.tr("Upload"),
            parent,
        )
        self._pool = pool
        self._existing = [v.name for v in existing]
        self._name_edited = False
        form = QFormLayout()
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("uploadFile")
        self.file_edit.setPlaceholderText(self.tr("an ISO or disk image on this computer"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(self.browse)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("uploadName")
        self.size_label = PlainLabel(self)
        self.size_label.setObjectName("uploadSize")
        form.addRow(self.tr("File:"), _file_row(self, self.file_edit, self.browse_button))
        self._replaceable = replaceable
        self.new_radio = QRadioButton(self.tr("Into a new volume named:"), self)
        self.new_radio.setObjectName("uploadNew")
        self.new_radio.setChecked(True)
        self.replace_radio = QRadioButton(self)
        self.replace_radio.setObjectName("uploadReplace")
        form.addRow(self.new_radio, self.name_edit)
        if replaceable is not None:
            self.replace_radio.setText(
                self.tr("Replace the data of “%1” (%2)")
                .replace("%1", replaceable.name)
                .replace("%2", format_size(replaceable.capacity))
            )
            form.addRow(self.replace_radio)  # the whole width: volume names can be long
        else:
            self.replace_radio.hide()
        form.addRow("", self.size_label)
        self.layout_.addLayout(form)
        self.new_radio.toggled.connect(self.name_edit.setEnabled)
        connect_edits(self.revalidate, self.new_radio)
        self.file_edit.textChanged.connect(self._file_changed)
        self.name_edit.textEdited.connect(self._edited_name)
        connect_edits(self.revalidate, self.file_edit, self.name_edit)
        self.finish_layout()

    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a file to upload"))
        dialog.setObjectName("uploadBrowse")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Disk images and ISOs (*.iso *.img *.qcow2 *.raw)"), self.tr("All files (*)")]
        )
        dialog.fileSelected.connect(self.file_edit.setText)
        dialog.open()

    def _edited_name(self, _text: str) -> None:
        self._name_edited = True

    def _file_changed(self, text: str) -> None:
        path = text.strip()
        if not self._name_edited:
            self.name_edit.setText(os.path.basename(path))
        if os.path.isfile(path):
            self.size_label.setText(
                self.tr("%1, free in the pool: %2")
                .replace("%1", format_size(os.path.getsize(path)))
                .replace("%2", format_size(self._pool.available))
            )
        else:
            self.size_label.clear()

    def replaces(self) -> bool:
        """True when the file replaces the data of the selected volume."""
        return self._replaceable is not None and self.replace_radio.isChecked()

    def value(self) -> tuple[str, str]:
        """The local file and the volume it goes into."""
        if self.replaces() and self._replaceable is not None:
            return self.file_edit.text().strip(), self._replaceable.name
        return self.file_edit.text().strip(), self.name_edit.text().strip()

    def check(self) -> None:
        path, name = self.value()
        if not path:
            raise BadInput(self.tr("choose the file to upload"))
        if not os.path.isfile(path):
            raise BadInput(self.tr("no file %1").replace("%1", path))
        if not os.access(path, os.R_OK):
            raise BadInput(self.tr("%1 cannot be read").replace("%1", path))
        if self.replaces() and self._replaceable is not None:
            volume = self._replaceable
            if volume.format == "raw" and os.path.getsize(path) > volume.capacity:
                raise BadInput(
                    self.tr("the file is larger than the volume %1").replace("%1", volume.name)
                )
            return
        check_name(name, "volume", self._existing)
        if self._pool.available and os.path.getsize(path) > self._pool.available:
            raise BadInput(
                self.tr("pool %1 has not enough free space for this file").replace(
                    "%1", self._pool.name
                )
            )


class DownloadDialog(StorageForm):
    """Where on this computer the volume goes (a new file)."""

    def __init__(self, volume: VolumeSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(
            "downloadDialog",
            self.tr("Download %1").replace("%1", volume.name),
            self.tr("Download"),
            parent,
        )
        form = QFormLayout()
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("downloadFile")
        self.file_edit.setText(os.path.join(os.path.expanduser("~"), volume.name))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(self.browse)
        form.addRow(self.tr("Save as:"), _file_row(self, self.file_edit, self.browse_button))
        form.addRow(
            "",
            PlainLabel(
                self.tr("About %1 to transfer.").replace("%1", format_size(volume.allocation)), self
            ),
        )
        self.layout_.addLayout(form)
        connect_edits(self.revalidate, self.file_edit)
        self.finish_layout()

    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Save the volume as"))
        dialog.setObjectName("downloadBrowse")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(self.file_edit.text())
        dialog.fileSelected.connect(self.file_edit.setText)
        dialog.open()

    def value(self) -> str:
        return self.file_edit.text().strip()

    def check(self) -> None:
        path = self.value()
        check_path(path, "file")
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            raise BadInput(self.tr("no folder %1").replace("%1", folder))
        if os.path.isdir(path):
            raise BadInput(self.tr("%1 is a folder: give a file name").replace("%1", path))
        if os.path.exists(path):
            raise BadInput(self.tr("%1 exists already").replace("%1", path))


class TransferDialog(QDialog):
    """Progress of one upload or download, with Cancel; :attr:`cancel` is its event."""

    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(title)
        self.cancel = threading.Event()
        layout = QVBoxLayout(self)
        self.what_label = PlainLabel(what, self)
        self.what_label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("transferProgress")
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.bar.setTextVisible(False)
        self.bytes_label = PlainLabel(self.tr("Starting…"), self)
        self.bytes_label.setObjectName("transferBytes")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.request_cancel)
        layout.addWidget(self.what_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.bytes_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def report(self, progress: TransferProgress) -> None:
        self.bar.setValue(int(progress.fraction * 1000))
        self.bytes_label.setText(
            self.tr("%1 of %2 (%3%)")
            .replace("%1", format_size(progress.done))
            .replace("%2", format_size(progress.total))
            .replace("%3", f"{progress.fraction * 100:.0f}")
        )

    def request_cancel(self) -> None:
        """Stop the transfer after its current chunk; the dialog closes when it has."""
        self.cancel.set()
        self.cancel_button.setEnabled(False)
        self.bytes_label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:  # Esc and the title bar's close button cancel too
        self.request_cancel()

    def done_transfer(self) -> None:
        """The transfer ended (finished, failed or cancelled): close for good."""
        super().reject() if self.cancel.is_set() else super().accept()
