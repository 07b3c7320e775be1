"""Apply a host-network change so that the host is never left cut off the network.

:func:`apply` begins the change inside the backend's transaction or checkpoint, then
waits for the user's confirmation (the UI shows a countdown dialog; the CLI asks for
"yes"). Only a confirmation in time commits. A timeout, a "no", a lost connection or
any error rolls back to the exact previous state, and the result says which and why.

The backend's own rollback timer (NetworkManager's checkpoint) is set
:data:`BACKEND_GRACE_S` longer than the confirmation window, so the backend undoes the
change by itself if this process dies or loses the host while waiting, but never
before this code had its chance. libvirt's interface transaction has no timer: if the
connection is lost, the transaction stays open in libvirtd until rolled back, and the
result says so.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kvmdesk.core.hostnet.model import HostChange, describe_change
from kvmdesk.core.hostnet.types import DEFAULT_ROLLBACK_TIMEOUT_S, HostNetworkBackend, PendingChange
from kvmdesk.core.types.errors import BadInput, KvmdeskError, one_line
from kvmdesk.core.types.states import ConnectionState

if TYPE_CHECKING:
    from kvmdesk.core.connection.session import Session

log = logging.getLogger(__name__)

BACKEND_GRACE_S = 15


class Outcome(enum.Enum):
    """How a safe apply ended."""

    COMMITTED = "committed"
    ROLLED_BACK_TIMEOUT = "rolled back: no confirmation in time"
    ROLLED_BACK_CANCELLED = "rolled back: cancelled"
    ROLLED_BACK_ERROR = "rolled back: error"
    # The rollback itself failed (e.g. the connection is gone): the change may still
    # be in place. Kept apart so no message ever claims a rollback that did not happen.
    ROLLBACK_FAILED = "rollback failed"

    @property
    def committed(self) -> bool:
        return self is Outcome.COMMITTED

    @property
    def rolled_back(self) -> bool:
        return self.name.startswith("ROLLED_BACK")


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What happened: the outcome, one line for the user, and the backend's notes."""

    outcome: Outcome
    message: str
    change: HostChange
    notes: tuple[str, ...] = ()


Confirm = Callable[[], Awaitable[bool]]


async def _wait(
    confirm: Confirm, timeout_s: float, lost: Awaitable[str] | None
) -> tuple[Outcome | None, str]:
    """``(None, "")`` when confirmed; otherwise why not."""
    answer: asyncio.Future[bool] = asyncio.ensure_future(confirm())
    waiting: set[asyncio.Future[Any]] = {answer}
    watch: asyncio.Future[str] | None = None
    if lost is not None:
        watch = asyncio.ensure_future(lost)
        waiting.add(watch)
    try:
        done, _ = await asyncio.wait(
            waiting, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        for future in waiting:
            if not future.done():
                future.cancel()
        # Let cancelled confirmations (dialogs, prompts) clean up before rolling back.
        await asyncio.gather(*waiting, return_exceptions=True)
    if watch is not None and watch in done and answer not in done:
        return Outcome.ROLLED_BACK_ERROR, f"connection lost while waiting ({watch.result()})"
    if answer not in done:
        return Outcome.ROLLED_BACK_TIMEOUT, f"no confirmation within {timeout_s:g} s"
    error = answer.exception()
    if error is not None:
        if isinstance(error, asyncio.CancelledError):
            return Outcome.ROLLED_BACK_CANCELLED, "cancelled"
        return Outcome.ROLLED_BACK_ERROR, f"confirmation failed: {one_line(str(error))}"
    if not answer.result():
        return Outcome.ROLLED_BACK_CANCELLED, "cancelled"
    return None, ""


async def _roll_back(
    backend: HostNetworkBackend,
    pending: PendingChange,
    outcome: Outcome,
    reason: str,
) -> ApplyResult:
    try:
        await backend.rollback(pending)
    except KvmdeskError as error:
        log.warning("rollback of %s failed: %s", describe_change(pending.change), error)
        timer = (
            f"; NetworkManager restores it by itself within {pending.rollback_timeout_s} s"
            if pending.backend == "nm"
            else "; libvirt keeps the transaction open: check the host"
        )
        return ApplyResult(
            Outcome.ROLLBACK_FAILED,
            f"{reason}; rolling back failed ({one_line(str(error))}): the change may still "
            f"be in place{timer}",
            pending.change,
            pending.notes,
        )
    return ApplyResult(
        outcome, f"{reason}: the change was rolled back", pending.change, pending.notes
    )


async def apply(
    backend: HostNetworkBackend,
    change: HostChange,
    *,
    timeout_s: float = DEFAULT_ROLLBACK_TIMEOUT_S,
    confirm: Confirm,
    on_applied: Callable[[PendingChange], None] | None = None,
    lost: Awaitable[str] | None = None,
) -> ApplyResult:
    """Apply ``change``; keep it only if ``confirm()`` returns True within ``timeout_s``.

    ``on_applied`` is called once the change is in place, before ``confirm`` is awaited
    (the UI shows the pending change's notes, e.g. "bond0 could not be brought up").
    ``lost``, when given, completes (with a reason) if the connection is lost; the
    change is then rolled back at once. Raises :class:`BadInput` only when the change
    is refused before anything was applied; every other ending is an
    :class:`ApplyResult`. If the task running this is cancelled while the change is
    pending, the change is rolled back before the cancellation propagates.
    """
    try:
        pending = await backend.begin(change, rollback_timeout_s=int(timeout_s) + BACKEND_GRACE_S)
    except BadInput:
        raise
    except KvmdeskError as error:
        # begin() leaves nothing applied when it fails.
        return ApplyResult(
            Outcome.ROLLED_BACK_ERROR,
            f"applying failed ({one_line(str(error))}): nothing was changed",
            change,
        )
    try:
        if on_applied is not None:
            on_applied(pending)
        outcome, reason = await _wait(confirm, timeout_s, lost)
    except asyncio.CancelledError:
        await asyncio.shield(_roll_back(backend, pending, Outcome.ROLLED_BACK_CANCELLED, ""))
        raise
    except Exception as error:  # a broken callback must not leave the change applied
        return await _roll_back(
            backend, pending, Outcome.ROLLED_BACK_ERROR, f"error: {one_line(str(error))}"
        )
    if outcome is not None:
        return await _roll_back(backend, pending, outcome, reason)
    try:
        await backend.commit(pending)
    except KvmdeskError as error:
        return await _roll_back(
            backend,
            pending,
            Outcome.ROLLED_BACK_ERROR,
            f"committing failed ({one_line(str(error))})",
        )
    return ApplyResult(
        Outcome.COMMITTED,
        f"{describe_change(change)}: done",
        change,
        pending.notes,
    )


async def confirm_immediately() -> bool:
    """A ``confirm`` that says yes at once (scripts that accept the change as applied)."""
    return True


def session_lost(session: Session) -> asyncio.Future[str]:
    """A future that completes with the reason once ``session`` stops being connected.

    Pass it as ``lost=`` to :func:`apply`; it stops watching when it completes or is
    cancelled.
    """
    future: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def watch(changed: Session) -> None:
        if changed.state is not ConnectionState.CONNECTED and not future.done():
            future.set_result(changed.message or str(changed.state))

    session.state_changed.connect(watch)
    future.add_done_callback(lambda _: session.state_changed.disconnect(watch))
    if session.state is not ConnectionState.CONNECTED:
        watch(session)
    return future
