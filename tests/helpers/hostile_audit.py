"""An audit of everything a window shows, as Qt renders it, against the hostile strings.

:func:`audit` walks widgets (labels, tooltips, message boxes, item views with every
index, combos, tabs, buttons, window titles) and returns what is wrong: rich text that
loads an image or makes a link, hostile markup (tests/helpers/hostile_text.py) that did
not stay literal, or a raw control or bidi character reaching the screen.
"""

from __future__ import annotations

import re

from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabBar,
    QWidget,
)

from tests.helpers.hostile_text import ALL

# Characters that must never reach the screen raw: controls and bidi/invisible ones.
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class _ProbeDocument(QTextDocument):
    """A document that records every resource (image) its HTML asks for, loading none."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> object:
        self.requested.append(name.toString())
        return None


def rendered(
    text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText
) -> tuple[str, list[str]]:
    """What Qt shows for ``text``: its plain text and the problems of its rich text."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text, []
    document = _ProbeDocument()
    document.setHtml(text)
    document.setTextWidth(400)
    document.size()  # lays it out: images are asked for now
    problems = [f"loads {name!r}" for name in document.requested]
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                problems.append(f"image {char_format.toImageFormat().name()!r}")
            if char_format.isAnchor() or char_format.anchorHref():
                problems.append(f"link {char_format.anchorHref()!r}")
            iterator += 1
        block = block.next()
    return document.toPlainText(), problems


def _check(where: str, text: str, text_format: Qt.TextFormat, found: list[str]) -> None:
    if not text:
        return
    plain, problems = rendered(text, text_format)
    found.extend(f"{where}: {problem} in {text[:80]!r}" for problem in problems)
    raw = _RAW.search(plain.replace("\u2029", "\n").replace("\u2028", "\n"))
    if raw is not None:
        found.append(f"{where}: raw U+{ord(raw.group(0)):04X} shown in {plain[:80]!r}")
    for hostile in ALL:
        interpreted = hostile.literal + hostile.tag not in plain
        if hostile.literal and re.search(rf"{hostile.tag}\b", plain) and interpreted:
            found.append(f"{where}: markup of {hostile.tag} was interpreted: {plain[:80]!r}")


def _check_model(where: str, view: QAbstractItemView, found: list[str]) -> None:
    model = view.model()
    if model is None:
        return

    def columns(parent: QModelIndex) -> int:
        try:
            return model.columnCount(parent)
        except TypeError:  # a list model (QListWidget's) keeps columnCount private
            return 1

    for column in range(columns(QModelIndex())):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            _check(f"{where} header", header, Qt.TextFormat.PlainText, found)
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                display = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(display, str):
                    # A view paints its display role as plain text.
                    _check(f"{where} [{row},{column}]", display, Qt.TextFormat.PlainText, found)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    _check(f"{where} [{row},{column}] tooltip", tip, Qt.TextFormat.AutoText, found)
            first = model.index(row, 0, parent)
            if columns(first) and _has_rows(model, first):
                pending.append(first)


def _mnemonic_free(text: str) -> str:
    """A button's or tab's text as shown: "&&" is one "&", a single "&" marks a shortcut."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _has_rows(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.rowCount(index) > 0
    except TypeError:
        return False


def audit(widgets: list[QWidget]) -> list[str]:
    """Everything wrong with what ``widgets`` and their children show (see the module)."""
    found: list[str] = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            where = f"{type(top).__name__}/{type(widget).__name__}:{widget.objectName()}"
            _check(f"{where} title", widget.windowTitle(), Qt.TextFormat.PlainText, found)
            _check(f"{where} tooltip", widget.toolTip(), Qt.TextFormat.AutoText, found)
            if isinstance(widget, QLabel):
                _check(where, widget.text(), widget.textFormat(), found)
                if widget.openExternalLinks():
                    found.append(f"{where}: opens external links")
            elif isinstance(widget, QAbstractButton):
                _check(where, _mnemonic_free(widget.text()), Qt.TextFormat.PlainText, found)
            elif isinstance(widget, QGroupBox):
                _check(where, widget.title(), Qt.TextFormat.PlainText, found)
            elif isinstance(widget, QComboBox):
                for item in range(widget.count()):
                    _check(
                        f"{where} item {item}",
                        widget.itemText(item),
                        Qt.TextFormat.PlainText,
                        found,
                    )
            elif isinstance(widget, QTabBar):
                for tab in range(widget.count()):
                    _check(
                        f"{where} tab {tab}",
                        _mnemonic_free(widget.tabText(tab)),
                        Qt.TextFormat.PlainText,
                        found,
                    )
                    _check(
                        f"{where} tab tip", widget.tabToolTip(tab), Qt.TextFormat.AutoText, found
                    )
            elif isinstance(widget, QAbstractItemView):
                _check_model(where, widget, found)
            if isinstance(widget, QMessageBox) and widget.textFormat() != Qt.TextFormat.PlainText:
                found.append(f"{where}: message box text format {widget.textFormat()}")
    return found
