"""A network edit merged onto the network's definition as it is now."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address, IPv4Network

import pytest

from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.change import merge_network_edit
from kvmdesk.core.vnet.spec import NetworkSpec

BASE = NetworkSpec(
    "lab",
    NetworkMode.NAT,
    IPv4Network("203.0.113.0/24"),
    IPv4Address("203.0.113.100"),
    IPv4Address("203.0.113.150"),
    bridge="virbr9",
)


def test_their_dhcp_range_survives_my_bridge_rename() -> None:
    mine = dataclasses.replace(BASE, bridge="virbr10")
    theirs = dataclasses.replace(BASE, dhcp_start=IPv4Address("203.0.113.20"), autostart=False)
    assert merge_network_edit(BASE, mine, theirs) == dataclasses.replace(theirs, bridge="virbr10")


def test_both_changing_the_range_is_a_conflict() -> None:
    mine = dataclasses.replace(BASE, dhcp_end=IPv4Address("203.0.113.200"))
    theirs = dataclasses.replace(BASE, dhcp_end=IPv4Address("203.0.113.160"))
    with pytest.raises(EditConflict) as raised:
        merge_network_edit(BASE, mine, theirs)
    assert raised.value.conflicts[0].field == "dhcp"
    assert merge_network_edit(BASE, mine, theirs, {"dhcp": Side.MINE}).dhcp_end == mine.dhcp_end
