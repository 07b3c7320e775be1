"""A new VM as plain values: the wizard fills one in, the CLI builds one from its options.

:class:`VmSpec` says where the VM boots from (:class:`SourceKind`), which OS it is (an
osinfo-db id), its resources, its NIC (a :class:`~kvmdesk.core.nic.spec.NicSpec`, as the NIC
editor makes), firmware and devices, and the cloud-init answers for cloud images.
:mod:`~kvmdesk.core.create.validation` checks it, :mod:`~kvmdesk.core.create.domain_xml`
turns it into domain XML and :mod:`~kvmdesk.core.create.job` creates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode

GIB = 1024**3
MIB = 1024**2


class SourceKind(StrEnum):
    """Where the new VM's system comes from."""

    ISO = "iso"  # install from an ISO: a local file, or a volume in a pool
    IMPORT = "import"  # an existing disk image that already holds a system
    CLOUD_IMAGE = "cloud-image"  # a cloud image, configured by a cloud-init seed
    PXE = "pxe"  # network boot
    MANUAL = "manual"  # an empty disk, nothing to boot yet


class Firmware(StrEnum):
    BIOS = "bios"
    UEFI = "uefi"


class LocalFileHandling(StrEnum):
    """What to do with a local ISO or image the QEMU user cannot read where it is."""

    USE_IN_PLACE = "in-place"  # readable (or the user granted access): use the path
    COPY_TO_POOL = "copy"  # upload it into a pool volume first (the default when unreadable)


@dataclass(frozen=True, slots=True)
class CloudInitSpec:
    """The cloud-init answers written into the ``cidata`` seed."""

    user: str = ""
    password: str = ""  # plain text as typed; only its SHA-512 crypt hash is written
    ssh_keys: tuple[str, ...] = ()  # public key lines
    hostname: str = ""
    extra_user_data: str = ""  # YAML merged below what the fields say


@dataclass(frozen=True, slots=True)
class VmSpec:
    """Everything the wizard asks; sizes in bytes.

    ``source_path`` is a local file (ISO, disk image or cloud image) or "" when
    ``source_volume`` ("POOL/VOLUME") names one that is already in a pool.
    """

    name: str
    source: SourceKind
    os_id: str = ""
    source_path: str = ""
    source_volume: str = ""
    local_file: LocalFileHandling = LocalFileHandling.USE_IN_PLACE
    cpus: int = 2
    memory: int = 2 * GIB
    disk_size: int = 20 * GIB  # the new disk (ISO, PXE, manual); cloud images grow to it
    pool: str = ""
    nic: NicSpec | None = field(default_factory=lambda: NicSpec(NicSource(NetworkMode.NAT)))
    firmware: Firmware = Firmware.BIOS
    secure_boot: bool = False
    tpm: bool = False
    domain_type: str = ""  # "" = the host's best (kvm, else qemu)
    virtio: bool = True
    start: bool = True
    cloud_init: CloudInitSpec | None = None

    @property
    def new_disk(self) -> bool:
        """Whether the creation makes an empty disk (import uses the image itself)."""
        return self.source in (SourceKind.ISO, SourceKind.PXE, SourceKind.MANUAL)


def disk_volume_name(vm_name: str) -> str:
    """The name of the disk volume the creation makes for a VM."""
    return f"{vm_name}.qcow2"


def seed_volume_name(vm_name: str) -> str:
    """The name of the VM's cloud-init seed volume (kept: the VM reads it at each boot)."""
    return f"{vm_name}-cidata.iso"


def copied_volume_name(spec: VmSpec) -> str:
    """The volume a local file is copied into: ``NAME.EXT`` for a disk, ``NAME-FILE`` else."""
    file_name = spec.source_path.rsplit("/", 1)[-1]
    if spec.source is SourceKind.IMPORT:
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "img"
        return f"{spec.name}.{suffix}"
    return f"{spec.name}-{file_name}"


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MIB, "g": GIB, "t": 1024**4}


def parse_size(text: str, *, default_unit: str = "g", what: str = "size") -> int:
    """``"20G"``, ``"512M"``, ``"1.5GiB"``, ``"20"`` (in ``default_unit``) → bytes."""
    match = _SIZE.match(text)
    if match is None:
        raise BadInput(f"not a {what}: {text!r} (say e.g. 20G or 512M)")
    number, unit, suffix = match.groups()
    unit = unit.lower() or ("" if suffix.lower() == "b" else default_unit)
    value = int(float(number) * _UNITS[unit])
    if value <= 0:
        raise BadInput(f"the {what} must be more than zero: {text!r}")
    return value


def format_size(value: int) -> str:
    """Bytes as the largest whole-ish unit: ``20 GiB``, ``512 MiB``, ``1.5 GiB``."""
    for unit, size in (("TiB", 1024**4), ("GiB", GIB), ("MiB", MIB), ("KiB", 1024)):
        if value >= size:
            amount = value / size
            text = f"{amount:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{value} B"
