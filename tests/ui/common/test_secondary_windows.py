"""The secondary windows (virtual networks, host interfaces): a Close button and Esc close them.

Both go through the controller, which deletes a window on close and forgets it, so opening
it again makes a fresh one. Esc in one of the window's dialogs answers only that dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QPushButton, QWidget
from shiboken6 import isValid

from kvmdesk.app import Application
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.window import HostInterfacesWindow
from kvmdesk.ui.vnet.dialog import NetworkDialog
from kvmdesk.ui.vnet.window import VirtualNetworksWindow
from tests.helpers.qt_async import AsyncRunner

Window = VirtualNetworksWindow | HostInterfacesWindow


def _uri(app: Application) -> str:
    return next(iter(app.inventory.sessions))


def _windows(app: Application, kind: str) -> dict[str, Any]:
    controller = app.controller
    return (
        controller.virtual_network_windows if kind == "vnet" else controller.host_interface_windows
    )


def _open(app: Application, runner: AsyncRunner, kind: str) -> Window:
    uri = _uri(app)
    if kind == "vnet":
        window: Window | None = app.controller.open_virtual_networks(uri)
    else:
        window = app.controller.open_host_interfaces(uri)
    assert window is not None and window.isVisible()
    runner.run(window.wait_idle())
    runner.until(lambda: QApplication.activeWindow() is window)
    return window


def _open_dialog(window: Window, runner: AsyncRunner) -> QDialog:
    kind: type[QDialog]
    if isinstance(window, VirtualNetworksWindow):
        window.create_button.click()
        kind = NetworkDialog
    else:
        window.new_bond_button.click()
        kind = BondDialog
    runner.until(lambda: any(d.isVisible() for d in window.findChildren(kind)))
    dialog = next(d for d in window.findChildren(kind) if d.isVisible())
    runner.until(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _row_of(button: QWidget, window: QWidget) -> QHBoxLayout:
    rows = [r for r in window.findChildren(QHBoxLayout) if r.indexOf(button) >= 0]
    assert len(rows) == 1
    return rows[0]


KINDS = pytest.mark.parametrize("kind", ["vnet", "hostnet"])


@KINDS
def test_close_button_at_the_right_end_of_the_button_row(
    demo_app: Application, runner: AsyncRunner, kind: str
) -> None:
    window = _open(demo_app, runner, kind)
    button = window.findChild(QPushButton, "closeButton")
    assert button is not None and button is window.close_button
    assert button.text() == "Close" and button.isVisible() and button.isEnabled()
    row = _row_of(button, window)
    assert row.indexOf(button) == row.count() - 1
    others = [row.itemAt(i).widget() for i in range(row.count() - 1)]
    assert any(isinstance(w, QPushButton) for w in others)  # the window's own buttons
    window.close()


def _closes(
    demo_app: Application, runner: AsyncRunner, kind: str, close: Callable[[Window], None]
) -> None:
    window = _open(demo_app, runner, kind)
    windows = _windows(demo_app, kind)
    close(window)
    runner.until(lambda: _uri(demo_app) not in windows)
    assert not isValid(window)  # deleted, not only hidden
    again = _open(demo_app, runner, kind)
    assert windows[_uri(demo_app)] is again
    again.close()


@KINDS
def test_clicking_close_deletes_the_window_and_reopening_makes_a_new_one(
    demo_app: Application, runner: AsyncRunner, qtbot: Any, kind: str
) -> None:
    _closes(
        demo_app,
        runner,
        kind,
        lambda w: qtbot.mouseClick(w.close_button, Qt.MouseButton.LeftButton),
    )


@KINDS
def test_escape_closes_the_window(
    demo_app: Application, runner: AsyncRunner, qtbot: Any, kind: str
) -> None:
    _closes(demo_app, runner, kind, lambda w: qtbot.keyClick(w, Qt.Key.Key_Escape))


@KINDS
def test_escape_in_a_dialog_closes_only_the_dialog(
    demo_app: Application, runner: AsyncRunner, qtbot: Any, kind: str
) -> None:
    window = _open(demo_app, runner, kind)
    dialog = _open_dialog(window, runner)
    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    runner.run(window.wait_idle())
    assert results == [int(QDialog.DialogCode.Rejected)]
    assert isValid(window) and window.isVisible()
    assert _windows(demo_app, kind)[_uri(demo_app)] is window
    window.close()
