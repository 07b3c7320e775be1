"""What the parts of a :class:`~kvmdesk.core.connection.session.Session` share, declared for typing.

The session is split by subject (connection and domains in ``session.py``,
networks, NICs and stats in their own modules); each part relies on the
attributes and helpers declared here, which ``Session`` provides.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from kvmdesk.core.types.signals import Signal
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NetworkSnapshot

T = TypeVar("T")


class SessionBase:
    """Declarations only: ``Session`` sets these in ``__init__`` and defines the methods."""

    uri: str
    label: str
    domains: dict[str, DomainSnapshot]
    networks: dict[str, NetworkSnapshot]
    stats: dict[str, DomainStats]
    networks_removed: Signal[[Any, list[str]]]
    stats_updated: Signal[[Any, dict[str, DomainStats]]]
    pending_restart_changed: Signal[[Any, str]]
    _conn: Any
    _executor: ThreadPoolExecutor
    _handles: dict[str, Any]
    _pending_restart: dict[str, frozenset[str]]
    _cpu_samples: dict[str, tuple[float, int]]
    _cpu_history: dict[str, deque[float]]

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        raise NotImplementedError

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        raise NotImplementedError

    def _handle(self, uuid: str) -> Any:
        raise NotImplementedError

    def _fetch_networks(self, names: Sequence[str] | None) -> list[NetworkSnapshot]:
        raise NotImplementedError

    def _apply_networks(self, snapshots: list[NetworkSnapshot]) -> None:
        raise NotImplementedError

    def _network_connection(self) -> Any:
        raise NotImplementedError
