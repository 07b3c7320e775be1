"""The blocking reads a session loads with, called directly on a ``test:///`` connection."""

from __future__ import annotations

from collections.abc import Iterator

import libvirt
import pytest

from kvmdesk.core.connection.fetch import (
    fetch_chunk,
    fetch_domains,
    fetch_networks,
    list_domains,
    snapshot_of,
)
from kvmdesk.core.types.states import DomainState
from tests.helpers.inventory import PAUSED, RUNNING, SHUTOFF, Dom, MakeInventory

DOMS = (Dom("Zulu", RUNNING), Dom("alpha", SHUTOFF), Dom("mike", PAUSED))
NOWHERE = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def conn(make_inventory: MakeInventory) -> Iterator[libvirt.virConnect]:
    connection = libvirt.open(make_inventory(domains=DOMS))
    yield connection
    connection.close()


def test_domains_are_listed_in_name_order_ignoring_case(conn: libvirt.virConnect) -> None:
    running = conn.lookupByName("Zulu")
    running.undefine()  # running and undefined: transient
    handles, transient, states = list_domains(conn)
    assert [h.name() for h in handles] == ["alpha", "mike", "Zulu"]
    assert transient == {running.UUIDString()}
    assert states[running.UUIDString()] == libvirt.VIR_DOMAIN_RUNNING


def test_a_chunk_reads_state_and_persistence_and_skips_the_undefined(
    conn: libvirt.virConnect,
) -> None:
    handles, transient, states = list_domains(conn)
    conn.lookupByName("alpha").undefine()  # gone between listing and fetching
    raws = fetch_chunk(handles, transient, states)
    assert [raw.handle.name() for raw in raws] == ["mike", "Zulu"]
    snapshots = [snapshot_of(raw, "test:///x") for raw in raws]
    assert [(s.name, s.state, s.persistent, s.connection) for s in snapshots] == [
        ("mike", DomainState.PAUSED, True, "test:///x"),
        ("Zulu", DomainState.RUNNING, True, "test:///x"),
    ]
    assert [raw.uuid for raw in raws] == [s.uuid for s in snapshots]


def test_domains_read_again_by_uuid_say_which_are_gone(conn: libvirt.virConnect) -> None:
    mike = DOMS[2].uuid
    fresh, missing = fetch_domains(conn, "test:///x", [mike, NOWHERE])
    assert [(handle.UUIDString(), snapshot.name) for handle, snapshot in fresh] == [(mike, "mike")]
    assert missing == [NOWHERE]


def test_networks_by_name_leave_out_the_ones_that_do_not_exist(conn: libvirt.virConnect) -> None:
    assert {n.name for n in fetch_networks(conn, "test:///x", None)} == {"lan", "lab"}
    found = fetch_networks(conn, "test:///x", ["lab", "nope"])
    assert [(n.name, n.connection) for n in found] == [("lab", "test:///x")]
