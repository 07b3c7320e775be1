"""The dialogs that answer a connection's questions: a credential, an unknown host key.

:class:`CredentialDialog` asks for a user name, a password, a key passphrase or any
prompt libvirt or ssh sends, shown as plain text with where it comes from; a secret is
typed without echo and can be remembered in the desktop keyring when there is one (the
box says so when there is none). :class:`HostKeyDialog` shows an ssh host key kvmdesk
has never seen, with its fingerprint, to be accepted or rejected; nothing accepts one
silently.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.auth.credentials import CredentialAnswer, CredentialKind, CredentialRequest
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.labels import PlainLabel


def _error_palette(label: PlainLabel, colour: Colour) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour.qcolor(palette))
    label.setPalette(palette)


class CredentialDialog(QDialog):
    """Asks one :class:`CredentialRequest`; read :meth:`value` after ``accepted``."""

    def __init__(
        self,
        request: CredentialRequest,
        *,
        keyring_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.request = request
        where = safe_line(request.connection)
        titles = {
            CredentialKind.USERNAME: self.tr("User name for %1"),
            CredentialKind.PASSWORD: self.tr("Password for %1"),
            CredentialKind.KEY_PASSPHRASE: self.tr("Key passphrase for %1"),
        }
        self.setWindowTitle(
            titles.get(request.kind, self.tr("Authentication for %1")).replace("%1", where)
        )
        intro = {
            CredentialKind.USERNAME: self.tr("%1 asks for a user name."),
            CredentialKind.PASSWORD: self.tr("%1 asks for a password."),
            CredentialKind.KEY_PASSPHRASE: self.tr(
                "ssh needs the passphrase of your key to log in to %1."
            ),
            CredentialKind.REALM: self.tr("%1 asks for an authentication realm."),
        }
        self.intro_label = PlainLabel(
            intro.get(request.kind, self.tr("%1 asks:")).replace("%1", where), self
        )
        self.intro_label.setWordWrap(True)
        self.prompt_label = PlainLabel(request.prompt.strip(), self)
        self.prompt_label.setObjectName("credentialPrompt")
        self.prompt_label.setWordWrap(True)
        self.retry_label = PlainLabel(
            self.tr("The previous answer was not accepted. Try again."), self
        )
        self.retry_label.setObjectName("credentialRetry")
        _error_palette(self.retry_label, Colour.ERROR)
        self.retry_label.setVisible(request.attempt > 1)

        self.answer_edit = QLineEdit(self)
        self.answer_edit.setObjectName("credentialAnswer")
        if request.kind.secret:
            self.answer_edit.setEchoMode(QLineEdit.EchoMode.Password)
        else:
            self.answer_edit.setText(request.default)
        self.remember_check = QCheckBox(self.tr("Remember in the desktop keyring"), self)
        self.remember_check.setObjectName("rememberCheck")
        self.keyring_note = PlainLabel(
            self.tr(
                "No desktop keyring (Secret Service) is available: kvmdesk cannot remember "
                "this, and asks again next time. It never writes it to a file."
            ),
            self,
        )
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        _error_palette(self.keyring_note, Colour.WARNING_TEXT)
        rememberable = request.kind.secret and bool(request.remember_key)
        self.remember_check.setVisible(rememberable)
        self.remember_check.setEnabled(keyring_available)
        self.keyring_note.setVisible(rememberable and not keyring_available)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setText(self.tr("Log In") if request.kind.secret else self.tr("OK"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(
            self.tr("Password:") if request.kind.secret else self.tr("Answer:"), self.answer_edit
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.retry_label)
        layout.addLayout(form)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.keyring_note)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 56)
        self.answer_edit.setFocus()

    def value(self) -> CredentialAnswer:
        remember = not self.remember_check.isHidden() and self.remember_check.isEnabled()
        return CredentialAnswer(
            self.answer_edit.text(), remember=remember and self.remember_check.isChecked()
        )


class HostKeyDialog(QDialog):
    """An unknown ssh host key: accepted (``accepted``) or rejected."""

    def __init__(self, request: CredentialRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        host = safe_line(request.host or request.connection)
        self.setWindowTitle(self.tr("Unknown host key for %1").replace("%1", host))
        self.explain_label = PlainLabel(
            self.tr(
                "This computer has never connected to %1 over ssh, so it cannot tell whether "
                "the host answering is really %1. Compare the fingerprint below with the one "
                "the host's administrator gives you (on the host: ssh-keygen -lf "
                "/etc/ssh/ssh_host_ed25519_key.pub). Accept only if they are the same: ssh "
                "then remembers the key in ~/.ssh/known_hosts."
            ).replace("%1", host),
            self,
        )
        self.explain_label.setWordWrap(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.key_type_label = PlainLabel(safe_line(request.key_type) or self.tr("unknown"), self)
        self.fingerprint_label = PlainLabel(
            safe_line(request.fingerprint) or self.tr("(ssh did not say)"), self
        )
        self.fingerprint_label.setObjectName("fingerprint")
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connection_label = PlainLabel(safe_line(request.connection), self)

        buttons = QDialogButtonBox(self)
        self.accept_button = buttons.addButton(
            self.tr("Accept Key and Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reject_button = buttons.addButton(
            self.tr("Reject"), QDialogButtonBox.ButtonRole.RejectRole
        )
        assert self.accept_button is not None and self.reject_button is not None
        self.reject_button.setDefault(True)  # Enter never accepts a key unread
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Connection:"), self.connection_label)
        form.addRow(self.tr("Key type:"), self.key_type_label)
        form.addRow(self.tr("Fingerprint:"), self.fingerprint_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 64)


class ConfirmDialog(QDialog):
    """Any other yes/no question ssh asks, shown as ssh wrote it."""

    def __init__(self, request: CredentialRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Question from %1").replace("%1", safe_line(request.connection))
        )
        label = PlainLabel(request.prompt.strip(), self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
