"""The three-way change: only the user's fields are written; the same field changed
elsewhere meanwhile is a conflict, never overwritten."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kvmdesk.core.settings.merge import SettingsConflict, changed_fields, conflicts, merge
from kvmdesk.core.settings.values import Cpus, Memory, Overview

BASE = Cpus(current=2, maximum=4, sockets=1, cores=2, threads=2)


def test_changed_fields_are_the_edited_ones() -> None:
    assert changed_fields(BASE, replace(BASE, current=3)) == ("current",)
    assert changed_fields(BASE, BASE) == ()
    # Read-only fields never count as a change.
    assert changed_fields(Overview("a", machine="pc"), Overview("a", machine="q35")) == ()


def test_another_clients_change_of_another_field_is_kept() -> None:
    mine = replace(BASE, current=3)
    theirs = replace(BASE, maximum=8, sockets=2)
    merged, fields = merge(BASE, mine, theirs)
    assert merged == replace(BASE, current=3, maximum=8, sockets=2)
    assert fields == ("current",)


def test_the_same_field_changed_elsewhere_is_a_conflict() -> None:
    mine = replace(BASE, current=3)
    theirs = replace(BASE, current=1)
    assert conflicts(BASE, mine, theirs)[0].theirs == 1
    with pytest.raises(SettingsConflict) as caught:
        merge(BASE, mine, theirs, what="CPUs of 'web'")
    message = str(caught.value)
    assert message == (
        "CPUs of 'web' changed meanwhile: current CPUs (you started from 2, it is now 1); "
        "nothing was changed, reload and try again"
    )


def test_the_same_change_made_elsewhere_is_no_conflict_and_not_written_again() -> None:
    mine = replace(BASE, current=3)
    merged, fields = merge(BASE, mine, mine)
    assert merged == mine
    assert fields == ()


def test_conflict_messages_show_values_as_people_read_them() -> None:
    base = Memory(1024, 2048, shared=False)
    mine = replace(base, shared=True, current_kib=2048)
    theirs = replace(base, shared=False, current_kib=1536)
    with pytest.raises(SettingsConflict) as caught:
        merge(base, mine, replace(theirs, shared=True))
    assert "current memory (you started from 1 MiB, it is now 1.5 MiB)" in str(caught.value)
    base = Overview("web", autostart=False)
    # A switch cannot conflict (both sides changed it the same way); text shows quoted.
    with pytest.raises(SettingsConflict, match=r"title \(you started from '', it is now 'y'\)"):
        merge(
            base, replace(base, autostart=True, title="x"), replace(base, autostart=True, title="y")
        )
