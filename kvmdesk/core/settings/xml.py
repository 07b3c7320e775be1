"""Write settings into a domain's own XML in place: only the edited elements change.

Each ``set_*`` takes the parsed domain, the section value to write and the names
of the fields to write (those the user changed, see :mod:`.merge`); it touches
the elements those fields live in and nothing else, keeping unknown elements,
attributes, namespaces, comments and indentation (:mod:`kvmdesk.core.util.xml_layout`).
New elements go where libvirt itself would put them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from lxml import etree

from kvmdesk.core.settings.read import device_key, disk_target, nic_key
from kvmdesk.core.settings.values import (
    Boot,
    CpuMode,
    Cpus,
    Disk,
    DiskBus,
    Memory,
    Overview,
    SharedFolder,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import insert_child, remove_child, whitespace

# libvirt's order of the children it formats (virDomainDefFormat and friends).
DOMAIN_ORDER = [
    "name",
    "uuid",
    "genid",
    "title",
    "description",
    "metadata",
    "maxMemory",
    "memory",
    "currentMemory",
    "blkiotune",
    "memtune",
    "memoryBacking",
    "vcpu",
    "vcpus",
    "iothreads",
    "iothreadids",
    "cputune",
    "numatune",
    "resource",
    "sysinfo",
    "bootloader",
    "bootloader_args",
    "os",
    "idmap",
    "features",
    "cpu",
    "clock",
    "on_poweroff",
    "on_reboot",
    "on_crash",
    "on_lockfailure",
    "pm",
    "perf",
    "devices",
    "seclabel",
    "keywrap",
    "launchSecurity",
]
OS_ORDER = [
    "type",
    "firmware",
    "init",
    "initarg",
    "initenv",
    "initdir",
    "inituser",
    "initgroup",
    "loader",
    "nvram",
    "kernel",
    "initrd",
    "cmdline",
    "dtb",
    "acpi",
    "boot",
    "bootmenu",
    "smbios",
    "bios",
]
CPU_ORDER = ["model", "vendor", "topology", "maxphysaddr", "cache", "feature", "numa"]
MEMORY_BACKING_ORDER = [
    "hugepages",
    "nosharepages",
    "locked",
    "source",
    "access",
    "allocation",
    "discard",
]
DISK_ORDER = [
    "driver",
    "auth",
    "source",
    "backingStore",
    "geometry",
    "blockio",
    "target",
    "iotune",
    "readonly",
    "shareable",
    "transient",
    "serial",
    "wwn",
    "vendor",
    "product",
    "encryption",
    "boot",
    "alias",
    "address",
]
INTERFACE_TAIL = ("boot", "alias", "address", "acpi", "rom")
DEVICE_ORDER = [
    "emulator",
    "disk",
    "controller",
    "lease",
    "filesystem",
    "interface",
    "smartcard",
    "serial",
    "parallel",
    "console",
    "channel",
    "input",
    "tpm",
    "graphics",
    "sound",
    "audio",
    "video",
    "hostdev",
    "redirdev",
    "redirfilter",
    "hub",
    "watchdog",
    "memballoon",
    "rng",
    "panic",
    "shmem",
    "memory",
    "iommu",
    "vsock",
    "crypto",
]

_BUS_PREFIX = {
    DiskBus.VIRTIO: "vd",
    DiskBus.SATA: "sd",
    DiskBus.SCSI: "sd",
    DiskBus.USB: "sd",
    DiskBus.IDE: "hd",
    DiskBus.FDC: "fd",
}


# ------------------------------------------------------------------ helpers


def insert_ordered(parent: etree._Element, element: etree._Element, order: Sequence[str]) -> None:
    """Insert ``element`` among ``parent``'s children where ``order`` ranks it."""
    rank = {tag: index for index, tag in enumerate(order)}
    mine = rank.get(str(element.tag), len(order))
    children = list(parent)
    after = -1
    for position, child in enumerate(children):
        theirs = rank.get(child.tag) if isinstance(child.tag, str) else None
        if theirs is not None and theirs <= mine:
            after = position
    if after >= 0:
        insert_child(parent, after + 1, element)
        return
    for position, child in enumerate(children):
        theirs = rank.get(child.tag) if isinstance(child.tag, str) else None
        if theirs is not None and theirs > mine:
            insert_child(parent, position, element)
            return
    insert_child(parent, len(children), element)


def child(parent: etree._Element, tag: str, order: Sequence[str]) -> etree._Element:
    """The first ``tag`` child of ``parent``, made in libvirt's place when missing."""
    found = parent.find(tag)
    if found is None:
        found = etree.Element(tag)
        insert_ordered(parent, found, order)
    return found


def _drop(parent: etree._Element | None, tag: str) -> None:
    if parent is None:
        return
    for found in parent.findall(tag):
        remove_child(found)


def _drop_if_empty(element: etree._Element) -> None:
    if not element.attrib and len(element) == 0 and whitespace(element.text):
        remove_child(element)


def _drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def _set_text(
    root: etree._Element, parent: etree._Element, tag: str, text: str, order: Sequence[str]
) -> None:
    """``<tag>text</tag>`` under ``parent``; removed when ``text`` is empty."""
    if not text:
        _drop(parent, tag)
        return
    element = child(parent, tag, order)
    element.text = text


def _os(root: etree._Element) -> etree._Element:
    return child(root, "os", DOMAIN_ORDER)


def devices(root: etree._Element) -> etree._Element:
    return child(root, "devices", DOMAIN_ORDER)


# ----------------------------------------------------------------- sections


def set_overview(root: etree._Element, value: Overview, fields: Collection[str]) -> None:
    """Title, description and (for a printed plan) the name; autostart is no XML."""
    if "name" in fields:
        child(root, "name", DOMAIN_ORDER).text = value.name
    if "title" in fields:
        _set_text(root, root, "title", value.title, DOMAIN_ORDER)
    if "description" in fields:
        _set_text(root, root, "description", value.description, DOMAIN_ORDER)


def set_cpus(root: etree._Element, value: Cpus, fields: Collection[str]) -> None:
    if "maximum" in fields or "current" in fields:
        vcpu = child(root, "vcpu", DOMAIN_ORDER)
        vcpu.text = str(value.maximum)
        if value.current == value.maximum:
            _drop_attribute(vcpu, "current")
        else:
            vcpu.set("current", str(value.current))
        # <vcpus> lists every vCPU of the old count; libvirt rebuilds it from <vcpu>.
        _drop(root, "vcpus")
    if {"sockets", "cores", "threads"} & set(fields):
        if value.has_topology:
            topology = child(child(root, "cpu", DOMAIN_ORDER), "topology", CPU_ORDER)
            if "dies" in topology.attrib:
                topology.set("dies", "1")
            topology.set("sockets", str(value.sockets))
            topology.set("cores", str(value.cores))
            topology.set("threads", str(value.threads))
        else:
            cpu = root.find("cpu")
            if cpu is not None:
                _drop(cpu, "topology")
                _drop_if_empty(cpu)
    if "mode" in fields or ("model" in fields and value.mode is CpuMode.CUSTOM):
        _set_cpu_model(root, value)


def _set_cpu_model(root: etree._Element, value: Cpus) -> None:
    cpu = root.find("cpu")
    if value.mode is CpuMode.DEFAULT:
        if cpu is None:
            return
        for name in ("mode", "match", "check", "migratable"):
            _drop_attribute(cpu, name)
        _drop(cpu, "model")
        _drop(cpu, "vendor")
        _drop_if_empty(cpu)
        return
    cpu = child(root, "cpu", DOMAIN_ORDER)
    cpu.set("mode", str(value.mode))
    if value.mode is CpuMode.CUSTOM:
        _drop_attribute(cpu, "migratable")
        if "match" not in cpu.attrib:
            cpu.set("match", "exact")
        child(cpu, "model", CPU_ORDER).text = value.model
        return
    if value.mode not in (CpuMode.HOST_PASSTHROUGH, CpuMode.MAXIMUM):
        _drop_attribute(cpu, "migratable")  # libvirt allows it only with those two
    # The host's CPU (or QEMU's maximum): a named model and vendor belong to custom only.
    _drop_attribute(cpu, "match")
    _drop(cpu, "model")
    _drop(cpu, "vendor")


def _set_memory_element(root: etree._Element, tag: str, kib: int) -> None:
    element = child(root, tag, DOMAIN_ORDER)
    element.text = str(kib)
    element.set("unit", "KiB")


def set_memory(root: etree._Element, value: Memory, fields: Collection[str]) -> None:
    if "maximum_kib" in fields:
        _set_memory_element(root, "memory", value.maximum_kib)
    if "current_kib" in fields or (
        "maximum_kib" in fields and root.find("currentMemory") is not None
    ):
        _set_memory_element(root, "currentMemory", value.current_kib)
    if "shared" in fields:
        set_shared_memory(root, value.shared)


def set_shared_memory(root: etree._Element, shared: bool) -> None:
    """memfd-backed, shared guest memory (what vhost-user devices such as virtiofs need)."""
    backing = root.find("memoryBacking")
    if shared:
        backing = child(root, "memoryBacking", DOMAIN_ORDER)
        child(backing, "source", MEMORY_BACKING_ORDER).set("type", "memfd")
        child(backing, "access", MEMORY_BACKING_ORDER).set("mode", "shared")
        return
    if backing is None:
        return
    source = backing.find("source")
    if source is not None and source.get("type") == "memfd":
        remove_child(source)
    access = backing.find("access")
    if access is not None and access.get("mode") == "shared":
        remove_child(access)
    _drop_if_empty(backing)


# --------------------------------------------------------------------- boot


def _bootables(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for element in devices(root):
        if element.tag in ("disk", "interface"):
            key = device_key(element)
            if key and key not in found:
                found[key] = element
    return found


def set_boot(root: etree._Element, value: Boot, fields: Collection[str]) -> None:
    os_element = _os(root)
    if "order" in fields:
        _set_boot_order(root, os_element, value.order)
    if "menu" in fields:
        menu = os_element.find("bootmenu")
        if value.menu:
            child(os_element, "bootmenu", OS_ORDER).set("enable", "yes")
        elif menu is not None:
            if set(menu.attrib) <= {"enable"}:
                remove_child(menu)
            else:
                menu.set("enable", "no")  # keeps its timeout for when it is enabled again
    for name in ("kernel", "initrd", "cmdline"):
        if name in fields:
            _set_text(root, os_element, name, getattr(value, name), OS_ORDER)


def _set_boot_order(root: etree._Element, os_element: etree._Element, order: Sequence[str]) -> None:
    """Per-device ``<boot order>`` (libvirt refuses it mixed with ``<os><boot dev>``)."""
    bootables = _bootables(root)
    missing = [key for key in order if key not in bootables]
    if missing:
        raise BadInput(f"boot order: no such device {', '.join(missing)}")
    _drop(os_element, "boot")
    taken = 0  # other devices (host devices, redirected USB) keep their numbers
    for element in devices(root):
        boot = element.find("boot")
        if boot is None:
            continue
        if element.tag in ("disk", "interface"):
            remove_child(boot)
        else:
            taken = max(taken, int(boot.get("order", "0") or 0))
    for number, key in enumerate(order, start=taken + 1):
        element = bootables[key]
        boot = etree.Element("boot", order=str(number))
        if element.tag == "disk":
            insert_ordered(element, boot, DISK_ORDER)
        else:
            _insert_before_tail(element, boot)


def _insert_before_tail(interface: etree._Element, element: etree._Element) -> None:
    for position, existing in enumerate(interface):
        if existing.tag in INTERFACE_TAIL:
            insert_child(interface, position, element)
            return
    insert_child(interface, len(interface), element)


# -------------------------------------------------------------------- disks


def find_disk(root: etree._Element, target: str) -> etree._Element:
    for disk in devices(root).findall("disk"):
        if disk_target(disk) == target:
            return disk
    name = (root.findtext("name") or "").strip()
    raise BadInput(f"domain {name!r} has no disk {target!r}")


def free_target(
    root: etree._Element, bus: str, *, keep: str = "", taken: Collection[str] = ()
) -> str:
    """The first free target name for ``bus`` (``vdb`` …), or ``keep`` if it fits the bus.

    ``taken`` adds names used elsewhere (the running definition's hot-plugged disks).
    """
    prefix = _BUS_PREFIX.get(DiskBus(bus), "sd")
    if keep.startswith(prefix):
        return keep
    used = {disk_target(disk) for disk in devices(root).findall("disk")} | set(taken)
    for number in range(26 * 27):
        suffix = _letters(number)
        if prefix + suffix not in used:
            return prefix + suffix
    raise BadInput(f"no free disk target left on bus {bus}")


def _letters(number: int) -> str:
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def set_disk(root: etree._Element, target: str, value: Disk, fields: Collection[str]) -> str:
    """Bus, cache and read-only of disk ``target``; returns its target after the change."""
    disk = find_disk(root, target)
    new_target = target
    if "bus" in fields:
        element = child(disk, "target", DISK_ORDER)
        element.set("bus", value.bus)
        new_target = free_target(root, value.bus, keep=target)
        element.set("dev", new_target)
        # The old bus's address (PCI slot or drive unit) cannot hold on the new bus.
        _drop(disk, "address")
    if "cache" in fields:
        driver = disk.find("driver")
        if value.cache:
            child(disk, "driver", DISK_ORDER).set("cache", value.cache)
        elif driver is not None:
            _drop_attribute(driver, "cache")
            _drop_if_empty(driver)
    if "read_only" in fields:
        if value.read_only:
            child(disk, "readonly", DISK_ORDER)
        else:
            _drop(disk, "readonly")
    return new_target


def disk_element(
    *,
    target: str,
    bus: str,
    device: str,
    source_type: str,
    source: dict[str, str],
    format: str = "",
    cache: str = "",
    read_only: bool = False,
) -> etree._Element:
    """A new ``<disk>`` as libvirt formats one (``source`` empty: an empty CD-ROM)."""
    disk = etree.Element("disk", type=source_type, device=device)
    if format or cache:
        driver = etree.SubElement(disk, "driver", name="qemu")
        if format:
            driver.set("type", format)
        if cache:
            driver.set("cache", cache)
    if source:
        etree.SubElement(disk, "source", attrib=source)
    etree.SubElement(disk, "target", dev=target, bus=bus)
    if read_only or device == "cdrom":
        etree.SubElement(disk, "readonly")
    return disk


def add_device(root: etree._Element, element: etree._Element) -> None:
    """Add a device after the last of its kind (or where libvirt puts the first one)."""
    _indent(element, root)
    insert_ordered(devices(root), element, DEVICE_ORDER)


def add_disk(root: etree._Element, disk: etree._Element) -> None:
    add_device(root, disk)


def _indent(element: etree._Element, root: etree._Element) -> None:
    """Indent a new device's children like the document's own (two more spaces each level)."""
    devices_element = devices(root)
    sample = next((c for c in devices_element if isinstance(c.tag, str)), None)
    step = "  "
    base = "    "
    if sample is not None:
        previous = sample.getprevious()
        text = previous.tail if previous is not None else devices_element.text
        if text and "\n" in text:
            base = text.rsplit("\n", 1)[1]
    if len(element):
        element.text = "\n" + base + step
        for number, item in enumerate(element):
            last = number == len(element) - 1
            item.tail = "\n" + base + ("" if last else step)


def remove_disk(root: etree._Element, target: str) -> etree._Element:
    disk = find_disk(root, target)
    remove_child(disk)
    return disk


def set_media(root: etree._Element, target: str, path: str) -> etree._Element:
    """Insert the file ``path`` into CD-ROM/floppy ``target`` ("" ejects); the disk element."""
    disk = find_disk(root, target)
    if disk.get("device") not in ("cdrom", "floppy"):
        raise BadInput(f"disk {target!r} is not a CD-ROM or floppy; it has no media to change")
    source = disk.find("source")
    if not path:
        if source is not None:
            remove_child(source)
        return disk
    if disk.get("type") not in ("file", None):
        disk.set("type", "file")
        if source is not None:
            remove_child(source)
            source = None
    if source is None:
        source = child(disk, "source", DISK_ORDER)
    for name in list(source.attrib):
        if not str(name).startswith("{"):
            del source.attrib[name]
    source.set("file", path)
    return disk


# ----------------------------------------------------------- shared folders


def shared_folder_element(share: SharedFolder) -> etree._Element:
    element = etree.Element("filesystem", type="mount", accessmode="passthrough")
    etree.SubElement(element, "driver", type="virtiofs")
    etree.SubElement(element, "source", dir=share.host_path)
    etree.SubElement(element, "target", dir=share.tag)
    return element


def add_shared_folder(root: etree._Element, share: SharedFolder) -> etree._Element:
    """A virtiofs ``<filesystem>`` and the shared memfd memory it needs."""
    element = shared_folder_element(share)
    _indent(element, root)
    insert_ordered(devices(root), element, DEVICE_ORDER)
    set_shared_memory(root, True)
    return element


def find_shared_folder(root: etree._Element, tag: str) -> etree._Element:
    for element in devices(root).findall("filesystem"):
        target = element.find("target")
        if target is not None and target.get("dir") == tag:
            return element
    name = (root.findtext("name") or "").strip()
    raise BadInput(f"domain {name!r} has no shared folder with mount tag {tag!r}")


def remove_shared_folder(root: etree._Element, tag: str) -> etree._Element:
    element = find_shared_folder(root, tag)
    remove_child(element)
    return element


def element_xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)


def nic_keys(root: etree._Element) -> list[str]:
    return [nic_key(i) for i in devices(root).findall("interface")]
