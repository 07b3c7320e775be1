"""No lost update: a change is what the user edited, applied to the value as it is *now*.

An editor starts from ``base`` (read when it opened) and the user makes ``edited``
of it. At apply time the domain is read again (``current``). Only the fields the
user changed are written (so another client's change of another field stays);
a field the user changed that another client also changed meanwhile, to another
value, is a :class:`Conflict`, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from kvmdesk.core.settings.values import FIELD_LABELS, editable, format_kib
from kvmdesk.core.types.errors import KvmdeskError

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class FieldConflict:
    field: str
    base: object  # what the editor started from
    mine: object  # what the user wants
    theirs: object  # what the domain has now


class SettingsConflict(KvmdeskError):
    """Another client changed a field the user changed too; nothing was written."""

    def __init__(self, what: str, conflicts: Sequence[FieldConflict]) -> None:
        self.conflicts = tuple(conflicts)
        fields = ", ".join(
            f"{FIELD_LABELS.get(c.field, c.field)} (you started from "
            f"{_shown(c.field, c.base)}, it is now {_shown(c.field, c.theirs)})"
            for c in self.conflicts
        )
        super().__init__(
            f"{what} changed meanwhile: {fields}; nothing was changed, reload and try again"
        )


def _shown(field: str, value: object) -> str:
    if field.endswith("_kib") and isinstance(value, int):
        return format_kib(value)
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    return repr(value) if isinstance(value, str) else str(value)


def changed_fields(base: Any, edited: Any) -> tuple[str, ...]:
    """The editable fields that differ between ``base`` and ``edited``."""
    before, after = editable(base), editable(edited)
    return tuple(name for name in after if after[name] != before[name])


def conflicts(base: Any, edited: Any, current: Any) -> list[FieldConflict]:
    """Fields changed by the user *and* by someone else since ``base``, to other values."""
    found = []
    for name in changed_fields(base, edited):
        theirs, mine, started = getattr(current, name), getattr(edited, name), getattr(base, name)
        if theirs != started and theirs != mine:
            found.append(FieldConflict(name, started, mine, theirs))
    return found


def merge(
    base: V, edited: V, current: V, *, what: str = "the settings"
) -> tuple[V, tuple[str, ...]]:
    """``current`` with the user's changes (``base`` → ``edited``); the fields to write.

    Raises :class:`SettingsConflict` when another client changed one of them too.
    Fields the user changed that already have the wanted value are not written again.
    """
    found = conflicts(base, edited, current)
    if found:
        raise SettingsConflict(what, found)
    changes = {
        name: getattr(edited, name)
        for name in changed_fields(base, edited)
        if getattr(current, name) != getattr(edited, name)
    }
    return replace(current, **changes), tuple(changes)  # type: ignore[type-var]
