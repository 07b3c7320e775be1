"""The main window: connection tree, filterable domain list, details pane, event log.

The window only shows models and emits requests; :mod:`kvmdesk.ui.main.controller`
turns requests into awaited core calls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.domain.actions import DomainAction, action_allowed
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.common import DomainKey
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.domain_filter import StateFilter
from kvmdesk.models.domain_model import DomainColumn, DomainRole
from kvmdesk.models.hub import ModelHub
from kvmdesk.models.icons import ActionIcon, action_icon, application_icon
from kvmdesk.models.labels import (
    connection_state_label,
    connection_stop_label,
    connection_title,
)
from kvmdesk.models.text import safe_line, safe_tooltip
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notifications import NotificationArea
from kvmdesk.ui.common.widgets import (
    filter_edit,
    header_apart_from_selection,
    on_rows_shown_change,
)
from kvmdesk.ui.main.about import add_help_menu
from kvmdesk.ui.main.delegates import CpuSparklineDelegate
from kvmdesk.ui.main.details_pane import DetailsPane
from kvmdesk.ui.main.event_log import EventLogDock
from kvmdesk.ui.main.language_menu import LanguageMenu

# The delete action is separate from DomainAction.UNDEFINE: it may force off and drop volumes.
DELETE = "delete"


class MainWindow(QMainWindow):
    """Shows the hub's models; emits requests the controller carries out."""

    action_requested = Signal(str, list)  # DomainAction value or DELETE, [keys]
    add_connection_requested = Signal()
    connect_requested = Signal(str)
    disconnect_requested = Signal(str)
    remove_connection_requested = Signal(str)
    autoconnect_toggled = Signal(str, bool)
    selection_changed = Signal(list)  # [keys]
    virtual_networks_requested = Signal(str, str)  # connection URI, network to select ("")
    host_interfaces_requested = Signal(str)  # connection URI
    network_map_requested = Signal(str)  # connection URI
    settings_requested = Signal(list)  # [keys]: the VMs whose settings to open
    new_vm_requested = Signal(str)  # connection URI
    storage_requested = Signal(str, str)  # connection URI, pool to select ("")
    snapshots_requested = Signal(list)  # [keys]
    clone_requested = Signal(list)  # [keys]
    console_requested = Signal(list)  # [keys]
    summary_shown = Signal(str)  # connection URI whose summary the details pane shows

    def __init__(self, hub: ModelHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("kvmdesk"))
        self.setWindowIcon(application_icon())
        self.resize(1440, 860)
        self.lifecycle_actions: dict[str, QAction] = {}
        # The connection summary follows its connection's changes, a few times a second.
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(300)
        self._summary_timer.timeout.connect(self._refresh_summary)
        self._build_actions()
        self._build_central()
        self._build_menus()
        self.event_dock = EventLogDock(hub.events, hub.event_proxy, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.event_dock)
        self.view_menu.addAction(self.event_dock.toggleViewAction())
        self.resizeDocks([self.event_dock], [180], Qt.Orientation.Vertical)
        self.status_label = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        # Counting is O(rows): coalesce bursts of events into one recount.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(250)
        self._status_timer.timeout.connect(self._update_status)
        hub.domains.rowsInserted.connect(self._status_timer.start)
        hub.domains.rowsRemoved.connect(self._status_timer.start)
        # The filters change what is shown without touching the source model.
        on_rows_shown_change(hub.domain_proxy, self._schedule_status)
        hub.domains.dataChanged.connect(self._on_domain_data_changed)
        for signal in (
            hub.domains.rowsInserted,
            hub.domains.rowsRemoved,
            hub.connections.dataChanged,
            hub.connections.rowsInserted,
        ):
            signal.connect(self._schedule_summary)
        # Of the domains' changes only a state counts: stats ticks leave the summary alone.
        hub.domains.dataChanged.connect(self._schedule_summary_for_states)
        # Kept in step row by row: a rebuild per state change made start-up quadratic in
        # the number of saved connections.
        hub.connections.rowsInserted.connect(self._connections_inserted)
        hub.connections.rowsRemoved.connect(self._connections_removed)
        hub.connections.dataChanged.connect(self._connections_changed)
        hub.connections.modelReset.connect(self._refresh_connection_filter)
        hub.connections.layoutChanged.connect(self._refresh_connection_filter)
        self._refresh_connection_filter()
        self._update_actions()
        self._assign_shortcuts()
        self._update_status()
        name_controls(self)

    # ------------------------------------------------------------- building

    def _build_actions(self) -> None:
        specs: list[tuple[str, str, str, ActionIcon]] = [
            (DomainAction.START, self.tr("&Start"), "Ctrl+Shift+U", ActionIcon.START),
            (DomainAction.SHUTDOWN, self.tr("Shut &down"), "Ctrl+Shift+D", ActionIcon.SHUTDOWN),
            (DomainAction.REBOOT, self.tr("&Reboot"), "Ctrl+Shift+R", ActionIcon.REBOOT),
            (DomainAction.DESTROY, self.tr("&Force off"), "Ctrl+Shift+F", ActionIcon.FORCE_OFF),
            (DomainAction.SUSPEND, self.tr("&Pause"), "Ctrl+Shift+P", ActionIcon.PAUSE),
            (DomainAction.RESUME, self.tr("R&esume"), "Ctrl+Shift+E", ActionIcon.START),
            (DELETE, self.tr("De&lete…"), "Delete", ActionIcon.DELETE),
        ]
        for key, text, shortcut, icon in specs:
            action = QAction(action_icon(icon), text, self)
            action.setObjectName(f"action_{key}")
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(safe_tooltip(f"{text.replace('&', '').rstrip('…')} ({shortcut})"))
            action.triggered.connect(lambda _checked=False, k=key: self._request(k))
            self.lifecycle_actions[str(key)] = action
        self.add_connection_action = QAction(
            action_icon(ActionIcon.ADD_CONNECTION), self.tr("&Add connection…"), self
        )
        self.add_connection_action.setObjectName("action_add_connection")
        self.add_connection_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_connection_action.triggered.connect(self.add_connection_requested)
        self.virtual_networks_action = QAction(
            action_icon(ActionIcon.NETWORKS), self.tr("Virtual &networks…"), self
        )
        self.virtual_networks_action.setObjectName("action_virtual_networks")
        self.virtual_networks_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.virtual_networks_action.triggered.connect(self._request_virtual_networks)
        self.host_interfaces_action = QAction(
            action_icon(ActionIcon.HOST_INTERFACES), self.tr("&Host interfaces…"), self
        )
        self.host_interfaces_action.setObjectName("action_host_interfaces")
        self.host_interfaces_action.triggered.connect(self._request_host_interfaces)
        self.network_map_action = QAction(
            action_icon(ActionIcon.NETWORK_MAP), self.tr("Network &map…"), self
        )
        self.network_map_action.setObjectName("action_network_map")
        self.network_map_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.network_map_action.setToolTip(
            safe_tooltip(self.tr("A picture of the selected connection's network (Ctrl+Shift+M)"))
        )
        self.network_map_action.triggered.connect(self._request_network_map)
        self.settings_action = QAction(
            action_icon(ActionIcon.SETTINGS), self.tr("Se&ttings…"), self
        )
        self.settings_action.setObjectName("action_settings")
        self.settings_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.settings_action.setToolTip(
            safe_tooltip(self.tr("Settings of the selected VM (Ctrl+Shift+S)"))
        )
        self.settings_action.triggered.connect(self._request_settings)
        self.new_vm_action = QAction(action_icon(ActionIcon.NEW_VM), self.tr("&New VM…"), self)
        self.new_vm_action.setObjectName("action_new_vm")
        self.new_vm_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.new_vm_action.triggered.connect(self._request_new_vm)
        self.storage_action = QAction(action_icon(ActionIcon.STORAGE), self.tr("S&torage…"), self)
        self.storage_action.setObjectName("action_storage")
        self.storage_action.triggered.connect(self._request_storage)
        self.snapshots_action = QAction(
            action_icon(ActionIcon.SNAPSHOT), self.tr("S&napshots…"), self
        )
        self.snapshots_action.setObjectName("action_snapshots")
        self.snapshots_action.triggered.connect(
            lambda: self.snapshots_requested.emit(self.selected_keys())
        )
        self.clone_action = QAction(action_icon(ActionIcon.CLONE), self.tr("C&lone…"), self)
        self.clone_action.setObjectName("action_clone")
        self.clone_action.triggered.connect(lambda: self.clone_requested.emit(self.selected_keys()))
        self.console_action = QAction(action_icon(ActionIcon.CONSOLE), self.tr("&Console"), self)
        self.console_action.setObjectName("action_console")
        self.console_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.console_action.setToolTip(
            safe_tooltip(self.tr("Open the VM's console (Ctrl+Shift+O)"))
        )
        self.console_action.triggered.connect(self._request_console)
        self.quit_action = QAction(action_icon(ActionIcon.QUIT), self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.focus_filter_action = QAction(action_icon(ActionIcon.FIND), self.tr("Find"), self)
        self.focus_filter_action.setShortcut(QKeySequence.StandardKey.Find)
        self.addAction(self.focus_filter_action)

    def _build_central(self) -> None:
        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.add_connection_action)
        toolbar.addAction(self.new_vm_action)
        toolbar.addSeparator()
        for action in self.lifecycle_actions.values():
            toolbar.addAction(action)
        toolbar.addAction(self.settings_action)
        toolbar.addSeparator()
        toolbar.addAction(self.console_action)
        toolbar.addAction(self.network_map_action)
        self.addToolBar(toolbar)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        self.connection_view = QTreeView(splitter)
        self.connection_view.setObjectName("connectionView")
        self.connection_view.setAccessibleName(self.tr("Connections"))
        self.connection_view.setModel(self.hub.connections)
        self.connection_view.setUniformRowHeights(True)
        self.connection_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.connection_view.customContextMenuRequested.connect(self._connection_menu)
        self.connection_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The state column fits its text once per burst of changes, from the rows on
        # screen: ResizeToContents measured every row on every change (quadratic in the
        # number of connections at start-up).
        self.connection_view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.connection_view.header().setStretchLastSection(False)
        self.connection_view.header().setResizeContentsPrecision(0)
        self._state_column_timer = QTimer(self)
        self._state_column_timer.setSingleShot(True)
        self._state_column_timer.setInterval(100)
        self._state_column_timer.timeout.connect(
            lambda: self.connection_view.resizeColumnToContents(1)
        )
        for signal in (
            self.hub.connections.dataChanged,
            self.hub.connections.rowsInserted,
            self.hub.connections.rowsRemoved,
            self.hub.connections.modelReset,
        ):
            signal.connect(self._schedule_state_column)
        self.connection_view.clicked.connect(self._on_connection_clicked)
        self.connection_view.doubleClicked.connect(self._on_connection_double_clicked)
        # A method, not a lambda: disconnected when the window goes, the models stay.
        self.hub.connections.rowsInserted.connect(self._expand_new_children)

        center = QWidget(splitter)
        layout = QVBoxLayout(center)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.filter_edit = filter_edit(
            center, "domainFilter", self.tr("Filter by name…"), self.hub.domain_proxy.set_text
        )
        self.focus_filter_action.triggered.connect(self.filter_edit.setFocus)
        self.state_combo = QComboBox(center)
        self.state_combo.setObjectName("stateFilter")
        for value, text in (
            (StateFilter.ALL, self.tr("All states")),
            (StateFilter.ACTIVE, self.tr("Active")),
            (StateFilter.RUNNING, self.tr("Running")),
            (StateFilter.PAUSED, self.tr("Paused")),
            (StateFilter.SHUTOFF, self.tr("Shut off")),
            (StateFilter.OTHER, self.tr("Other")),
        ):
            self.state_combo.addItem(safe_line(text), str(value))
        self.state_combo.currentIndexChanged.connect(
            lambda _i: self.hub.domain_proxy.set_state_filter(
                StateFilter(self.state_combo.currentData())
            )
        )
        self.connection_combo = QComboBox(center)
        self.connection_combo.setObjectName("connectionFilter")
        self.connection_combo.currentIndexChanged.connect(
            lambda _i: self.hub.domain_proxy.set_connection(self.connection_combo.currentData())
        )
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.state_combo)
        bar.addWidget(self.connection_combo, 1)
        layout.addLayout(bar)

        self.domain_view = QTableView(center)
        self.domain_view.setObjectName("domainView")
        self.domain_view.setAccessibleName(self.tr("Virtual machines"))
        self.domain_view.setModel(self.hub.domain_proxy)
        header_apart_from_selection(self.domain_view)
        self.domain_view.setSortingEnabled(True)
        self.domain_view.sortByColumn(DomainColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.domain_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.domain_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.domain_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.domain_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.domain_view.customContextMenuRequested.connect(self._domain_menu)
        self.domain_view.doubleClicked.connect(self._on_domain_double_clicked)
        self.domain_view.setItemDelegateForColumn(
            DomainColumn.CPU, CpuSparklineDelegate(self.domain_view)
        )
        self.domain_view.verticalHeader().hide()
        self.domain_view.verticalHeader().setDefaultSectionSize(
            self.domain_view.fontMetrics().height() + 10
        )
        self.domain_view.setWordWrap(False)
        self.domain_view.setAlternatingRowColors(True)
        header = self.domain_view.horizontalHeader()
        header.setStretchLastSection(True)
        # Fitting a column reads the rows on screen only (Qt's default reads 1,000 more:
        # 12 model calls each, a second per burst of rows at 5,000 domains).
        header.setResizeContentsPrecision(0)
        metrics = self.domain_view.fontMetrics()
        for column, sample in (
            (DomainColumn.NAME, "build-runner-0000"),
            (DomainColumn.STATE, "Shutting down x"),
            (DomainColumn.VCPUS, "vCPUs x"),
            (DomainColumn.MEMORY, "16.5 GiB x"),
            (DomainColumn.CPU, "100 % xxxxx"),
            (DomainColumn.NETWORK, "Host-only · hostonly-lab, NAT · x"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self._selected: list[DomainKey] | None = None  # selected_keys(), until it changes
        self.domain_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        for moved in (
            self.hub.domain_proxy.layoutChanged,
            self.hub.domain_proxy.rowsRemoved,
            self.hub.domain_proxy.rowsInserted,
            self.hub.domain_proxy.modelReset,
        ):
            moved.connect(self._selection_moved)
        # The network column widens to the longest text on screen (several NICs make long
        # ones); one pass per burst of rows or changes.
        self._network_column_timer = QTimer(self)
        self._network_column_timer.setSingleShot(True)
        self._network_column_timer.setInterval(250)
        self._network_column_timer.timeout.connect(self._fit_network_column)
        on_rows_shown_change(self.hub.domain_proxy, self._schedule_network_column)
        self.hub.domain_proxy.dataChanged.connect(self._schedule_network_column)
        layout.addWidget(self.domain_view, 1)
        self.notifications = NotificationArea(center)
        self.notifications.setObjectName("notifications")
        layout.addWidget(self.notifications)

        self.details = DetailsPane(splitter)
        self.details.setObjectName("detailsPane")
        splitter.addWidget(self.connection_view)
        splitter.addWidget(center)
        splitter.addWidget(self.details)
        # The side panes keep the width their contents need; the domain list gets the rest.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setCollapsible(1, False)
        splitter.setSizes([286, 764, 382])
        self.setCentralWidget(splitter)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.add_connection_action)
        file_menu.addAction(self.virtual_networks_action)
        file_menu.addAction(self.host_interfaces_action)
        file_menu.addAction(self.network_map_action)
        file_menu.addAction(self.storage_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        vm_menu = self.menuBar().addMenu(self.tr("&Virtual machine"))
        vm_menu.addAction(self.new_vm_action)
        vm_menu.addSeparator()
        for action in self.lifecycle_actions.values():
            vm_menu.addAction(action)
        vm_menu.addSeparator()
        vm_menu.addAction(self.settings_action)
        vm_menu.addAction(self.snapshots_action)
        vm_menu.addAction(self.clone_action)
        vm_menu.addAction(self.console_action)
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu.addAction(self.focus_filter_action)
        self.language_menu = LanguageMenu(self, self.notifications.notify)
        self.view_menu.addMenu(self.language_menu)
        self.help_menu = add_help_menu(self)

    def _assign_shortcuts(self) -> None:
        """The actions built without one get a shortcut: every menu entry shows its keys.

        The platform's standard Quit key may be none (a bare X11 session): Ctrl+Q then.
        """
        extra = {
            self.host_interfaces_action: "Ctrl+Shift+I",
            self.storage_action: "Ctrl+Shift+T",
            self.snapshots_action: "Ctrl+Shift+K",
            self.clone_action: "Ctrl+Shift+L",
            self.event_dock.toggleViewAction(): "Ctrl+Shift+J",
        }
        for action in self.help_menu.actions():
            if action.objectName() == "action_about":
                extra[action] = "F1"
            elif action.objectName() == "action_homepage":
                extra[action] = "Shift+F1"
        for action, keys in extra.items():
            if action.shortcut().isEmpty():
                action.setShortcut(QKeySequence(keys))
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    # ------------------------------------------------------------ selection

    def selected_keys(self) -> list[DomainKey]:
        """The selected domains in view order (read once per change of the selection)."""
        if self._selected is None:
            self._selected = self._read_selected_keys()
        return list(self._selected)

    def _read_selected_keys(self) -> list[DomainKey]:
        # From the selection's ranges and the proxy's row map read in Python:
        # selectedRows() asks the model for the flags of every selected cell (3 s for a
        # selected list of 20,000), and mapToSource per row still costs 0.3 s.
        domains = self.hub.domains
        source_rows = self.hub.domain_proxy.source_rows()
        total = domains.row_total()
        keys: dict[DomainKey, None] = {}
        selection = self.domain_view.selectionModel().selection()
        for number in range(selection.size()):
            selected = selection.at(number)
            for source in source_rows[selected.top() : selected.bottom() + 1]:
                if 0 <= source < total:
                    keys[domains.snapshot_at(source).key] = None
        return list(keys)

    def _selection_moved(self, *_args: object) -> None:
        self._selected = None

    def selected_snapshots(self) -> list[DomainSnapshot]:
        snapshots = []
        for key in self.selected_keys():
            snapshot = self.hub.domains.snapshot(key)
            if snapshot is not None:
                snapshots.append(snapshot)
        return snapshots

    def select_keys(self, keys: Sequence[DomainKey]) -> None:
        selection = QItemSelection()
        for key in keys:
            source = self.hub.domains.index_of(key)
            index = self.hub.domain_proxy.mapFromSource(source)
            if index.isValid():
                selection.select(index, index.siblingAtColumn(len(DomainColumn) - 1))
        model = self.domain_view.selectionModel()
        model.select(selection, model.SelectionFlag.ClearAndSelect | model.SelectionFlag.Rows)

    def visible_keys(self) -> list[DomainKey]:
        """Domains whose rows are on screen: the stats timer samples only these."""
        view = self.domain_view
        if not view.isVisible():
            return []
        proxy = self.hub.domain_proxy
        first = view.rowAt(0)
        if first < 0:
            return []
        last = view.rowAt(view.viewport().height() - 1)
        if last < 0:
            last = proxy.rowCount() - 1
        return [proxy.index(row, 0).data(DomainRole.KEY) for row in range(first, last + 1)]

    def _on_selection_changed(self, *_args: object) -> None:
        self._selected = None
        self._update_actions()
        self._show_details()
        self.selection_changed.emit(self.selected_keys())

    def _on_domain_data_changed(self, top_left: QModelIndex, *_args: object) -> None:
        selected = set(self.selected_keys())
        key = top_left.data(DomainRole.KEY)
        if key in selected:
            self._update_actions()
            if len(selected) == 1:
                self._show_details()
        self._schedule_status()

    def _schedule_network_column(self, *_args: object) -> None:
        if not self._network_column_timer.isActive():
            self._network_column_timer.start()

    def _schedule_state_column(self, *_args: object) -> None:
        if not self._state_column_timer.isActive():
            self._state_column_timer.start()

    def _fit_network_column(self) -> None:
        """Widen (never narrow) the network column to the on-screen rows' longest text."""
        column = DomainColumn.NETWORK
        needed = self.domain_view.sizeHintForColumn(column)
        if needed > self.domain_view.columnWidth(column):
            self.domain_view.setColumnWidth(column, needed)

    def _schedule_status(self, *_args: object) -> None:
        # Not a restart: a steady stream of changes must not postpone the recount forever.
        if not self._status_timer.isActive():
            self._status_timer.start()

    def _show_details(self) -> None:
        snapshots = self.selected_snapshots()
        if len(snapshots) == 1:
            snapshot = snapshots[0]
            session = self.hub.inventory.sessions.get(snapshot.connection)
            networks = dict(session.networks) if session is not None else {}
            pending = session.nics.pending_restart(snapshot.uuid) if session is not None else ()
            changes = session.nics.pending_changes(snapshot.uuid) if session is not None else {}
            differ = session.nics.mismatched(snapshot.uuid) if session is not None else {}
            self.details.show_domain(snapshot, networks, pending, changes, differ)
            stats = self.hub.domains.snapshot_stats(snapshot.key)
            self.details.show_stats(
                stats if snapshot.state.is_active else None, snapshot.max_memory_kib
            )
        elif snapshots:
            self.details.show_selection_count(len(snapshots))
        else:
            self.details.show_domain(None, {})
            self._show_summary()

    def _show_summary(self) -> None:
        """No VM selected: the current connection's summary (the host's figures follow)."""
        uri = self.current_connection()
        session = self.hub.inventory.sessions.get(uri) if uri is not None else None
        if uri is None or session is None:
            return
        self.details.summary.show_connection(
            uri,
            connection_title(uri, session.label),
            connection_state_label(session.state),
            session.domains.values(),
            session.networks.values(),
        )
        self.details.show_summary_page()
        self.summary_shown.emit(uri)

    def _schedule_summary(self, *_args: object) -> None:
        if not self._summary_timer.isActive():
            self._summary_timer.start()

    def _schedule_summary_for_states(
        self, _top: QModelIndex, _bottom: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if not roles or int(DomainRole.STATE) in roles:
            self._schedule_summary()

    def _refresh_summary(self) -> None:
        if not self.selected_keys():
            self._show_summary()

    def refresh_details(self) -> None:
        """Show the selected domain again (after a change its row does not reflect)."""
        self._show_details()

    def _update_actions(self) -> None:
        snapshots = self.selected_snapshots()
        self.console_action.setEnabled(bool(snapshots))
        for key, action in self.lifecycle_actions.items():
            if key == DELETE:
                action.setEnabled(bool(snapshots))
                continue
            verb = DomainAction(key)
            action.setEnabled(
                any(action_allowed(verb, s.state, persistent=s.persistent) for s in snapshots)
            )
        self.settings_action.setEnabled(bool(snapshots))
        self.snapshots_action.setEnabled(len(snapshots) == 1 and snapshots[0].persistent)
        self.clone_action.setEnabled(
            len(snapshots) == 1 and snapshots[0].state is DomainState.SHUTOFF
        )

    def _request_settings(self) -> None:
        keys = self.selected_keys()
        if keys:
            self.settings_requested.emit(keys)

    def _request(self, key: str) -> None:
        keys = self.selected_keys()
        if keys:
            self.action_requested.emit(key, keys)

    def refresh_status(self) -> None:
        """The status line and, with nothing selected, the connection summary, now."""
        self._update_status()
        self._summary_timer.stop()
        self._refresh_summary()

    def _update_status(self, *_args: object) -> None:
        total = self.hub.domains.rowCount()
        proxy = self.hub.domain_proxy
        shown = proxy.rowCount()
        if shown >= total:
            self.status_label.setText(
                self.tr("%1 virtual machines · %2 running")
                .replace("%1", str(total))
                .replace("%2", str(self.hub.running_count()))
            )
            return
        # A filter hides rows: "running" counts the shown ones, as the text says.
        running = 0
        for row in range(shown):
            snapshot = proxy.index(row, 0).data(DomainRole.SNAPSHOT)
            if snapshot is not None and StateFilter.RUNNING.accepts(snapshot.state):
                running += 1
        self.status_label.setText(
            self.tr("%1 of %2 virtual machines shown · %3 of them running")
            .replace("%1", str(shown))
            .replace("%2", str(total))
            .replace("%3", str(running))
        )

    # ----------------------------------------------------------- connections

    def _refresh_connection_filter(self, *_args: object) -> None:
        """The filter combo anew: "All connections", then one item per connection row."""
        current = self.connection_combo.currentData()
        self.connection_combo.blockSignals(True)
        self.connection_combo.clear()
        self.connection_combo.addItem(self.tr("All connections"), None)
        model = self.hub.connections
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            self.connection_combo.addItem(safe_line(index.data()), index.data(ConnectionRole.URI))
        position = self.connection_combo.findData(current) if current is not None else 0
        self.connection_combo.setCurrentIndex(max(position, 0))
        self.connection_combo.blockSignals(False)

    # The combo's item ``row + 1`` is connection row ``row`` ("All connections" is item 0).

    def _connections_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return  # networks and pools
        model = self.hub.connections
        self.connection_combo.blockSignals(True)
        for row in range(first, last + 1):
            index = model.index(row, 0)
            self.connection_combo.insertItem(row + 1, index.data(), index.data(ConnectionRole.URI))
        self.connection_combo.blockSignals(False)

    def _connections_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        removed_current = first + 1 <= self.connection_combo.currentIndex() <= last + 1
        self.connection_combo.blockSignals(True)
        for _ in range(first, last + 1):
            self.connection_combo.removeItem(first + 1)
        self.connection_combo.blockSignals(False)
        if removed_current:
            self.connection_combo.setCurrentIndex(0)  # the filter follows: all connections

    def _connections_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        if top_left.parent().isValid() or top_left.column() > 0:
            return  # a network or pool row, or only the state column
        model = self.hub.connections
        for row in range(top_left.row(), bottom_right.row() + 1):
            label = model.index(row, 0).data()
            if self.connection_combo.itemText(row + 1) != label:
                self.connection_combo.setItemText(row + 1, label)

    def _expand_new_children(self, parent: QModelIndex, *_rows: object) -> None:
        if parent.isValid():
            self.connection_view.expand(parent)

    def _on_connection_clicked(self, current: QModelIndex) -> None:
        uri = current.data(ConnectionRole.URI) if current.isValid() else None
        position = self.connection_combo.findData(uri) if uri is not None else 0
        self.connection_combo.setCurrentIndex(max(position, 0))
        self._refresh_summary()

    def current_connection(self) -> str | None:
        """The connection picked in the tree, else the only (or first) one."""
        index = self.connection_view.currentIndex()
        uri = index.data(ConnectionRole.URI) if index.isValid() else None
        if uri is None and self.hub.connections.rowCount() > 0:
            uri = self.hub.connections.index(0, 0).data(ConnectionRole.URI)
        return str(uri) if uri is not None else None

    def _request_virtual_networks(self) -> None:
        uri = self.current_connection()
        if uri is not None:
            self.virtual_networks_requested.emit(uri, "")

    def _request_new_vm(self) -> None:
        uri = self.current_connection()
        if uri is not None:
            self.new_vm_requested.emit(uri)

    def _request_host_interfaces(self) -> None:
        uri = self.current_connection()
        if uri is not None:
            self.host_interfaces_requested.emit(uri)

    def _request_network_map(self) -> None:
        uri = self.current_connection()
        if uri is not None:
            self.network_map_requested.emit(uri)

    def _request_storage(self) -> None:
        uri = self.current_connection()
        if uri is not None:
            self.storage_requested.emit(uri, "")

    def _on_connection_double_clicked(self, index: QModelIndex) -> None:
        network = index.data(ConnectionRole.NETWORK)
        if network is not None:
            self.virtual_networks_requested.emit(network.connection, network.name)
        pool = index.data(ConnectionRole.POOL)
        if pool is not None:
            self.storage_requested.emit(pool.connection, pool.name)

    def _connection_menu(self, point: QPoint) -> None:
        index = self.connection_view.indexAt(point)
        menu = QMenu(self)
        menu.addAction(self.add_connection_action)
        if index.isValid():
            uri = index.data(ConnectionRole.URI)
            state = ConnectionState(
                self.hub.connections.data(
                    self.hub.connections.connection_index(uri), ConnectionRole.STATE
                )
            )
            menu.addSeparator()
            connect = menu.addAction(action_icon(ActionIcon.CONNECT), self.tr("Connect"))
            connect.setEnabled(state in (ConnectionState.DISCONNECTED, ConnectionState.ERROR))
            connect.triggered.connect(lambda: self.connect_requested.emit(uri))
            disconnect = menu.addAction(
                action_icon(ActionIcon.DISCONNECT), connection_stop_label(state)
            )
            disconnect.setObjectName("menu_disconnect")
            disconnect.setEnabled(
                state not in (ConnectionState.DISCONNECTED, ConnectionState.ERROR)
            )
            disconnect.triggered.connect(lambda: self.disconnect_requested.emit(uri))
            autoconnect = menu.addAction(self.tr("Connect automatically at start"))
            autoconnect.setCheckable(True)
            autoconnect.setChecked(
                bool(
                    self.hub.connections.data(
                        self.hub.connections.connection_index(uri), ConnectionRole.AUTOCONNECT
                    )
                )
            )
            autoconnect.toggled.connect(lambda checked: self.autoconnect_toggled.emit(uri, checked))
            networks = menu.addAction(
                action_icon(ActionIcon.NETWORKS), self.tr("Virtual networks…")
            )
            networks.triggered.connect(lambda: self.virtual_networks_requested.emit(uri, ""))
            interfaces = menu.addAction(
                action_icon(ActionIcon.HOST_INTERFACES), self.tr("Host interfaces…")
            )
            interfaces.setObjectName("menu_host_interfaces")
            interfaces.triggered.connect(lambda: self.host_interfaces_requested.emit(uri))
            network_map = menu.addAction(self.tr("Network map…"))
            network_map.setObjectName("menu_network_map")
            network_map.triggered.connect(lambda: self.network_map_requested.emit(uri))
            pool = index.data(ConnectionRole.POOL)
            storage = menu.addAction(action_icon(ActionIcon.STORAGE), self.tr("Storage…"))
            storage.setObjectName("menu_storage")
            storage.triggered.connect(
                lambda: self.storage_requested.emit(uri, pool.name if pool is not None else "")
            )
            menu.addSeparator()
            remove = menu.addAction(
                action_icon(ActionIcon.REMOVE_CONNECTION), self.tr("Remove connection")
            )
            remove.triggered.connect(lambda: self.remove_connection_requested.emit(uri))
        menu.popup(self.connection_view.viewport().mapToGlobal(point))

    def _domain_menu(self, point: QPoint) -> None:
        if not self.selected_keys():
            return
        menu = QMenu(self)
        menu.addAction(self.console_action)
        menu.addSeparator()
        for key, action in self.lifecycle_actions.items():
            if key == DELETE:
                menu.addSeparator()
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addAction(self.snapshots_action)
        menu.addAction(self.clone_action)
        menu.popup(self.domain_view.viewport().mapToGlobal(point))

    def _request_console(self) -> None:
        keys = self.selected_keys()
        if keys:
            self.console_requested.emit(keys)

    def _on_domain_double_clicked(self, index: QModelIndex) -> None:
        snapshot = index.data(DomainRole.SNAPSHOT)
        if snapshot is not None and snapshot.state.is_active:
            self.console_requested.emit([index.data(DomainRole.KEY)])
