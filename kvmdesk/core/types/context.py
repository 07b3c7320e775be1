"""What a session's sub-objects may use of their session: :class:`SessionContext`.

The domain, NIC and virtual-network services sit below the connection layer
and never import it; the :class:`~kvmdesk.core.connection.session.Session`
hands itself to them as this protocol. A new capability (storage, snapshots,
consoles) gets the same: a service in its own package that takes a context.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot

T = TypeVar("T")


class SessionContext(Protocol):
    """One libvirt connection as its sub-objects see it: snapshots, handles and a pool."""

    @property
    def uri(self) -> str:
        """The connection's libvirt URI (also the ``connection`` of its snapshots)."""
        ...

    @property
    def label(self) -> str:
        """The name the user knows the connection by, for messages."""
        ...

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The asyncio loop the session emits on."""
        ...

    @property
    def connected(self) -> bool:
        """True while a ``virConnect`` is open."""
        ...

    @property
    def domains(self) -> Mapping[str, DomainSnapshot]:
        """The loaded domains by UUID (the session updates them from events)."""
        ...

    @property
    def networks(self) -> Mapping[str, NetworkSnapshot]:
        """The loaded virtual networks by name."""
        ...

    def connection(self) -> Any:
        """The open ``virConnect``; :class:`~.errors.LibvirtFailure` when not connected."""
        ...

    def handle(self, uuid: str) -> Any:
        """The ``virDomain`` with this UUID (cached, else looked up)."""
        ...

    def cached_handle(self, uuid: str) -> Any | None:
        """The ``virDomain`` cached at load time, without a libvirt call; None if none."""
        ...

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run a blocking call in the session's pool; libvirt errors become ours."""
        ...

    async def reload_networks(self, names: Sequence[str]) -> None:
        """Fetch these networks again; drop the ones that no longer exist."""
        ...

    def log_event(self, kind: ObjectKind, name: str, uuid: str, event: str, detail: str) -> None:
        """Put a line in the event log: something kvmdesk did or saw on this connection."""
        ...

    def remember_partial(self, change: PartialChange) -> PartialChange:
        """Keep an interrupted change to offer its finish / undo once connected; returns it."""
        ...
