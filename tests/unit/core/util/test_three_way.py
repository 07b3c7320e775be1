"""Three-way merge of edits: whose value each field takes, and when to ask."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.conflicts import EditConflict, FieldConflict, Side
from kvmdesk.core.util.three_way import pick_sides

FIELDS = {"a": lambda v: v[0], "b": lambda v: v[1]}


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "sides"),
    [
        ((1, 1), (1, 1), (1, 1), {"a": Side.THEIRS, "b": Side.THEIRS}),
        ((1, 1), (2, 1), (1, 1), {"a": Side.MINE, "b": Side.THEIRS}),
        ((1, 1), (2, 1), (1, 3), {"a": Side.MINE, "b": Side.THEIRS}),  # both kept
        ((1, 1), (2, 1), (2, 1), {"a": Side.MINE, "b": Side.THEIRS}),  # the same change
        ((1, 1), (1, 1), (5, 5), {"a": Side.THEIRS, "b": Side.THEIRS}),
    ],
)
def test_sides(
    base: tuple[int, int], mine: tuple[int, int], theirs: tuple[int, int], sides: dict[str, Side]
) -> None:
    assert pick_sides("x", base, mine, theirs, FIELDS) == sides


def test_a_field_changed_on_both_sides_is_a_conflict_until_resolved() -> None:
    with pytest.raises(EditConflict) as raised:
        pick_sides("thing", (1, 1), (2, 2), (3, 1), FIELDS)
    assert raised.value.conflicts == (FieldConflict("a", "1", "3", "2"),)
    assert "thing was changed elsewhere meanwhile (a)" in str(raised.value)
    assert pick_sides("thing", (1, 1), (2, 2), (3, 1), FIELDS, {"a": Side.THEIRS}) == {
        "a": Side.THEIRS,
        "b": Side.MINE,
    }
