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
(domain actions), ``session.nics``, ``session.vnets`` (virtual networks) and
``session.sampler`` (CPU and memory stats).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import libvirt

from kvmdesk.core.connection import early_open
from kvmdesk.core.connection.callbacks import EventCallbacks
from kvmdesk.core.connection.fetch import (
    fetch_domains,
    fetch_networks,
    fetch_snapshots,
    list_domains,
)
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.sampler import StatsSampler
from kvmdesk.core.domain.lifecycle import DomainLifecycle
from kvmdesk.core.nic.service import NicService
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure, translate
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NetworkSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.util.uri import redact_uri, scrub_uris
from kvmdesk.core.vnet.service import VirtualNetworks

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

    def __init__(
        self,
        uri: str,
        *,
        label: str = "",
        loop: asyncio.AbstractEventLoop | None = None,
        reconnect: bool = True,
        prepare: Callable[[Any], None] | None = None,
    ) -> None:
        self.uri = uri
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
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="libvirt")
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
        self._pending_open: Future[Any] | None = None
        self._loss_reason = ""

        # What one does with the connection, one capability each; each keeps its own
        # state and is told when a domain goes (a new capability joins them here).
        self.lifecycle = DomainLifecycle(self)
        self.vnets = VirtualNetworks(self)
        self.nics = NicService(self, self._pending_restart_changed)
        self.sampler = StatsSampler(self, self._sampled)

    def _pending_restart_changed(self, uuid: str) -> None:
        self.pending_restart_changed.emit(self, uuid)

    def _sampled(self, stats: dict[str, DomainStats]) -> None:
        self.stats.update(stats)
        self.stats_updated.emit(self, stats)

    # ----------------------------------------------------------------- plumbing

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

    def _log_event(self, kind: ObjectKind, name: str, uuid: str, event: str, detail: str) -> None:
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
            self._pending_open = early_open.take(self.uri) or self._executor.submit(
                libvirt.open, self.uri
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
        try:
            if pending is not None and not retrying:
                conn = await asyncio.wrap_future(pending, loop=self.loop)
            else:
                conn = await self.loop.run_in_executor(self._executor, libvirt.open, self.uri)
        except libvirt.libvirtError as error:
            self.error = translate(error)
            message = scrub_uris(self.error.args[0])
            self.error.args = (message,)
            if retrying:
                self._set_state(ConnectionState.RECONNECTING, message)
            else:
                self._set_state(ConnectionState.ERROR, message)
            return False
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
            self._log_event(ObjectKind.CONNECTION, self.label, "", "reconnected", "")
        return True

    async def disconnect(self) -> None:
        """Close the connection on request; its rows leave the views."""
        self._wanted = False
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
            self._reconnect_task = None
        conn, self._conn = self._conn, None
        self._callbacks.next_generation()
        if conn is not None:
            await self.loop.run_in_executor(self._executor, self._callbacks.close, conn)
        self._forget_all()
        self._set_state(ConnectionState.DISCONNECTED)

    def _forget_all(self) -> None:
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
        """Disconnect and release the thread pool (at shutdown)."""
        await self.disconnect()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------ loss & retry

    def _lost(self, message: str) -> None:
        """The daemon went away: keep the rows, say so, and retry with backoff."""
        conn, self._conn = self._conn, None
        self._callbacks.next_generation()
        if conn is not None:
            self._executor.submit(self._callbacks.close, conn)
        self._loss_reason = message
        self._log_event(ObjectKind.CONNECTION, self.label, "", "disconnected", message)
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
            attempt += 1

    # ------------------------------------------------------------------ loading

    async def _sync(self) -> None:
        """Fetch every domain and network; upsert in batches, then drop the vanished."""
        await self._sync_networks()
        handles, transient, states = await self.run(list_domains, self._conn)
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
        if gone:
            self.domains_removed.emit(self, gone)

    async def _sync_networks(self) -> None:
        snapshots = await self.run(fetch_networks, self._conn, self.uri, None)
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
        self._log_event(kind, name, uuid, event, detail)
        if kind is ObjectKind.NETWORK:
            self._dirty_networks[name] = None
        else:
            if event in ("started", "stopped", "undefined"):
                self.nics.clear_pending_restart(uuid)  # a new start runs the persistent config
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
                    fresh, missing = await self.run(fetch_domains, self._conn, self.uri, domains)
                    for handle, snapshot in fresh:
                        self._handles[snapshot.uuid] = handle
                    self._apply_domains([snapshot for _, snapshot in fresh])
                    self._drop_domains(missing)
            except KvmdeskError as error:
                # A dead link is handled by the close callback; anything else is logged.
                log.warning("%s: refresh failed: %s", self.label, scrub_uris(str(error)))
                return
