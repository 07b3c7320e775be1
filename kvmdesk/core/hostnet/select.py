"""How a host-network backend is chosen for a connection.

NetworkManager for this machine when it runs (:mod:`.nm_backend`), libvirt's interface
API otherwise (:mod:`.libvirt_backend`); ``--backend`` / the window's choice overrides.
Both backends are imported here at the top: the NetworkManager one needs only
``dbus-fast``, a hard dependency of kvmdesk, so it is always importable.
"""

from __future__ import annotations

import logging

from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import nm_backend
from kvmdesk.core.hostnet.connection_traffic import uses_local_host
from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend
from kvmdesk.core.hostnet.types import BACKEND_KINDS, BackendKind, HostNetworkBackend
from kvmdesk.core.types.errors import BadInput

log = logging.getLogger(__name__)


def parse_backend_kind(text: str) -> BackendKind:
    """``libvirt`` or ``nm``; BadInput otherwise."""
    word = text.strip().lower()
    for kind in BACKEND_KINDS:
        if word == kind:
            return kind
    raise BadInput(f"unknown host-network backend {text!r}: use libvirt or nm")


async def choose_backend(session: Session, override: str | None = None) -> HostNetworkBackend:
    """The backend for ``session``: NetworkManager for this host when it runs, else libvirt.

    ``override`` (``"libvirt"`` or ``"nm"``) forces one; ``nm`` raises BadInput when
    the connection is not to this host or NetworkManager is not available.
    """
    wanted = parse_backend_kind(override) if override else None
    if wanted == "libvirt":
        return await LibvirtInterfaceBackend.open(session)
    local = uses_local_host(session.uri)
    if wanted == "nm":
        if not local:
            raise BadInput(
                f"the NetworkManager backend manages this machine only, not {session.label}"
            )
        if not await nm_backend.nm_available():
            raise BadInput("the NetworkManager backend is not available here")
        backend: HostNetworkBackend = await nm_backend.open_nm_backend()
        return backend
    if local:
        try:
            if await nm_backend.nm_available():
                backend = await nm_backend.open_nm_backend()
                return backend
        except Exception as error:  # NetworkManager misbehaving must not hide libvirt
            log.warning("NetworkManager backend failed, using libvirt: %s", error)
    return await LibvirtInterfaceBackend.open(session)
