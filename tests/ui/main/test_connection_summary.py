"""No VM selected: the details pane shows the connection at a glance, kept current."""

from __future__ import annotations

from typing import Any

from kvmdesk.app import Application
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.labels import connection_title
from tests.helpers.qt_async import AsyncRunner


def _count(app: Application, *states: DomainState) -> int:
    (session,) = app.inventory.sessions.values()
    return sum(1 for domain in session.domains.values() if domain.state in states)


def test_summary_counts_follow_the_connection(demo_app: Application, runner: AsyncRunner) -> None:
    window = demo_app.window
    window.domain_view.clearSelection()
    runner.until(window.details.showing_summary)
    summary = window.details.summary
    (session,) = demo_app.inventory.sessions.values()
    assert (
        summary.title_label.text() == f"{connection_title(session.uri, session.label)} — Connected"
    )
    assert summary.total_label.text() == "16"
    running = _count(demo_app, DomainState.RUNNING, DomainState.BLOCKED)
    assert summary.running_label.text() == str(running)
    assert summary.shutoff_label.text() == str(_count(demo_app, DomainState.SHUTOFF))
    active = sum(1 for network in session.networks.values() if network.active)
    assert summary.networks_label.text() == f"{active} active of {len(session.networks)}"
    # The host's figures arrive from libvirt (the test driver's fixed host).
    runner.until(lambda: summary.cpus_label.text() != "…")
    conn_info = runner.run(session.run(lambda: session.connection().getInfo()))
    assert summary.cpus_label.text().startswith(f"{conn_info[2]} (")
    assert summary.hypervisor_label.text() == "TEST"

    name = next(d.name for d in session.domains.values() if d.state is DomainState.SHUTOFF)
    runner.run(session.run(lambda: session.connection().lookupByName(name).create()))
    runner.until(lambda: summary.running_label.text() == str(running + 1), timeout=10)

    window.select_keys([next(iter(session.domains.values())).key])
    assert not window.details.showing_summary()
    window.domain_view.clearSelection()
    assert window.details.showing_summary()


def test_summary_shows_the_connection_picked_in_the_tree(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = demo_app.window
    window.domain_view.clearSelection()
    runner.until(window.details.showing_summary)
    index = demo_app.hub.connections.index(0, 0)
    window.connection_view.setCurrentIndex(index)
    window.connection_view.clicked.emit(index)
    assert window.details.summary.uri == next(iter(demo_app.inventory.sessions))
