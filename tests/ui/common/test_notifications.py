"""NotificationArea: a non-blocking stack at the bottom of the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kvmdesk.ui.common.notifications import (
    DEFAULT_MAX_VISIBLE,
    DEFAULT_TIMEOUTS_MS,
    Level,
    NotificationAction,
    NotificationArea,
)


class _Window(QWidget):
    """Stands in for the main window: the area sits at the bottom of its layout."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.area = NotificationArea(self, **kwargs)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.area)


MakeArea = Callable[..., NotificationArea]


@pytest.fixture
def make_area(qtbot: Any) -> Iterator[MakeArea]:
    windows: list[_Window] = []  # qtbot only holds weak references

    def make(**kwargs: Any) -> NotificationArea:
        window = _Window(**kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        return window.area

    yield make


def test_hidden_until_something_is_notified(make_area: MakeArea) -> None:
    area = make_area()
    assert not area.isVisibleTo(area.parentWidget())
    area.notify("Started", "web is running", Level.INFO)
    assert area.isVisibleTo(area.parentWidget())


def test_notify_stacks_newest_last_and_keeps_history(make_area: MakeArea) -> None:
    area = make_area()
    area.notify("Started", "web is running", Level.INFO)
    area.notify("Cannot connect", "unable to connect to server at '203.0.113.5:16509'", Level.ERROR)
    shown = area.visible_notifications()
    assert [n.title_label.text() for n in shown] == ["Started", "Cannot connect"]
    assert shown[1].level is Level.ERROR
    assert area.history == [
        ("Started", "web is running", Level.INFO),
        ("Cannot connect", "unable to connect to server at '203.0.113.5:16509'", Level.ERROR),
    ]


def test_message_is_plain_selectable_text(make_area: MakeArea) -> None:
    area = make_area()
    notification = area.notify("Define failed", "element <foo> not expected", Level.WARNING)
    assert notification.message_label.text() == "element <foo> not expected"
    assert notification.message_label.textFormat() == Qt.TextFormat.PlainText
    assert notification.message_label.wordWrap()
    flags = notification.message_label.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert notification.title_label.font().bold()


def test_at_most_five_visible_oldest_dropped(make_area: MakeArea) -> None:
    area = make_area()
    for i in range(7):
        area.notify(f"n{i}", "", Level.ERROR)
    assert [n.title_label.text() for n in area.visible_notifications()] == [
        "n2",
        "n3",
        "n4",
        "n5",
        "n6",
    ]
    assert len(area.history) == 7


def test_close_button_removes_the_notification(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area()
    first = area.notify("first", "", Level.ERROR)
    area.notify("second", "", Level.ERROR)
    qtbot.mouseClick(first.close_button, Qt.MouseButton.LeftButton)
    assert [n.title_label.text() for n in area.visible_notifications()] == ["second"]
    assert len(area.history) == 2


def test_area_hides_when_the_last_one_closes(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area()
    only = area.notify("only", "", Level.WARNING)
    qtbot.mouseClick(only.close_button, Qt.MouseButton.LeftButton)
    assert area.visible_notifications() == []
    assert not area.isVisibleTo(area.parentWidget())


def test_info_auto_dismisses_before_errors(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area(timeouts_ms={Level.INFO: 50, Level.ERROR: 300})
    area.notify("info", "", Level.INFO)
    area.notify("error", "", Level.ERROR)
    qtbot.waitUntil(lambda: len(area.visible_notifications()) == 1, timeout=2000)
    assert area.visible_notifications()[0].title_label.text() == "error"
    qtbot.waitUntil(lambda: area.visible_notifications() == [], timeout=2000)
    assert [record.title for record in area.history] == ["info", "error"]


def test_zero_timeout_stays_until_closed(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area(timeouts_ms={Level.INFO: 0})
    area.notify("sticky", "", Level.INFO)
    qtbot.wait(100)
    assert len(area.visible_notifications()) == 1


def test_default_timeouts() -> None:
    assert DEFAULT_TIMEOUTS_MS[Level.INFO] == 6_000
    assert DEFAULT_TIMEOUTS_MS[Level.ERROR] == 20_000


# The offscreen platform warns on every shown top-level window; nothing to fix here.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_shown_in_a_visible_window(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area()
    window = area.window()
    window.show()
    qtbot.waitExposed(window)
    notification = area.notify("Started", "web is running", Level.INFO)
    assert notification.isVisible()
    assert area.isVisible()


def test_actions_are_buttons_that_run_and_close(make_area: MakeArea, qtbot: Any) -> None:
    ran: list[str] = []
    area = make_area()
    offer = area.notify(
        "Interrupted",
        "Finish it or undo it?",
        Level.WARNING,
        actions=[
            NotificationAction("Finish", lambda: ran.append("finish"), "finish"),
            NotificationAction("Undo", lambda: ran.append("undo")),
        ],
    )
    assert [b.text() for b in offer.action_buttons] == ["Finish", "Undo"]
    for _ in range(DEFAULT_MAX_VISIBLE):  # plain ones make room first: the offer stays
        area.notify("plain", "", Level.ERROR)
    assert offer in area.visible_notifications()
    qtbot.mouseClick(offer.action_buttons[0], Qt.MouseButton.LeftButton)
    assert ran == ["finish"]
    assert offer not in area.visible_notifications()


def test_wrapped_text_is_never_clipped_in_a_narrow_window(make_area: MakeArea, qtbot: Any) -> None:
    area = make_area()
    text = "\n".join(f"Line {n}: the connection was lost during a long operation" for n in range(4))
    shown = area.notify("A title long enough to wrap in a narrow window", text, Level.WARNING)
    window = area.window()
    window.resize(260, 700)
    window.show()
    qtbot.waitExposed(window)
    for label in (shown.title_label, shown.message_label):
        qtbot.waitUntil(lambda label=label: label.height() >= label.heightForWidth(label.width()))
