"""A running VM's NICs against its saved definition: find what differs, settle it.

A NIC change is two steps (the running VM, then the saved definition); a daemon that
dies between them, or another client, leaves a running NIC that is not what the VM's
next start brings. :func:`differences` finds every such NIC of a running persistent
domain; :func:`make_permanent` saves the running NIC into the definition and
:func:`revert_live` puts the saved one back on the running VM. Blocking; the session
runs them in its pool.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.nic.xml import find_interface, interfaces
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.snapshots import NicSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.mac import comparable_mac
from kvmdesk.core.util.nic_snapshot import read_nic
from kvmdesk.core.util.xml_layout import insert_child, parse, remove_child, serialise

AFFECT_LIVE = libvirt.VIR_DOMAIN_AFFECT_LIVE
INACTIVE_XML = libvirt.VIR_DOMAIN_XML_INACTIVE

# What libvirt adds to a running NIC that a saved definition does not carry.
_LIVE_ONLY_SOURCE = ("portid", "bridge")


def _by_mac(domain_xml: str) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for interface in interfaces(parse(domain_xml)):
        mac = interface.find("mac")
        if mac is not None:
            found.setdefault(comparable_mac(mac.get("address", "")), interface)
    return found


def _comparable(nic: NicSnapshot) -> tuple[object, ...]:
    # Everything but the tap device's name, which exists only while the VM runs.
    return (
        nic.model,
        nic.type,
        nic.source,
        nic.link_up,
        nic.portgroup,
        nic.macvtap_mode,
        nic.backend,
    )


def compare_nics(
    live: Iterable[NicSnapshot], saved: Iterable[NicSnapshot]
) -> dict[str, NicSnapshot | None]:
    """By the MAC of each NIC that differs: that NIC as saved (None: not saved).

    A NIC saved but not running appears under its own MAC with its saved value.
    """
    running = {comparable_mac(nic.mac): nic for nic in live if nic.mac}
    stored = {comparable_mac(nic.mac): nic for nic in saved if nic.mac}
    differing: dict[str, NicSnapshot | None] = {}
    for mac in running.keys() | stored.keys():
        now, kept = running.get(mac), stored.get(mac)
        if now is None or kept is None or _comparable(now) != _comparable(kept):
            differing[mac] = kept
    return differing


def compare(live_xml: str, config_xml: str) -> dict[str, NicSnapshot | None]:
    """:func:`compare_nics` of two domain definitions."""
    return compare_nics(
        (read_nic(e) for e in _by_mac(live_xml).values()),
        (read_nic(e) for e in _by_mac(config_xml).values()),
    )


def differences(domain: Any) -> dict[str, NicSnapshot | None]:
    """:func:`compare` for one domain; empty unless it runs and is persistent."""
    if not domain.isActive() or not domain.isPersistent():
        return {}
    return compare(domain.XMLDesc(0), domain.XMLDesc(INACTIVE_XML))


def scan(
    domains: Iterable[tuple[str, Any, Sequence[NicSnapshot]]],
) -> dict[str, dict[str, NicSnapshot | None]]:
    """For each (uuid, handle, running NICs as loaded): the NICs whose saved definition
    differs. One call per domain (its saved definition); domains gone are skipped."""
    found: dict[str, dict[str, NicSnapshot | None]] = {}
    for uuid, handle, live in domains:
        try:
            # lxml's own parser (no layout bookkeeping): this runs for every running VM.
            root = etree.fromstring(handle.XMLDesc(INACTIVE_XML).encode())
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                raise
            continue
        found[uuid] = compare_nics(live, (read_nic(e) for e in root.iterfind("devices/interface")))
    return found


def saveable(live_interface: etree._Element) -> etree._Element:
    """A running ``<interface>`` as a saved definition holds it (libvirt's live-only parts dropped)."""
    element = copy.deepcopy(live_interface)
    element.tail = None
    target = element.find("target")
    if target is not None and not (target.get("dev") or "").startswith(("vnet", "macvtap")):
        target = None  # a name the user chose is kept
    if target is not None:
        remove_child(target)
    alias = element.find("alias")
    if alias is not None and not (alias.get("name") or "").startswith("ua-"):
        remove_child(alias)
    source = element.find("source")
    if source is not None and element.get("type") == "network":
        for name in _LIVE_ONLY_SOURCE:
            if name in source.attrib:
                del source.attrib[name]
    return element


def make_permanent(domain: Any, mac: str) -> None:
    """Save the running NIC ``mac`` as it is (or its absence) into the definition."""
    if not domain.isActive():
        raise BadInput(translate("Core", "the VM is not running: there is no running NIC to keep"))
    live_root = parse(domain.XMLDesc(0))
    config_root = parse(domain.XMLDesc(INACTIVE_XML))
    running = _find(live_root, mac)
    saved = _find(config_root, mac)
    if running is None and saved is None:
        raise BadInput(arg(translate("Core", "no NIC with MAC %1"), mac))
    if running is None:
        assert saved is not None
        remove_child(saved)
    else:
        keep = saveable(running)
        if saved is not None:
            parent = saved.getparent()
            assert parent is not None
            position = parent.index(saved)
            remove_child(saved)
            insert_child(parent, position, keep)
        else:
            devices = config_root.find("devices")
            if devices is None:
                raise BadInput(translate("Core", "the saved definition has no devices"))
            after = [i for i in devices if i.tag == "interface"]
            position = devices.index(after[-1]) + 1 if after else len(devices)
            insert_child(devices, position, keep)
    domain.connect().defineXML(serialise(config_root))


def revert_live(domain: Any, mac: str) -> None:
    """Put the saved NIC ``mac`` back on the running VM (detach it if it is not saved)."""
    if not domain.isActive():
        raise BadInput(
            translate("Core", "the VM is not running: its next start uses the saved NICs anyway")
        )
    live_root = parse(domain.XMLDesc(0))
    config_root = parse(domain.XMLDesc(INACTIVE_XML))
    running = _find(live_root, mac)
    saved = _find(config_root, mac)
    if saved is None:
        if running is None:
            raise BadInput(arg(translate("Core", "no NIC with MAC %1"), mac))
        domain.detachDeviceFlags(_xml(running), AFFECT_LIVE)
    elif running is None:
        domain.attachDeviceFlags(_xml(saved), AFFECT_LIVE)
    else:
        domain.updateDeviceFlags(_xml(saved), AFFECT_LIVE)


def _find(root: etree._Element, mac: str) -> etree._Element | None:
    try:
        return find_interface(root, mac)
    except BadInput:
        return None


def _xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)
