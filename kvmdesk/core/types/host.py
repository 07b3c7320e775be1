"""The host behind a connection, as the connection summary shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HostSummary:
    """Figures of the host: name, CPUs, memory (KiB; free is 0 when not known)."""

    hostname: str
    arch: str
    cpus: int
    memory_kib: int
    free_kib: int
    hypervisor: str
