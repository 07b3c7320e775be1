"""Changes cut short, kept by the session and offered once it is connected.

Real sessions on libvirt's test driver; the loss is the session's own loss handling
after a chosen call (:class:`~tests.helpers.connection_loss.LoseAfter`).
"""

from __future__ import annotations

import functools
from ipaddress import IPv4Address, IPv4Network

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import ConnectionLost, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.partial import PartialChange, Recovery
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.vnet.spec import NetworkSpec
from tests.helpers.aio import run
from tests.helpers.connection_loss import LoseAfter
from tests.helpers.inventory import DEFAULT_NETWORKS, MakeInventory

SPEC = NetworkSpec(
    "lab",
    NetworkMode.HOST_ONLY,
    IPv4Network("203.0.113.0/24"),
    IPv4Address("203.0.113.100"),
    IPv4Address("203.0.113.150"),
)


def _change(session: Session, log: list[str]) -> PartialChange:
    async def step(word: str) -> None:
        log.append(word)

    return PartialChange(
        "a change",
        ("one",),
        ("two",),
        "eof",
        "",
        lost=True,
        recovery=Recovery(functools.partial(step, "finish"), functools.partial(step, "undo")),
    )


def test_a_change_is_offered_at_once_when_connected_and_again_after_a_reconnect(
    inventory_uri: str,
) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        await session.connect()
        offered: list[PartialChange] = []
        settled: list[PartialChange] = []
        session.interrupted.offered.connect(offered.append)
        session.interrupted.settled.connect(settled.append)
        done: list[str] = []
        first, second = _change(session, done), _change(session, done)
        assert session.remember_partial(first) is first
        assert offered == [first]
        session.interrupted.reconnected()
        assert offered == [first, first]  # a new connection: offered again
        session.remember_partial(second)
        await session.interrupted.finish(first)
        await session.interrupted.undo(second)
        assert done == ["finish", "undo"]
        assert settled == [first, second]
        assert session.interrupted.pending() == []
        # Nothing to recover: not kept.
        plain = PartialChange("x", (), (), "r", "")
        assert session.remember_partial(plain) is plain
        assert session.interrupted.pending() == []
        with pytest.raises(LibvirtFailure, match="cannot be finished"):
            await session.interrupted.finish(plain)
        await session.close()

    run(scenario())


def test_dismissing_leaves_the_change_and_forgets_it(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = Session(inventory_uri, reconnect=False)
        await session.connect()
        done: list[str] = []
        change = session.remember_partial(_change(session, done))
        session.interrupted.dismiss(change)
        assert session.interrupted.pending() == [] and done == []
        await session.close()

    run(scenario())


CREATE_STEPS = {
    "check_absent",
    "define_network",
    "virNetwork.UUIDString",
    "virNetwork.setAutostart",
    "virNetwork.create",
}


@pytest.mark.parametrize("after", [1, 2, 4])
def test_network_create_cut_short_is_kept_with_its_recovery(
    make_inventory: MakeInventory, after: int
) -> None:
    """Lost after the check (1: the define fails, outcome unknown), the define (2) or the
    autostart (4)."""

    async def scenario() -> None:
        session = Session(make_inventory(networks=DEFAULT_NETWORKS[:1]), reconnect=False)
        await session.connect()
        loss = LoseAfter(session, after, counting=CREATE_STEPS)
        if after == 1:  # known lost before the define: nothing sent, nothing to recover
            with pytest.raises(ConnectionLost, match="before creating network lab: nothing"):
                await session.vnets.create(SPEC, host_networks=[])
            assert session.interrupted.pending() == []
            await session.close()
            return
        with pytest.raises(PartialChange) as raised:
            await session.vnets.create(SPEC, host_networks=[])
        change = raised.value
        assert loss.lost and session.state is ConnectionState.ERROR
        assert change.lost and str(change).startswith(
            "the connection was lost during creating network lab: "
        )
        assert change in session.interrupted.pending()
        recovery = change.recovery
        assert recovery is not None and recovery.finish and recovery.undo
        assert recovery.undo_commands == ("net delete lab",)
        if after == 2:  # the loss is known before the next step: it is not sent
            assert (change.done, change.uncertain) == (("defined",), ())
            assert change.not_done == ("autostart on", "started")
            assert recovery.finish_commands == ("net autostart lab on", "net start lab")
        else:
            assert change.done == ("defined", "autostart on")
            assert (change.uncertain, change.not_done) == ((), ("started",))
        await session.close()

    run(scenario())


OPERATIONS = {
    "stopping network lan": lambda s: s.vnets.stop("lan"),
    "setting autostart of network lan": lambda s: s.vnets.set_autostart("lan", False),
    "deleting network lan": lambda s: s.vnets.delete("lan"),
    "changing network lan": lambda s: s.vnets.update(
        "lan",
        NetworkSpec(
            "lan",
            NetworkMode.NAT,
            IPv4Network("198.51.100.0/24"),
            IPv4Address("198.51.100.2"),
            IPv4Address("198.51.100.200"),
            bridge="virbr-lan",
        ),
        host_networks=[],
    ),
}


OPERATION_CALLS = {"stop_network", "set_network_autostart", "delete_network", "update_network"}


@pytest.mark.parametrize("what", list(OPERATIONS))
def test_a_network_operation_on_a_lost_connection_says_so(
    make_inventory: MakeInventory, what: str
) -> None:
    """Lost before the operation: the error says so. Lost right after it: it is done and
    the refresh that follows fails quietly (never "'NoneType' object has no attribute")."""

    async def scenario() -> None:
        session = Session(make_inventory(), reconnect=False)
        await session.connect()
        session._lost("gone")
        with pytest.raises(KvmdeskError) as raised:
            await OPERATIONS[what](session)
        assert str(raised.value).startswith(f"the connection was lost during {what}: ")
        await session.close()

        session = Session(make_inventory(), reconnect=False)
        await session.connect()
        loss = LoseAfter(session, 1, counting=OPERATION_CALLS)
        await OPERATIONS[what](session)
        assert loss.lost and not session.connected
        await session.close()

    run(scenario())
