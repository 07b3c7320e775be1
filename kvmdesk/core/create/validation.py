"""Whether a :class:`VmSpec` can be created here: one clear message per problem.

The wizard shows these messages on its pages (errors keep Next/Create disabled, warnings
only inform); the CLI turns the first error into exit code 2. Every rule lives here once:
names (libvirt's rules, not already in use), CPUs and memory against the host, disk size
against the pool's free space, source files, firmware/OS combinations (Secure Boot needs
UEFI, TPM needs swtpm on the host, Windows 11 needs UEFI + TPM 2.0), the NIC, cloud-init.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.permissions import AccessCheck
from kvmdesk.core.create.spec import (
    CloudInitSpec,
    Firmware,
    LocalFileHandling,
    SourceKind,
    VmSpec,
    copied_volume_name,
    disk_volume_name,
    format_size,
)
from kvmdesk.core.nic.spec import validate_nic_spec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.snapshots import NetworkSnapshot

# virt-install's rule for names (libvirt itself forbids only "/" and newlines, but the
# name becomes a file name, a volume name and a word on command lines).
_NAME = re.compile(r"^[A-Za-z0-9_.:+-]+$")
MAX_NAME = 200
_USER = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_SSH_KEY = re.compile(
    r"^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+[A-Za-z0-9+/=]+(\s.*)?$"
)
# Top-level user-data keys the cloud-init page writes itself.
OWN_USER_DATA_KEYS = frozenset({"users", "hostname", "fqdn", "ssh_pwauth", "chpasswd"})


class Field(StrEnum):
    """Which part of the spec a problem is about (the wizard page that shows it)."""

    NAME = "name"
    SOURCE = "source"
    OS = "os"
    CPUS = "cpus"
    MEMORY = "memory"
    DISK = "disk"
    NETWORK = "network"
    FIRMWARE = "firmware"
    CLOUD_INIT = "cloud-init"


@dataclass(frozen=True, slots=True)
class Problem:
    field: Field
    message: str
    error: bool = True


@dataclass(frozen=True, slots=True)
class Checked:
    """Every problem found, errors and warnings."""

    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def of(self, *fields: Field) -> list[Problem]:
        return [p for p in self.problems if p.field in fields]

    def raise_first_error(self) -> None:
        if self.errors:
            raise BadInput(self.errors[0].message)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the checks compare against, gathered before (no libvirt call here)."""

    host: HostCapabilities
    domain_names: frozenset[str] = frozenset()
    networks: Mapping[str, NetworkSnapshot] = field(default_factory=dict)
    pools: Mapping[str, int] = field(default_factory=dict)  # name → available bytes
    volumes: Mapping[str, frozenset[str]] = field(default_factory=dict)  # pool → volume names
    os_entry: OsEntry | None = None
    local: bool = True  # source paths are files on this machine
    access: AccessCheck | None = None  # whether QEMU can read the local file where it is


def name_problem(name: str, existing: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot be a new VM's name, or None."""
    if not name:
        return "the VM needs a name"
    if len(name) > MAX_NAME:
        return f"the name is too long ({len(name)} characters, at most {MAX_NAME})"
    if "/" in name or "\n" in name:
        return f"a VM name cannot contain '/' or a line break: {name!r}"
    if not _NAME.match(name):
        return f"a VM name may contain only letters, digits and _ . : + - (no spaces): {name!r}"
    if name.startswith("."):
        return f"a VM name cannot start with '.': {name!r}"
    if name in set(existing):
        return f"a VM named {name!r} already exists on this connection"
    return None


def _source(spec: VmSpec, facts: Facts) -> Iterable[Problem]:
    needs_file = spec.source in (SourceKind.ISO, SourceKind.IMPORT, SourceKind.CLOUD_IMAGE)
    if not needs_file:
        return
    what = {
        SourceKind.ISO: "an ISO file or volume",
        SourceKind.IMPORT: "a disk image",
        SourceKind.CLOUD_IMAGE: "a cloud image",
    }[spec.source]
    if spec.source_path and spec.source_volume:
        yield Problem(Field.SOURCE, f"choose {what} as a file or as a volume, not both")
        return
    if spec.source_volume:
        pool, _, volume = spec.source_volume.partition("/")
        if not pool or not volume:
            yield Problem(Field.SOURCE, f"a volume is POOL/VOLUME: {spec.source_volume!r}")
        elif pool not in facts.pools:
            yield Problem(Field.SOURCE, f"no storage pool named {pool!r} on this connection")
        elif volume not in facts.volumes.get(pool, frozenset()):
            yield Problem(Field.SOURCE, f"pool {pool!r} has no volume named {volume!r}")
        return
    if not spec.source_path:
        yield Problem(Field.SOURCE, f"choose {what}")
        return
    if facts.local:
        path = Path(spec.source_path)
        if not path.exists():
            yield Problem(Field.SOURCE, f"no such file: {spec.source_path}")
        elif not path.is_file():
            yield Problem(Field.SOURCE, f"not a file: {spec.source_path}")
        elif facts.access is not None and not facts.access.ok:
            yield Problem(
                Field.SOURCE,
                f"{facts.access.explanation()}: copy it into a pool, or grant access with: "
                f"{facts.access.grant_command()}",
            )


def _resources(spec: VmSpec, facts: Facts) -> Iterable[Problem]:
    host, entry = facts.host, facts.os_entry
    if spec.cpus < 1:
        yield Problem(Field.CPUS, "the VM needs at least 1 CPU")
    elif host.host_cpus and spec.cpus > host.host_cpus:
        yield Problem(Field.CPUS, f"{spec.cpus} CPUs is more than the host has ({host.host_cpus})")
    elif host.max_vcpus and spec.cpus > host.max_vcpus:
        yield Problem(
            Field.CPUS, f"{spec.cpus} CPUs is more than this machine type allows ({host.max_vcpus})"
        )
    elif entry is not None and entry.minimum.cpus and spec.cpus < entry.minimum.cpus:
        yield Problem(
            Field.CPUS,
            f"{entry.name} needs at least {entry.minimum.cpus} CPUs",
            error=False,
        )
    if spec.memory < 64 * 1024 * 1024:
        yield Problem(Field.MEMORY, "the VM needs at least 64 MiB of memory")
    elif host.host_memory and spec.memory > host.host_memory:
        yield Problem(
            Field.MEMORY,
            f"{format_size(spec.memory)} of memory is more than the host has "
            f"({format_size(host.host_memory)})",
        )
    elif host.free_memory and spec.memory > host.free_memory:
        yield Problem(
            Field.MEMORY,
            f"{format_size(spec.memory)} is more than the host has free now "
            f"({format_size(host.free_memory)}): the host may swap or the VM fail to start",
            error=False,
        )
    elif entry is not None and entry.minimum.memory and spec.memory < entry.minimum.memory:
        yield Problem(
            Field.MEMORY,
            f"{entry.name} needs at least {format_size(entry.minimum.memory)} of memory",
            error=False,
        )


def _file_size(spec: VmSpec, facts: Facts) -> int:
    if not (facts.local and spec.source_path):
        return 0
    try:
        return Path(spec.source_path).stat().st_size
    except OSError:
        return 0


def pool_bytes_needed(spec: VmSpec, file_size: int) -> int:
    """What the creation writes into the pool: the new disk, a copied file, or both."""
    needed = spec.disk_size if spec.new_disk else 0
    if spec.source is SourceKind.CLOUD_IMAGE:
        needed = max(spec.disk_size, file_size)  # the image, copied and grown to the size
    elif spec.source_path and spec.local_file is LocalFileHandling.COPY_TO_POOL:
        needed += file_size
    return needed


def _disk(spec: VmSpec, facts: Facts) -> Iterable[Problem]:
    copies = bool(spec.source_path) and spec.local_file is LocalFileHandling.COPY_TO_POOL
    if not (spec.new_disk or spec.source is SourceKind.CLOUD_IMAGE or copies):
        return
    if not spec.pool:
        yield Problem(Field.DISK, "choose a storage pool for the VM's disk")
        return
    if spec.pool not in facts.pools:
        yield Problem(Field.DISK, f"no storage pool named {spec.pool!r} on this connection")
        return
    volumes = facts.volumes.get(spec.pool, frozenset())
    disk_name = disk_volume_name(spec.name)
    if spec.name and disk_name in volumes and spec.source is not SourceKind.IMPORT:
        yield Problem(Field.DISK, f"pool {spec.pool!r} already has a volume named {disk_name!r}")
    copy_name = copied_volume_name(spec) if copies else ""
    if spec.name and copy_name and copy_name in volumes:
        yield Problem(
            Field.DISK, f"pool {spec.pool!r} already has a volume named {copy_name!r} to copy into"
        )
    if (spec.new_disk or spec.source is SourceKind.CLOUD_IMAGE) and spec.disk_size <= 0:
        yield Problem(Field.DISK, "the disk size must be more than zero")
        return
    needed = pool_bytes_needed(spec, _file_size(spec, facts))
    available = facts.pools[spec.pool]
    if needed > available:
        yield Problem(
            Field.DISK,
            f"{format_size(needed)} is more than pool {spec.pool!r} has available "
            f"({format_size(available)})",
        )
    entry = facts.os_entry
    if (
        spec.new_disk
        and spec.source is not SourceKind.MANUAL
        and entry is not None
        and entry.minimum.storage
        and spec.disk_size < entry.minimum.storage
    ):
        yield Problem(
            Field.DISK,
            f"{entry.name} needs a disk of at least {format_size(entry.minimum.storage)}",
            error=False,
        )


def _firmware(spec: VmSpec, facts: Facts) -> Iterable[Problem]:
    host, entry = facts.host, facts.os_entry
    uefi = spec.firmware is Firmware.UEFI
    if spec.secure_boot and not uefi:
        yield Problem(Field.FIRMWARE, "Secure Boot needs UEFI firmware")
    if uefi and not host.efi:
        yield Problem(
            Field.FIRMWARE, "this host has no UEFI firmware for VMs (install the ovmf package)"
        )
    elif spec.secure_boot and not host.secure_boot:
        yield Problem(Field.FIRMWARE, "this host's UEFI firmware cannot do Secure Boot")
    if spec.tpm and not host.tpm_emulator:
        yield Problem(
            Field.FIRMWARE,
            "a TPM 2.0 needs swtpm on the host (install the swtpm and swtpm-tools packages)",
        )
    if spec.domain_type and spec.domain_type not in host.domain_types:
        if spec.domain_type == "kvm":
            yield Problem(Field.FIRMWARE, "KVM is not available on this host: only emulation")
        else:
            yield Problem(Field.FIRMWARE, f"this host cannot run {spec.domain_type!r} domains")
    if entry is None:
        return
    if entry.uefi_required and not uefi:
        yield Problem(Field.FIRMWARE, f"{entry.name} needs UEFI firmware; it cannot boot with BIOS")
    if entry.needs_secure_boot and uefi and not spec.secure_boot:
        yield Problem(
            Field.FIRMWARE, f"{entry.name} expects Secure Boot; its installer may refuse", False
        )
    if entry.needs_tpm and not spec.tpm:
        yield Problem(
            Field.FIRMWARE, f"{entry.name} refuses to install without a TPM 2.0", error=False
        )


def _network(spec: VmSpec, facts: Facts) -> Iterable[Problem]:
    if spec.nic is None:
        return
    try:
        validate_nic_spec(spec.nic, facts.networks, new=True)
    except BadInput as error:
        yield Problem(Field.NETWORK, str(error))


def user_data_keys(text: str) -> list[str]:
    """Top-level keys of a YAML mapping (lines starting with ``key:``)."""
    return re.findall(r"^([A-Za-z_][\w-]*)\s*:", text, re.MULTILINE)


def cloud_init_problems(cloud: CloudInitSpec | None) -> Iterable[Problem]:
    """The cloud-init page's own checks (also used for a spec as a whole)."""
    if cloud is None:
        yield Problem(Field.CLOUD_INIT, "a cloud image needs the cloud-init settings")
        return
    if not _USER.match(cloud.user):
        yield Problem(
            Field.CLOUD_INIT,
            "the user name must start with a lower-case letter or _, then letters, digits, "
            f"_ or -, at most 32: {cloud.user!r}",
        )
    if cloud.user == "root":
        yield Problem(Field.CLOUD_INIT, "choose a user other than root (root gets no password)")
    if not cloud.password and not cloud.ssh_keys:
        yield Problem(Field.CLOUD_INIT, "give a password or an SSH key, else nobody can log in")
    for key in cloud.ssh_keys:
        if not _SSH_KEY.match(key.strip()):
            yield Problem(Field.CLOUD_INIT, f"not an SSH public key: {key.strip()[:40]!r}")
    if cloud.hostname:
        labels = cloud.hostname.split(".")
        if len(cloud.hostname) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
            yield Problem(
                Field.CLOUD_INIT,
                f"not a host name (letters, digits and -, dot-separated): {cloud.hostname!r}",
            )
    clash = sorted(set(user_data_keys(cloud.extra_user_data)) & OWN_USER_DATA_KEYS)
    if clash:
        yield Problem(
            Field.CLOUD_INIT,
            f"the extra user-data sets {', '.join(clash)}, which the fields above set: "
            "use the fields",
        )
    extra = cloud.extra_user_data.strip()
    if extra and not extra.startswith("#") and not user_data_keys(extra):
        yield Problem(Field.CLOUD_INIT, "the extra user-data must be YAML keys (key: value)")


def check(spec: VmSpec, facts: Facts) -> Checked:
    """Every problem of ``spec`` on this connection (see the module docstring)."""
    problems: list[Problem] = []
    name = name_problem(spec.name, facts.domain_names)
    if name is not None:
        problems.append(Problem(Field.NAME, name))
    problems.extend(_source(spec, facts))
    if spec.os_id and facts.os_entry is None:
        problems.append(Problem(Field.OS, f"osinfo-db knows no OS {spec.os_id!r}"))
    problems.extend(_resources(spec, facts))
    problems.extend(_disk(spec, facts))
    problems.extend(_network(spec, facts))
    problems.extend(_firmware(spec, facts))
    if spec.source is SourceKind.CLOUD_IMAGE:
        problems.extend(cloud_init_problems(spec.cloud_init))
    return Checked(tuple(problems))
