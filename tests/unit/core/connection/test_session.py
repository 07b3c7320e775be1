"""Session against libvirt's test driver: loading, lifecycle events, errors, batches, stats.

No mocks: every session opens a real ``test:///`` connection. Most tests use a
generated inventory file (a fresh state per open); the cross-connection test uses
``test:///default``, whose state every connection in this process shares.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import libvirt
import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NicSnapshot
from kvmdesk.core.types.states import ConnectionState, DomainState
from tests.helpers.aio import run, until
from tests.helpers.inventory import (
    PAUSED,
    RUNNING,
    SHUTOFF,
    Dom,
    MakeInventory,
    domain_xml,
    inventory_xml,
)
from tests.helpers.shared_default import SHARED_URI, SharedDefault


class Recorder:
    """Everything a session emitted, in order."""

    def __init__(self, session: Session) -> None:
        self.events: list[Event] = []
        self.upserted: list[list[DomainSnapshot]] = []
        self.removed: list[list[str]] = []
        self.states: list[ConnectionState] = []
        session.event.connect(self.events.append)
        session.domains_upserted.connect(lambda _s, batch: self.upserted.append(list(batch)))
        session.domains_removed.connect(lambda _s, uuids: self.removed.append(list(uuids)))
        session.state_changed.connect(lambda s: self.states.append(s.state))

    def words(self, uuid: str) -> list[tuple[str, str]]:
        return [(e.event, e.detail) for e in self.events if e.uuid == uuid]


def by_name(session: Session, name: str) -> DomainSnapshot:
    return session.lifecycle.find(name)


def nic_fields(nic: NicSnapshot) -> tuple[str, str, str, str, bool]:
    return (nic.mac, nic.model, nic.type, nic.source, nic.link_up)


def test_connect_loads_domains_and_networks(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
            assert session.state is ConnectionState.CONNECTED
            assert recorder.states[:3] == [
                ConnectionState.CONNECTING,
                ConnectionState.LOADING,
                ConnectionState.CONNECTED,
            ]
            assert {d.name for d in session.domains.values()} == {"alpha", "bravo", "charlie"}

            alpha = by_name(session, "alpha")
            assert alpha.state is DomainState.RUNNING
            assert (alpha.vcpus, alpha.memory_kib, alpha.persistent) == (2, 1048576, True)
            assert alpha.connection == inventory_uri
            # (The test driver names the tap devices itself: targets are not compared.)
            assert [nic_fields(n) for n in alpha.nics] == [
                ("52:54:00:00:00:01", "virtio", "network", "lan", True),
                ("52:54:00:00:00:02", "e1000e", "bridge", "br0", False),
            ]
            assert by_name(session, "bravo").state is DomainState.PAUSED
            assert by_name(session, "bravo").nics[0].source == "lab"
            charlie = by_name(session, "charlie")
            assert (charlie.state, charlie.nics) == (DomainState.SHUTOFF, ())
            assert session.domains[alpha.uuid] is alpha  # keyed by UUID

            assert set(session.networks) == {"lan", "lab"}
            lan, lab = session.networks["lan"], session.networks["lab"]
            assert (lan.mode, lan.bridge, lan.subnets) == (
                NetworkMode.NAT,
                "virbr-lan",
                ("198.51.100.0/25",),
            )
            assert (lab.mode, lab.subnets) == (NetworkMode.HOST_ONLY, ("203.0.113.0/25",))
            assert lan.active and lan.persistent
        finally:
            await session.close()
        assert recorder.states[-1] is ConnectionState.DISCONNECTED
        assert session.domains == {} and session.networks == {}

    run(scenario())


LIFECYCLE = [
    # action, domain, state afterwards, (event, detail)
    (DomainAction.SUSPEND, "alpha", DomainState.PAUSED, ("suspended", "paused")),
    (DomainAction.RESUME, "bravo", DomainState.RUNNING, ("resumed", "unpaused")),
    (DomainAction.DESTROY, "alpha", DomainState.SHUTOFF, ("stopped", "destroyed")),
    (DomainAction.SHUTDOWN, "alpha", DomainState.SHUTOFF, ("stopped", "shutdown")),
    (DomainAction.START, "charlie", DomainState.RUNNING, ("started", "booted")),
]


@pytest.mark.parametrize(
    ("action", "name", "state", "words"), LIFECYCLE, ids=[a for a, *_ in LIFECYCLE]
)
def test_action_changes_state_through_its_event(
    inventory_uri: str,
    action: DomainAction,
    name: str,
    state: DomainState,
    words: tuple[str, str],
) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
            uuid = by_name(session, name).uuid
            others = {u: s for u, s in session.domains.items() if u != uuid}
            recorder.upserted.clear()

            await session.lifecycle.perform(uuid, action)
            await until(lambda: session.domains[uuid].state is state, f"{name} {state}")
            await until(lambda: words in recorder.words(uuid), f"{words} event")

            event = next(e for e in recorder.events if e.uuid == uuid)
            assert (event.object, event.name, event.connection) == (
                ObjectKind.DOMAIN,
                name,
                inventory_uri,
            )
            assert recorder.words(uuid) == [words]
            # One event refreshes one row; the rest of the list is untouched.
            assert {s.uuid for batch in recorder.upserted for s in batch} == {uuid}
            assert {u: s for u, s in session.domains.items() if u != uuid} == others
        finally:
            await session.close()

    run(scenario())


def test_undefine_removes_a_shut_off_domain_but_keeps_a_running_one(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
            charlie = by_name(session, "charlie").uuid
            alpha = by_name(session, "alpha").uuid

            await session.lifecycle.perform(charlie, DomainAction.UNDEFINE)
            await until(lambda: charlie not in session.domains, "charlie to disappear")
            assert recorder.words(charlie) == [("undefined", "removed")]
            assert [charlie] in recorder.removed
            with pytest.raises(BadInput):
                session.lifecycle.find("charlie")

            # A running domain that loses its definition lives on as a transient one.
            await session.lifecycle.perform(alpha, DomainAction.UNDEFINE)
            await until(lambda: not session.domains[alpha].persistent, "alpha to turn transient")
            assert recorder.words(alpha) == [("undefined", "removed")]
            assert session.domains[alpha].state is DomainState.RUNNING
            await session.lifecycle.perform(alpha, DomainAction.DESTROY)
            await until(lambda: alpha not in session.domains, "transient alpha to vanish")
        finally:
            await session.close()

    run(scenario())


def test_define_then_undefine_on_the_sessions_own_connection(make_inventory: MakeInventory) -> None:
    async def scenario() -> None:
        session = Session(make_inventory(domains=()), reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
            assert session.domains == {}
            new = Dom("delta", vcpus=3)
            conn = session.raw_connection
            await asyncio.to_thread(conn.defineXML, domain_xml(new))
            await until(lambda: new.uuid in session.domains, "delta to appear")
            assert session.domains[new.uuid].vcpus == 3
            assert session.domains[new.uuid].state is DomainState.SHUTOFF
            assert recorder.words(new.uuid) == [("defined", "added")]

            await session.lifecycle.perform(new.uuid, DomainAction.UNDEFINE)
            await until(lambda: new.uuid not in session.domains, "delta to go")
            assert recorder.words(new.uuid) == [("defined", "added"), ("undefined", "removed")]
        finally:
            await session.close()

    run(scenario())


def test_test_default_is_shared_between_connections(shared_default: SharedDefault) -> None:
    other = libvirt.open(SHARED_URI)
    try:
        dom = shared_default.define()
        assert other.lookupByName(dom.name).UUIDString() == dom.uuid
        shared_default.conn.lookupByName(dom.name).create()
        assert other.lookupByName(dom.name).state()[0] == libvirt.VIR_DOMAIN_RUNNING
    finally:
        other.close()


def test_domain_defined_elsewhere_arrives_by_event(shared_default: SharedDefault) -> None:
    async def scenario() -> None:
        session = Session(SHARED_URI, reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
            before = dict(session.domains)
            recorder.upserted.clear()

            dom = await asyncio.to_thread(shared_default.define)
            await until(lambda: dom.uuid in session.domains, "the new domain")
            assert recorder.words(dom.uuid)[0] == ("defined", "added")
            assert session.domains[dom.uuid].name == dom.name
            # Only the new row was fetched: no re-list of everything.
            assert [[s.uuid for s in batch] for batch in recorder.upserted] == [[dom.uuid]]
            assert {u: s for u, s in session.domains.items() if u != dom.uuid} == before

            await asyncio.to_thread(shared_default.conn.lookupByName(dom.name).create)
            await until(lambda: session.domains[dom.uuid].state is DomainState.RUNNING, "it to run")
            assert ("started", "booted") in recorder.words(dom.uuid)
        finally:
            await session.close()

    run(scenario())


def test_unknown_domain_is_bad_input(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        try:
            await session.connect()
            with pytest.raises(BadInput, match="no-such-domain"):
                session.lifecycle.find("no-such-domain")
            with pytest.raises(BadInput):
                await session.lifecycle.perform(
                    "00000000-0000-0000-0000-000000000000", DomainAction.START
                )
            alpha = by_name(session, "alpha")
            assert session.lifecycle.find(alpha.uuid) is alpha
        finally:
            await session.close()

    run(scenario())


def test_failed_action_is_a_libvirt_failure_with_libvirts_message(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        try:
            await session.connect()
            alpha = by_name(session, "alpha")
            with pytest.raises(LibvirtFailure, match="already running") as failure:
                await session.lifecycle.perform(alpha.uuid, DomainAction.START)
            assert "\n" not in str(failure.value)
        finally:
            await session.close()

    run(scenario())


def _libvirt_open_error(uri: str) -> str:
    with pytest.raises(libvirt.libvirtError) as caught:
        libvirt.open(uri)
    return str(caught.value.get_error_message())


@pytest.mark.parametrize("bad", ["missing-path", "broken-file"])
def test_bad_uri_ends_in_error_state_with_libvirts_message(tmp_path: Path, bad: str) -> None:
    kind: type[KvmdeskError]
    if bad == "missing-path":
        uri, kind = "test:///", BadInput  # libvirt: invalid argument
    else:
        broken = tmp_path / "broken.xml"
        broken.write_text("<node><domain type='test'><name>x</name></node>")
        uri, kind = f"test://{broken}", LibvirtFailure

    async def scenario() -> Session:
        session = Session(uri, reconnect=False)
        states: list[ConnectionState] = []
        session.state_changed.connect(lambda s: states.append(s.state))
        await session.connect()
        await session.wait_settled()
        assert states[-1] is ConnectionState.ERROR
        await session.close()
        return session

    session = run(scenario())
    expected = _libvirt_open_error(uri)
    assert expected and isinstance(session.error, kind)
    assert str(session.error) == " ".join(expected.split())
    assert session.domains == {}


def test_loading_many_domains_arrives_in_batches_exactly_once(tmp_path: Path) -> None:
    count = 1500
    states = (RUNNING, PAUSED, SHUTOFF)
    doms = [Dom(f"vm-{n:04d}", states[n % 3]) for n in range(count)]
    path = tmp_path / "many.xml"
    path.write_bytes(inventory_xml(doms, ()))

    async def scenario() -> None:
        session = Session(f"test://{path}", reconnect=False)
        recorder = Recorder(session)
        try:
            await session.connect()
        finally:
            await session.close()
        assert len(recorder.upserted) > 1
        assert all(recorder.upserted)
        arrived = [s.uuid for batch in recorder.upserted for s in batch]
        assert len(arrived) == count
        assert set(arrived) == {d.uuid for d in doms}
        by_uuid = {s.uuid: s for batch in recorder.upserted for s in batch}
        for dom in doms[:30]:
            assert by_uuid[dom.uuid].name == dom.name
            assert by_uuid[dom.uuid].state is DomainState.from_libvirt(dom.runstate)

    run(scenario())


def test_changes_while_loading_are_not_lost(tmp_path: Path) -> None:
    """Domains that change while the list loads end up as libvirt has them, not as listed."""
    doms = [Dom(f"vm-{n:04d}", RUNNING) for n in range(2000)]
    path = tmp_path / "busy.xml"
    path.write_bytes(inventory_xml(doms, ()))

    async def scenario() -> None:
        session = Session(f"test://{path}", reconnect=False)

        def churn() -> None:
            # The session's own connection: a file URI is not shared with a second one.
            deadline = time.monotonic() + 30
            while session.raw_connection is None and time.monotonic() < deadline:
                time.sleep(0.001)
            conn = session.raw_connection
            for dom in doms[::7]:
                conn.lookupByUUIDString(dom.uuid).destroy()
            for dom in doms[1::7]:
                conn.lookupByUUIDString(dom.uuid).undefine()  # running: becomes transient

        def libvirt_view() -> dict[str, tuple[DomainState, bool]]:
            return {
                d.UUIDString(): (DomainState.from_libvirt(d.state()[0]), bool(d.isPersistent()))
                for d in session.raw_connection.listAllDomains(0)
            }

        def session_view() -> dict[str, tuple[DomainState, bool]]:
            return {u: (s.state, s.persistent) for u, s in session.domains.items()}

        try:
            churner = asyncio.ensure_future(asyncio.to_thread(churn))
            await session.connect()
            await churner
            expected = await asyncio.to_thread(libvirt_view)
            assert sum(state is DomainState.SHUTOFF for state, _ in expected.values()) > 200
            await until(lambda: session_view() == expected, "the session to match libvirt")
        finally:
            await session.close()

    run(scenario())


def test_stats_sampling_copes_without_cpu_time(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        updates: list[dict[str, object]] = []
        session.stats_updated.connect(lambda _s, stats: updates.append(dict(stats)))
        try:
            await session.connect()
            active = {by_name(session, "alpha").uuid, by_name(session, "bravo").uuid}
            first = await session.sampler.sample(list(session.domains))
            second = await session.sampler.sample(list(session.domains))
            for sample in (first, second):
                assert set(sample) == active  # charlie is shut off: never sampled
                for stats in sample.values():  # the test driver reports no cpu.time
                    assert stats.cpu_percent is None
                    assert stats.cpu_history == ()
            assert updates == [first, second]
            assert set(session.stats) == active
            assert await session.sampler.sample([]) == {}
        finally:
            await session.close()

    run(scenario())


# ------------------------------------------------------------------ run()


def test_run_calls_in_the_pool_and_translates_libvirt_errors(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, label="lab host", reconnect=False)
        with pytest.raises(LibvirtFailure, match="not connected to lab host"):
            session.connection()
        try:
            await session.connect()
            conn = session.connection()
            assert conn is session.raw_connection
            # Blocking calls run on the session's own pool, not on the loop's thread.
            thread = await session.run(lambda: threading.current_thread().name)
            assert thread.startswith("libvirt")
            assert await session.run(divmod, 7, 2) == (3, 1)

            with pytest.raises(BadInput, match=r"^Domain not found") as missing:
                await session.run(conn.lookupByName, "no-such-domain")
            assert isinstance(missing.value.__cause__, libvirt.libvirtError)
            assert "\n" not in str(missing.value)

            charlie = conn.lookupByName("charlie")  # shut off, not paused: no resume
            with pytest.raises(LibvirtFailure, match="not paused") as refused:
                await session.run(charlie.resume)
            assert isinstance(refused.value.__cause__, libvirt.libvirtError)

            def broken() -> None:
                raise ValueError("not a libvirt error")

            with pytest.raises(ValueError, match="not a libvirt error"):
                await session.run(broken)  # only libvirt's errors are translated
        finally:
            await session.close()

    run(scenario())
