"""The console window: a window of its own with one tab per VM, several VMs at once.

Opening a VM that already has a tab brings that tab forward. The toolbar and menus act
on the current tab: its Screen (scaling, full screen, keyboard grab, keys, clipboard,
screenshot) and its Serial console (send break); the status line says what the current
view shows and over which path it is connected.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from kvmdesk.core.connection.session import Session
from kvmdesk.models.icons import ActionIcon, action_icon
from kvmdesk.models.text import safe_name, safe_tooltip, tab_text
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.console.vm_tab import VmConsoleTab
from kvmdesk.ui.console.vnc_view import ScaleMode

TabKey = tuple[str, str]  # (connection URI, domain UUID)
ZOOMS = (0.5, 0.75, 1.25, 1.5, 2.0)


def send_key_combos() -> list[tuple[str, tuple[str, ...]]]:
    """The "Send key" menu: (label, key names for VncView.send_keys)."""
    combos: list[tuple[str, tuple[str, ...]]] = [
        (QCoreApplication.translate("ConsoleWindow", "Ctrl+Alt+Del"), ("ctrl", "alt", "delete")),
        (
            QCoreApplication.translate("ConsoleWindow", "Ctrl+Alt+Backspace"),
            ("ctrl", "alt", "backspace"),
        ),
    ]
    combos += [
        (
            QCoreApplication.translate("ConsoleWindow", "Ctrl+Alt+F%1").replace("%1", str(n)),
            ("ctrl", "alt", f"f{n}"),
        )
        for n in range(1, 13)
    ]
    combos.append((QCoreApplication.translate("ConsoleWindow", "PrintScreen"), ("print",)))
    return combos


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
        self.status_label = PlainLabel(self)
        self.status_label.setObjectName("consoleStatus")
        self.statusBar().addWidget(self.status_label, 1)
        self._build_actions()
        self._build_menus()
        self._current_changed()

    # ----------------------------------------------------------- building

    def _action(
        self, name: str, text: str, shortcut: str = "", icon: ActionIcon | None = None
    ) -> QAction:
        action = QAction(action_icon(icon) if icon else QIcon(), text, self)
        action.setObjectName(f"console_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(safe_tooltip(f"{text.replace('&', '').rstrip('…')} ({shortcut})"))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.screen_action = self._action(
            "screen", self.tr("S&creen"), "Ctrl+Alt+1", ActionIcon.SCREEN
        )
        self.screen_action.setCheckable(True)
        self.screen_action.triggered.connect(lambda: self._with_tab(VmConsoleTab.show_screen))
        self.scale_group = QActionGroup(self)
        self.fit_action = self._action("fit", self.tr("Scale to &fit"), "", ActionIcon.ZOOM_FIT)
        self.one_to_one_action = self._action(
            "one_to_one", self.tr("&1:1 (guest pixels)"), "", ActionIcon.ZOOM_ORIGINAL
        )
        self.zoom_menu = QMenu(self.tr("&Zoom"), self)
        self.zoom_actions: dict[float, QAction] = {}
        for action in (self.fit_action, self.one_to_one_action):
            action.setCheckable(True)
            self.scale_group.addAction(action)
        self.fit_action.setChecked(True)
        self.fit_action.triggered.connect(lambda: self._scale(ScaleMode.FIT))
        self.one_to_one_action.triggered.connect(lambda: self._scale(ScaleMode.ONE_TO_ONE))
        for zoom in ZOOMS:
            action = self._action(
                f"zoom_{int(zoom * 100)}", self.tr("%1 %").replace("%1", str(int(zoom * 100)))
            )
            action.setCheckable(True)
            self.scale_group.addAction(action)
            action.triggered.connect(lambda _c=False, z=zoom: self._scale(ScaleMode.ZOOM, z))
            self.zoom_menu.addAction(action)
            self.zoom_actions[zoom] = action
        self.grab_action = self._action("grab", self.tr("&Keyboard grab"), "", ActionIcon.KEYBOARD)
        self.grab_action.setCheckable(True)
        self.grab_action.toggled.connect(self._set_grab)
        self.send_key_menu = QMenu(self.tr("Send &key"), self)
        self.send_key_menu.setObjectName("sendKeyMenu")
        self.send_key_menu.setIcon(action_icon(ActionIcon.SEND_KEY))
        for label, combo in send_key_combos():
            action = self.send_key_menu.addAction(label)
            action.setData(combo)
            action.triggered.connect(lambda _c=False, k=combo: self._send_keys(k))
        self.type_clipboard_action = self._action(
            "type_clipboard", self.tr("&Type clipboard text"), "", ActionIcon.CLIPBOARD
        )
        self.type_clipboard_action.setToolTip(
            safe_tooltip(
                self.tr(
                    "Type the clipboard's text into the VM as key presses (no guest agent needed)"
                )
            )
        )
        self.type_clipboard_action.triggered.connect(self._type_clipboard)
        self.clipboard_sync_action = self._action("clipboard_sync", self.tr("Share the &clipboard"))
        self.clipboard_sync_action.setCheckable(True)
        self.clipboard_sync_action.setChecked(True)
        self.clipboard_sync_action.setToolTip(
            safe_tooltip(
                self.tr("Take text the VM puts on its clipboard; send ours with “Send clipboard”")
            )
        )
        self.clipboard_sync_action.toggled.connect(self._set_clipboard_sync)
        self.send_clipboard_action = self._action("send_clipboard", self.tr("Send c&lipboard"))
        self.send_clipboard_action.triggered.connect(self._send_clipboard)
        self.screenshot_action = self._action(
            "screenshot", self.tr("Save &screenshot…"), "Ctrl+Alt+S", ActionIcon.SNAPSHOT
        )
        self.screenshot_action.triggered.connect(self._save_screenshot)
        self.serial_action = self._action(
            "serial", self.tr("Se&rial"), "Ctrl+Alt+2", ActionIcon.SERIAL
        )
        self.serial_action.setCheckable(True)
        self.serial_action.triggered.connect(lambda: self._with_tab(VmConsoleTab.show_serial))
        self.full_screen_action = self._action(
            "full_screen", self.tr("&Full screen"), "F11", ActionIcon.FULL_SCREEN
        )
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.toggled.connect(self.set_full_screen)
        self.send_break_action = self._action("send_break", self.tr("Send &break"))
        self.send_break_action.triggered.connect(
            lambda: self._with_tab(lambda t: t.serial.send_break())
        )
        self.start_action = self._action("start", self.tr("&Start"), "", ActionIcon.START)
        self.start_action.triggered.connect(lambda: self._with_tab(VmConsoleTab.start_vm))
        self.close_tab_action = self._action(
            "close_tab", self.tr("&Close tab"), "Ctrl+W", ActionIcon.CLOSE
        )
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
        toolbar.addAction(self.fit_action)
        toolbar.addAction(self.one_to_one_action)
        zoom_button = QToolButton(toolbar)
        zoom_button.setText(self.tr("Zoom"))
        zoom_button.setIcon(action_icon(ActionIcon.ZOOM_IN))
        zoom_button.setMenu(self.zoom_menu)
        zoom_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        zoom_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.zoom_button = zoom_button
        toolbar.addWidget(zoom_button)
        toolbar.addSeparator()
        send_key_button = QToolButton(toolbar)
        send_key_button.setObjectName("sendKeyButton")
        send_key_button.setText(self.tr("Send key"))
        send_key_button.setIcon(action_icon(ActionIcon.SEND_KEY))
        send_key_button.setMenu(self.send_key_menu)
        send_key_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        send_key_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.send_key_button = send_key_button
        toolbar.addWidget(send_key_button)
        toolbar.addAction(self.grab_action)
        toolbar.addAction(self.type_clipboard_action)
        toolbar.addAction(self.screenshot_action)
        toolbar.addSeparator()
        toolbar.addAction(self.send_break_action)
        toolbar.addAction(self.full_screen_action)
        self.addToolBar(toolbar)
        console_menu = self.menuBar().addMenu(self.tr("&Console"))
        self.console_menu = console_menu
        console_menu.addAction(self.start_action)
        console_menu.addMenu(self.send_key_menu)
        console_menu.addAction(self.type_clipboard_action)
        console_menu.addAction(self.send_clipboard_action)
        console_menu.addAction(self.clipboard_sync_action)
        console_menu.addAction(self.grab_action)
        console_menu.addAction(self.screenshot_action)
        console_menu.addSeparator()
        console_menu.addAction(self.send_break_action)
        console_menu.addSeparator()
        console_menu.addAction(self.close_tab_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu
        view_menu.addAction(self.screen_action)
        view_menu.addAction(self.serial_action)
        view_menu.addSeparator()
        view_menu.addAction(self.fit_action)
        view_menu.addAction(self.one_to_one_action)
        view_menu.addMenu(self.zoom_menu)
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
            self.tabs.addTab(tab, tab_text(tab.name))
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
            self.tabs.setTabText(index, tab_text(tab.name))
            self.tabs.setTabToolTip(index, safe_tooltip(f"{tab.name} — {tab.session.label}"))
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
        screen = running and tab is not None and not serial and tab.screen_page.view.is_attached()
        for action in self.scale_group.actions():
            action.setEnabled(running and not serial)
        self.zoom_button.setEnabled(running and not serial)
        for action in (
            self.grab_action,
            self.type_clipboard_action,
            self.send_clipboard_action,
            self.screenshot_action,
        ):
            action.setEnabled(screen)
        self.send_key_menu.setEnabled(screen)
        self.send_key_button.setEnabled(screen)
        if tab is not None:
            self.grab_action.blockSignals(True)
            self.grab_action.setChecked(tab.screen_page.view.keyboard_grabbed())
            self.grab_action.blockSignals(False)
            self.clipboard_sync_action.blockSignals(True)
            self.clipboard_sync_action.setChecked(tab.screen_page.clipboard_sync)
            self.clipboard_sync_action.blockSignals(False)
            mode, zoom = tab.screen_page.view.scale_mode()
            if mode is ScaleMode.FIT:
                self.fit_action.setChecked(True)
            elif mode is ScaleMode.ONE_TO_ONE:
                self.one_to_one_action.setChecked(True)
            elif zoom in self.zoom_actions:
                self.zoom_actions[zoom].setChecked(True)
        self.start_action.setEnabled(has_tab and tab is not None and not tab.running)
        self.close_tab_action.setEnabled(has_tab)
        if tab is None:
            self.setWindowTitle(self.tr("Consoles"))
            self.status_label.setText("")
            return
        self.setWindowTitle(
            self.tr("%1 — Console — %2")
            .replace("%1", safe_name(tab.name))
            .replace("%2", safe_name(tab.session.label))
        )
        self.status_label.setText(self.status_text(tab))

    def status_text(self, tab: VmConsoleTab) -> str:
        if tab.showing_stopped:
            return tab.stopped_label.text()
        if tab.showing_serial:
            return tab.serial.message
        return tab.screen_page.status_text()

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

    # ------------------------------------------------------- screen actions

    def _scale(self, mode: ScaleMode, zoom: float = 1.0) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.screen_page.set_scale_mode(mode, zoom)

    def _set_grab(self, on: bool) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.show_screen()
            tab.screen_page.set_keyboard_grab(on)
        self._current_changed()

    def _send_keys(self, combo: tuple[str, ...]) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.screen_page.send_keys(combo)

    def _type_clipboard(self) -> None:
        tab = self.current_tab()
        if tab is not None and not tab.screen_page.type_clipboard():
            self.statusBar().showMessage(self.tr("The clipboard holds no text"), 4000)

    def _send_clipboard(self) -> None:
        tab = self.current_tab()
        text = QGuiApplication.clipboard().text()
        if tab is not None and text:
            tab.screen_page.view.send_clipboard(text)

    def _set_clipboard_sync(self, on: bool) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.screen_page.clipboard_sync = on

    def _save_screenshot(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        dialog = QFileDialog(self, self.tr("Save screenshot"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PNG images (*.png)"))
        dialog.setDefaultSuffix("png")
        dialog.selectFile(f"{tab.name}.png")

        def answered(result: int) -> None:
            files = dialog.selectedFiles()
            if result and files:
                self.save_screenshot(tab, files[0])

        run_dialog(dialog, answered)

    def save_screenshot(self, tab: VmConsoleTab, path: str) -> bool:
        """Save the tab's framebuffer (guest pixels) as PNG; says so in the status bar."""
        if tab.screen_page.save_screenshot(path):
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", path), 4000)
            return True
        self.statusBar().showMessage(self.tr("Cannot write %1").replace("%1", path), 6000)
        return False
