"""Turns the window's requests into awaited core calls and reports the outcome.

Every request becomes an asyncio task on the qasync loop; the window never
blocks. Failures become non-blocking notifications with libvirt's message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from kvmdesk.core.connection.demo import DEMO_LABEL, demo_uri, prepare_demo
from kvmdesk.core.connection.diagnosis import CONTEXT as DIAGNOSIS_CONTEXT
from kvmdesk.core.connection.diagnosis import Diagnosis, diagnose
from kvmdesk.core.connection.host import host_summary
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.probe import probe
from kvmdesk.core.connection.session import Session
from kvmdesk.core.console.tunnel import close_all as close_all_tunnels
from kvmdesk.core.domain.actions import DomainAction, action_allowed
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.host import HostSummary
from kvmdesk.core.types.snapshots import DomainSnapshot, VolumeRef
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.deferred import Deferred
from kvmdesk.core.util.uri_programs import UriChannel
from kvmdesk.models.common import DomainKey
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.notifications import Level, NotificationAction
from kvmdesk.ui.common.tasks import TaskSet
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog, ForceOffDialog
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from kvmdesk.ui.main.nic_editing import NicEditing
from kvmdesk.ui.main.recovery import RecoveryOffers
from kvmdesk.ui.main.window import DELETE, MainWindow
from kvmdesk.ui.storage.window import StorageWindow
from kvmdesk.ui.vnet.window import VirtualNetworksWindow

if TYPE_CHECKING:  # imported when first opened (core/util/deferred.py)
    from kvmdesk.ui.console.window import ConsoleWindow
    from kvmdesk.ui.create.launcher import VmCreationFlow
    from kvmdesk.ui.hostnet.window import HostInterfacesWindow
    from kvmdesk.ui.netmap.window import MapActions, NetworkMapWindow
    from kvmdesk.ui.settings.window import NicHooks, SettingsWindow, SettingsWindows
    from kvmdesk.ui.snapshot.flows import SnapshotFlows

_CONSOLE_WINDOW: Deferred[type[ConsoleWindow]] = Deferred(
    "kvmdesk.ui.console.window", "ConsoleWindow"
)
_VM_CREATION_FLOW: Deferred[type[VmCreationFlow]] = Deferred(
    "kvmdesk.ui.create.launcher", "VmCreationFlow"
)
_HOST_INTERFACES_WINDOW: Deferred[type[HostInterfacesWindow]] = Deferred(
    "kvmdesk.ui.hostnet.window", "HostInterfacesWindow"
)
_NETWORK_MAP_WINDOW: Deferred[type[NetworkMapWindow]] = Deferred(
    "kvmdesk.ui.netmap.window", "NetworkMapWindow"
)
_MAP_ACTIONS: Deferred[type[MapActions]] = Deferred("kvmdesk.ui.netmap.window", "MapActions")
_SETTINGS_WINDOWS: Deferred[type[SettingsWindows]] = Deferred(
    "kvmdesk.ui.settings.window", "SettingsWindows"
)
_NIC_HOOKS: Deferred[type[NicHooks]] = Deferred("kvmdesk.ui.settings.window", "NicHooks")
_SNAPSHOT_FLOWS: Deferred[type[SnapshotFlows]] = Deferred(
    "kvmdesk.ui.snapshot.flows", "SnapshotFlows"
)

WindowT = TypeVar("WindowT", bound=QWidget)

log = logging.getLogger(__name__)

STATS_INTERVAL_MS = 2000
# The saved-list notification names this many problems, then counts the rest.
CONFIG_PROBLEMS_SHOWN = 8
# Connection failures this close together make one notification.
FAILURE_GATHER_MS = 300


class Controller(QObject):
    """Owns the window's side effects: actions, connections, details and stats."""

    def __init__(self, inventory: Inventory, window: MainWindow) -> None:
        super().__init__(window)
        self.inventory = inventory
        self.window = window
        self._task_set = TaskSet(self._report)
        self._stats_busy: set[str] = set()
        self._details_for: DomainKey | None = None
        self._hosts: dict[str, HostSummary] = {}
        self._reading_hosts: set[str] = set()
        window.action_requested.connect(self.request_action)
        window.add_connection_requested.connect(self.open_add_connection)
        window.connect_requested.connect(lambda uri: self._spawn(self._connect(uri)))
        window.disconnect_requested.connect(lambda uri: self._spawn(self._disconnect(uri)))
        window.remove_connection_requested.connect(lambda uri: self._spawn(inventory.remove(uri)))
        window.autoconnect_toggled.connect(self._set_autoconnect)
        window.selection_changed.connect(self._on_selection)
        window.summary_shown.connect(self._fill_host_summary)
        window.hub.connection_state_changed.connect(self._on_connection_state)
        window.virtual_networks_requested.connect(self.open_virtual_networks)
        self.virtual_network_windows: dict[str, VirtualNetworksWindow] = {}
        window.host_interfaces_requested.connect(self.open_host_interfaces)
        self.host_interface_windows: dict[str, HostInterfacesWindow] = {}
        window.network_map_requested.connect(self.open_network_map)
        self.network_map_windows: dict[str, NetworkMapWindow] = {}
        window.storage_requested.connect(self.open_storage)
        self.storage_windows: dict[str, StorageWindow] = {}
        window.console_requested.connect(self.open_consoles)
        window.details.thumbnail.clicked.connect(
            lambda: self.open_consoles(self.window.selected_keys())
        )
        self.console_window: ConsoleWindow | None = None
        self.nic_editing = NicEditing(inventory, window, self._spawn, self.notify_error, self)
        self.recovery_offers = RecoveryOffers(inventory, window.notifications, self._spawn, self)
        # Settings, snapshots, clones and VM creation are made on first use.
        self._settings_windows: SettingsWindows | None = None
        self._snapshot_flows: SnapshotFlows | None = None
        self._vm_creation: VmCreationFlow | None = None
        window.settings_requested.connect(self.open_settings)
        window.snapshots_requested.connect(lambda keys: self.snapshot_flows.open_snapshots(keys))
        window.clone_requested.connect(lambda keys: self.snapshot_flows.clone(keys))
        window.new_vm_requested.connect(lambda uri: self.vm_creation.open(uri))
        self.stats_timer = QTimer(self)
        self.stats_timer.setInterval(STATS_INTERVAL_MS)
        self.stats_timer.timeout.connect(self.sample_visible_stats)
        self.stats_timer.start()
        self._reported_errors: dict[str, str] = {}
        self._failed_connections: dict[str, tuple[str, str]] = {}  # uri: (label, why)
        self._failure_timer = QTimer(self)
        self._failure_timer.setSingleShot(True)
        self._failure_timer.setInterval(FAILURE_GATHER_MS)
        self._failure_timer.timeout.connect(self.report_failed_connections)
        inventory.save_failed.connect(self._save_failed)
        self.report_config_problems()

    @property
    def settings_windows(self) -> SettingsWindows:
        if self._settings_windows is None:
            editing = self.nic_editing
            hooks = _NIC_HOOKS.get()(
                editing.add_nic_for, editing.edit_nic_for, editing.remove_nic_for
            )
            self._settings_windows = _SETTINGS_WINDOWS.get()(self.window, hooks)
        return self._settings_windows

    @property
    def snapshot_flows(self) -> SnapshotFlows:
        if self._snapshot_flows is None:
            self._snapshot_flows = _SNAPSHOT_FLOWS.get()(
                self.inventory, self.window, self._spawn, self.window.notifications.notify, self
            )
        return self._snapshot_flows

    @property
    def vm_creation(self) -> VmCreationFlow:
        if self._vm_creation is None:
            self._vm_creation = _VM_CREATION_FLOW.get()(
                self.inventory, self.window, self._spawn, self.window.notifications.notify, self
            )
        return self._vm_creation

    # ----------------------------------------------------------- plumbing

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self._task_set.spawn(coroutine)

    def _report(self, expected: bool, message: str) -> None:
        title = self.tr("Operation failed") if expected else self.tr("Unexpected error")
        self.notify_error(title, message)

    def notify_error(self, title: str, message: str) -> None:
        self.window.notifications.notify(title, message, Level.ERROR)

    def first_lines(self, every: list[str]) -> list[str]:
        """The first items of a grouped notification, then how many more there are."""
        lines = every[:CONFIG_PROBLEMS_SHOWN]
        if len(every) > CONFIG_PROBLEMS_SHOWN:
            lines.append(self.tr("… and %n more", "", len(every) - CONFIG_PROBLEMS_SHOWN))
        return lines

    def notify_grouped(
        self, title: str, message: str, items: list[str], level: Level = Level.ERROR
    ) -> None:
        """One notification for many failures of one action; all of them behind "Show all"."""
        shown = items if len(items) > CONFIG_PROBLEMS_SHOWN else []
        self.window.notifications.notify(title, message, level, shown)

    async def wait_idle(self) -> None:
        """Until every task started so far has finished (tests, screenshots)."""
        await self._task_set.wait_idle()

    # ------------------------------------------------------------ actions

    def _snapshots(self, keys: Sequence[DomainKey]) -> list[tuple[Session, DomainSnapshot]]:
        found = []
        for connection, uuid in keys:
            session = self.inventory.sessions.get(connection)
            if session is not None and uuid in session.domains:
                found.append((session, session.domains[uuid]))
        return found

    def request_action(self, verb: str, keys: list[DomainKey]) -> None:
        targets = self._snapshots(keys)
        if not targets:
            return
        if verb == DELETE:
            self._spawn(self._confirm_delete(targets))
            return
        action = DomainAction(verb)
        targets = [
            (s, d) for s, d in targets if action_allowed(action, d.state, persistent=d.persistent)
        ]
        if not targets:
            return
        if action is DomainAction.DESTROY:
            dialog = ForceOffDialog([d.name for _, d in targets], self.window)
            run_dialog(
                dialog,
                lambda result: (
                    self._spawn(self._perform(action, targets))
                    if result == QDialog.DialogCode.Accepted
                    else None
                ),
            )
            return
        self._spawn(self._perform(action, targets))

    async def _perform(
        self, action: DomainAction, targets: list[tuple[Session, DomainSnapshot]]
    ) -> None:
        results = await asyncio.gather(
            *(session.lifecycle.perform(domain.uuid, action) for session, domain in targets),
            return_exceptions=True,
        )
        failed: list[tuple[DomainSnapshot, KvmdeskError]] = []
        asked: list[str] = []
        for (session, domain), result in zip(targets, results, strict=True):
            if isinstance(result, KvmdeskError):
                failed.append((domain, result))
            elif isinstance(result, BaseException):
                raise result
            elif action in (DomainAction.REBOOT, DomainAction.SHUTDOWN):
                # Requests to the guest (ACPI): when it ignores one, libvirt reports
                # nothing, so the log says it was sent. Other actions' own libvirt
                # events (started, suspended, …) are their lines.
                session.log_event(
                    ObjectKind.DOMAIN, domain.name, domain.uuid, f"{action} requested", ""
                )
                asked.append(domain.name)
        if asked:
            self._notify_request_sent(action, asked)
        if len(failed) == 1 and len(targets) == 1:
            domain, error = failed[0]
            self.notify_error(
                self.tr("Could not %1 %2")
                .replace("%1", self.action_verb(action))
                .replace("%2", domain.name),
                str(error),
            )
        elif failed:
            # One notification for the whole selection: which VMs it did, which not, and why.
            done = [d.name for _, d in targets if all(d.uuid != f.uuid for f, _ in failed)]
            every = [f"{domain.name}: {error}" for domain, error in failed]
            lines = self.first_lines(every)
            if done:
                lines.append(self.tr("Done: %1").replace("%1", ", ".join(done)))
            self.notify_grouped(
                self.tr("Could not %1 %2 of %3 VMs")
                .replace("%1", self.action_verb(action))
                .replace("%2", str(len(failed)))
                .replace("%3", str(len(targets))),
                "\n".join(lines),
                every,
            )

    def action_verb(self, action: DomainAction) -> str:
        """The verb of "Could not %1 …" in the user's language."""
        verbs = {
            DomainAction.START: self.tr("start"),
            DomainAction.SHUTDOWN: self.tr("shutdown"),
            DomainAction.REBOOT: self.tr("reboot"),
            DomainAction.DESTROY: self.tr("destroy"),
            DomainAction.SUSPEND: self.tr("suspend"),
            DomainAction.RESUME: self.tr("resume"),
            DomainAction.UNDEFINE: self.tr("undefine"),
        }
        return verbs.get(action, str(action))

    def _notify_request_sent(self, action: DomainAction, names: list[str]) -> None:
        """Say that a request the row cannot show went out (the guest acts on it, or not)."""
        listed = ", ".join(names)
        if action is DomainAction.REBOOT:
            title = self.tr("Reboot requested: %1").replace("%1", listed)
            message = self.tr(
                "The guest restarts when its operating system handles the request. If nothing "
                "happens, it ignores ACPI: use Force off, then Start."
            )
        else:
            title = self.tr("Shutdown requested: %1").replace("%1", listed)
            message = self.tr(
                "The guest shuts down when its operating system handles the request. If it "
                "keeps running, it ignores ACPI: use Force off."
            )
        self.window.notifications.notify(title, message, Level.INFO)

    async def _confirm_delete(self, targets: list[tuple[Session, DomainSnapshot]]) -> None:
        volumes: list[VolumeRef] = []
        owners: dict[str, tuple[Session, DomainSnapshot]] = {}
        for session, domain in targets:
            for volume in await session.lifecycle.volumes_of(domain.uuid):
                volumes.append(volume)
                owners[volume.path] = (session, domain)
        dialog = DeleteDialog(
            [d.name for _, d in targets],
            volumes,
            running=[d.name for _, d in targets if d.state.is_active],
            parent=self.window,
        )
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        chosen = {v.path for v in dialog.chosen_volumes()}
        failed: list[tuple[str, str]] = []
        for session, domain in targets:
            mine = [
                v for v in volumes if v.path in chosen and owners[v.path][1].uuid == domain.uuid
            ]
            try:
                await session.lifecycle.delete(domain.uuid, mine)
            except KvmdeskError as error:
                failed.append((domain.name, str(error)))
        if len(failed) == 1 and len(targets) == 1:
            name, error_text = failed[0]
            self.notify_error(self.tr("Could not delete %1").replace("%1", name), error_text)
        elif failed:
            # One notification however many failed (five would push the rest out of view).
            every = [f"{name}: {error_text}" for name, error_text in failed]
            lines = self.first_lines(every)
            self.notify_grouped(
                self.tr("Could not delete %1 of %2 VMs")
                .replace("%1", str(len(failed)))
                .replace("%2", str(len(targets))),
                "\n".join(lines),
                every,
            )

    # -------------------------------------------------------- connections

    def report_config_problems(self) -> None:
        """One notification for everything the saved connection list held that was not used."""
        report = self.inventory.config_report
        if not report:
            return
        lines = [str(problem) for problem in report.problems[:CONFIG_PROBLEMS_SHOWN]]
        hidden = len(report.problems) - len(lines)
        if hidden > 0:
            lines.append(self.tr("… and %n more", "", hidden))
        if report.kept_aside is not None:
            lines.append(
                self.tr("The file as it was is kept as %1").replace("%1", str(report.kept_aside))
            )
            if any(problem.item == "the file" for problem in report.problems):
                lines.append(
                    self.tr(
                        "Its connections are not loaded. To use them again, correct that "
                        "file and rename it to %1 while kvmdesk is closed."
                    ).replace("%1", report.path.name)
                )
        if not report.writable:
            lines.append(self.tr("kvmdesk will not change the file during this session."))
        title = self.tr("Some saved connections were not used (%1)").replace("%1", str(report.path))
        self.notify_grouped(
            title, "\n".join(lines), [str(p) for p in report.problems], Level.WARNING
        )

    def _save_failed(self, reason: str) -> None:
        self.notify_error(
            self.tr("Connection list not saved"),
            self.tr(
                "The change holds until kvmdesk quits, but it is not saved: %1. Check that "
                "the folder exists and can be written, then change the list again."
            ).replace("%1", reason),
        )

    def open_add_connection(self) -> None:
        reason = self.inventory.unsaved_reason
        dialog = AddConnectionDialog(
            existing_uris=list(self.inventory.sessions),
            parent=self.window,
            saved=self.inventory.saves,
            unsaved_reason=self.tr(
                "The connection list cannot be saved (%1): a connection added now works "
                "until kvmdesk quits, then it is gone."
            ).replace("%1", reason)
            if reason
            else "",
            tester=lambda uri, consent: probe(
                uri,
                self.inventory.credentials,
                timeout=self.inventory.connect_timeout,
                consent=consent,
            ),
        )

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            spec = dialog.value()
            try:
                session = self.inventory.add(
                    spec.uri,
                    autoconnect=spec.autoconnect,
                    channel=UriChannel.DIALOG,
                    consent=spec.consent,
                )
            except BadInput as error:
                self.notify_error(self.tr("Connection not added"), str(error))
                return
            self._spawn(session.connect())

        # The connection is listed as soon as Add is clicked, before the loop turns.
        run_dialog(dialog, answered)

    def open_from_another_launch(self, uris: Sequence[str], demo: bool) -> None:
        """A second ``kvmdesk`` handed over its connections: raise the window, open them.

        They come from another process, not from this app's own command line: admitted
        as :attr:`UriChannel.EXTERNAL`, so one that runs a program is refused, and none
        is saved in the connection list.
        """
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        if demo:
            self.open_demo()
        self._open_each([(uri, "", None) for uri in uris], UriChannel.EXTERNAL)

    def open_demo(self) -> None:
        """Add the built-in demo inventory (libvirt's test driver) and connect to it."""
        self._open_each([(demo_uri(), DEMO_LABEL, prepare_demo)], UriChannel.DIALOG)

    def _open_each(
        self,
        wanted: Sequence[tuple[str, str, Callable[[Any], None] | None]],
        channel: UriChannel,
    ) -> None:
        for uri, label, prepare in wanted:
            try:
                session = self.inventory.add(
                    uri,
                    label=label,
                    remember=False,
                    prepare=prepare,
                    channel=channel,
                )
            except BadInput as error:
                self.notify_error(self.tr("Connection not added"), str(error))
                continue
            self._spawn(session.connect())

    async def _connect(self, uri: str) -> None:
        session = self.inventory.sessions.get(uri)
        if session is not None:
            await session.connect()

    async def _disconnect(self, uri: str) -> None:
        session = self.inventory.sessions.get(uri)
        if session is not None:
            await session.disconnect()

    def _set_autoconnect(self, uri: str, autoconnect: bool) -> None:
        self.inventory.set_autoconnect(uri, autoconnect)
        self.window.hub.connections.set_autoconnect(uri, autoconnect)

    def _on_connection_state(self, uri: str) -> None:
        session = self.inventory.sessions.get(uri)
        if session is None:
            return
        if session.state is ConnectionState.ERROR and session.message:
            if self._reported_errors.get(uri) != session.message:
                self._reported_errors[uri] = session.message
                # Gathered for a moment: many saved connections failing at start-up
                # make one notification, not one each (the newest five would hide the rest).
                self._failed_connections[uri] = (session.label, session.message)
                if not self._failure_timer.isActive():
                    self._failure_timer.start()
        elif session.state is ConnectionState.CONNECTED:
            self._reported_errors.pop(uri, None)
            self._failed_connections.pop(uri, None)

    def report_failed_connections(self) -> None:
        """Report the connection failures gathered so far now (also before a screenshot)."""
        self._failure_timer.stop()
        failed = []
        for uri, (label, message) in self._failed_connections.items():
            diagnosis = diagnose(uri, message)
            if diagnosis is None:
                failed.append((label, message))
            else:
                self._notify_diagnosis(label, message, diagnosis)
        self._failed_connections.clear()
        if len(failed) == 1:
            label, message = failed[0]
            self.notify_error(self.tr("Cannot connect to %1").replace("%1", label), message)
        elif failed:
            every = [f"{label}: {message}" for label, message in failed]
            self.notify_grouped(
                self.tr("Cannot connect to %n connection(s)", "", len(failed)),
                "\n".join(self.first_lines(every)),
                every,
            )

    def _notify_diagnosis(self, label: str, message: str, diagnosis: Diagnosis) -> None:
        """A failure kvmdesk recognises: what it means, the commands, and the demo."""
        commands = "\n".join(diagnosis.commands)
        explanation = QCoreApplication.translate(DIAGNOSIS_CONTEXT, diagnosis.explanation).replace(
            "%1", diagnosis.argument
        )
        self.window.notifications.notify(
            QCoreApplication.translate(DIAGNOSIS_CONTEXT, diagnosis.title),
            f"{label}: {explanation}\n\n{commands}",
            Level.ERROR,
            [message],
            details_title=self.tr("libvirt's message"),
            actions=(
                NotificationAction(
                    self.tr("Copy commands"),
                    lambda: QGuiApplication.clipboard().setText(commands),
                    "copyCommands",
                ),
                NotificationAction(self.tr("Open the demo"), self.open_demo, "openDemo"),
            ),
        )

    def open_settings(self, keys: list[DomainKey]) -> SettingsWindow | None:
        """The settings window of each chosen VM (the last one returned)."""
        opened = None
        for session, snapshot in self._snapshots(keys):
            opened = self.settings_windows.open(session, snapshot.uuid)
        return opened

    def open_virtual_networks(self, uri: str, network: str = "") -> VirtualNetworksWindow | None:
        """One virtual-networks window per connection, raised if already open."""
        window = self._one_per_connection(
            self.virtual_network_windows, uri, lambda s: VirtualNetworksWindow(s, self.window)
        )
        if window is not None and network:
            window.select(network)
        return window

    def open_storage(self, uri: str, pool: str = "") -> StorageWindow | None:
        """One storage window per connection, raised if already open."""
        window = self._one_per_connection(
            self.storage_windows, uri, lambda s: StorageWindow(s, self.window)
        )
        if window is not None and pool:
            window.select_pool(pool)
        return window

    def open_host_interfaces(self, uri: str) -> HostInterfacesWindow | None:
        """One host-interface window per connection, raised if already open."""
        return self._one_per_connection(
            self.host_interface_windows,
            uri,
            lambda s: _HOST_INTERFACES_WINDOW.get()(
                s, self.window, fallback_notify=self.window.notifications.notify
            ),
        )

    def open_network_map(self, uri: str) -> NetworkMapWindow | None:
        """One network map per connection, raised if already open; its clicks open editors."""
        return self._one_per_connection(
            self.network_map_windows, uri, lambda s: self._make_network_map(s)
        )

    def _make_network_map(self, session: Session) -> NetworkMapWindow:
        uri = session.uri

        def edit_nic(uuid: str, mac: str) -> None:
            self.nic_editing.edit_nic_for(session, uuid, mac, self.network_map_windows.get(uri))

        def edit_network(name: str) -> None:
            window = self.open_virtual_networks(uri, name)
            if window is not None:
                window.edit_selected()

        def edit_bond(name: str) -> None:
            self._spawn(self._edit_bond(uri, name))

        actions = _MAP_ACTIONS.get()(edit_nic, edit_network, edit_bond)
        return _NETWORK_MAP_WINDOW.get()(session, actions, self.window)

    async def _edit_bond(self, uri: str, name: str) -> None:
        """The host-interfaces window with the bond dialog for ``name`` (its safe apply)."""
        window = self.open_host_interfaces(uri)
        if window is None:
            return
        await window.wait_idle()  # its backend and list are loaded
        window.select(name)
        window.edit_selected()

    def open_consoles(self, keys: list[DomainKey]) -> ConsoleWindow | None:
        """The console window with a tab for each of these VMs, the last one current."""
        targets = self._snapshots(keys)
        if not targets:
            return None
        window = self.consoles()
        for session, snapshot in targets:
            window.open_vm(session, snapshot.uuid)
        return window

    def consoles(self) -> ConsoleWindow:
        """The console window, made on first use (it deletes itself when closed)."""
        if self.console_window is None:
            self.console_window = _CONSOLE_WINDOW.get()(self.window)
            self.console_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.console_window.destroyed.connect(lambda _obj=None: self._console_closed())
        return self.console_window

    def _console_closed(self) -> None:
        self.console_window = None

    def close_consoles(self) -> None:
        """Close every console and end every ssh tunnel (when the app quits)."""
        if self.console_window is not None:
            self.console_window.close_all()
        close_all_tunnels()

    def _one_per_connection(
        self, windows: dict[str, WindowT], uri: str, make: Callable[[Session], WindowT]
    ) -> WindowT | None:
        """The connection's window from ``windows`` (made on first use), shown and raised."""
        session = self.inventory.sessions.get(uri)
        if session is None:
            return None
        window = windows.get(uri)
        if window is None:
            window = make(session)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _obj=None, u=uri: windows.pop(u, None))
            windows[uri] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # ---------------------------------------------------- details & stats

    def _on_selection(self, keys: list[DomainKey]) -> None:
        if len(keys) == 1:
            self.window.details.thumbnail.follow(
                self.inventory.sessions.get(keys[0][0]), keys[0][1]
            )
        else:
            self.window.details.thumbnail.follow(None)
        if len(keys) != 1:
            self._details_for = None
            return
        self._details_for = keys[0]
        self.window.details.show_details(None)
        self._spawn(self._load_details(keys[0]))

    def _fill_host_summary(self, uri: str) -> None:
        """The host's figures for the summary: read once per connection while it is up."""
        session = self.inventory.sessions.get(uri)
        if session is None or not session.connected:
            self._hosts.pop(uri, None)
            self.window.details.summary.show_host(None)
            return
        known = self._hosts.get(uri)
        if known is not None:
            self.window.details.summary.show_host(known)
        elif uri not in self._reading_hosts:
            self._reading_hosts.add(uri)
            self._spawn(self._read_host(session))

    async def _read_host(self, session: Session) -> None:
        try:
            host = await host_summary(session)
        except KvmdeskError:
            return  # the connection went; its state change shows the summary again
        finally:
            self._reading_hosts.discard(session.uri)
        self._hosts[session.uri] = host
        if self.window.details.summary.uri == session.uri:
            self.window.details.summary.show_host(host)

    async def _load_details(self, key: DomainKey) -> None:
        session = self.inventory.sessions.get(key[0])
        if session is None:
            return
        try:
            details = await session.lifecycle.details(key[1])
        except KvmdeskError:
            return  # the domain vanished meanwhile; its removal event updates the pane
        if self._details_for == key:
            self.window.details.show_details(details)

    def sample_visible_stats(self) -> None:
        """One bulk stats call per connection, for the running domains on screen."""
        by_connection: dict[str, list[str]] = {}
        for connection, uuid in self.window.visible_keys():
            by_connection.setdefault(connection, []).append(uuid)
        for connection, uuids in by_connection.items():
            session = self.inventory.sessions.get(connection)
            if session is None or not session.connected or connection in self._stats_busy:
                continue
            running = [
                u for u in uuids if u in session.domains and session.domains[u].state.is_active
            ]
            if running:
                self._stats_busy.add(connection)
                self._spawn(self._sample(session, running))

    async def _sample(self, session: Session, uuids: list[str]) -> None:
        try:
            await session.sampler.sample(uuids)
        except KvmdeskError as error:
            log.info("%s: stats failed: %s", session.label, error)
        finally:
            self._stats_busy.discard(session.uri)
