"""What a domain's XML says that decides which snapshots and clones are possible.

:func:`kvmdesk.core.snapshot.read.read_domain_facts` reads the disks (device, where the data lives, format,
read-only/shareable, a per-disk ``snapshot`` setting), the firmware (a pflash loader
and its NVRAM file) and whether the VM has memory state to save. It reads, never edits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DiskFacts:
    """One ``<disk>`` as far as snapshots and clones care."""

    target: str
    device: str  # disk, cdrom, floppy, lun
    source_type: str  # file, block, volume, network, dir, nvme …
    path: str  # file or block path ("" for network and empty CD-ROMs)
    format: str  # the driver's type: qcow2, raw … ("" when libvirt probes)
    readonly: bool
    shareable: bool
    snapshot: str = ""  # the disk's own <disk snapshot='…'> default, "" if unset
    pool: str = ""
    volume: str = ""
    backing: str = ""  # the first <backingStore> file in the live XML, if any

    @property
    def empty(self) -> bool:
        """A CD-ROM or floppy drive without media: nothing to snapshot or copy."""
        return not self.path and not self.volume and self.source_type in ("file", "block", "volume")

    @property
    def writable_data(self) -> bool:
        """A disk whose data changes with the guest: the ones a snapshot or clone must cover."""
        return not (self.readonly or self.shareable or self.empty) and self.snapshot != "no"


@dataclass(frozen=True, slots=True)
class DomainFacts:
    """The parts of a domain definition the snapshot and clone plans depend on."""

    name: str
    uuid: str
    disks: tuple[DiskFacts, ...]
    pflash: bool  # UEFI (or other) firmware in pflash, usually with an NVRAM file
    nvram: str  # the NVRAM file's path, "" if none
    nvram_format: str = ""
    macs: tuple[str, ...] = ()

    def snapshot_disks(self) -> tuple[DiskFacts, ...]:
        """The disks a snapshot takes: every writable one (read-only media are left out)."""
        return tuple(d for d in self.disks if d.writable_data)
