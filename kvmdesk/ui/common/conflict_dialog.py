"""Someone else changed what the user is changing: show both and let the user choose.

One row per conflicting field: its value when the editor opened, what it is now (the
other client's change) and what the user entered, with *Keep theirs* / *Use mine*.
Every editor (NIC, virtual network, bond) shows this one dialog for an
:class:`~kvmdesk.core.types.conflicts.EditConflict`, and applies again with
:meth:`ConflictDialog.resolution`.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel


class ConflictDialog(QDialog):
    """Asks, for each field of ``conflict``, whose value to keep (default: theirs)."""

    def __init__(
        self,
        conflict: EditConflict,
        labels: Mapping[str, str],
        what: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed Elsewhere"))
        self._conflict = conflict
        intro = PlainLabel(
            self.tr(
                "While you were editing %1, another program changed the same settings. "
                "Your other changes are kept either way. For each setting below, choose "
                "whose value to keep."
            ).replace("%1", what),
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        for column, header in enumerate(
            (
                self.tr("Setting"),
                self.tr("When you opened it"),
                self.tr("Changed elsewhere to"),
                self.tr("Your change"),
            )
        ):
            label = PlainLabel(header, self)
            bold = label.font()
            bold.setBold(True)
            label.setFont(bold)
            grid.addWidget(label, 0, column)
        self._choices: dict[str, QButtonGroup] = {}
        for row, item in enumerate(conflict.conflicts, start=1):
            grid.addWidget(PlainLabel(labels.get(item.field, item.field), self), row, 0)
            for column, text in ((1, item.base), (2, item.theirs), (3, item.mine)):
                value = PlainLabel(text or self.tr("(none)"), self)
                value.setObjectName(f"conflict-{item.field}-{column}")
                grid.addWidget(value, row, column)
            theirs = QRadioButton(self.tr("Keep theirs"), self)
            mine = QRadioButton(self.tr("Use mine"), self)
            theirs.setObjectName(f"keepTheirs-{item.field}")
            mine.setObjectName(f"useMine-{item.field}")
            theirs.setChecked(True)  # the safe default: nothing of theirs is lost unasked
            group = QButtonGroup(self)
            group.addButton(theirs)
            group.addButton(mine)
            self._choices[item.field] = group
            grid.addWidget(theirs, row, 4)
            grid.addWidget(mine, row, 5)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, self
        )
        apply = buttons.button(QDialogButtonBox.StandardButton.Apply)
        assert apply is not None
        self.apply_button = apply
        apply.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        # Wide enough for every value column: the wrapped intro must not squeeze them.
        margins = layout.contentsMargins()
        width = grid.sizeHint().width() + margins.left() + margins.right()
        self.setMinimumWidth(max(width, self.fontMetrics().horizontalAdvance("x") * 80))

    def choose(self, field: str, side: Side) -> None:
        """Pick ``side`` for ``field`` (what clicking its radio button does)."""
        buttons = self._choices[field].buttons()
        buttons[0 if side is Side.THEIRS else 1].setChecked(True)

    def resolution(self) -> dict[str, Side]:
        """Whose value each conflicting field takes, as chosen."""
        return {
            field: Side.THEIRS if group.buttons()[0].isChecked() else Side.MINE
            for field, group in self._choices.items()
        }


# The dialog on screen, for tests and screenshots (one at a time: it is window-modal).
shown: list[ConflictDialog] = []


async def ask_resolution(
    conflict: EditConflict, labels: Mapping[str, str], what: str, parent: QWidget | None
) -> dict[str, Side] | None:
    """Show :class:`ConflictDialog`; the chosen resolution, None when cancelled."""
    dialog = ConflictDialog(conflict, labels, what, parent)
    shown.append(dialog)
    try:
        answer = await run_dialog(dialog)
    finally:
        shown.remove(dialog)
    return dialog.resolution() if answer == QDialog.DialogCode.Accepted else None
