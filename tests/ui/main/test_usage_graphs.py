"""The details pane's performance graphs follow the selected VM's stats."""

from __future__ import annotations

from kvmdesk.app import Application
from kvmdesk.core.types.snapshots import DomainStats
from kvmdesk.ui.main.usage_graphs import format_rate


def test_graphs_show_the_selected_vms_figures(demo_app: Application) -> None:
    session = next(iter(demo_app.inventory.sessions.values()))
    domain = session.lifecycle.find("web-frontend")
    demo_app.window.select_keys([domain.key])
    usage = demo_app.window.details.usage
    assert usage.cpu_value.text() == "—"  # nothing sampled yet (the test driver has none)
    stats = DomainStats(
        cpu_percent=12.0,
        memory_used_kib=1024 * 1024,
        cpu_history=(5.0, 12.0),
        memory_history=(900_000.0, 1_048_576.0),
        disk_read_history=(0.0, 2048.0),
        disk_write_history=(0.0, 512.0),
        net_rx_history=(10.0, 3 * 1024 * 1024.0),
        net_tx_history=(0.0, 100.0),
    )
    demo_app.hub.domains.update_stats(session.uri, {domain.uuid: stats})
    assert usage.cpu_value.text() == "12 %"
    assert usage.memory_value.text() == "1 GiB"
    assert usage.disk_value.text() == "read 2.0 KiB/s · write 512 B/s"
    assert usage.network_value.text() == "in 3.0 MiB/s · out 100 B/s"
    assert usage.disk_graph.series() == ((0.0, 2048.0), (0.0, 512.0))
    assert not usage.grab().isNull()
    stopped = session.lifecycle.find("db-replica")
    demo_app.window.select_keys([stopped.key])
    assert usage.cpu_value.text() == "—"


def test_format_rate() -> None:
    assert [format_rate(v) for v in (0, 999, 1536, 15 * 1024, 2.5 * 1024**2, 3 * 1024**3)] == [
        "0 B/s",
        "999 B/s",
        "1.5 KiB/s",
        "15 KiB/s",
        "2.5 MiB/s",
        "3.0 GiB/s",
    ]
