"""Domain and connection states with the words users and the CLI see."""

from __future__ import annotations

from enum import StrEnum

import libvirt


class DomainState(StrEnum):
    """A domain's run state, named as ``kvmdesk-cli list --json`` prints it."""

    NOSTATE = "nostate"
    RUNNING = "running"
    BLOCKED = "blocked"
    PAUSED = "paused"
    SHUTDOWN = "shutdown"
    SHUTOFF = "shutoff"
    CRASHED = "crashed"
    PMSUSPENDED = "pmsuspended"

    @classmethod
    def from_libvirt(cls, code: int) -> DomainState:
        return _FROM_LIBVIRT.get(code, cls.NOSTATE)

    @property
    def is_active(self) -> bool:
        """True while the domain has a running QEMU process."""
        return self not in (DomainState.SHUTOFF, DomainState.CRASHED, DomainState.NOSTATE)


_FROM_LIBVIRT = {
    libvirt.VIR_DOMAIN_NOSTATE: DomainState.NOSTATE,
    libvirt.VIR_DOMAIN_RUNNING: DomainState.RUNNING,
    libvirt.VIR_DOMAIN_BLOCKED: DomainState.BLOCKED,
    libvirt.VIR_DOMAIN_PAUSED: DomainState.PAUSED,
    libvirt.VIR_DOMAIN_SHUTDOWN: DomainState.SHUTDOWN,
    libvirt.VIR_DOMAIN_SHUTOFF: DomainState.SHUTOFF,
    libvirt.VIR_DOMAIN_CRASHED: DomainState.CRASHED,
    libvirt.VIR_DOMAIN_PMSUSPENDED: DomainState.PMSUSPENDED,
}


class ConnectionState(StrEnum):
    """Where a connection's session stands; shown on the connection's row."""

    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    LOADING = "loading"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    ERROR = "error"

    @property
    def is_settled(self) -> bool:
        """True once nothing more will arrive without a new event or action."""
        return self in (
            ConnectionState.CONNECTED,
            ConnectionState.ERROR,
            ConnectionState.DISCONNECTED,
        )
