"""The serial console's terminal model: pyte's emulator with scrollback, answers and paste."""

from __future__ import annotations

from kvmdesk.core.console.terminal import SCROLLBACK_LINES, Style, TerminalModel


def test_text_colours_and_cursor() -> None:
    term = TerminalModel(40, 5)
    term.feed(b"login: \x1b[1;31mroot\x1b[0m\r\n# \x1b[44mblue\x1b[0m")
    assert term.display()[:2] == ["login: root", "# blue"]
    runs = term.runs(term.visible_lines()[0])
    assert [(r.column, r.text.rstrip(), r.style) for r in runs[:2]] == [
        (0, "login:", Style()),
        (7, "root", Style(fg="red", bold=True)),
    ]
    assert any(
        r.style.bg == "blue" and r.text == "blue" for r in term.runs(term.visible_lines()[1])
    )
    assert term.cursor == (6, 1)
    term.feed(b"\x1b[?25l")
    assert not term.cursor_visible


def test_256_colours_arrive_as_rgb() -> None:
    term = TerminalModel(20, 3)
    term.feed(b"\x1b[38;5;196mX")
    assert term.runs(term.visible_lines()[0])[0].style.fg == "ff0000"


def test_scrollback_keeps_what_scrolled_off_and_is_bounded() -> None:
    term = TerminalModel(20, 4)
    term.feed(b"".join(b"line %d\r\n" % n for n in range(10)))
    assert term.display()[0] == "line 7"
    assert term.history_size == 7
    term.scroll(3)
    assert [term.line_text(line, 20) for line in term.visible_lines()] == [
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]
    term.scroll(1000)
    assert term.scroll_offset == term.history_size
    assert not term.cursor_visible
    term.feed(b"x")  # new output: back to the live screen
    assert term.scroll_offset == 0
    assert term.text().splitlines()[0] == "line 0"
    big = TerminalModel(20, 4)
    big.feed(b"y\r\n" * (SCROLLBACK_LINES + 500))
    assert big.history_size <= SCROLLBACK_LINES


def test_the_guest_learns_the_size_by_asking() -> None:
    """``resize`` in the guest: cursor to 999;999, report the position — the real size."""
    answers: list[bytes] = []
    term = TerminalModel(80, 25, respond=answers.append)
    assert term.resize(132, 43)
    term.feed(b"\x1b7\x1b[r\x1b[999;999H\x1b[6n\x1b8")
    assert answers == [b"\x1b[43;132R"]
    assert (term.columns, term.rows) == (132, 43)
    assert not term.resize(132, 43)


def test_resize_is_clamped() -> None:
    term = TerminalModel()
    term.resize(1, 1)
    assert (term.columns, term.rows) == (10, 3)
    term.resize(100000, 100000)
    assert (term.columns, term.rows) == (1000, 500)


def test_selection_text_spans_rows() -> None:
    term = TerminalModel(20, 4)
    term.feed(b"first line\r\nsecond line\r\nthird")
    assert term.selection_text((6, 0), (5, 1)) == "line\nsecond"
    assert term.selection_text((5, 1), (6, 0)) == "line\nsecond"  # dragged upwards


def test_paste_turns_newlines_into_enter_and_honours_bracketed_paste() -> None:
    term = TerminalModel()
    assert term.paste_bytes("ls\nuname -a\r\n") == b"ls\runame -a\r"
    term.feed(b"\x1b[?2004h")
    assert term.bracketed_paste
    assert term.paste_bytes("a\nb") == b"\x1b[200~a\rb\x1b[201~"


def test_title_from_osc() -> None:
    term = TerminalModel()
    term.feed(b"\x1b]0;guest: ~\x07")
    assert term.title == "guest: ~"
