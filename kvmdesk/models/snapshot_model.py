"""A VM's snapshot tree as a Qt item model: parents above children, the current one marked.

Rows come from a :class:`~kvmdesk.core.snapshot.tree.SnapshotTree` (one read of
libvirt); :meth:`SnapshotTreeModel.set_tree` rebuilds the items (a VM has a handful of
snapshots, so a rebuild per change is cheap and keeps the tree exact).
"""

from __future__ import annotations

from enum import auto

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from kvmdesk.core.snapshot.tree import SnapshotInfo, SnapshotKind, SnapshotTree
from kvmdesk.models.common import ItemRole
from kvmdesk.models.icons import ActionIcon, action_icon
from kvmdesk.models.text import safe_line, safe_tooltip


class SnapshotColumn:
    NAME = 0
    CREATED = 1
    STATE = 2
    MEMORY = 3
    KIND = 4
    DESCRIPTION = 5


class SnapshotRole(ItemRole):
    NAME = auto()
    CURRENT = auto()


def _tr(text: str) -> str:
    return QCoreApplication.translate("SnapshotTreeModel", text)


def snapshot_state_label(state: str) -> str:
    """libvirt's word for the VM's state when the snapshot was taken, translated."""
    labels = {
        "running": _tr("Running"),
        "paused": _tr("Paused"),
        "shutoff": _tr("Shut off"),
        "disk-snapshot": _tr("Running (disks only)"),
        "crashed": _tr("Crashed"),
        "pmsuspended": _tr("Suspended"),
    }
    return labels.get(state, state)


def snapshot_kind_label(kind: SnapshotKind) -> str:
    return _tr("Internal") if kind is SnapshotKind.INTERNAL else _tr("External")


class SnapshotTreeModel(QStandardItemModel):
    """Columns: name, created, state, memory, kind, description."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(
            [
                _tr("Name"),
                _tr("Created"),
                _tr("State"),
                _tr("Memory"),
                _tr("Kind"),
                _tr("Description"),
            ]
        )
        self._tree = SnapshotTree([])

    @property
    def tree(self) -> SnapshotTree:
        return self._tree

    def set_tree(self, tree: SnapshotTree) -> None:
        self._tree = tree
        self.removeRows(0, self.rowCount())
        items: dict[str, QStandardItem] = {}
        for snapshot in tree:  # parents first
            row = self._row(snapshot)
            parent = items.get(snapshot.parent)
            (parent or self.invisibleRootItem()).appendRow(row)
            items[snapshot.name] = row[0]

    def _row(self, snapshot: SnapshotInfo) -> list[QStandardItem]:
        created = snapshot.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        name = (
            _tr("%1 (current)").replace("%1", snapshot.name) if snapshot.current else snapshot.name
        )
        cells = [
            name,
            created,
            snapshot_state_label(snapshot.state),
            _tr("Included") if snapshot.memory else _tr("No"),
            snapshot_kind_label(snapshot.kind),
            snapshot.description.splitlines()[0] if snapshot.description else "",
        ]
        row = []
        for text in cells:
            item = QStandardItem(safe_line(text))
            item.setEditable(False)
            item.setData(snapshot.name, SnapshotRole.NAME)
            item.setData(snapshot.current, SnapshotRole.CURRENT)
            if snapshot.current:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
            row.append(item)
        row[0].setIcon(action_icon(ActionIcon.SNAPSHOT))
        if snapshot.description:
            row[SnapshotColumn.DESCRIPTION].setToolTip(safe_tooltip(snapshot.description))
        row[SnapshotColumn.CREATED].setToolTip(safe_tooltip(snapshot.created.isoformat()))
        return row
