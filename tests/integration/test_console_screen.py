"""The console's Screen on real guests in the isolated libvirtd (local: virDomainOpenGraphicsFD).

In the window: the VM with a VGA screen opens on Screen, shows the guest's pixels and says
which path it uses. From the command line: ``kvmdesk --connect URI --console NAME
--screenshot PATH`` saves the decoded framebuffer once the first frame is in and exits 0;
it equals libvirt's own screenshot of the same still screen up to the blinking text cursor
(one character cell). Bad input and a VM without a screen give their one-line reasons.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from kvmdesk.ui.console.vnc_view import ScaleMode
from tests.helpers.integration.console_guest import console_guest_xml, install_image
from tests.helpers.integration.guest_image import GuestImage
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.screens import differing_pixels, libvirt_screenshot, run_kvmdesk
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(420)]

SCREEN_GUEST = "kvmdesk-screen-guest"
SERIAL_ONLY_GUEST = "kvmdesk-serial-only"
CURSOR_CELL = 9 * 16  # the text cursor blinks: one character cell may differ


@pytest.fixture(scope="module")
def screen_guests(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> Iterator[dict[str, str]]:
    kernel, initrd = install_image(isolated_libvirtd, bootable_guest_image)
    conn = isolated_libvirtd.open()
    domains = []
    try:
        for name, listen in ((SCREEN_GUEST, "none"), (SERIAL_ONLY_GUEST, None)):
            domain = conn.defineXML(console_guest_xml(name, kernel, initrd, vnc_listen=listen))
            domain.create()
            domains.append(domain)
        yield {d.name(): d.UUIDString() for d in domains}
    finally:
        for domain in domains:
            if domain.isActive():
                domain.destroy()
            domain.undefine()
        conn.close()


def _still_screen(conn: Any, name: str) -> QImage:
    """libvirt's screenshot once two in a row (0.5 s apart) agree but for the cursor."""
    previous = libvirt_screenshot(conn, name)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.5)
        current = libvirt_screenshot(conn, name)
        if current.size() == previous.size() and differing_pixels(current, previous) <= CURSOR_CELL:
            return current
        previous = current
    raise AssertionError(f"{name}'s screen never kept still")


@pytest.fixture
def console_app(
    qtbot: Any, runner: AsyncRunner, isolated_libvirtd: IsolatedLibvirtd
) -> Iterator[Application]:
    inventory = Inventory(persist=False)
    inventory.add(isolated_libvirtd.uri, label="isolated", remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    yield app
    app.controller.close_consoles()
    runner.run(app.controller.wait_idle())
    runner.run(inventory.close())


# Offscreen has no keyboard to grab; the view still routes every key (see test_vnc_view).
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_window_shows_the_guests_screen_over_the_local_socket(
    console_app: Application,
    runner: AsyncRunner,
    qtbot: Any,
    screen_guests: dict[str, str],
    isolated_libvirtd: IsolatedLibvirtd,
    tmp_path: Path,
) -> None:
    session = next(iter(console_app.inventory.sessions.values()))
    window = console_app.controller.open_consoles([(session.uri, screen_guests[SCREEN_GUEST])])
    assert window is not None
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    screen = tab.screen_page
    runner.until(lambda: screen.connected, timeout=60)
    assert not tab.showing_serial  # it has a screen: Screen comes first
    status = window.status_text(tab)
    assert "local socket from libvirt" in status
    stats = screen.view.stats()
    assert f"{stats.width} × {stats.height}" in status
    assert window.screenshot_action.isEnabled()
    assert window.send_key_menu.isEnabled()
    labels = [a.text() for a in window.send_key_menu.actions()]
    assert labels[:3] == ["Ctrl+Alt+Del", "Ctrl+Alt+Backspace", "Ctrl+Alt+F1"]
    assert "Ctrl+Alt+F12" in labels and labels[-1] == "PrintScreen"

    path = tmp_path / "shot.png"
    assert window.save_screenshot(tab, str(path))
    saved = QImage(str(path))
    assert (saved.width(), saved.height()) == (stats.width, stats.height)

    # scaling and the keyboard grab act on the view and show in the status line
    window.one_to_one_action.trigger()
    assert screen.view.scale_mode() == (ScaleMode.ONE_TO_ONE, 1.0)
    window.zoom_actions[1.5].trigger()
    assert screen.view.scale_mode() == (ScaleMode.ZOOM, 1.5)
    window.fit_action.trigger()
    assert screen.view.scale_mode()[0] is ScaleMode.FIT
    window.grab_action.setChecked(True)
    assert screen.view.keyboard_grabbed()
    assert screen.view.release_hint() in window.status_text(tab)
    window.grab_action.setChecked(False)
    assert not screen.view.keyboard_grabbed()
    QGuiApplication.clipboard().setText("typed")
    window.type_clipboard_action.trigger()
    assert screen.view.typing_pending()

    # the serial console of the same VM works beside the screen
    window.serial_action.trigger()
    assert tab.showing_serial
    runner.until(lambda: tab.serial.connected, timeout=60)
    runner.until(lambda: "KVMDESK-SHELL#" in tab.serial.text(), timeout=120)
    window.screen_action.trigger()
    assert not tab.showing_serial

    # Ctrl+Alt+Del from the Send key menu reaches the guest's keyboard: its kernel reboots
    # (the serial console shows a second boot), and the screen is back by itself.
    boots = tab.serial.text().count("Linux version 6.1")
    next(a for a in window.send_key_menu.actions() if a.text() == "Ctrl+Alt+Del").trigger()
    runner.until(lambda: tab.serial.text().count("Linux version 6.1") > boots, timeout=120)
    runner.until(lambda: screen.connected, timeout=60)
    assert not tab.showing_stopped


def test_command_line_screenshot_is_the_guests_framebuffer(
    screen_guests: dict[str, str], isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path
) -> None:
    conn = isolated_libvirtd.open()
    try:
        expected = _still_screen(conn, SCREEN_GUEST)
        path = tmp_path / "console.png"
        started = time.monotonic()
        result = run_kvmdesk(
            "--connect", isolated_libvirtd.uri, "--console", SCREEN_GUEST, "--screenshot", str(path)
        )
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        got = QImage(str(path))
        assert (got.width(), got.height()) == (expected.width(), expected.height())
        after = libvirt_screenshot(conn, SCREEN_GUEST)
        diff = min(differing_pixels(got, expected), differing_pixels(got, after))
        assert diff <= CURSOR_CELL, f"{diff} pixels differ"
        print(f"\nkvmdesk --console --screenshot: {elapsed:.2f} s, {diff} pixels differ")
    finally:
        conn.close()


def test_command_line_reasons(
    screen_guests: dict[str, str], isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path
) -> None:
    path = tmp_path / "none.png"
    uri = isolated_libvirtd.uri
    unknown = run_kvmdesk("--connect", uri, "--console", "no-such-vm", "--screenshot", str(path))
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        f"kvmdesk: no domain named 'no-such-vm' on {uri}"
    ]
    serial_only = run_kvmdesk(
        "--connect", uri, "--console", SERIAL_ONLY_GUEST, "--screenshot", str(path)
    )
    assert serial_only.returncode == 1
    assert "kvmdesk: The VM has no graphics device — add one in its settings." in (
        serial_only.stderr.splitlines()
    )
    assert "Traceback" not in serial_only.stderr
    assert not path.exists()
