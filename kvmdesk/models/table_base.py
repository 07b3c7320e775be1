"""The flat, read-only table every kvmdesk list model is: rows, fixed columns, headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from kvmdesk.models.common import DISPLAY, AnyIndex, header_label


class ReadOnlyTable(QAbstractTableModel):
    """Subclasses call :meth:`set_headers` (translated) and implement :meth:`row_total`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._header_labels: tuple[str, ...] = ()

    def set_headers(self, labels: Sequence[str]) -> None:
        self._header_labels = tuple(labels)

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header_labels)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        return header_label(self._header_labels, section, orientation, role)

    # No flags() here: QAbstractTableModel's own gives exactly enabled, selectable and no
    # children, in C++. Qt asks for the flags of every cell of a selection (140,000 Python
    # calls, half a second, to select all of 20,000 rows).
