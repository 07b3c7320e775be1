"""The environment that makes every ssh kvmdesk starts ask through kvmdesk.

OpenSSH asks through ``SSH_ASKPASS`` without a terminal only when
``SSH_ASKPASS_REQUIRE=force`` is in *its* environment. libvirt's ssh transport gives
ssh a filtered environment (``PATH``, ``HOME``, ``SSH_ASKPASS``, ``DISPLAY`` … but not
``SSH_ASKPASS_REQUIRE`` nor our socket and token, libvirt 9.0), so kvmdesk puts a
two-line ``ssh`` in front of the real one on its own ``PATH``: it sets the askpass
variables and runs the real ``ssh`` with the arguments unchanged. ssh programs kvmdesk
starts itself get the same variables from the process environment.

Both scripts live in the askpass server's private folder (0700; the ``ssh`` script holds
the token, so it is 0700 too) and go away with it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import MutableMapping
from pathlib import Path

import kvmdesk
from kvmdesk.core.auth.askpass import SOCKET_VARIABLE, TOKEN_VARIABLE
from kvmdesk.core.auth.askpass_server import AskpassServer

ASKPASS_VARIABLES = ("SSH_ASKPASS", "SSH_ASKPASS_REQUIRE", SOCKET_VARIABLE, TOKEN_VARIABLE)


def askpass_command() -> list[str]:
    """How to run the helper with this very Python and this very kvmdesk (venv or AppImage)."""
    root = str(Path(kvmdesk.__file__).resolve().parents[1])
    code = (
        f"import sys; sys.path.insert(0, {root!r}); "
        "from kvmdesk.core.auth.askpass import main; sys.exit(main())"
    )
    # -E -s: no PYTHON* variable and no user site of whatever environment ssh has.
    return [sys.executable, "-E", "-s", "-c", code]


class SshEnvironment:
    """Installs and removes the askpass environment for one :class:`AskpassServer`."""

    def __init__(self, server: AskpassServer) -> None:
        self.server = server
        self.askpass = server.directory / "askpass"
        self.bin = server.directory / "bin"
        self._saved: dict[str, str | None] = {}
        self._environ: MutableMapping[str, str] | None = None

    def variables(self) -> dict[str, str]:
        return {
            "SSH_ASKPASS": str(self.askpass),
            "SSH_ASKPASS_REQUIRE": "force",
            SOCKET_VARIABLE: str(self.server.socket_path),
            TOKEN_VARIABLE: self.server.token,
        }

    def install(self, environ: MutableMapping[str, str] | None = None) -> None:
        """Write the scripts and set the variables (and ``PATH``) in ``environ``."""
        environ = os.environ if environ is None else environ
        self._environ = environ
        command = " ".join(shlex.quote(word) for word in askpass_command())
        _write_script(self.askpass, f'exec {command} "$@"\n')
        real_ssh = shutil.which("ssh", path=environ.get("PATH", os.defpath))
        keys = [*ASKPASS_VARIABLES, "PATH"]
        self._saved = {key: environ.get(key) for key in keys}
        if real_ssh is not None:
            self.bin.mkdir(mode=0o700, exist_ok=True)
            exports = "".join(
                f"export {name}={shlex.quote(value)}\n" for name, value in self.variables().items()
            )
            _write_script(self.bin / "ssh", f'{exports}exec {shlex.quote(real_ssh)} "$@"\n')
            environ["PATH"] = f"{self.bin}{os.pathsep}{environ.get('PATH', os.defpath)}"
        environ.update(self.variables())

    def uninstall(self) -> None:
        """Put the variables back as they were."""
        environ = self._environ
        if environ is None:
            return
        for key, value in self._saved.items():
            if key == "PATH" and value is not None:
                parts = environ.get("PATH", "").split(os.pathsep)
                environ["PATH"] = os.pathsep.join(p for p in parts if p != str(self.bin))
            elif value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        self._environ = None


def _write_script(path: Path, body: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o700)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("#!/bin/sh\n" + body)
    path.chmod(0o700)
