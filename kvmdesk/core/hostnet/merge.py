"""A bond edit as a change: only the settings the user changed land on the bond as it is now.

The bond dialog starts from :func:`~kvmdesk.core.hostnet.model.bond_spec_for_edit`
(``base``); just before the change is applied the host's interfaces are listed again
and the bond read again (``theirs``). :func:`merge_bond_edit` keeps what another tool
(nmcli, Cockpit, virsh iface-edit) changed meanwhile in settings the user left alone,
and reports a setting both changed (see :mod:`kvmdesk.core.util.three_way`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from kvmdesk.core.hostnet.model import BondSpec
from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.util.three_way import pick_sides


def _monitoring(spec: BondSpec) -> str:
    if spec.mii is not None:
        mii = spec.mii
        return f"MII every {mii.interval_ms} ms (up {mii.updelay_ms}, down {mii.downdelay_ms})"
    if spec.arp is not None:
        targets = ", ".join(str(target) for target in spec.arp.targets)
        return f"ARP every {spec.arp.interval_ms} ms to {targets}"
    return "none"


def _ip(spec: BondSpec) -> str:
    ip = spec.ip
    addresses = ", ".join(str(address) for address in ip.addresses)
    return f"IPv4 {ip.ipv4} {addresses}".rstrip() + f"; IPv6 {ip.ipv6}"


# The settings of a bond the dialog edits, keyed as conflicts name them; each the
# BondSpec fields it carries.
BOND_FIELDS: dict[str, tuple[Callable[[BondSpec], object], tuple[str, ...]]] = {
    "mode": (lambda spec: spec.mode.name.lower().replace("_", "-"), ("mode",)),
    "ports": (lambda spec: ", ".join(spec.ports), ("ports",)),
    "primary": (lambda spec: spec.primary, ("primary",)),
    "monitoring": (_monitoring, ("mii", "arp")),
    "lacp_rate": (lambda spec: spec.lacp_rate, ("lacp_rate",)),
    "xmit_hash_policy": (lambda spec: spec.xmit_hash_policy, ("xmit_hash_policy",)),
    "ip": (lambda spec: (_ip(spec), spec.ip), ("ip",)),
    "mtu": (lambda spec: str(spec.mtu or ""), ("mtu",)),
    "bridge": (lambda spec: spec.bridge, ("bridge",)),
    "start_mode": (lambda spec: spec.start_mode, ("start_mode",)),
}


def _shown(value: object) -> str:
    return str(value[0]) if isinstance(value, tuple) else str(value)


def merge_bond_edit(
    base: BondSpec, mine: BondSpec, theirs: BondSpec, resolution: Mapping[str, Side] | None = None
) -> BondSpec:
    """``theirs`` with the settings the user changed from ``base`` to ``mine``.

    :class:`~kvmdesk.core.types.conflicts.EditConflict` for a setting changed
    elsewhere too, to another value, that ``resolution`` does not settle.
    """
    readers = {key: reader for key, (reader, _fields) in BOND_FIELDS.items()}
    sides = pick_sides(f"bond {base.name}", base, mine, theirs, readers, resolution, _shown)
    changes = {
        field: getattr(mine, field)
        for key, (_reader, fields) in BOND_FIELDS.items()
        if sides[key] is Side.MINE
        for field in fields
    }
    return dataclasses.replace(theirs, **changes)
