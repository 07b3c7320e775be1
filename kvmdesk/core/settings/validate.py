"""Validation of settings values: one message per bad value, shared by the window and the CLI.

Every check returns :class:`Problem` entries naming the field (the editor marks it)
and saying what is wrong in the words the window's labels use; :func:`check`
raises them together as one :class:`InvalidSettings` (a :class:`BadInput`: the CLI
prints its one line and exits 2). Nothing is sent to libvirt before this passed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from kvmdesk.core.settings.values import (
    CACHE_MODES,
    Boot,
    CpuMode,
    Cpus,
    Disk,
    DiskBus,
    Memory,
    NewDisk,
    Overview,
    SharedFolder,
)
from kvmdesk.core.types.errors import BadInput

MAX_VCPUS = 4096  # QEMU's highest limit (q35 with an IOMMU); libvirt checks the machine's
MIN_MEMORY_KIB = 1024
VIRTIOFS_TAG_MAX = 36  # bytes: the virtio-fs config space field
_NAME = re.compile(r"^[^/\s][^/]*$")
_TAG = re.compile(r"^[A-Za-z0-9._-]+$")
_TARGET = re.compile(r"^(vd|sd|hd|xvd|fd)[a-z]+$")


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    message: str


class InvalidSettings(BadInput):
    """One or more values are bad; ``problems`` holds one per value."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


def check(problems: Iterable[Problem]) -> None:
    """Raise :class:`InvalidSettings` when there is any problem."""
    found = list(problems)
    if found:
        raise InvalidSettings(found)


# --------------------------------------------------------------- sections


def overview_problems(value: Overview, base: Overview, *, running: bool) -> list[Problem]:
    problems: list[Problem] = []
    name = value.name
    if not name.strip():
        problems.append(Problem("name", "Name must not be empty"))
    elif not _NAME.match(name) or name != name.strip():
        problems.append(
            Problem("name", f"Name {name!r} must not contain '/' or start or end with a space")
        )
    elif name != base.name and running:
        problems.append(Problem("name", "Name: a running VM cannot be renamed; shut it down first"))
    if "\n" in value.title:
        problems.append(Problem("title", "Title must be one line"))
    return problems


def cpu_problems(value: Cpus) -> list[Problem]:
    problems: list[Problem] = []
    if not 1 <= value.maximum <= MAX_VCPUS:
        problems.append(
            Problem("maximum", f"Maximum CPUs must be 1 to {MAX_VCPUS}, not {value.maximum}")
        )
    if value.current < 1:
        problems.append(Problem("current", f"Current CPUs must be at least 1, not {value.current}"))
    elif value.current > value.maximum >= 1:
        problems.append(
            Problem(
                "current",
                f"Current CPUs ({value.current}) must not exceed Maximum CPUs ({value.maximum})",
            )
        )
    topology = (value.sockets, value.cores, value.threads)
    if any(topology):
        if not all(part >= 1 for part in topology):
            problems.append(
                Problem("sockets", "Sockets, cores and threads must all be at least 1, or all 0")
            )
        elif value.sockets * value.cores * value.threads != value.maximum:
            problems.append(
                Problem(
                    "sockets",
                    f"Sockets × cores × threads ({value.sockets}×{value.cores}×{value.threads}"
                    f" = {value.sockets * value.cores * value.threads}) must equal "
                    f"Maximum CPUs ({value.maximum})",
                )
            )
    if value.mode is CpuMode.CUSTOM and not value.model.strip():
        problems.append(Problem("model", "CPU model: a named model needs its name"))
    return problems


def memory_problems(value: Memory) -> list[Problem]:
    problems: list[Problem] = []
    if value.maximum_kib < MIN_MEMORY_KIB:
        problems.append(Problem("maximum_kib", "Maximum memory must be at least 1 MiB"))
    if value.current_kib < MIN_MEMORY_KIB:
        problems.append(Problem("current_kib", "Current memory must be at least 1 MiB"))
    elif value.current_kib > value.maximum_kib >= MIN_MEMORY_KIB:
        problems.append(Problem("current_kib", "Current memory must not exceed Maximum memory"))
    return problems


def boot_problems(value: Boot) -> list[Problem]:
    problems: list[Problem] = []
    known = {device.key for device in value.devices}
    unknown = [key for key in value.order if key not in known]
    if unknown:
        problems.append(
            Problem("order", f"Boot order: no such device {', '.join(map(repr, unknown))}")
        )
    if len(set(value.order)) != len(value.order):
        problems.append(Problem("order", "Boot order names a device twice"))
    for field, label, path in (
        ("kernel", "Kernel", value.kernel),
        ("initrd", "Initrd", value.initrd),
    ):
        if path and not os.path.isabs(path):
            problems.append(Problem(field, f"{label} path must be absolute: {path!r}"))
    if not value.kernel and (value.initrd or value.cmdline):
        field = "initrd" if value.initrd else "cmdline"
        problems.append(Problem(field, "Initrd and kernel arguments need a kernel path"))
    if not value.order and not value.kernel:
        problems.append(Problem("order", "Boot order: choose at least one device to boot from"))
    return problems


def _bus_problems(device: str, bus: str) -> list[Problem]:
    allowed = {b.value for b in DiskBus}
    if bus not in allowed:
        return [Problem("bus", f"Bus {bus!r} is not one of {', '.join(sorted(allowed))}")]
    if device == "cdrom" and bus == DiskBus.VIRTIO:
        return [Problem("bus", "Bus: a CD-ROM cannot be on virtio; use SATA or SCSI")]
    if device == "floppy" and bus != DiskBus.FDC:
        return [Problem("bus", "Bus: a floppy is on the floppy controller (fdc)")]
    return []


def disk_problems(value: Disk) -> list[Problem]:
    problems = _bus_problems(value.device, value.bus)
    if value.cache not in CACHE_MODES:
        modes = ", ".join(CACHE_MODES[1:])
        problems.append(Problem("cache", f"Cache mode {value.cache!r} is not one of {modes}"))
    elif value.cache and value.source_type == "vhostuser":
        problems.append(Problem("cache", "Cache mode: a vhost-user disk has no host cache"))
    return problems


def new_disk_problems(value: NewDisk, existing_paths: Collection[str] = ()) -> list[Problem]:
    problems = _bus_problems(value.device, value.bus)
    if value.cache not in CACHE_MODES:
        problems.append(Problem("cache", f"Cache mode {value.cache!r} is not known"))
    if value.size_bytes < 0:
        problems.append(Problem("size_bytes", "Size must not be negative"))
    if value.size_bytes and not (value.pool and value.volume):
        problems.append(Problem("pool", "A new volume needs a pool and a volume name"))
    if value.source and (value.pool or value.volume):
        problems.append(Problem("source", "Give a file path or a pool volume, not both"))
    if not value.source and not (value.pool and value.volume) and value.device != "cdrom":
        problems.append(Problem("source", "Source: give a file path or a pool and volume"))
    if value.source and not os.path.isabs(value.source):
        problems.append(Problem("source", f"Source path must be absolute: {value.source!r}"))
    if value.source and value.source in existing_paths:
        problems.append(Problem("source", f"Source {value.source} is already a disk of this VM"))
    return problems


def shared_folder_problems(value: SharedFolder, taken_tags: Collection[str] = ()) -> list[Problem]:
    problems: list[Problem] = []
    if not value.host_path or not os.path.isabs(value.host_path):
        problems.append(
            Problem("host_path", f"Host folder must be an absolute path: {value.host_path!r}")
        )
    if not value.tag:
        problems.append(Problem("tag", "Mount tag must not be empty"))
    elif not _TAG.match(value.tag) or len(value.tag.encode()) > VIRTIOFS_TAG_MAX:
        problems.append(
            Problem(
                "tag",
                f"Mount tag {value.tag!r} must be up to {VIRTIOFS_TAG_MAX} letters, digits, "
                "'.', '_' or '-'",
            )
        )
    elif value.tag in taken_tags:
        problems.append(Problem("tag", f"Mount tag {value.tag!r} is already used by this VM"))
    return problems


def target_problems(target: str) -> list[Problem]:
    if not _TARGET.match(target):
        return [Problem("target", f"Not a disk target: {target!r} (e.g. vda, sdb, hdc)")]
    return []
