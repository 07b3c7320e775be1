"""An edit that met another client's change to the same field: the values, and the choice.

An editor (NIC, virtual network, bond, a settings section) remembers the value it
started from. At apply time the object is read again; a field the user changed that
someone else changed too, to something else, is a :class:`FieldConflict`. The edit then
stops with :class:`EditConflict` (nothing sent) until the user picks a :class:`Side`
for each such field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kvmdesk.core.types.errors import KvmdeskError


class Side(StrEnum):
    """Whose value a conflicting field takes."""

    THEIRS = "theirs"  # keep what the other client set
    MINE = "mine"  # use what the user entered


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field changed both here and elsewhere: its key and the three values, as text."""

    field: str
    base: str  # when the editor opened
    theirs: str  # what it is now
    mine: str  # what the user entered


class EditConflict(KvmdeskError):
    """Fields the user changed were changed elsewhere meanwhile; nothing was applied."""

    def __init__(self, what: str, conflicts: tuple[FieldConflict, ...]) -> None:
        fields = ", ".join(conflict.field for conflict in conflicts)
        super().__init__(f"{what} was changed elsewhere meanwhile ({fields})")
        self.what = what
        self.conflicts = conflicts
