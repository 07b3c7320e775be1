"""An ssh channel to a VNC listener on a ``qemu+ssh://`` host, as a connected socket.

:func:`ssh_command` builds the OpenSSH command from the connection URI the way libvirt's
ssh transport does (the URI's user, host, port and ``keyfile``; ``no_verify=1`` skips the
host-key check) plus what a tunnel needs: ``BatchMode`` (never a prompt: ssh has no terminal
here), ``-W`` to the listener (``host:port`` or the listener's unix socket path, as the
host sees them) and no remote command, so no shell runs on the host.

:class:`SshTunnel` starts it with its stdin and stdout on one end of a ``socketpair``; the
other end is the console's socket. Every tunnel still running is ended by :func:`close_all`
(the app calls it when it quits) and, as a last resort, at interpreter exit.
"""

from __future__ import annotations

import atexit
import contextlib
import socket
import subprocess
import threading
from collections.abc import Mapping
from urllib.parse import parse_qsl

from kvmdesk.core.util.uri import LibvirtUri

SSH = "ssh"
CONNECT_TIMEOUT_S = 15
STDERR_KEEP = 4096
TERMINATE_WAIT_S = 0.5

_live: set[SshTunnel] = set()
_live_lock = threading.Lock()


def uri_options(uri: LibvirtUri) -> Mapping[str, str]:
    """The URI's query parameters (``keyfile``, ``no_verify``, ``known_hosts`` …)."""
    return dict(parse_qsl(uri.query, keep_blank_values=True))


def forward_target(host: str = "", port: int | None = None, socket_path: str = "") -> str:
    """The ``-W`` argument: a unix socket path, or ``host:port`` (IPv6 in brackets)."""
    if socket_path:
        return socket_path
    if port is None:
        raise ValueError("a TCP forward needs a port")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def ssh_command(uri: LibvirtUri, target: str) -> list[str]:
    """``ssh`` forwarding its stdio to ``target`` on the URI's host, no shell, no prompt."""
    options = uri_options(uri)
    command = [
        SSH,
        "-T",
        "-e",
        "none",
        "-o",
        "BatchMode=yes",
        "-o",
        f"ConnectTimeout={CONNECT_TIMEOUT_S}",
        "-o",
        "ExitOnForwardFailure=yes",
    ]
    if uri.port is not None:
        command += ["-p", str(uri.port)]
    if uri.user:
        command += ["-l", uri.user]
    if options.get("keyfile"):
        command += ["-i", options["keyfile"], "-o", "IdentitiesOnly=yes"]
    if options.get("known_hosts"):
        command += ["-o", f"UserKnownHostsFile={options['known_hosts']}"]
    if options.get("no_verify", "0") not in ("", "0"):
        # As libvirt's no_verify: no host-key check; and nothing written to known_hosts.
        command += ["-o", "StrictHostKeyChecking=no"]
        if not options.get("known_hosts"):
            command += ["-o", "UserKnownHostsFile=/dev/null"]
    command += ["-W", target, "--", uri.host]
    return command


class SshTunnel:
    """A running ``ssh -W``; :attr:`socket` is the console's end of its stdio."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.process: subprocess.Popen[bytes] = subprocess.Popen(
                command,
                stdin=theirs.fileno(),
                stdout=theirs.fileno(),
                stderr=subprocess.PIPE,
                start_new_session=True,  # not in the terminal's process group (Ctrl+C)
                close_fds=True,
            )
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        self.socket: socket.socket = ours
        self._stderr = bytearray()
        self._reader = threading.Thread(target=self._read_stderr, name="ssh-stderr", daemon=True)
        self._reader.start()
        with _live_lock:
            _live.add(self)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def message(self) -> str:
        """What ssh said on stderr (its last lines), for the console's error message.

        Once ssh has exited, its last words may still be in the pipe: the reader is given
        until the end of the stream to take them (ssh's exit is seen before that).
        """
        if self.process.poll() is not None:
            self._reader.join(TERMINATE_WAIT_S)
        text = bytes(self._stderr).decode(errors="replace")
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.startswith("Warning: Permanently added")
        ]
        return " ".join(lines[-3:])

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in iter(stream.readline, b""):
            self._stderr += line
            del self._stderr[:-STDERR_KEEP]

    def close(self) -> None:
        """End ssh (SIGTERM, then SIGKILL) and wait for it; idempotent, never raises."""
        with _live_lock:
            _live.discard(self)
        with contextlib.suppress(OSError):
            self.socket.close()
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.terminate()
            try:
                self.process.wait(TERMINATE_WAIT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    self.process.kill()
                self.process.wait()
        self._reader.join(TERMINATE_WAIT_S)
        if self.process.stderr is not None:
            with contextlib.suppress(OSError):
                self.process.stderr.close()


def open_tunnel(uri: LibvirtUri, target: str) -> SshTunnel:
    """Start ``ssh -W target`` to the URI's host; the socket is usable at once."""
    return SshTunnel(ssh_command(uri, target))


def live_tunnels() -> list[SshTunnel]:
    with _live_lock:
        return list(_live)


def close_all() -> None:
    """End every tunnel still running (when the app quits)."""
    for tunnel in live_tunnels():
        tunnel.close()


atexit.register(close_all)
