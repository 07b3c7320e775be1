"""The CPU column: a usage bar with a sparkline of recent samples behind the number."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kvmdesk.core.types.snapshots import DomainStats
from kvmdesk.models.common import AnyIndex
from kvmdesk.models.domain_model import DomainRole


class CpuSparklineDelegate(QStyledItemDelegate):
    """Draws the last samples as a filled sparkline and the current value as text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        stats = index.data(DomainRole.STATS)
        if not isinstance(stats, DomainStats) or not stats.cpu_history:
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
        rect = QRectF(option.rect).adjusted(3, 4, -3, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        line = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        )
        fill = QColor(line)
        fill.setAlpha(60)
        samples = stats.cpu_history[-30:]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        step = rect.width() / max(len(samples) - 1, 1)
        path = QPainterPath(QPointF(rect.left(), rect.bottom()))
        for number, value in enumerate(samples):
            y = rect.bottom() - rect.height() * max(0.0, min(value, 100.0)) / 100.0
            path.lineTo(QPointF(rect.left() + step * number, y))
        path.lineTo(QPointF(rect.left() + step * (len(samples) - 1), rect.bottom()))
        path.closeSubpath()
        painter.fillPath(path, fill)
        painter.setPen(line)
        painter.drawPath(path)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(text)
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), index.data()
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 90), hint.height())
