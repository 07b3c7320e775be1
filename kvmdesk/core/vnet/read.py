"""Read network XML into :class:`NetworkSnapshot`."""

from __future__ import annotations

import ipaddress

from lxml import etree

from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.classify import classify_network


def _subnets(root: etree._Element) -> tuple[str, ...]:
    subnets: list[str] = []
    for ip in root.iterfind("ip"):
        address = ip.get("address")
        if not address:
            continue
        prefix = ip.get("prefix")
        netmask = ip.get("netmask")
        try:
            if prefix:
                interface = ipaddress.ip_interface(f"{address}/{prefix}")
            elif netmask:
                interface = ipaddress.ip_interface(f"{address}/{netmask}")
            else:
                interface = ipaddress.ip_interface(address)
        except ValueError:
            subnets.append(address)
            continue
        subnets.append(str(interface.network))
    return tuple(subnets)


def parse_network(
    xml: str,
    *,
    connection: str,
    active: bool,
    autostart: bool,
    persistent: bool,
    name: str | None = None,
) -> NetworkSnapshot:
    """The snapshot of a network from its XML and the flags libvirt reports beside it.

    ``name`` is libvirt's own (``virNetwork.name()``): the XML cannot carry every name
    exactly (an XML parser reads a CR in it as a LF), and lookups need the exact one.
    """
    root = etree.fromstring(xml.encode())
    bridge = root.find("bridge")
    forward = root.find("forward")
    devices: tuple[str, ...] = ()
    if forward is not None:
        devices = tuple(
            dev for dev in (i.get("dev", "") for i in forward.iterfind("interface")) if dev
        )
    return NetworkSnapshot(
        connection=connection,
        name=root.findtext("name", "").strip() if name is None else name,
        uuid=root.findtext("uuid", "").strip(),
        mode=classify_network(root),
        bridge=bridge.get("name", "") if bridge is not None else "",
        active=active,
        autostart=autostart,
        persistent=persistent,
        subnets=_subnets(root),
        forward_devices=devices,
        dhcp_ranges=tuple(
            (r.get("start", ""), r.get("end", "")) for r in root.iterfind("ip/dhcp/range")
        ),
        portgroups=tuple(p.get("name", "") for p in root.iterfind("portgroup") if p.get("name")),
    )
