"""``session.lifecycle.restart``: a full stop and start, so saved changes take effect."""

from __future__ import annotations

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.states import DomainState
from tests.helpers.aio import run, until
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, MakeInventory, domain_xml


def test_restart_stops_and_starts_a_running_domain(make_inventory: MakeInventory) -> None:
    uri = make_inventory([Dom("alpha", RUNNING), Dom("beta", SHUTOFF)])

    async def scenario() -> list[str]:
        session = Session(uri, reconnect=False)
        events: list[str] = []
        session.event.connect(lambda event: events.append(f"{event.name} {event.event}"))
        await session.connect()
        try:
            alpha = session.lifecycle.find("alpha")
            await session.lifecycle.restart(alpha.uuid, timeout=10)
            await until(lambda: "alpha started" in events, "the start event")
            # The row follows the event once its refresh has been fetched.
            await until(
                lambda: session.domains[alpha.uuid].state is DomainState.RUNNING, "alpha running"
            )
            # A shut-off domain is simply started.
            beta = session.lifecycle.find("beta")
            await session.lifecycle.restart(beta.uuid, timeout=10)
            await until(
                lambda: session.domains[beta.uuid].state is DomainState.RUNNING, "beta running"
            )
        finally:
            await session.close()
        return events

    events = run(scenario())
    assert events.index("alpha stopped") < events.index("alpha started")


def test_restart_refuses_a_transient_domain(make_inventory: MakeInventory) -> None:
    uri = make_inventory([])

    async def scenario() -> None:
        session = Session(uri, reconnect=False)
        await session.connect()
        try:
            conn = session.raw_connection
            conn.createXML(domain_xml(Dom("gamma", RUNNING)), 0)
            await until(lambda: any(d.name == "gamma" for d in session.domains.values()), "gamma")
            with pytest.raises(BadInput, match="gamma is transient"):
                await session.lifecycle.restart(session.lifecycle.find("gamma").uuid)
        finally:
            await session.close()

    run(scenario())
