"""Immutable snapshots of libvirt objects: what models show, what events replace.

A snapshot is taken off the GUI thread and never changes; an event produces a
new snapshot for the one affected object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState


@dataclass(frozen=True, slots=True)
class NicSnapshot:
    """One ``<interface>`` of a domain, as far as the list and details show it."""

    mac: str
    model: str
    type: str
    source: str
    link_up: bool = True
    target: str = ""
    portgroup: str = ""
    macvtap_mode: str = ""
    backend: str = ""  # user-mode backend: "" (slirp) or "passt"


@dataclass(frozen=True, slots=True)
class DiskSnapshot:
    """A disk's target and where its data lives (file/block path or pool volume)."""

    target: str
    device: str
    path: str = ""
    pool: str = ""
    volume: str = ""


@dataclass(frozen=True, slots=True)
class DomainSnapshot:
    """One domain as of its last fetch; keyed by (connection, uuid)."""

    connection: str
    uuid: str
    name: str
    state: DomainState
    vcpus: int
    memory_kib: int
    max_memory_kib: int
    os_type: str = ""
    arch: str = ""
    title: str = ""
    persistent: bool = True
    nics: tuple[NicSnapshot, ...] = ()
    disks: tuple[DiskSnapshot, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.connection, self.uuid)


@dataclass(frozen=True, slots=True)
class DomainStats:
    """Resource usage sampled on the stats timer; every history oldest first.

    Disk and network figures are bytes per second over all the domain's disks and
    NICs, from the difference between two samples (empty until there are two).
    """

    cpu_percent: float | None = None
    memory_used_kib: int | None = None
    cpu_history: tuple[float, ...] = ()
    memory_history: tuple[float, ...] = ()  # KiB in use
    disk_read_history: tuple[float, ...] = ()
    disk_write_history: tuple[float, ...] = ()
    net_rx_history: tuple[float, ...] = ()
    net_tx_history: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainDetails:
    """Fields the details pane shows that cost an extra call, fetched on selection."""

    autostart: bool
    persistent: bool
    has_managed_save: bool = False


@dataclass(frozen=True, slots=True)
class NetworkSnapshot:
    """One libvirt virtual network."""

    connection: str
    name: str
    uuid: str
    mode: NetworkMode
    bridge: str = ""
    active: bool = False
    autostart: bool = False
    persistent: bool = True
    subnets: tuple[str, ...] = field(default=())
    forward_devices: tuple[str, ...] = field(default=())
    dhcp_ranges: tuple[tuple[str, str], ...] = field(default=())
    portgroups: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class VolumeRef:
    """A storage volume a domain's disk lives in; offered for deletion with the domain."""

    pool: str
    name: str
    path: str
