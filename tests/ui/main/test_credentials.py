"""Credential questions answered by dialogs: libvirt's callbacks, Test connection, host keys.

The test driver with ``<auth>`` asks for a user name and a password through libvirt's
credential callbacks; the dialogs come up on the GUI thread while the open waits in its
worker, and the test answers them as a user would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.backends.fail
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from shiboken6 import isValid

from kvmdesk.core.auth.credentials import CredentialKind, CredentialRequest
from kvmdesk.core.auth.vault import RememberingProvider, Vault
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.probe import probe
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from kvmdesk.ui.main.credential_dialog import CredentialDialog, HostKeyDialog
from kvmdesk.ui.main.credentials import DialogCredentials, install_credentials
from tests.helpers.auth_driver import AUTH_PASSWORD, AUTH_USER, auth_driver_uri
from tests.helpers.qt_async import AsyncRunner


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory: stands in for the desktop's Secret Service."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def _parent(qtbot: Any) -> QWidget:
    """A window for the dialogs (a dialog without one closing would quit the app)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


@dataclass(frozen=True)
class Shown:
    """What a credential dialog showed (the dialog itself is deleted once answered)."""

    request: CredentialRequest
    prompt: str
    hidden_input: bool
    retry_shown: bool


def _answering(
    dialogs: DialogCredentials, answers: dict[CredentialKind, str | None]
) -> list[Shown]:
    """Answer each dialog as it is shown: the text for its kind, None = Cancel."""
    seen: list[Shown] = []

    def shown(dialog: QDialog) -> None:
        assert isinstance(dialog, CredentialDialog)
        seen.append(
            Shown(
                dialog.request,
                dialog.prompt_label.text(),
                dialog.answer_edit.echoMode() == QLineEdit.EchoMode.Password,
                dialog.retry_label.isVisibleTo(dialog),
            )
        )
        answer = answers.get(dialog.request.kind)
        if answer is None:
            dialog.reject()
            return
        dialog.answer_edit.setText(answer)
        if dialog.remember_check.isEnabled() and not dialog.remember_check.isHidden():
            dialog.remember_check.setChecked(True)
        dialog.accept()

    dialogs.shown.append(shown)
    return seen


def test_a_session_asks_through_dialogs_and_connects(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _parent(qtbot)
    inventory = Inventory(config_path=tmp_path / "c.json", persist=False)
    dialogs = install_credentials(inventory, lambda: window, vault=Vault(MemoryKeyring()))
    seen = _answering(
        dialogs, {CredentialKind.USERNAME: AUTH_USER, CredentialKind.PASSWORD: AUTH_PASSWORD}
    )
    session = inventory.add(auth_driver_uri(tmp_path), save=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.CONNECTED, session.message
    assert [d.request.kind for d in seen] == [CredentialKind.USERNAME, CredentialKind.PASSWORD]
    assert "alice's password" in seen[1].prompt
    assert seen[1].hidden_input and not seen[0].hidden_input
    assert [d.name for d in session.domains.values()] == ["guarded"]
    runner.run(inventory.close())


def test_remembered_password_answers_the_next_connect_without_asking(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _parent(qtbot)
    store = MemoryKeyring()
    uri = auth_driver_uri(tmp_path)
    inventory = Inventory(config_path=tmp_path / "c.json", persist=False)
    dialogs = install_credentials(inventory, lambda: window, vault=Vault(store))
    _answering(
        dialogs, {CredentialKind.USERNAME: AUTH_USER, CredentialKind.PASSWORD: AUTH_PASSWORD}
    )
    session = inventory.add(uri, save=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.CONNECTED
    assert list(store.secrets.values()) == [AUTH_PASSWORD]  # in the keyring only
    runner.run(inventory.close())

    # A new run: the keyring answers the password; only the user name is asked.
    again = Inventory(config_path=tmp_path / "c.json", persist=False)
    dialogs = install_credentials(again, lambda: window, vault=Vault(store))
    seen = _answering(dialogs, {CredentialKind.USERNAME: AUTH_USER})
    session = again.add(uri, save=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.CONNECTED, session.message
    assert [d.request.kind for d in seen] == [CredentialKind.USERNAME]
    runner.run(again.close())


def test_a_wrong_password_is_a_clear_error_asked_once(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _parent(qtbot)
    inventory = Inventory(config_path=tmp_path / "c.json", persist=False)
    dialogs = install_credentials(inventory, lambda: window, vault=Vault(MemoryKeyring()))
    seen = _answering(
        dialogs, {CredentialKind.USERNAME: AUTH_USER, CredentialKind.PASSWORD: "wrong"}
    )
    session = inventory.add(auth_driver_uri(tmp_path), save=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.ERROR
    assert "authentication failed" in session.message
    assert len(seen) == 2  # one user name, one password: no retry storm
    # Connecting again says the last answer was refused.
    runner.run(session.connect())
    assert seen[-1].request.attempt == 2 and seen[-1].retry_shown
    runner.run(inventory.close())


def test_cancel_fails_the_open_with_a_message(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _parent(qtbot)
    inventory = Inventory(config_path=tmp_path / "c.json", persist=False)
    dialogs = install_credentials(inventory, lambda: window, vault=Vault(MemoryKeyring()))
    seen = _answering(dialogs, {})
    session = inventory.add(auth_driver_uri(tmp_path), save=False)
    runner.run(session.connect())
    assert session.state is ConnectionState.ERROR
    assert session.message.startswith("authentication cancelled")
    assert len(seen) == 1
    runner.run(inventory.close())


def test_without_a_keyring_the_dialog_says_it_cannot_remember(qtbot: Any) -> None:
    request = CredentialRequest(
        CredentialKind.PASSWORD, "root@203.0.113.2", "root@203.0.113.2's password:",
        remember_key="ssh:root@203.0.113.2:22",
    )  # fmt: skip
    dialog = CredentialDialog(request, keyring_available=False)
    qtbot.addWidget(dialog)
    assert not dialog.remember_check.isEnabled()
    assert dialog.keyring_note.isVisibleTo(dialog)
    assert "cannot remember" in dialog.keyring_note.text()
    dialog.remember_check.setChecked(True)
    dialog.answer_edit.setText("x")
    assert dialog.value().remember is False
    assert "x" not in repr(dialog.value())


def test_the_fail_backend_means_no_keyring() -> None:
    assert not Vault(keyring.backends.fail.Keyring()).available
    assert Vault(MemoryKeyring()).available


def test_host_key_dialog_shows_the_fingerprint_and_rejects_by_default(qtbot: Any) -> None:
    request = CredentialRequest(
        CredentialKind.HOST_KEY, "root@203.0.113.2", "…", host="203.0.113.2",
        key_type="ED25519", fingerprint="SHA256:abcDEF0123456789abcDEF0123456789abcDEF01234",
    )  # fmt: skip
    dialog = HostKeyDialog(request)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint_label.text() == request.fingerprint
    assert dialog.key_type_label.text() == "ED25519"
    assert dialog.reject_button.isDefault()
    assert "203.0.113.2" in dialog.windowTitle()


def test_test_connection_shows_who_answered(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _parent(qtbot)
    dialogs = DialogCredentials(lambda: window, Vault(MemoryKeyring()))
    provider = RememberingProvider(dialogs, dialogs.vault)
    _answering(
        dialogs, {CredentialKind.USERNAME: AUTH_USER, CredentialKind.PASSWORD: AUTH_PASSWORD}
    )
    dialog = AddConnectionDialog(tester=lambda uri, consent: probe(uri, provider, consent=consent))
    qtbot.addWidget(dialog)
    dialog.uri_edit.setText(auth_driver_uri(tmp_path))
    dialog.test_button.click()
    runner.until(lambda: not dialog.testing())
    assert dialog.test_result() == "Connected to vm (TEST, libvirt 9.0.0)."

    dialog.uri_edit.setText("qemu+tcp://203.0.113.250:1/system")
    dialog.test_button.click()
    runner.until(lambda: not dialog.testing(), timeout=40)
    assert dialog.test_result().startswith("Cannot connect: ")


def test_test_connection_can_be_cancelled(qtbot: Any, runner: AsyncRunner, tmp_path: Path) -> None:
    window = _parent(qtbot)
    dialogs = DialogCredentials(lambda: window, Vault(MemoryKeyring()))
    shown: list[QDialog] = []
    dialogs.shown.append(shown.append)  # left open: the test waits on the question
    dialog = AddConnectionDialog(
        parent=window, tester=lambda uri, consent: probe(uri, dialogs, consent=consent)
    )
    qtbot.addWidget(dialog)
    dialog.uri_edit.setText(auth_driver_uri(tmp_path))
    dialog.test_button.click()
    runner.until(lambda: bool(shown))
    assert dialog.test_button.text().replace("&", "") == "Cancel Test"
    dialog.test_button.click()
    runner.until(lambda: not dialog.testing())
    assert dialog.test_result() == "Test cancelled."
    # The question went away with it (closed and deleted).
    runner.until(lambda: not isValid(shown[0]) or not shown[0].isVisible())
