"""The serial console's terminal state: pyte's VT100/xterm emulator with scrollback.

:class:`TerminalModel` feeds the guest's bytes to a :class:`pyte.HistoryScreen` and answers
what a widget needs to paint (rows of :class:`Cell` runs, the cursor, the scrollback offset)
and what the guest asks of its terminal (device status reports go back through
``respond``).

Window size over a serial line: a serial port has no out-of-band channel for the terminal
size (a pty gets ``TIOCSWINSZ`` and ``SIGWINCH``; a UART gets neither). What the guest *can*
do is ask the terminal: ``resize`` (xterm's, busybox's applet) moves the cursor to 999;999
and sends "report cursor position" (``ESC [ 6 n``); the model answers with its real size
(``ESC [ rows ; cols R``) and ``resize`` then sets the tty's size (``stty rows … cols …``).
So after the window changes size, running ``resize`` in the guest (many shells' profiles do
it on login over a serial console) makes full-screen programs use the new size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyte

DEFAULT_COLUMNS = 80
DEFAULT_ROWS = 25
SCROLLBACK_LINES = 5000
MIN_COLUMNS = 10
MIN_ROWS = 3
MAX_COLUMNS = 1000
MAX_ROWS = 500


@dataclass(frozen=True, slots=True)
class Style:
    """How a run of characters is drawn: pyte's colour names or ``rrggbb``, attributes."""

    fg: str = "default"
    bg: str = "default"
    bold: bool = False
    italics: bool = False
    underscore: bool = False
    reverse: bool = False
    strikethrough: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """Characters of one style in a row, starting at ``column``."""

    column: int
    text: str
    style: Style


class _Screen(pyte.HistoryScreen):
    """pyte's screen with its answers to the guest routed to the model."""

    def __init__(self, columns: int, rows: int, respond: Callable[[str], None]) -> None:
        super().__init__(columns, rows, history=SCROLLBACK_LINES, ratio=0.5)
        self._respond = respond

    def write_process_input(self, data: str) -> None:
        self._respond(data)

    def set_title(self, param: str) -> None:
        self.title = param


class TerminalModel:
    """A terminal of ``columns`` × ``rows`` with scrollback; replies go to ``respond``."""

    def __init__(
        self,
        columns: int = DEFAULT_COLUMNS,
        rows: int = DEFAULT_ROWS,
        respond: Callable[[bytes], None] | None = None,
    ) -> None:
        self._respond = respond
        self.screen = _Screen(columns, rows, self._answer)
        self._stream = pyte.ByteStream(self.screen)
        self.scroll_offset = 0  # lines scrolled back into the history (0: the live screen)

    def _answer(self, text: str) -> None:
        if self._respond is not None:
            self._respond(text.encode())

    # ------------------------------------------------------------------ input

    def feed(self, data: bytes) -> None:
        """What the guest wrote; the view jumps back to the live screen."""
        self._stream.feed(data)
        self.scroll_offset = 0

    # ------------------------------------------------------------------- size

    @property
    def columns(self) -> int:
        return int(self.screen.columns)

    @property
    def rows(self) -> int:
        return int(self.screen.lines)

    def resize(self, columns: int, rows: int) -> bool:
        """Change the size (clamped to sane bounds); True when it changed."""
        columns = max(MIN_COLUMNS, min(MAX_COLUMNS, columns))
        rows = max(MIN_ROWS, min(MAX_ROWS, rows))
        if (columns, rows) == (self.columns, self.rows):
            return False
        self.screen.resize(rows, columns)
        self.scroll_offset = 0
        return True

    # ------------------------------------------------------------- scrollback

    @property
    def history_size(self) -> int:
        return len(self.screen.history.top)

    def scroll(self, lines: int) -> None:
        """Scroll back (positive) or forward (negative) through the history."""
        self.scroll_offset = max(0, min(self.history_size, self.scroll_offset + lines))

    # --------------------------------------------------------------- reading

    def _all_lines(self) -> list[Any]:
        history = list(self.screen.history.top)
        return history + [self.screen.buffer[row] for row in range(self.rows)]

    def visible_lines(self) -> list[Any]:
        """pyte's rows shown now (scrollback included), top to bottom."""
        lines = self._all_lines()
        end = len(lines) - self.scroll_offset
        return lines[max(0, end - self.rows) : end]

    def runs(self, line: Any) -> list[Run]:
        """One row as runs of equal style (for painting)."""
        result: list[Run] = []
        start = 0
        text: list[str] = []
        current: Style | None = None
        for column in range(self.columns):
            char = line[column]
            style = Style(
                char.fg,
                char.bg,
                char.bold,
                char.italics,
                char.underscore,
                char.reverse,
                char.strikethrough,
            )
            if style != current:
                if text and current is not None:
                    result.append(Run(start, "".join(text), current))
                start, text, current = column, [], style
            text.append(char.data or " ")
        if text and current is not None:
            result.append(Run(start, "".join(text), current))
        return result

    @staticmethod
    def line_text(line: Any, columns: int) -> str:
        return "".join((line[column].data or " ") for column in range(columns)).rstrip()

    def display(self) -> list[str]:
        """The live screen as text, one string per row (trailing blanks removed)."""
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        """Scrollback and screen as plain text (what "Copy all" and tests read)."""
        lines = [self.line_text(line, self.columns) for line in self._all_lines()]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def selection_text(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        """Text between two (column, visible row) cells, inclusive, in reading order."""
        (c1, r1), (c2, r2) = sorted([start, end], key=lambda cell: (cell[1], cell[0]))
        lines = self.visible_lines()
        out: list[str] = []
        for row in range(max(0, r1), min(len(lines), r2 + 1)):
            line = lines[row]
            first = c1 if row == r1 else 0
            last = c2 if row == r2 else self.columns - 1
            out.append("".join((line[c].data or " ") for c in range(first, last + 1)).rstrip())
        return "\n".join(out)

    @property
    def cursor(self) -> tuple[int, int]:
        """(column, row) of the cursor on the live screen."""
        return int(self.screen.cursor.x), int(self.screen.cursor.y)

    @property
    def cursor_visible(self) -> bool:
        return not self.screen.cursor.hidden and self.scroll_offset == 0

    @property
    def title(self) -> str:
        return str(getattr(self.screen, "title", ""))

    @property
    def bracketed_paste(self) -> bool:
        """The guest asked for pasted text in ``ESC [200~`` … ``ESC [201~`` (mode 2004)."""
        return (2004 << 5) in self.screen.mode  # pyte keeps private modes shifted by 5

    def paste_bytes(self, text: str) -> bytes:
        """Clipboard text as the guest should receive it (newlines as Enter)."""
        data = text.replace("\r\n", "\r").replace("\n", "\r").encode()
        if self.bracketed_paste:
            return b"\x1b[200~" + data + b"\x1b[201~"
        return data
