"""The one tooltip/display helper: what Qt renders from it is the text, literally."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6 import QtGui
from PySide6.QtGui import QTextDocument

from kvmdesk.models.common import DISPLAY, TOOLTIP
from kvmdesk.models.text import (
    MAX_TOOLTIP_CHARS,
    MAX_WORD_CHARS,
    safe_message,
    safe_role,
    safe_tooltip,
    tab_text,
)


def _rendered(tooltip: str) -> str:
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_markup_stays_literal_in_a_tooltip() -> None:
    for text in ("<img src='/dev/zero'>", "<a href=file:etc>x</a>", "&lt;b&gt;", "<b>bold"):
        tooltip = safe_tooltip(text)
        assert QtGui.Qt.mightBeRichText(tooltip)  # rich text, whose content is escaped
        assert _rendered(tooltip) == text


def test_lines_are_kept_and_long_text_is_cut() -> None:
    assert _rendered(safe_tooltip("one\ntwo")) == "one\ntwo"
    long = _rendered(safe_tooltip("x" * 10_000))
    assert len(long) == MAX_TOOLTIP_CHARS and long.endswith("…")


def test_no_text_no_tooltip() -> None:
    assert safe_tooltip("") == "" and safe_tooltip(None) == ""


def test_safe_role_marks_display_and_escapes_tooltips_only() -> None:
    assert safe_role(DISPLAY, "a\u202eb") == "a[U+202E]b"
    assert _rendered(safe_role(TOOLTIP, "<b>x")) == "<b>x"
    assert safe_role(DISPLAY, 5) == 5
    assert safe_role(1000, "a\u202eb") == "a\u202eb"


def test_tab_text_keeps_ampersands() -> None:
    assert tab_text("a&b") == "a&&b"


@settings(max_examples=200)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
        max_size=MAX_TOOLTIP_CHARS - 1,
    )
)
def test_any_printable_text_renders_as_itself(text: str) -> None:
    # toPlainText() writes a no-break space as a space; the tooltip shows it as it is.
    shown = _rendered(safe_tooltip(text)).replace("\u2029", "\n")
    assert shown == text.replace("\xa0", " ")


def test_a_long_word_in_a_message_is_cut_so_it_can_wrap() -> None:
    text = safe_message("Delete “K9 " + "x" * 10_000 + "”?")
    assert max(len(word) for word in text.split()) == MAX_WORD_CHARS
    assert text.startswith("Delete “K9 x") and "…" in text
