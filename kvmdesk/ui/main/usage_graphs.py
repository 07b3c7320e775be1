"""The details pane's performance graphs: CPU, memory, disk and network of the selected VM.

Every figure comes from the session's one bulk stats call per tick
(:mod:`kvmdesk.core.connection.sampler`); the graphs only draw the histories the
stats carry. Disk and network draw two lines each (read/write, received/sent),
scaled to the largest value on screen, so a quiet VM still shows its shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QSizePolicy, QWidget

from kvmdesk.core.types.snapshots import DomainStats
from kvmdesk.models.labels import format_memory
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.labels import PlainLabel


def format_rate(bytes_per_second: float) -> str:
    """A transfer rate the way people read it: 0 B/s, 12 KiB/s, 3.4 MiB/s."""
    value = max(bytes_per_second, 0.0)
    for unit in ("B/s", "KiB/s", "MiB/s"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B/s" or value >= 10 else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB/s"


class Sparkline(QWidget):
    """One or two series over the same time axis; the first is filled, the second a line."""

    def __init__(self, colours: Sequence[Colour], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = tuple(colours)
        self._series: tuple[tuple[float, ...], ...] = ()
        self._ceiling: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(160, self.fontMetrics().height() * 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.fontMetrics().height() * 2)

    def set_series(self, series: Sequence[Sequence[float]], ceiling: float | None = None) -> None:
        """Draw these series; ``ceiling`` fixes the top (100 for percent), else the largest."""
        self._series = tuple(tuple(values) for values in series)
        self._ceiling = ceiling
        self.update()

    def series(self) -> tuple[tuple[float, ...], ...]:
        return self._series

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        frame = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(frame)
        painter.drawRect(rect)
        top = self._ceiling or max((max(s) for s in self._series if s), default=0.0)
        if top <= 0:
            top = 1.0
        for number, values in enumerate(self._series):
            if len(values) < 2:
                continue
            colour = self._colours[number % len(self._colours)].qcolor(self.palette())
            step = rect.width() / (len(values) - 1)
            points = [
                QPointF(
                    rect.left() + step * i,
                    rect.bottom() - rect.height() * min(max(v, 0.0), top) / top,
                )
                for i, v in enumerate(values)
            ]
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            if number == 0:
                area = QPainterPath(path)
                area.lineTo(QPointF(points[-1].x(), rect.bottom()))
                area.lineTo(QPointF(points[0].x(), rect.bottom()))
                area.closeSubpath()
                fill = QColor(colour)
                fill.setAlpha(50)
                painter.fillPath(area, fill)
            painter.setPen(colour)
            painter.drawPath(path)
        painter.end()


class UsageGraphs(QGroupBox):
    """CPU, memory, disk I/O and network I/O of one VM, with their current values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Performance"), parent)
        self.setObjectName("usageGraphs")
        grid = QGridLayout(self)
        self.cpu_graph = Sparkline((Colour.INFO,), self)
        self.memory_graph = Sparkline((Colour.OK,), self)
        self.disk_graph = Sparkline((Colour.INFO, Colour.WARNING), self)
        self.network_graph = Sparkline((Colour.OK, Colour.INTERFACE_VLAN), self)
        self.cpu_value = PlainLabel(self)
        self.memory_value = PlainLabel(self)
        self.disk_value = PlainLabel(self)
        self.network_value = PlainLabel(self)
        rows = (
            (self.tr("CPU"), self.cpu_graph, self.cpu_value),
            (self.tr("Memory"), self.memory_graph, self.memory_value),
            (self.tr("Disk"), self.disk_graph, self.disk_value),
            (self.tr("Network"), self.network_graph, self.network_value),
        )
        for row, (name, graph, value) in enumerate(rows):
            grid.addWidget(PlainLabel(name, self), row, 0)
            grid.addWidget(graph, row, 1)
            value.setObjectName(f"usageValue{row}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, 2)
        grid.setColumnStretch(1, 1)
        self.show_stats(None)

    def show_stats(self, stats: DomainStats | None, max_memory_kib: int = 0) -> None:
        """The VM's latest stats (None: not running, or nothing sampled yet)."""
        if stats is None:
            for graph in (self.cpu_graph, self.memory_graph, self.disk_graph, self.network_graph):
                graph.set_series(())
            for value in (self.cpu_value, self.memory_value, self.disk_value, self.network_value):
                value.setText("—")
            self.setToolTip(
                safe_tooltip(self.tr("No figures yet: the VM is not running or not sampled"))
            )
            return
        self.setToolTip(safe_tooltip(""))
        self.cpu_graph.set_series((stats.cpu_history,), ceiling=100.0)
        self.cpu_value.setText(
            f"{stats.cpu_percent:.0f} %" if stats.cpu_percent is not None else "0 %"
        )
        self.memory_graph.set_series((stats.memory_history,), ceiling=float(max_memory_kib) or None)
        self.memory_value.setText(
            format_memory(stats.memory_used_kib) if stats.memory_used_kib is not None else "—"
        )
        self.disk_graph.set_series((stats.disk_read_history, stats.disk_write_history))
        self.disk_value.setText(
            self.tr("read %1 · write %2")
            .replace("%1", format_rate(_last(stats.disk_read_history)))
            .replace("%2", format_rate(_last(stats.disk_write_history)))
            if stats.disk_read_history
            else "—"
        )
        self.network_graph.set_series((stats.net_rx_history, stats.net_tx_history))
        self.network_value.setText(
            self.tr("in %1 · out %2")
            .replace("%1", format_rate(_last(stats.net_rx_history)))
            .replace("%2", format_rate(_last(stats.net_tx_history)))
            if stats.net_rx_history
            else "—"
        )


def _last(values: Sequence[float]) -> float:
    return values[-1] if values else 0.0
