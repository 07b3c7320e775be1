"""What every storage dialog shares: an error line, OK/Cancel, a size field with units.

Each dialog builds its value from its widgets and asks core to validate it; the
first problem is shown in :attr:`StorageForm.error_label` and OK stays disabled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.storage.units import DIALOG_UNITS, UNIT_BYTES, size_in
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.ui.common.labels import PlainLabel


class StorageForm(QDialog):
    """A dialog with a form, an error line and OK/Cancel; subclasses define :meth:`check`."""

    def __init__(self, name: str, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        self.error_label = PlainLabel(self)
        self.error_label.setObjectName("storageError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {Colour.ERROR.hex()};")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        """Put the error line and the buttons below what the subclass added."""
        self.layout_.addWidget(self.error_label)
        self.layout_.addWidget(self.buttons)
        self.revalidate()

    def check(self) -> None:
        """Raise :class:`BadInput` with the first problem of what is entered."""
        raise NotImplementedError

    def revalidate(self, *_args: object) -> bool:
        try:
            self.check()
        except BadInput as error:
            self.error_label.setText(str(error))
            self.ok_button.setEnabled(False)
            return False
        self.error_label.clear()
        self.ok_button.setEnabled(True)
        return True

    def accept(self) -> None:
        if self.revalidate():
            super().accept()


class SizeField(QWidget):
    """A number and a unit (MiB, GiB, TiB); :meth:`bytes` is the size it says."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.number = QDoubleSpinBox(self)
        self.number.setObjectName(f"{name}Number")
        self.number.setDecimals(1)
        self.number.setRange(0, 1024 * 1024)
        self.unit = QComboBox(self)
        self.unit.setObjectName(f"{name}Unit")
        self.unit.addItems(list(DIALOG_UNITS))
        row.addWidget(self.number, 1)
        row.addWidget(self.unit)

    def bytes(self) -> int:
        return size_in(self.number.value(), self.unit.currentText())

    def set_bytes(self, size: int) -> None:
        """Show ``size`` in the largest unit that keeps it at least 1."""
        for unit in reversed(DIALOG_UNITS):
            factor = UNIT_BYTES[unit.lower()]
            if size >= factor:
                self.unit.setCurrentText(unit)
                self.number.setValue(round(size / factor, 1))
                return
        self.unit.setCurrentText(DIALOG_UNITS[0])
        self.number.setValue(round(size / UNIT_BYTES[DIALOG_UNITS[0].lower()], 1))

    def on_edit(self, slot: Callable[..., object]) -> None:
        self.number.valueChanged.connect(slot)
        self.unit.currentIndexChanged.connect(slot)
