"""Text contrast of a window as shown: each text colour against the background it sits on.

WCAG 2's contrast ratio (1 to 21) between a text colour and its background; body text
needs 4.5:1. The text colours are the ones the widgets paint with (their palette's
foreground after style sheets, the colours named in rich text, the model's foreground
role for item-view cells); the background of a label is measured on the rendered
widget (its most common colour), so a style-sheet banner or a framed notification
counts with its own background. Disabled widgets are left out (WCAG exempts them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)

from kvmdesk.ui.nic.mode_cards import ModePicture

BODY_TEXT = 4.5
GRAPHICS = 3.0  # WCAG 1.4.11: symbols such as the matrix's coloured dots
# A colour named in rich text, and what it colours (up to the next tag).
_RICH_COLOUR = re.compile(r"color\s*[:=]\s*[\"']?\s*(#[0-9a-fA-F]{6})[^>]*>([^<]*)")


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class LowContrast:
    widget: str
    text: str
    foreground: str
    background: str
    ratio: float
    needed: float

    def __str__(self) -> str:
        return (
            f"{self.widget} {self.text!r}: {self.foreground} on {self.background} "
            f"is {self.ratio:.2f}:1 (needs {self.needed}:1)"
        )


def rendered_background(widget: QWidget) -> QColor:
    """The colour most of ``widget``'s rendered pixels have: what its text sits on."""
    image = widget.grab().toImage()
    counts: Counter[int] = Counter()
    step = max(1, min(image.width(), image.height()) // 40)
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            counts[image.pixel(x, y)] += 1
    if not counts:
        return widget.palette().color(widget.backgroundRole())
    return QColor.fromRgba(counts.most_common(1)[0][0])


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '?'}"


def _shown(top: QWidget) -> Iterator[QWidget]:
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.isVisible() and widget.isEnabled() and widget.width() > 0:
            yield widget


def _check(
    widget: QWidget, text: str, foreground: QColor, background: QColor, needed: float = BODY_TEXT
) -> LowContrast | None:
    ratio = contrast(foreground, background)
    if ratio >= needed:
        return None
    return LowContrast(
        _name(widget), text[:40], foreground.name(), background.name(), ratio, needed
    )


def _label_colours(label: QLabel) -> list[tuple[QColor, float]]:
    """The label's colours, each with the contrast it needs (text, or a lone symbol)."""
    colours = [(label.palette().color(label.foregroundRole()), BODY_TEXT)]
    rich = label.textFormat() != Qt.TextFormat.PlainText and "<" in label.text()
    if rich:
        for hex_, content in _RICH_COLOUR.findall(label.text()):
            symbol = len(content.strip()) == 1 and not content.strip().isalnum()
            colours.append((QColor(hex_), GRAPHICS if symbol else BODY_TEXT))
    return colours


def _cell_colour(view: QAbstractItemView, index: QModelIndex) -> QColor:
    brush = index.data(Qt.ItemDataRole.ForegroundRole)
    if isinstance(brush, QBrush):
        return brush.color()
    if isinstance(brush, QColor):
        return brush
    return view.palette().color(QPalette.ColorRole.Text)


def _view_findings(view: QAbstractItemView) -> Iterator[LowContrast | None]:
    palette = view.palette()
    base = palette.color(QPalette.ColorRole.Base)
    alternate = palette.color(QPalette.ColorRole.AlternateBase)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    yield _check(view, "(selected row)", selected, highlight)
    model = view.model()
    if model is None:
        return
    root = view.rootIndex()
    for row in range(min(model.rowCount(root), 30)):
        columns = 1 if isinstance(view, QListView) else model.columnCount(root)
        for column in range(columns):
            index = model.index(row, column, root)
            text = index.data()
            if not isinstance(text, str) or not text:
                continue
            colour = _cell_colour(view, index)
            yield _check(view, text, colour, base)
            if view.alternatingRowColors():
                yield _check(view, text, colour, alternate)


def low_contrast_text(top: QWidget) -> list[LowContrast]:
    """Every shown text in ``top`` whose colour reads below 4.5:1 on its background."""
    found: list[LowContrast | None] = []
    for widget in _shown(top):
        palette = widget.palette()
        if isinstance(widget, QLabel) and widget.text().strip():
            background = rendered_background(widget)
            found += [
                _check(widget, widget.text(), colour, background, needed)
                for colour, needed in _label_colours(widget)
            ]
        elif isinstance(widget, QHeaderView):
            button = palette.color(QPalette.ColorRole.Button)
            found.append(_check(widget, "(header)", palette.color(widget.foregroundRole()), button))
        elif isinstance(widget, QAbstractItemView):
            found += list(_view_findings(widget))
        elif isinstance(widget, QPushButton) and widget.text():
            # Fusion fills a button with a gradient of its Button colour.
            background = palette.color(QPalette.ColorRole.Button)
            colour = palette.color(QPalette.ColorRole.ButtonText)
            found.append(_check(widget, widget.text(), colour, background))
        elif isinstance(widget, QAbstractButton) and widget.text():
            background = rendered_background(widget)
            colour = palette.color(widget.foregroundRole())
            found.append(_check(widget, widget.text(), colour, background))
        elif isinstance(widget, QLineEdit):
            base = palette.color(QPalette.ColorRole.Base)
            found.append(
                _check(widget, widget.text(), palette.color(QPalette.ColorRole.Text), base)
            )
            if widget.placeholderText() and not widget.text():
                placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
                found.append(_check(widget, widget.placeholderText(), placeholder, base))
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            button = palette.color(QPalette.ColorRole.Button)
            text = palette.color(QPalette.ColorRole.ButtonText)
            found.append(_check(widget, widget.currentText(), text, button))
        elif isinstance(widget, QGroupBox) and widget.title():
            background = rendered_background(widget)
            colour = palette.color(QPalette.ColorRole.WindowText)
            found.append(_check(widget, widget.title(), colour, background))
        elif isinstance(widget, ModePicture):
            # Its node labels: window text on base-coloured boxes, over the card.
            text = palette.color(QPalette.ColorRole.WindowText)
            found.append(
                _check(widget, "(node label)", text, palette.color(QPalette.ColorRole.Base))
            )
    return [finding for finding in found if finding is not None]
