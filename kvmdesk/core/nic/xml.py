"""Edit one ``<interface>`` of a domain's XML in place and leave everything else alone.

The domain's own XML is parsed keeping comments, whitespace and CDATA, the target
interface (found by MAC) is changed as little as a :class:`NicSpec` requires, and
the document is written back without re-indenting: apart from that one element
the result is the same document under canonical XML. Inside the interface, what
still applies to the new type is kept (MAC, model, address, boot order, driver,
bandwidth, alias, ROM, MTU, target, compatible virtualport, unknown elements,
attributes, namespaces and comments); what belonged only to the old type goes.
"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.nic.spec import NicSource, NicSpec, interface_type
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.mac import comparable_mac
from kvmdesk.core.util.xml_layout import insert_child, parse, remove_child, serialise, whitespace

# libvirt's order of <interface> children when it formats one; new children go
# where libvirt would put them, so what we write reads like what it writes.
_ORDER = (
    "mac",
    "source",
    "virtualport",
    "ip",
    "route",
    "portForward",
    "script",
    "downscript",
    "backenddomain",
    "target",
    "guest",
    "model",
    "driver",
    "backend",
    "filterref",
    "tune",
    "teaming",
    "link",
    "mtu",
    "coalesce",
    "bandwidth",
    "vlan",
    "port",
    "boot",
    "alias",
    "address",
    "acpi",
    "rom",
)
_RANK = {tag: rank for rank, tag in enumerate(_ORDER)}

# Virtualport types each interface type can use ("" is a typeless virtualport,
# whose type libvirt fills in from what the NIC connects to). A network NIC takes
# whatever its network is built on; user-mode takes none.
_VIRTUALPORT_TYPES: dict[str, frozenset[str]] = {
    "bridge": frozenset({"", "openvswitch", "midonet"}),
    "direct": frozenset({"", "802.1Qbg", "802.1Qbh"}),
}

# Children only some interface types can use. When the type changes to one not
# listed, the child goes: libvirt (or QEMU, when it validates the definition)
# refuses it there, or it described the old connection. <ip>/<route> are the
# host side of an ethernet tap or slirp's own subnet, never both, so they go on
# any change of type.
_ONLY_FOR: dict[str, frozenset[str]] = {
    "ip": frozenset(),
    "route": frozenset(),
    "script": frozenset({"ethernet"}),
    "downscript": frozenset({"ethernet"}),
    "port": frozenset({"network", "bridge"}),
    "coalesce": frozenset({"network", "bridge"}),
    "mtu": frozenset({"network", "bridge", "ethernet", "vhostuser"}),
}

# <driver name=…> values that select a hostdev backend, not a virtio one.
_HOSTDEV_DRIVERS = frozenset({"kvm", "vfio", "xen"})

# Attributes of <backend> that only the passt backend uses, and the tap-device paths
# only tap-based types use.
_PASST_ATTRIBUTES = ("type", "logFile")
_TAP_ATTRIBUTES = ("tap", "vhost")


# ------------------------------------------------------------- reading


def _mac_of(interface: etree._Element) -> str:
    element = interface.find("mac")
    return comparable_mac(element.get("address", "")) if element is not None else ""


def interfaces(root: etree._Element) -> list[etree._Element]:
    devices = root.find("devices")
    return devices.findall("interface") if devices is not None else []


def interface_macs(domain_xml: str) -> list[str]:
    """The MAC of every NIC, in order ("" for a NIC without one)."""
    return [_mac_of(interface) for interface in interfaces(parse(domain_xml))]


def find_interface(root: etree._Element, mac: str, *, index: int | None = None) -> etree._Element:
    """The ``<interface>`` with ``mac``, else :class:`BadInput`.

    ``index`` (the NIC's position among the domain's interfaces) tells apart NICs
    that share a MAC; libvirt allows that, so a MAC alone is ambiguous there.
    """
    wanted = comparable_mac(mac)
    every = interfaces(root)
    name = (root.findtext("name") or "").strip()
    if index is not None:
        if not 0 <= index < len(every) or _mac_of(every[index]) != wanted:
            raise BadInput(
                arg(
                    translate("Core", "domain %1 has no NIC number %2 with MAC %3"),
                    repr(name),
                    index + 1,
                    wanted,
                )
            )
        return every[index]
    found = [i for i in every if _mac_of(i) == wanted]
    if not found:
        raise BadInput(
            arg(translate("Core", "domain %1 has no NIC with MAC %2"), repr(name), wanted)
        )
    if len(found) > 1:
        raise BadInput(
            arg(
                translate("Core", "domain %1 has %2 NICs with MAC %3; say which one"),
                repr(name),
                len(found),
                wanted,
            )
        )
    return found[0]


def _insert_ordered(interface: etree._Element, element: etree._Element) -> None:
    rank = _RANK[str(element.tag)]
    children = list(interface)
    after = -1
    for position, child in enumerate(children):
        child_rank = _RANK.get(child.tag) if isinstance(child.tag, str) else None
        if child_rank is not None and child_rank <= rank:
            after = position
    if after >= 0:
        insert_child(interface, after + 1, element)
        return
    for position, child in enumerate(children):
        child_rank = _RANK.get(child.tag) if isinstance(child.tag, str) else None
        if child_rank is not None and child_rank > rank:
            insert_child(interface, position, element)
            return
    insert_child(interface, len(children), element)


def _child(interface: etree._Element, tag: str) -> etree._Element:
    """The first ``tag`` child, created in libvirt's place when missing."""
    element = interface.find(tag)
    if element is None:
        element = etree.Element(tag)
        _insert_ordered(interface, element)
    return element


# ------------------------------------------------------------- the edits


def _is_libvirt_name(name: str | bytes) -> bool:
    """Un-namespaced names are libvirt's grammar; namespaced ones belong to someone else."""
    return not str(name).startswith("{")


def _drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def _strip_libvirt(element: etree._Element) -> None:
    """Drop libvirt's attributes and child elements; foreign ones and comments stay."""
    for name in list(element.attrib):
        if _is_libvirt_name(name):
            del element.attrib[name]
    for child in list(element):
        if isinstance(child.tag, str) and _is_libvirt_name(child.tag):
            remove_child(child)
    if len(element) == 0 and whitespace(element.text):
        element.text = None  # <source/>, not <source>\n</source>


def _source_attributes(source: NicSource, kind: str) -> dict[str, str]:
    if kind == "network":
        wanted = {"network": source.network}
        if source.portgroup:
            wanted["portgroup"] = source.portgroup
        return wanted
    if kind == "bridge":
        return {"bridge": source.bridge}
    if kind == "direct":
        return {"dev": source.device, "mode": source.macvtap_mode}
    return {}


def _set_source(interface: etree._Element, old: str, new: str, source: NicSource) -> None:
    element = interface.find("source")
    if new == "user":
        # A user NIC has no source beyond passt's own <source dev>, which stays;
        # the old connection's <source> goes whole, foreign attributes with it.
        if old != "user" and element is not None:
            remove_child(element)
        return
    wanted = _source_attributes(source, new)
    if element is None:
        element = _child(interface, "source")
    if old != new:
        _strip_libvirt(element)
    elif any(element.get(name, "") != wanted.get(name, "") for name in (*wanted, "portgroup")):
        # Another source of the same type: what libvirt added for the old one
        # (a network port id, the actual bridge of a running NIC) no longer holds.
        for name in list(element.attrib):
            if _is_libvirt_name(name) and name not in wanted:
                del element.attrib[name]
    for name, value in wanted.items():
        element.set(name, value)


def _drop_inapplicable(interface: etree._Element, old: str, new: str) -> None:
    """Remove what cannot apply to the new type (nothing when the type stays)."""
    if old == new:
        return
    for child in list(interface):
        tag = child.tag if isinstance(child.tag, str) else ""
        allowed = _ONLY_FOR.get(tag)
        if allowed is not None and new not in allowed:
            remove_child(child)
        elif tag == "virtualport" and new != "network":
            if child.get("type", "") not in _VIRTUALPORT_TYPES.get(new, frozenset()):
                remove_child(child)
        elif tag == "target" and child.get("managed") == "no" and new != "ethernet":
            remove_child(child)  # it named a tap made outside libvirt for the old NIC
        elif tag == "teaming" and child.get("type") == "transient" and new != "network":
            remove_child(child)  # a transient failover member is a hostdev or network NIC
        elif tag == "driver" and child.get("name") in _HOSTDEV_DRIVERS:
            del child.attrib["name"]
            if not child.attrib and len(child) == 0:
                remove_child(child)


def _fix_backend(interface: etree._Element, new: str, backend: str) -> None:
    element = interface.find("backend")
    passt = new == "user" and backend == "passt"
    if passt:
        element = _child(interface, "backend")
        for name in _TAP_ATTRIBUTES:
            _drop_attribute(element, name)
        element.set("type", "passt")
        return
    for forward in interface.findall("portForward"):
        remove_child(forward)  # port forwards exist only with passt
    if element is None:
        return
    for name in _PASST_ATTRIBUTES:
        _drop_attribute(element, name)
    if not element.attrib and len(element) == 0:
        remove_child(element)


def _set_link(interface: etree._Element, up: bool) -> None:
    element = interface.find("link")
    if up:
        if element is not None and element.get("state") == "down":
            if len(element.attrib) == 1 and len(element) == 0:
                remove_child(element)
            else:
                element.set("state", "up")
        return
    _child(interface, "link").set("state", "down")


def _set_mac(interface: etree._Element, mac: str) -> None:
    element = _child(interface, "mac")
    if comparable_mac(element.get("address", "")) != mac:
        element.set("address", mac)
        if element.get("type") == "generated":
            del element.attrib["type"]  # chosen now, no longer generated


def _apply(interface: etree._Element, spec: NicSpec) -> None:
    source = spec.source
    if spec.mac:
        _set_mac(interface, comparable_mac(spec.mac))
    if source.mode is NetworkMode.NONE:
        _set_link(interface, up=False)  # unplugged: the source stays for plugging back
    else:
        old = interface.get("type", "")
        new = interface_type(source)
        if old != new:
            interface.set("type", new)
            if old == "hostdev":
                _drop_attribute(interface, "managed")
        _set_source(interface, old, new, source)
        _drop_inapplicable(interface, old, new)
        _fix_backend(interface, new, source.backend)
        _set_link(interface, up=spec.link_up)
    if spec.model:
        model = _child(interface, "model")
        if model.get("type") != spec.model:
            model.set("type", spec.model)


def _new_interface(root: etree._Element, spec: NicSpec) -> etree._Element:
    kind = interface_type(spec.source)
    if not kind:
        raise BadInput(
            translate(
                "Core", "a new NIC cannot start in mode 'none'; add it in a mode, then unplug it"
            )
        )
    devices = root.find("devices")
    if devices is None:
        devices = etree.Element("devices")
        insert_child(root, len(root), devices)
    interface = etree.Element("interface", type=kind)
    existing = devices.findall("interface")
    children = list(devices)
    index = children.index(existing[-1]) + 1 if existing else len(children)
    insert_child(devices, index, interface)
    return interface


# ------------------------------------------------------------- public edits


def set_nic(domain_xml: str, mac: str | None, spec: NicSpec, *, index: int | None = None) -> str:
    """``domain_xml`` with the NIC ``mac`` changed to ``spec`` (``None``: a new NIC added).

    The spec is taken as valid (see :func:`~kvmdesk.core.nic.spec.validate_nic_spec`);
    ``index`` picks one of several NICs sharing ``mac`` (see :func:`find_interface`).
    """
    root = parse(domain_xml)
    if mac is None:
        interface = _new_interface(root, spec)
    else:
        interface = find_interface(root, mac, index=index)
    _apply(interface, spec)
    return serialise(root)


def remove_nic(domain_xml: str, mac: str, *, index: int | None = None) -> str:
    """``domain_xml`` without the NIC ``mac``."""
    root = parse(domain_xml)
    remove_child(find_interface(root, mac, index=index))
    return serialise(root)


def interface_element_xml(domain_xml: str, mac: str, *, index: int | None = None) -> str:
    """Just the ``<interface>`` with ``mac``, for libvirt's device update/attach/detach."""
    element = find_interface(parse(domain_xml), mac, index=index)
    return etree.tostring(element, encoding="unicode", with_tail=False)


def _address_key(address: etree._Element) -> tuple[tuple[str, object], ...]:
    def value(text: str) -> object:
        try:
            return int(text, 0)
        except ValueError:
            return text

    return tuple(
        sorted(
            (str(name), value(str(text)))
            for name, text in address.attrib.items()
            if name != "multifunction"
        )
    )


def with_address(domain_xml: str, mac: str, address_xml: str) -> str:
    """``domain_xml`` with the NIC ``mac`` given ``address_xml`` (an ``<address>``).

    Used to keep a hot-plugged NIC at the same guest address in the persistent
    definition; nothing changes when the NIC has an address already or another
    device uses that one (libvirt then picks a free one).
    """
    root = parse(domain_xml)
    interface = find_interface(root, mac)
    address = parse(address_xml)
    if interface.find("address") is not None:
        return domain_xml
    devices = root.find("devices")
    if devices is not None:
        key = _address_key(address)
        if any(_address_key(used) == key for used in devices.iterfind("*/address")):
            return domain_xml
    address.tail = None
    _insert_ordered(interface, address)
    return serialise(root)
