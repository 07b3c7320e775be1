"""All sessions of the app, keyed by URI, and the saved connection list.

:meth:`Inventory.add` is the one way a session comes to be, and it asks
:func:`~kvmdesk.core.util.uri_programs.admit` first: a URI that makes libvirt run a
program is opened only from the user's own command line or environment, or with the
user's consent for exactly that URI (the connection dialog's confirmation, stored
with the saved connection). Whoever hands kvmdesk a URI names its channel; a caller
that does not is :attr:`UriChannel.EXTERNAL` and needs consent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kvmdesk.core.auth.credentials import CredentialProvider
from kvmdesk.core.connection.config import ConfigReport, ConnectionEntry, ConnectionStore
from kvmdesk.core.connection.limits import CONNECT_TIMEOUT
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.signals import Signal
from kvmdesk.core.util.safe_files import UnusableFile
from kvmdesk.core.util.uri import redact_uri, validate_uri
from kvmdesk.core.util.uri_programs import (
    ProgramConsent,
    ProgramNotConsented,
    UriChannel,
    admit,
)


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
        # Emitted with a one-line message when the connection list cannot be saved.
        self.save_failed: Signal[[str]] = Signal()
        self.consents: dict[str, ProgramConsent] = {}
        self._store = ConnectionStore(config_path)
        self._persist = persist
        self._tasks: set[asyncio.Task[None]] = set()
        self._credentials: CredentialProvider | None = None

    @property
    def credentials(self) -> CredentialProvider | None:
        """Who answers the connections' credential questions (the app's dialog)."""
        return self._credentials

    @credentials.setter
    def credentials(self, provider: CredentialProvider | None) -> None:
        self._credentials = provider
        for session in self.sessions.values():
            session.credentials = provider

    @property
    def saves(self) -> bool:
        """Whether connections added now are saved (not when started with --demo/--connect)."""
        return self._persist

    @property
    def config_path(self) -> Path:
        """The connection list file (other per-user state is kept beside it)."""
        return self._store.path

    @property
    def config_report(self) -> ConfigReport:
        """What :meth:`restore` found wrong in the saved list (empty when all was well)."""
        return self._store.report

    def restore(self) -> list[Session]:
        """Sessions for the saved connections (not yet connected).

        A saved URI that runs a program without a stored consent for exactly it is
        not opened and not listed; it stays in the file and the report says so.
        """
        sessions = []
        for entry in self._store.load():
            try:
                sessions.append(
                    self.add(
                        entry.uri,
                        autoconnect=entry.autoconnect,
                        save=False,
                        channel=UriChannel.SAVED,
                        consent=entry.consent,
                    )
                )
            except ProgramNotConsented as refused:
                self._store.hold(entry)
                programs = ", ".join(program.describe() for program in refused.programs)
                self._store.report.add(
                    f"entry {self._store.positions.get(entry.uri, 0)} ({redact_uri(entry.uri)})",
                    f"runs {programs} and was saved without your confirmation; not opened "
                    "(add it again to confirm)",
                )
        return sessions

    def add(
        self,
        uri: str,
        *,
        label: str = "",
        autoconnect: bool = True,
        save: bool = True,
        remember: bool = True,
        prepare: Callable[[Any], None] | None = None,
        channel: UriChannel = UriChannel.EXTERNAL,
        consent: ProgramConsent | None = None,
    ) -> Session:
        """A session for ``uri`` (the existing one if already there).

        ``remember=False`` keeps it out of the saved list (``--connect``, ``--demo``).
        ``channel`` says how the URI came; a URI that runs a program needs ``consent``
        unless it came from the user's own command line or environment
        (:class:`ProgramNotConsented`, a :class:`BadInput`, otherwise).
        """
        uri = validate_uri(uri)
        programs = admit(uri, channel, consent)
        existing = self.sessions.get(uri)
        if existing is not None:
            return existing
        if programs and consent is not None:
            self.consents[uri] = consent
        session = Session(
            uri,
            label=label,
            prepare=prepare,
            connect_timeout=self.connect_timeout,
            credentials=self._credentials,
        )
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
        self.consents.pop(uri, None)
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

    @property
    def unsaved_reason(self) -> str:
        """Why the saved list cannot be written this session ("" when it can)."""
        report = self._store.report
        if not self._persist or report.writable:
            return ""
        why = next((p.reason for p in report.problems if p.item == "the file"), "")
        return f"{report.path} is left as it is" + (f" ({why})" if why else "")

    def save(self) -> None:
        """Write the list; ``save_failed`` says why when the disk (or the file) refuses.

        A change that cannot be saved still holds for this session.
        """
        if not self._persist:
            return
        if self.unsaved_reason:
            self.save_failed.emit(self.unsaved_reason)
            return
        entries = [
            ConnectionEntry(uri, self.autoconnect.get(uri, True), self.consents.get(uri))
            for uri in self.sessions
            if uri not in self._ephemeral
        ]
        try:
            self._store.save(entries)
        except (OSError, UnusableFile) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.save_failed.emit(f"{self._store.path}: {reason}")

    async def wait_settled(self) -> None:
        await asyncio.gather(*(s.wait_settled() for s in self.sessions.values()))

    async def close(self) -> None:
        """Close every session; bounded, whatever the connections are doing."""
        await asyncio.gather(*(s.close() for s in self.sessions.values()), return_exceptions=True)

    def busy_threads(self) -> int:
        """Worker threads of the sessions still alive (stuck in libvirt) after :meth:`close`."""
        return sum(session.busy_threads() for session in self.sessions.values())
