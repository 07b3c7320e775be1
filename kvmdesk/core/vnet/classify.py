"""Which network mode a libvirt ``<network>`` is: libvirt's forms of NAT, Bridged, Host-only, …"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.types.modes import NetworkMode

_MACVTAP_FORWARDS = {"bridge", "private", "vepa", "passthrough"}


def _has_netdev_pool(forward: etree._Element) -> bool:
    """Whether a forward names host netdevs for macvtap: ``dev=``, ``<interface dev>`` or ``<pf>``.

    A pool of PCI ``<address>`` entries is for hostdev networks only; libvirt rejects it for
    the macvtap modes ("lists a device by PCI address in the device pool").
    """
    if forward.get("dev"):
        return True
    if any(i.get("dev") for i in forward.iterfind("interface")):
        return True
    return any(pf.get("dev") for pf in forward.iterfind("pf"))


def classify_network(root: etree._Element) -> NetworkMode:
    """Return the mode of a libvirt ``<network>`` element (``OTHER`` when none fits).

    Follows what libvirt does when a guest connects (``networkAllocatePort``): a
    bridge-mode network that names a ``<bridge>`` plugs guests into that host bridge
    (Linux or Open vSwitch); the bridge/private/vepa/passthrough modes otherwise give each
    guest a macvtap device on a netdev of the pool. A macvtap-mode network without such a
    pool (no bridge name, no ``dev``, no ``<interface>``/``<pf>``) cannot attach a guest at
    all, and hostdev networks pass whole PCI functions through: both are ``OTHER``.
    """
    forward = root.find("forward")
    has_ip = root.find("ip") is not None
    if forward is None:
        return NetworkMode.HOST_ONLY if has_ip else NetworkMode.INTERNAL
    mode = forward.get("mode", "nat")
    if mode == "nat":
        return NetworkMode.NAT
    if mode == "route":
        return NetworkMode.ROUTED
    if mode == "open":
        return NetworkMode.OPEN
    bridge = root.find("bridge")
    if mode == "bridge" and bridge is not None and bridge.get("name"):
        return NetworkMode.BRIDGED
    if mode in _MACVTAP_FORWARDS and _has_netdev_pool(forward):
        return NetworkMode.MACVTAP
    return NetworkMode.OTHER


def classify_network_xml(xml: str | bytes) -> NetworkMode:
    """:func:`classify_network` on XML text."""
    return classify_network(etree.fromstring(xml.encode() if isinstance(xml, str) else xml))
