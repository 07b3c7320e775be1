"""A VNC server with a password (``<graphics type='vnc' passwd=…>``), real QEMU in the
isolated libvirtd, through the console window.

Where the user may read the password (a read-write connection: over ``qemu+ssh://`` the
XML read with ``VIR_DOMAIN_XML_SECURE`` carries it; locally ``openGraphicsFD`` skips the
check) the screen opens without a question. On a read-only connection (libvirt's
``libvirt-sock-ro``: no secure XML, no ``openGraphicsFD``) the console goes straight to the
VM's own listener and the password dialog asks: cancelled, the screen stays closed; a wrong
password says so and asks again; the right one brings the guest's screen, pixel for pixel
what ``virDomainScreenshot`` shows. Afterwards the password is nowhere kvmdesk writes: the
event log, the notifications, the config folder, log records, stdout/stderr (the decoder
process's too) and the status line.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QInputDialog, QLineEdit

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.console.plan import Route
from kvmdesk.core.console.tunnel import close_all
from kvmdesk.ui.console.screen_page import ScreenPage
from kvmdesk.ui.console.window import ConsoleWindow
from tests.helpers.integration.availability import unavailable
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.screens import differing_pixels, libvirt_screenshot
from tests.helpers.integration.sshd import NamespacedSshd, prerequisites_problem
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

GUEST = "kvmdesk-vnc-passwd"
PASSWORD = "Kv8#pw3x"  # QEMU's VNC authentication takes at most 8 characters
WRONG = "nope-123"


CELL_PIXELS = 9 * 16  # SeaBIOS's blinking text cursor: one character cell


def _guest_xml(listen: str) -> str:
    return f"""<domain type='qemu'>
  <name>{GUEST}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <graphics type='vnc' autoport='yes' passwd='{PASSWORD}'>
      <listen type='address' address='{listen}'/>
    </graphics>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>"""


@pytest.fixture(scope="module")
def sshd(
    isolated_libvirtd: IsolatedLibvirtd, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NamespacedSshd]:
    problem = prerequisites_problem()
    if problem is not None:
        unavailable(problem, "sshd")
    with NamespacedSshd(isolated_libvirtd, tmp_path_factory.mktemp("sshd")) as server:
        yield server


@pytest.fixture(scope="module")
def guest(isolated_libvirtd: IsolatedLibvirtd, sshd: NamespacedSshd) -> Iterator[Any]:
    """The running guest and a read-write connection to look at it. VNC listens on the
    daemon side of the sshd's veth link: the host's ssh reaches it, and so does a direct
    connection from this process (which is outside the daemon's network namespace)."""
    conn = isolated_libvirtd.open()
    domain = conn.defineXML(_guest_xml(sshd.server_address))
    try:
        domain.create()
        _wait_still_screen(conn)
        yield conn
    finally:
        try:
            domain.destroy()
        except libvirt.libvirtError:
            pass
        domain.undefine()
        conn.close()


def _wait_still_screen(conn: Any) -> None:
    """Until SeaBIOS has written its screen and it holds still (but for the cursor)."""
    deadline = time.monotonic() + 180
    previous = libvirt_screenshot(conn, GUEST)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        current = libvirt_screenshot(conn, GUEST)
        same_size = previous.size() == current.size()
        if same_size and differing_pixels(previous, current) <= CELL_PIXELS and _not_blank(current):
            return
        previous = current
    raise AssertionError("the SeaBIOS screen did not hold still")


def _not_blank(image: QImage) -> bool:
    converted = image.convertToFormat(QImage.Format.Format_RGB32)
    return len(set(bytes(converted.constBits())[0::4])) > 1  # type: ignore[arg-type]


def _read_only_uri(daemon: IsolatedLibvirtd) -> str:
    return f"qemu:///system?socket={daemon.socket_path}-ro"


def _open_console(
    app: Application, runner: AsyncRunner, uri: str
) -> tuple[ConsoleWindow, ScreenPage]:
    session = app.inventory.sessions[uri]
    uuid = next(s.uuid for s in session.domains.values() if s.name == GUEST)
    window = app.controller.open_consoles([(uri, uuid)])
    assert window is not None
    tab = window.current_tab()
    assert tab is not None
    return window, tab.screen_page


def _start(qtbot: Any, runner: AsyncRunner, *uris: str) -> Application:
    inventory = Inventory(persist=False)
    for uri in uris:
        inventory.add(uri, label=uri, remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled(), 60)
    for uri in uris:
        session = inventory.sessions[uri]
        runner.until(lambda s=session: any(d.name == GUEST for d in s.domains.values()), 30)
    return app


def _dialog(page: ScreenPage) -> QInputDialog | None:
    for dialog in page.findChildren(QInputDialog, "vncPasswordDialog"):
        if dialog.isVisible():
            return dialog
    return None


def _answer(qtbot: Any, dialog: QInputDialog, text: str | None) -> None:
    """Types ``text`` and presses Enter (None: Escape), as a user does."""
    edit = dialog.findChild(QLineEdit)
    assert edit is not None and edit.echoMode() is QLineEdit.EchoMode.Password
    if text is None:
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
        return
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _assert_screen_is_the_guests(page: ScreenPage, conn: Any) -> int:
    before = libvirt_screenshot(conn, GUEST)
    got = page.view.framebuffer()
    after = libvirt_screenshot(conn, GUEST)
    assert (got.width(), got.height()) == (before.width(), before.height())
    diff = min(differing_pixels(got, before), differing_pixels(got, after))
    assert diff <= CELL_PIXELS, f"{diff} pixels differ from virDomainScreenshot"
    return diff


def test_a_readable_password_opens_the_screen_without_asking(
    qtbot: Any,
    runner: AsyncRunner,
    guest: Any,
    sshd: NamespacedSshd,
    isolated_libvirtd: IsolatedLibvirtd,
) -> None:
    remote, local = sshd.uri(), isolated_libvirtd.uri
    app = _start(qtbot, runner, remote, local)
    try:
        for uri, route in ((remote, Route.SSH_TUNNEL), (local, Route.GRAPHICS_FD)):
            window, page = _open_console(app, runner, uri)
            runner.until(lambda p=page: p.connected or _dialog(p) is not None, 90)
            assert _dialog(page) is None, "asked for a password the XML holds"
            assert page.plan is not None and page.plan.route is route
            if route is Route.SSH_TUNNEL:
                assert page.plan.password == PASSWORD  # from the secure XML, over ssh
            _assert_screen_is_the_guests(page, guest)
            window.close_all()
    finally:
        app.controller.close_consoles()
        runner.run(app.inventory.close())
        close_all()


def test_a_read_only_connection_asks_for_the_password_and_keeps_it_secret(
    qtbot: Any,
    runner: AsyncRunner,
    guest: Any,
    isolated_libvirtd: IsolatedLibvirtd,
    sshd: NamespacedSshd,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    caplog.set_level("DEBUG")
    uri = _read_only_uri(isolated_libvirtd)
    app = _start(qtbot, runner, uri)
    try:
        window, page = _open_console(app, runner, uri)

        # cancelled: the screen stays closed, and nothing retries behind the user's back
        runner.until(lambda: _dialog(page) is not None, 90)
        assert page.plan is not None and page.plan.route is Route.DIRECT and page.plan.read_only
        assert page.plan.password is None  # a read-only connection gets no secure XML
        assert page.plan.target.startswith(f"{sshd.server_address}:")
        dialog = _dialog(page)
        assert dialog is not None
        _answer(qtbot, dialog, None)
        runner.until(lambda: "No password given" in page.message, 10)
        qtbot.wait(3000)
        assert _dialog(page) is None and not page.view.is_attached()

        # a wrong password: said plainly, and asked again
        page.start()
        runner.until(lambda: _dialog(page) is not None, 60)
        dialog = _dialog(page)
        assert dialog is not None
        _answer(qtbot, dialog, WRONG)
        runner.until(
            lambda: (d := _dialog(page)) is not None and "not accepted" in d.labelText(), 60
        )
        assert "did not accept the password" in page.message
        assert page.message.endswith("did not accept the password: Authentication failed")

        # the right one: the guest's screen
        dialog = _dialog(page)
        assert dialog is not None
        _answer(qtbot, dialog, PASSWORD)
        runner.until(lambda: page.connected, 60)
        diff = _assert_screen_is_the_guests(page, guest)
        status = window.status_text(window.current_tab())  # type: ignore[arg-type]
        assert "read-only connection" in status and sshd.server_address in status
        texts = [status, window.status_label.text(), page.message, window.windowTitle()]
        window.close_all()
    finally:
        app.controller.close_consoles()
        runner.run(app.inventory.close())

    # secrets: nowhere kvmdesk writes or shows things
    assert PASSWORD in guest.lookupByName(GUEST).XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE)
    events = app.hub.events
    events.flush()
    assert events.rowCount() > 0  # the connection's own lines are there to be searched
    for row in range(events.rowCount()):
        for column in range(events.columnCount()):
            texts.append(str(events.index(row, column).data() or ""))
    texts += [f"{n.title} {n.message}" for n in app.window.notifications.history]
    texts.append(caplog.text)
    out, err = capfd.readouterr()
    texts += [out, err]
    if config.exists():
        for path in config.rglob("*"):
            if path.is_file():
                texts.append(path.read_text(errors="replace"))
    leaks = [text for text in texts if PASSWORD in text]
    assert not leaks, leaks
    print(
        f"\nread-only console after the password: {diff} pixels differ; {len(texts)} places clean"
    )
