"""The event log dock: every libvirt event with time, connection, object and detail."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.models.event_model import EventColumn, EventLogModel
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.widgets import filter_edit, on_rows_shown_change


class EventLogDock(QDockWidget):
    """A filterable table of events; follows the newest unless the user scrolled up."""

    def __init__(
        self, model: EventLogModel, proxy: QSortFilterProxyModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Event log"), parent)
        self.setObjectName("eventLogDock")
        self._model = model
        self._proxy = proxy
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.filter_edit = filter_edit(
            body, "eventFilter", self.tr("Filter events…"), proxy.setFilterFixedString
        )
        self.count_label = PlainLabel(body)
        clear = QPushButton(self.tr("Clear"), body)
        clear.clicked.connect(model.clear)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(clear)
        layout.addLayout(bar)
        self.view = QTableView(body)
        self.view.setObjectName("eventView")
        self.view.setAccessibleName(self.tr("Event log"))
        self.view.setModel(proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        width = self.view.fontMetrics().horizontalAdvance("00:00:00.000  ")
        header.resizeSection(EventColumn.TIME, width)
        header.resizeSection(EventColumn.CONNECTION, width * 2)
        header.resizeSection(EventColumn.OBJECT, width * 2)
        # Wide enough for the longest words kvmdesk logs ("shutdown requested").
        event_width = self.view.fontMetrics().horizontalAdvance("shutdown requested") + 16
        header.resizeSection(EventColumn.EVENT, max(width, event_width))
        layout.addWidget(self.view)
        self.setWidget(body)
        self.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        model.rowsInserted.connect(self._follow)
        model.rowsInserted.connect(self._update_count)
        model.rowsRemoved.connect(self._update_count)
        model.modelReset.connect(self._update_count)
        # The filter changes what is listed without touching the source model.
        on_rows_shown_change(proxy, self._update_count)
        self._update_count()

    def _follow(self) -> None:
        bar = self.view.verticalScrollBar()
        if bar.value() >= bar.maximum() - 2:
            self.view.scrollToBottom()

    def _update_count(self, *_args: object) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if shown >= total:
            text = self.tr("1 event") if total == 1 else self.tr("%n events", "", total)
        elif total == 1:
            text = self.tr("%1 of 1 event").replace("%1", str(shown))
        else:
            text = self.tr("%1 of %n events", "", total).replace("%1", str(shown))
        self.count_label.setText(text)
