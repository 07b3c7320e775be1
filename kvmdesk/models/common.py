"""What every item model (and the views over them) shares: index and key types, roles.

:data:`AnyIndex` is what Qt passes for an index (plain or persistent); the role
constants are Qt's standard roles as the ints ``data()`` receives; :class:`ItemRole`
is the base of each model's own roles, numbered from ``Qt.ItemDataRole.UserRole + 1``
in the order they are written; :func:`row_at` is the bounds check every ``data()``
starts with and :func:`header_label` every ``headerData()``; :func:`name_order` is
the sort key of every list of names libvirt hands over in its own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
DomainKey = tuple[str, str]  # (connection URI, domain UUID), as DomainSnapshot.key

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)

T = TypeVar("T")


class ItemRole(IntEnum):
    """A model's own roles: ``auto()`` numbers them UserRole + 1, + 2 … as written."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[Any]) -> int:
        return int(Qt.ItemDataRole.UserRole) + 1 + count


def name_order(name: str) -> tuple[str, str]:
    """Sort key for names: case-insensitive, ties (``Lab``, ``lab``) by the exact name."""
    return (name.casefold(), name)


def row_at(index: AnyIndex, rows: Sequence[T]) -> T | None:
    """The row ``index`` points at; None for an invalid index or one past the rows."""
    row = index.row()
    return rows[row] if index.isValid() and 0 <= row < len(rows) else None


def header_label(
    labels: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The horizontal header's text for ``section``; nothing for other roles or sections."""
    if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
        return labels[section] if 0 <= section < len(labels) else None
    return None
