"""Pieces of the host interface window's edit and delete actions.

:class:`DeleteConfirmation` asks before a bond, bridge or VLAN is deleted and names
the ethernet ports that are given back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from kvmdesk.core.hostnet.model import HostInterface, find_interface
from kvmdesk.ui.common.message_box import PlainMessageBox


def ethernet_below(name: str, interfaces: Sequence[HostInterface]) -> list[str]:
    """The ethernet interfaces under ``name`` (through bonds under bridges): freed on delete."""
    found: list[str] = []
    pending = [name]
    seen: set[str] = set()
    while pending:
        current = find_interface(interfaces, pending.pop(0))
        if current is None or current.name in seen:
            continue
        seen.add(current.name)
        for port in current.ports:
            child = find_interface(interfaces, port)
            if child is not None and child.kind == "ethernet":
                found.append(port)
            else:
                pending.append(port)
    return found


class DeleteConfirmation(PlainMessageBox):
    """Asks "Delete bond “bond0”?" naming the freed ports; Cancel is the default."""

    def __init__(
        self,
        interface: HostInterface,
        kind_label: str,
        interfaces: Sequence[HostInterface],
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QMessageBox.Icon.Warning,
            "",
            "",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        self.setObjectName("deleteInterfaceBox")
        self.setWindowTitle(self.tr("Delete interface"))
        self.setText(
            self.tr("Delete %1 “%2”?")
            .replace("%1", kind_label.lower())
            .replace("%2", interface.name)
        )
        freed = ethernet_below(interface.name, interfaces)
        if freed:
            self.setInformativeText(
                self.tr("%1 become plain ethernet interfaces again.").replace(
                    "%1", ", ".join(freed)
                )
            )
        self.delete_button = self.addButton(
            self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setObjectName("confirmDelete")
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        # Kept on the Python side: still readable when the window took the box with it.
        self.confirmed = False

    def done(self, result: int) -> None:
        self.confirmed = self.clickedButton() is self.delete_button
        super().done(result)
