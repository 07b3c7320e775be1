"""CPU, memory, disk and network sampling of one connection: ``session.sampler``, in bulk.

One bulk stats call per timer tick for the running domains on screen. CPU
percentages and I/O rates come from the difference between two samples, so the
sampler keeps each domain's last sample and a short history of each figure (the
list's sparkline, the details pane's graphs).
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
        # (time, totals) of the last sample: disk read/write and network rx/tx bytes.
        self._io_samples: dict[str, tuple[float, tuple[int, int, int, int]]] = {}
        self._histories: dict[str, dict[str, deque[float]]] = {}

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
        """The domain is not running: its next rates start from a fresh sample."""
        self._cpu_samples.pop(uuid, None)
        self._io_samples.pop(uuid, None)

    def forget(self, uuid: str) -> None:
        """The domain left the session: drop its samples and history."""
        self._cpu_samples.pop(uuid, None)
        self._cpu_history.pop(uuid, None)
        self._io_samples.pop(uuid, None)
        self._histories.pop(uuid, None)

    def _history(self, uuid: str, name: str, value: float | None) -> tuple[float, ...]:
        series = self._histories.setdefault(uuid, {}).setdefault(name, deque(maxlen=CPU_HISTORY))
        if value is not None:
            series.append(value)
        return tuple(series)

    def _rates(
        self, uuid: str, record: dict[str, Any], now: float
    ) -> tuple[float, float, float, float] | None:
        totals = _io_totals(record)
        if totals is None:
            return None
        previous = self._io_samples.get(uuid)
        self._io_samples[uuid] = (now, totals)
        if previous is None or now <= previous[0]:
            return None
        elapsed = now - previous[0]
        # A counter that went down (device unplugged) restarts from zero, never negative.
        read, write, rx, tx = (
            max(0, new - old) / elapsed for new, old in zip(totals, previous[1], strict=True)
        )
        return read, write, rx, tx

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
        rates = self._rates(uuid, record, now)
        read, write, rx, tx = rates if rates is not None else (None, None, None, None)
        return DomainStats(
            cpu_percent=cpu_percent,
            memory_used_kib=int(memory) if memory is not None else None,
            cpu_history=tuple(history),
            memory_history=self._history(
                uuid, "memory", float(memory) if memory is not None else None
            ),
            disk_read_history=self._history(uuid, "disk_read", read),
            disk_write_history=self._history(uuid, "disk_write", write),
            net_rx_history=self._history(uuid, "net_rx", rx),
            net_tx_history=self._history(uuid, "net_tx", tx),
        )


def _io_totals(record: dict[str, Any]) -> tuple[int, int, int, int] | None:
    """Bytes read/written over all disks and received/sent over all NICs; None if unreported."""
    if "block.count" not in record and "net.count" not in record:
        return None

    def total(prefix: str, count_key: str, field: str) -> int:
        count = int(record.get(count_key, 0))
        return sum(int(record.get(f"{prefix}.{n}.{field}", 0)) for n in range(count))

    return (
        total("block", "block.count", "rd.bytes"),
        total("block", "block.count", "wr.bytes"),
        total("net", "net.count", "rx.bytes"),
        total("net", "net.count", "tx.bytes"),
    )


def _bulk_stats(conn: Any, handles: list[Any]) -> dict[str, dict[str, Any]]:
    """CPU, balloon, disk and NIC figures of the domains, in one call (blocking; in the pool)."""
    kinds = (
        libvirt.VIR_DOMAIN_STATS_CPU_TOTAL
        | libvirt.VIR_DOMAIN_STATS_BALLOON
        | libvirt.VIR_DOMAIN_STATS_BLOCK
        | libvirt.VIR_DOMAIN_STATS_INTERFACE
    )
    try:
        result = conn.domainListGetStats(handles, kinds, 0)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
            return {}
        raise
    return {domain.UUIDString(): record for domain, record in result}
