"""The map's scene: lays a graph out and brings the drawn items in line with it.

:meth:`MapScene.show_graph` is called with a whole new graph after every burst of
changes, but only what differs is touched: boxes keep their items and move, new
nodes and links get items, vanished ones lose theirs. The counters
``items_created`` / ``items_removed`` say how much a change cost.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from kvmdesk.core.netmap.graph import Kind, NetGraph
from kvmdesk.core.netmap.layout import MapLayout, Spacing, layout_graph
from kvmdesk.models.palette import mode_colour
from kvmdesk.ui.netmap import words
from kvmdesk.ui.netmap.items import EdgeItem, GroupItem, Metrics, NodeItem

MARGIN = 24.0
HEADING_GAP = 10.0


class MapScene(QGraphicsScene):
    node_activated = Signal(str)  # a node id (a NIC's for a click on its link)

    def __init__(self, font: QFont, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.metrics = Metrics(font)
        self.graph = NetGraph((), ())
        self.layout: MapLayout | None = None
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.groups: list[GroupItem] = []
        self.headings: list[QGraphicsSimpleTextItem] = []
        self.items_created = 0
        self.items_removed = 0
        self.spacing = Spacing(group_header=self.metrics.small_metrics.height() + 8)

    def show_graph(self, graph: NetGraph) -> None:
        placed = layout_graph(graph, self.metrics.size, self.spacing)
        self.graph, self.layout = graph, placed
        nodes = graph.by_id()
        for node_id in [n for n in self.nodes if n not in nodes]:
            self.removeItem(self.nodes.pop(node_id))
            self.items_removed += 1
        for node in graph.nodes:
            item = self.nodes.get(node.id)
            if item is None:
                item = NodeItem(node, placed.boxes[node.id], self.metrics)
                self.addItem(item)
                self.nodes[node.id] = item
                self.items_created += 1
            elif (
                item.node != node
                or item.pos().x() != placed.boxes[node.id].x
                or (item.pos().y() != placed.boxes[node.id].y)
            ):
                item.update_node(node, placed.boxes[node.id])
        keys = {edge.key for edge in graph.edges}
        for key in [k for k in self.edges if k not in keys]:
            self.removeItem(self.edges.pop(key))
            self.items_removed += 1
        for edge in graph.edges:
            source, target = placed.boxes[edge.source], placed.boxes[edge.target]
            existing = self.edges.get(edge.key)
            if existing is None:
                existing = EdgeItem(edge, source, target, nodes[edge.source].kind)
                self.addItem(existing)
                existing.refresh_pen()
                self.edges[edge.key] = existing
                self.items_created += 1
            else:
                existing.update_edge(edge, source, target)
        self._show_groups(graph, placed)
        self._show_headings(graph, placed)
        self.setSceneRect(
            QRectF(
                -MARGIN,
                -MARGIN - self._heading_height(),
                placed.width + 2 * MARGIN,
                placed.height + 2 * MARGIN + self._heading_height(),
            )
        )

    def _heading_height(self) -> float:
        return self.metrics.title_metrics.height() + HEADING_GAP

    def _show_groups(self, graph: NetGraph, placed: MapLayout) -> None:
        # A few frames: cheaper to redraw than to match.
        for item in self.groups:
            self.removeItem(item)
        self.groups = []
        nodes = graph.by_id()
        for group in placed.groups:
            target = nodes.get(group.node)
            title = words.group_title(target, len(group.vms))
            colour = mode_colour(target.mode if target is not None else None)
            item = GroupItem(group.box, group.header, title, colour, self.metrics)
            self.addItem(item)
            self.groups.append(item)

    def _show_headings(self, graph: NetGraph, placed: MapLayout) -> None:
        for heading in self.headings:
            self.removeItem(heading)
        self.headings = []
        first_kind: dict[int, Kind] = {}
        left: dict[int, float] = {}
        for node in graph.nodes:
            layer = node.kind.layer
            first_kind.setdefault(layer, node.kind)
            box = placed.boxes[node.id]
            left[layer] = min(left.get(layer, box.x), box.x)
        y = -self._heading_height()
        for layer, kind in sorted(first_kind.items()):
            text = words.column_title(Kind.NETWORK if layer == Kind.NETWORK.layer else kind)
            heading = QGraphicsSimpleTextItem(text)  # plain text by its nature
            heading.setFont(self.metrics.title)
            heading.setBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
            heading.setPos(left[layer], y)
            self.addItem(heading)
            self.headings.append(heading)

    def refresh_colours(self) -> None:
        """After a palette change: every pen again from the named colours."""
        for edge in self.edges.values():
            edge.refresh_pen()
        self.update()
