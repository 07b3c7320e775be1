"""The icons of domain and connection states: bundled SVG shapes in their state's colour.

Each state has its own outline as well as its colour (play, pause, stop, cross …), so
they read apart without colour too. They tint at paint time (:mod:`kvmdesk.models.icons`),
so one icon object serves both themes and every scale.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.icons import StateIcon, state_icon
from kvmdesk.models.palette import Colour


def domain_state_icon(state: DomainState) -> QIcon:
    if state in (DomainState.RUNNING, DomainState.BLOCKED):
        return state_icon(StateIcon.RUNNING, Colour.OK)
    if state in (DomainState.PAUSED, DomainState.PMSUSPENDED):
        return state_icon(StateIcon.PAUSED, Colour.WARNING)
    if state is DomainState.CRASHED:
        return state_icon(StateIcon.CRASHED, Colour.ERROR)
    if state is DomainState.SHUTDOWN:
        return state_icon(StateIcon.SHUTTING_DOWN, Colour.WARNING)
    return state_icon(StateIcon.SHUTOFF, Colour.INACTIVE)


_CONNECTION_ICONS = {
    ConnectionState.CONNECTED: (StateIcon.CONNECTED, Colour.OK),
    ConnectionState.CONNECTING: (StateIcon.CONNECTING, Colour.BUSY),
    ConnectionState.LOADING: (StateIcon.CONNECTING, Colour.BUSY),
    ConnectionState.RECONNECTING: (StateIcon.RECONNECTING, Colour.WARNING),
    ConnectionState.ERROR: (StateIcon.ERROR, Colour.ERROR),
    ConnectionState.DISCONNECTED: (StateIcon.DISCONNECTED, Colour.INACTIVE),
}


def connection_state_icon(state: ConnectionState) -> QIcon:
    return state_icon(*_CONNECTION_ICONS[state])


def pending_restart_icon() -> QIcon:
    """A circular arrow: the change comes round at the next start."""
    return state_icon(StateIcon.PENDING_RESTART, Colour.WARNING)
