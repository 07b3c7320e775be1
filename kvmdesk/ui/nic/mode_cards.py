"""Network modes as large selectable cards: a small picture and the connectivity matrix.

The picture shows VM — (what joins it) — host — LAN, with each link drawn by
what the mode allows: solid green both ways, dashed amber only with setup,
dotted grey not at all. The matrix underneath states each direction with its
reason, from :mod:`kvmdesk.core.vnet.connectivity`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.connectivity import MATRIX, Direction, Verdict
from kvmdesk.models.labels import network_mode_label
from kvmdesk.models.palette import Colour, mode_colour
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.labels import PlainLabel, RichLabel


def mode_summary(mode: NetworkMode) -> str:
    """One line under each card's title."""
    summaries = {
        NetworkMode.NAT: QCoreApplication.translate(
            "ModeCards", "Private network behind the host; VMs reach out, LAN can't reach in"
        ),
        NetworkMode.BRIDGED: QCoreApplication.translate(
            "ModeCards", "VM joins the host's LAN as a machine of its own"
        ),
        NetworkMode.HOST_ONLY: QCoreApplication.translate(
            "ModeCards", "VMs and the host only, no way out"
        ),
        NetworkMode.INTERNAL: QCoreApplication.translate("ModeCards", "VMs see only each other"),
        NetworkMode.ROUTED: QCoreApplication.translate(
            "ModeCards", "Host routes the VMs' subnet without NAT"
        ),
        NetworkMode.OPEN: QCoreApplication.translate(
            "ModeCards", "Routed, and libvirt adds no firewall rules"
        ),
        NetworkMode.MACVTAP: QCoreApplication.translate(
            "ModeCards", "VM directly on a physical NIC; the host can't reach it"
        ),
        NetworkMode.USER: QCoreApplication.translate(
            "ModeCards", "No setup, no root: the VM shares the host's connections"
        ),
        NetworkMode.NONE: QCoreApplication.translate(
            "ModeCards", "The NIC stays, its cable is unplugged"
        ),
    }
    return summaries.get(mode, "")


def direction_label(direction: Direction) -> str:
    labels = {
        Direction.VM_TO_HOST: QCoreApplication.translate("ModeCards", "VM → host"),
        Direction.HOST_TO_VM: QCoreApplication.translate("ModeCards", "Host → VM"),
        Direction.VM_TO_OTHER: QCoreApplication.translate("ModeCards", "VM → other hosts"),
        Direction.OTHER_TO_VM: QCoreApplication.translate("ModeCards", "Other hosts → VM"),
        Direction.VM_TO_VM: QCoreApplication.translate("ModeCards", "VM ↔ VM"),
    }
    return labels[direction]


def verdict_label(verdict: Verdict) -> str:
    return {
        Verdict.YES: QCoreApplication.translate("ModeCards", "yes"),
        Verdict.NO: QCoreApplication.translate("ModeCards", "no"),
        Verdict.SETUP: QCoreApplication.translate("ModeCards", "with setup"),
    }[verdict]


def _middle_label(mode: NetworkMode) -> str:
    return {
        NetworkMode.NAT: "NAT",
        NetworkMode.BRIDGED: QCoreApplication.translate("ModeCards", "bridge"),
        NetworkMode.HOST_ONLY: QCoreApplication.translate("ModeCards", "switch"),
        NetworkMode.INTERNAL: QCoreApplication.translate("ModeCards", "switch"),
        NetworkMode.ROUTED: QCoreApplication.translate("ModeCards", "router"),
        NetworkMode.OPEN: QCoreApplication.translate("ModeCards", "router"),
        NetworkMode.MACVTAP: "macvtap",
        NetworkMode.USER: QCoreApplication.translate("ModeCards", "user stack"),
        NetworkMode.NONE: "",
    }.get(mode, "")


def _pen(verdicts: tuple[Verdict, ...]) -> QPen:
    if all(v is Verdict.YES for v in verdicts):
        pen = QPen(Colour.OK.qcolor(), 2.2)
    elif any(v is not Verdict.NO for v in verdicts):
        pen = QPen(Colour.WARNING.qcolor(), 2.0, Qt.PenStyle.DashLine)
    else:
        pen = QPen(Colour.MUTED.qcolor(), 1.5, Qt.PenStyle.DotLine)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class ModePicture(QWidget):
    """VM — link — host — LAN, coloured by what the mode lets through."""

    def __init__(self, mode: NetworkMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setMinimumSize(QSize(220, 56))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 60)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = float(self.width()), float(self.height())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        box = QSizeF_(width * 0.17, height * 0.36)
        y = height * 0.38
        vm = QPointF(width * 0.10, y)
        middle = QPointF(width * 0.36, y)
        host = QPointF(width * 0.62, y)
        lan = QPointF(width * 0.88, y)
        rows = MATRIX.get(self.mode)
        if rows is None:  # not attached: a VM and an unplugged cable
            painter.setPen(QPen(Colour.MUTED.qcolor(), 2.0, Qt.PenStyle.DotLine))
            painter.drawLine(vm + QPointF(box.w / 2, 0), middle)
            self._node(painter, vm, box, "VM", text)
            painter.setPen(QPen(Colour.MUTED.qcolor(), 2.0))
            painter.drawLine(middle + QPointF(-6, -6), middle + QPointF(6, 6))
            painter.drawLine(middle + QPointF(-6, 6), middle + QPointF(6, -6))
            painter.end()
            return
        host_pen = _pen((rows[Direction.VM_TO_HOST].verdict, rows[Direction.HOST_TO_VM].verdict))
        lan_pen = _pen((rows[Direction.VM_TO_OTHER].verdict, rows[Direction.OTHER_TO_VM].verdict))
        painter.setPen(QPen(Colour.OK.qcolor(), 2.2))
        painter.drawLine(vm, middle)
        painter.setPen(host_pen)
        painter.drawLine(middle, host)
        painter.setPen(lan_pen)
        # The way out passes under the host: LAN reach is its own link.
        bottom = height * 0.86
        painter.drawPolyline([middle, QPointF(middle.x(), bottom), QPointF(lan.x(), bottom), lan])
        painter.setPen(QPen(Colour.MUTED.qcolor(), 1.2))
        painter.drawLine(host, lan)
        self._node(painter, vm, box, "VM", text)
        self._node(painter, host, box, QCoreApplication.translate("ModeCards", "Host"), text)
        self._node(painter, lan, box, "LAN", text)
        label = _middle_label(self.mode)
        painter.setPen(text)
        font = QFont(painter.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        metrics = painter.fontMetrics()
        rect = QRectF(0, 0, metrics.horizontalAdvance(label) + 8, metrics.height() + 2)
        rect.moveCenter(middle)
        painter.drawRoundedRect(rect, 3, 3)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), label)
        painter.end()

    def _node(
        self, painter: QPainter, center: QPointF, box: QSizeF_, label: str, color: QColor
    ) -> None:
        rect = QRectF(0, 0, box.w, box.h)
        rect.moveCenter(center)
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), label)


class QSizeF_:
    """A float width/height pair (QSizeF without the Qt conversions in hot paint code)."""

    __slots__ = ("h", "w")

    def __init__(self, w: float, h: float) -> None:
        self.w = w
        self.h = h


class ModeCard(QFrame):
    """One selectable mode: title, one-line summary, picture and the five directions."""

    clicked = Signal(str)

    def __init__(self, mode: NetworkMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setObjectName(f"modeCard_{mode}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._selected = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(13, 6, 8, 6)  # the left room holds the mode stripe
        layout.setSpacing(3)
        title = PlainLabel(network_mode_label(mode), self)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        layout.addWidget(title)
        summary = PlainLabel(mode_summary(mode), self)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.picture = ModePicture(mode, self)
        layout.addWidget(self.picture)
        self.matrix_labels: dict[Direction, QLabel] = {}
        rows = MATRIX.get(mode)
        if rows is not None:
            grid = QGridLayout()
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(1)
            for number, (direction, entry) in enumerate(rows.items()):
                name = PlainLabel(direction_label(direction), self)
                value = RichLabel(self._verdict_html(entry.verdict), self)
                reason = QCoreApplication.translate("Connectivity", entry.reason)
                value.setToolTip(safe_tooltip(reason))
                name.setToolTip(safe_tooltip(reason))
                self.matrix_labels[direction] = value
                grid.addWidget(name, number, 0)
                grid.addWidget(value, number, 1)
            layout.addLayout(grid)
        self._update_style()

    @staticmethod
    def _verdict_html(verdict: Verdict) -> str:
        colour = {Verdict.YES: Colour.OK, Verdict.NO: Colour.MUTED, Verdict.SETUP: Colour.WARNING}
        label = html.escape(verdict_label(verdict))
        return f"<span style='color:{colour[verdict].hex()}'>●</span> {label}"

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        self._selected = selected
        self._update_style()

    def _update_style(self) -> None:
        highlight = self.palette().color(QPalette.ColorRole.Highlight).name()
        width = 2 if self._selected else 1
        color = highlight if self._selected else self.palette().color(QPalette.ColorRole.Mid).name()
        style = (
            f"QFrame#{self.objectName()} {{ border: {width}px solid {color}; border-radius: 6px; }}"
        )
        if style != self.styleSheet():  # unchanged: no re-polish (and no palette event loop)
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        """A theme change: the border and the matrix's dots take the new theme's colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._update_style()
            rows = MATRIX.get(self.mode) or {}
            for direction, label in self.matrix_labels.items():
                text = self._verdict_html(rows[direction].verdict)
                if label.text() != text:
                    label.setText(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The mode's own colour (the same in every picture of the network), as a stripe.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mode_colour(self.mode).qcolor(self.palette()))
        painter.drawRoundedRect(QRectF(4, 8, 4, max(0, self.height() - 16)), 2, 2)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(str(self.mode))
        super().mousePressEvent(event)

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return):
            self.clicked.emit(str(self.mode))
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]


class CardFlowLayout(QLayout):
    """Equal cells in rows: as many columns as the width holds, as many rows as needed.

    The cells share the width evenly and every row is as tall as the tallest card at
    that width (the summaries wrap), so the cards reflow when the width changes and the
    layout's height follows the width (height-for-width), which a scroll area honours.
    """

    def __init__(self, parent: QWidget | None = None, *, columns: int = 3) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.preferred_columns = columns

    # QLayout's interface
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def sizeHint(self) -> QSize:
        return self.size_for_columns(self.preferred_columns)

    def minimumSize(self) -> QSize:
        return self.size_for_columns(1)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    # the arithmetic
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def cell_width(self) -> int:
        return max((item.sizeHint().width() for item in self._shown()), default=0)

    def _horizontal_margins(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

    def size_for_columns(self, columns: int) -> QSize:
        """The size that holds the cards in ``columns`` columns (fewer if there are fewer)."""
        columns = max(1, min(columns, len(self._shown()) or 1))
        width = columns * self.cell_width() + (columns - 1) * self.spacing()
        width += self._horizontal_margins()
        return QSize(width, self.heightForWidth(width))

    def columns_for(self, width: int) -> int:
        cell = self.cell_width() + self.spacing()
        if cell <= self.spacing():
            return 1
        fit = (width - self._horizontal_margins() + self.spacing()) // cell
        return max(1, min(fit, len(self._shown()) or 1))

    def rows_for(self, width: int) -> int:
        return -(-len(self._shown()) // self.columns_for(width))

    def row_height(self, width: int) -> int:
        """One row's height when the layout is ``width`` wide."""
        columns = self.columns_for(width)
        inner = width - self._horizontal_margins()
        cell = max(1, (inner - (columns - 1) * self.spacing()) // columns)
        heights = [
            item.heightForWidth(cell) if item.hasHeightForWidth() else item.sizeHint().height()
            for item in self._shown()
        ]
        return max(heights, default=0)

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        items = self._shown()
        margins = self.contentsMargins()
        columns = self.columns_for(rect.width())
        spacing = self.spacing()
        inner = rect.width() - self._horizontal_margins()
        cell = max(1, (inner - (columns - 1) * spacing) // columns)
        row = self.row_height(rect.width())
        rows = (len(items) + columns - 1) // columns
        if place:
            for number, item in enumerate(items):
                x = rect.x() + margins.left() + (number % columns) * (cell + spacing)
                y = rect.y() + margins.top() + (number // columns) * (row + spacing)
                item.setGeometry(QRect(x, y, cell, row))
        return margins.top() + margins.bottom() + rows * row + max(0, rows - 1) * spacing


class CardScrollArea(QScrollArea):
    """Scrolls the cards up and down; its size hint is whole rows of cards, not Qt's cap.

    QScrollArea caps its size hint at 24 lines of text, which cut the cards at one and a
    half rows. Here the hint is the cards ``width`` wide (their preferred columns unless
    set), ``rows`` rows of them (all unless set), plus the vertical scroll bar.
    """

    def __init__(self, cards: ModeCardGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: int | None = None  # None: every row
        self.width_hint: int | None = None  # the cards' width; None: their preferred one
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(cards)

    def _cards_layout(self) -> CardFlowLayout:
        widget = self.widget()
        assert widget is not None
        layout = widget.layout()
        assert isinstance(layout, CardFlowLayout)
        return layout

    def _chrome(self) -> QSize:
        """What the area adds around the cards: its frame and the vertical scroll bar."""
        frame = 2 * self.frameWidth()
        return QSize(frame + self.verticalScrollBar().sizeHint().width(), frame)

    def cards_width(self) -> int:
        if self.width_hint is not None:
            return self.width_hint
        return self._cards_layout().sizeHint().width()

    def cards_width_for(self, area_width: int) -> int:
        return area_width - self._chrome().width()

    def total_rows(self) -> int:
        return self._cards_layout().rows_for(self.cards_width())

    def height_for_rows(self, rows: int) -> int:
        """The area's height showing ``rows`` whole rows at the hinted width."""
        cards = self._cards_layout()
        margins = cards.contentsMargins()
        row = cards.row_height(self.cards_width())
        rows = max(1, rows)
        inner = margins.top() + margins.bottom() + rows * row + (rows - 1) * cards.spacing()
        return inner + self._chrome().height()

    def sizeHint(self) -> QSize:
        rows = self.total_rows() if self.rows is None else min(self.rows, self.total_rows())
        return QSize(self.cards_width() + self._chrome().width(), self.height_for_rows(rows))

    def minimumSizeHint(self) -> QSize:
        # One card wide, one row high (at the hinted width; narrower, it scrolls).
        narrowest = self._cards_layout().minimumSize().width()
        return QSize(narrowest + self._chrome().width(), self.height_for_rows(1))


class ModeCardGroup(QWidget):
    """The cards, reflowing into as many columns as fit; exactly one selected; emits
    ``mode_changed``."""

    mode_changed = Signal(str)

    def __init__(
        self, modes: tuple[NetworkMode, ...], parent: QWidget | None = None, *, columns: int = 3
    ) -> None:
        super().__init__(parent)
        layout = CardFlowLayout(self, columns=columns)
        layout.setSpacing(8)
        # No margin below the last row shown: the next row's top edge stays out of view.
        layout.setContentsMargins(0, 0, 0, 0)
        self.cards: dict[NetworkMode, ModeCard] = {}
        for mode in modes:
            card = ModeCard(mode, self)
            card.clicked.connect(lambda value: self.select(NetworkMode(value)))
            self.cards[mode] = card
            layout.addWidget(card)
        self._current: NetworkMode | None = None

    @property
    def current(self) -> NetworkMode | None:
        return self._current

    def select(self, mode: NetworkMode) -> None:
        if mode not in self.cards:
            return
        changed = mode is not self._current
        self._current = mode
        for card_mode, card in self.cards.items():
            card.set_selected(card_mode is mode)
        if changed:
            self.mode_changed.emit(str(mode))

    def set_enabled_modes(self, enabled: set[NetworkMode], reasons: dict[NetworkMode, str]) -> None:
        """Grey out modes the connection cannot offer, saying why in the tooltip."""
        for mode, card in self.cards.items():
            card.setEnabled(mode in enabled)
            card.setToolTip(safe_tooltip("" if mode in enabled else reasons.get(mode, "")))
