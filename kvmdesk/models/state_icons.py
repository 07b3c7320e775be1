"""Small state icons drawn with QPainter, so they follow the palette and scale on HiDPI."""

from __future__ import annotations

from functools import cache, partial

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap, QPolygonF

from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.painting import canvas, painted_icon
from kvmdesk.models.palette import Colour


def _draw(kind: str, color: QColor, size: int, ratio: float) -> QPixmap:
    pixmap, painter = canvas(size, ratio)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    s = float(size)
    if kind == "play":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(s * 0.25, s * 0.15),
                    QPointF(s * 0.85, s * 0.5),
                    QPointF(s * 0.25, s * 0.85),
                ]
            )
        )
    elif kind == "pause":
        painter.drawRoundedRect(QRectF(s * 0.2, s * 0.15, s * 0.22, s * 0.7), 1.5, 1.5)
        painter.drawRoundedRect(QRectF(s * 0.58, s * 0.15, s * 0.22, s * 0.7), 1.5, 1.5)
    elif kind == "stop":
        painter.drawRoundedRect(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6), 2, 2)
    elif kind == "cross":
        painter.setPen(color)
        pen = painter.pen()
        pen.setWidthF(s * 0.16)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(s * 0.25, s * 0.25), QPointF(s * 0.75, s * 0.75))
        painter.drawLine(QPointF(s * 0.75, s * 0.25), QPointF(s * 0.25, s * 0.75))
    else:
        painter.drawEllipse(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6))
    painter.end()
    return pixmap


@cache
def _icon(kind: str, color: str) -> QIcon:
    """One icon per shape and colour value, so a theme's icons are drawn once."""
    return painted_icon(partial(_draw, kind, QColor(color)))


def domain_state_icon(state: DomainState) -> QIcon:
    if state in (DomainState.RUNNING, DomainState.BLOCKED):
        return _icon("play", Colour.OK.hex())
    if state in (DomainState.PAUSED, DomainState.PMSUSPENDED):
        return _icon("pause", Colour.WARNING.hex())
    if state is DomainState.CRASHED:
        return _icon("cross", Colour.ERROR.hex())
    if state is DomainState.SHUTDOWN:
        return _icon("stop", Colour.WARNING.hex())
    return _icon("stop", Colour.INACTIVE.hex())


_CONNECTION_COLOURS = {
    ConnectionState.CONNECTED: Colour.OK,
    ConnectionState.CONNECTING: Colour.BUSY,
    ConnectionState.LOADING: Colour.BUSY,
    ConnectionState.RECONNECTING: Colour.WARNING,
    ConnectionState.ERROR: Colour.ERROR,
    ConnectionState.DISCONNECTED: Colour.INACTIVE,
}


def connection_state_icon(state: ConnectionState) -> QIcon:
    kind = "cross" if state is ConnectionState.ERROR else "dot"
    return _icon(kind, _CONNECTION_COLOURS[state].hex())
