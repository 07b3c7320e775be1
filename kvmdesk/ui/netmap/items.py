"""The map's graphics items: a box per node, a curve per link, a frame per group of VMs.

Every text is drawn with ``drawText`` (plain characters, never markup), elided to
the box, with the whole name in a tooltip made by ``safe_tooltip``. Colours come
from the named palette: a network mode's hue for what carries that mode, the
interface colours for host interfaces, INACTIVE for what is stopped or down.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from kvmdesk.core.netmap.graph import Edge, Kind, Node
from kvmdesk.core.netmap.layout import Box
from kvmdesk.models.palette import Colour, mode_colour
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.netmap import words

MAX_TEXT_WIDTH = 200.0
PADDING = 8.0
STRIPE = 5.0
DIMMED_OPACITY = 0.5
CLICKABLE = (Kind.NIC, Kind.NETWORK, Kind.BOND)

_INTERFACE_COLOURS = {
    Kind.BRIDGE: Colour.INTERFACE_BRIDGE,
    Kind.VLAN: Colour.INTERFACE_VLAN,
    Kind.BOND: Colour.INTERFACE_BOND,
    Kind.PORT: Colour.INTERFACE_ETHERNET,
}


def node_colour(node: Node, palette: QPalette) -> QColor:
    """The node's outline and stripe colour."""
    if not node.active and node.kind is not Kind.VM:
        return Colour.INACTIVE.qcolor(palette)
    if node.kind is Kind.VM:
        return palette.color(QPalette.ColorRole.WindowText)
    if node.kind in _INTERFACE_COLOURS and node.mode is None:
        return _INTERFACE_COLOURS[node.kind].qcolor(palette)
    return mode_colour(node.mode).qcolor(palette)


def title_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setBold(True)
    return font


def small_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(6.5, base.pointSizeF() * 0.85))
    return font


class Metrics:
    """Text sizes for the map's fonts (the layout asks for each box's size)."""

    def __init__(self, base: QFont) -> None:
        self.base = QFont(base)
        self.title = title_font(base)
        self.small = small_font(base)
        self.title_metrics = QFontMetricsF(self.title)
        self.base_metrics = QFontMetricsF(self.base)
        self.small_metrics = QFontMetricsF(self.small)

    def size(self, node: Node) -> tuple[float, float]:
        if node.kind is Kind.NIC:
            width = self.base_metrics.horizontalAdvance(words.title(node))
            return (
                min(width, MAX_TEXT_WIDTH) + 2 * PADDING + STRIPE,
                self.base_metrics.height() + 8,
            )
        first = self.title_metrics.horizontalAdvance(words.title(node))
        second = self.small_metrics.horizontalAdvance(words.subtitle(node))
        width = min(max(first, second, 40.0), MAX_TEXT_WIDTH) + 2 * PADDING + STRIPE
        height = self.title_metrics.height() + self.small_metrics.height() + 10
        return (width, height)


class NodeItem(QGraphicsItem):
    """One box; clicking a NIC, network or bond asks the scene to open its editor."""

    def __init__(self, node: Node, box: Box, metrics: Metrics) -> None:
        super().__init__()
        self.metrics = metrics
        self.node = node
        self._rect = QRectF()
        self._pressed = False
        self.setZValue(2)
        self.update_node(node, box)

    def update_node(self, node: Node, box: Box) -> None:
        if QRectF(0, 0, box.width, box.height) != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(0, 0, box.width, box.height)
        self.node = node
        self.setPos(box.x, box.y)
        dimmed = (node.kind in (Kind.VM, Kind.NIC)) and not node.active
        self.setOpacity(DIMMED_OPACITY if dimmed else 1.0)
        self.setToolTip(safe_tooltip(words.tooltip(node)))
        clickable = node.kind in CLICKABLE and (node.kind is not Kind.NETWORK or node.known)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        self.setAcceptedMouseButtons(
            Qt.MouseButton.LeftButton if clickable else Qt.MouseButton.NoButton
        )
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1.5, -1.5, 1.5, 1.5)

    def text_rects(self) -> list[QRectF]:
        """Where the lines of text go (tests check that none is cut)."""
        inner = self._rect.adjusted(PADDING + STRIPE, 0, -PADDING, 0)
        if self.node.kind is Kind.NIC:
            return [inner]
        first = self.metrics.title_metrics.height()
        top = QRectF(inner.x(), inner.y() + 4, inner.width(), first)
        bottom = QRectF(
            inner.x(), top.bottom() + 1, inner.width(), self.metrics.small_metrics.height()
        )
        return [top, bottom]

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        palette = self.scene().palette() if self.scene() is not None else QPalette()
        colour = node_colour(self.node, palette)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.6 if self.node.kind is not Kind.NIC else 1.2))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        radius = 4.0 if self.node.kind is not Kind.NIC else 8.0
        painter.drawRoundedRect(self._rect, radius, radius)
        stripe = QPainterPath()
        stripe.addRoundedRect(
            QRectF(self._rect.x(), self._rect.y(), STRIPE + radius, self._rect.height()),
            radius,
            radius,
        )
        clip = QPainterPath()
        clip.addRect(QRectF(self._rect.x(), self._rect.y(), STRIPE, self._rect.height()))
        painter.fillPath(stripe.intersected(clip), colour)
        text = palette.color(QPalette.ColorRole.Text)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        rects = self.text_rects()
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if self.node.kind is Kind.NIC:
            painter.setFont(self.metrics.base)
            painter.setPen(text)
            line = self.metrics.base_metrics.elidedText(
                words.title(self.node), Qt.TextElideMode.ElideMiddle, rects[0].width()
            )
            painter.drawText(rects[0], flags, line)
            return
        painter.setFont(self.metrics.title)
        painter.setPen(text if self.node.active or self.node.kind is Kind.VM else faint)
        line = self.metrics.title_metrics.elidedText(
            words.title(self.node), Qt.TextElideMode.ElideMiddle, rects[0].width()
        )
        painter.drawText(rects[0], flags, line)
        painter.setFont(self.metrics.small)
        painter.setPen(faint)
        line = self.metrics.small_metrics.elidedText(
            words.subtitle(self.node), Qt.TextElideMode.ElideRight, rects[1].width()
        )
        painter.drawText(rects[1], flags, line)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._pressed and self._rect.contains(event.pos()):
            activate(self, self.node.id)
        self._pressed = False
        event.accept()


def activate(item: QGraphicsItem, node_id: str) -> None:
    scene = item.scene()
    if scene is not None and hasattr(scene, "node_activated"):
        scene.node_activated.emit(node_id)


class EdgeItem(QGraphicsPathItem):
    """A link: mode colour, dashed when the link is down, grey when nothing passes."""

    def __init__(self, edge: Edge, source: Box, target: Box, source_kind: Kind) -> None:
        super().__init__()
        self.setZValue(1)
        self.source_kind = source_kind
        self.edge = edge
        self._pressed = False
        self.update_edge(edge, source, target)

    def update_edge(self, edge: Edge, source: Box, target: Box) -> None:
        self.edge = edge
        start = QPointF(source.right, source.center_y)
        end = QPointF(target.x, target.center_y)
        bend = max((end.x() - start.x()) * 0.5, 20.0)
        path = QPainterPath(start)
        path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end)
        self.setPath(path)
        self.refresh_pen()
        clickable = self.source_kind is Kind.NIC
        self.setAcceptedMouseButtons(
            Qt.MouseButton.LeftButton if clickable else Qt.MouseButton.NoButton
        )
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )

    def refresh_pen(self) -> None:
        palette = self.scene().palette() if self.scene() is not None else QPalette()
        if not self.edge.live:
            colour = Colour.INACTIVE.qcolor(palette)
        elif self.edge.mode is None:
            colour = Colour.MUTED.qcolor(palette)
        else:
            colour = mode_colour(self.edge.mode).qcolor(palette)
        pen = QPen(colour, 1.8)
        if not self.edge.up:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8.0)
        return stroker.createStroke(self.path())

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._pressed = True
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._pressed and self.shape().contains(event.pos()):
            activate(self, self.edge.source)
        self._pressed = False
        event.accept()


class GroupItem(QGraphicsItem):
    """The frame around the VMs whose first NIC leads to one network, with its title."""

    def __init__(self, box: Box, header: Box, title: str, colour: Colour, metrics: Metrics) -> None:
        super().__init__()
        self.setZValue(0)
        self.metrics = metrics
        self.title = title
        self.colour = colour
        self._rect = QRectF(0, 0, box.width, box.height)
        self._header = QRectF(PADDING, 0, header.width - 2 * PADDING, header.height)
        self.setPos(box.x, box.y)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        palette = self.scene().palette() if self.scene() is not None else QPalette()
        colour = self.colour.qcolor(palette)
        fill = QColor(colour)
        fill.setAlphaF(0.08)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = QColor(colour)
        edge.setAlphaF(0.45)
        painter.setPen(QPen(edge, 1.0))
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setFont(self.metrics.small)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        line = self.metrics.small_metrics.elidedText(
            self.title, Qt.TextElideMode.ElideMiddle, self._header.width()
        )
        painter.drawText(
            self._header, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line
        )
