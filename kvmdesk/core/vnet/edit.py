"""Editing a defined network: read it into a spec, change its own XML in place, say what waits.

:func:`update_network_xml` changes only what a :class:`NetworkSpec` describes (forward
mode and device, bridge, the first IPv4 ``<ip>`` and its DHCP range) and keeps the UUID,
MAC, DNS, portgroups, comments and every element it does not know. libvirt applies only
DHCP-range changes to a running network (``virNetworkUpdate``); everything else is
stored and takes effect when the network next starts: :func:`changes_need_restart` says
which case an edit is (and :class:`~kvmdesk.core.vnet.change.NetworkChange` for two specs).
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from lxml import etree

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.vnet.classify import classify_network
from kvmdesk.core.vnet.spec import (
    CREATABLE_MODES,
    FORWARD_MODE,
    NetworkSpec,
)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)

# Children of <forward> that belong to device pools (macvtap and hostdev modes) or to
# hostdev alone; none of them fits a mode kvmdesk writes.
_POOL_CHILDREN = ("interface", "pf", "address", "driver")

# What libvirt refuses in a bridge-mode network (networkValidate, virNetworkDefParseXML).
_NOT_IN_BRIDGE_MODE = ("ip", "route", "mac", "dns", "domain", "mtu")
_BRIDGE_ATTRIBUTES_NOT_IN_BRIDGE_MODE = ("stp", "delay", "zone")


# ------------------------------------------------------------------ reading


def _parse(xml: str | bytes) -> etree._Element:
    data = xml.encode() if isinstance(xml, str) else xml
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise BadInput(arg(translate("Core", "not network XML: %1"), error)) from None


def _ipv4_interface(ip: etree._Element) -> IPv4Interface | None:
    """The address and subnet of an ``<ip>`` element if it is IPv4, else ``None``."""
    if ip.get("family", "ipv4") != "ipv4":
        return None
    address = ip.get("address", "")
    prefix = ip.get("prefix") or ip.get("netmask")
    try:
        interface = ipaddress.ip_interface(f"{address}/{prefix}" if prefix else address)
    except ValueError:
        return None
    if not isinstance(interface, IPv4Interface):
        return None
    if not prefix:
        # libvirt's default for an IPv4 <ip> without prefix or netmask is the classful one.
        classful = 8 if interface.ip < IPv4Address("128.0.0.0") else 16
        classful = 24 if interface.ip >= IPv4Address("192.0.0.0") else classful
        interface = IPv4Interface(f"{interface.ip}/{classful}")
    return interface


def _first_ipv4(root: etree._Element) -> tuple[etree._Element, IPv4Interface] | None:
    for ip in root.iterfind("ip"):
        interface = _ipv4_interface(ip)
        if interface is not None:
            return ip, interface
    return None


def _address(text: str | None) -> IPv4Address | None:
    try:
        return IPv4Address(text or "")
    except ValueError:
        return None


def spec_from_network_xml(xml: str | bytes, *, autostart: bool = True) -> NetworkSpec:
    """The spec an edit dialog starts from; :class:`BadInput` for modes kvmdesk cannot edit."""
    root = _parse(xml)
    name = root.findtext("name", "").strip()
    mode = classify_network(root)
    if mode not in CREATABLE_MODES:
        raise BadInput(f"network {name!r} is a {mode} network, which kvmdesk does not edit")
    forward = root.find("forward")
    bridge = root.find("bridge")
    subnet: IPv4Network | None = None
    host: IPv4Address | None = None
    dhcp_start: IPv4Address | None = None
    dhcp_end: IPv4Address | None = None
    found = _first_ipv4(root) if mode not in (NetworkMode.INTERNAL, NetworkMode.BRIDGED) else None
    if found is not None:
        ip, interface = found
        subnet = interface.network
        if interface.ip != subnet.network_address + 1:
            host = interface.ip
        first_range = ip.find("dhcp/range")
        if first_range is not None:
            dhcp_start = _address(first_range.get("start"))
            dhcp_end = _address(first_range.get("end"))
    return NetworkSpec(
        name=name,
        mode=mode,
        subnet=subnet,
        dhcp_start=dhcp_start,
        dhcp_end=dhcp_end,
        bridge=(bridge.get("name", "") if bridge is not None else ""),
        forward_dev=(forward.get("dev", "") if forward is not None else ""),
        autostart=autostart,
        host_address=host,
    )


# ------------------------------------------------------------------ editing


def update_network_xml(current_xml: str | bytes, spec: NetworkSpec) -> str:
    """``current_xml`` changed to what ``spec`` describes, everything else kept.

    Validate ``spec`` first (:func:`~kvmdesk.core.vnet.spec.validate_network_spec`);
    this only refuses what the current XML makes impossible: a rename, or a DHCP host
    reservation the new subnet would leave outside.
    """
    root = _parse(current_xml)
    name = root.findtext("name", "").strip()
    if spec.name != name:
        raise BadInput(
            arg(
                translate("Core", "network %1 cannot be renamed to %2"), repr(name), repr(spec.name)
            )
        )
    old_mode = classify_network(root)
    _edit_forward(root, spec)
    _edit_bridge(root, spec, old_mode)
    if spec.mode is NetworkMode.BRIDGED:
        for tag in _NOT_IN_BRIDGE_MODE:
            _remove_all(root, tag)
    elif spec.mode is NetworkMode.INTERNAL:
        _remove_all(root, "ip")
        _remove_all(root, "route")  # a static route needs a gateway on one of our subnets
    else:
        _edit_ip(root, spec)
    return etree.tostring(root, encoding="unicode")


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # lxml removes the element's tail with it: hand that whitespace to the one before, so
    # the rest of the document keeps its indentation.
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    elif element.getnext() is None:
        parent.text = element.tail
    parent.remove(element)


def _remove_all(root: etree._Element, tag: str) -> None:
    for element in list(root.iterfind(tag)):
        _remove(element)


def _insert_after_header(root: etree._Element, element: etree._Element) -> None:
    """Put a new top-level element after ``<name>``/``<uuid>``/``<forward>``/``<bridge>``."""
    anchors = [root.find(tag) for tag in ("name", "uuid", "title", "forward", "bridge", "mac")]
    present = [anchor for anchor in anchors if anchor is not None]
    if not present:
        root.append(element)
        return
    last = max(present, key=lambda anchor: root.index(anchor))
    last.addnext(element)
    if last.tail and "\n" in last.tail:
        element.tail = last.tail


def _edit_forward(root: etree._Element, spec: NetworkSpec) -> None:
    forward = root.find("forward")
    wanted = FORWARD_MODE.get(spec.mode)
    if wanted is None:
        if forward is not None:
            _remove(forward)
        return
    if forward is None:
        forward = etree.Element("forward")
        _insert_after_header(root, forward)
    if forward.get("mode", "nat") != wanted:
        forward.set("mode", wanted)
    for tag in _POOL_CHILDREN:
        if tag == "interface" and spec.forward_dev and forward.get("dev") == spec.forward_dev:
            continue  # libvirt's own copy of dev=; the device did not change
        for child in list(forward.iterfind(tag)):
            _remove(child)
    if wanted != "nat":
        for child in list(forward.iterfind("nat")):
            _remove(child)
    if "managed" in forward.attrib:
        del forward.attrib["managed"]  # hostdev only
    if spec.forward_dev:
        forward.set("dev", spec.forward_dev)
    elif "dev" in forward.attrib:
        del forward.attrib["dev"]


def _edit_bridge(root: etree._Element, spec: NetworkSpec, old_mode: NetworkMode) -> None:
    bridge = root.find("bridge")
    if spec.mode is NetworkMode.BRIDGED:
        if bridge is None:
            bridge = etree.Element("bridge")
            _insert_after_header(root, bridge)
        bridge.set("name", spec.bridge)
        for attribute in _BRIDGE_ATTRIBUTES_NOT_IN_BRIDGE_MODE:
            bridge.attrib.pop(attribute, "")
        return
    if spec.bridge:
        if bridge is None:
            bridge = etree.Element("bridge")
            _insert_after_header(root, bridge)
        bridge.set("name", spec.bridge)
    elif bridge is not None and old_mode is NetworkMode.BRIDGED:
        # That name is a host bridge libvirt must not create: let it pick virbrN.
        bridge.attrib.pop("name", "")
        if not bridge.attrib and len(bridge) == 0:
            _remove(bridge)


def _edit_ip(root: etree._Element, spec: NetworkSpec) -> None:
    subnet, gateway = spec.subnet, spec.gateway
    if subnet is None or gateway is None:
        return
    found = _first_ipv4(root)
    if found is None:
        ip = etree.Element("ip")
        _insert_after_header(root, ip)
        current: IPv4Interface | None = None
    else:
        ip, current = found
    if current is None or (current.ip, current.network) != (gateway, subnet):
        ip.set("address", str(gateway))
        ip.attrib.pop("netmask", "")
        ip.set("prefix", str(subnet.prefixlen))
    dhcp = ip.find("dhcp")
    if dhcp is not None:
        for host in dhcp.iterfind("host"):
            address = _address(host.get("ip"))
            if address is not None and address not in subnet:
                raise BadInput(
                    arg(
                        translate(
                            "Core",
                            "DHCP reservation %1 lies outside the new subnet %2; remove it first",
                        ),
                        address,
                        subnet,
                    )
                )
    _edit_ranges(ip, spec)


def _edit_ranges(ip: etree._Element, spec: NetworkSpec) -> None:
    dhcp = ip.find("dhcp")
    ranges = list(dhcp.iterfind("range")) if dhcp is not None else []
    if spec.dhcp_start is None or spec.dhcp_end is None:
        for element in ranges:
            _remove(element)
        if dhcp is not None and len(dhcp) == 0:
            _remove(dhcp)
        return
    start, end = str(spec.dhcp_start), str(spec.dhcp_end)
    if ranges:
        first = ranges[0]
        if (_address(first.get("start")), _address(first.get("end"))) != (
            spec.dhcp_start,
            spec.dhcp_end,
        ):
            first.set("start", start)
            first.set("end", end)
        for extra in ranges[1:]:
            _remove(extra)
        return
    if dhcp is None:
        dhcp = etree.SubElement(ip, "dhcp")
    dhcp.insert(0, etree.Element("range", start=start, end=end))


# ----------------------------------------------------------- live or restart


def _without_live_parts(xml: str | bytes) -> bytes:
    """Canonical XML minus what libvirt changes on a running network (IPv4 DHCP ranges)."""
    root = _parse(xml)
    for ip in root.iterfind("ip"):
        if _ipv4_interface(ip) is None:
            continue
        for dhcp in list(ip.iterfind("dhcp")):
            for element in list(dhcp.iterfind("range")):
                dhcp.remove(element)
            if len(dhcp) == 0:
                ip.remove(dhcp)
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(root, method="c14n")


def changes_need_restart(old_xml: str | bytes, new_xml: str | bytes) -> bool:
    """Whether going from ``old_xml`` to ``new_xml`` needs the running network restarted.

    Only IPv4 DHCP-range changes apply live (``virNetworkUpdate`` cannot change the
    forward mode, bridge or addresses of a running network).
    """
    return _without_live_parts(old_xml) != _without_live_parts(new_xml)


def dhcp_ranges(xml: str | bytes) -> tuple[int, list[tuple[str, str]]] | None:
    """The index of the first IPv4 ``<ip>`` among all ``<ip>`` elements and its DHCP ranges.

    The index is the ``parentIndex`` ``virNetworkUpdate`` wants; ``None`` without IPv4.
    """
    root = _parse(xml)
    for index, ip in enumerate(root.iterfind("ip")):
        if _ipv4_interface(ip) is None:
            continue
        ranges = [(r.get("start", ""), r.get("end", "")) for r in ip.iterfind("dhcp/range")]
        return index, ranges
    return None
