"""``kvmdesk --connect URI --console DOMAIN [--screenshot PATH]``: straight into a console.

:func:`open_console` waits until the connection has loaded, finds the domain (by name
or UUID) and opens its console window; closing that window quits. With a screenshot
path, :func:`save_first_frame` waits for the first complete frame of the VM's screen,
saves the decoded framebuffer (guest pixels, not the window) as PNG and reports the exit
code: 0, 1 with libvirt's or the VNC server's message, 2 for bad input.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.ui.console.screen_page import save_png
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from kvmdesk.ui.console.window import ConsoleWindow

FIRST_FRAME_TIMEOUT_S = 90.0


def _fail(message: str) -> None:
    print(f"kvmdesk: {message}", file=sys.stderr, flush=True)


async def open_console(
    inventory: Inventory, domain: str, window: ConsoleWindow
) -> VmConsoleTab | int:
    """The domain's console tab in ``window``, or an exit code after saying why not."""
    await inventory.wait_settled()
    sessions = list(inventory.sessions.values())
    for session in sessions:
        if session.state is not ConnectionState.CONNECTED:
            _fail(f"cannot connect to {session.label}: {session.message}")
            return 1
    for session in sessions:
        try:
            snapshot = session.lifecycle.find(domain)
        except BadInput:
            continue
        return window.open_vm(session, snapshot.uuid)
    labels = ", ".join(session.label for session in sessions)
    _fail(f"no domain named {domain!r} on {labels}")
    return 2


def run_console(
    inventory: Inventory,
    consoles: Callable[[], ConsoleWindow],
    domain: str,
    screenshot: Path | None,
    done: Callable[[int], None],
) -> asyncio.Task[None]:
    """Open the domain's console window once loaded; ``done(exit code)`` ends the app.

    ``consoles()`` gives the app's console window (the controller makes it on first use).

    Without a screenshot the app ends with 0 when the console window is closed.
    """

    finished = False

    def finish(code: int) -> None:
        nonlocal finished
        if not finished:  # closing the window while quitting must not change the code
            finished = True
            done(code)

    async def run() -> None:
        window = consoles()
        result = await open_console(inventory, domain, window)
        if isinstance(result, int):
            finish(result)
            return
        window.destroyed.connect(lambda _obj=None: finish(0))
        if screenshot is not None:
            finish(await save_first_frame(result, screenshot))

    return asyncio.ensure_future(run())


async def save_first_frame(
    tab: VmConsoleTab, path: Path, timeout: float = FIRST_FRAME_TIMEOUT_S
) -> int:
    """Save the VM's screen as PNG once its first complete frame is in; the exit code."""
    if tab.showing_stopped:
        _fail(f"{tab.name} is not running ({tab.stopped_label.text().lower()})")
        return 1
    try:
        image = await asyncio.wait_for(tab.screen_page.first_frame(), timeout)
    except TimeoutError:
        _fail(f"no complete frame from {tab.name}'s screen within {timeout:g} s")
        return 1
    except KvmdeskError as error:
        _fail(str(error))
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    if not save_png(image, str(path)):
        _fail(f"cannot write {path}")
        return 1
    return 0
