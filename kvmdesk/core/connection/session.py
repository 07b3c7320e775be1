"""One libvirt connection: blocking calls off the loop, events in, snapshots out.

A :class:`Session` owns its ``virConnect``. Every libvirt call runs in the
session's own thread pool (a hung remote link never starves another
connection); events arrive on libvirt's event thread and cross to the asyncio
loop in exactly one place, :meth:`Session._hop`. Observers (Qt models, the CLI)
connect to the session's :class:`Signal` attributes, which fire on the loop's
thread only.

The session keeps the plumbing (connecting, loading, events) and the snapshots;
what one does with a connection lives in its sub-objects, each in its own
package and each given the session as a
:class:`~kvmdesk.core.types.context.SessionContext`: ``session.lifecycle``
(domain actions), ``session.nics``, ``session.vnets`` (virtual networks) and
``session.sampler`` (CPU and memory stats).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import libvirt
from lxml import etree

from kvmdesk.core.connection import early_open
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.sampler import StatsSampler
from kvmdesk.core.domain.lifecycle import DomainLifecycle
from kvmdesk.core.domain.read import parse_domain
from kvmdesk.core.nic.service import NicService
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure, translate
from kvmdesk.core.types.events import (
    Event,
    ObjectKind,
    domain_lifecycle_words,
    metadata_kind,
    network_lifecycle_word,
)
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.types.snapshots import (
    DomainSnapshot,
    DomainStats,
    NetworkSnapshot,
)
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.core.vnet.read import parse_network
from kvmdesk.core.vnet.service import VirtualNetworks

log = logging.getLogger(__name__)

T = TypeVar("T")

FIRST_BATCH = 64
BATCH = 500
RECONNECT_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)

_CLOSE_REASONS = {
    libvirt.VIR_CONNECT_CLOSE_REASON_ERROR: "error",
    libvirt.VIR_CONNECT_CLOSE_REASON_EOF: "end of file",
    libvirt.VIR_CONNECT_CLOSE_REASON_KEEPALIVE: "keepalive timeout",
    libvirt.VIR_CONNECT_CLOSE_REASON_CLIENT: "closed by client",
}

_DOMAIN_EVENT_IDS = (
    libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
    libvirt.VIR_DOMAIN_EVENT_ID_REBOOT,
    libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
    libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
    libvirt.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
)


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
        self.label = label or uri
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
        self._generation = 0
        self._callback_ids: list[tuple[str, int]] = []
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

    def _hop(self, generation: int, function: Callable[..., None], *args: Any) -> None:
        """The one crossing from libvirt's event thread to the asyncio loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # loop closed between check and call
            loop.call_soon_threadsafe(self._deliver, generation, function, args)

    def _deliver(
        self, generation: int, function: Callable[..., None], args: tuple[Any, ...]
    ) -> None:
        if generation == self._generation:
            function(*args)

    def _set_state(self, state: ConnectionState, message: str = "") -> None:
        self.state = state
        self.message = message
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
            Event(datetime.now().astimezone(), self.label, kind, name, uuid, event, detail)
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
            message = self.error.args[0]
            if retrying:
                self._set_state(ConnectionState.RECONNECTING, message)
            else:
                self._set_state(ConnectionState.ERROR, message)
            return False
        if not self._wanted:
            await self.loop.run_in_executor(self._executor, conn.close)
            return False
        self._generation += 1
        self._conn = conn
        try:
            if self._prepare is not None:
                await self.run(self._prepare, conn)
            await self.run(self._register_callbacks, conn, self._generation)
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

    def _register_callbacks(self, conn: Any, generation: int) -> None:
        ids: list[tuple[str, int]] = []
        handlers: dict[int, Callable[..., None]] = {
            libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE: self._on_lifecycle,
            libvirt.VIR_DOMAIN_EVENT_ID_REBOOT: self._on_reboot,
            libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED: self._on_device_added,
            libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED: self._on_device_removed,
            libvirt.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE: self._on_metadata,
        }
        for event_id in _DOMAIN_EVENT_IDS:
            try:
                ids.append(
                    (
                        "domain",
                        conn.domainEventRegisterAny(None, event_id, handlers[event_id], generation),
                    )
                )
            except libvirt.libvirtError as error:
                if error.get_error_code() != libvirt.VIR_ERR_NO_SUPPORT:
                    raise
        ids.append(
            (
                "network",
                conn.networkEventRegisterAny(
                    None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, self._on_network, generation
                ),
            )
        )
        self._callback_ids = ids
        try:
            conn.setKeepAlive(5, 3)
        except libvirt.libvirtError:
            pass  # not supported by in-process drivers (test://), nothing to keep alive there
        try:
            conn.registerCloseCallback(self._on_close, generation)
        except libvirt.libvirtError:
            pass

    async def disconnect(self) -> None:
        """Close the connection on request; its rows leave the views."""
        self._wanted = False
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
            self._reconnect_task = None
        conn, self._conn = self._conn, None
        self._generation += 1
        if conn is not None:
            await self.loop.run_in_executor(self._executor, self._close, conn)
        self._forget_all()
        self._set_state(ConnectionState.DISCONNECTED)

    def _close(self, conn: Any) -> None:
        with contextlib.suppress(libvirt.libvirtError):
            conn.unregisterCloseCallback()
        for kind, callback_id in self._callback_ids:
            with contextlib.suppress(libvirt.libvirtError):
                if kind == "domain":
                    conn.domainEventDeregisterAny(callback_id)
                else:
                    conn.networkEventDeregisterAny(callback_id)
        self._callback_ids = []
        with contextlib.suppress(libvirt.libvirtError):
            conn.close()

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

    def _on_close(self, _conn: Any, reason: int, generation: int) -> None:
        self._hop(generation, self._lost, f"connection lost ({_CLOSE_REASONS.get(reason, reason)})")

    def _lost(self, message: str) -> None:
        """The daemon went away: keep the rows, say so, and retry with backoff."""
        conn, self._conn = self._conn, None
        self._generation += 1
        if conn is not None:
            self._executor.submit(self._close, conn)
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
        handles, transient, states = await self.run(self._list_domains)
        seen: set[str] = set()
        chunks = [handles[:FIRST_BATCH]] + [
            handles[start : start + BATCH] for start in range(FIRST_BATCH, len(handles), BATCH)
        ]

        # Chunk by chunk: the pool fetches and parses (libvirt and libxml2 run
        # without the GIL), then the loop builds snapshots and hands them to the
        # views. Fetching the next chunk *while* the loop works was measured
        # slower: each of the pool's short libvirt calls then waits for the GIL
        # behind the busy loop (the convoy effect), 0.8 s instead of 0.7 s at 5,000.
        def submit(chunk: list[Any]) -> asyncio.Future[list[tuple[etree._Element, int, bool]]]:
            return self.loop.run_in_executor(
                self._executor, self._fetch_chunk, chunk, transient, states
            )

        fetch = submit(chunks[0])
        for number in range(len(chunks)):
            try:
                raw = await fetch
            except libvirt.libvirtError as error:
                raise translate(error, connection_alive=self._alive()) from error
            snapshots = [self._parse(*item) for item in raw]
            self._apply_domains(snapshots)
            seen.update(s.uuid for s in snapshots)
            if number + 1 < len(chunks):
                fetch = submit(chunks[number + 1])
        vanished = [uuid for uuid in self.domains if uuid not in seen]
        self._drop_domains(vanished)

    def _list_domains(self) -> tuple[list[Any], set[str], dict[str, int]]:
        conn = self._conn
        # Names are cached in the handles (no round trip): fetching in name
        # order makes rows arrive in the order the list shows them by default.
        handles = sorted(conn.listAllDomains(0), key=lambda d: d.name().casefold())
        transient = {
            d.UUIDString() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_TRANSIENT)
        }
        states: dict[str, int] = {}
        try:
            for domain, record in conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE, 0):
                states[domain.UUIDString()] = int(record.get("state.state", 0))
        except libvirt.libvirtError:
            pass  # older drivers: states are read one by one in _fetch_one
        return handles, transient, states

    def _fetch_chunk(
        self, handles: Sequence[Any], transient: set[str], states: dict[str, int]
    ) -> list[tuple[etree._Element, int, bool]]:
        """XML, state code and persistence of each domain (blocking; in the pool)."""
        fetched: list[tuple[etree._Element, int, bool]] = []
        for handle in handles:
            try:
                fetched.append(self._fetch_one(handle, transient=transient, states=states))
            except libvirt.libvirtError as error:
                if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                    continue  # undefined while we listed; its event will tell
                raise
            self._handles[handle.UUIDString()] = handle
        return fetched

    @staticmethod
    def _fetch_one(
        handle: Any,
        *,
        transient: set[str] | None = None,
        states: dict[str, int] | None = None,
    ) -> tuple[etree._Element, int, bool]:
        uuid = handle.UUIDString()
        code = states.get(uuid) if states is not None else None
        if code is None:
            code = handle.state()[0]
        persistent = uuid not in transient if transient is not None else bool(handle.isPersistent())
        # Parsed here, in the pool: lxml releases the GIL while libxml2 parses.
        return etree.fromstring(handle.XMLDesc(0)), code, persistent

    def _parse(self, xml: etree._Element, code: int, persistent: bool) -> DomainSnapshot:
        return parse_domain(
            xml, connection=self.uri, state=DomainState.from_libvirt(code), persistent=persistent
        )

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
        snapshots = await self.run(self._fetch_networks, None)
        names = {s.name for s in snapshots}
        self._apply_networks(snapshots)
        vanished = [name for name in self.networks if name not in names]
        if vanished:
            for name in vanished:
                del self.networks[name]
            self.networks_removed.emit(self, vanished)

    def _fetch_networks(self, names: Sequence[str] | None) -> list[NetworkSnapshot]:
        conn = self._conn
        if names is None:
            handles = conn.listAllNetworks(0)
        else:
            handles = []
            for name in names:
                try:
                    handles.append(conn.networkLookupByName(name))
                except libvirt.libvirtError as error:
                    if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
                        raise
        snapshots = []
        for handle in handles:
            try:
                snapshots.append(
                    parse_network(
                        handle.XMLDesc(0),
                        connection=self.uri,
                        active=bool(handle.isActive()),
                        autostart=bool(handle.autostart()),
                        persistent=bool(handle.isPersistent()),
                    )
                )
            except libvirt.libvirtError as error:
                if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
                    raise
        return snapshots

    def _apply_networks(self, snapshots: list[NetworkSnapshot]) -> None:
        changed = [s for s in snapshots if self.networks.get(s.name) != s]
        for snapshot in changed:
            self.networks[snapshot.name] = snapshot
        if changed:
            self.networks_upserted.emit(self, changed)

    async def reload_networks(self, names: Sequence[str]) -> None:
        """Fetch these networks again; drop the ones that no longer exist."""
        snapshots = await self.run(self._fetch_networks, list(names))
        self._apply_networks(snapshots)
        found = {s.name for s in snapshots}
        gone = [n for n in names if n not in found and n in self.networks]
        for name in gone:
            del self.networks[name]
        if gone:
            self.networks_removed.emit(self, gone)

    # ------------------------------------------------------------------- events
    # These run on libvirt's event thread: only local, non-RPC calls on the
    # handles (name, UUID) before hopping to the loop.

    def _on_lifecycle(self, _conn: Any, dom: Any, event: int, detail: int, generation: int) -> None:
        word, detail_word = domain_lifecycle_words(event, detail)
        self._hop(generation, self._domain_event, dom.UUIDString(), dom.name(), word, detail_word)

    def _on_reboot(self, _conn: Any, dom: Any, generation: int) -> None:
        self._hop(generation, self._domain_event, dom.UUIDString(), dom.name(), "reboot", "")

    def _on_device_added(self, _conn: Any, dom: Any, alias: str, generation: int) -> None:
        self._hop(
            generation, self._domain_event, dom.UUIDString(), dom.name(), "device-added", alias
        )

    def _on_device_removed(self, _conn: Any, dom: Any, alias: str, generation: int) -> None:
        self._hop(
            generation, self._domain_event, dom.UUIDString(), dom.name(), "device-removed", alias
        )

    def _on_metadata(
        self, _conn: Any, dom: Any, kind: int, namespace: str | None, generation: int
    ) -> None:
        detail = metadata_kind(kind) + (f" {namespace}" if namespace else "")
        self._hop(
            generation, self._domain_event, dom.UUIDString(), dom.name(), "metadata-changed", detail
        )

    def _on_network(self, _conn: Any, net: Any, event: int, _detail: int, generation: int) -> None:
        self._hop(
            generation,
            self._network_event,
            net.name(),
            net.UUIDString(),
            network_lifecycle_word(event),
        )

    def _domain_event(self, uuid: str, name: str, event: str, detail: str) -> None:
        self._log_event(ObjectKind.DOMAIN, name, uuid, event, detail)
        if event in ("started", "stopped", "undefined"):
            self.nics.clear_pending_restart(uuid)  # a new start runs the persistent config
        self._dirty_domains[uuid] = None
        self._schedule_refresh()

    def _network_event(self, name: str, uuid: str, event: str) -> None:
        self._log_event(ObjectKind.NETWORK, name, uuid, event, "")
        self._dirty_networks[name] = None
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
                    fresh, missing = await self.run(self._fetch_domains, domains)
                    self._apply_domains(fresh)
                    self._drop_domains(missing)
            except KvmdeskError as error:
                # A dead link is handled by the close callback; anything else is logged.
                log.warning("%s: refresh failed: %s", self.uri, error)
                return

    def _fetch_domains(self, uuids: Sequence[str]) -> tuple[list[DomainSnapshot], list[str]]:
        fresh: list[DomainSnapshot] = []
        missing: list[str] = []
        for uuid in uuids:
            try:
                handle = self._conn.lookupByUUIDString(uuid)
                snapshot = self._parse(*self._fetch_one(handle))
            except libvirt.libvirtError as error:
                if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                    missing.append(uuid)
                    continue
                raise
            self._handles[uuid] = handle
            fresh.append(snapshot)
        return fresh, missing
