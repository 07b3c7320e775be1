"""Logging in to a remote host over ``qemu+ssh://``: keys, passwords, host keys, secrets.

A real OpenSSH server runs in the isolated libvirtd's namespaces (TEST-NET-3 address) and
accepts root's key *and* a password. kvmdesk's askpass helper is installed exactly as the
app installs it (the ``ssh`` in front on ``PATH``, the private socket, the token), and
the password dialogs are the app's own (:func:`install_credentials`), answered by the
test as a user would. Nothing here stands in for ssh or libvirt.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from kvmdesk.app import build
from kvmdesk.core.auth.askpass_server import AskpassServer
from kvmdesk.core.auth.credentials import CredentialKind
from kvmdesk.core.auth.ssh_environment import SshEnvironment
from kvmdesk.core.auth.vault import Vault
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.types.events import Event
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.uri import redact_uri
from kvmdesk.ui.main.credential_dialog import CredentialDialog, HostKeyDialog
from kvmdesk.ui.main.credentials import DialogCredentials, install_credentials
from tests.helpers.integration.availability import unavailable
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.sshd import NamespacedSshd, cached_host_key, prerequisites_problem
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

PASSWORD = "c0rrect-h0rse-kvmdesk-test"
# A /30 of its own (and interface names of its own): root's ~/.ssh/known_hosts is shared by
# every ssh test on the machine, and ssh turns password logins off for a host whose
# recorded key differs ("REMOTE HOST IDENTIFICATION HAS CHANGED"), so this server's
# entries are this module's alone and are cleared before it starts.
HOST_ADDRESS = "203.0.113.209"
SERVER_ADDRESS = "203.0.113.210"
PASSWORD_URI = f"qemu+ssh://root@{SERVER_ADDRESS}/system?no_verify=1"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sshd(
    isolated_libvirtd: IsolatedLibvirtd, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NamespacedSshd]:
    problem = prerequisites_problem()
    if problem is not None:
        unavailable(problem, "sshd")
    _forget_host_keys()
    with NamespacedSshd(
        isolated_libvirtd,
        tmp_path_factory.mktemp("sshd"),
        host_address=HOST_ADDRESS,
        server_address=SERVER_ADDRESS,
        host_ifname="kvauthh0",
        server_ifname="kvauths0",
        password=PASSWORD,
    ) as server:
        yield server
    _forget_host_keys()


@pytest.fixture
def askpass(runner: AsyncRunner) -> Iterator[AskpassServer]:
    """The app's askpass server and ssh environment, for this test."""
    server = AskpassServer()
    environment = SshEnvironment(server)
    environment.install()
    runner.run(server.start())
    try:
        yield server
    finally:
        runner.run(server.close())
        environment.uninstall()


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _forget_host_keys() -> None:
    """Drop this server's lines from known_hosts: its host key is unknown again."""
    subprocess.run(["ssh-keygen", "-R", SERVER_ADDRESS], capture_output=True, check=False)


def _fingerprint(key: Path) -> str:
    out = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(key)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()[1]


def _answer(
    dialogs: DialogCredentials, password: str | None, *, host_key: bool = False
) -> list[Any]:
    """Answer every dialog: the password (None: Cancel); accept a host key if ``host_key``."""
    seen: list[Any] = []

    def shown(dialog: QDialog) -> None:
        if isinstance(dialog, HostKeyDialog):
            seen.append(("host-key", dialog.fingerprint_label.text()))
            (dialog.accept if host_key else dialog.reject)()
            return
        assert isinstance(dialog, CredentialDialog)
        seen.append((dialog.request.kind, dialog.request.attempt))
        if password is None:
            dialog.reject()
        else:
            dialog.answer_edit.setText(password)
            dialog.accept()

    dialogs.shown.append(shown)
    return seen


def _inventory(
    tmp_path: Path, window: QWidget, askpass: AskpassServer
) -> tuple[Inventory, DialogCredentials]:
    inventory = Inventory(config_path=tmp_path / "config" / "connections.json")
    # keyring's fail backend: this machine has no Secret Service (nothing is stored).
    dialogs = install_credentials(inventory, lambda: window, askpass, Vault())
    return inventory, dialogs


def test_key_authentication_asks_nothing(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    inventory, dialogs = _inventory(tmp_path, window, askpass)
    seen = _answer(dialogs, None)
    session = inventory.add(sshd.uri())
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.CONNECTED, session.message
    assert askpass.requests == [] and seen == []
    runner.run(inventory.close())


def test_password_through_askpass_connects_and_a_reconnect_asks_no_more(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    inventory, dialogs = _inventory(tmp_path, window, askpass)
    seen = _answer(dialogs, PASSWORD)
    session = inventory.add(PASSWORD_URI)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.CONNECTED, session.message
    assert seen == [(CredentialKind.PASSWORD, 1)]
    assert askpass.requests[0].prompt == f"root@{SERVER_ADDRESS}'s password: "
    assert askpass.requests[0].connection == f"root@{SERVER_ADDRESS}"

    # The link goes (its ssh ended): kvmdesk reconnects with the answer it was given
    # this run, and does not ask again.
    session.end_child_processes()
    runner.until(lambda: session.state is ConnectionState.RECONNECTING, timeout=30)
    runner.until(lambda: session.state is ConnectionState.CONNECTED, timeout=60)
    assert seen == [(CredentialKind.PASSWORD, 1)]
    runner.run(inventory.close())


def test_a_wrong_password_is_a_clear_error_without_a_retry_storm(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    inventory, dialogs = _inventory(tmp_path, window, askpass)
    seen = _answer(dialogs, "not-the-password")
    failed_before = sshd.failed_password_logins()
    session = inventory.add(PASSWORD_URI)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.ERROR
    assert session.message.startswith(f"ssh login to root@{SERVER_ADDRESS} refused: wrong password")
    # ssh's own three tries, each one said to be a retry after the first; then it stops.
    assert seen == [(CredentialKind.PASSWORD, n) for n in (1, 2, 3)]
    assert sshd.failed_password_logins() - failed_before <= 3
    runner.run(asyncio.sleep(3))  # nothing retries on its own
    assert len(seen) == 3 and session.state is ConnectionState.ERROR
    runner.run(inventory.close())


def test_cancel_asks_once(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    inventory, dialogs = _inventory(tmp_path, window, askpass)
    seen = _answer(dialogs, None)
    session = inventory.add(PASSWORD_URI)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.ERROR
    assert "refused" in session.message
    assert seen == [(CredentialKind.PASSWORD, 1)]  # ssh's next prompts answered "no" at once
    runner.run(inventory.close())


def test_an_unknown_host_key_is_shown_and_only_accepted_by_the_user(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    _forget_host_keys()
    try:
        # Without no_verify: ssh checks the host key, and this one it has never seen.
        uri = f"qemu+ssh://root@{SERVER_ADDRESS}/system?keyfile={sshd.client_key}"
        expected = _fingerprint(cached_host_key())
        inventory, dialogs = _inventory(tmp_path, window, askpass)
        seen = _answer(dialogs, None, host_key=False)
        session = inventory.add(uri)
        runner.run(session.connect(), timeout=60)
        assert seen == [("host-key", expected)]
        assert session.state is ConnectionState.ERROR
        assert "host key was not accepted" in session.message
        runner.run(inventory.close())

        inventory, dialogs = _inventory(tmp_path / "2", window, askpass)
        seen = _answer(dialogs, None, host_key=True)
        session = inventory.add(uri)
        runner.run(session.connect(), timeout=60)
        assert seen == [("host-key", expected)]
        assert session.state is ConnectionState.CONNECTED, session.message
        runner.run(inventory.close())
        # Accepted once, known from then on: no question the next time.
        inventory, dialogs = _inventory(tmp_path / "3", window, askpass)
        seen = _answer(dialogs, None)
        session = inventory.add(uri)
        runner.run(session.connect(), timeout=60)
        assert session.state is ConnectionState.CONNECTED, session.message
        assert seen == []
        runner.run(inventory.close())
    finally:
        _forget_host_keys()


def test_the_password_is_nowhere_after_a_password_login(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    inventory, dialogs = _inventory(tmp_path, window, askpass)
    _answer(dialogs, PASSWORD)
    events: list[Event] = []
    session = inventory.add(PASSWORD_URI)
    session.event.connect(events.append)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.CONNECTED, session.message
    ssh_lines = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in session.child_processes()]
    assert ssh_lines and all(PASSWORD.encode() not in line for line in ssh_lines)

    # The CLI over the same link: its ssh asks the running app through the askpass helper.
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    outputs = []
    for command in (
        ["list", "--json"],
        ["net", "create", "kvmdesk-auth-x", "host-only", "--subnet", "198.51.100.0/24",
         "--dry-run", "--print-xml"],
    ):  # fmt: skip
        outputs.append(runner.run(_cli(["-c", PASSWORD_URI, *command], env), timeout=90))
    assert outputs[0][0] == 0, outputs[0]
    assert "<network" in outputs[1][1], outputs[1]
    runner.run(inventory.close())

    config_files = [p for p in (tmp_path / "config").rglob("*") if p.is_file()]
    assert config_files  # the connection was saved …
    for path in config_files:
        assert PASSWORD not in path.read_text(errors="replace")  # … without the password
    assert PASSWORD not in caplog.text
    assert all(PASSWORD not in f"{e.detail} {e.event} {e.name}" for e in events)
    for _code, out, err in outputs:
        assert PASSWORD not in out and PASSWORD not in err
    assert PASSWORD not in sshd.log()
    for path in askpass.directory.rglob("*"):
        if path.is_file():
            assert PASSWORD not in path.read_text(errors="replace")


async def _cli(arguments: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "kvmdesk.cli", *arguments,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


def test_libvirts_own_ssh_asks_through_its_credential_callbacks(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    window: QWidget,
    runner: AsyncRunner,
    tmp_path: Path,
) -> None:
    """``qemu+libssh://``: the real daemon's login asks libvirt's callbacks, not askpass."""
    known = tmp_path / "known_hosts"  # libssh's own file, named in the URI
    uri = f"qemu+libssh://root@{SERVER_ADDRESS}/system?sshauth=password&known_hosts={known}"
    expected = _fingerprint(cached_host_key())

    # Host key rejected: nothing recorded, not connected, the password never asked.
    inventory, dialogs = _inventory(tmp_path / "1", window, askpass)
    seen = _answer(dialogs, PASSWORD, host_key=False)
    session = inventory.add(uri)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.ERROR
    assert seen == [("host-key", expected)]
    assert not known.exists() or SERVER_ADDRESS not in known.read_text()
    runner.run(inventory.close())

    # Accepted, then the password: connected, and nothing went through askpass.
    inventory, dialogs = _inventory(tmp_path / "2", window, askpass)
    seen = _answer(dialogs, PASSWORD, host_key=True)
    session = inventory.add(uri)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.CONNECTED, session.message
    assert seen == [("host-key", expected), (CredentialKind.PASSWORD, 1)]
    assert askpass.requests == []
    assert SERVER_ADDRESS in known.read_text()
    runner.run(inventory.close())

    # A wrong password: libvirt would ask for as long as the server allows (MaxAuthTries 10
    # here); kvmdesk gives up after three refused answers, with one clear error.
    inventory, dialogs = _inventory(tmp_path / "3", window, askpass)
    seen = _answer(dialogs, "not-the-password")
    session = inventory.add(uri)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.ERROR
    assert seen == [(CredentialKind.PASSWORD, n) for n in (1, 2, 3)]
    assert session.message == (
        f"authentication failed: {redact_uri(uri)} refused the answer 3 times; not trying again"
    )
    runner.run(inventory.close())


def test_no_typed_secret_reaches_the_window_after_a_refused_and_a_good_login(
    sshd: NamespacedSshd,
    askpass: AskpassServer,
    runner: AsyncRunner,
    tmp_path: Path,
    qtbot: Any,
) -> None:
    """The real window: its connection tree, notifications and event log hold neither the
    refused secret nor the right one, after a failed and then a successful password login."""
    wrong = "wr0ng-secret-kvmdesk-test"
    inventory = Inventory(config_path=tmp_path / "config" / "connections.json")
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    dialogs = install_credentials(inventory, lambda: application.window, askpass, Vault())
    answers = iter([wrong] * 3 + [PASSWORD] * 3)

    def shown(dialog: QDialog) -> None:
        if isinstance(dialog, CredentialDialog):
            dialog.answer_edit.setText(next(answers))
            dialog.accept()
        else:
            dialog.reject()

    dialogs.shown.append(shown)
    session = inventory.add(PASSWORD_URI)
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.ERROR
    application.controller.report_failed_connections()
    runner.run(session.connect(), timeout=60)
    assert session.state is ConnectionState.CONNECTED, session.message
    runner.run(application.controller.wait_idle())
    application.hub.events.flush()
    notifications = application.window.notifications
    shown_text = [f"{n.title} {n.message}" for n in notifications.history]
    shown_text += [line for details in notifications.details for line in details]
    models = (application.hub.connections, application.hub.events, application.hub.domains)
    for model in models:
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                shown_text += [str(index.data()), str(index.data(Qt.ItemDataRole.ToolTipRole))]
    shown_text += [
        application.window.connection_combo.itemText(i)
        for i in range(application.window.connection_combo.count())
    ]
    assert shown_text and any("ssh" in text or "refused" in text for text in shown_text)
    for secret in (wrong, PASSWORD):
        assert not [text for text in shown_text if secret in text]
    runner.run(inventory.close())
