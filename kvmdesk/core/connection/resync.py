"""Every object's state read again after a reconnect, for a few seconds: ``session.resync``.

Loading after a reconnect lists every domain, network and pool as libvirt has them at
that moment. A daemon that has just started is not settled then: it reattaches to the
QEMU processes that outlived it in threads of its own, and a guest it cannot reattach to
(one whose start the crash cut short) turns "shut off" without any event. So after each
reconnect the states are compared with libvirt's a few times (one cheap bulk call for
all domains), and whatever differs is fetched again like after an event. Networks and
pools are few: they are read again as a whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from kvmdesk.core.connection.fetch import domain_states, network_names
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot
from kvmdesk.core.types.states import DomainState

log = logging.getLogger(__name__)

# Seconds between the passes after a reconnect (about 15 s in all).
PASS_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)


class _Pools(Protocol):
    async def load(self) -> None: ...


class ResyncTarget(Protocol):
    """What the re-sync needs of its session."""

    label: str

    @property
    def storage(self) -> _Pools: ...

    @property
    def loop(self) -> asyncio.AbstractEventLoop: ...

    @property
    def connected(self) -> bool: ...

    @property
    def domains(self) -> Mapping[str, DomainSnapshot]: ...

    @property
    def networks(self) -> Mapping[str, NetworkSnapshot]: ...

    def connection(self) -> Any: ...

    async def run(self, function: Any, *args: Any) -> Any: ...

    def mark_dirty(self, domains: Iterable[str] = (), networks: Iterable[str] = ()) -> None: ...


def stale_domains(
    rows: Mapping[str, DomainSnapshot], libvirt_states: Mapping[str, int]
) -> list[str]:
    """UUIDs whose row's state differs from libvirt's, that libvirt lists but no row
    has, or that have a row but are gone from libvirt."""
    stale = [
        uuid
        for uuid, code in libvirt_states.items()
        if uuid not in rows or rows[uuid].state is not DomainState.from_libvirt(code)
    ]
    stale.extend(uuid for uuid in rows if uuid not in libvirt_states)
    return stale


class StateResync:
    """After a reconnect, a few passes comparing every row's state with libvirt's."""

    def __init__(self, session: ResyncTarget) -> None:
        self._session = session
        self._task: asyncio.Task[None] | None = None
        self.passes = 0  # passes run since the last start (for tests and logs)

    def start(self) -> None:
        """Begin (or begin again) the passes that follow a reconnect."""
        self.stop()
        self.passes = 0
        self._task = self._session.loop.create_task(self._passes())

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _passes(self) -> None:
        for delay in PASS_DELAYS:
            await asyncio.sleep(delay)
            if not self._session.connected:
                return  # lost again: the next reconnect starts over
            try:
                await self.one_pass()
            except KvmdeskError as error:
                log.warning("%s: re-reading states failed: %s", self._session.label, error)
                return

    async def one_pass(self) -> list[str]:
        """Compare once; fetch again what differs. The UUIDs found stale."""
        session = self._session
        conn = session.connection()
        states = await session.run(domain_states, conn)
        stale = stale_domains(session.domains, states)
        names = await session.run(network_names, conn)
        session.mark_dirty(stale, sorted(set(names) | set(session.networks)))
        await session.storage.load()
        self.passes += 1
        if stale:
            log.info("%s: %d rows were stale after reconnecting", session.label, len(stale))
        return stale
