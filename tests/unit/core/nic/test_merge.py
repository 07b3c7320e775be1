"""A NIC edit merged onto the NIC as it is now."""

from __future__ import annotations

import dataclasses

import pytest

from kvmdesk.core.nic.merge import merge_nic_edit
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.modes import NetworkMode

BASE = NicSpec(NicSource(NetworkMode.NAT, network="lan"), "52:54:00:00:00:01", "virtio", True)


def test_only_the_changed_fields_land_on_theirs() -> None:
    mine = dataclasses.replace(BASE, link_up=False)
    theirs = dataclasses.replace(BASE, model="e1000")
    assert merge_nic_edit(BASE, mine, theirs) == dataclasses.replace(
        BASE, model="e1000", link_up=False
    )


def test_a_connection_change_is_one_field() -> None:
    mine = dataclasses.replace(BASE, source=NicSource(NetworkMode.BRIDGED, bridge="br0"))
    theirs = dataclasses.replace(BASE, source=NicSource(NetworkMode.NAT, network="other"))
    with pytest.raises(EditConflict) as raised:
        merge_nic_edit(BASE, mine, theirs)
    (conflict,) = raised.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.mine) == (
        "connection",
        "network other",
        "bridge br0",
    )
    merged = merge_nic_edit(BASE, mine, theirs, {"connection": Side.MINE})
    assert merged.source == mine.source


def test_empty_mac_and_model_mean_unchanged() -> None:
    mine = dataclasses.replace(BASE, mac="", model="")
    theirs = dataclasses.replace(BASE, model="rtl8139")
    assert merge_nic_edit(BASE, mine, theirs) == theirs
