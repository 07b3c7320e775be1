"""Secrets in the desktop keyring (Secret Service over D-Bus, through ``keyring``).

kvmdesk writes no secret to any file of its own. "Remember" stores a password or key
passphrase in whatever keyring the desktop offers; when it offers none (``keyring``'s
fail backend, or a chain with no backend in it), :attr:`Vault.available` is False and
the dialogs say the secret cannot be remembered. Every call may block on D-Bus: call
them off the GUI thread (:class:`RememberingProvider` does). ``keyring`` itself is
imported on first use, in that thread: importing it costs start-up (it loads
``urllib.request`` and probes its backends).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from kvmdesk.core.auth.credentials import (
    CredentialAnswer,
    CredentialProvider,
    CredentialRequest,
)

log = logging.getLogger(__name__)

SERVICE = "kvmdesk"


class Vault:
    """The keyring, or the knowledge that there is none."""

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    def backend(self) -> Any:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def available(self) -> bool:
        import keyring.backends.chainer
        import keyring.backends.fail

        backend = self.backend()
        if isinstance(backend, keyring.backends.fail.Keyring):
            return False
        if isinstance(backend, keyring.backends.chainer.ChainerBackend):
            return bool(backend.backends)
        return True

    def name(self) -> str:
        backend = self.backend()
        return str(getattr(backend, "name", type(backend).__name__))

    def get(self, key: str) -> str | None:
        if not key or not self.available:
            return None
        import keyring.errors

        try:
            value = self.backend().get_password(SERVICE, key)
        except keyring.errors.KeyringError as error:
            log.warning("keyring: cannot read %s (%s)", key, type(error).__name__)
            return None
        return value if isinstance(value, str) else None

    def store(self, key: str, secret: str) -> str:
        """Keep ``secret`` under ``key``; "" when done, else why not (never the secret)."""
        if not self.available:
            return "no desktop keyring is available"
        import keyring.errors

        try:
            self.backend().set_password(SERVICE, key, secret)
        except keyring.errors.KeyringError as error:
            return f"the keyring refused it ({type(error).__name__})"
        return ""

    def forget(self, key: str) -> None:
        if not key or not self.available:
            return
        import keyring.errors

        try:
            self.backend().delete_password(SERVICE, key)
        except keyring.errors.KeyringError:
            pass


class RememberingProvider:
    """A :data:`CredentialProvider` that answers from the keyring before asking.

    A secret with a ``remember_key`` is looked up first (only on the first attempt: a
    second one means the stored secret was refused, and it is forgotten). An answer
    the user asked to remember is stored once given.

    Answers given during this run are also kept in this process's memory (never on
    disk) for the same question: a reconnect after a dropped link, a restarted daemon or
    a new ssh asks the user once, not at every retry.
    """

    def __init__(self, ask: CredentialProvider, vault: Vault) -> None:
        self.ask = ask
        self.vault = vault
        self.answered_from_keyring = 0
        self._from_keyring: set[str] = set()
        self._this_run: dict[str, str] = {}
        self.store_problem = ""

    async def __call__(self, request: CredentialRequest) -> CredentialAnswer | None:
        key = request.remember_key if request.kind.secret else ""
        if key and request.attempt == 1:
            given = self._this_run.get(key)
            if given is not None:
                return CredentialAnswer(given)
            stored = await asyncio.to_thread(self.vault.get, key)
            if stored is not None:
                self.answered_from_keyring += 1
                self._from_keyring.add(key)
                return CredentialAnswer(stored)
        elif key:
            self._this_run.pop(key, None)  # refused: ask the user
            if key in self._from_keyring:
                self._from_keyring.discard(key)
                await asyncio.to_thread(self.vault.forget, key)
        answer = await self.ask(request)
        if answer is not None and key:
            self._this_run[key] = answer.value
        if answer is not None and answer.remember and key:
            self.store_problem = await asyncio.to_thread(self.vault.store, key, answer.value)
            if self.store_problem:
                log.warning("keyring: %s not remembered: %s", key, self.store_problem)
        return answer
