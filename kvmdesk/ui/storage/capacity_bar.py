"""The pool table's capacity column: a bar of how full the pool is, behind its size."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kvmdesk.models.common import AnyIndex
from kvmdesk.models.palette import Colour
from kvmdesk.models.storage_model import StorageRole

FULL = 0.9  # from here the bar warns


class CapacityBarDelegate(QStyledItemDelegate):
    """Fills the cell's width by the pool's used fraction; the warning colour when nearly full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        fraction = index.data(StorageRole.USED_FRACTION)
        text = index.data() or ""
        if not isinstance(fraction, float) or not text:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget is not None else None
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget
            )
        palette: QPalette = option.palette
        cell = QRectF(option.rect).adjusted(4, 0, -4, 0)
        text_width = option.fontMetrics.horizontalAdvance(text) + 8
        # The bar sits left of the size, so the text never lies on the bar.
        rect = QRectF(
            cell.left(), cell.top() + 5, max(cell.width() - text_width, 10), cell.height() - 10
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, 3, 3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if fraction >= FULL:
            fill = Colour.WARNING.qcolor(palette)
        elif selected:  # the row is drawn in the highlight colour already
            fill = QColor(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
        fill.setAlpha(110 if selected else 150)
        painter.setBrush(fill)
        painter.drawRoundedRect(
            QRectF(rect.left(), rect.top(), rect.width() * fraction, rect.height()), 3, 3
        )
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        painter.drawText(
            cell,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width() + 70, 160), hint.height())
