"""The console window: a window of its own with one tab per VM, several VMs at once.

Opening a VM that already has a tab brings that tab forward. The toolbar and menus act
on the current tab: its Screen (scaling, full screen, keyboard grab, keys, clipboard,
screenshot) and its Serial console (send break); the status line says what the current
view shows and over which path it is connected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from kvmdesk.core.connection.session import Session
from kvmdesk.ui.console.vm_tab import VmConsoleTab

TabKey = tuple[str, str]  # (connection URI, domain UUID)


class ConsoleWindow(QMainWindow):
    """Console tabs for any number of VMs, across connections."""

    tab_opened = Signal(str, str)  # connection URI, UUID

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("consoleWindow")
        self.setWindowTitle(self.tr("Consoles"))
        self.resize(1060, 800)
        self._tabs: dict[TabKey, VmConsoleTab] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("consoleTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab_at)
        self.tabs.currentChanged.connect(lambda _index: self._current_changed())
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("consoleStatus")
        self.statusBar().addWidget(self.status_label, 1)
        self._build_actions()
        self._build_menus()
        self._current_changed()

    # ----------------------------------------------------------- building

    def _action(self, name: str, text: str, shortcut: str = "", icon: str = "") -> QAction:
        action = QAction(QIcon.fromTheme(icon) if icon else QIcon(), text, self)
        action.setObjectName(f"console_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.screen_action = self._action("screen", self.tr("S&creen"), "Ctrl+Alt+1")
        self.screen_action.setCheckable(True)
        self.serial_action = self._action("serial", self.tr("Se&rial"), "Ctrl+Alt+2")
        self.serial_action.setCheckable(True)
        self.serial_action.triggered.connect(lambda: self._with_tab(VmConsoleTab.show_serial))
        self.full_screen_action = self._action(
            "full_screen", self.tr("&Full screen"), "F11", "view-fullscreen"
        )
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.toggled.connect(self.set_full_screen)
        self.send_break_action = self._action("send_break", self.tr("Send &break"))
        self.send_break_action.triggered.connect(
            lambda: self._with_tab(lambda t: t.serial.send_break())
        )
        self.start_action = self._action("start", self.tr("&Start"), "", "media-playback-start")
        self.start_action.triggered.connect(lambda: self._with_tab(VmConsoleTab.start_vm))
        self.close_tab_action = self._action("close_tab", self.tr("&Close tab"), "Ctrl+W")
        self.close_tab_action.triggered.connect(
            lambda: self._close_tab_at(self.tabs.currentIndex())
        )

    def _build_menus(self) -> None:
        toolbar = QToolBar(self.tr("Console"), self)
        toolbar.setObjectName("consoleToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.screen_action)
        toolbar.addAction(self.serial_action)
        toolbar.addSeparator()
        self.toolbar = toolbar
        self._screen_toolbar_anchor = toolbar.addSeparator()
        toolbar.addAction(self.send_break_action)
        toolbar.addAction(self.full_screen_action)
        self.addToolBar(toolbar)
        console_menu = self.menuBar().addMenu(self.tr("&Console"))
        self.console_menu = console_menu
        console_menu.addAction(self.start_action)
        console_menu.addAction(self.send_break_action)
        console_menu.addSeparator()
        console_menu.addAction(self.close_tab_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu
        view_menu.addAction(self.screen_action)
        view_menu.addAction(self.serial_action)
        view_menu.addSeparator()
        view_menu.addAction(self.full_screen_action)

    # ---------------------------------------------------------------- tabs

    def open_vm(self, session: Session, uuid: str) -> VmConsoleTab:
        """The VM's tab (made on first use), made current; the window shown and raised."""
        key = (session.uri, uuid)
        tab = self._tabs.get(key)
        if tab is None:
            tab = VmConsoleTab(session, uuid, self.tabs)
            self._tabs[key] = tab
            tab.title_changed.connect(lambda t=tab: self._retitle(t))
            tab.status_changed.connect(lambda t=tab: self._tab_status_changed(t))
            self.tabs.addTab(tab, tab.name)
            self._retitle(tab)
            self.tab_opened.emit(session.uri, uuid)
        self.tabs.setCurrentWidget(tab)
        self.show()
        self.raise_()
        self.activateWindow()
        return tab

    def tab(self, uri: str, uuid: str) -> VmConsoleTab | None:
        return self._tabs.get((uri, uuid))

    def all_tabs(self) -> list[VmConsoleTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def current_tab(self) -> VmConsoleTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, VmConsoleTab) else None

    def _with_tab(self, function: object) -> None:
        tab = self.current_tab()
        if tab is not None and callable(function):
            function(tab)

    def _retitle(self, tab: VmConsoleTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.tabs.setTabText(index, tab.name)
            self.tabs.setTabToolTip(index, f"{tab.name} — {tab.session.label}")
        if tab is self.current_tab():
            self._current_changed()

    def _close_tab_at(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if not isinstance(widget, VmConsoleTab):
            return
        self._tabs.pop((widget.session.uri, widget.uuid), None)
        widget.close_console()
        self.tabs.removeTab(index)
        widget.deleteLater()
        if not self._tabs:
            self.close()

    def close_all(self) -> None:
        """Close every console (their ssh tunnels end with them)."""
        for tab in list(self._tabs.values()):
            tab.close_console()
        self._tabs.clear()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_all()
        super().closeEvent(event)

    # --------------------------------------------------------------- state

    def _tab_status_changed(self, tab: VmConsoleTab) -> None:
        if tab is self.current_tab():
            self._current_changed()

    def _current_changed(self) -> None:
        tab = self.current_tab()
        has_tab = tab is not None
        running = tab is not None and tab.running and not tab.showing_stopped
        serial = tab is not None and tab.showing_serial
        self.serial_action.setChecked(serial)
        self.screen_action.setChecked(has_tab and not serial)
        for action in (self.screen_action, self.serial_action):
            action.setEnabled(running)
        self.send_break_action.setEnabled(running and tab is not None and tab.serial.connected)
        self.start_action.setEnabled(has_tab and tab is not None and not tab.running)
        self.close_tab_action.setEnabled(has_tab)
        if tab is None:
            self.setWindowTitle(self.tr("Consoles"))
            self.status_label.setText("")
            return
        self.setWindowTitle(
            self.tr("%1 — Console — %2").replace("%1", tab.name).replace("%2", tab.session.label)
        )
        self.status_label.setText(self.status_text(tab))

    def status_text(self, tab: VmConsoleTab) -> str:
        if tab.showing_stopped:
            return tab.stopped_label.text()
        if tab.showing_serial:
            return tab.serial.status.text()
        return ""

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        self.menuBar().setVisible(not on)
        self.toolbar.setVisible(not on)
        self.statusBar().setVisible(not on)
        if self.full_screen_action.isChecked() != on:
            self.full_screen_action.setChecked(on)
