"""A change that stopped half-way and could not be taken back: which parts happened.

Composite changes (a NIC's live and persistent steps, a network's define, autostart
and start) take back what they did when a later step fails. When taking back fails
too (typically: the daemon went away between the steps), the error says exactly which
steps happened and which did not, and how to finish or undo the change.
"""

from __future__ import annotations

from kvmdesk.core.types.errors import LibvirtFailure


class PartialChange(LibvirtFailure):
    """``done`` happened, ``not_done`` did not; ``reason`` is why it stopped."""

    def __init__(
        self, what: str, done: tuple[str, ...], not_done: tuple[str, ...], reason: str, hint: str
    ) -> None:
        self.what = what
        self.done = done
        self.not_done = not_done
        self.reason = reason
        self.hint = hint
        super().__init__(
            f"{what} was only partly done ({reason}): done: {', '.join(done)}; "
            f"not done: {', '.join(not_done)}. {hint}"
        )
