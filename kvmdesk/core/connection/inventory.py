"""All sessions of the app, keyed by URI, and the saved connection list."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kvmdesk.core.connection.config import ConnectionEntry, load_connections, save_connections
from kvmdesk.core.connection.limits import CONNECT_TIMEOUT
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.util.uri import validate_uri


class Inventory:
    """Creates, remembers and closes sessions; persists the connection list."""

    def __init__(
        self,
        *,
        config_path: Path | None = None,
        persist: bool = True,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.connect_timeout = connect_timeout
        self.sessions: dict[str, Session] = {}
        self.autoconnect: dict[str, bool] = {}
        self._ephemeral: set[str] = set()
        self.session_added: Signal[[Session]] = Signal()
        self.session_removed: Signal[[Session]] = Signal()
        self._config_path = config_path
        self._persist = persist
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def saves(self) -> bool:
        """Whether connections added now are saved (not when started with --demo/--connect)."""
        return self._persist

    def restore(self) -> list[Session]:
        """Sessions for the saved connections (not yet connected)."""
        return [
            self.add(entry.uri, autoconnect=entry.autoconnect, save=False)
            for entry in load_connections(self._config_path)
        ]

    def add(
        self,
        uri: str,
        *,
        label: str = "",
        autoconnect: bool = True,
        save: bool = True,
        remember: bool = True,
        prepare: Callable[[Any], None] | None = None,
    ) -> Session:
        """A session for ``uri`` (the existing one if already there).

        ``remember=False`` keeps it out of the saved list (``--connect``, ``--demo``).
        """
        uri = validate_uri(uri)
        existing = self.sessions.get(uri)
        if existing is not None:
            return existing
        session = Session(uri, label=label, prepare=prepare, connect_timeout=self.connect_timeout)
        self.sessions[uri] = session
        self.autoconnect[uri] = autoconnect
        if not remember:
            self._ephemeral.add(uri)
        self.session_added.emit(session)
        if save and remember:
            self.save()
        return session

    def set_autoconnect(self, uri: str, autoconnect: bool) -> None:
        if uri not in self.sessions:
            raise BadInput(f"unknown connection {uri}")
        self.autoconnect[uri] = autoconnect
        self.save()

    async def remove(self, uri: str) -> None:
        session = self.sessions.pop(uri, None)
        if session is None:
            return
        self.autoconnect.pop(uri, None)
        self._ephemeral.discard(uri)
        await session.close()
        self.session_removed.emit(session)
        self.save()

    def connect_in_background(
        self, session: Session, loop: asyncio.AbstractEventLoop | None = None
    ) -> None:
        """Start connecting without awaiting; the session's signals report progress."""
        session.expect_connect()
        task = (loop or asyncio.get_running_loop()).create_task(session.connect())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def save(self) -> None:
        if not self._persist:
            return
        entries = [
            ConnectionEntry(uri, self.autoconnect.get(uri, True))
            for uri in self.sessions
            if uri not in self._ephemeral
        ]
        save_connections(entries, self._config_path)

    async def wait_settled(self) -> None:
        await asyncio.gather(*(s.wait_settled() for s in self.sessions.values()))

    async def close(self) -> None:
        """Close every session; bounded, whatever the connections are doing."""
        await asyncio.gather(*(s.close() for s in self.sessions.values()), return_exceptions=True)

    def busy_threads(self) -> int:
        """Worker threads of the sessions still alive (stuck in libvirt) after :meth:`close`."""
        return sum(session.busy_threads() for session in self.sessions.values())
