"""libvirt host-interface XML (``interface.rng``) to and from the host-network model.

:func:`parse_definition` reads any ``<interface>`` document into a :class:`Definition`
and :func:`definition_xml` writes one back. "Without loss" means: for every document
libvirt formats, ``definition_xml(parse_definition(xml))`` is C14N-equal to ``xml``
once whitespace-only text is removed (see ``tests/unit/core/hostnet/test_libvirt_xml.py``;
all 15 interface files of libvirt's own test suite pass). The model normalises only
what means the same to libvirt and the kernel, none of which libvirt's formatter emits
itself for the corpus:

* a missing ``<start>`` reads as ``onboot`` (initscripts' default) and is written out;
* a bond without ``mode`` reads as ``balance-rr`` (the kernel's default) and is written;
* ``<miimon>`` without ``carrier`` reads as ``netif`` (the kernel's ``use_carrier=1``)
  and is written; ``updelay='0'`` / ``downdelay='0'`` are left out;
* ``<arpmon validate='none'>`` (which the schema allows but libvirt 9 refuses) is
  written without ``validate``, which means the same;
* ``<bridge>`` without ``stp`` reads as ``off`` and is written; ``delay='0'`` is left out
  and delays are written shortest (``0.010`` → ``0.01``);
* ``<ip>`` without ``prefix`` reads as a /32 (IPv4) or /128 (IPv6) and is written so;
* an empty ``<protocol family='ipv4'/>`` reads as "no IPv4" and is left out;
* IPv6 ``<autoconf/>`` without ``<dhcp/>`` reads as ``auto`` and is written with
  ``<dhcp/>`` (NetworkManager's ``auto``: SLAAC, and DHCPv6 when the router asks);
* a nested VLAN without ``name`` reads as ``PARENT.TAG`` and is written so.

libvirt's interface XML has one ARP target, no ``lacp_rate`` or ``xmit_hash_policy``,
and no primary option: netcf makes the *first* port primary in ``active-backup`` only.
So a parsed ``active-backup`` bond has ``primary == ports[0]`` and the writer puts the
primary port first; :func:`libvirt_bond_form` is a spec as libvirt will hold it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from typing import Literal, cast

from lxml import etree

from kvmdesk.core.hostnet.model import (
    NO_IP,
    ArpMonitor,
    BondMode,
    BondSpec,
    BridgeSpec,
    EthernetSpec,
    InterfaceBasics,
    InterfaceKind,
    InterfaceSpec,
    IpConfig,
    Ipv4Method,
    Ipv6Method,
    MiiMonitor,
    StartMode,
    VlanSpec,
    bridge_over_bond,
)
from kvmdesk.core.types.errors import BadInput, one_line

_MODE_BY_NAME = {mode.kernel_name: mode for mode in BondMode}
_START_MODES = ("onboot", "none", "hotplug")
_KINDS: tuple[InterfaceKind, ...] = ("ethernet", "bridge", "bond", "vlan")


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """libvirt's ``<link>``: the link state and speed a backend reported (status only)."""

    state: str = ""
    speed_mbps: int | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    """One libvirt ``<interface>`` document.

    ``spec`` is the top-level interface. ``nested`` are the inline definitions of its
    ports that are more than a name: bonds and VLANs under a bridge, and ethernet
    ports with a pinned MAC (as :class:`EthernetSpec`, only ``name`` and ``mac``
    meaningful). ``links`` are the ``<link>`` status elements by interface name.
    """

    spec: InterfaceSpec
    nested: tuple[InterfaceSpec, ...] = ()
    links: tuple[tuple[str, LinkInfo], ...] = ()

    def nested_spec(self, name: str) -> InterfaceSpec | None:
        for spec in self.nested:
            if spec.name == name:
                return spec
        return None

    def link(self, name: str) -> LinkInfo | None:
        for link_name, link in self.links:
            if link_name == name:
                return link
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """The top-level name and every interface defined inside it, ports included."""
        found = [self.spec.name, *(s.name for s in self.nested)]
        found += _ports(self.spec)
        for spec in self.nested:
            found += _ports(spec)
        return tuple(dict.fromkeys(found))


def _ports(spec: InterfaceSpec) -> tuple[str, ...]:
    if isinstance(spec, BondSpec | BridgeSpec):
        return spec.ports
    return ()


# ---------------------------------------------------------------------- parsing


def _bad(message: str) -> BadInput:
    return BadInput(f"interface XML: {message}")


def _int(element: etree._Element, attribute: str, default: int | None = None) -> int:
    text = element.get(attribute)
    if text is None:
        if default is None:
            raise _bad(f"<{element.tag}> lacks {attribute}")
        return default
    try:
        return int(text)
    except ValueError:
        raise _bad(f"<{element.tag} {attribute}={text!r}> is not a whole number") from None


def _start_mode(root: etree._Element) -> StartMode:
    start = root.find("start")
    mode = start.get("mode", "onboot") if start is not None else "onboot"
    if mode not in _START_MODES:
        raise _bad(f"unknown start mode {mode!r}")
    return cast(StartMode, mode)


def _mtu(root: etree._Element) -> int | None:
    mtu = root.find("mtu")
    return _int(mtu, "size") if mtu is not None else None


def _yes_no(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    value = element.get("peerdns")
    return None if value is None else value == "yes"


def _ip_config(root: etree._Element) -> IpConfig:
    ipv4: Ipv4Method = "none"
    addresses: list[IPv4Interface] = []
    gateway: IPv4Address | None = None
    peerdns: bool | None = None
    ipv6: Ipv6Method = "ignore"
    addresses6: list[IPv6Interface] = []
    gateway6: IPv6Address | None = None
    peerdns6: bool | None = None
    try:
        for protocol in root.findall("protocol"):
            family = protocol.get("family")
            dhcp = protocol.find("dhcp")
            ips = protocol.findall("ip")
            route = protocol.find("route")
            if family == "ipv4":
                addresses = [
                    IPv4Interface(f"{ip.get('address')}/{ip.get('prefix', '32')}") for ip in ips
                ]
                gateway = IPv4Address(route.get("gateway", "")) if route is not None else None
                peerdns = _yes_no(dhcp)
                ipv4 = "dhcp" if dhcp is not None else "static" if addresses else "none"
            elif family == "ipv6":
                addresses6 = [
                    IPv6Interface(f"{ip.get('address')}/{ip.get('prefix', '128')}") for ip in ips
                ]
                gateway6 = IPv6Address(route.get("gateway", "")) if route is not None else None
                peerdns6 = _yes_no(dhcp)
                if protocol.find("autoconf") is not None:
                    ipv6 = "auto"
                elif dhcp is not None:
                    ipv6 = "dhcp"
                else:
                    ipv6 = "static" if addresses6 else "link-local"
    except ValueError as error:
        raise _bad(one_line(str(error))) from None
    return IpConfig(
        ipv4=ipv4,
        addresses=tuple(addresses),
        gateway=gateway,
        dhcp_peerdns=peerdns,
        ipv6=ipv6,
        ipv6_addresses=tuple(addresses6),
        ipv6_gateway=gateway6,
        ipv6_dhcp_peerdns=peerdns6,
    )


def _basics(root: etree._Element) -> InterfaceBasics:
    return InterfaceBasics(ip=_ip_config(root), mtu=_mtu(root), start_mode=_start_mode(root))


def _link(element: etree._Element) -> LinkInfo | None:
    link = element.find("link")
    if link is None:
        return None
    speed = link.get("speed")
    return LinkInfo(state=link.get("state", ""), speed_mbps=int(speed) if speed else None)


def _mac(element: etree._Element) -> str:
    mac = element.find("mac")
    return mac.get("address", "") if mac is not None else ""


class _Reader:
    """Collects nested definitions and links while reading one document."""

    def __init__(self) -> None:
        self.nested: list[InterfaceSpec] = []
        self.links: list[tuple[str, LinkInfo]] = []

    def note_link(self, name: str, element: etree._Element) -> None:
        link = _link(element)
        if link is not None:
            self.links.append((name, link))

    def name(self, element: etree._Element) -> str:
        name = element.get("name")
        if not name:
            raise _bad(f"<interface type='{element.get('type')}'> has no name")
        return name

    def port(self, element: etree._Element) -> str:
        """A bare port inside a bond or bridge; returns its name."""
        kind = element.get("type")
        if kind == "ethernet":
            name = self.name(element)
            self.note_link(name, element)
            mac = _mac(element)
            if mac:
                self.nested.append(EthernetSpec(name=name, mac=mac))
            return name
        if kind == "vlan":
            vlan = self.vlan(element)
            self.nested.append(vlan)
            return vlan.name
        if kind == "bond":
            bond = self.bond(element)
            self.nested.append(bond)
            return bond.name
        raise _bad(f"a port of type {kind!r} is not allowed here")

    def ethernet(self, root: etree._Element) -> EthernetSpec:
        name = self.name(root)
        self.note_link(name, root)
        return EthernetSpec(
            name=name,
            mac=_mac(root),
            **_basics(root),
        )

    def bridge(self, root: etree._Element) -> BridgeSpec:
        name = self.name(root)
        bridge = root.find("bridge")
        if bridge is None:
            raise _bad(f"bridge {name} has no <bridge> element")
        delay_text = bridge.get("delay", "0")
        try:
            delay = float(delay_text)
        except ValueError:
            raise _bad(f"bridge delay {delay_text!r} is not a number") from None
        ports = tuple(self.port(port) for port in bridge.findall("interface"))
        return BridgeSpec(
            name=name,
            ports=ports,
            stp=bridge.get("stp", "off") == "on",
            delay=delay,
            **_basics(root),
        )

    def bond(self, root: etree._Element) -> BondSpec:
        name = self.name(root)
        self.note_link(name, root)
        bond = root.find("bond")
        if bond is None:
            raise _bad(f"bond {name} has no <bond> element")
        mode_name = bond.get("mode", BondMode.BALANCE_RR.kernel_name)
        mode = _MODE_BY_NAME.get(mode_name)
        if mode is None:
            raise _bad(f"unknown bond mode {mode_name!r}")
        ports = tuple(self.port(port) for port in bond.findall("interface"))
        mii = arp = None
        miimon = bond.find("miimon")
        if miimon is not None:
            carrier = miimon.get("carrier", "netif")
            if carrier not in ("netif", "ioctl"):
                raise _bad(f"unknown miimon carrier {carrier!r}")
            mii = MiiMonitor(
                interval_ms=_int(miimon, "freq"),
                updelay_ms=_int(miimon, "updelay", 0),
                downdelay_ms=_int(miimon, "downdelay", 0),
                carrier=cast(Literal["netif", "ioctl"], carrier),
            )
        arpmon = bond.find("arpmon")
        if arpmon is not None:
            validate = arpmon.get("validate", "none")
            if validate not in ("none", "active", "backup", "all"):
                raise _bad(f"unknown arpmon validate {validate!r}")
            try:
                target = IPv4Address(arpmon.get("target", ""))
            except ValueError as error:
                raise _bad(one_line(str(error))) from None
            arp = ArpMonitor(
                interval_ms=_int(arpmon, "interval"),
                targets=(target,),
                validate=cast(Literal["none", "active", "backup", "all"], validate),
            )
        primary = ports[0] if mode is BondMode.ACTIVE_BACKUP and ports else ""
        return BondSpec(
            name=name,
            mode=mode,
            ports=ports,
            primary=primary,
            mii=mii,
            arp=arp,
            **_basics(root),
        )

    def vlan(self, root: etree._Element) -> VlanSpec:
        vlan = root.find("vlan")
        parent = vlan.find("interface") if vlan is not None else None
        if vlan is None or parent is None or not parent.get("name"):
            raise _bad("a VLAN needs <vlan tag=…><interface name=…/></vlan>")
        vlan_id = _int(vlan, "tag")
        parent_name = parent.get("name", "")
        name = root.get("name") or f"{parent_name}.{vlan_id}"
        self.note_link(name, root)
        return VlanSpec(
            name=name,
            parent=parent_name,
            vlan_id=vlan_id,
            **_basics(root),
        )


def parse_definition(xml: str | bytes) -> Definition:
    """A libvirt ``<interface>`` document as a :class:`Definition`; BadInput when malformed."""
    try:
        root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    except etree.XMLSyntaxError as error:
        raise _bad(one_line(str(error))) from None
    if root.tag != "interface":
        raise _bad(f"expected <interface>, found <{root.tag}>")
    reader = _Reader()
    kind = root.get("type")
    spec: InterfaceSpec
    if kind == "ethernet":
        spec = reader.ethernet(root)
    elif kind == "bridge":
        spec = reader.bridge(root)
    elif kind == "bond":
        spec = reader.bond(root)
    elif kind == "vlan":
        spec = reader.vlan(root)
    else:
        raise _bad(f"unknown interface type {kind!r}")
    return Definition(spec=spec, nested=tuple(reader.nested), links=tuple(reader.links))


# ---------------------------------------------------------------------- writing


def _sub(parent: etree._Element, element: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, element, attributes)


def _write_common(root: etree._Element, start_mode: StartMode, mtu: int | None) -> None:
    _sub(root, "start", mode=start_mode)
    if mtu is not None:
        _sub(root, "mtu", size=str(mtu))


def _write_dhcp(protocol: etree._Element, peerdns: bool | None) -> None:
    dhcp = _sub(protocol, "dhcp")
    if peerdns is not None:
        dhcp.set("peerdns", "yes" if peerdns else "no")


def _write_ip(root: etree._Element, ip: IpConfig) -> None:
    if ip.ipv4 != "none":
        protocol = _sub(root, "protocol", family="ipv4")
        if ip.ipv4 == "dhcp":
            _write_dhcp(protocol, ip.dhcp_peerdns)
        for address in ip.addresses:
            _sub(protocol, "ip", address=str(address.ip), prefix=str(address.network.prefixlen))
        if ip.gateway is not None:
            _sub(protocol, "route", gateway=str(ip.gateway))
    if ip.ipv6 != "ignore":
        protocol = _sub(root, "protocol", family="ipv6")
        if ip.ipv6 == "auto":
            _sub(protocol, "autoconf")
        if ip.ipv6 in ("auto", "dhcp"):
            _write_dhcp(protocol, ip.ipv6_dhcp_peerdns)
        for address6 in ip.ipv6_addresses:
            _sub(protocol, "ip", address=str(address6.ip), prefix=str(address6.network.prefixlen))
        if ip.ipv6_gateway is not None:
            _sub(protocol, "route", gateway=str(ip.ipv6_gateway))


def _write_link(root: etree._Element, link: LinkInfo | None) -> None:
    if link is None:
        return
    element = _sub(root, "link")
    if link.speed_mbps is not None:
        element.set("speed", str(link.speed_mbps))
    if link.state:
        element.set("state", link.state)


def _delay_text(delay: float) -> str:
    """Shortest text that reads back as ``delay``: ``0.01``, ``2``, ``2.5``."""
    text = repr(delay)
    return text[:-2] if text.endswith(".0") else text


class _Writer:
    def __init__(self, nested: Mapping[str, InterfaceSpec], links: Mapping[str, LinkInfo]) -> None:
        self.nested = nested
        self.links = links

    def port(self, parent: etree._Element, name: str) -> None:
        spec = self.nested.get(name)
        if isinstance(spec, BondSpec):
            self.bond(parent, spec, top=False)
        elif isinstance(spec, VlanSpec):
            self.vlan(parent, spec, top=False)
        else:
            port = _sub(parent, "interface", type="ethernet", name=name)
            _write_link(port, self.links.get(name))
            mac = spec.mac if isinstance(spec, EthernetSpec) else ""
            if mac:
                _sub(port, "mac", address=mac)

    def ethernet(self, spec: EthernetSpec) -> etree._Element:
        root = etree.Element("interface", type="ethernet", name=spec.name)
        _write_common(root, spec.start_mode, spec.mtu)
        _write_ip(root, spec.ip)
        _write_link(root, self.links.get(spec.name))
        if spec.mac:
            _sub(root, "mac", address=spec.mac)
        return root

    def bridge(self, spec: BridgeSpec) -> etree._Element:
        root = etree.Element("interface", type="bridge", name=spec.name)
        _write_common(root, spec.start_mode, spec.mtu)
        _write_ip(root, spec.ip)
        bridge = _sub(root, "bridge", stp="on" if spec.stp else "off")
        if spec.delay:
            bridge.set("delay", _delay_text(spec.delay))
        for name in spec.ports:
            self.port(bridge, name)
        return root

    def _stacked(
        self, parent: etree._Element | None, spec: BondSpec | VlanSpec, kind: str, *, top: bool
    ) -> etree._Element:
        """The ``<interface>`` of a bond or VLAN, on its own or nested in a bridge.

        Start mode, MTU and IP belong to the top-level interface only; the link
        (from the live listing) goes on every level.
        """
        attributes = {"type": kind, "name": spec.name}
        root = (
            etree.Element("interface", attributes)
            if parent is None
            else etree.SubElement(parent, "interface", attributes)
        )
        if top:
            _write_common(root, spec.start_mode, spec.mtu)
            _write_ip(root, spec.ip)
        _write_link(root, self.links.get(spec.name))
        return root

    def bond(self, parent: etree._Element | None, spec: BondSpec, *, top: bool) -> etree._Element:
        root = self._stacked(parent, spec, "bond", top=top)
        bond = _sub(root, "bond", mode=spec.mode.kernel_name)
        if spec.mii is not None:
            miimon = _sub(bond, "miimon", freq=str(spec.mii.interval_ms))
            if spec.mii.downdelay_ms:
                miimon.set("downdelay", str(spec.mii.downdelay_ms))
            if spec.mii.updelay_ms:
                miimon.set("updelay", str(spec.mii.updelay_ms))
            miimon.set("carrier", spec.mii.carrier)
        elif spec.arp is not None and spec.arp.targets:
            arpmon = _sub(
                bond,
                "arpmon",
                interval=str(spec.arp.interval_ms),
                target=str(spec.arp.targets[0]),
            )
            # The schema allows validate='none' but libvirt 9 refuses it ("unknown arp
            # bonding validate none"): leaving it out means none.
            if spec.arp.validate != "none":
                arpmon.set("validate", spec.arp.validate)
        for name in _primary_first(spec.ports, spec.primary):
            self.port(bond, name)
        return root

    def vlan(self, parent: etree._Element | None, spec: VlanSpec, *, top: bool) -> etree._Element:
        root = self._stacked(parent, spec, "vlan", top=top)
        vlan = _sub(root, "vlan", tag=str(spec.vlan_id))
        _sub(vlan, "interface", name=spec.parent)
        return root


def _primary_first(ports: Sequence[str], primary: str) -> list[str]:
    if primary and primary in ports:
        return [primary, *(p for p in ports if p != primary)]
    return list(ports)


def definition_element(definition: Definition) -> etree._Element:
    """The ``<interface>`` element for ``definition``."""
    writer = _Writer({spec.name: spec for spec in definition.nested}, dict(definition.links))
    spec = definition.spec
    if isinstance(spec, EthernetSpec):
        return writer.ethernet(spec)
    if isinstance(spec, BridgeSpec):
        return writer.bridge(spec)
    if isinstance(spec, BondSpec):
        return writer.bond(None, spec, top=True)
    return writer.vlan(None, spec, top=True)


def definition_xml(definition: Definition) -> str:
    """``definition`` as a libvirt ``<interface>`` document (pretty-printed)."""
    return etree.tostring(definition_element(definition), pretty_print=True, encoding="unicode")


# ------------------------------------------------------- specs ↔ definitions


def bond_definition(spec: BondSpec, port_macs: Mapping[str, str] | None = None) -> Definition:
    """The definition libvirt needs for ``spec``: the bond, or a bridge over it.

    With ``spec.bridge`` the bridge is the top-level interface and takes ``ip``,
    ``mtu`` and ``start_mode``; the bond sits inline as its only port. ``port_macs``
    pins the ports' MAC addresses (as the host reports them) so netcf finds the NICs.
    """
    macs = port_macs or {}
    pinned = tuple(EthernetSpec(name=p, mac=macs[p]) for p in spec.ports if macs.get(p))
    if not spec.bridge:
        return Definition(spec=spec, nested=pinned)
    bond = replace(spec, ip=NO_IP, mtu=None, bridge="")
    return Definition(spec=bridge_over_bond(spec), nested=(bond, *pinned))


def bond_xml(spec: BondSpec, port_macs: Mapping[str, str] | None = None) -> str:
    """libvirt XML creating ``spec`` (a bridge over the bond when ``spec.bridge``)."""
    return definition_xml(bond_definition(spec, port_macs))


def bridge_definition(
    spec: BridgeSpec,
    port_definitions: Iterable[InterfaceSpec] = (),
    port_macs: Mapping[str, str] | None = None,
) -> Definition:
    """The definition for ``spec``; bond or VLAN ports are written inline from
    ``port_definitions`` (libvirt's bridge holds its ports' whole definitions)."""
    macs = port_macs or {}
    inline = [
        replace(d, ip=NO_IP, mtu=None) if isinstance(d, BondSpec | VlanSpec) else d
        for d in port_definitions
        if d.name in spec.ports and isinstance(d, BondSpec | VlanSpec)
    ]
    inline_names = {d.name for d in inline}
    pinned = [
        EthernetSpec(name=p, mac=macs[p])
        for p in spec.ports
        if macs.get(p) and p not in inline_names
    ]
    return Definition(spec=spec, nested=(*inline, *pinned))


def bridge_xml(
    spec: BridgeSpec,
    port_definitions: Iterable[InterfaceSpec] = (),
    port_macs: Mapping[str, str] | None = None,
) -> str:
    return definition_xml(bridge_definition(spec, port_definitions, port_macs))


def vlan_xml(spec: VlanSpec) -> str:
    return definition_xml(Definition(spec=spec))


def ethernet_xml(spec: EthernetSpec) -> str:
    return definition_xml(Definition(spec=spec))


def libvirt_bond_form(spec: BondSpec) -> BondSpec:
    """``spec`` as libvirt will hold it: in active-backup the primary is the first port
    (and a port is always primary), elsewhere there is no primary; one ARP target;
    no LACP options."""
    ports = tuple(_primary_first(spec.ports, spec.primary))
    primary = ports[0] if spec.mode is BondMode.ACTIVE_BACKUP and ports else ""
    arp = spec.arp
    if arp is not None:
        arp = replace(arp, targets=arp.targets[:1])
    return replace(
        spec,
        ports=ports,
        primary=primary,
        arp=arp,
        mii=spec.mii if arp is None else None,
        lacp_rate="",
        xmit_hash_policy="",
    )


def bond_spec_of(definition: Definition) -> BondSpec | None:
    """The bond a definition describes as a :class:`BondSpec`, with ``bridge`` set when
    the definition is a bridge whose only port is a bond ("used for virtual machines").
    ``None`` for anything else (plain bridges, bridges with other ports too)."""
    spec = definition.spec
    if isinstance(spec, BondSpec):
        return spec
    if isinstance(spec, BridgeSpec) and len(spec.ports) == 1:
        bond = definition.nested_spec(spec.ports[0])
        if isinstance(bond, BondSpec) and not spec.stp and not spec.delay:
            return replace(
                bond, ip=spec.ip, mtu=spec.mtu, bridge=spec.name, start_mode=spec.start_mode
            )
    return None
