"""The message of a change cut short, and what counts as a lost connection."""

from __future__ import annotations

from kvmdesk.core.types.errors import BadInput, ConnectionLost, LibvirtFailure
from kvmdesk.core.types.partial import PartialChange, is_connection_lost, lost_during


def test_a_lost_connection_says_what_happened_and_what_did_not() -> None:
    change = PartialChange(
        "creating network lab",
        ("defined",),
        ("started",),
        "End of file",
        "Once reconnected kvmdesk offers to finish it or to undo it.",
        uncertain=("autostart on",),
        lost=True,
    )
    assert str(change) == (
        "the connection was lost during creating network lab: done: defined; "
        "not known whether done: autostart on; not done: started. "
        "Once reconnected kvmdesk offers to finish it or to undo it."
    )
    assert change.recovery is None


def test_a_failed_undo_names_both_failures() -> None:
    change = PartialChange("x", (), ("y",), "refused; undo failed too", "Do z.")
    assert (
        str(change)
        == "x was only partly done (refused; undo failed too): done: nothing; not done: y. Do z."
    )


def test_which_errors_mean_the_link_is_gone() -> None:
    assert is_connection_lost(ConnectionLost("eof"), connected=True)
    assert is_connection_lost(LibvirtFailure("invalid connection pointer"), connected=False)
    assert not is_connection_lost(LibvirtFailure("refused"), connected=True)
    assert not is_connection_lost(ValueError("no"), connected=False)
    lost = lost_during("starting network lab", BadInput("eof"))
    assert isinstance(lost, ConnectionLost)
    assert str(lost).startswith("the connection was lost during starting network lab: not known")
