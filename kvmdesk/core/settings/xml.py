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

from kvmdesk.core.settings.read import device_key
from kvmdesk.core.settings.values import (
    Boot,
    CpuMode,
    Cpus,
    Memory,
    Overview,
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


def drop(parent: etree._Element | None, tag: str) -> None:
    if parent is None:
        return
    for found in parent.findall(tag):
        remove_child(found)


def drop_if_empty(element: etree._Element) -> None:
    if not element.attrib and len(element) == 0 and whitespace(element.text):
        remove_child(element)


def drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def _set_text(
    root: etree._Element, parent: etree._Element, tag: str, text: str, order: Sequence[str]
) -> None:
    """``<tag>text</tag>`` under ``parent``; removed when ``text`` is empty."""
    if not text:
        drop(parent, tag)
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
            drop_attribute(vcpu, "current")
        else:
            vcpu.set("current", str(value.current))
        # <vcpus> lists every vCPU of the old count; libvirt rebuilds it from <vcpu>.
        drop(root, "vcpus")
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
                drop(cpu, "topology")
                drop_if_empty(cpu)
    if "mode" in fields or ("model" in fields and value.mode is CpuMode.CUSTOM):
        _set_cpu_model(root, value)


def _set_cpu_model(root: etree._Element, value: Cpus) -> None:
    cpu = root.find("cpu")
    if value.mode is CpuMode.DEFAULT:
        if cpu is None:
            return
        for name in ("mode", "match", "check", "migratable"):
            drop_attribute(cpu, name)
        drop(cpu, "model")
        drop(cpu, "vendor")
        drop_if_empty(cpu)
        return
    cpu = child(root, "cpu", DOMAIN_ORDER)
    cpu.set("mode", str(value.mode))
    if value.mode is CpuMode.CUSTOM:
        drop_attribute(cpu, "migratable")
        if "match" not in cpu.attrib:
            cpu.set("match", "exact")
        child(cpu, "model", CPU_ORDER).text = value.model
        return
    if value.mode not in (CpuMode.HOST_PASSTHROUGH, CpuMode.MAXIMUM):
        drop_attribute(cpu, "migratable")  # libvirt allows it only with those two
    # The host's CPU (or QEMU's maximum): a named model and vendor belong to custom only.
    drop_attribute(cpu, "match")
    drop(cpu, "model")
    drop(cpu, "vendor")


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
    drop_if_empty(backing)


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
    drop(os_element, "boot")
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
