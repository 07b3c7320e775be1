"""libvirt's callbacks on a ``test:///`` connection arrive on the loop as plain words."""

from __future__ import annotations

import asyncio
import threading

import libvirt

from kvmdesk.core.connection.callbacks import EventCallbacks
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.types.events import ObjectKind
from tests.helpers.aio import run, until
from tests.helpers.inventory import SHUTOFF, Dom, MakeInventory

Received = tuple[ObjectKind, str, str, str, str]


def test_events_reach_the_loop_until_the_generation_moves_on(
    make_inventory: MakeInventory,
) -> None:
    charlie = Dom("charlie", SHUTOFF)
    uri = make_inventory(domains=[charlie])

    async def scenario() -> None:
        ensure_event_loop()
        loop = asyncio.get_running_loop()
        received: list[Received] = []
        threads: set[int] = set()

        def on_event(kind: ObjectKind, uuid: str, name: str, event: str, detail: str) -> None:
            threads.add(threading.get_ident())
            received.append((kind, uuid, name, event, detail))

        callbacks = EventCallbacks(on_event, lambda _message: None)
        conn = await asyncio.to_thread(libvirt.open, uri)
        try:
            generation = callbacks.next_generation()
            await asyncio.to_thread(callbacks.register, conn, loop, generation)

            await asyncio.to_thread(conn.lookupByName("charlie").create)
            await asyncio.to_thread(conn.networkLookupByName("lab").destroy)
            await until(lambda: len(received) == 2, "a domain and a network event")
            assert received == [
                (ObjectKind.DOMAIN, charlie.uuid, "charlie", "started", "booted"),
                (ObjectKind.NETWORK, received[1][1], "lab", "stopped", ""),
            ]
            assert threads == {threading.get_ident()}  # the loop's thread, not libvirt's

            callbacks.next_generation()  # the session dropped this connection
            await asyncio.to_thread(conn.lookupByName("charlie").destroy)
            await asyncio.sleep(0.2)
            assert len(received) == 2
        finally:
            await asyncio.to_thread(callbacks.close, conn)

    run(scenario())
