"""A bond edit merged onto the bond as it is now."""

from __future__ import annotations

import dataclasses

import pytest

from kvmdesk.core.hostnet.merge import merge_bond_edit
from kvmdesk.core.hostnet.model import BondMode, BondSpec, MiiMonitor
from kvmdesk.core.types.conflicts import EditConflict, Side

BASE = BondSpec("bond0", BondMode.ACTIVE_BACKUP, ("eth1", "eth2"), mii=MiiMonitor(100))


def test_their_monitoring_change_survives_my_mode_change() -> None:
    mine = dataclasses.replace(BASE, mode=BondMode.BALANCE_XOR)
    theirs = dataclasses.replace(BASE, mii=MiiMonitor(250), mtu=9000)
    merged = merge_bond_edit(BASE, mine, theirs)
    assert merged == dataclasses.replace(theirs, mode=BondMode.BALANCE_XOR)


def test_both_changing_the_ports_is_a_conflict() -> None:
    mine = dataclasses.replace(BASE, ports=("eth1",))
    theirs = dataclasses.replace(BASE, ports=("eth2", "eth3"))
    with pytest.raises(EditConflict) as raised:
        merge_bond_edit(BASE, mine, theirs)
    (conflict,) = raised.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.mine) == ("ports", "eth2, eth3", "eth1")
    assert merge_bond_edit(BASE, mine, theirs, {"ports": Side.THEIRS}).ports == theirs.ports
