"""The Shared folders and Network interfaces pages of the settings window.

Network interfaces are the existing NIC editor: the page lists the NICs with the
NIC table model and its Add / Edit / Remove buttons ask the main window's NIC
editing to open the NIC dialog, exactly as the details pane does.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.settings.validate import shared_folder_problems
from kvmdesk.core.settings.values import SharedFolder
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.models.nic_model import NicTableModel
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.settings.page import RestartBadge, coloured, note_label


def heading(text: str, parent: QWidget) -> QLabel:
    heading = PlainLabel(text, parent)
    font = QFont(heading.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    heading.setFont(font)
    return heading


class SharedFoldersPage(QWidget):
    """virtiofs shares: host folder, mount tag, and the command the guest runs."""

    add_requested = Signal()
    remove_requested = Signal(str)  # mount tag

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shares: tuple[SharedFolder, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Shared folders"), self))
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("shareTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Host folder"), self.tr("Mount tag"), self.tr("In the guest, run")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setObjectName("addShareButton")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeShareButton")
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            note_label(
                self.tr(
                    "A shared folder is a host directory the guest mounts with virtiofs. It "
                    "needs shared memory (turned on with the first folder) and takes effect "
                    "at the next start; the guest mounts it with the command shown."
                ),
                self,
            )
        )
        self.message_label = note_label("", self, "messageLabel")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.badge = RestartBadge(self)
        layout.addWidget(self.badge)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove)
        self.table.itemSelectionChanged.connect(self._update)
        self._update()

    def set_shares(self, shares: tuple[SharedFolder, ...]) -> None:
        self.shares = shares
        self.table.setRowCount(len(shares))
        for row, share in enumerate(shares):
            for column, text in enumerate((share.host_path, share.tag, share.guest_command())):
                self.table.setItem(row, column, QTableWidgetItem(safe_line(text)))
        self._update()

    def _selected(self) -> SharedFolder | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shares[rows[0].row()] if rows else None

    def _update(self) -> None:
        self.remove_button.setEnabled(self._selected() is not None)

    def _remove(self) -> None:
        share = self._selected()
        if share is not None:
            self.remove_requested.emit(share.tag)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        coloured(self.message_label, Colour.ERROR if error else Colour.INFO)
        self.message_label.setVisible(bool(text))

    def set_pending_restart(self, pending: bool) -> None:
        self.badge.setVisible(pending)


class SharedFolderDialog(QDialog):
    """Ask for a host folder and a mount tag; shows the guest's mount command."""

    def __init__(self, taken_tags: tuple[str, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sharedFolderDialog")
        self.setWindowTitle(self.tr("Add Shared Folder"))
        self._taken = taken_tags
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("hostPathEdit")
        self.path_edit.setPlaceholderText("/srv/share")
        self.tag_edit = QLineEdit(self)
        self.tag_edit.setObjectName("tagEdit")
        self.command_label = note_label("", self, "guestCommandLabel")
        form.addRow(self.tr("Host folder:"), self.path_edit)
        form.addRow(self.tr("Mount tag:"), self.tag_edit)
        form.addRow(self.tr("In the guest, run:"), self.command_label)
        layout.addLayout(form)
        self.problems_label = coloured(note_label("", self, "problemsLabel"), Colour.ERROR)
        layout.addWidget(self.problems_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        connect_edits(self._update, self.path_edit, self.tag_edit)
        self.path_edit.textChanged.connect(self._suggest_tag)
        self._suggested = ""
        self._update()

    def _suggest_tag(self, path: str) -> None:
        if self.tag_edit.text() in ("", self._suggested):
            name = path.rstrip("/").rsplit("/", 1)[-1]
            self._suggested = "".join(c for c in name if c.isalnum() or c in "._-")[:36]
            self.tag_edit.setText(self._suggested)

    def value(self) -> SharedFolder:
        return SharedFolder(self.path_edit.text().strip(), self.tag_edit.text().strip())

    def _update(self, *_args: object) -> None:
        share = self.value()
        problems = shared_folder_problems(share, self._taken)
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.setVisible(bool(problems))
        self.command_label.setText(share.guest_command() if share.tag else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class NicsPage(QWidget):
    """The VM's network interfaces, edited with the NIC dialog."""

    add_requested = Signal()
    edit_requested = Signal(str)  # MAC
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Network interfaces"), self))
        self.model = NicTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("settingsNicView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setObjectName("addNicButton")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("editNicButton")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeNicButton")
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.view.doubleClicked.connect(lambda _index: self._emit(self.edit_requested))
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self._update()

    def set_nics(
        self,
        nics: tuple[NicSnapshot, ...],
        networks: dict[str, NetworkSnapshot],
        pending: frozenset[str],
    ) -> None:
        chosen = self.selected_mac()
        self.model.set_nics(nics, networks)
        self.model.set_pending_restart(pending)
        row = self.model.row_of(chosen) if chosen else -1
        if row >= 0:
            self.view.selectRow(row)
        self._update()

    def selected_mac(self) -> str:
        rows = self.view.selectionModel().selectedRows()
        nics = self.model.nics()
        return nics[rows[0].row()].mac if rows and rows[0].row() < len(nics) else ""

    def _emit(self, signal: SignalInstance) -> None:
        mac = self.selected_mac()
        if mac:
            signal.emit(mac)

    def _update(self, *_args: object) -> None:
        chosen = bool(self.selected_mac())
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
