"""The running kvmdesk's end of the askpass helper: a private unix socket and its answers.

:class:`AskpassServer` makes a folder only the user can enter (0700, in
``$XDG_RUNTIME_DIR``), binds a 0600 socket in it and draws a random token. Every ssh
kvmdesk's processes start gets the environment that points its askpass at
:mod:`kvmdesk.core.auth.askpass` with that socket and token
(:mod:`~kvmdesk.core.auth.ssh_environment`). A request is answered only when the
peer runs as the same user (``SO_PEERCRED``) *and* knows the token; its prompt becomes a
:class:`~kvmdesk.core.auth.credentials.CredentialRequest` for the
:data:`~kvmdesk.core.auth.credentials.CredentialProvider` the app set (a dialog).

Bounded asking: ssh asks again after a refused password (``attempt`` counts up, so the
dialog can say the last one was refused); once the user cancels, every further prompt
of that same ssh process is answered "no" at once, so a cancel never pops up the dialog
again and again. When the ssh process goes while its question is open (the connection
was cancelled), the question is withdrawn.

The socket is bound when the object is made (before any loop runs, so an ssh started
during start-up already finds it); :meth:`start` serves it on the asyncio loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import secrets
import shutil
import socket
import struct
import tempfile
from pathlib import Path

from kvmdesk.core.auth.credentials import (
    USER_WAITS,
    CredentialAnswer,
    CredentialKind,
    CredentialProvider,
    CredentialRequest,
)
from kvmdesk.core.auth.ssh_prompts import classify, parent_of, ssh_target

log = logging.getLogger(__name__)

MAX_REQUEST = 64 * 1024
READ_TIMEOUT = 10.0


def private_directory(prefix: str = "kvmdesk-askpass-") -> Path:
    """A new folder only this user can enter, in ``$XDG_RUNTIME_DIR`` when there is one."""
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if not base or not os.path.isdir(base) or not os.access(base, os.W_OK):
        base = tempfile.gettempdir()
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=base))  # mkdtemp makes it 0700
    path.chmod(0o700)
    return path


class AskpassServer:
    """Answers the askpass helper for this process's ssh programs."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or private_directory()
        self.socket_path = self.directory / "socket"
        self.token = secrets.token_urlsafe(32)
        self.provider: CredentialProvider | None = None
        # Every request answered or refused, in order (prompts only, never answers).
        self.requests: list[CredentialRequest] = []
        self.refused_peers = 0
        self._attempts: dict[tuple[int, str], int] = {}
        self._declined: set[int] = set()
        self._server: asyncio.AbstractServer | None = None
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)
        try:
            self._socket.bind(str(self.socket_path))
        finally:
            os.umask(old_umask)
        self.socket_path.chmod(0o600)
        self._socket.listen(16)

    async def start(self) -> None:
        """Serve on the running loop (requests made meanwhile wait in the backlog)."""
        if self._server is None:
            self._server = await asyncio.start_unix_server(
                self._handle, sock=self._socket, limit=MAX_REQUEST
            )

    async def close(self) -> None:
        """Stop answering and remove the folder."""
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        else:
            self._socket.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    # ------------------------------------------------------------- private

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            reply = await self._answer(reader, writer)
            if reply is not None:
                writer.write(json.dumps({"answer": reply}).encode("utf-8") + b"\n")
            else:
                writer.write(b'{"cancel": true}\n')
            await writer.drain()
        except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as error:
            log.info("askpass: request dropped (%s)", type(error).__name__)
        except Exception as error:  # a failing provider must not leave ssh waiting
            # The type only: an exception's text could quote what was typed.
            log.error("askpass: no answer given (%s)", type(error).__name__)
            with contextlib.suppress(Exception):
                writer.write(b'{"cancel": true}\n')
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _peer(self, writer: asyncio.StreamWriter) -> tuple[int, int]:
        sock = writer.get_extra_info("socket")
        size = struct.calcsize("3i")
        pid, uid, _gid = struct.unpack(
            "3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, size)
        )
        return pid, uid

    async def _answer(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> str | None:
        pid, uid = self._peer(writer)
        line = await asyncio.wait_for(reader.readline(), READ_TIMEOUT)
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            message = None
        token = message.get("token") if isinstance(message, dict) else None
        if (
            uid != os.getuid()
            or not isinstance(token, str)
            or not hmac.compare_digest(token.encode(), self.token.encode())
        ):
            self.refused_peers += 1
            log.warning("askpass: refused a request from PID %d (not kvmdesk's ssh)", pid)
            return None
        assert isinstance(message, dict)
        prompt = message.get("prompt")
        prompt = prompt if isinstance(prompt, str) else ""
        ssh_pid = parent_of(pid)
        self._forget_gone()
        target = ssh_target(ssh_pid)
        if ssh_pid in self._declined:
            request = classify(prompt, target)
            return (
                "no" if request.kind in (CredentialKind.HOST_KEY, CredentialKind.CONFIRM) else None
            )
        attempt = self._attempts.get((ssh_pid, prompt), 0) + 1
        self._attempts[(ssh_pid, prompt)] = attempt
        request = classify(prompt, target, attempt)
        self.requests.append(request)
        answer = await self._ask(request, reader)
        yes_no = request.kind in (CredentialKind.HOST_KEY, CredentialKind.CONFIRM)
        if answer is None:
            self._declined.add(ssh_pid)
            return "no" if yes_no else None
        if yes_no:
            return "yes"
        return answer.value

    async def _ask(
        self, request: CredentialRequest, reader: asyncio.StreamReader
    ) -> CredentialAnswer | None:
        provider = self.provider
        if provider is None:
            log.warning("askpass: %s asked, but nothing can answer yet", request.connection)
            return None
        with USER_WAITS.waiting():
            asking = asyncio.ensure_future(provider(request))
            # The helper closes its end when ssh (and so it) is ended: withdraw the question.
            hung_up = asyncio.ensure_future(reader.read(1))
            done, _ = await asyncio.wait({asking, hung_up}, return_when=asyncio.FIRST_COMPLETED)
            if asking not in done:
                asking.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asking
                return None
            hung_up.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await hung_up
            return asking.result()

    def _forget_gone(self) -> None:
        alive = {pid for pid in self._declined if parent_of(pid)}
        self._declined &= alive
        self._attempts = {k: v for k, v in self._attempts.items() if parent_of(k[0])}
