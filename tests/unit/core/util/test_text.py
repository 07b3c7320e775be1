"""Hostile text made safe to show: terminal escapes (CLI) and visible markers (GUI)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kvmdesk.core.util.text import (
    escape_for_terminal,
    has_unsafe,
    mark_invisible,
    mark_invisible_lines,
    truncate,
)


def test_controls_are_escaped_as_virsh_does() -> None:
    assert escape_for_terminal("cr\rspoof") == "cr\\x0dspoof"
    assert escape_for_terminal("line1\nline2") == "line1\\x0aline2"
    assert escape_for_terminal("c1\x85\x9b") == "c1\\x85\\x9b"
    assert escape_for_terminal("esc\x1b[31m") == "esc\\x1b[31m"


def test_bidi_and_invisible_characters_are_escaped() -> None:
    assert escape_for_terminal("txt\u202eexe.doc") == "txt\\u202eexe.doc"
    assert escape_for_terminal("a\u200bb\u2066c\ufeff") == "a\\u200bb\\u2066c\\ufeff"


def test_undecodable_bytes_keep_their_value() -> None:
    # What surrogateescape makes of byte 0xff on a command line.
    assert escape_for_terminal("x\udcff") == "x\\udcff"


def test_ordinary_text_is_unchanged() -> None:
    for text in ("web-frontend", "Ünïcødé 网络", "a\\b", "<b>tag</b> & more"):
        assert escape_for_terminal(text) == text
        assert mark_invisible(text) == text
        assert not has_unsafe(text)


def test_markers_are_visible() -> None:
    assert mark_invisible("cr\rx\ny") == "cr[U+000D]x[U+000A]y"
    assert mark_invisible("txt\u202eexe") == "txt[U+202E]exe"
    assert mark_invisible("del\x7f") == "del[U+007F]"
    assert mark_invisible_lines("a\nb\tc\r") == "a\nb\tc[U+000D]"


def test_truncate_marks_the_cut() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 4) == "abc"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    assert not has_unsafe(mark_invisible(text))
    assert not has_unsafe(escape_for_terminal(text))
