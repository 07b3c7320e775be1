"""CPU and memory sampling of one connection: ``session.sampler``, in bulk.

One bulk stats call per timer tick for the running domains on screen. CPU
percentages come from the difference between two samples, so the sampler keeps
each domain's last sample and a short history (the list's sparkline).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import libvirt

from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats

# Samples kept per domain for the sparkline (one per stats tick).
CPU_HISTORY = 30


class StatsSampler:
    """Samples the session's running domains; ``on_sampled`` receives each non-empty result."""

    def __init__(
        self,
        session: SessionContext,
        on_sampled: Callable[[dict[str, DomainStats]], None],
    ) -> None:
        self._session = session
        self._on_sampled = on_sampled
        self._cpu_samples: dict[str, tuple[float, int]] = {}
        self._cpu_history: dict[str, deque[float]] = {}

    async def sample(self, uuids: Iterable[str]) -> dict[str, DomainStats]:
        """One bulk stats call for the given running domains; passes the result on."""
        session = self._session
        domains = session.domains
        handles = {
            u: handle
            for u in uuids
            if u in domains
            and domains[u].state.is_active
            and (handle := session.cached_handle(u)) is not None
        }
        if not handles or not session.connected:
            return {}
        conn = session.connection()
        records = await session.run(_bulk_stats, conn, list(handles.values()))
        now = session.loop.time()
        updated: dict[str, DomainStats] = {}
        for uuid, record in records.items():
            snapshot = domains.get(uuid)
            if snapshot is None:
                continue
            updated[uuid] = self._derive(uuid, snapshot, record, now)
        if updated:
            self._on_sampled(updated)
        return updated

    def stopped(self, uuid: str) -> None:
        """The domain is not running: its next CPU percentage starts from a fresh sample."""
        self._cpu_samples.pop(uuid, None)

    def forget(self, uuid: str) -> None:
        """The domain left the session: drop its samples and history."""
        self._cpu_samples.pop(uuid, None)
        self._cpu_history.pop(uuid, None)

    def _derive(
        self, uuid: str, snapshot: DomainSnapshot, record: dict[str, Any], now: float
    ) -> DomainStats:
        cpu_percent: float | None = None
        cpu_time = record.get("cpu.time")
        if cpu_time is not None:
            previous = self._cpu_samples.get(uuid)
            self._cpu_samples[uuid] = (now, int(cpu_time))
            if previous is not None and now > previous[0]:
                elapsed_ns = (now - previous[0]) * 1e9 * max(snapshot.vcpus, 1)
                cpu_percent = max(
                    0.0, min(100.0, (int(cpu_time) - previous[1]) * 100.0 / elapsed_ns)
                )
        history = self._cpu_history.setdefault(uuid, deque(maxlen=CPU_HISTORY))
        if cpu_percent is not None:
            history.append(cpu_percent)
        memory = record.get("balloon.rss") or record.get("balloon.current")
        return DomainStats(
            cpu_percent=cpu_percent,
            memory_used_kib=int(memory) if memory is not None else None,
            cpu_history=tuple(history),
        )


def _bulk_stats(conn: Any, handles: list[Any]) -> dict[str, dict[str, Any]]:
    """CPU time and balloon figures of the domains, in one call (blocking; in the pool)."""
    kinds = libvirt.VIR_DOMAIN_STATS_CPU_TOTAL | libvirt.VIR_DOMAIN_STATS_BALLOON
    try:
        result = conn.domainListGetStats(handles, kinds, 0)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
            return {}
        raise
    return {domain.UUIDString(): record for domain, record in result}
