"""VMs for snapshot and clone tests on libvirt's test driver (``test:///default``).

:class:`SnapshotLab` defines uniquely named domains whose disks are volumes in the test
driver's ``default-pool`` (qcow2 by default; raw, pflash firmware, a read-only CD-ROM on
request) and removes them again with their snapshots, every volume they or a clone of
them got, and the clones themselves.
"""

from __future__ import annotations

import contextlib
import uuid as uuidlib
from collections.abc import Generator
from xml.sax.saxutils import quoteattr

import libvirt

from tests.helpers.shared_default import on_shared_default

POOL = "default-pool"
POOL_PATH = "/default-pool"
MAC = "52:54:00:5e:00:01"


def lab_domain_xml(
    name: str, disk: str, *, fmt: str = "qcow2", pflash: bool = False, cdrom: str = ""
) -> str:
    firmware = (
        "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
        f"<nvram>/var/lib/libvirt/qemu/nvram/{name}_VARS.fd</nvram>"
        if pflash
        else ""
    )
    media = (
        f"<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        f"<source file={quoteattr(cdrom)}/><target dev='sdc' bus='sata'/><readonly/></disk>"
        if cdrom
        else ""
    )
    return (
        f"<domain type='test'><name>{name}</name><memory unit='MiB'>128</memory>"
        f"<vcpu>1</vcpu><os><type>hvm</type>{firmware}</os><devices>"
        f"<disk type='file' device='disk'><driver name='qemu' type='{fmt}'/>"
        f"<source file={quoteattr(disk)}/><target dev='vda' bus='virtio'/></disk>{media}"
        f"<interface type='network'><mac address='{MAC}'/><source network='default'/>"
        "</interface></devices></domain>"
    )


class SnapshotLab:
    """Domains with pool-backed disks on ``test:///default`` (see the module docstring)."""

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        self.tag = uuidlib.uuid4().hex[:8]
        self.names: list[str] = []
        self.pool = conn.storagePoolLookupByName(POOL)

    def name(self, stem: str) -> str:
        """A name this lab removes afterwards (for clones the test makes)."""
        name = f"{stem}-{self.tag}"
        self.names.append(name)
        return name

    def define(
        self,
        stem: str,
        *,
        fmt: str = "qcow2",
        pflash: bool = False,
        cdrom: bool = False,
        running: bool = False,
    ) -> str:
        """Define (and start) a VM with one volume; returns its name."""
        name = self.name(stem)
        extension = "qcow2" if fmt == "qcow2" else "img"
        volume = self.pool.createXML(
            f"<volume><name>{name}.{extension}</name><capacity unit='MiB'>16</capacity>"
            f"<target><format type='{fmt}'/></target></volume>",
            0,
        )
        media = f"{POOL_PATH}/{name}-media.iso" if cdrom else ""
        domain = self.conn.defineXML(
            lab_domain_xml(name, volume.path(), fmt=fmt, pflash=pflash, cdrom=media)
        )
        if running:
            domain.create()
        return name

    def snapshot(
        self, name: str, snapshot: str, *, external: bool = False, parent: str = ""
    ) -> None:
        """Take a snapshot directly through libvirt (the test driver records it)."""
        domain = self.conn.lookupByName(name)
        mode = "external" if external else "internal"
        flags = libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY if external else 0
        domain.snapshotCreateXML(
            f"<domainsnapshot><name>{snapshot}</name><description>about {snapshot}"
            f"</description><disks><disk name='vda' snapshot='{mode}'/></disks>"
            "</domainsnapshot>",
            flags,
        )

    def snapshots(self, name: str) -> list[str]:
        return sorted(s.getName() for s in self.conn.lookupByName(name).listAllSnapshots(0))

    def exists(self, name: str) -> bool:
        return name in {d.name() for d in self.conn.listAllDomains(0)}

    def volumes(self) -> set[str]:
        self.pool.refresh(0)
        return {v for v in self.pool.listVolumes() if self.tag in v}

    def remove_all(self) -> None:
        for name in self.names:
            with contextlib.suppress(libvirt.libvirtError):
                domain = self.conn.lookupByName(name)
                if domain.isActive():
                    domain.destroy()
                for snapshot in reversed(domain.listAllSnapshots(0)):
                    with contextlib.suppress(libvirt.libvirtError):
                        snapshot.delete(0)
                domain.undefine()
        for volume in self.volumes():
            with contextlib.suppress(libvirt.libvirtError):
                self.pool.storageVolLookupByName(volume).delete(0)


def snapshot_lab() -> Generator[SnapshotLab, None, None]:
    """The body of a fixture (``yield from``)."""
    yield from on_shared_default(SnapshotLab)
