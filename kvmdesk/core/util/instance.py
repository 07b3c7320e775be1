"""One kvmdesk per user and connection list: a second launch hands its connections over.

The running app listens on a unix socket in a private per-user folder
(``$XDG_RUNTIME_DIR/kvmdesk/``, else ``/tmp/kvmdesk-<uid>/``, mode 0700), named after
the connection list file, so a run with another ``--config`` is an instance of its own.
A new launch first tries :func:`hand_over`: one JSON line ``{"connect": [...], "demo":
bool}`` and the answer ``ok``; when nobody answers it starts as usual. This side is
plain Python (no Qt), so a second launch exits before Qt is loaded.

What arrives this way comes from another process, not from the user's own command line:
the receiving app admits its URIs as :attr:`UriChannel.EXTERNAL`, so one that would run a
program is refused there (see ``uri_programs.admit``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import validate_uri

MAX_MESSAGE_BYTES = 64 * 1024
MAX_URIS = 64
ANSWER_TIMEOUT_S = 3.0
OK = b"ok\n"


@dataclass(frozen=True, slots=True)
class Handover:
    """What a second launch asks the running app to open."""

    connect: tuple[str, ...] = ()
    demo: bool = False

    def encode(self) -> bytes:
        return json.dumps({"connect": list(self.connect), "demo": self.demo}).encode() + b"\n"

    @classmethod
    def decode(cls, data: bytes) -> Handover:
        """The message, checked: :class:`BadInput` for anything but the expected shape."""
        if len(data) > MAX_MESSAGE_BYTES:
            raise BadInput("message too long")
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise BadInput(f"not a message: {error}") from None
        if not isinstance(value, dict) or set(value) - {"connect", "demo"}:
            raise BadInput("not a message")
        uris = value.get("connect", [])
        demo = value.get("demo", False)
        if not isinstance(uris, list) or len(uris) > MAX_URIS or not isinstance(demo, bool):
            raise BadInput("not a message")
        for uri in uris:
            if not isinstance(uri, str):
                raise BadInput("not a message")
            validate_uri(uri)
        return cls(tuple(uris), demo)


def socket_path(config_file: Path) -> Path:
    """The instance socket for the connection list ``config_file``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = (
        Path(runtime) / "kvmdesk"
        if runtime
        else Path(tempfile.gettempdir()) / (f"kvmdesk-{os.getuid()}")
    )
    key = hashlib.sha256(str(config_file.expanduser().absolute()).encode()).hexdigest()[:16]
    return base / f"instance-{key}"


def private_folder(path: Path) -> Path:
    """Create the socket's folder (0700) and check it is the user's own and private.

    :class:`OSError` when it is not: someone else's folder (a shared ``/tmp``) must not
    hold the socket another user could answer on.
    """
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or stat.S_IMODE(info.st_mode) & 0o077
    ):
        raise OSError(f"{folder} is not a private folder of this user")
    return folder


def hand_over(path: Path, message: Handover, timeout: float = ANSWER_TIMEOUT_S) -> bool:
    """Give ``message`` to the app listening at ``path``; False when none answers ``ok``."""
    try:
        private_folder(path)
    except OSError:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        try:
            client.connect(str(path))
            client.sendall(message.encode())
            answer = b""
            while not answer.endswith(b"\n") and len(answer) < 256:
                chunk = client.recv(256)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            return False
    return answer == OK


def remove_stale(path: Path) -> None:
    """A socket left by an app that ended without cleaning up (nobody answered on it)."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISSOCK(path.lstat().st_mode):
            path.unlink()
