"""The one interface both host-network backends implement, and the values they share.

Two implementations: libvirt's interface API (:mod:`.libvirt_backend`; the test driver
and hosts whose libvirt interface backend is writable) and NetworkManager over D-Bus
(:mod:`.nm_backend`; the local host when NetworkManager runs); :mod:`.select` chooses
one. A change is applied in two steps so it can be undone:
:meth:`HostNetworkBackend.begin` applies it inside the backend's transaction (libvirt
``interfaceChangeBegin``) or checkpoint (NetworkManager ``CheckpointCreate`` with a
rollback timeout), then :meth:`~HostNetworkBackend.commit` keeps it or
:meth:`~HostNetworkBackend.rollback` restores the exact previous state.
:mod:`.safe_apply` drives those steps with the user's confirmation.

What each backend can express (:class:`BackendCapabilities`) lives here too, so
:mod:`.validation` can adapt its checks without importing a backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from kvmdesk.core.hostnet.model import MAX_ARP_TARGETS, BondMode, HostChange, HostInterface

BackendKind = Literal["libvirt", "nm"]
BACKEND_KINDS: tuple[BackendKind, ...] = ("libvirt", "nm")
DEFAULT_ROLLBACK_TIMEOUT_S = 30


@dataclass(frozen=True, slots=True)
class BackendCapabilities:
    """What a backend can express; validation and the dialog adapt to it.

    ``primary_is_first_port``: the backend has no primary option but takes the first
    port as primary (libvirt, only in ``primary_modes``). ``supports_lacp_options``:
    ``lacp_rate`` and ``xmit_hash_policy`` can be set.
    """

    max_arp_targets: int = MAX_ARP_TARGETS
    primary_is_first_port: bool = False
    primary_modes: frozenset[BondMode] = frozenset(
        {BondMode.ACTIVE_BACKUP, BondMode.BALANCE_TLB, BondMode.BALANCE_ALB}
    )
    supports_lacp_options: bool = True
    supports_vlan: bool = True
    supports_ipv6: bool = True


NM_CAPABILITIES = BackendCapabilities()
# libvirt's interface XML: one <arpmon target>, no lacp_rate / xmit_hash_policy, and
# netcf writes "primary=<first port>" for active-backup only.
LIBVIRT_CAPABILITIES = BackendCapabilities(
    max_arp_targets=1,
    primary_is_first_port=True,
    primary_modes=frozenset({BondMode.ACTIVE_BACKUP}),
    supports_lacp_options=False,
)


@dataclass(frozen=True, slots=True)
class ChangePreview:
    """What a change will do, before it is applied.

    ``lines`` are human sentences ("create bond bond0 (1 active-backup) over eth2, eth3");
    ``document`` is the libvirt interface XML (``document_kind == "xml"``) or the
    NetworkManager settings as JSON (``"json"``); ``affected`` names every interface
    touched (new ones, ports, removed ones).
    """

    lines: tuple[str, ...]
    document: str
    document_kind: Literal["xml", "json"]
    affected: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PendingChange:
    """A change applied inside a transaction/checkpoint, waiting for commit or rollback.

    ``notes`` are things the user must know although the change applied (e.g. "bond0 is
    defined but could not be brought up: this kernel has no bonding module").
    ``handle`` is backend-private (NetworkManager: the checkpoint path).
    """

    change: HostChange
    backend: BackendKind
    affected: tuple[str, ...]
    rollback_timeout_s: int
    notes: tuple[str, ...] = ()
    handle: Any = field(default=None, compare=False)


@runtime_checkable
class HostNetworkBackend(Protocol):
    """A host-network backend (libvirt interface API or NetworkManager)."""

    kind: BackendKind
    # None when changes can be applied; otherwise why not, in one sentence for the UI.
    read_only_reason: str | None
    capabilities: BackendCapabilities

    async def list_interfaces(self) -> list[HostInterface]:
        """Every host interface with its state, addresses, ports and controller."""
        ...

    async def preview(self, change: HostChange) -> ChangePreview:
        """What ``change`` would do; changes nothing. Raises BadInput when invalid."""
        ...

    async def begin(self, change: HostChange, *, rollback_timeout_s: int) -> PendingChange:
        """Validate and apply ``change`` inside a transaction/checkpoint.

        On failure nothing stays applied (the backend rolls back itself) and the error
        is raised. ``rollback_timeout_s`` is how long the backend itself may wait
        before undoing the change on its own (NetworkManager's checkpoint timeout);
        libvirt has no such timer and relies on the caller.
        """
        ...

    async def commit(self, pending: PendingChange) -> None:
        """Keep the change."""
        ...

    async def rollback(self, pending: PendingChange) -> None:
        """Undo the change: the previous definitions and device state come back."""
        ...
