"""The serial console in the console window, on a real tiny guest in the isolated libvirtd.

The guest boots with ``console=ttyS0`` and a shell on its serial port
(``kvmdesk.serialshell``): the terminal widget's buffer must show its boot lines and the
prompt, a command typed into the widget must be answered there, a serial break must reach
the guest's kernel (magic SysRq), and after the VM is stopped and started again the
console must reconnect by itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import libvirt
import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.states import DomainState
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from tests.helpers.integration.console_guest import PROMPT, console_guest_xml, install_image
from tests.helpers.integration.guest_image import GuestImage
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(420)]

NAME = "kvmdesk-serial-guest"
BOOT_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def serial_guest(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> Iterator[str]:
    """A defined, shut-off guest with a serial shell; its UUID."""
    kernel, initrd = install_image(isolated_libvirtd, bootable_guest_image)
    conn = isolated_libvirtd.open()
    try:
        domain = conn.defineXML(console_guest_xml(NAME, kernel, initrd))
        yield domain.UUIDString()
        if domain.isActive():
            domain.destroy()
        domain.undefine()
    finally:
        conn.close()


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


def _type(qtbot: Any, tab: VmConsoleTab, text: str) -> None:
    view = tab.serial.terminal
    qtbot.keyClicks(view, text)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def _screen_text(tab: VmConsoleTab) -> str:
    return "\n".join(tab.serial.terminal.model.display())


def test_boot_lines_prompt_command_and_break_through_the_terminal(
    console_app: Application, runner: AsyncRunner, qtbot: Any, serial_guest: str
) -> None:
    session = next(iter(console_app.inventory.sessions.values()))
    window = console_app.controller.open_consoles([(session.uri, serial_guest)])
    assert window is not None
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    assert tab.showing_stopped and tab.stopped_label.text() == "Shut off"

    # Start from the tab: the console opens with the "started" event, before the kernel talks.
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: tab.serial.connected, timeout=60)
    assert tab.showing_serial  # no graphics device: the Serial view comes first
    runner.until(lambda: "Linux version 6.1" in tab.serial.text(), timeout=BOOT_TIMEOUT)
    runner.until(lambda: PROMPT.strip() in tab.serial.text(), timeout=BOOT_TIMEOUT)
    assert "Serial console" in window.status_label.text()

    _type(qtbot, tab, "echo kvmdesk-$((6 * 7))-answer")
    runner.until(lambda: "kvmdesk-42-answer" in _screen_text(tab), timeout=30)
    # the guest sees what the terminal is: TERM and a working tty
    _type(qtbot, tab, "tty; echo term=$TERM")
    runner.until(lambda: "term=xterm" in _screen_text(tab), timeout=30)
    assert "/dev/ttyS0" in _screen_text(tab)

    # The size over a serial line: the guest asks the terminal (as `resize` does, in raw
    # mode: the answer has no newline) and reads the widget's real rows and columns.
    model = tab.serial.terminal.model
    _type(
        qtbot,
        tab,
        "stty raw -echo; printf '\\0337\\033[999;999H\\033[6n\\0338'; read -r -d R pos; stty -raw echo; "
        'echo "size=${pos#*[}"',
    )
    expected = f"size={model.rows};{model.columns}"
    runner.until(lambda: expected in _screen_text(tab), timeout=30)

    # A break, then "h": the guest's kernel answers with the magic SysRq help line.
    window.send_break_action.trigger()
    runner.run(tab.serial.wait_idle())
    assert "Cannot send" not in tab.serial.message
    time.sleep(0.2)
    tab.serial.terminal.input.emit(b"h")
    runner.until(lambda: "sysrq: HELP" in tab.serial.text(), timeout=30)


def test_stop_shows_shut_off_and_start_reconnects_by_itself(
    console_app: Application, runner: AsyncRunner, qtbot: Any, serial_guest: str
) -> None:
    session = next(iter(console_app.inventory.sessions.values()))
    domain = session.domains[serial_guest]
    if not domain.state.is_active:
        runner.run(session.lifecycle.perform(serial_guest, DomainAction.START))
    window = console_app.controller.open_consoles([(session.uri, serial_guest)])
    assert window is not None
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert isinstance(tab, VmConsoleTab)
    runner.until(lambda: tab.serial.connected, timeout=60)
    _type(qtbot, tab, "echo before-stop")
    runner.until(lambda: "before-stop" in _screen_text(tab), timeout=BOOT_TIMEOUT)

    runner.run(session.lifecycle.perform(serial_guest, DomainAction.DESTROY))
    runner.until(lambda: tab.showing_stopped, timeout=30)
    assert tab.stopped_label.text() == "Shut off"
    assert not tab.serial.connected

    runner.run(session.lifecycle.perform(serial_guest, DomainAction.START))
    runner.until(lambda: not tab.showing_stopped, timeout=30)
    runner.until(lambda: tab.serial.connected, timeout=60)
    runner.until(lambda: "Linux version 6.1" in tab.serial.text(), timeout=BOOT_TIMEOUT)
    runner.until(lambda: _screen_text(tab).rstrip().endswith(PROMPT.strip()), timeout=BOOT_TIMEOUT)
    _type(qtbot, tab, "echo after-restart")
    runner.until(lambda: "after-restart" in _screen_text(tab), timeout=30)

    # A guest reboot (on_reboot=restart keeps the QEMU process): the console stays usable.
    _type(qtbot, tab, "reboot -f")
    runner.until(lambda: tab.serial.text().count("Linux version 6.1") >= 2, timeout=BOOT_TIMEOUT)
    runner.until(lambda: _screen_text(tab).rstrip().endswith(PROMPT.strip()), timeout=BOOT_TIMEOUT)
    _type(qtbot, tab, "echo after-reboot")
    runner.until(lambda: "after-reboot" in _screen_text(tab), timeout=30)
    assert session.domains[serial_guest].state is DomainState.RUNNING
    conn = libvirt.open(session.uri)
    try:
        assert conn.lookupByUUIDString(serial_guest).isActive()
    finally:
        conn.close()
