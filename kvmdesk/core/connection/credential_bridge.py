"""libvirt's credential callbacks (``virConnectOpenAuth``) answered on the asyncio loop.

libvirt calls the callback on the worker thread that opens the connection, with a list
of credentials to fill (user name, password, echo and no-echo prompts, SASL realm …).
:class:`CredentialBridge` turns each into a
:class:`~kvmdesk.core.auth.credentials.CredentialRequest`, hands it to the loop
(``run_coroutine_threadsafe``) and blocks *that worker thread only* until the provider
answers; the loop and the GUI go on. A cancel (the user's, or :meth:`cancel` when the
connect is abandoned) makes the callback fail, and libvirt's open with it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from typing import Any

import libvirt

from kvmdesk.core.auth.credentials import (
    USER_WAITS,
    CredentialAnswer,
    CredentialKind,
    CredentialProvider,
    CredentialRequest,
)

# Every credential type libvirt defines, each answered as this kind of request.
CREDENTIAL_KINDS: dict[int, CredentialKind] = {
    libvirt.VIR_CRED_USERNAME: CredentialKind.USERNAME,
    libvirt.VIR_CRED_AUTHNAME: CredentialKind.USERNAME,
    libvirt.VIR_CRED_LANGUAGE: CredentialKind.ECHO_PROMPT,
    libvirt.VIR_CRED_CNONCE: CredentialKind.ECHO_PROMPT,
    libvirt.VIR_CRED_PASSPHRASE: CredentialKind.PASSWORD,
    libvirt.VIR_CRED_ECHOPROMPT: CredentialKind.ECHO_PROMPT,
    libvirt.VIR_CRED_NOECHOPROMPT: CredentialKind.SECRET_PROMPT,
    libvirt.VIR_CRED_REALM: CredentialKind.REALM,
    libvirt.VIR_CRED_EXTERNAL: CredentialKind.SECRET_PROMPT,
}
# A question nobody answers in an hour is abandoned (the worker must end some day).
ANSWER_TIMEOUT = 3600.0


class CredentialBridge:
    """The ``auth`` argument of one ``openAuth``: asks ``provider`` on ``loop``."""

    def __init__(
        self,
        provider: CredentialProvider,
        loop: asyncio.AbstractEventLoop,
        label: str,
        remember_base: str,
        attempt: int = 1,
    ) -> None:
        self.provider = provider
        self.loop = loop
        self.label = label
        self.remember_base = remember_base
        self.attempt = attempt
        self.asked = 0
        self.cancelled = False
        self._lock = threading.Lock()
        self._pending: set[concurrent.futures.Future[CredentialAnswer | None]] = set()

    def auth(self) -> list[Any]:
        return [list(CREDENTIAL_KINDS), self.callback, None]

    def open(self, uri: str) -> Any:
        """``virConnectOpenAuth(uri)`` with this bridge answering (on a worker thread)."""
        return libvirt.openAuth(uri, self.auth(), 0)

    def cancel(self) -> None:
        """Withdraw every open question; the open fails."""
        self.cancelled = True
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.cancel()

    def callback(self, credentials: list[list[Any]], _opaque: Any) -> int:
        """libvirt's callback, on the opening thread: 0 when every item was answered."""
        username = ""
        for credential in credentials:
            kind = CREDENTIAL_KINDS.get(credential[0], CredentialKind.SECRET_PROMPT)
            remember = ""
            if kind is CredentialKind.PASSWORD:
                remember = f"libvirt:{self.remember_base}:{username}"
            request = CredentialRequest(
                kind,
                self.label,
                str(credential[1] or ""),
                default=str(credential[2] or ""),
                attempt=self.attempt,
                remember_key=remember,
            )
            answer = self._ask(request)
            if answer is None:
                self.cancelled = True
                return -1
            credential[4] = answer.value
            if kind is CredentialKind.USERNAME:
                username = answer.value
        return 0

    def _ask(self, request: CredentialRequest) -> CredentialAnswer | None:
        if self.cancelled:
            return None
        self.asked += 1
        future = asyncio.run_coroutine_threadsafe(self._on_loop(request), self.loop)
        with self._lock:
            self._pending.add(future)
        try:
            return future.result(ANSWER_TIMEOUT)
        except (concurrent.futures.CancelledError, concurrent.futures.TimeoutError):
            return None
        finally:
            with self._lock:
                self._pending.discard(future)

    async def _on_loop(self, request: CredentialRequest) -> CredentialAnswer | None:
        with USER_WAITS.waiting():
            return await self.provider(request)


async def wait_for_open(opening: asyncio.Future[Any], timeout: float) -> Any:
    """The result of ``opening``; TimeoutError after ``timeout`` seconds of *our* time.

    Time spent waiting for the user (a password dialog, an askpass prompt) does not
    count, and no open is given up while a question is on screen.
    """
    started = time.monotonic()
    waited_before = USER_WAITS.total()
    while True:
        waited = USER_WAITS.total() - waited_before
        remaining = timeout + waited - (time.monotonic() - started)
        if USER_WAITS.active:
            remaining = max(remaining, 1.0)
        if remaining <= 0:
            raise TimeoutError
        try:
            return await asyncio.wait_for(asyncio.shield(opening), min(remaining, 1.0))
        except TimeoutError:
            if opening.done():
                raise
