"""Read each settings section's value out of a domain's XML (read-only; edits are in xml.py)."""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.domain.read import memory_kib
from kvmdesk.core.settings.values import (
    Boot,
    BootDevice,
    BootKind,
    CpuMode,
    Cpus,
    Disk,
    Memory,
    Overview,
    SharedFolder,
)
from kvmdesk.core.util.mac import comparable_mac
from kvmdesk.core.util.xml_layout import parse

BOOTABLE = ("disk", "interface")


def root_of(xml: str | etree._Element) -> etree._Element:
    return parse(xml) if isinstance(xml, str) else xml


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default


def firmware_of(root: etree._Element) -> str:
    """``efi`` or ``bios`` (``os firmware=`` or the loader), "" for the default (BIOS)."""
    os_element = root.find("os")
    if os_element is None:
        return ""
    chosen = os_element.get("firmware", "")
    if chosen:
        return chosen
    loader = os_element.find("loader")
    if loader is not None:
        path = (loader.text or "").lower()
        return (
            "efi" if loader.get("type") == "pflash" or "ovmf" in path or "efi" in path else "bios"
        )
    return ""


def read_overview(xml: str | etree._Element, *, autostart: bool = False) -> Overview:
    root = root_of(xml)
    os_type = root.find("os/type")
    return Overview(
        name=_text(root.find("name")),
        title=_text(root.find("title")),
        description=(root.findtext("description") or ""),
        autostart=autostart,
        firmware=firmware_of(root),
        machine=os_type.get("machine", "") if os_type is not None else "",
    )


def read_cpus(xml: str | etree._Element) -> Cpus:
    root = root_of(xml)
    vcpu = root.find("vcpu")
    maximum = _int(vcpu.text if vcpu is not None else None, 1) or 1
    current = _int(vcpu.get("current") if vcpu is not None else None, maximum) or maximum
    cpu = root.find("cpu")
    topology = cpu.find("topology") if cpu is not None else None
    mode = CpuMode.DEFAULT
    model = ""
    if cpu is not None:
        model = _text(cpu.find("model"))
        raw = cpu.get("mode") or ("custom" if model else "")
        try:
            mode = CpuMode(raw)
        except ValueError:
            mode = CpuMode.DEFAULT
    return Cpus(
        current=current,
        maximum=maximum,
        sockets=_int(topology.get("sockets")) if topology is not None else 0,
        cores=_int(topology.get("cores")) if topology is not None else 0,
        threads=_int(topology.get("threads")) if topology is not None else 0,
        mode=mode,
        model=model if mode is CpuMode.CUSTOM else "",
    )


def read_memory(xml: str | etree._Element) -> Memory:
    root = root_of(xml)
    maximum = memory_kib(root.find("memory"))
    current = memory_kib(root.find("currentMemory")) or maximum
    backing = root.find("memoryBacking")
    shared = False
    if backing is not None:
        source = backing.find("source")
        access = backing.find("access")
        shared = (
            source is not None
            and source.get("type") == "memfd"
            and access is not None
            and access.get("mode") == "shared"
        )
    return Memory(current_kib=current, maximum_kib=maximum, shared=shared)


# ------------------------------------------------------------------ devices


def devices_of(root: etree._Element) -> etree._Element | None:
    return root.find("devices")


def disk_target(disk: etree._Element) -> str:
    target = disk.find("target")
    return target.get("dev", "") if target is not None else ""


def nic_key(interface: etree._Element) -> str:
    mac = interface.find("mac")
    return f"net:{comparable_mac(mac.get('address', ''))}" if mac is not None else ""


def device_key(element: etree._Element) -> str:
    return disk_target(element) if element.tag == "disk" else nic_key(element)


def _disk_source(disk: etree._Element) -> tuple[str, str]:
    kind = disk.get("type", "file")
    source = disk.find("source")
    if source is None:
        return "", kind
    if kind == "volume":
        return f"{source.get('pool', '')}/{source.get('volume', '')}", kind
    if kind == "network":
        return f"{source.get('protocol', '')}:{source.get('name', '')}", kind
    return source.get("file") or source.get("dev") or source.get("dir") or "", kind


def read_disk(disk: etree._Element) -> Disk:
    target = disk.find("target")
    driver = disk.find("driver")
    source, kind = _disk_source(disk)
    return Disk(
        target=disk_target(disk),
        device=disk.get("device", "disk"),
        bus=target.get("bus", "") if target is not None else "",
        source=source,
        source_type=kind,
        format=driver.get("type", "") if driver is not None else "",
        cache=driver.get("cache", "") if driver is not None else "",
        read_only=disk.find("readonly") is not None,
    )


def read_disks(xml: str | etree._Element) -> tuple[Disk, ...]:
    devices = devices_of(root_of(xml))
    return tuple(read_disk(d) for d in devices.findall("disk")) if devices is not None else ()


def boot_devices(root: etree._Element) -> tuple[BootDevice, ...]:
    devices = devices_of(root)
    if devices is None:
        return ()
    found: list[BootDevice] = []
    for element in devices:
        if element.tag == "disk" and element.get("device", "disk") in ("disk", "cdrom", "lun"):
            kind = BootKind.CDROM if element.get("device") == "cdrom" else BootKind.DISK
            source, _kind = _disk_source(element)
            found.append(BootDevice(disk_target(element), kind, source))
        elif element.tag == "interface" and nic_key(element):
            nic_source = element.find("source")
            detail = ""
            if nic_source is not None:
                detail = (
                    nic_source.get("network")
                    or nic_source.get("bridge")
                    or nic_source.get("dev")
                    or ""
                )
            found.append(BootDevice(nic_key(element), BootKind.NETWORK, detail))
    # Devices sharing a key (NICs with one MAC) cannot be told apart: the first stands.
    unique: dict[str, BootDevice] = {}
    for device in found:
        if device.key and device.key not in unique:
            unique[device.key] = device
    return tuple(unique.values())


_LEGACY = {"hd": BootKind.DISK, "cdrom": BootKind.CDROM, "network": BootKind.NETWORK}


def boot_order(root: etree._Element, devices: tuple[BootDevice, ...]) -> tuple[str, ...]:
    """Per-device ``<boot order>`` when any device has one, else ``<os><boot dev>``.

    The legacy form names kinds (``hd``, ``cdrom``, ``network``): each stands for the
    first device of its kind, which is what QEMU boots from.
    """
    devices_element = devices_of(root)
    numbered: list[tuple[int, str]] = []
    if devices_element is not None:
        for element in devices_element:
            boot = element.find("boot") if element.tag in BOOTABLE else None
            if boot is not None and device_key(element):
                numbered.append((_int(boot.get("order"), 0), device_key(element)))
    if numbered:
        return tuple(key for _order, key in sorted(numbered))
    legacy = [b.get("dev", "") for b in root.findall("os/boot")] or ["hd"]
    order: list[str] = []
    for dev in legacy:
        kind = _LEGACY.get(dev)
        first = next((d.key for d in devices if d.kind is kind), None)
        if first is not None and first not in order:
            order.append(first)
    return tuple(order)


def read_boot(xml: str | etree._Element) -> Boot:
    root = root_of(xml)
    devices = boot_devices(root)
    menu = root.find("os/bootmenu")
    return Boot(
        order=boot_order(root, devices),
        menu=menu is not None and menu.get("enable") == "yes",
        kernel=_text(root.find("os/kernel")),
        initrd=_text(root.find("os/initrd")),
        cmdline=_text(root.find("os/cmdline")),
        devices=devices,
    )


def read_shared_folders(xml: str | etree._Element) -> tuple[SharedFolder, ...]:
    devices = devices_of(root_of(xml))
    if devices is None:
        return ()
    shares = []
    for element in devices.findall("filesystem"):
        driver = element.find("driver")
        if driver is None or driver.get("type") != "virtiofs":
            continue
        source = element.find("source")
        target = element.find("target")
        shares.append(
            SharedFolder(
                host_path=source.get("dir", "") if source is not None else "",
                tag=target.get("dir", "") if target is not None else "",
            )
        )
    return tuple(shares)
