"""The running app (qasync loop, models, window) across a libvirtd crash and restart.

The connection row must say the daemon is gone, then come back; the domain
rows must be re-synced without duplicates and the user's selection kept.
"""

from __future__ import annotations

from typing import Any

import libvirt
import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.types.states import ConnectionState, DomainState
from tests.helpers.integration.isolated_libvirtd import GuestXmlFactory, IsolatedLibvirtd
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]


def test_window_survives_daemon_restart_with_selection_kept(
    qtbot: Any,
    runner: AsyncRunner,
    isolated_libvirtd: IsolatedLibvirtd,
    guest_xml: GuestXmlFactory,
    libvirt_conn: Any,
) -> None:
    names = ["kvmdesk-app-a", "kvmdesk-app-b", "kvmdesk-app-c"]
    for name in names:
        libvirt_conn.defineXML(guest_xml(name))
    libvirt_conn.lookupByName("kvmdesk-app-b").create()

    inventory = Inventory(persist=False)
    session = inventory.add(isolated_libvirtd.uri, label="isolated", remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.window.show()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    hub = app.hub
    runner.until(lambda: hub.domains.rowCount() == len(names))
    selected = [session.lifecycle.find(n).key for n in ("kvmdesk-app-b", "kvmdesk-app-c")]
    app.window.select_keys(selected)
    assert sorted(app.window.selected_keys()) == sorted(selected)

    isolated_libvirtd.kill_libvirtd()
    runner.until(lambda: session.state is ConnectionState.RECONNECTING, timeout=30)
    row = hub.connections.row_of(session.uri)
    assert hub.connections.index(row, 1).data() == "Reconnecting…"
    assert "retrying" in hub.connections.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    isolated_libvirtd.start_libvirtd()
    runner.until(lambda: session.state is ConnectionState.CONNECTED, timeout=60)
    runner.run(app.controller.wait_idle())

    assert hub.domains.rowCount() == len(names)  # no duplicates
    assert sorted(app.window.selected_keys()) == sorted(selected)  # selection kept
    assert session.lifecycle.find("kvmdesk-app-b").state is DomainState.RUNNING
    hub.events.flush()
    events = [hub.events.index(r, 3).data() for r in range(hub.events.rowCount())]
    assert "disconnected" in events and "reconnected" in events
    runner.run(inventory.close())
    conn = isolated_libvirtd.open()
    for name in names:
        handle = conn.lookupByName(name)
        if handle.isActive():
            try:
                handle.destroy()
            except libvirt.libvirtError as error:
                # The restarted daemon may only now notice a guest that stopped with it.
                if error.get_error_code() != libvirt.VIR_ERR_OPERATION_INVALID:
                    raise
        handle.undefine()
    conn.close()
