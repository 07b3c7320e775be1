"""Small icons for host interface kinds, drawn with QPainter like the state icons.

Ethernet is a socket, a bridge an arch over its piers, a bond two linked lines and a
VLAN a tag: shapes that differ in outline, so they read apart in any palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, partial

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from kvmdesk.core.hostnet.model import InterfaceKind
from kvmdesk.models.painting import canvas, painted_icon
from kvmdesk.models.palette import Colour

_COLORS: dict[str, Colour] = {
    "ethernet": Colour.INTERFACE_ETHERNET,
    "bridge": Colour.INTERFACE_BRIDGE,
    "bond": Colour.INTERFACE_BOND,
    "vlan": Colour.INTERFACE_VLAN,
    "other": Colour.INTERFACE_OTHER,
}


def _draw_outline(painter: QPainter, s: float, points: Sequence[tuple[float, float]]) -> None:
    """A closed outline through ``points``, given as fractions of the icon's size ``s``."""
    path = QPainterPath()
    (x, y), *rest = points
    path.moveTo(s * x, s * y)
    for x, y in rest:
        path.lineTo(s * x, s * y)
    path.closeSubpath()
    painter.drawPath(path)


def _draw(kind: str, color: QColor, size: int, ratio: float) -> QPixmap:
    pixmap, painter = canvas(size, ratio)
    s = float(size)
    pen = QPen(color)
    pen.setWidthF(max(1.0, s * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "ethernet":
        _draw_outline(
            painter,
            s,
            [
                (0.15, 0.3),
                (0.85, 0.3),
                (0.85, 0.7),
                (0.65, 0.7),
                (0.65, 0.85),
                (0.35, 0.85),
                (0.35, 0.7),
                (0.15, 0.7),
            ],
        )
    elif kind == "bridge":
        painter.drawLine(QPointF(s * 0.1, s * 0.45), QPointF(s * 0.9, s * 0.45))
        painter.drawArc(QRectF(s * 0.2, s * 0.45, s * 0.6, s * 0.7), 0, 180 * 16)
        painter.drawLine(QPointF(s * 0.2, s * 0.45), QPointF(s * 0.2, s * 0.85))
        painter.drawLine(QPointF(s * 0.8, s * 0.45), QPointF(s * 0.8, s * 0.85))
    elif kind == "bond":
        painter.drawLine(QPointF(s * 0.15, s * 0.3), QPointF(s * 0.6, s * 0.3))
        painter.drawLine(QPointF(s * 0.15, s * 0.7), QPointF(s * 0.6, s * 0.7))
        painter.drawLine(QPointF(s * 0.6, s * 0.3), QPointF(s * 0.6, s * 0.7))
        painter.drawLine(QPointF(s * 0.6, s * 0.5), QPointF(s * 0.9, s * 0.5))
    elif kind == "vlan":
        _draw_outline(
            painter, s, [(0.15, 0.25), (0.6, 0.25), (0.88, 0.5), (0.6, 0.75), (0.15, 0.75)]
        )
        painter.setBrush(color)
        painter.drawEllipse(QPointF(s * 0.32, s * 0.5), s * 0.05, s * 0.05)
    else:
        painter.drawEllipse(QRectF(s * 0.25, s * 0.25, s * 0.5, s * 0.5))
    painter.end()
    return pixmap


def interface_kind_icon(kind: InterfaceKind) -> QIcon:
    return _kind_icon(kind, _COLORS.get(kind, _COLORS["other"]).hex())


@cache
def _kind_icon(kind: str, color: str) -> QIcon:
    """One icon per kind and colour value, so a theme's icons are drawn once."""
    return painted_icon(partial(_draw, kind, QColor(color)))
