"""The words for states, modes and sizes: one table for the GUI and the CLI.

The GUI shows these through Qt's translator (``QCoreApplication.translate`` with
the context given here); the CLI's human-readable output prints them as they
are. JSON output keeps the enums' stable machine values instead.

``QT_TRANSLATE_NOOP`` marks each text for ``pyside6-lupdate`` without importing
Qt (core stays Qt-free): it returns the text unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import ConnectionState, DomainState


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    del context
    return text


DOMAIN_STATE_CONTEXT = "DomainState"
DOMAIN_STATE_LABELS: dict[DomainState, str] = {
    DomainState.NOSTATE: QT_TRANSLATE_NOOP("DomainState", "No state"),
    DomainState.RUNNING: QT_TRANSLATE_NOOP("DomainState", "Running"),
    DomainState.BLOCKED: QT_TRANSLATE_NOOP("DomainState", "Blocked"),
    DomainState.PAUSED: QT_TRANSLATE_NOOP("DomainState", "Paused"),
    DomainState.SHUTDOWN: QT_TRANSLATE_NOOP("DomainState", "Shutting down"),
    DomainState.SHUTOFF: QT_TRANSLATE_NOOP("DomainState", "Shut off"),
    DomainState.CRASHED: QT_TRANSLATE_NOOP("DomainState", "Crashed"),
    DomainState.PMSUSPENDED: QT_TRANSLATE_NOOP("DomainState", "Suspended"),
}

CONNECTION_STATE_CONTEXT = "ConnectionState"
CONNECTION_STATE_LABELS: dict[ConnectionState, str] = {
    ConnectionState.DISCONNECTED: QT_TRANSLATE_NOOP("ConnectionState", "Disconnected"),
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("ConnectionState", "Connecting…"),
    ConnectionState.LOADING: QT_TRANSLATE_NOOP("ConnectionState", "Loading…"),
    ConnectionState.CONNECTED: QT_TRANSLATE_NOOP("ConnectionState", "Connected"),
    ConnectionState.RECONNECTING: QT_TRANSLATE_NOOP("ConnectionState", "Reconnecting…"),
    ConnectionState.ERROR: QT_TRANSLATE_NOOP("ConnectionState", "Error"),
}

NETWORK_MODE_CONTEXT = "NetworkMode"
NETWORK_MODE_LABELS: dict[NetworkMode, str] = {
    NetworkMode.NAT: QT_TRANSLATE_NOOP("NetworkMode", "NAT"),
    NetworkMode.BRIDGED: QT_TRANSLATE_NOOP("NetworkMode", "Bridged"),
    NetworkMode.HOST_ONLY: QT_TRANSLATE_NOOP("NetworkMode", "Host-only"),
    NetworkMode.INTERNAL: QT_TRANSLATE_NOOP("NetworkMode", "Internal"),
    NetworkMode.ROUTED: QT_TRANSLATE_NOOP("NetworkMode", "Routed"),
    NetworkMode.OPEN: QT_TRANSLATE_NOOP("NetworkMode", "Open"),
    NetworkMode.MACVTAP: QT_TRANSLATE_NOOP("NetworkMode", "macvtap"),
    NetworkMode.USER: QT_TRANSLATE_NOOP("NetworkMode", "User-mode"),
    NetworkMode.NONE: QT_TRANSLATE_NOOP("NetworkMode", "Not attached"),
    NetworkMode.OTHER: QT_TRANSLATE_NOOP("NetworkMode", "Other"),
}

UNITS_CONTEXT = "Units"
MIB = QT_TRANSLATE_NOOP("Units", "%1 MiB")
GIB = QT_TRANSLATE_NOOP("Units", "%1 GiB")


def _as_is(_context: str, text: str) -> str:
    return text


def format_memory(kib: int, translate: Callable[[str, str], str] = _as_is) -> str:
    """Memory the way people read it: 512 MiB, 2 GiB, 1.5 GiB (``translate`` the unit)."""
    mib = kib / 1024
    if mib < 1024:
        return translate(UNITS_CONTEXT, MIB).replace("%1", f"{mib:.0f}")
    gib = mib / 1024
    text = f"{gib:.1f}".removesuffix(".0")
    return translate(UNITS_CONTEXT, GIB).replace("%1", text)
