"""Safe apply in the UI: preview, apply, then keep only what the user confirms in time.

:class:`SafeApplyFlow` shows what a host-interface change will do (the backend's
preview lines, its XML or settings JSON under "Details", and a warning when an
interface carrying the connection's own traffic is affected), then runs core's
:func:`kvmdesk.core.hostnet.safe_apply.apply` with a ``confirm`` coroutine that opens a
:class:`ConfirmChangeDialog` counting down. Keep commits; Revert, closing the dialog,
the countdown reaching zero, a lost connection or an error roll back. The countdown
is core's timeout: the dialog only shows it, so the result names the real reason.
"""

from __future__ import annotations

import asyncio
import functools
import math
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet.connection_traffic import carries_connection
from kvmdesk.core.hostnet.model import (
    HostChange,
    HostInterface,
    affected_interfaces,
    describe_change,
)
from kvmdesk.core.hostnet.safe_apply import ApplyResult, Outcome, apply, session_lost
from kvmdesk.core.hostnet.types import (
    DEFAULT_ROLLBACK_TIMEOUT_S,
    ChangePreview,
    HostNetworkBackend,
    PendingChange,
)
from kvmdesk.core.hostnet.usage import InterfaceUser, UseKind, users_of
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.models.palette import Colour
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notifications import Level, Notify
from kvmdesk.ui.common.widgets import fit_to_contents

_TICK_MS = 200


def _plain_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = PlainLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ChangePreviewDialog(QDialog):
    """What will change, the connection warning, and the document under Details."""

    def __init__(
        self,
        preview: ChangePreview,
        carriers: Sequence[str],
        *,
        backend_label: str,
        users: Sequence[InterfaceUser] = (),
        countdown_s: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePreviewDialog")
        self.setWindowTitle(self.tr("Apply host network change"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _plain_label(self.tr("This will change the host's network:"), self),
        )
        self.lines_label = _plain_label(
            "\n".join(f"• {line}" for line in preview.lines), self, "previewLines"
        )
        layout.addWidget(self.lines_label)
        self.warning_label = _plain_label("", self, "connectionWarning")
        self.warning_label.setStyleSheet(f"color: {Colour.DANGER.hex()}; font-weight: bold;")
        if carriers:
            text = (
                self.tr(
                    "%1 carries this connection's own traffic: you may lose the connection. "
                    "If you cannot confirm the change in time, it is rolled back."
                )
                if len(carriers) == 1
                else self.tr(
                    "%1 carry this connection's own traffic: you may lose the connection. "
                    "If you cannot confirm the change in time, it is rolled back."
                )
            )
            self.warning_label.setText(text.replace("%1", ", ".join(carriers)))
        self.warning_label.setVisible(bool(carriers))
        layout.addWidget(self.warning_label)
        self.users_label = _plain_label("", self, "affectedUsers")
        self.users_label.setStyleSheet(f"color: {Colour.WARNING_TEXT.hex()};")
        if users:
            self.users_label.setText(
                "\n".join(
                    [self.tr("These use the interfaces this changes and may lose their network:")]
                    + [f"• {self._user_line(user)}" for user in users]
                )
            )
        self.users_label.setVisible(bool(users))
        layout.addWidget(self.users_label)
        layout.addWidget(
            _plain_label(
                self.tr(
                    "The change is applied through %1, then you have %2 s to keep it; "
                    "otherwise it is rolled back."
                )
                .replace("%1", backend_label)
                .replace("%2", f"{countdown_s:g}"),
                self,
            )
        )
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("previewDetailsToggle")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        kind = "XML" if preview.document_kind == "xml" else self.tr("Settings (JSON)")
        self.details_button.setText(self.tr("Details: %1").replace("%1", kind))
        layout.addWidget(self.details_button)
        self.document_view = QPlainTextEdit(preview.document, self)
        self.document_view.setObjectName("previewDocument")
        self.document_view.setReadOnly(True)
        self.document_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.document_view.setMinimumHeight(180)
        self.document_view.setVisible(False)
        layout.addWidget(self.document_view, 1)
        self.details_button.toggled.connect(self._toggle_details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setObjectName("previewApply")
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # A change that may cut the connection is never the default action.
        if carriers:
            self.apply_button.setAutoDefault(False)
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            if cancel is not None:
                cancel.setDefault(True)
        else:
            self.apply_button.setDefault(True)
        name_controls(self)

    def _user_line(self, user: InterfaceUser) -> str:
        if user.is_vm:
            text = {
                UseKind.MACVTAP: self.tr("VM %1: macvtap on %2"),
                UseKind.BRIDGE: self.tr("VM %1: bridged on %2"),
                UseKind.FORWARD: self.tr("VM %1: on %2"),
            }[user.kind]
        else:
            text = {
                UseKind.MACVTAP: self.tr("network %1: macvtap on %2"),
                UseKind.BRIDGE: self.tr("network %1: bridged on %2"),
                UseKind.FORWARD: self.tr("network %1: forwards through %2"),
            }[user.kind]
        return text.replace("%1", user.name).replace("%2", user.interface)

    def _toggle_details(self, shown: bool) -> None:
        self.document_view.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        # The document gets room of its own instead of sliding under the buttons.
        fit_to_contents(self, shrink=not shown)


class ConfirmChangeDialog(QDialog):
    """Asks "keep this change?" with a countdown; anything but Keep means roll back.

    The dialog never decides the timeout itself: at zero it disables Keep and says
    it is rolling back, and core's own timer (started first) ends the wait.
    """

    def __init__(
        self,
        description: str,
        timeout_s: float,
        *,
        notes: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmChangeDialog")
        self.setWindowTitle(self.tr("Keep the change?"))
        self.setMinimumWidth(440)
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s
        layout = QVBoxLayout(self)
        layout.addWidget(
            _plain_label(
                self.tr("Applied: %1. Is the host still reachable as it should be?").replace(
                    "%1", description
                ),
                self,
            )
        )
        self.notes_label = _plain_label("\n".join(f"⚠ {n}" for n in notes), self, "applyNotes")
        self.notes_label.setStyleSheet(f"color: {Colour.WARNING_TEXT.hex()};")
        self.notes_label.setVisible(bool(notes))
        layout.addWidget(self.notes_label)
        self.countdown_label = _plain_label("", self, "countdownLabel")
        layout.addWidget(self.countdown_label)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("countdownProgress")
        self.progress.setRange(0, max(1, int(timeout_s * 1000)))
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = QPushButton(self.tr("Keep"), self)
        self.keep_button.setObjectName("keepChange")
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setObjectName("revertChange")
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(self.accept)
        self.revert_button.clicked.connect(self.reject)
        # Revert is the default: pressing Enter without looking must not keep a change.
        self.revert_button.setDefault(True)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._tick()
        name_controls(self)

    def remaining_s(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        remaining = self.remaining_s()
        self.progress.setValue(int(remaining * 1000))
        if remaining <= 0:
            self._timer.stop()
            self.keep_button.setEnabled(False)
            self.countdown_label.setText(self.tr("No answer: rolling back…"))
            return
        self.countdown_label.setText(
            self.tr("The change is rolled back in %1 s unless you keep it.").replace(
                "%1", str(math.ceil(remaining))
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)  # QDialog turns closing into reject()

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)


class SafeApplyFlow:
    """Preview → apply → confirm for one window; reports the outcome through ``notify``.

    ``preview_dialog`` / ``confirm_dialog`` are the dialogs while they are open (tests
    click their buttons).
    """

    def __init__(self, parent: QWidget, notify: Notify) -> None:
        self._parent = parent
        self._notify = notify
        self.preview_dialog: ChangePreviewDialog | None = None
        self.confirm_dialog: ConfirmChangeDialog | None = None

    async def run(
        self,
        session: Session,
        backend: HostNetworkBackend,
        change: HostChange,
        interfaces: Sequence[HostInterface],
        *,
        countdown_s: float = DEFAULT_ROLLBACK_TIMEOUT_S,
        backend_label: str = "",
    ) -> ApplyResult | None:
        """``None`` when the user cancelled at the preview (nothing was applied)."""
        preview = await backend.preview(change)
        carriers = await asyncio.get_running_loop().run_in_executor(
            None, functools.partial(carries_connection, change, list(interfaces), session.uri)
        )
        users = users_of(
            affected_interfaces(change, interfaces),
            session.domains.values(),
            session.networks.values(),
        )
        dialog = ChangePreviewDialog(
            preview,
            carriers,
            users=users,
            backend_label=backend_label or backend.kind,
            countdown_s=countdown_s,
            parent=self._parent,
        )
        self.preview_dialog = dialog
        try:
            if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
        finally:
            self.preview_dialog = None
        notes: list[str] = []

        def applied(pending: PendingChange) -> None:
            notes.extend(pending.notes)

        async def confirm() -> bool:
            confirm_dialog = ConfirmChangeDialog(
                describe_change(change), countdown_s, notes=notes, parent=self._parent
            )
            self.confirm_dialog = confirm_dialog
            try:
                return await run_dialog(confirm_dialog) == QDialog.DialogCode.Accepted
            finally:
                self.confirm_dialog = None

        lost = session_lost(session)
        try:
            result = await apply(
                backend,
                change,
                timeout_s=countdown_s,
                confirm=confirm,
                on_applied=applied,
                lost=lost,
            )
        finally:
            lost.cancel()
        name = (affected_interfaces(change, interfaces) or [""])[0]
        session.log_event(
            ObjectKind.INTERFACE, name, "", result.outcome.value, describe_change(result.change)
        )
        self.report(result)
        return result

    def report(self, result: ApplyResult) -> None:
        """One notification saying what happened, and the backend's notes."""
        if result.outcome is Outcome.COMMITTED:
            self._notify(
                QCoreApplication.translate("SafeApplyFlow", "Host network changed"),
                result.message,
                Level.INFO,
            )
            return_notes = True
        else:
            message = f"{describe_change(result.change)} — {result.message}"
            if result.outcome is Outcome.ROLLBACK_FAILED:
                self._notify(
                    QCoreApplication.translate("SafeApplyFlow", "Rolling back failed"),
                    message,
                    Level.ERROR,
                )
            elif result.outcome is Outcome.ROLLED_BACK_ERROR:
                self._notify(
                    QCoreApplication.translate(
                        "SafeApplyFlow", "Change rolled back after an error"
                    ),
                    message,
                    Level.ERROR,
                )
            else:
                self._notify(
                    QCoreApplication.translate("SafeApplyFlow", "Change rolled back"),
                    message,
                    Level.WARNING,
                )
            return_notes = False
        if result.notes and return_notes:
            self._notify(
                QCoreApplication.translate("SafeApplyFlow", "Note"),
                "\n".join(result.notes),
                Level.WARNING,
            )
