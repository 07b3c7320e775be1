"""The models' shared pieces: role numbering, the row bounds check, header labels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt

from kvmdesk.models.common import DISPLAY, TOOLTIP, ItemRole, header_label, row_at
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.domain_model import DomainRole
from kvmdesk.models.host_interface_model import InterfaceRole
from kvmdesk.models.network_model import NetworkRole
from kvmdesk.models.nic_model import NicRole

USER = int(Qt.ItemDataRole.UserRole)


def test_roles_keep_their_numbers() -> None:
    # Views and tests store these numbers: auto() must give what was written out before.
    assert [int(r) for r in ConnectionRole] == [USER + n for n in range(1, 8)]
    assert [int(r) for r in DomainRole] == [USER + n for n in range(1, 6)]
    assert [int(r) for r in InterfaceRole] == [USER + n for n in range(1, 4)]
    assert [int(r) for r in NetworkRole] == [USER + n for n in range(1, 4)]
    assert [int(r) for r in NicRole] == [USER + n for n in range(1, 4)]
    assert (DomainRole.SNAPSHOT, DomainRole.STATS) == (USER + 1, USER + 5)
    assert all(issubclass(e, ItemRole) for e in (ConnectionRole, DomainRole, NicRole))


def test_row_at_checks_validity_and_bounds(qapp: Any) -> None:
    model = QStringListModel(["a", "b", "c"])
    rows = ["first", "second"]
    assert row_at(model.index(1, 0), rows) == "second"
    assert row_at(model.index(2, 0), rows) is None  # a stale index past the rows
    assert row_at(QModelIndex(), rows) is None


def test_header_label_only_for_horizontal_display() -> None:
    labels = ("Name", "State")
    horizontal = Qt.Orientation.Horizontal
    assert header_label(labels, 1, horizontal, DISPLAY) == "State"
    assert header_label(labels, 2, horizontal, DISPLAY) is None
    assert header_label(labels, -1, horizontal, DISPLAY) is None
    assert header_label(labels, 0, horizontal, TOOLTIP) is None
    assert header_label(labels, 0, Qt.Orientation.Vertical, DISPLAY) is None
