"""Host-interface snapshots from what libvirt lists: parsed definitions, state, MAC.

libvirt lists top-level definitions only; a bond or port defined inside a bridge (or
a bond) has no entry of its own on the test driver. :func:`host_interfaces` gives
every interface a row anyway and works out which bond or bridge each one is a port of.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kvmdesk.core.hostnet.libvirt_xml import Definition, parse_definition
from kvmdesk.core.hostnet.model import (
    BondInfo,
    BondSpec,
    BridgeSpec,
    EthernetSpec,
    HostInterface,
    InterfaceKind,
    InterfaceSpec,
    IpConfig,
    VlanSpec,
)
from kvmdesk.core.types.errors import BadInput


def _kind(spec: InterfaceSpec) -> InterfaceKind:
    if isinstance(spec, BondSpec):
        return "bond"
    if isinstance(spec, BridgeSpec):
        return "bridge"
    if isinstance(spec, VlanSpec):
        return "vlan"
    return "ethernet"


def _addresses(ip: IpConfig) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(str(a) for a in ip.addresses), tuple(str(a) for a in ip.ipv6_addresses)


@dataclass(frozen=True, slots=True)
class ListedInterface:
    """What a libvirt backend lists for one interface: its XML, state and MAC."""

    name: str
    xml: str
    active: bool
    mac: str = ""


def _snapshot(
    spec: InterfaceSpec, *, active: bool, mac: str, defined: bool, controller: str
) -> HostInterface:
    ipv4, ipv6 = _addresses(spec.ip)
    bond = None
    if isinstance(spec, BondSpec):
        bond = BondInfo(mode=spec.mode, primary=spec.primary, mii=spec.mii, arp=spec.arp)
    return HostInterface(
        name=spec.name,
        kind=_kind(spec),
        active=active,
        mac=mac or (spec.mac if isinstance(spec, EthernetSpec) else ""),
        mtu=spec.mtu,
        ipv4=ipv4,
        ipv6=ipv6,
        ports=_ports_of(spec),
        bond=bond,
        vlan_parent=spec.parent if isinstance(spec, VlanSpec) else "",
        vlan_id=spec.vlan_id if isinstance(spec, VlanSpec) else None,
        controller=controller,
        defined=defined,
        definition=spec,
    )


def _inline_ethernet(definition: Definition, name: str) -> InterfaceSpec:
    """The inline definition of ``name``; a bare ethernet port when it has none."""
    return definition.nested_spec(name) or EthernetSpec(name=name)


def host_interfaces(listed: Sequence[ListedInterface]) -> list[HostInterface]:
    """Snapshots of every listed interface and of the ports defined inside them.

    An interface defined only inline (the bond of a bridge over a bond, ports that
    have no definition of their own) gets a row too, active when its holder is. Definitions that cannot be
    parsed become ``kind="other"`` rows without details.
    """
    parsed: list[tuple[ListedInterface, Definition | None]] = []
    for item in listed:
        try:
            parsed.append((item, parse_definition(item.xml)))
        except BadInput:
            parsed.append((item, None))
    controllers: dict[str, str] = {}
    for _item, definition in parsed:
        if definition is None:
            continue
        for spec in (definition.spec, *definition.nested):
            for port in _ports_of(spec):
                controllers.setdefault(port, spec.name)
    top_names = {item.name for item in listed}
    rows: list[HostInterface] = []
    extra: dict[str, HostInterface] = {}
    for item, definition in parsed:
        if definition is None:
            rows.append(
                HostInterface(
                    name=item.name,
                    kind="other",
                    active=item.active,
                    mac=item.mac,
                    controller=controllers.get(item.name, ""),
                )
            )
            continue
        rows.append(
            _snapshot(
                definition.spec,
                active=item.active,
                mac=item.mac,
                defined=True,
                controller=controllers.get(item.name, ""),
            )
        )
        inline: list[InterfaceSpec] = [
            s for s in definition.nested if not isinstance(s, EthernetSpec)
        ]
        inline += [_inline_ethernet(definition, name) for name in definition.names]
        for spec in inline:
            if spec.name in top_names or spec.name in extra or spec.name == item.name:
                continue
            extra[spec.name] = _snapshot(
                spec,
                active=item.active,
                mac="",
                defined=True,
                controller=controllers.get(spec.name, ""),
            )
    rows.extend(extra.values())
    return sorted(rows, key=lambda row: row.name)


def _ports_of(spec: InterfaceSpec) -> tuple[str, ...]:
    return spec.ports if isinstance(spec, BondSpec | BridgeSpec) else ()
