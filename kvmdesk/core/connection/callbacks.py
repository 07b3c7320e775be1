"""libvirt's event callbacks on one connection, and their one crossing to the loop.

:class:`EventCallbacks` registers the domain, network, storage pool and close callbacks on a
``virConnect`` and deregisters them when the connection goes. libvirt calls
them on its own event thread; each one turns libvirt's arguments into plain
words and crosses to the asyncio loop in exactly one place,
:meth:`EventCallbacks._hop_to_loop`. On the loop, the session receives an
object event as ``on_event(kind, uuid, name, event, detail)`` and a lost
connection as ``on_lost(message)``.

Every registration carries a generation number; a callback still on its way
from a connection the session has dropped arrives with an old one and is
ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import libvirt

from kvmdesk.core.types.events import (
    ObjectKind,
    domain_lifecycle_words,
    metadata_kind,
    network_lifecycle_word,
    storage_pool_lifecycle_word,
)

# (kind, uuid, name, event, detail), on the loop's thread.
ObjectEventHandler = Callable[[ObjectKind, str, str, str, str], None]

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


class EventCallbacks:
    """One session's libvirt callbacks; what they report reaches the handlers on the loop."""

    def __init__(self, on_event: ObjectEventHandler, on_lost: Callable[[str], None]) -> None:
        self._on_event = on_event
        self._on_lost = on_lost
        self._loop: asyncio.AbstractEventLoop | None = None
        self._generation = 0
        self._callback_ids: list[tuple[str, int]] = []

    def next_generation(self) -> int:
        """Ignore from now on what the previous connection still sends; the new generation.

        Called on the loop whenever the session drops or replaces its connection.
        """
        self._generation += 1
        return self._generation

    # ------------------------------------------------------ in the session's pool

    def register(self, conn: Any, loop: asyncio.AbstractEventLoop, generation: int) -> None:
        """Register every callback on ``conn`` for ``generation`` (blocking)."""
        self._loop = loop
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
        ids.extend(self._register_storage_pools(conn, generation))
        self._callback_ids = ids
        try:
            conn.setKeepAlive(5, 3)
        except libvirt.libvirtError:
            pass  # not supported by in-process drivers (test://), nothing to keep alive there
        try:
            conn.registerCloseCallback(self._on_close, generation)
        except libvirt.libvirtError:
            pass

    def _register_storage_pools(self, conn: Any, generation: int) -> list[tuple[str, int]]:
        """Storage pool lifecycle and refresh callbacks; none on a driver without storage."""
        ids: list[tuple[str, int]] = []
        for event_id, handler in (
            (libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, self._on_pool_lifecycle),
            (libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, self._on_pool_refresh),
        ):
            try:
                ids.append(
                    ("pool", conn.storagePoolEventRegisterAny(None, event_id, handler, generation))
                )
            except libvirt.libvirtError as error:
                if error.get_error_code() != libvirt.VIR_ERR_NO_SUPPORT:
                    raise
        return ids

    def close(self, conn: Any) -> None:
        """Deregister every callback from ``conn``, then close it (blocking; never raises)."""
        with contextlib.suppress(libvirt.libvirtError):
            conn.unregisterCloseCallback()
        for kind, callback_id in self._callback_ids:
            with contextlib.suppress(libvirt.libvirtError):
                if kind == "domain":
                    conn.domainEventDeregisterAny(callback_id)
                elif kind == "pool":
                    conn.storagePoolEventDeregisterAny(callback_id)
                else:
                    conn.networkEventDeregisterAny(callback_id)
        self._callback_ids = []
        with contextlib.suppress(libvirt.libvirtError):
            conn.close()

    # ----------------------------------------------------- on libvirt's event thread
    # These run on libvirt's event thread: only local, non-RPC calls on the
    # handles (name, UUID) before hopping to the loop.

    def _on_lifecycle(self, _conn: Any, dom: Any, event: int, detail: int, generation: int) -> None:
        word, detail_word = domain_lifecycle_words(event, detail)
        self._domain_event(generation, dom, word, detail_word)

    def _on_reboot(self, _conn: Any, dom: Any, generation: int) -> None:
        self._domain_event(generation, dom, "reboot", "")

    def _on_device_added(self, _conn: Any, dom: Any, alias: str, generation: int) -> None:
        self._domain_event(generation, dom, "device-added", alias)

    def _on_device_removed(self, _conn: Any, dom: Any, alias: str, generation: int) -> None:
        self._domain_event(generation, dom, "device-removed", alias)

    def _on_metadata(
        self, _conn: Any, dom: Any, kind: int, namespace: str | None, generation: int
    ) -> None:
        detail = metadata_kind(kind) + (f" {namespace}" if namespace else "")
        self._domain_event(generation, dom, "metadata-changed", detail)

    def _on_network(self, _conn: Any, net: Any, event: int, _detail: int, generation: int) -> None:
        self._hop_to_loop(
            generation,
            self._on_event,
            ObjectKind.NETWORK,
            net.UUIDString(),
            net.name(),
            network_lifecycle_word(event),
            "",
        )

    def _on_pool_lifecycle(
        self, _conn: Any, pool: Any, event: int, _detail: int, generation: int
    ) -> None:
        self._pool_event(generation, pool, storage_pool_lifecycle_word(event))

    def _on_pool_refresh(self, _conn: Any, pool: Any, generation: int) -> None:
        self._pool_event(generation, pool, "refreshed")

    def _pool_event(self, generation: int, pool: Any, event: str) -> None:
        self._hop_to_loop(
            generation,
            self._on_event,
            ObjectKind.STORAGE_POOL,
            pool.UUIDString(),
            pool.name(),
            event,
            "",
        )

    def _on_close(self, _conn: Any, reason: int, generation: int) -> None:
        reason_word = _CLOSE_REASONS.get(reason, reason)
        self._hop_to_loop(generation, self._on_lost, f"connection lost ({reason_word})")

    def _domain_event(self, generation: int, dom: Any, event: str, detail: str) -> None:
        self._hop_to_loop(
            generation,
            self._on_event,
            ObjectKind.DOMAIN,
            dom.UUIDString(),
            dom.name(),
            event,
            detail,
        )

    def _hop_to_loop(self, generation: int, function: Callable[..., None], *args: Any) -> None:
        """The one crossing from libvirt's event thread to the asyncio loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # loop closed between check and call
            loop.call_soon_threadsafe(self._deliver, generation, function, args)

    # ------------------------------------------------------------- on the loop

    def _deliver(
        self, generation: int, function: Callable[..., None], args: tuple[Any, ...]
    ) -> None:
        # Sent by a connection the session has dropped since: its objects are not ours.
        if generation == self._generation:
            function(*args)
