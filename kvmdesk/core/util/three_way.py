"""Three-way merge of an edit: only the fields the user changed, onto the current value.

``base`` is what the editor started from, ``mine`` what the user entered, ``theirs``
what the object is at apply time. A field the user left alone takes ``theirs`` (another
client's change survives); a field the user changed takes ``mine``, unless ``theirs``
changed it too to something else: that is a conflict, settled by ``resolution`` or
raised as :class:`~kvmdesk.core.types.conflicts.EditConflict`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from kvmdesk.core.types.conflicts import EditConflict, FieldConflict, Side

T = TypeVar("T")


def pick_sides(
    what: str,
    base: T,
    mine: T,
    theirs: T,
    fields: Mapping[str, Callable[[T], object]],
    resolution: Mapping[str, Side] | None = None,
    show: Callable[[object], str] = str,
) -> dict[str, Side]:
    """Whose value each field takes; :class:`EditConflict` for unresolved conflicts.

    ``fields`` maps a field's key to how to read it from a value (values compared
    with ``==``); ``show`` turns a read value into the text a conflict shows.
    """
    sides: dict[str, Side] = {}
    conflicts: list[FieldConflict] = []
    for key, read in fields.items():
        was, entered, now = read(base), read(mine), read(theirs)
        if entered == was:
            sides[key] = Side.THEIRS
        elif now in (was, entered):
            sides[key] = Side.MINE
        elif resolution is not None and key in resolution:
            sides[key] = resolution[key]
        else:
            conflicts.append(FieldConflict(key, show(was), show(now), show(entered)))
    if conflicts:
        raise EditConflict(what, tuple(conflicts))
    return sides
