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


def snapshot_state_label(state: str) -> str:
    """libvirt's word for the VM's state when the snapshot was taken, translated."""
    labels = {
        "running": QCoreApplication.translate("SnapshotTreeModel", "Running"),
        "paused": QCoreApplication.translate("SnapshotTreeModel", "Paused"),
        "shutoff": QCoreApplication.translate("SnapshotTreeModel", "Shut off"),
        "disk-snapshot": QCoreApplication.translate("SnapshotTreeModel", "Running (disks only)"),
        "crashed": QCoreApplication.translate("SnapshotTreeModel", "Crashed"),
        "pmsuspended": QCoreApplication.translate("SnapshotTreeModel", "Suspended"),
    }
    return labels.get(state, state)


def snapshot_kind_label(kind: SnapshotKind) -> str:
    return (
        QCoreApplication.translate("SnapshotTreeModel", "Internal")
        if kind is SnapshotKind.INTERNAL
        else QCoreApplication.translate("SnapshotTreeModel", "External")
    )


class SnapshotTreeModel(QStandardItemModel):
    """Columns: name, created, state, memory, kind, description."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("SnapshotTreeModel", "Name"),
                QCoreApplication.translate("SnapshotTreeModel", "Created"),
                QCoreApplication.translate("SnapshotTreeModel", "State"),
                QCoreApplication.translate("SnapshotTreeModel", "Memory"),
                QCoreApplication.translate("SnapshotTreeModel", "Kind"),
                QCoreApplication.translate("SnapshotTreeModel", "Description"),
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
            QCoreApplication.translate("SnapshotTreeModel", "%1 (current)").replace(
                "%1", snapshot.name
            )
            if snapshot.current
            else snapshot.name
        )
        cells = [
            name,
            created,
            snapshot_state_label(snapshot.state),
            QCoreApplication.translate("SnapshotTreeModel", "Included")
            if snapshot.memory
            else QCoreApplication.translate("SnapshotTreeModel", "No"),
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
