"""A NIC edit as a change: only the fields the user changed land on the NIC as it is now.

The dialog starts from the NIC's spec (``base``) and returns the user's (``mine``); at
apply time the NIC is read again (``theirs``, see :func:`current_spec`).
:func:`merge_nic_edit` keeps another client's change to a field the user left alone
and reports a field both changed (see :mod:`kvmdesk.core.util.three_way`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.nic.spec import NicSpec, interface_type, spec_of
from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.util.mac import comparable_mac
from kvmdesk.core.util.nic_snapshot import read_nic
from kvmdesk.core.util.three_way import pick_sides


def _connection(spec: NicSpec) -> str:
    source = spec.source
    if source.mode is NetworkMode.NONE:
        return "not attached"
    kind = interface_type(source)
    if kind == "network":
        group = f" (portgroup {source.portgroup})" if source.portgroup else ""
        return f"network {source.network}{group}"
    if kind == "bridge":
        return f"bridge {source.bridge}"
    if kind == "direct":
        return f"macvtap {source.device} ({source.macvtap_mode})"
    return f"user-mode {source.backend}".rstrip()


# The fields of a NIC a user edits, keyed as conflicts name them.
NIC_FIELDS: dict[str, Callable[[NicSpec], object]] = {
    "connection": _connection,
    "mac": lambda spec: comparable_mac(spec.mac) if spec.mac else "",
    "model": lambda spec: spec.model,
    "link": lambda spec: "up" if spec.link_up else "down",
}


def merge_nic_edit(
    base: NicSpec, mine: NicSpec, theirs: NicSpec, resolution: Mapping[str, Side] | None = None
) -> NicSpec:
    """``theirs`` with the fields the user changed from ``base`` to ``mine``.

    :class:`~kvmdesk.core.types.conflicts.EditConflict` when a changed field was also
    changed elsewhere to another value and ``resolution`` does not settle it.
    """
    if not mine.mac:
        mine = NicSpec(mine.source, base.mac, mine.model, mine.link_up)
    if not mine.model:
        mine = NicSpec(mine.source, mine.mac, base.model, mine.link_up)
    sides = pick_sides(f"NIC {base.mac}", base, mine, theirs, NIC_FIELDS, resolution)

    def pick(key: str) -> NicSpec:
        return mine if sides[key] is Side.MINE else theirs

    return NicSpec(
        source=pick("connection").source,
        mac=pick("mac").mac,
        model=pick("model").model,
        link_up=pick("link").link_up,
    )


def current_spec(domain: Any, networks: Mapping[str, NetworkSnapshot], mac: str) -> NicSpec:
    """The NIC ``mac`` as the dialog would start from it now (blocking; in the pool).

    The persistent definition's NIC (it holds changes waiting for a restart), else
    the running one; :class:`BadInput` when the domain has no such NIC any more.
    """
    wanted = comparable_mac(mac)
    definitions = []
    if domain.isPersistent():
        definitions.append(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
    if domain.isActive():
        definitions.append(domain.XMLDesc(0))
    for xml in definitions:
        for element in etree.fromstring(xml).iterfind("devices/interface"):
            nic = read_nic(element)
            if nic.mac == wanted:
                return spec_of(nic, networks)
    raise BadInput(f"the NIC {wanted} was removed or given another MAC meanwhile")
