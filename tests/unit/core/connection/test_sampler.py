"""The sampler's arithmetic: disk and network rates from two bulk-stats records.

The records are shaped as libvirt's ``domainListGetStats`` returns them
(``block.N.rd.bytes``, ``net.N.rx.bytes`` …); the session tests cover the call itself.
"""

from __future__ import annotations

from typing import Any

from kvmdesk.core.connection.sampler import StatsSampler, _io_totals
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import DomainState

DOMAIN = DomainSnapshot("test:///default", "uuid-1", "vm", DomainState.RUNNING, 2, 1024, 2048)


def _record(read: int, write: int, rx: int, tx: int, cpu_ns: int = 0) -> dict[str, Any]:
    return {
        "cpu.time": cpu_ns,
        "balloon.rss": 700,
        "block.count": 2,
        "block.0.rd.bytes": read // 2,
        "block.1.rd.bytes": read - read // 2,
        "block.0.wr.bytes": write,
        "block.1.wr.bytes": 0,
        "net.count": 1,
        "net.0.rx.bytes": rx,
        "net.0.tx.bytes": tx,
    }


def test_totals_add_every_disk_and_nic() -> None:
    assert _io_totals(_record(10, 20, 30, 40)) == (10, 20, 30, 40)
    assert _io_totals({"cpu.time": 5}) is None  # a driver that reports no I/O


def test_rates_come_from_two_samples() -> None:
    sampler = StatsSampler(Session("test:///default"), lambda _stats: None)
    first = sampler._derive("uuid-1", DOMAIN, _record(0, 0, 0, 0), now=10.0)
    assert first.disk_read_history == () and first.net_rx_history == ()
    assert first.memory_history == (700.0,)
    second = sampler._derive(
        "uuid-1", DOMAIN, _record(4096, 2048, 1000, 500, cpu_ns=2_000_000_000), now=12.0
    )
    assert second.disk_read_history == (2048.0,)
    assert second.disk_write_history == (1024.0,)
    assert second.net_rx_history == (500.0,) and second.net_tx_history == (250.0,)
    assert second.cpu_percent == 50.0  # 2 s of CPU over 2 s on 2 vCPUs
    # A counter that went down (a disk unplugged) restarts from zero, never negative.
    third = sampler._derive("uuid-1", DOMAIN, _record(0, 2048, 1000, 500), now=13.0)
    assert third.disk_read_history[-1] == 0.0
    sampler.stopped("uuid-1")
    fourth = sampler._derive("uuid-1", DOMAIN, _record(9, 9, 9, 9), now=20.0)
    assert len(fourth.disk_read_history) == 2  # history kept, no rate across the stop
