"""What a connection asks its user for, and the protocol that answers it.

Core never shows a dialog: whoever opens connections hands it a
:data:`CredentialProvider`, an ``async`` callable run on the asyncio loop that answers
one :class:`CredentialRequest` with a :class:`CredentialAnswer` (or ``None`` when the
user cancels). libvirt's credential callbacks (``openAuth``) and the ssh askpass helper
both end in that one callable; the GUI implements it with a dialog, tests and the CLI
with whatever they like.

While a request waits for the user, :data:`USER_WAITS` says so: a connect timeout does
not count the time someone spends typing a password.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum


class CredentialKind(Enum):
    """What is asked for."""

    USERNAME = "username"  # libvirt's VIR_CRED_USERNAME / VIR_CRED_AUTHNAME
    PASSWORD = "password"  # VIR_CRED_PASSPHRASE; an ssh login password
    KEY_PASSPHRASE = "key-passphrase"  # the passphrase of an ssh private key
    ECHO_PROMPT = "echo"  # VIR_CRED_ECHOPROMPT, VIR_CRED_LANGUAGE, VIR_CRED_CNONCE
    SECRET_PROMPT = "secret"  # VIR_CRED_NOECHOPROMPT; ssh keyboard-interactive prompts
    REALM = "realm"  # VIR_CRED_REALM (SASL)
    HOST_KEY = "host-key"  # an unknown ssh host key: accept it or not
    CONFIRM = "confirm"  # any other yes/no question ssh asks

    @property
    def secret(self) -> bool:
        """Whether the answer is a secret (typed without echo, never logged)."""
        return self in (
            CredentialKind.PASSWORD,
            CredentialKind.KEY_PASSPHRASE,
            CredentialKind.SECRET_PROMPT,
        )


@dataclass(frozen=True, slots=True)
class CredentialRequest:
    """One question; ``prompt`` is the asker's own text (libvirt's or ssh's), shown plain.

    ``connection`` names where it comes from (``user@host`` or a redacted URI).
    ``attempt`` is 2 or more when the previous answer to the same question was refused.
    ``remember_key`` names the secret in the keyring ("" when it cannot be remembered).
    For :attr:`CredentialKind.HOST_KEY`: ``host``, ``key_type`` and ``fingerprint``.
    """

    kind: CredentialKind
    connection: str
    prompt: str
    default: str = ""
    attempt: int = 1
    remember_key: str = ""
    host: str = ""
    key_type: str = ""
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class CredentialAnswer:
    """The user's answer; ``remember`` asks to keep a secret in the desktop keyring."""

    value: str = field(repr=False)  # never in a repr, a log line or a traceback
    remember: bool = False

    def __repr__(self) -> str:
        return f"CredentialAnswer(value=<{len(self.value)} characters>, remember={self.remember})"


CredentialProvider = Callable[[CredentialRequest], Awaitable["CredentialAnswer | None"]]


class UserWaits:
    """How long requests have been waiting for the user (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._since = 0.0
        self._total = 0.0

    @contextmanager
    def waiting(self) -> Iterator[None]:
        with self._lock:
            if self._active == 0:
                self._since = time.monotonic()
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0:
                    self._total += time.monotonic() - self._since

    def total(self) -> float:
        """Seconds spent with at least one request open, the current one included."""
        with self._lock:
            current = time.monotonic() - self._since if self._active else 0.0
            return self._total + current

    @property
    def active(self) -> bool:
        with self._lock:
            return self._active > 0


USER_WAITS = UserWaits()
