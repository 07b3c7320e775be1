"""Ask this libvirt what it does with snapshots, instead of guessing from its version.

libvirt offers no dry run for snapshot operations (``VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE``
only validates the XML against the schema: the snapshot is still taken), and no
capability says whether it can revert or delete external snapshots, or take internal
snapshots of a VM whose firmware lives in pflash. So :func:`probe_behaviour` asks by
doing: it defines a throw-away, never-started domain whose disk and firmware files
do not exist (in a directory that does not exist, so nothing can be written), records
snapshot metadata for it with ``VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE`` (no files are
touched) and tries each operation whose refusal libvirt checks before it looks at any
file. A refusal ("not supported", "unsupported
configuration") means this libvirt cannot do it; any other outcome (success on the test
driver, or a failure to reach the missing files) means it would try. The domain is
undefined with its snapshot metadata at the end, whatever happened.
"""

from __future__ import annotations

import logging
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

import libvirt

from kvmdesk.core.util.xml_text import escape

log = logging.getLogger(__name__)

PROBE_PREFIX = "kvmdesk-probe-"
_REFUSALS = frozenset(
    {
        libvirt.VIR_ERR_CONFIG_UNSUPPORTED,
        libvirt.VIR_ERR_OPERATION_UNSUPPORTED,
        libvirt.VIR_ERR_NO_SUPPORT,
        libvirt.VIR_ERR_ARGUMENT_UNSUPPORTED,
    }
)
# A valid request refused as an invalid argument: the driver does not know the flag.
_FLAG_REFUSALS = _REFUSALS | {libvirt.VIR_ERR_INVALID_ARG}
# Drivers whose domain type we know how to write for a probe domain.
_DOMAIN_TYPES = {"QEMU": "qemu", "TEST": "test", "Test": "test"}


@dataclass(frozen=True, slots=True)
class LibvirtBehaviour:
    """What this connection's libvirt does with snapshots (True: it performs it)."""

    probed: bool  # False: could not ask; every uncertain operation is then withheld
    disk_only: bool = False
    internal_with_pflash: bool = False
    revert_external: bool = False
    delete_external: bool = False
    delete_external_with_children: bool = False


UNKNOWN = LibvirtBehaviour(probed=False)


def _domain_xml(name: str, uuid: str, domain_type: str, missing: str, pflash: bool) -> str:
    firmware = (
        f"<loader readonly='yes' type='pflash'>{missing}/code.fd</loader>"
        f"<nvram>{missing}/vars.fd</nvram>"
        if pflash
        else ""
    )
    return (
        f"<domain type='{domain_type}'><name>{escape(name)}</name><uuid>{uuid}</uuid>"
        "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        f"<os><type arch='x86_64'>hvm</type>{firmware}</os><features><acpi/></features>"
        "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        f"<source file='{missing}/vda.qcow2'/><target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>"
    )


def _snapshot_xml(name: str, parent: str, external: bool, domain_xml: str, missing: str) -> str:
    parent_xml = f"<parent><name>{parent}</name></parent>" if parent else ""
    if external:
        disks = (
            "<disks><disk name='vda' snapshot='external' type='file'><driver type='qcow2'/>"
            f"<source file='{missing}/vda.{name}'/></disk></disks>"
        )
    else:
        disks = "<disks><disk name='vda' snapshot='internal'/></disks>"
    return (
        f"<domainsnapshot><name>{name}</name>{parent_xml}<state>shutoff</state>"
        f"<creationTime>1</creationTime><memory snapshot='no'/>{disks}{domain_xml}"
        "</domainsnapshot>"
    )


def _performs(call: Any, *args: Any, refusals: frozenset[int] = _REFUSALS) -> bool:
    """True unless libvirt refuses the operation as unsupported."""
    try:
        call(*args)
    except libvirt.libvirtError as error:
        refused = error.get_error_code() in refusals
        log.debug("probe: %s", error.get_error_message())
        return not refused
    return True


def probe_behaviour(conn: Any) -> LibvirtBehaviour:
    """Probe the connection's libvirt (blocking; a few libvirt calls, no files written)."""
    domain_type = _DOMAIN_TYPES.get(conn.getType())
    if domain_type is None:
        return UNKNOWN
    _remove_stale_probes(conn)
    probe_uuid = str(uuidlib.uuid4())
    name = PROBE_PREFIX + probe_uuid[:8]
    missing = f"/nonexistent-{name}"
    redefine = libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE
    domain = None
    try:
        plain_xml = _domain_xml(name, probe_uuid, domain_type, missing, pflash=False)
        pflash_xml = _domain_xml(name, probe_uuid, domain_type, missing, pflash=True)
        domain = conn.defineXML(plain_xml)
        # Control: an internal snapshot of the plain domain fails only on the missing file.
        plain_internal = _performs(
            domain.snapshotCreateXML, "<domainsnapshot><name>c</name></domainsnapshot>", 0
        )
        _forget_snapshots(domain)
        domain = conn.defineXML(pflash_xml)
        pflash_internal = plain_internal and _performs(
            domain.snapshotCreateXML, "<domainsnapshot><name>p</name></domainsnapshot>", 0
        )
        _forget_snapshots(domain)
        domain = conn.defineXML(plain_xml)

        disk_only = _performs(
            domain.snapshotCreateXML,
            "<domainsnapshot><name>d</name><memory snapshot='no'/><disks>"
            "<disk name='vda' snapshot='external' type='file'>"
            f"<source file='{missing}/vda.d'/></disk></disks></domainsnapshot>",
            libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY,
            refusals=_FLAG_REFUSALS,
        )
        _forget_snapshots(domain)

        def redefined(snapshot: str, parent: str, external: bool) -> Any:
            xml = _snapshot_xml(snapshot, parent, external, plain_xml, missing)
            return domain.snapshotCreateXML(xml, redefine)

        external = redefined("e1", "", True)
        revert = _performs(domain.revertToSnapshot, external, 0)
        _forget_snapshots(domain)

        redefined("e1", "", True)
        redefined("e2", "e1", True)
        children = libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN
        with_children = _performs(domain.snapshotLookupByName("e1", 0).delete, children)
        _forget_snapshots(domain)

        redefined("e1", "", True)
        leaf = _performs(domain.snapshotLookupByName("e1", 0).delete, 0)
        _forget_snapshots(domain)
        return LibvirtBehaviour(
            probed=True,
            disk_only=disk_only,
            internal_with_pflash=pflash_internal,
            revert_external=revert,
            delete_external=leaf,
            delete_external_with_children=with_children,
        )
    except libvirt.libvirtError as error:
        log.warning("snapshot probe failed: %s", error.get_error_message())
        return UNKNOWN
    finally:
        if domain is not None:
            _undefine(domain)


def _remove_stale_probes(conn: Any) -> None:
    """Undefine probe domains a crashed kvmdesk left behind (recognised by their missing
    files, so no VM of the user's that happens to share the name is touched)."""
    for domain in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE):
        name = domain.name()
        if not name.startswith(PROBE_PREFIX):
            continue
        try:
            if f"'/nonexistent-{name}/vda.qcow2'" in domain.XMLDesc(0):
                _undefine(domain)
        except libvirt.libvirtError:
            continue


def _forget_snapshots(domain: Any) -> None:
    """Drop the probe's snapshot metadata, newest first (its files never existed).

    A driver without ``METADATA_ONLY`` (the test driver has no files at all) deletes
    them plainly.
    """
    for snapshot in reversed(domain.listAllSnapshots(0)):
        try:
            snapshot.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY)
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_INVALID_ARG:
                continue
            try:
                snapshot.delete(0)
            except libvirt.libvirtError:
                pass


def _undefine(domain: Any) -> None:
    """Undefine the probe; its NVRAM is kept (it never existed), else plainly (test driver)."""
    try:
        _forget_snapshots(domain)
        try:
            domain.undefineFlags(
                libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
                | libvirt.VIR_DOMAIN_UNDEFINE_KEEP_NVRAM
            )
        except libvirt.libvirtError:
            domain.undefine()
    except libvirt.libvirtError as error:
        log.warning("could not undefine the snapshot probe: %s", error.get_error_message())
