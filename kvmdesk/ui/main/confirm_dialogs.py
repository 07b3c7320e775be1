"""Confirmations before destructive actions: force off, and delete with optional storage.

Both dialogs default to Cancel, so a stray Enter never destroys anything. The
delete dialog returns which storage volumes the user chose; it deletes nothing itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.snapshots import VolumeRef
from kvmdesk.models.icons import StateIcon, state_icon
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line, safe_name, safe_tooltip
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.labels import IconLabel, PlainLabel

_ICON_SIZE = 48
# More names than this are summarised as "… and N more" in the force-off dialog.
_MAX_LISTED = 10
_VOLUME_ROLE = Qt.ItemDataRole.UserRole + 1


def _icon_label(parent: QWidget) -> QLabel:
    label = IconLabel(parent, state_icon(StateIcon.WARNING, Colour.WARNING), _ICON_SIZE)
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    return label


def _question_label(text: str, parent: QWidget) -> QLabel:
    """The question a confirmation asks, in bold above the rest."""
    label = PlainLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _warning_label(text: str, parent: QWidget) -> QLabel:
    label = PlainLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, Colour.DANGER.qcolor(palette))
    label.setPalette(palette)
    return label


def _buttons(
    dialog: QDialog, accept_text: str
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A destructive button and Cancel; Cancel is the default and has the focus."""
    box = QDialogButtonBox(dialog)
    accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    assert accept is not None and cancel is not None
    accept.setAutoDefault(False)
    accept.setDefault(False)
    cancel.setAutoDefault(True)
    cancel.setDefault(True)
    cancel.setFocus()
    accept.clicked.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, accept, cancel


def _fit_width(view: QListWidget) -> None:
    """As wide as the longest entry (up to ~70 characters): names and pools read whole."""
    frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
    cap = view.fontMetrics().horizontalAdvance("x") * 70
    view.setMinimumWidth(min(view.sizeHintForColumn(0), cap) + frame)


def _lay_out(dialog: QDialog, text: Sequence[QWidget], buttons: QDialogButtonBox) -> None:
    """The warning icon beside the ``text`` widgets (top to bottom), the buttons below."""
    column = QVBoxLayout()
    for widget in text:
        column.addWidget(widget)
    row = QHBoxLayout()
    row.addWidget(_icon_label(dialog))
    row.addLayout(column, 1)
    layout = QVBoxLayout(dialog)
    layout.addLayout(row)
    layout.addWidget(buttons)


class ForceOffDialog(QDialog):
    """Asks before pulling the virtual power plug of one or more domains."""

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        names = [safe_name(name) for name in names]
        count = len(names)
        self.setWindowTitle(self.tr("Force Off"))
        if count == 1:
            question = self.tr("Force off “%1”?").replace("%1", names[0])
        else:
            question = self.tr("Force off %n virtual machines?", "", count)
        self.question_label = _question_label(question, self)

        listed = list(names[:_MAX_LISTED])
        if count > _MAX_LISTED:
            listed.append(self.tr("… and %n more", "", count - _MAX_LISTED))
        self.names_label = PlainLabel("\n".join(listed), self)
        self.names_label.setObjectName("forceOffNames")
        self.names_label.setTextFormat(Qt.TextFormat.PlainText)
        self.names_label.setVisible(count > 1)

        if count == 1:
            warning = self.tr(
                "This turns the virtual machine off immediately, like pulling the power plug. "
                "Data the guest has not saved is lost."
            )
        else:
            warning = self.tr(
                "This turns the virtual machines off immediately, like pulling the power plug. "
                "Data the guests have not saved is lost."
            )
        self.warning_label = _warning_label(warning, self)
        self.button_box, self.force_off_button, self.cancel_button = _buttons(
            self, self.tr("Force Off")
        )

        _lay_out(self, [self.question_label, self.names_label, self.warning_label], self.button_box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 50)
        name_controls(self)


class DeleteDialog(QDialog):
    """Asks before deleting domains; optionally also chosen storage volumes of theirs.

    ``running`` names the domains that are active: they are forced off before deletion.
    """

    def __init__(
        self,
        names: Sequence[str],
        volumes: Sequence[VolumeRef] = (),
        *,
        running: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        names = [safe_name(name) for name in names]
        count = len(names)
        active = {safe_name(name) for name in running}
        self.setWindowTitle(
            self.tr("Delete Virtual Machine") if count == 1 else self.tr("Delete Virtual Machines")
        )
        if count == 1:
            question = self.tr("Delete “%1”?").replace("%1", names[0])
        else:
            question = self.tr("Delete %n virtual machines?", "", count)
        self.question_label = _question_label(question, self)
        explanation = PlainLabel(
            self.tr("Their definitions are removed from the connection."), self
        )
        explanation.setWordWrap(True)

        self.domain_list = QListWidget(self)
        self.domain_list.setObjectName("deleteDomains")
        self.domain_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.domain_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for name in names:
            if name in active:
                self.domain_list.addItem(
                    safe_line(self.tr("%1 (will be forced off first)").replace("%1", name))
                )
            else:
                self.domain_list.addItem(safe_line(name))
        self.domain_list.setMaximumHeight(
            self.domain_list.sizeHintForRow(0) * min(max(count, 1), 6) + 8
        )

        self.volumes_check = QCheckBox(self.tr("Also delete storage volumes"), self)
        self.volumes_check.setObjectName("deleteVolumesCheck")
        self.volume_list = QListWidget(self)
        self.volume_list.setObjectName("deleteVolumeList")
        self.volume_list.setAccessibleName(self.tr("Storage volumes"))
        self.volume_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        for volume in volumes:
            item = QListWidgetItem(
                safe_line(
                    self.tr("%1 (pool %2)")
                    .replace("%1", safe_name(volume.name))
                    .replace("%2", safe_name(volume.pool))
                ),
                self.volume_list,
            )
            item.setToolTip(safe_tooltip(volume.path))
            item.setData(_VOLUME_ROLE, volume)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.volume_list.setEnabled(False)
        _fit_width(self.domain_list)
        _fit_width(self.volume_list)
        self.volume_warning = _warning_label("", self)
        self.volume_warning.setObjectName("deleteVolumeWarning")
        has_volumes = bool(volumes)
        self.volumes_check.setVisible(has_volumes)
        self.volume_list.setVisible(has_volumes)
        self.volume_warning.setVisible(has_volumes)

        self.button_box, self.delete_button, self.cancel_button = _buttons(self, self.tr("Delete"))

        _lay_out(
            self,
            [
                self.question_label,
                explanation,
                self.domain_list,
                self.volumes_check,
                self.volume_list,
                self.volume_warning,
            ],
            self.button_box,
        )

        self.volumes_check.toggled.connect(self.volume_list.setEnabled)
        self.volumes_check.toggled.connect(self._update_warning)
        self.volume_list.itemChanged.connect(self._update_warning)
        self._update_warning()
        name_controls(self)

    def chosen_volumes(self) -> list[VolumeRef]:
        """Volumes to delete with the domains: none unless the master box is ticked."""
        if not self.volumes_check.isChecked():
            return []
        chosen = []
        for row in range(self.volume_list.count()):
            item = self.volume_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                volume = item.data(_VOLUME_ROLE)
                assert isinstance(volume, VolumeRef)
                chosen.append(volume)
        return chosen

    def _update_warning(self) -> None:
        chosen = self.chosen_volumes()
        if len(chosen) == 1:
            text = self.tr(
                "The storage volume “%1” will be deleted permanently. Its data cannot be recovered."
            ).replace("%1", chosen[0].name)
        elif chosen:
            text = self.tr(
                "%n storage volumes will be deleted permanently. Their data cannot be recovered.",
                "",
                len(chosen),
            )
        else:
            text = self.tr(
                "Storage volumes you tick are deleted permanently. Their data cannot be recovered."
            )
        self.volume_warning.setText(text)
