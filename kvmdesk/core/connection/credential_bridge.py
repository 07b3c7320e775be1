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
import base64
import binascii
import concurrent.futures
import re
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
# libvirt's own ssh transports (libssh, libssh2) ask about an unknown host key as an echo
# prompt: "Accept SSH host key with hash '3a:53:…' for host 'h:22' (y/n)?" (a SHA-256 in hex).
_HOST_KEY_PROMPT = re.compile(r"Accept SSH host key with hash '([0-9A-Fa-f:]+)' for host '([^']*)'")
# The same question asked this often in one open means its answers are refused: libvirt's
# own ssh transports ask again for as long as the server lets them (MaxAuthTries).
MAX_REPEATS = 3
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
        self.refused = False  # the same question came MAX_REPEATS times: given up
        # How often each prompt came in this open: a repeat means the answer was refused.
        self._repeats: dict[str, int] = {}
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
            prompt = str(credential[1] or "")
            host_key = _HOST_KEY_PROMPT.search(prompt)
            if host_key is not None:
                request = CredentialRequest(
                    CredentialKind.HOST_KEY,
                    self.label,
                    prompt,
                    host=host_key.group(2),
                    fingerprint=openssh_fingerprint(host_key.group(1)),
                )
                # Rejected: libvirt's own "n", so its message says what was refused.
                credential[4] = "y" if self._ask(request) is not None else "n"
                continue
            repeat = self._repeats.get(prompt, 0)
            if repeat >= MAX_REPEATS:
                self.refused = True
                return -1
            self._repeats[prompt] = repeat + 1
            request = CredentialRequest(
                kind,
                self.label,
                prompt,
                default=str(credential[2] or ""),
                attempt=self.attempt + repeat,
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


def openssh_fingerprint(hex_digest: str) -> str:
    """A SHA-256 key hash in libvirt's hex as OpenSSH writes it (``ssh-keygen -l``)."""
    try:
        raw = bytes.fromhex(hex_digest.replace(":", ""))
    except ValueError:
        return hex_digest
    if len(raw) != 32:
        return hex_digest  # another hash (MD5, SHA-1): shown as libvirt gave it
    try:
        return "SHA256:" + base64.b64encode(raw).decode("ascii").rstrip("=")
    except binascii.Error:
        return hex_digest
