"""Every row's state compared with libvirt's after a reconnect (``session.resync``)."""

from __future__ import annotations

from dataclasses import replace

from kvmdesk.core.connection.resync import stale_domains
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.states import DomainState
from tests.helpers.aio import run, until
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, MakeInventory


def test_stale_rows_are_those_whose_state_or_presence_differs(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        await session.connect()
        rows = dict(session.domains)
        first, second = list(rows)[:2]
        codes = {uuid: 1 if row.state.is_active else 5 for uuid, row in rows.items()}
        assert stale_domains(rows, codes) == [
            u for u, r in rows.items() if r.state not in (DomainState.RUNNING, DomainState.SHUTOFF)
        ]
        rows[first] = replace(rows[first], state=DomainState.CRASHED)
        gone = rows.pop(second)
        codes["new-uuid"] = 1
        stale = stale_domains(rows, codes)
        assert first in stale and second in stale and "new-uuid" in stale
        assert gone.uuid == second
        await session.close()

    run(scenario())


def test_a_row_left_stale_is_corrected_by_a_pass(make_inventory: MakeInventory) -> None:
    """A row that missed its event (the daemon stopped the guest while restarting)."""
    uri = make_inventory([Dom("a", RUNNING), Dom("b", SHUTOFF)])

    async def scenario() -> None:
        session = Session(uri, reconnect=False)
        await session.connect()
        uuid = session.lifecycle.find("a").uuid
        # What the rows say when the stop came without an event: still running.
        session.domains[uuid] = replace(session.domains[uuid], state=DomainState.SHUTOFF)
        stale = await session.resync.one_pass()
        assert stale == [uuid]
        await until(lambda: session.domains[uuid].state is DomainState.RUNNING, "the fix")
        assert await session.resync.one_pass() == []
        await session.close()

    run(scenario())
