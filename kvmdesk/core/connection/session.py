"""One libvirt connection: blocking calls off the loop, events in, snapshots out.

A :class:`Session` owns its ``virConnect``. Every libvirt call runs in the
session's own thread pool (a hung remote link never starves another
connection); events arrive on libvirt's event thread and cross to the asyncio
loop in exactly one place (see :mod:`~kvmdesk.core.connection.callbacks`).
Observers (Qt models, the CLI) connect to the session's :class:`Signal`
attributes, which fire on the loop's thread only.

The session keeps the plumbing (connecting, loading, events) and the snapshots.
The blocking reads that load it run in its pool and live in
:mod:`~kvmdesk.core.connection.fetch`; registering libvirt's callbacks lives in
:mod:`~kvmdesk.core.connection.callbacks`. What one does with a connection
lives in its sub-objects, each in its own package and each given the session as a
:class:`~kvmdesk.core.types.context.SessionContext`: ``session.lifecycle``
(domain actions), ``session.nics``, ``session.vnets`` (virtual networks),
``session.storage`` (storage pools and volumes) and ``session.sampler`` (CPU and
memory stats).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import libvirt

from kvmdesk.core.auth.credentials import CredentialProvider
from kvmdesk.core.auth.ssh_prompts import explain_failure, is_auth_failure
from kvmdesk.core.connection import early_open
from kvmdesk.core.connection.callbacks import EventCallbacks
from kvmdesk.core.connection.credential_bridge import (
    MAX_REPEATS,
    CredentialBridge,
    wait_for_open,
)
from kvmdesk.core.connection.early_open import PendingOpen
from kvmdesk.core.connection.fetch import (
    fetch_domains,
    fetch_networks,
    fetch_snapshots,
    list_domains,
)
from kvmdesk.core.connection.interrupted import InterruptedChanges
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.limits import CLOSE_TIMEOUT, CONNECT_TIMEOUT
from kvmdesk.core.connection.resync import StateResync
from kvmdesk.core.connection.sampler import StatsSampler
from kvmdesk.core.domain.lifecycle import DomainLifecycle
from kvmdesk.core.nic.service import NicService
from kvmdesk.core.storage.service import StorageService
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure, translate
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NetworkSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.children import end_processes, thread_children
from kvmdesk.core.util.deferred import Capability
from kvmdesk.core.util.uri import LibvirtUri, redact_uri, scrub_uris
from kvmdesk.core.vnet.service import VirtualNetworks

if TYPE_CHECKING:  # built on first use (core/util/deferred.py): start-up needs none of them
    from kvmdesk.core.console.service import ConsoleService
    from kvmdesk.core.create.service import VmCreation
    from kvmdesk.core.settings.service import SettingsService
    from kvmdesk.core.snapshot.clone_service import Clones
    from kvmdesk.core.snapshot.service import Snapshots

log = logging.getLogger(__name__)

T = TypeVar("T")

FIRST_BATCH = 64
BATCH = 500
# Rows handed to the views per turn of the loop while loading (each costs the sorted
# proxy a few Python comparisons on the GUI thread).
GUI_SLICE = 100
RECONNECT_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class Session:
    """A live connection to one libvirt URI, with its domains and networks."""

    # Capabilities start-up does not need, built the first time they are used.
    settings: Capability[SettingsService] = Capability(
        "kvmdesk.core.settings.service",
        "SettingsService",
        lambda session: (session._pending_restart_changed,),
    )
    snapshots: Capability[Snapshots] = Capability("kvmdesk.core.snapshot.service", "Snapshots")
    clones: Capability[Clones] = Capability("kvmdesk.core.snapshot.clone_service", "Clones")
    consoles: Capability[ConsoleService] = Capability(
        "kvmdesk.core.console.service", "ConsoleService"
    )
    create: Capability[VmCreation] = Capability("kvmdesk.core.create.service", "VmCreation")

    def __init__(
        self,
        uri: str,
        *,
        label: str = "",
        loop: asyncio.AbstractEventLoop | None = None,
        reconnect: bool = True,
        prepare: Callable[[Any], None] | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        credentials: CredentialProvider | None = None,
    ) -> None:
        self.uri = uri
        # Who answers libvirt's credential callbacks (a dialog); None: open without them.
        self.credentials = credentials
        self.connect_timeout = connect_timeout
        # What is shown and logged: never the URI's credentials.
        self.label = label or redact_uri(uri)
        self.state = ConnectionState.DISCONNECTED
        self.message = ""
        # Why the last open failed (BadInput or LibvirtFailure); the CLI's exit code.
        self.error: KvmdeskError | None = None
        self.reconnect_enabled = reconnect
        self._prepare = prepare
        self.domains: dict[str, DomainSnapshot] = {}
        self.networks: dict[str, NetworkSnapshot] = {}
        self.stats: dict[str, DomainStats] = {}

        self.state_changed: Signal[[Session]] = Signal()
        self.domains_upserted: Signal[[Session, list[DomainSnapshot]]] = Signal()
        self.domains_removed: Signal[[Session, list[str]]] = Signal()
        self.networks_upserted: Signal[[Session, list[NetworkSnapshot]]] = Signal()
        self.networks_removed: Signal[[Session, list[str]]] = Signal()
        self.stats_updated: Signal[[Session, dict[str, DomainStats]]] = Signal()
        # (session, uuid): the domain's "takes effect after restart" NICs changed.
        self.pending_restart_changed: Signal[[Session, str]] = Signal()
        self.event: Signal[[Event]] = Signal()

        self._loop = loop
        # The native IDs of the threads that run this session's libvirt calls: the
        # programs libvirt forks for the connection (ssh) are their children.
        self._threads: set[int] = set()
        # Opens begun before the session existed (early_open): their threads belong to
        # that module's pool and stay alive idle, so only an unfinished open is busy.
        self._early_opens: list[PendingOpen] = []
        self._executor = ThreadPoolExecutor(
            max_workers=4, thread_name_prefix="libvirt", initializer=self._note_thread
        )
        self._conn: Any = None
        self._callbacks = EventCallbacks(self._object_event, self._lost)
        self._handles: dict[str, Any] = {}
        self._dirty_domains: dict[str, None] = {}
        self._dirty_networks: dict[str, None] = {}
        self._refresh_task: asyncio.Task[None] | None = None
        self._reconnect_task: asyncio.Task[None] | None = None
        self._wanted = False
        self._settled = asyncio.Event()
        self._settled.set()  # disconnected is settled until a connect begins
        self._opening = False
        self._pending_open: PendingOpen | None = None
        self._loss_reason = ""
        # The credential questions of the open under way; how many opens in a row were
        # refused their credentials (the next questions say the last answer was wrong).
        self._bridge: CredentialBridge | None = None
        self._refused_opens = 0

        # What one does with the connection, one capability each; each keeps its own
        # state and is told when a domain goes (a new capability joins them here).
        self.lifecycle = DomainLifecycle(self)
        self.vnets = VirtualNetworks(self)
        self.nics = NicService(self, self._pending_restart_changed)
        self.sampler = StatsSampler(self, self._sampled)
        self.storage = StorageService(self)
        # … and settings, snapshots, clones, consoles and create above, on first use.
        # Changes a lost connection cut short, offered to finish or undo once it is back;
        # the re-reads of every object's state that follow a reconnect.
        self.interrupted = InterruptedChanges(
            lambda: self.label, lambda: self.connected, self.log_event
        )
        self.resync = StateResync(self)

    def _pending_restart_changed(self, uuid: str) -> None:
        self.pending_restart_changed.emit(self, uuid)

    def _sampled(self, stats: dict[str, DomainStats]) -> None:
        self.stats.update(stats)
        self.stats_updated.emit(self, stats)

    # ----------------------------------------------------------------- plumbing

    def _note_thread(self) -> None:
        self._threads.add(threading.get_native_id())

    def child_processes(self) -> list[int]:
        """PIDs of the programs libvirt runs for this connection (e.g. its ``ssh``)."""
        return thread_children(self._threads)

    def end_child_processes(self) -> list[int]:
        """End every program this session's libvirt calls started; their PIDs.

        A libvirt call blocked on such a program (an ssh that never answers)
        returns with an error once it has gone.
        """
        pids = self.child_processes()
        if pids:
            log.info("%s: ending %s", self.label, ", ".join(map(str, pids)))
        return end_processes(pids)

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    @property
    def connected(self) -> bool:
        return self._conn is not None

    @property
    def raw_connection(self) -> Any:
        """The ``virConnect`` itself or None, for core code and tests that drive libvirt."""
        return self._conn

    @property
    def refresh_pending(self) -> bool:
        """True while events are waiting for their objects to be fetched again."""
        return bool(self._dirty_domains or self._dirty_networks)

    def connection(self) -> Any:
        """The open ``virConnect``; :class:`LibvirtFailure` when not connected."""
        if self._conn is None:
            raise LibvirtFailure(f"not connected to {self.label}")
        return self._conn

    def handle(self, uuid: str) -> Any:
        """The ``virDomain`` with this UUID: the one cached at load, else looked up."""
        conn = self.connection()
        handle = self._handles.get(uuid)
        if handle is None:
            try:
                handle = conn.lookupByUUIDString(uuid)
            except libvirt.libvirtError as error:
                raise translate(error) from error
        return handle

    def cached_handle(self, uuid: str) -> Any | None:
        """The ``virDomain`` cached at load time (no libvirt call); None if there is none."""
        return self._handles.get(uuid)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run a blocking call in this session's pool; libvirt errors become ours.

        A ``libvirtError`` becomes :class:`BadInput` or :class:`LibvirtFailure`
        (see :func:`~kvmdesk.core.types.errors.translate`), knowing whether the
        connection is still alive.
        """
        try:
            return await self.loop.run_in_executor(self._executor, function, *args)
        except libvirt.libvirtError as error:
            raise translate(error, connection_alive=self._alive()) from error

    def _alive(self) -> bool:
        conn = self._conn
        if conn is None:
            return False
        try:
            return bool(conn.isAlive())
        except libvirt.libvirtError:
            return False

    def _set_state(self, state: ConnectionState, message: str = "") -> None:
        self.state = state
        # libvirt's messages may quote the URI: shown and logged without its credentials.
        self.message = scrub_uris(message)
        if state.is_settled:
            self._settled.set()
        else:
            self._settled.clear()
        self.state_changed.emit(self)

    async def wait_settled(self) -> None:
        """Until the current connect attempt has loaded everything or failed."""
        await self._settled.wait()

    def remember_partial(self, change: PartialChange) -> PartialChange:
        """See :class:`~kvmdesk.core.types.context.SessionContext`."""
        return self.interrupted.remember(change)

    def log_event(self, kind: ObjectKind, name: str, uuid: str, event: str, detail: str) -> None:
        """Put a line in the event log (see :class:`~kvmdesk.core.types.context.SessionContext`)."""
        self.event.emit(
            Event(
                datetime.now().astimezone(), self.label, kind, name, uuid, event, scrub_uris(detail)
            )
        )

    # --------------------------------------------------------------- connecting

    async def connect(self) -> None:
        """Open the connection and load everything; failures end in ``ERROR`` state."""
        if self._conn is not None or self._opening:
            return
        self._opening = True
        try:
            self._wanted = True
            await self._open_and_sync(retrying=False)
        finally:
            self._opening = False

    def start_open(self) -> None:
        """Start ``virConnectOpen`` on the pool now, before any loop runs.

        A large or remote connection takes a second or more to open; the app
        calls this first thing so the open overlaps Qt's start-up.
        """
        ensure_event_loop()
        if self._conn is None and self._pending_open is None:
            self._pending_open = early_open.take(self.uri) or PendingOpen(
                self._executor.submit(libvirt.open, self.uri)
            )

    def expect_connect(self) -> None:
        """Mark the session as connecting now, before its connect task first runs.

        Anyone awaiting :meth:`wait_settled` right after scheduling a connect
        then waits for that attempt instead of seeing the old settled state.
        """
        if self._conn is None and not self._opening:
            self._set_state(ConnectionState.CONNECTING)

    async def _open_and_sync(self, *, retrying: bool) -> bool:
        ensure_event_loop()
        self.error = None
        self._set_state(ConnectionState.RECONNECTING if retrying else ConnectionState.CONNECTING)
        pending, self._pending_open = self._pending_open, None
        self._bridge = None
        if pending is None or retrying:
            pending = PendingOpen(self._submit_open())
        else:
            self._early_opens.append(pending)
        asked_first = self._bridge is not None
        self._threads.update(pending.threads)
        opening = asyncio.wrap_future(pending.future, loop=self.loop)
        try:
            try:
                conn = await self._await_open(opening)
            except libvirt.libvirtError as error:
                if asked_first or self.credentials is None or not _needs_credentials(error):
                    raise
                # Opened early without a way to ask (before the window existed): again, asking.
                pending = PendingOpen(self._submit_open())
                opening = asyncio.wrap_future(pending.future, loop=self.loop)
                conn = await self._await_open(opening)
        except (libvirt.libvirtError, TimeoutError) as error:
            bridge, self._bridge = self._bridge, None
            if isinstance(error, TimeoutError):
                self._abandon_open(pending, opening)
                self.error = LibvirtFailure(self._timeout_message())
            elif bridge is not None and bridge.refused:
                self.error = LibvirtFailure(
                    f"authentication failed: {self.label} refused the answer "
                    f"{MAX_REPEATS} times; not trying again"
                )
            elif bridge is not None and bridge.cancelled:
                self.error = LibvirtFailure(
                    f"authentication cancelled: no credentials given for {self.label}"
                )
            else:
                self.error = translate(error)
            message = explain_failure(scrub_uris(self.error.args[0]))
            self.error.args = (message,)
            self._refused_opens = self._refused_opens + 1 if is_auth_failure(message) else 0
            if not self._wanted:
                return False  # cancelled meanwhile: disconnect() has said so
            if retrying:
                self._set_state(ConnectionState.RECONNECTING, message)
            else:
                self.log_event(ObjectKind.CONNECTION, self.label, "", "connect failed", message)
                self._set_state(ConnectionState.ERROR, message)
            return False
        self._bridge = None
        self._refused_opens = 0
        if not self._wanted:
            await self.loop.run_in_executor(self._executor, conn.close)
            return False
        generation = self._callbacks.next_generation()
        self._conn = conn
        try:
            if self._prepare is not None:
                await self.run(self._prepare, conn)
            await self.run(self._callbacks.register, conn, self.loop, generation)
            self._set_state(ConnectionState.LOADING)
            await self._sync()
        except KvmdeskError as error:
            self._lost(str(error))
            return False
        self._set_state(ConnectionState.CONNECTED)
        if self._dirty_domains or self._dirty_networks:
            self._schedule_refresh()  # what changed while the list was loading
        if retrying:
            self.log_event(ObjectKind.CONNECTION, self.label, "", "reconnected", "")
            self.resync.start()
            self.nics.start_reconcile()  # running NICs a lost change left unlike the saved
        self.interrupted.reconnected()
        return True

    def _submit_open(self) -> Any:
        """Start ``virConnectOpen`` (``openAuth`` when someone can answer its questions)."""
        if self.credentials is None:
            return self._executor.submit(libvirt.open, self.uri)
        self._bridge = CredentialBridge(
            self.credentials,
            self.loop,
            self.label,
            redact_uri(self.uri),
            attempt=self._refused_opens + 1,
        )
        return self._executor.submit(self._bridge.open, self.uri)

    async def _await_open(self, opening: asyncio.Future[Any]) -> Any:
        """The open's connection (see :func:`wait_for_open`)."""
        return await wait_for_open(opening, self.connect_timeout)

    def _timeout_message(self) -> str:
        try:
            where = LibvirtUri.parse(self.uri).host or self.label
        except KvmdeskError:
            where = self.label
        return f"no answer from {where} within {self.connect_timeout:g} s (connection timed out)"

    def _abandon_open(self, pending: PendingOpen, opening: asyncio.Future[Any]) -> None:
        """Give up an open that is still running: end its transport, close what it returns."""
        self._threads.update(pending.threads)
        if self._bridge is not None:
            self._bridge.cancel()
        self.end_child_processes()

        def close_late(future: asyncio.Future[Any]) -> None:
            if future.cancelled() or future.exception() is not None:
                return  # the usual end: libvirt failed once its ssh had gone
            conn = future.result()
            if conn is not self._conn:
                self._executor.submit(conn.close)

        opening.add_done_callback(close_late)

    async def disconnect(self) -> None:
        """Close the connection on request (or cancel connecting); its rows leave the views.

        Closing is bounded: when the link is dead and libvirt's close does not
        return within :data:`CLOSE_TIMEOUT`, the transport program is ended and the
        close is left to finish on its own. Connecting is cancelled the same way.
        """
        was_wanted, self._wanted = self._wanted, False
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
            self._reconnect_task = None
        conn, self._conn = self._conn, None
        if was_wanted:
            self.log_event(ObjectKind.CONNECTION, self.label, "", "disconnected", "on request")
        self._callbacks.next_generation()
        if conn is not None:
            closing = self.loop.run_in_executor(self._executor, self._callbacks.close, conn)
            try:
                await asyncio.wait_for(asyncio.shield(closing), CLOSE_TIMEOUT)
            except TimeoutError:
                log.warning("%s: close did not return; ending its transport", self.label)
                self.end_child_processes()
        elif self._opening or not self.state.is_settled:
            if self._bridge is not None:
                self._bridge.cancel()  # a credential question on screen goes away
            self.end_child_processes()  # an open under way: make libvirt give up
        self._forget_all()
        self._set_state(ConnectionState.DISCONNECTED)

    def _forget_all(self) -> None:
        self.resync.stop()
        self.nics.stop_reconcile()
        self.storage.forget_all()
        if self.domains:
            uuids = list(self.domains)
            self.domains.clear()
            self.stats.clear()
            self._handles.clear()
            self.domains_removed.emit(self, uuids)
        if self.networks:
            names = list(self.networks)
            self.networks.clear()
            self.networks_removed.emit(self, names)

    async def close(self) -> None:
        """Disconnect and release the thread pool (at shutdown); never waits on libvirt.

        Whatever the connection is doing, this returns within about
        :data:`CLOSE_TIMEOUT` plus the time to end its transport program; a worker
        thread stuck in a libvirt call is left behind (the app exits without it).
        """
        await self.disconnect()
        if (consoles := Session.consoles.built(self)) is not None:
            consoles.close_all()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.end_child_processes()

    def busy_threads(self) -> int:
        """How many of this session's threads are still in a libvirt call (after :meth:`close`).

        The session's own pool threads end when it closes unless one is stuck; the
        early opens' threads live on idle in their pool, so those count while their
        open has not returned.
        """
        alive = {thread.native_id for thread in threading.enumerate()}
        early = {tid for pending in self._early_opens for tid in pending.threads}
        unfinished = sum(1 for pending in self._early_opens if not pending.future.done())
        return len((self._threads - early) & alive) + unfinished

    # ------------------------------------------------------------ loss & retry

    def _lost(self, message: str) -> None:
        """The daemon went away: keep the rows, say so, and retry with backoff."""
        conn, self._conn = self._conn, None
        self._callbacks.next_generation()
        if conn is not None:
            self._executor.submit(self._callbacks.close, conn)
        self._loss_reason = message
        self.log_event(ObjectKind.CONNECTION, self.label, "", "disconnected", message)
        if not (self._wanted and self.reconnect_enabled):
            self._set_state(ConnectionState.ERROR, message)
            return
        self._set_state(ConnectionState.RECONNECTING, message)
        if self._reconnect_task is None or self._reconnect_task.done():
            self._reconnect_task = self.loop.create_task(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        attempt = 0
        while self._wanted and self._conn is None:
            delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
            self._set_state(
                ConnectionState.RECONNECTING,
                f"{self._loss_reason} — retrying in {delay:g} s",
            )
            await asyncio.sleep(delay)
            if not self._wanted:
                return
            if await self._open_and_sync(retrying=True):
                return
            if self._refused_opens:
                # Refused its credentials (or the user cancelled): asking again and again
                # would only repeat that. The user connects again when ready.
                self._set_state(
                    ConnectionState.ERROR,
                    f"{self.message} — connect again to enter the credentials",
                )
                return
            attempt += 1

    # ------------------------------------------------------------------ loading

    async def _sync(self) -> None:
        """Fetch every domain and network; upsert in batches, then drop the vanished."""
        await self._sync_networks()
        await self.storage.load()
        handles, transient, states = await self.run(list_domains, self.connection())
        seen: set[str] = set()
        chunks = [handles[:FIRST_BATCH]] + [
            handles[start : start + BATCH] for start in range(FIRST_BATCH, len(handles), BATCH)
        ]

        # Chunk by chunk: the pool fetches and parses (libvirt and libxml2 run
        # without the GIL), then the loop builds snapshots and hands them to the
        # views. Fetching the next chunk *while* the loop works was measured
        # slower: each of the pool's short libvirt calls then waits for the GIL
        # behind the busy loop (the convoy effect), 0.8 s instead of 0.7 s at 5,000.
        # The pool also builds the snapshots; the loop only hands them to the views, in
        # slices of GUI_SLICE rows with a turn of the loop between them, so the window
        # stays responsive however big the inventory (BENCHMARKS.md, "Bounds").
        def submit(chunk: list[Any]) -> asyncio.Future[list[tuple[Any, DomainSnapshot]]]:
            return self.loop.run_in_executor(
                self._executor, fetch_snapshots, chunk, transient, states, self.uri
            )

        fetch = submit(chunks[0])
        for number in range(len(chunks)):
            try:
                fetched = await fetch
            except libvirt.libvirtError as error:
                raise translate(error, connection_alive=self._alive()) from error
            if number + 1 < len(chunks):
                fetch = submit(chunks[number + 1])
            for start in range(0, len(fetched), GUI_SLICE):
                part = fetched[start : start + GUI_SLICE]
                for handle, snapshot in part:
                    self._handles[snapshot.uuid] = handle
                snapshots = [snapshot for _, snapshot in part]
                self._apply_domains(snapshots)
                seen.update(s.uuid for s in snapshots)
                if start + GUI_SLICE < len(fetched):
                    await asyncio.sleep(0)
        vanished = [uuid for uuid in self.domains if uuid not in seen]
        self._drop_domains(vanished)

    def _apply_domains(self, snapshots: list[DomainSnapshot]) -> None:
        changed = [s for s in snapshots if self.domains.get(s.uuid) != s]
        for snapshot in changed:
            self.domains[snapshot.uuid] = snapshot
            if not snapshot.state.is_active:
                self.stats.pop(snapshot.uuid, None)
                self.sampler.stopped(snapshot.uuid)
        if changed:
            self.domains_upserted.emit(self, changed)

    def _drop_domains(self, uuids: Iterable[str]) -> None:
        gone = [uuid for uuid in uuids if uuid in self.domains]
        for uuid in gone:
            del self.domains[uuid]
            self._handles.pop(uuid, None)
            self.stats.pop(uuid, None)
            self.sampler.forget(uuid)
            self.nics.forget(uuid)
            if (settings := Session.settings.built(self)) is not None:
                settings.forget(uuid)
            if (create := Session.create.built(self)) is not None:
                create.forget(uuid)
        if gone:
            self.domains_removed.emit(self, gone)

    async def _sync_networks(self) -> None:
        snapshots = await self.run(fetch_networks, self.connection(), self.uri, None)
        names = {s.name for s in snapshots}
        self._apply_networks(snapshots)
        self._drop_networks([name for name in self.networks if name not in names])

    def _apply_networks(self, snapshots: list[NetworkSnapshot]) -> None:
        changed = [s for s in snapshots if self.networks.get(s.name) != s]
        for snapshot in changed:
            self.networks[snapshot.name] = snapshot
        if changed:
            self.networks_upserted.emit(self, changed)

    def _drop_networks(self, names: Iterable[str]) -> None:
        gone = [name for name in names if name in self.networks]
        for name in gone:
            del self.networks[name]
        if gone:
            self.networks_removed.emit(self, gone)

    def mark_dirty(self, domains: Iterable[str] = (), networks: Iterable[str] = ()) -> None:
        """Fetch these objects again soon, as if an event had named them."""
        for uuid in domains:
            self._dirty_domains[uuid] = None
        for name in networks:
            self._dirty_networks[name] = None
        self._schedule_refresh()

    async def reload_networks(self, names: Sequence[str]) -> None:
        """Fetch these networks again; drop the ones that no longer exist."""
        # connection(): a lost connection is LibvirtFailure, never an AttributeError on None.
        snapshots = await self.run(fetch_networks, self.connection(), self.uri, list(names))
        self._apply_networks(snapshots)
        found = {s.name for s in snapshots}
        self._drop_networks([n for n in names if n not in found])

    # ------------------------------------------------------------------- events

    def _object_event(
        self, kind: ObjectKind, uuid: str, name: str, event: str, detail: str
    ) -> None:
        """An event from libvirt, on the loop: log it and fetch its object again soon."""
        self.log_event(kind, name, uuid, event, detail)
        if kind is ObjectKind.STORAGE_POOL:
            self.storage.on_event(name)
            return
        if kind is ObjectKind.NETWORK:
            self._dirty_networks[name] = None
        else:
            if event in ("started", "stopped", "undefined"):
                self.nics.clear_pending_restart(uuid)  # a new start runs the persistent config
                if (settings := Session.settings.built(self)) is not None:
                    settings.clear_pending_restart(uuid)
            if event == "stopped" and (create := Session.create.built(self)) is not None:
                create.stopped(uuid, detail)  # an installer's reboot: boot the disk now
            self._dirty_domains[uuid] = None
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        # Events for one object coalesce: a burst of them costs one fetch.
        # While loading, only collect: a chunk read before a change must not be
        # applied after (and over) the fresher row; the load's end refreshes them.
        if self.state is not ConnectionState.CONNECTED:
            return
        if self._refresh_task is None or self._refresh_task.done():
            self._refresh_task = self.loop.create_task(self._refresh_dirty())

    async def _refresh_dirty(self) -> None:
        while (self._dirty_domains or self._dirty_networks) and self._conn is not None:
            domains = list(self._dirty_domains)
            networks = list(self._dirty_networks)
            self._dirty_domains.clear()
            self._dirty_networks.clear()
            try:
                if networks:
                    await self.reload_networks(networks)
                if domains:
                    # connection(): lost during the network reload is LibvirtFailure here,
                    # never a None handed to the worker.
                    fresh, missing = await self.run(
                        fetch_domains, self.connection(), self.uri, domains
                    )
                    for handle, snapshot in fresh:
                        self._handles[snapshot.uuid] = handle
                    self._apply_domains([snapshot for _, snapshot in fresh])
                    self._drop_domains(missing)
            except KvmdeskError as error:
                # A dead link is handled by the close callback; anything else is logged.
                log.warning("%s: refresh failed: %s", self.label, scrub_uris(str(error)))
                return


def _needs_credentials(error: libvirt.libvirtError) -> bool:
    """Whether a plain ``virConnectOpen`` failed for want of a credential callback."""
    code = error.get_error_code()
    message = str(error.get_error_message() or error).lower()
    return code in (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_ERR_AUTH_UNAVAILABLE) or (
        "authentication" in message and "credential" in message
    )
