"""The serial console's terminal widget: paints a :class:`TerminalModel`, turns keys into bytes.

What the user types leaves as :attr:`TerminalView.input` (bytes for the guest); what the
guest writes comes in through :meth:`TerminalView.feed`. The widget follows its own size:
the model gets as many columns and rows as fit (see the model's docstring for how the guest
learns them over a serial line). Mouse drag selects, the context menu copies and pastes
(also Ctrl+Shift+C / Ctrl+Shift+V, so Ctrl+C stays the guest's), the wheel scrolls back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from kvmdesk.core.console.terminal import Style, TerminalModel
from kvmdesk.models.palette import CONSOLE_BACKGROUND, CONSOLE_FOREGROUND, TERMINAL_COLOURS

# The terminal's own colours (the palette's fixed console table), the same in every theme.
_ANSI = TERMINAL_COLOURS
DEFAULT_FG = CONSOLE_FOREGROUND
DEFAULT_BG = CONSOLE_BACKGROUND
_BRIGHT = {name: "bright" + name for name in ("black", "red", "green", "brown", "blue")} | {
    "magenta": "brightmagenta",
    "cyan": "brightcyan",
    "white": "brightwhite",
}

_KEYS: dict[int, bytes] = {
    Qt.Key.Key_Return: b"\r",
    Qt.Key.Key_Enter: b"\r",
    Qt.Key.Key_Backspace: b"\x7f",
    Qt.Key.Key_Tab: b"\t",
    Qt.Key.Key_Backtab: b"\x1b[Z",
    Qt.Key.Key_Escape: b"\x1b",
    Qt.Key.Key_Up: b"\x1b[A",
    Qt.Key.Key_Down: b"\x1b[B",
    Qt.Key.Key_Right: b"\x1b[C",
    Qt.Key.Key_Left: b"\x1b[D",
    Qt.Key.Key_Home: b"\x1b[H",
    Qt.Key.Key_End: b"\x1b[F",
    Qt.Key.Key_Insert: b"\x1b[2~",
    Qt.Key.Key_Delete: b"\x1b[3~",
    Qt.Key.Key_PageUp: b"\x1b[5~",
    Qt.Key.Key_PageDown: b"\x1b[6~",
    Qt.Key.Key_F1: b"\x1bOP",
    Qt.Key.Key_F2: b"\x1bOQ",
    Qt.Key.Key_F3: b"\x1bOR",
    Qt.Key.Key_F4: b"\x1bOS",
    Qt.Key.Key_F5: b"\x1b[15~",
    Qt.Key.Key_F6: b"\x1b[17~",
    Qt.Key.Key_F7: b"\x1b[18~",
    Qt.Key.Key_F8: b"\x1b[19~",
    Qt.Key.Key_F9: b"\x1b[20~",
    Qt.Key.Key_F10: b"\x1b[21~",
    Qt.Key.Key_F11: b"\x1b[23~",
    Qt.Key.Key_F12: b"\x1b[24~",
}


def key_bytes(key: int, modifiers: Qt.KeyboardModifier, text: str) -> bytes:
    """What an xterm sends for this key press ("" when nothing)."""
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    if key in _KEYS:
        data = _KEYS[key]
    elif ctrl and Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
        data = bytes([key - Qt.Key.Key_A + 1])
    elif ctrl and key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_Space, Qt.Key.Key_At):
        data = b"\x1b" if key == Qt.Key.Key_BracketLeft else b"\x00"
    elif ctrl and key == Qt.Key.Key_Backslash:
        data = b"\x1c"
    elif text:
        data = text.encode()
    else:
        return b""
    return b"\x1b" + data if alt and not data.startswith(b"\x1b") else data


def _colour(name: str, default: str, bold: bool) -> QColor:
    if name == "default":
        return QColor(default)
    if bold and name in _BRIGHT:  # bold means bright for the 8 basic colours, as xterm
        name = _BRIGHT[name]
    if name in _ANSI:
        return QColor(_ANSI[name])
    return QColor(f"#{name}") if len(name) == 6 else QColor(default)


class TerminalView(QWidget):
    """A terminal emulator widget over a :class:`TerminalModel`."""

    input = Signal(bytes)  # bytes to send to the guest
    size_changed = Signal(int, int)  # columns, rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("terminalView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.model = TerminalModel(respond=self.input.emit)
        self._selection: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._anchor: tuple[int, int] | None = None
        self._blink_on = True
        self._blink = QTimer(self)
        self._blink.setInterval(600)
        self._blink.timeout.connect(self._toggle_blink)
        self._blink.start()
        self._cell = QSize(1, 1)
        self._measure()

    # ------------------------------------------------------------- feeding

    def feed(self, data: bytes) -> None:
        self.model.feed(data)
        self._blink_on = True
        self.update()

    def clear_selection(self) -> None:
        self._selection = None
        self.update()

    # ---------------------------------------------------------------- size

    def _measure(self) -> None:
        metrics = QFontMetrics(self.font())
        self._cell = QSize(max(1, metrics.horizontalAdvance("M")), max(1, metrics.height()))

    def cell_size(self) -> QSize:
        return QSize(self._cell)

    def sizeHint(self) -> QSize:
        return QSize(
            self._cell.width() * self.model.columns + 4, self._cell.height() * self.model.rows + 4
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        columns = max(1, (event.size().width() - 4) // self._cell.width())
        rows = max(1, (event.size().height() - 4) // self._cell.height())
        if self.model.resize(columns, rows):
            self._selection = None
            self.size_changed.emit(self.model.columns, self.model.rows)

    # -------------------------------------------------------------- painting

    def _toggle_blink(self) -> None:
        self._blink_on = not self._blink_on
        column, row = self.model.cursor
        self.update(self._cell_rect(column, row))

    def _cell_rect(self, column: int, row: int, width: int = 1) -> QRect:
        return QRect(
            2 + column * self._cell.width(),
            2 + row * self._cell.height(),
            width * self._cell.width(),
            self._cell.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(DEFAULT_BG))
        base = self.font()
        ascent = QFontMetrics(base).ascent()
        for row, line in enumerate(self.model.visible_lines()):
            if not self._cell_rect(0, row, self.model.columns).intersects(event.rect()):
                continue
            for run in self.model.runs(line):
                self._paint_run(painter, base, ascent, run.column, row, run.text, run.style)
        self._paint_selection(painter)
        if self.model.cursor_visible and (self._blink_on or not self.hasFocus()):
            column, row = self.model.cursor
            rect = self._cell_rect(column, row)
            if self.hasFocus():
                painter.fillRect(rect, QColor(DEFAULT_FG))
                char = self.model.screen.buffer[row][column]
                painter.setPen(QColor(DEFAULT_BG))
                painter.drawText(rect.x(), rect.y() + ascent, char.data or " ")
            else:
                painter.setPen(QColor(DEFAULT_FG))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def _paint_run(
        self,
        painter: QPainter,
        base: QFont,
        ascent: int,
        column: int,
        row: int,
        text: str,
        style: Style,
    ) -> None:
        fg = _colour(style.fg, DEFAULT_FG, style.bold)
        bg = _colour(style.bg, DEFAULT_BG, False)
        if style.reverse:
            fg, bg = bg, fg
        rect = self._cell_rect(column, row, len(text))
        if bg != QColor(DEFAULT_BG):
            painter.fillRect(rect, bg)
        if not text.strip():
            return
        font = QFont(base)
        font.setBold(style.bold)
        font.setItalic(style.italics)
        font.setUnderline(style.underscore)
        font.setStrikeOut(style.strikethrough)
        painter.setFont(font)
        painter.setPen(fg)
        # Cell by cell: a fixed grid whatever the font's advance for wide or missing glyphs.
        for offset, char in enumerate(text):
            if char != " ":
                x = rect.x() + offset * self._cell.width()
                painter.drawText(x, rect.y() + ascent, char)

    def _paint_selection(self, painter: QPainter) -> None:
        if self._selection is None:
            return
        (c1, r1), (c2, r2) = sorted(self._selection, key=lambda cell: (cell[1], cell[0]))
        highlight = self.palette().highlight().color()
        highlight.setAlpha(110)
        for row in range(r1, r2 + 1):
            first = c1 if row == r1 else 0
            last = c2 if row == r2 else self.model.columns - 1
            painter.fillRect(self._cell_rect(first, row, last - first + 1), highlight)

    # ------------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:
        # The guest's keys win over the window's shortcuts (Ctrl+W deletes a word in its
        # shell); F11 stays the window's, to leave full screen.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and event.key() != Qt.Key.Key_F11
            and key_bytes(event.key(), event.modifiers(), event.text())
        ):
            event.accept()
            return True
        # Tab and Backtab belong to the guest, not to focus navigation.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._shortcut(event):
            return
        data = key_bytes(event.key(), event.modifiers(), event.text())
        if data:
            self.clear_selection()
            self.input.emit(data)
            event.accept()
            return
        super().keyPressEvent(event)

    def _shortcut(self, event: QKeyEvent) -> bool:
        mods = event.modifiers()
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if mods & ctrl_shift == ctrl_shift:
            if event.key() == Qt.Key.Key_C:
                self.copy()
                return True
            if event.key() == Qt.Key.Key_V:
                self.paste()
                return True
        if mods & Qt.KeyboardModifier.ShiftModifier and event.key() in (
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
        ):
            step = self.model.rows - 1
            self.model.scroll(step if event.key() == Qt.Key.Key_PageUp else -step)
            self.update()
            return True
        return False

    # ------------------------------------------------------- copy and paste

    def selected_text(self) -> str:
        if self._selection is None:
            return ""
        return self.model.selection_text(*self._selection)

    def copy(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text:
            self.input.emit(self.model.paste_bytes(text))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = menu.addAction(self.tr("&Copy"), self.copy)
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))
        copy.setEnabled(bool(self.selected_text()))
        paste = menu.addAction(self.tr("&Paste"), self.paste)
        paste.setShortcut(QKeySequence("Ctrl+Shift+V"))
        paste.setEnabled(bool(QGuiApplication.clipboard().text()))
        menu.addAction(
            self.tr("Copy &all"), lambda: QGuiApplication.clipboard().setText(self.model.text())
        )
        menu.popup(event.globalPos())

    # ----------------------------------------------------------------- mouse

    def _cell_at(self, point: QPoint) -> tuple[int, int]:
        column = (point.x() - 2) // self._cell.width()
        row = (point.y() - 2) // self._cell.height()
        return (
            max(0, min(self.model.columns - 1, column)),
            max(0, min(self.model.rows - 1, row)),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self._cell_at(event.position().toPoint())
            self._selection = None
            self.update()
        elif event.button() == Qt.MouseButton.MiddleButton:
            text = QGuiApplication.clipboard().text(QGuiApplication.clipboard().Mode.Selection)
            if text:
                self.input.emit(self.model.paste_bytes(text))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._selection = (self._anchor, self._cell_at(event.position().toPoint()))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._anchor = None
        clipboard = QGuiApplication.clipboard()
        if self._selection is not None and clipboard.supportsSelection():
            clipboard.setText(self.selected_text(), clipboard.Mode.Selection)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        lines = event.angleDelta().y() // 40
        if lines:
            self.model.scroll(lines)
            self.update()
        event.accept()
