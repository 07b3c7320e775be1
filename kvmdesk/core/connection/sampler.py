"""CPU and memory sampling of a :class:`~kvmdesk.core.connection.session.Session`, in bulk."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from typing import Any, TypeVar

import libvirt

from kvmdesk.core.connection.session_base import SessionBase
from kvmdesk.core.types.snapshots import (
    DomainSnapshot,
    DomainStats,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
CPU_HISTORY = 30


class StatsSampling(SessionBase):
    """One bulk stats call per timer tick for the running domains on screen."""

    # -------------------------------------------------------------------- stats

    async def sample_stats(self, uuids: Iterable[str]) -> dict[str, DomainStats]:
        """One bulk stats call for the given running domains; emits ``stats_updated``."""
        wanted = [
            u
            for u in uuids
            if u in self._handles and u in self.domains and self.domains[u].state.is_active
        ]
        if not wanted or self._conn is None:
            return {}
        records = await self._run(self._bulk_stats, [self._handles[u] for u in wanted])
        now = self.loop.time()
        updated: dict[str, DomainStats] = {}
        for uuid, record in records.items():
            snapshot = self.domains.get(uuid)
            if snapshot is None:
                continue
            updated[uuid] = self._derive_stats(uuid, snapshot, record, now)
        self.stats.update(updated)
        if updated:
            self.stats_updated.emit(self, updated)
        return updated

    def _bulk_stats(self, handles: list[Any]) -> dict[str, dict[str, Any]]:
        kinds = libvirt.VIR_DOMAIN_STATS_CPU_TOTAL | libvirt.VIR_DOMAIN_STATS_BALLOON
        try:
            result = self._conn.domainListGetStats(handles, kinds, 0)
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
                return {}
            raise
        return {domain.UUIDString(): record for domain, record in result}

    def _derive_stats(
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
