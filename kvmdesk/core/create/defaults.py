"""What a new VM gets unless the user says otherwise, from osinfo-db and the host.

Shared by the wizard (its pages start from these) and the CLI (its options override them):
recommended CPUs, memory and disk of the OS (else its minimum, else a sensible desktop
size), capped by what the host has; UEFI when the OS needs it, Secure Boot and a TPM 2.0
when the OS expects them and the host can; virtio when the OS drives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.spec import GIB, Firmware

DEFAULT_CPUS = 2
DEFAULT_MEMORY = 2 * GIB
DEFAULT_DISK = 20 * GIB


@dataclass(frozen=True, slots=True)
class Defaults:
    cpus: int
    memory: int
    disk_size: int
    firmware: Firmware
    secure_boot: bool
    tpm: bool
    virtio: bool


def defaults_for(entry: OsEntry | None, host: HostCapabilities) -> Defaults:
    """The starting values for a VM of ``entry`` (None: an OS osinfo-db does not know)."""
    cpus, memory, disk = DEFAULT_CPUS, DEFAULT_MEMORY, DEFAULT_DISK
    firmware, secure_boot, tpm, virtio = Firmware.BIOS, False, False, True
    if entry is not None:
        cpus = entry.recommended.cpus or max(entry.minimum.cpus, DEFAULT_CPUS)
        memory = entry.recommended.memory or max(entry.minimum.memory, DEFAULT_MEMORY)
        disk = entry.recommended.storage or max(entry.minimum.storage, DEFAULT_DISK)
        if entry.uefi_required or (entry.needs_secure_boot and host.efi):
            firmware = Firmware.UEFI
        secure_boot = firmware is Firmware.UEFI and entry.needs_secure_boot and host.secure_boot
        tpm = entry.needs_tpm and host.tpm_emulator
        virtio = entry.virtio
    if host.host_cpus:
        cpus = min(cpus, host.host_cpus)
    if host.host_memory:
        memory = min(memory, host.host_memory // 2)  # leave the host half of its memory
    return Defaults(cpus, memory, disk, firmware, secure_boot, tpm, virtio)
