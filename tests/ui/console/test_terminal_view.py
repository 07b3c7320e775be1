"""The terminal widget: keys become the bytes an xterm sends, size follows the widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication

from kvmdesk.ui.console.terminal_view import DEFAULT_BG, TerminalView, key_bytes

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_keys_as_an_xterm_sends_them() -> None:
    assert key_bytes(Qt.Key.Key_A, NONE, "a") == b"a"
    assert key_bytes(Qt.Key.Key_C, CTRL, "\x03") == b"\x03"
    assert key_bytes(Qt.Key.Key_D, CTRL, "") == b"\x04"
    assert key_bytes(Qt.Key.Key_Return, NONE, "\r") == b"\r"
    assert key_bytes(Qt.Key.Key_Backspace, NONE, "") == b"\x7f"
    assert key_bytes(Qt.Key.Key_Up, NONE, "") == b"\x1b[A"
    assert key_bytes(Qt.Key.Key_F5, NONE, "") == b"\x1b[15~"
    assert key_bytes(Qt.Key.Key_X, ALT, "x") == b"\x1bx"
    assert key_bytes(Qt.Key.Key_Shift, NONE, "") == b""
    assert key_bytes(Qt.Key.Key_unknown, NONE, "é") == "é".encode()


def _view(qtbot: Any) -> tuple[TerminalView, list[bytes]]:
    view = TerminalView()
    qtbot.addWidget(view)
    sent: list[bytes] = []
    view.input.connect(sent.append)
    view.resize(view.cell_size().width() * 60 + 4, view.cell_size().height() * 20 + 4)
    view.show()
    qtbot.waitExposed(view)
    return view, sent


def test_typing_sends_bytes_and_tab_stays_in_the_terminal(qtbot: Any) -> None:
    view, sent = _view(qtbot)
    view.setFocus()
    qtbot.keyClicks(view, "ls")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert b"".join(sent) == b"ls\t\r\x03"


def test_the_guests_keys_win_over_window_shortcuts(qtbot: Any) -> None:
    """Ctrl+W deletes a word in the guest's shell; it must not close the console's tab.

    Qt asks the focused widget first (ShortcutOverride); accepting it delivers the key
    to the widget instead of firing the window's shortcut. F11 stays the window's.
    """
    view, _ = _view(qtbot)
    for key, modifiers, text, taken in (
        (Qt.Key.Key_W, CTRL, "\x17", True),
        (Qt.Key.Key_Tab, NONE, "\t", True),
        (Qt.Key.Key_F11, NONE, "", False),
    ):
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers, text)
        event.ignore()
        QApplication.sendEvent(view, event)
        assert event.isAccepted() is taken, key


def test_size_follows_the_widget_and_the_guest_can_ask_for_it(qtbot: Any) -> None:
    view, sent = _view(qtbot)
    assert (view.model.columns, view.model.rows) == (60, 20)
    with qtbot.waitSignal(view.size_changed) as changed:
        view.resize(view.cell_size().width() * 100 + 4, view.cell_size().height() * 30 + 4)
    assert changed.args == [100, 30]
    view.feed(b"\x1b7\x1b[999;999H\x1b[6n\x1b8")
    assert sent == [b"\x1b[30;100R"]


def test_paints_the_guests_colours(qtbot: Any) -> None:
    view, _ = _view(qtbot)
    view.feed(b"\x1b[42m      \x1b[0m\r\nplain")
    image = view.grab().toImage()
    cell = view.cell_size()
    assert image.pixelColor(2 + cell.width() * 2, 2 + cell.height() // 2) == QColor("#00cd00")
    assert image.pixelColor(2 + cell.width() * 40, 2 + cell.height() * 10) == QColor(DEFAULT_BG)


def test_select_copy_and_paste(qtbot: Any) -> None:
    view, sent = _view(qtbot)
    view.feed(b"hello world\r\nsecond")
    cell = view.cell_size()

    def at(column: int, row: int) -> QPoint:
        return QPoint(2 + column * cell.width() + 1, 2 + row * cell.height() + 1)

    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(6, 0))
    qtbot.mouseMove(view, at(2, 1))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(2, 1))
    assert view.selected_text() == "world\nsec"
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "world\nsec"
    assert sent == []  # copying sends nothing to the guest
    QGuiApplication.clipboard().setText("echo 1\necho 2")
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert sent == [b"echo 1\recho 2"]


def test_wheel_scrolls_back(qtbot: Any) -> None:
    view, _ = _view(qtbot)
    view.feed(b"".join(b"row %d\r\n" % n for n in range(60)))
    qtbot.keyClick(view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ShiftModifier)
    assert view.model.scroll_offset == view.model.rows - 1
    view.feed(b"more")
    assert view.model.scroll_offset == 0
