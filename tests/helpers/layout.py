"""A layout checker for shown windows: clipped text, overlapping siblings, squashed widgets.

:func:`layout_findings` walks every visible descendant of a shown top-level widget (its
own window only: a dialog on top is a window of its own, checked on its own) and
reports what a user would see as broken:

- **clipped**: text that does not fit where it is drawn (and a page of a resizable
  scroll area scrolled sideways because the area is too narrow): labels (word-wrap aware, rich
  text measured as a document), button, check box and radio button texts, group-box
  titles, line-edit placeholders (Qt elides those), a combo box's current text, tab-bar
  tabs and header sections. Cells of item views may be elided by design; name the
  columns that must not be with ``cells``.
- **overlap**: two visible siblings whose geometries intersect, or a child sticking out
  of its parent (cut by the parent's edge). The contents of a scroll area's viewport
  scroll by design and are exempt from the edge rule.
- **squashed**: a widget laid out smaller than its ``minimumSizeHint`` (for fixed-height
  controls such as spin boxes, line edits and combo boxes: lower than their
  ``sizeHint``).

Each finding names the widget (class, objectName, text and the path of named parents)
and the numbers, so a failing test says what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionGroupBox,
    QTabBar,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

_BIG = 1 << 20
# QLineEdit draws its text this far inside the contents rect (qlineedit_p.h).
_LINE_EDIT_MARGIN = 2
_MNEMONIC = re.compile(r"&(.)")


@dataclass(frozen=True)
class Finding:
    """One defect: its kind (clipped, overlap, squashed), the widget, and the numbers."""

    kind: str
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget}: {self.detail}"


# ----------------------------------------------------------------- naming


def _short_text(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _name(widget: QWidget) -> str:
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    return name


def describe(widget: QWidget) -> str:
    """``window > named parent > Class#objectName 'text'``: enough to find it in the code."""
    parents = []
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() and not parent.objectName().startswith("qt_"):
            parents.append(_name(parent))
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    text = _short_text(widget)
    own = _name(widget) + (f" {text!r}" if text else "")
    return " > ".join([*reversed(parents), own])


def _size(size: QSize) -> str:
    return f"{size.width()}×{size.height()} px"


# ------------------------------------------------------------------ walking


def _shown_descendants(top: QWidget) -> list[QWidget]:
    """Visible descendants drawn in ``top``'s own window, parents before children.

    Collected before any is measured: measuring may make and drop Qt's helper widgets.
    """
    found: list[QWidget] = []
    stack = [top]
    while stack:
        widget = stack.pop()
        for child in reversed(widget.children()):
            if not isinstance(child, QWidget) or not isValid(child):
                continue
            if child.isWindow() or not child.isVisible():
                continue
            if child.width() <= 0 or child.height() <= 0:
                continue
            found.append(child)
            stack.append(child)
    return found


def _is_viewport(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: its place is the scroll position's business."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if _is_viewport(parent):
            return True
        parent = parent.parentWidget()
    return False


# --------------------------------------------------------------- text fits


def _plain(text: str) -> str:
    """Button and group-box text as drawn: ``&&`` is ``&``, a single ``&`` marks a mnemonic."""
    return _MNEMONIC.sub(lambda match: match.group(1), text)


def _clipped(widget: QWidget, what: str, need: QSize, room: QSize) -> Finding | None:
    if need.width() <= room.width() and need.height() <= room.height():
        return None
    return Finding("clipped", describe(widget), f"{what} needs {_size(need)}, has {_size(room)}")


def _label_need(label: QLabel, room: QRect) -> QSize:
    text = label.text()
    if label.buddy() is not None:
        text = _plain(text)  # with a buddy, "&" marks the shortcut and is not drawn
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        if label.wordWrap():
            document.setTextWidth(room.width())
            return QSize(int(document.idealWidth() + 0.999), int(document.size().height() + 0.999))
        return QSize(int(document.idealWidth() + 0.999), int(document.size().height() + 0.999))
    # Measured top-aligned: centred in the huge measuring box, a font whose glyphs reach a
    # fraction of a pixel past its line height (the CJK fonts) rounds up by a pixel there,
    # which it does not in the label, whose sizeHint() is the top-aligned height.
    horizontal = label.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
    flags = (int(horizontal.value) | int(Qt.AlignmentFlag.AlignTop.value)) | int(
        Qt.TextFlag.TextExpandTabs.value
    )
    width = _BIG
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap.value)
        width = room.width()
    rect = label.fontMetrics().boundingRect(QRect(0, 0, width, _BIG), flags, text)
    return rect.size()


def _label_finding(label: QLabel) -> Finding | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect()
    margin = label.margin()
    room = room.adjusted(margin, margin, -margin, -margin)
    indent = label.indent()
    if indent > 0:
        room.setWidth(room.width() - indent)
    return _clipped(label, "text", _label_need(label, room), room.size())


def _icon_width(button: QAbstractButton) -> int:
    if button.icon().isNull():
        return 0
    return button.iconSize().width() + 4


def _button_finding(button: QAbstractButton) -> Finding | None:
    text = _plain(button.text())
    if not text:
        return None
    metrics = button.fontMetrics()
    style = button.style()
    if isinstance(button, (QCheckBox, QRadioButton)):
        option = QStyleOptionButton()
        option.initFrom(button)
        option.text = button.text()
        option.icon = button.icon()
        option.iconSize = button.iconSize()
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        room = style.subElementRect(element, option, button)
    elif isinstance(button, QPushButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        option.text = button.text()
        room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        if button.menu() is not None:
            room.setWidth(
                room.width() - style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
            )
    elif isinstance(button, QToolButton):
        if button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            return None
        # Tool buttons size to their contents: less than that cuts the text.
        return _clipped(button, "button", button.sizeHint(), button.size())
    else:
        return None
    need = QSize(metrics.horizontalAdvance(text) + _icon_width(button), metrics.height())
    return _clipped(button, "text", need, room.size())


def _group_finding(box: QGroupBox) -> Finding | None:
    title = _plain(box.title())
    if not title:
        return None
    option = QStyleOptionGroupBox()
    option.initFrom(box)
    option.text = box.title()
    option.lineWidth = 1
    option.midLineWidth = 0
    option.textAlignment = box.alignment()
    option.subControls = QStyle.SubControl.SC_GroupBoxFrame | QStyle.SubControl.SC_GroupBoxLabel
    if box.isCheckable():
        option.subControls |= QStyle.SubControl.SC_GroupBoxCheckBox
    room = box.style().subControlRect(
        QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, box
    )
    visible = room.intersected(box.rect())
    metrics = box.fontMetrics()
    need = QSize(metrics.horizontalAdvance(title), metrics.height())
    return _clipped(box, "title", need, visible.size())


def _line_edit_room(edit: QLineEdit) -> int:
    option = QStyleOptionFrame()
    option.initFrom(edit)
    option.lineWidth = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    width = room.width() - margins.left() - margins.right() - 2 * _LINE_EDIT_MARGIN
    # Side widgets (the clear button, action icons) take their share from the text.
    for child in edit.findChildren(QToolButton):
        if child.isVisible() and child.parentWidget() is edit:
            width -= child.width()
    return width


def _line_edit_finding(edit: QLineEdit) -> Finding | None:
    text = edit.text() or edit.placeholderText()
    if not text or edit.echoMode() != QLineEdit.EchoMode.Normal:
        return None
    what = "text" if edit.text() else "placeholder"
    metrics = edit.fontMetrics()
    need = QSize(metrics.horizontalAdvance(text), metrics.height())
    room = QSize(_line_edit_room(edit), edit.height())
    return _clipped(edit, what, need, room)


def _combo_finding(combo: QComboBox) -> Finding | None:
    text = combo.currentText()
    if not text or combo.isEditable():  # an editable combo's line edit is checked as one
        return None
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.currentText = text
    option.editable = False
    option.frame = combo.hasFrame()
    room = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = combo.fontMetrics()
    icon = combo.itemIcon(combo.currentIndex())
    extra = 0 if icon.isNull() else combo.iconSize().width() + 4
    need = QSize(metrics.horizontalAdvance(text) + extra, metrics.height())
    return _clipped(combo, "current text", need, room.size())


def _tab_findings(bar: QTabBar) -> Iterator[Finding]:
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        need, room = bar.tabSizeHint(index), bar.tabRect(index).size()
        if need.width() > room.width() or need.height() > room.height():
            yield Finding(
                "clipped",
                describe(bar),
                f"tab {bar.tabText(index)!r} needs {_size(need)}, has {_size(room)}",
            )


def _header_findings(header: QHeaderView) -> Iterator[Finding]:
    model = header.model()
    if model is None:
        return
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    extent = header.width() if horizontal else header.height()
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        start = header.sectionViewportPosition(logical)
        size = header.sectionSize(logical)
        if start < 0 or start + size > extent:
            continue  # scrolled (partly) out of view: the scroll bar says there is more
        text = str(model.headerData(logical, header.orientation()) or "")
        need = header.sectionSizeFromContents(logical)
        have = need.width() if horizontal else need.height()
        if text and size < have:
            yield Finding(
                "clipped",
                describe(header),
                f"section {text!r} needs {have} px, has {size} px",
            )


def _cell_findings(view: QAbstractItemView, column: int) -> Iterator[Finding]:
    """Every on-screen cell of ``column`` whose text does not fit its column."""
    model = view.model()
    if model is None:
        return
    viewport = view.viewport().rect()
    for row in range(model.rowCount()):
        index = model.index(row, column)
        rect = view.visualRect(index)
        if not rect.isValid() or not rect.intersects(viewport):
            continue
        need = view.sizeHintForIndex(index).width()
        shown = rect.intersected(viewport).width()  # a column cut by the viewport's edge
        if need > shown:
            yield Finding(
                "clipped",
                describe(view),
                f"cell ({row}, {column}) {index.data()!r} needs {need} px, shows {shown} px",
            )


def _scroll_area_finding(area: QScrollArea) -> Finding | None:
    """A resizable scroll area scrolling sideways: its page is cut at the right edge."""
    page = area.widget()
    if page is None or not area.widgetResizable():
        return None
    if not area.horizontalScrollBar().isVisible():
        return None
    need = page.minimumSizeHint().expandedTo(page.minimumSize())
    return Finding(
        "clipped",
        describe(area),
        f"page needs {need.width()} px wide, the viewport has {area.viewport().width()} px",
    )


def _text_findings(widget: QWidget) -> Iterator[Finding]:
    finding: Finding | None = None
    if isinstance(widget, QScrollArea):
        finding = _scroll_area_finding(widget)
    elif isinstance(widget, QLabel):
        finding = _label_finding(widget)
    elif isinstance(widget, QAbstractButton):
        finding = _button_finding(widget)
    elif isinstance(widget, QGroupBox):
        finding = _group_finding(widget)
    elif isinstance(widget, QLineEdit):
        finding = _line_edit_finding(widget)
    elif isinstance(widget, QComboBox):
        finding = _combo_finding(widget)
    elif isinstance(widget, QTabBar):
        yield from _tab_findings(widget)
    elif isinstance(widget, QHeaderView):
        yield from _header_findings(widget)
    if finding is not None:
        yield finding


# ---------------------------------------------------------------- geometry


def _overlap_findings(parent: QWidget) -> Iterator[Finding]:
    children = [
        child
        for child in parent.children()
        if isinstance(child, QWidget)
        and isValid(child)
        and not child.isWindow()
        and child.isVisible()
        and child.width() > 0
        and child.height() > 0
    ]
    for position, first in enumerate(children):
        for second in children[position + 1 :]:
            common = first.geometry().intersected(second.geometry())
            if common.width() > 0 and common.height() > 0:
                yield Finding(
                    "overlap",
                    describe(first),
                    f"overlaps {describe(second)} by {_size(common.size())} "
                    f"at ({common.x()}, {common.y()})",
                )
    if _is_viewport(parent) or isinstance(parent, QAbstractScrollArea):
        return
    bounds = parent.rect()
    for child in children:
        if not bounds.contains(child.geometry()):
            geometry = child.geometry()
            yield Finding(
                "overlap",
                describe(child),
                f"sticks out of its parent {describe(parent)}: "
                f"({geometry.x()}, {geometry.y()}) {_size(geometry.size())} "
                f"in {_size(bounds.size())}",
            )


_FIXED_HEIGHT = (QAbstractSpinBox, QLineEdit, QComboBox, QPushButton, QCheckBox, QRadioButton)


def _squash_finding(widget: QWidget) -> Finding | None:
    if isinstance(widget, (QLabel, QHeaderView)) or _scrolled(widget):
        # Labels: their text is checked. Headers: sized by their view (their minimum
        # size hint is a square). Scrolled contents: sized by the scroll area.
        return None
    if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox, QLineEdit)):
        # The editor inside a spin or combo box, a line edit's icon buttons: placed by
        # their owner, which is checked itself.
        return None
    policy = widget.sizePolicy()
    ignored = QSizePolicy.Policy.Ignored
    need = widget.minimumSizeHint()
    if isinstance(widget, _FIXED_HEIGHT):
        need = QSize(need.width(), max(need.height(), widget.sizeHint().height()))
    need = need.expandedTo(widget.minimumSize())
    if not isinstance(widget, _FIXED_HEIGHT):
        # A list or text view may be capped below its hint on purpose; a spin box's
        # natural height is the least its frame and text need, whatever caps it.
        need = need.boundedTo(widget.maximumSize())
    short_w = policy.horizontalPolicy() != ignored and 0 < widget.width() < need.width()
    short_h = policy.verticalPolicy() != ignored and 0 < widget.height() < need.height()
    if not (short_w or short_h):
        return None
    return Finding(
        "squashed", describe(widget), f"needs at least {_size(need)}, has {_size(widget.size())}"
    )


# -------------------------------------------------------------------- API


def layout_findings(
    top: QWidget, *, cells: Mapping[QAbstractItemView, Iterable[int]] | None = None
) -> list[Finding]:
    """Everything wrong with how ``top`` (shown) lays out its visible widgets.

    ``cells`` names item-view columns whose cell text must fit (elsewhere cells may
    elide by design).
    """
    findings: list[Finding] = []
    findings.extend(_overlap_findings(top))
    for widget in _shown_descendants(top):
        if not isValid(widget):
            continue
        findings.extend(_text_findings(widget))
        findings.extend(_overlap_findings(widget))
        squashed = _squash_finding(widget)
        if squashed is not None:
            findings.append(squashed)
    for view, columns in (cells or {}).items():
        for column in columns:
            findings.extend(_cell_findings(view, column))
    return findings


def format_findings(where: str, findings: Iterable[Finding]) -> str:
    """One line per finding under a heading, for an assertion message."""
    lines = [str(finding) for finding in findings]
    return f"{where}: {len(lines)} layout defect(s)\n  " + "\n  ".join(lines)
