"""Read one ``<interface>`` of a domain's XML into a :class:`NicSnapshot`.

Shared by the domain reader (:mod:`kvmdesk.core.domain.read`, every NIC of every
domain at load) and NIC planning (:mod:`kvmdesk.core.nic.apply`, the NIC a change
touches), which must not import each other.
"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.types.snapshots import NicSnapshot
from kvmdesk.core.util.mac import comparable_mac


def read_nic(interface: etree._Element) -> NicSnapshot:
    """One ``<interface>`` element of a domain's XML as the snapshot the lists show."""
    kind = interface.get("type", "")
    source = next(interface.iterchildren("source"), None)
    source_name = ""
    macvtap_mode = ""
    portgroup = ""
    if source is not None:
        if kind == "network":
            source_name = source.get("network", "")
            portgroup = source.get("portgroup", "")
        elif kind == "bridge":
            source_name = source.get("bridge", "")
        elif kind == "direct":
            source_name = source.get("dev", "")
            macvtap_mode = source.get("mode", "vepa")
        else:
            source_name = source.get("dev") or source.get("path") or source.get("address") or ""
    # One pass over the children instead of five find() scans (runs per NIC at load).
    children = {child.tag: child for child in reversed(interface) if isinstance(child.tag, str)}
    mac = children.get("mac")
    model = children.get("model")
    link = children.get("link")
    target = children.get("target")
    backend = children.get("backend")
    return NicSnapshot(
        mac=comparable_mac(mac.get("address", "")) if mac is not None else "",
        model=model.get("type", "") if model is not None else "",
        type=kind,
        source=source_name,
        link_up=link is None or link.get("state", "up") != "down",
        target=target.get("dev", "") if target is not None else "",
        portgroup=portgroup,
        macvtap_mode=macvtap_mode,
        backend=backend.get("type", "") if backend is not None else "",
    )
