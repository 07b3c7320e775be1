"""What the NIC dialog and the CLI offer to choose from: models, host bridges, host devices.

Bridges and devices come from libvirt's host-interface API (any connection, also
remote ones) and, for a connection to this machine, from ``/sys/class/net``:
libvirt lists only what its interface backend knows, sysfs shows every bridge.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.util.uri import LibvirtUri

SYS_CLASS_NET = Path("/sys/class/net")

# libvirt 9's domain capabilities do not list NIC models (QEMU accepts any of its
# -device NIC names there), so this is the fallback: the x86 models QEMU 7 offers
# that guests have drivers for. virtio (paravirtual, fastest), e1000e (Intel
# 82574, PCIe), e1000 (Intel 82540EM), rtl8139 (Realtek), ne2k_pci (NE2000),
# pcnet (AMD PCnet), vmxnet3 (VMware paravirtual, for guests imported from VMware).
FALLBACK_MODELS: tuple[str, ...] = (
    "virtio",
    "e1000e",
    "e1000",
    "rtl8139",
    "ne2k_pci",
    "pcnet",
    "vmxnet3",
)

# Interfaces that exist for guests or for traffic shaping, never something to
# connect a guest to: libvirt's taps and macvtaps, its network bridges, IFBs.
_NOT_HOST_SIDE = ("vnet", "virbr", "macvtap", "macvlan", "ifb")

_ARPHRD_ETHER = "1"
_DEVICE_TYPES = frozenset({"ethernet", "bond", "vlan"})


def models_from_capabilities(xml: str) -> list[str]:
    """NIC models a ``<domainCapabilities>`` document lists (none in libvirt 9)."""
    if not xml:
        return []
    root = etree.fromstring(xml.encode())
    return [
        (value.text or "").strip()
        for value in root.iterfind("devices/interface/enum[@name='model']/value")
        if (value.text or "").strip()
    ]


def nic_models(domain: Any) -> list[str]:
    """Models for ``domain``'s NICs: its capabilities' list or the fallback, plus those in use."""
    root = etree.fromstring(domain.XMLDesc(0).encode())
    os_type = root.find("os/type")
    arch = os_type.get("arch") if os_type is not None else None
    machine = os_type.get("machine") if os_type is not None else None
    try:
        capabilities = domain.connect().getDomainCapabilities(
            None, arch, machine, root.get("type"), 0
        )
    except libvirt.libvirtError:
        capabilities = ""  # the test driver, or a hypervisor without capabilities
    models = models_from_capabilities(capabilities) or list(FALLBACK_MODELS)
    for model in root.iterfind("devices/interface/model"):
        used = model.get("type", "")
        if used and used not in models:
            models.append(used)
    return models


def _guest_side(name: str) -> bool:
    return name == "lo" or name.startswith(_NOT_HOST_SIDE)


def _libvirt_interface_roots(conn: Any) -> list[tuple[str, Any]]:
    try:
        handles = conn.listAllInterfaces(0)
    except libvirt.libvirtError:
        return []  # e.g. qemu:///session has no interface driver
    found: list[tuple[str, Any]] = []
    for handle in handles:
        with contextlib.suppress(libvirt.libvirtError):
            found.append((handle.name(), etree.fromstring(handle.XMLDesc(0).encode())))
    return found


def libvirt_host_interfaces(conn: Any) -> list[tuple[str, str]]:
    """(name, type) of every host interface libvirt knows; none where it has no such API."""
    return [(name, root.get("type", "")) for name, root in _libvirt_interface_roots(conn)]


def libvirt_enslaved(conn: Any) -> set[str]:
    """Names of the interfaces libvirt shows as ports of a bond or bridge."""
    return {
        port.get("name", "")
        for _name, root in _libvirt_interface_roots(conn)
        for container in root.findall("bond") + root.findall("bridge")
        for port in container.iterfind(".//interface")
    } - {""}


def sysfs_enslaved(root: Path = SYS_CLASS_NET) -> set[str]:
    """Interfaces in a ``/sys/class/net``-shaped directory that are a bond's or bridge's port."""
    if not root.is_dir():
        return set()
    return {entry.name for entry in root.iterdir() if (entry / "master").exists()}


def sysfs_bridges(root: Path = SYS_CLASS_NET) -> list[str]:
    """Bridges in a ``/sys/class/net``-shaped directory."""
    if not root.is_dir():
        return []
    return sorted(
        entry.name
        for entry in root.iterdir()
        if (entry / "bridge").is_dir() and not _guest_side(entry.name)
    )


def sysfs_devices(root: Path = SYS_CLASS_NET) -> list[str]:
    """Ethernet-like host interfaces a macvtap can sit on (no bridges, taps or Wi-Fi)."""
    if not root.is_dir():
        return []
    devices: list[str] = []
    for entry in root.iterdir():
        if _guest_side(entry.name):
            continue
        try:
            kind = (entry / "type").read_text(encoding="ascii").strip()
        except OSError:
            continue
        if kind != _ARPHRD_ETHER:
            continue
        # tun_flags marks a tap; wireless/phy80211 a Wi-Fi link, whose access point
        # drops frames from the guest's own MAC.
        if any((entry / name).exists() for name in ("bridge", "tun_flags", "wireless", "phy80211")):
            continue
        devices.append(entry.name)
    return sorted(devices)


def reads_local_sysfs(uri: str) -> bool:
    """Whether this machine's sysfs describes the connection's host (not for test://)."""
    return LibvirtUri.parse(uri).is_local_host


def _merge(*sources: Iterable[str]) -> list[str]:
    return sorted({name for source in sources for name in source})


def host_bridges(
    conn: Any, uri: str, network_bridges: Collection[str] = (), sysfs: Path = SYS_CLASS_NET
) -> list[str]:
    """Host bridges to offer for Bridged mode, leaving out those of libvirt's own networks."""
    from_libvirt = [n for n, kind in libvirt_host_interfaces(conn) if kind == "bridge"]
    from_sysfs = sysfs_bridges(sysfs) if reads_local_sysfs(uri) else []
    return [
        name
        for name in _merge(from_libvirt, from_sysfs)
        if name not in network_bridges and not _guest_side(name)
    ]


def host_devices(conn: Any, uri: str, sysfs: Path = SYS_CLASS_NET) -> list[str]:
    """Physical/ethernet host interfaces to offer for macvtap.

    A port of a bond or bridge is left out: a macvtap on it would bypass (or fight)
    what it is enslaved to; the bond or bridge itself is what to use.
    """
    local = reads_local_sysfs(uri)
    from_libvirt = [n for n, kind in libvirt_host_interfaces(conn) if kind in _DEVICE_TYPES]
    from_sysfs = sysfs_devices(sysfs) if local else []
    bridges = set(sysfs_bridges(sysfs)) if local else set()
    enslaved = libvirt_enslaved(conn) | (sysfs_enslaved(sysfs) if local else set())
    return [
        name
        for name in _merge(from_libvirt, from_sysfs)
        if name not in bridges and name not in enslaved and not _guest_side(name)
    ]
