"""A change that stopped half-way and could not be taken back: which parts happened.

Composite changes (a NIC's live and persistent steps, a network's define, autostart
and start, a VM's volumes, definition and start) take back what they did when a later
step fails. When taking back fails too (typically: the daemon went away between the
steps), the error says exactly which steps happened and which did not, and carries a
:class:`Recovery`: how to finish the change or undo it once the connection is back.
Both are idempotent (they look at what is there when they run), so running one after
a step whose outcome is unknown is safe.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kvmdesk.core.types.errors import ConnectionLost, KvmdeskError, LibvirtFailure

RecoveryStep = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Recovery:
    """Finish or undo an interrupted change; the CLI arguments that do the same.

    ``finish`` / ``undo`` are None when the change cannot be finished / undone;
    ``*_commands`` are ``kvmdesk-cli`` argument lists (shell-quoted, without ``-c``) that
    do the same one after the other; empty when the CLI has no command for it.
    """

    finish: RecoveryStep | None
    undo: RecoveryStep | None
    finish_text: str = ""
    undo_text: str = ""
    finish_commands: tuple[str, ...] = ()
    undo_commands: tuple[str, ...] = ()


class PartialChange(LibvirtFailure):
    """``done`` happened, ``not_done`` did not; ``reason`` is why it stopped.

    ``uncertain`` are steps whose outcome is unknown (the connection was lost while
    libvirt carried them out); ``lost`` says the reason is a lost connection.
    """

    def __init__(
        self,
        what: str,
        done: tuple[str, ...],
        not_done: tuple[str, ...],
        reason: str,
        hint: str,
        *,
        uncertain: tuple[str, ...] = (),
        lost: bool = False,
        recovery: Recovery | None = None,
    ) -> None:
        self.what = what
        self.done = done
        self.not_done = not_done
        self.uncertain = uncertain
        self.reason = reason
        self.hint = hint
        self.lost = lost
        self.recovery = recovery
        super().__init__(describe_partial(what, done, not_done, uncertain, reason, hint, lost))


def describe_partial(
    what: str,
    done: tuple[str, ...],
    not_done: tuple[str, ...],
    uncertain: tuple[str, ...],
    reason: str,
    hint: str,
    lost: bool,
) -> str:
    """The one-line message of a :class:`PartialChange`."""
    parts = [f"done: {', '.join(done) or 'nothing'}"]
    if uncertain:
        parts.append(f"not known whether done: {', '.join(uncertain)}")
    parts.append(f"not done: {', '.join(not_done) or 'nothing'}")
    steps = "; ".join(parts)
    head = (
        f"the connection was lost during {what}"
        if lost
        else f"{what} was only partly done ({reason})"
    )
    return f"{head}: {steps}. {hint}".strip()


def is_connection_lost(error: BaseException, connected: bool) -> bool:
    """Whether ``error`` (raised while ``connected`` was what it is now) means a lost link."""
    return isinstance(error, ConnectionLost) or (isinstance(error, KvmdeskError) and not connected)


def lost_during(what: str, error: BaseException) -> ConnectionLost:
    """A one-step operation met a lost connection: whether it happened is not known."""
    return ConnectionLost(
        f"the connection was lost during {what}: not known whether it was done "
        f"({error}); the list shows libvirt's state again once kvmdesk reconnects"
    )
