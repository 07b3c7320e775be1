"""Safe apply on the test driver: only a confirmation in time keeps a change.

The libvirt backend runs on a real test-driver connection; where a failure is needed
that the test driver cannot produce (a commit that fails), a small backend subclass
raises it, without touching libvirt.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import safe_apply
from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend
from kvmdesk.core.hostnet.model import (
    DHCP,
    BondMode,
    BondSpec,
    CreateBond,
    DeleteInterface,
    HostInterface,
    MiiMonitor,
)
from kvmdesk.core.hostnet.safe_apply import Outcome
from kvmdesk.core.hostnet.types import PendingChange
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.aio import run
from tests.helpers.hostnet_inventory import write_inventory

SPEC = BondSpec(
    "bond1", BondMode.ACTIVE_BACKUP, ("eth1", "eth4"), mii=MiiMonitor(100), ip=DHCP, bridge="vmbr1"
)
CHANGE = CreateBond(SPEC)


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return write_inventory(tmp_path / "host.xml")


async def connect(uri: str) -> tuple[Session, LibvirtInterfaceBackend]:
    session = Session(uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED
    return session, await LibvirtInterfaceBackend.open(session)


def names(rows: list[HostInterface]) -> set[str]:
    return {row.name for row in rows}


async def never() -> bool:
    await asyncio.sleep(3600)
    return True


def test_confirm_commits(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        seen: list[PendingChange] = []
        try:
            result = await safe_apply.apply(
                backend,
                CHANGE,
                timeout_s=5,
                confirm=safe_apply.confirm_immediately,
                on_applied=seen.append,
            )
            assert result.outcome is Outcome.COMMITTED and result.outcome.committed
            assert result.message == (
                "create bond bond1 (1 active-backup) over eth1, eth4 with bridge vmbr1 "
                "over it: done"
            )
            assert len(seen) == 1 and seen[0].change == CHANGE
            # The backend's own timer (NetworkManager's) outlasts the confirmation window.
            assert seen[0].rollback_timeout_s == 5 + safe_apply.BACKEND_GRACE_S
            assert {"bond1", "vmbr1"} <= names(await backend.list_interfaces())
            assert backend.pending is None
        finally:
            await session.close()

    run(scenario())


def test_no_answer_in_time_rolls_back_and_the_bond_is_gone(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()
            applied = asyncio.Event()

            async def confirm() -> bool:
                # The bond really exists while the user is being asked.
                assert {"bond1", "vmbr1"} <= names(await backend.list_interfaces())
                applied.set()
                return await never()

            result = await safe_apply.apply(backend, CHANGE, timeout_s=0.3, confirm=confirm)
            assert applied.is_set()
            assert result.outcome is Outcome.ROLLED_BACK_TIMEOUT and result.outcome.rolled_back
            assert result.message == ("no confirmation within 0.3 s: the change was rolled back")
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


def test_cancel_rolls_back(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()

            async def no() -> bool:
                return False

            result = await safe_apply.apply(backend, CHANGE, confirm=no)
            assert result.outcome is Outcome.ROLLED_BACK_CANCELLED
            assert result.message == "cancelled: the change was rolled back"
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


def test_a_failing_confirmation_rolls_back(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()

            async def broken() -> bool:
                raise RuntimeError("dialog\nvanished")

            result = await safe_apply.apply(backend, CHANGE, confirm=broken)
            assert result.outcome is Outcome.ROLLED_BACK_ERROR
            assert result.message == (
                "confirmation failed: dialog vanished: the change was rolled back"
            )
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


class CommitFails(LibvirtInterfaceBackend):
    """The libvirt backend whose commit fails once, as a daemon going away would."""

    async def commit(self, pending: PendingChange) -> None:
        raise LibvirtFailure("commit refused")


def test_a_failing_commit_rolls_back(uri: str) -> None:
    async def scenario() -> None:
        session, _ = await connect(uri)
        backend = CommitFails(session, None)
        try:
            before = await backend.list_interfaces()
            result = await safe_apply.apply(backend, CHANGE, confirm=safe_apply.confirm_immediately)
            assert result.outcome is Outcome.ROLLED_BACK_ERROR
            assert result.message == (
                "committing failed (commit refused): the change was rolled back"
            )
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


def test_refused_changes_raise_and_touch_nothing(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()
            bad = CreateBond(replace(SPEC, ports=("eth2",)))
            with pytest.raises(BadInput, match="eth2 is already a port of bond0"):
                await safe_apply.apply(backend, bad, confirm=safe_apply.confirm_immediately)
            assert await backend.list_interfaces() == before and backend.pending is None
        finally:
            await session.close()

    run(scenario())


def test_a_lost_connection_rolls_back(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()
            lost: asyncio.Future[str] = asyncio.get_running_loop().create_future()

            def applied(_: PendingChange) -> None:
                asyncio.get_running_loop().call_later(0.05, lost.set_result, "keepalive timeout")

            result = await safe_apply.apply(
                backend, CHANGE, timeout_s=30, confirm=never, on_applied=applied, lost=lost
            )
            assert result.outcome is Outcome.ROLLED_BACK_ERROR
            assert result.message == (
                "connection lost while waiting (keepalive timeout): the change was rolled back"
            )
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


def test_a_rollback_that_cannot_reach_libvirt_says_so(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)

        def applied(_: PendingChange) -> None:
            asyncio.get_running_loop().create_task(session.disconnect())

        result = await safe_apply.apply(
            backend,
            DeleteInterface("bond0"),
            timeout_s=30,
            confirm=never,
            on_applied=applied,
            lost=safe_apply.session_lost(session),
        )
        assert result.outcome is Outcome.ROLLBACK_FAILED and not result.outcome.rolled_back
        assert result.message == (
            "connection lost while waiting (disconnected); rolling back failed (not connected "
            f"to {uri}): the change may still be in place; libvirt keeps the transaction "
            "open: check the host"
        )
        await session.close()

    run(scenario())


def test_cancelling_the_apply_rolls_back_first(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await connect(uri)
        try:
            before = await backend.list_interfaces()
            applied = asyncio.Event()
            task = asyncio.create_task(
                safe_apply.apply(backend, CHANGE, confirm=never, on_applied=lambda _: applied.set())
            )
            await applied.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert await backend.list_interfaces() == before and backend.pending is None
        finally:
            await session.close()

    run(scenario())
