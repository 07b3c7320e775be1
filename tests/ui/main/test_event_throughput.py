"""Pushes 50,000 libvirt events through the running app's qasync loop.

Guards against the PySide6/qasync refcount crash seen with 6.12.0 under
frequent cross-thread wakeups, and against lost or mis-applied events.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from tests.helpers.qt_async import AsyncRunner

CYCLES = 12_500  # define + start + destroy + undefine = 4 events each


def _domain_xml(number: int) -> str:
    return (
        f"<domain type='test'><name>burst-{number}</name><uuid>{uuid.UUID(int=number + 1)}</uuid>"
        "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"
    )


def test_fifty_thousand_events(qtbot: Any, runner: AsyncRunner, tmp_path: Path) -> None:
    inventory_file = tmp_path / "empty.xml"
    inventory_file.write_text("<node></node>")
    inventory = Inventory(persist=False)
    session = inventory.add(f"test://{inventory_file}", remember=False)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    runner.run(session.connect())
    hub = application.hub
    conn = session.raw_connection

    def churn() -> None:
        for number in range(CYCLES):
            domain = conn.defineXML(_domain_xml(number))
            domain.create()
            domain.destroy()
            domain.undefine()

    worker = threading.Thread(target=churn)
    worker.start()
    runner.until(lambda: not worker.is_alive(), timeout=300)
    worker.join()
    runner.until(lambda: hub.events.total_received >= 4 * CYCLES, timeout=120)
    runner.until(lambda: not session.refresh_pending and hub.domains.rowCount() == 0, timeout=60)
    hub.events.flush()
    assert hub.events.total_received == 4 * CYCLES
    words = [
        hub.events.index(r, 3).data()
        for r in range(hub.events.rowCount() - 4, hub.events.rowCount())
    ]
    assert words == ["defined", "started", "stopped", "undefined"]
    assert session.domains == {}
    runner.run(inventory.close())
