"""Every control of every window and dialog can be found by a screen reader and by Tab.

The scenes (tests/helpers/layout_scenes.py) open each window and dialog through the
real app on the demo. In each state, every visible control has an accessible name (its
text, its label's buddy text, or one set for it), and every control that takes focus
by Tab is in the window's focus chain once, visited in reading order inside each group.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from kvmdesk.app import Application
from tests.helpers.layout_scenes import SCENES
from tests.helpers.qt_async import AsyncRunner

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QMenu,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)


def _controls(window: QWidget) -> list[QWidget]:
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(window):
            continue
        if widget.window() is not window or widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (scroll bars' buttons, spin box internals …)
        if isinstance(widget, (QScrollBar, QHeaderView)):
            continue  # parts of their view, which a screen reader reads as a whole
        if isinstance(widget.parentWidget(), (QLineEdit, QAbstractSpinBox, QComboBox)):
            continue  # a field's own buttons (the clear button), named by Qt's field
        found.append(widget)
    return found


def _name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _describe(widget: QWidget) -> str:
    parent = widget.parentWidget()
    where = f" in {type(parent).__name__} {parent.objectName()}" if parent is not None else ""
    return f"{type(widget).__name__} {widget.objectName() or '(no object name)'}{where}"


def _tab_chain(window: QWidget) -> list[QWidget]:
    chain = []
    widget = window.nextInFocusChain()
    while widget is not window and len(chain) < 10_000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


@pytest.mark.parametrize("scene", list(SCENES))
def test_every_control_has_a_name_and_a_place_in_the_tab_order(
    demo_app: Application, runner: AsyncRunner, scene: str
) -> None:
    problems = []
    for name, window, _cells in SCENES[scene](demo_app, runner):
        controls = _controls(window)
        for control in controls:
            if not _name(control):
                problems.append(f"{name}: {_describe(control)} has no accessible name")
        chain = _tab_chain(window)
        for control in controls:
            takes_tab = control.focusPolicy() & Qt.FocusPolicy.TabFocus and control.isEnabled()
            if takes_tab and chain.count(control) != 1:
                problems.append(f"{name}: {_describe(control)} is not in the Tab order")
        # Inside one parent, Tab goes down the page (and left to right on a line).
        tabbable = [
            widget
            for widget in chain
            if widget in controls
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isEnabled()
        ]
        for before, after in itertools.pairwise(tabbable):
            if before.parentWidget() is not after.parentWidget():
                continue
            a = before.mapTo(window, QPoint(0, 0))
            b = after.mapTo(window, QPoint(0, 0))
            if b.y() + after.height() <= a.y():  # wholly above the one before it
                problems.append(
                    f"{name}: Tab goes up from {_describe(before)} to {_describe(after)}"
                )
    assert not problems, "\n".join(problems)


def test_every_menu_action_has_its_own_shortcut(demo_app: Application) -> None:
    """Every command the menus offer has keys, shown in the menu, and no two share them."""
    seen: dict[str, str] = {}
    missing = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu())
                continue
            group = action.actionGroup()
            if group is not None and group.isExclusive():
                continue  # one of a set of choices (a language, a theme): no command
            keys = action.shortcut().toString()
            if not keys:
                missing.append(action.text())
            else:
                assert keys not in seen, f"{keys}: {seen.get(keys)} and {action.text()}"
                seen[keys] = action.text()

    for top in demo_app.window.menuBar().actions():
        menu = top.menu()
        assert menu is not None
        walk(menu)
    assert not missing
    assert len(seen) >= 20
