"""A real OpenSSH server for remote-connection tests: ``qemu+ssh://`` to the isolated libvirtd.

:class:`NamespacedSshd` runs Debian's ``/usr/sbin/sshd`` *inside* an
:class:`~tests.helpers.integration.isolated_libvirtd.IsolatedLibvirtd`'s namespaces, so on
the "remote host" the daemon's socket is at its usual path and libvirt's ssh transport
(``virt-ssh-helper``, or ``nc -U`` with ``socket=``) finds it as on any server. The test
process reaches the server over a veth pair on a TEST-NET-3 /30: the host end
(:data:`HOST_ADDRESS`, 203.0.113.1) in the test's network namespace, the other end
(:data:`SERVER_ADDRESS`, 203.0.113.2) inside the daemon's. Nothing leaves that link.

Authentication is by key: :meth:`NamespacedSshd.start` generates a client key for
the test (``id_ed25519`` in the work directory) and authorises it for root. With
``password=…`` root may also log in with that password: the namespace gets its own
``/etc/shadow`` (a copy with root's hash replaced, bind-mounted inside the daemon's mount
namespace only; the machine's own file is untouched). ``extra_ports`` listens on more
ports too (a port ``known_hosts`` has no entry for shows ssh's unknown-host question). The host key is generated once and cached
(``<repo>/.cache/kvmdesk-sshd``, git-ignored), so the host-key line libvirt's own ``ssh``
records (``no_verify=1`` means ``StrictHostKeyChecking=no``, which still *adds* the key to
root's ``~/.ssh/known_hosts``: OpenSSH reads that path from the password database, so a
test cannot redirect it) stays the same across runs instead of piling up mismatches.

Typical use::

    with NamespacedSshd(daemon, tmp_path) as sshd:
        uri = sshd.uri()     # qemu+ssh://root@203.0.113.2/system?keyfile=…&no_verify=1
        libvirt.open(uri)

Extending it (more users, password auth, another port, several servers): the config is
written by :meth:`NamespacedSshd._config`; the addresses and interface names are
constructor arguments, so two servers can sit on two /30s.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.integration.namespaces import HarnessError, proc_state

REPO_ROOT = Path(__file__).resolve().parents[3]
HOST_KEY_CACHE = REPO_ROOT / ".cache" / "kvmdesk-sshd"
HOST_ADDRESS = "203.0.113.1"
SERVER_ADDRESS = "203.0.113.2"
PREFIX = 30
SSHD = "/usr/sbin/sshd"
REQUIRED = (SSHD, "ssh", "ssh-keygen", "ip", "nsenter", "virt-ssh-helper")


class SshdError(HarnessError):
    """The ssh server could not be set up or reached."""


def prerequisites_problem() -> str | None:
    """Why no sshd can run here (missing openssh-server, …), or None."""
    for program in REQUIRED:
        if shutil.which(program) is None and not Path(program).is_file():
            return f"{program} is missing (Debian: openssh-server, openssh-client, libvirt-clients)"
    return None


def _run(cmd: list[str], timeout: float = 30, stdin: str | None = None) -> str:
    result = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, check=False, input=stdin
    )
    if result.returncode != 0:
        raise SshdError(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def cached_host_key() -> Path:
    """The server's ed25519 host key, generated on first use and kept in the cache."""
    key = HOST_KEY_CACHE / "ssh_host_ed25519_key"
    if not key.is_file():
        HOST_KEY_CACHE.mkdir(parents=True, exist_ok=True)
        _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kvmdesk-test", "-f", str(key)])
    key.chmod(0o600)
    return key


class NamespacedSshd:
    """sshd in ``daemon``'s namespaces, reachable at ``server_address`` over a veth pair."""

    def __init__(
        self,
        daemon: IsolatedLibvirtd,
        workdir: Path,
        *,
        host_address: str = HOST_ADDRESS,
        server_address: str = SERVER_ADDRESS,
        prefix: int = PREFIX,
        host_ifname: str = "kvsshh0",
        server_ifname: str = "kvsshs0",
        port: int = 22,
        password: str | None = None,
        extra_ports: tuple[int, ...] = (),
    ) -> None:
        self.daemon = daemon
        self.password = password
        self.extra_ports = extra_ports
        self.workdir = workdir
        self.host_address = host_address
        self.server_address = server_address
        self.prefix = prefix
        self.host_ifname = host_ifname
        self.server_ifname = server_ifname
        self.port = port
        self.client_key = workdir / "id_ed25519"
        self._pids: list[int] = []
        self._veth = False

    # ------------------------------------------------------------------ addresses

    def uri(self, path: str = "/system", *, user: str = "root", extra: str = "") -> str:
        """A ``qemu+ssh://`` URI to the isolated libvirtd through this server."""
        port = "" if self.port == 22 else f":{self.port}"
        query = f"keyfile={self.client_key}&no_verify=1" + (f"&{extra}" if extra else "")
        return f"qemu+ssh://{user}@{self.server_address}{port}{path}?{query}"

    # ------------------------------------------------------------------ lifecycle

    def _config(self, host_key: Path) -> str:
        return "\n".join(
            [
                f"Port {self.port}",
                *(f"Port {port}" for port in self.extra_ports),
                f"ListenAddress {self.server_address}",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {self.workdir / 'authorized_keys'}",
                f"PidFile {self.workdir / 'sshd.pid'}",
                "PermitRootLogin " + ("yes" if self.password else "prohibit-password"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication " + ("yes" if self.password else "no"),
                "MaxAuthTries 10",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "AllowTcpForwarding yes",
                "AllowStreamLocalForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "LogLevel VERBOSE",
                "",
            ]
        )

    def start(self, timeout: float = 20.0) -> None:
        problem = prerequisites_problem()
        if problem is not None:
            raise SshdError(problem)
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not self.client_key.exists():
            _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.client_key)])
        (self.workdir / "authorized_keys").write_text(
            self.client_key.with_suffix(".pub").read_text()
        )
        host_key = self.workdir / "ssh_host_ed25519_key"
        shutil.copyfile(cached_host_key(), host_key)
        host_key.chmod(0o600)
        config = self.workdir / "sshd_config"
        config.write_text(self._config(host_key))

        pid = self.daemon.init_pid
        _run(
            [
                "ip", "link", "add", self.host_ifname, "type", "veth",
                "peer", "name", self.server_ifname, "netns", str(pid),
            ]
        )  # fmt: skip
        self._veth = True
        _run(["ip", "addr", "add", f"{self.host_address}/{self.prefix}", "dev", self.host_ifname])
        _run(["ip", "link", "set", self.host_ifname, "up"])
        inside = f"{self.server_address}/{self.prefix}"
        self.daemon.run(["ip", "addr", "add", inside, "dev", self.server_ifname])
        self.daemon.run(["ip", "link", "set", self.server_ifname, "up"])
        self.daemon.run(["mkdir", "-p", "/run/sshd"])  # privilege separation directory
        if self.password is not None:
            self._set_root_password(self.password)
        self.daemon.run([SSHD, "-t", "-f", str(config)])
        before = set(self.daemon.pids("sshd"))
        self.daemon.run([SSHD, "-f", str(config), "-E", str(self.workdir / "sshd.log")])
        self._wait(timeout)
        self._pids = [p for p in self.daemon.pids("sshd") if p not in before]

    def _set_root_password(self, password: str) -> None:
        """root's password, for this namespace's sshd only (its own /etc/shadow)."""
        digest = _run(["openssl", "passwd", "-6", "-stdin"], stdin=password).strip()
        lines = []
        for line in Path("/etc/shadow").read_text().splitlines():
            fields = line.split(":")
            if fields and fields[0] == "root":
                fields[1] = digest
            lines.append(":".join(fields))
        shadow = self.workdir / "shadow"
        shadow.write_text("\n".join(lines) + "\n")
        shadow.chmod(0o600)
        self.daemon.run(["mount", "--bind", str(shadow), "/etc/shadow"])

    def failed_password_logins(self) -> int:
        """How many password logins the server refused (its log)."""
        return self.log().count("Failed password")

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection((self.server_address, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-2.0-"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SshdError(
                    f"sshd not answering on {self.server_address}:{self.port}\n{self.log()}"
                )
            time.sleep(0.05)

    def log(self) -> str:
        path = self.workdir / "sshd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, timeout: float = 10.0) -> None:
        """End the listening sshd (by PID; its sessions end with it) and remove the veth."""
        for pid in self._pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + timeout
        for pid in self._pids:
            while proc_state(pid) not in (None, "Z") and time.monotonic() < deadline:
                time.sleep(0.02)
        self._pids = []
        if self._veth:
            subprocess.run(
                ["ip", "link", "del", self.host_ifname], capture_output=True, check=False
            )
            self._veth = False

    def session_pids(self) -> list[int]:
        """Every sshd process in the namespace (the listener and one per connection)."""
        return self.daemon.pids("sshd")

    def __enter__(self) -> NamespacedSshd:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
