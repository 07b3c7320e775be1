"""The plain values a VM's settings sections edit, one frozen dataclass per section.

Each value lists in ``EDITABLE`` the fields a user may change; the others (firmware,
machine, the devices a boot order can name) are shown, never written. An editor
keeps the value it started from and the value the user made of it: the change is
what differs between the two (see :mod:`kvmdesk.core.settings.merge`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar


class Section(StrEnum):
    """The settings sections, in the order the window lists them."""

    OVERVIEW = "overview"
    CPUS = "cpus"
    MEMORY = "memory"
    BOOT = "boot"
    DISKS = "disks"
    SHARED_FOLDERS = "shared-folders"
    DEVICES = "devices"  # graphics, video, sound, TPM, serial, watchdog, RNG
    USB = "usb"  # host USB devices


class CpuMode(StrEnum):
    """How the guest CPU is described: libvirt's ``<cpu mode>`` ("" is no ``<cpu>``)."""

    DEFAULT = ""
    HOST_PASSTHROUGH = "host-passthrough"
    HOST_MODEL = "host-model"
    CUSTOM = "custom"  # a named model (<model>NAME</model>)
    MAXIMUM = "maximum"


@dataclass(frozen=True, slots=True)
class Overview:
    """Name, title, description, autostart; firmware and machine are read-only."""

    name: str
    title: str = ""
    description: str = ""
    autostart: bool = False
    firmware: str = ""  # "bios", "efi" or "" (the hypervisor's default, BIOS on x86)
    machine: str = ""

    EDITABLE: ClassVar[tuple[str, ...]] = ("name", "title", "description", "autostart")


@dataclass(frozen=True, slots=True)
class Cpus:
    """Virtual CPUs: ``current`` of ``maximum``, topology (0: not given), model."""

    current: int
    maximum: int
    sockets: int = 0
    cores: int = 0
    threads: int = 0
    mode: CpuMode = CpuMode.DEFAULT
    model: str = ""  # for CpuMode.CUSTOM

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "current",
        "maximum",
        "sockets",
        "cores",
        "threads",
        "mode",
        "model",
    )

    @property
    def has_topology(self) -> bool:
        return bool(self.sockets or self.cores or self.threads)


@dataclass(frozen=True, slots=True)
class Memory:
    """Memory in KiB: ``current`` (the balloon's target) of ``maximum``; memfd sharing."""

    current_kib: int
    maximum_kib: int
    shared: bool = False  # <memoryBacking><source type='memfd'/><access mode='shared'/>

    EDITABLE: ClassVar[tuple[str, ...]] = ("current_kib", "maximum_kib", "shared")


class BootKind(StrEnum):
    DISK = "disk"
    CDROM = "cdrom"
    NETWORK = "network"


@dataclass(frozen=True, slots=True)
class BootDevice:
    """A device a boot order can name: a disk or CD-ROM by target, a NIC by ``net:MAC``."""

    key: str
    kind: BootKind
    detail: str = ""  # the disk's source or the NIC's network, for the list


@dataclass(frozen=True, slots=True)
class Boot:
    """Boot order (keys of :class:`BootDevice`, first boots first), menu, direct kernel boot."""

    order: tuple[str, ...]
    menu: bool = False
    kernel: str = ""
    initrd: str = ""
    cmdline: str = ""
    devices: tuple[BootDevice, ...] = ()

    EDITABLE: ClassVar[tuple[str, ...]] = ("order", "menu", "kernel", "initrd", "cmdline")


class DiskBus(StrEnum):
    VIRTIO = "virtio"
    SATA = "sata"
    SCSI = "scsi"
    IDE = "ide"
    USB = "usb"
    FDC = "fdc"


CACHE_MODES: tuple[str, ...] = ("", "none", "writeback", "writethrough", "directsync", "unsafe")
DISK_BUSES: tuple[DiskBus, ...] = (DiskBus.VIRTIO, DiskBus.SATA, DiskBus.SCSI)


@dataclass(frozen=True, slots=True)
class Disk:
    """One ``<disk>``: its target names it; bus, cache and read-only are editable."""

    target: str
    device: str = "disk"  # disk, cdrom, floppy, lun
    bus: str = "virtio"
    source: str = ""  # file/block path, "pool/volume", or "" (an empty CD-ROM)
    source_type: str = "file"  # file, block, volume, network, dir
    format: str = ""
    cache: str = ""
    read_only: bool = False

    EDITABLE: ClassVar[tuple[str, ...]] = ("bus", "cache", "read_only")

    @property
    def is_removable(self) -> bool:
        """A CD-ROM or floppy: media can be inserted and ejected."""
        return self.device in ("cdrom", "floppy")


@dataclass(frozen=True, slots=True)
class NewDisk:
    """A disk to add: an existing file or volume (``source``), or a new volume in a pool."""

    source: str = ""  # an existing path; "" when a new volume is made
    pool: str = ""  # with ``volume``: an existing volume, or with ``size_bytes`` a new one
    volume: str = ""
    size_bytes: int = 0  # > 0: create the volume in ``pool`` first
    device: str = "disk"
    bus: str = "virtio"
    cache: str = ""
    read_only: bool = False
    format: str = ""  # "" : raw for files, what the volume says for volumes


@dataclass(frozen=True, slots=True)
class SharedFolder:
    """A virtiofs share: host directory, mount tag the guest mounts it by."""

    host_path: str
    tag: str

    def guest_command(self, mount_point: str = "") -> str:
        """What the guest runs (as root) to mount the share."""
        where = mount_point or f"/mnt/{self.tag}"
        return f"mkdir -p {where} && mount -t virtiofs {self.tag} {where}"


SectionValue = Overview | Cpus | Memory | Boot | Disk


def editable(value: Any) -> dict[str, object]:
    """The editable fields of a section value, by name."""
    names = value.EDITABLE
    return {f.name: getattr(value, f.name) for f in fields(value) if f.name in names}


# The window's labels for each field, used in every message and the CLI's output.
FIELD_LABELS = {
    "name": "name",
    "title": "title",
    "description": "description",
    "autostart": "autostart",
    "current": "current CPUs",
    "maximum": "maximum CPUs",
    "sockets": "sockets",
    "cores": "cores",
    "threads": "threads",
    "mode": "CPU model",
    "model": "CPU model",
    "current_kib": "current memory",
    "maximum_kib": "maximum memory",
    "shared": "shared memory",
    "order": "boot order",
    "menu": "boot menu",
    "kernel": "kernel",
    "initrd": "initrd",
    "cmdline": "kernel arguments",
    "bus": "bus",
    "cache": "cache mode",
    "read_only": "read-only",
    "disk": "disk",
    "media": "media",
    "size": "size",
    "shared folder": "shared folder",
    "device": "device",
    "usb": "USB device",
}


# ------------------------------------------------------------------- sizes

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$", re.IGNORECASE)
_POWERS = {"": 2, "k": 1, "m": 2, "g": 3, "t": 4}  # a bare number is MiB


def parse_size_kib(text: str) -> int:
    """``"512M"``, ``"2G"``, ``"1.5GiB"``, ``"1048576K"``, ``"768"`` (MiB) as KiB.

    Units are binary (K = KiB, as libvirt and virsh read them). :class:`ValueError`
    with a message naming the text when it is not a size.
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (say e.g. 512M, 2G or 1.5GiB)")
    number, unit = float(match.group(1)), match.group(2).lower()
    kib: float = number * 1024.0 ** (_POWERS[unit] - 1)
    return round(kib)


def parse_size_bytes(text: str) -> int:
    """Like :func:`parse_size_kib`, in bytes (a bare number is MiB)."""
    return parse_size_kib(text) * 1024


def format_kib(kib: int) -> str:
    """KiB for people: ``2 GiB``, ``512 MiB``, ``1.5 GiB``."""
    for unit, power in (("TiB", 3), ("GiB", 2), ("MiB", 1)):
        size = kib / 1024**power
        if size >= 1:
            text = f"{size:.2f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{kib} KiB"
