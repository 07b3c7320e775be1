"""The host behind a connection, as the connection summary shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libvirt

from kvmdesk.core.types.host import HostSummary

if TYPE_CHECKING:
    from kvmdesk.core.connection.session import Session


async def host_summary(session: Session) -> HostSummary:
    """The session's host, read in its worker (:class:`KvmdeskError` when it is down)."""
    return await session.run(read_host, session.connection())


def read_host(conn: Any) -> HostSummary:
    """Ask libvirt (blocking: run it through ``session.run``)."""
    info = conn.getInfo()  # [arch, memory MiB, cpus, MHz, nodes, sockets, cores, threads]
    try:
        hostname = str(conn.getHostname())
    except libvirt.libvirtError:
        hostname = ""
    try:
        free = int(conn.getFreeMemory()) // 1024
    except libvirt.libvirtError:
        free = 0
    try:
        hypervisor = str(conn.getType())
    except libvirt.libvirtError:
        hypervisor = ""
    return HostSummary(
        hostname=hostname,
        arch=str(info[0]),
        cpus=int(info[2]),
        memory_kib=int(info[1]) * 1024,
        free_kib=min(free, int(info[1]) * 1024),
        hypervisor=hypervisor,
    )
