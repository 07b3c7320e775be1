"""A throw-away libvirtd in its own network, mount and PID namespaces, for integration tests.

``IsolatedLibvirtd`` starts::

    setpriv --pdeathsig KILL -- unshare -n -m -p -f --mount-proc --propagation private \\
        --kill-child=SIGKILL bash -c INIT_SCRIPT

The init script (PID 1 of the new PID namespace) puts tmpfs over ``/run``,
``/var/lib/libvirt``, ``/var/cache/libvirt``, ``/var/log/libvirt`` and ``/etc/libvirt`` (so
the host's persistent ``default`` network, its autostart links, storage pools, secrets and
hooks do not exist in there, and nothing the daemon writes reaches the real disk), writes a
minimal ``libvirtd.conf``/``qemu.conf``, mounts a fresh sysfs (so the daemon sees only the
namespace's own network devices and no cgroup hierarchy), exposes ``/dev/kvm`` as
``root:kvm 0660`` (like udev does on a normal host; the host node is left alone), brings
``lo`` up and starts ``virtlogd`` and ``libvirtd``. It then idles as a reaper.

A test process *outside* the namespaces talks to the daemon through the init process's view
of the file system: ``qemu:///system?socket=/proc/<init-pid>/root/run/libvirt/libvirt-sock``
(a UNIX socket is reachable by path from any network namespace; ``/proc/<pid>/root`` resolves
the path inside the namespace's mounts).

Ending the namespace's init (``stop()``) makes the kernel kill everything in the PID namespace
(libvirtd, virtlogd, dnsmasq, QEMU); the tmpfs mounts and the network namespace vanish with
it. ``setpriv --pdeathsig`` plus ``unshare --kill-child`` make that happen as well when the test
process itself dies without cleaning up.

Only the mount points (``/var/lib/libvirt`` & co.) are created on the host when missing; the
packages normally create them anyway.
"""

from __future__ import annotations

import collections
import os
import pwd
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

import libvirt

TEST_NETWORK_NAME = "kvmdesk-test-nat"
TEST_NETWORK_BRIDGE = "kvmdt0"
TEST_NETWORK_ADDRESS = "198.51.100.1"
TEST_NETWORK_NETMASK = "255.255.255.0"
TEST_NETWORK_DHCP = ("198.51.100.100", "198.51.100.199")

DOMAIN_TYPE_ENV = "KVMDESK_TEST_DOMAIN_TYPE"
DEFAULT_DOMAIN_TYPE = "kvm"

REQUIRED_BINARIES = ("unshare", "nsenter", "setpriv", "mount", "ip", "virtlogd", "libvirtd")
QEMU_USER = "libvirt-qemu"

_SOCKET_INSIDE = "/run/libvirt/libvirt-sock"
_READY_MARKER = "KVMDESK-ISOLATED-LIBVIRTD-READY"
_DAEMON_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}

_LIBVIRTD_CONF = """\
# written by tests/integration/isolated_libvirtd.py
auth_unix_ro = "none"
auth_unix_rw = "none"
unix_sock_rw_perms = "0700"
log_outputs = "{level}:file:/var/log/libvirt/libvirtd.log"
log_filters = "{filters}"
"""

_QEMU_CONF = """\
# written by tests/integration/isolated_libvirtd.py
user = "{user}"
group = "{user}"
"""

# $1 = libvirtd.conf text, $2 = qemu.conf text. Runs as PID 1 of the new PID namespace.
_INIT_SCRIPT = r"""
set -eu
stage=/run/kvmdesk-isolated
mount -t tmpfs -o mode=0755,nosuid kvmdesk-run /run  # no nodev: holds the kvm node
mkdir -p /run/lock /run/libvirt "$stage"

# Fresh sysfs: shows this network namespace's devices only, and no cgroup mounts (libvirt
# then runs QEMU without cgroups instead of creating groups in the host hierarchy).
umount --recursive --lazy /sys
mount -t sysfs -o nosuid,nodev,noexec kvmdesk-sys /sys

for d in /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
    [ -d "$d" ] || mkdir -p "$d"
    mount -t tmpfs -o mode=0755 kvmdesk-state "$d"
done

# /etc/libvirt: keep only client config and the nwfilter definitions; no qemu/ (networks,
# autostart links, domains), no storage/, secrets/, hooks/ of the host.
mkdir -p "$stage/etc"
for f in libvirt.conf libvirt-admin.conf nwfilter; do
    if [ -e "/etc/libvirt/$f" ]; then cp -a "/etc/libvirt/$f" "$stage/etc/"; fi
done
[ -d /etc/libvirt ] || mkdir -p /etc/libvirt
mount -t tmpfs -o mode=0755 kvmdesk-etc /etc/libvirt
cp -a "$stage/etc/." /etc/libvirt/
mkdir -p /etc/libvirt/qemu/networks/autostart
printf '%s' "$1" > /etc/libvirt/libvirtd.conf
printf '%s' "$2" > /etc/libvirt/qemu.conf
: > /etc/libvirt/virtlogd.conf

# The host's /dev/kvm may be root-only (no udev); give QEMU's user the usual root:kvm 0660
# through a private node bind-mounted over it. The host's node is not modified.
if [ -c /dev/kvm ] && getent group kvm > /dev/null; then
    mknod -m 0660 "$stage/kvm" c $((0x$(stat -c %t /dev/kvm))) $((0x$(stat -c %T /dev/kvm)))
    chgrp kvm "$stage/kvm"
    mount --bind "$stage/kvm" /dev/kvm
fi

# A private devpts instance: guests' serial/console PTYs do not show up in the host's /dev/pts.
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 kvmdesk-pts /dev/pts
mount --bind /dev/pts/ptmx /dev/ptmx

ip link set lo up
virtlogd -d
libvirtd -d
echo "__READY__"
# PID 1 of the namespace: reap orphans (daemonized libvirtd, QEMU, dnsmasq) until killed.
while :; do sleep 1; done
""".replace("__READY__", _READY_MARKER)


class GuestXmlFactory(Protocol):
    """Signature of the ``guest_xml`` fixture's value."""

    def __call__(
        self,
        name: str = ...,
        *,
        domain_type: str | None = ...,
        memory_mib: int = ...,
        mac: str | None = ...,
    ) -> str: ...


class HarnessError(RuntimeError):
    """The isolated daemon could not be started, reached or controlled."""


def guest_domain_type() -> str:
    """Guest ``<domain type>`` for tests: ``$KVMDESK_TEST_DOMAIN_TYPE`` or ``kvm``."""
    return os.environ.get(DOMAIN_TYPE_ENV, "").strip() or DEFAULT_DOMAIN_TYPE


def prerequisites_problem() -> str | None:
    """Why an isolated daemon cannot be started on this machine, or ``None`` if it can.

    Checks root, the needed binaries, the QEMU user, and that ``unshare`` really can create
    the namespaces (a cheap probe).
    """
    if os.geteuid() != 0:
        return "needs root (unshare of network/mount/PID namespaces, libvirtd)"
    missing = [name for name in REQUIRED_BINARIES if shutil.which(name, path=_path()) is None]
    if missing:
        return f"missing programs: {', '.join(missing)} (run `bash bootstrap.sh test`)"
    try:
        pwd.getpwnam(QEMU_USER)
    except KeyError:
        return f"user {QEMU_USER!r} does not exist (run `bash bootstrap.sh test`)"
    probe = subprocess.run(
        ["unshare", "-n", "-m", "-p", "-f", "--mount-proc", "--propagation", "private", "true"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=_DAEMON_ENV,
    )
    if probe.returncode != 0:
        detail = (probe.stderr or probe.stdout).strip()
        return f"unshare cannot create namespaces (exit {probe.returncode}): {detail}"
    return None


def nat_network_xml(
    name: str = TEST_NETWORK_NAME,
    *,
    bridge: str = TEST_NETWORK_BRIDGE,
    address: str = TEST_NETWORK_ADDRESS,
    netmask: str = TEST_NETWORK_NETMASK,
    dhcp_range: tuple[str, str] = TEST_NETWORK_DHCP,
) -> str:
    """XML of a NAT network on a TEST-NET range (198.51.100.0/24 by default)."""
    return (
        "<network>\n"
        f"  <name>{escape(name)}</name>\n"
        "  <forward mode='nat'/>\n"
        f"  <bridge name={quoteattr(bridge)} stp='off' delay='0'/>\n"
        f"  <ip address={quoteattr(address)} netmask={quoteattr(netmask)}>\n"
        "    <dhcp>\n"
        f"      <range start={quoteattr(dhcp_range[0])} end={quoteattr(dhcp_range[1])}/>\n"
        "    </dhcp>\n"
        "  </ip>\n"
        "</network>\n"
    )


def diskless_guest_xml(
    name: str = "kvmdesk-test-guest",
    *,
    network: str = TEST_NETWORK_NAME,
    domain_type: str | None = None,
    memory_mib: int = 128,
    vcpus: int = 1,
    mac: str | None = None,
) -> str:
    """XML of a small guest without disks that starts and sits in SeaBIOS ("no bootable device").

    One virtio NIC on ``network`` with its option ROM disabled (no iPXE, no PXE traffic), a
    serial console, no graphics, no balloon. ``domain_type`` defaults to :func:`guest_domain_type`.
    """
    dtype = domain_type or guest_domain_type()
    mac_xml = f"      <mac address={quoteattr(mac)}/>\n" if mac else ""
    return (
        f"<domain type={quoteattr(dtype)}>\n"
        f"  <name>{escape(name)}</name>\n"
        f"  <memory unit='MiB'>{memory_mib}</memory>\n"
        f"  <currentMemory unit='MiB'>{memory_mib}</currentMemory>\n"
        f"  <vcpu>{vcpus}</vcpu>\n"
        "  <os>\n"
        "    <type arch='x86_64' machine='pc'>hvm</type>\n"
        "    <boot dev='hd'/>\n"
        "  </os>\n"
        "  <features><acpi/></features>\n"
        "  <on_poweroff>destroy</on_poweroff>\n"
        "  <on_reboot>restart</on_reboot>\n"
        "  <on_crash>destroy</on_crash>\n"
        "  <devices>\n"
        "    <interface type='network'>\n"
        f"{mac_xml}"
        f"      <source network={quoteattr(network)}/>\n"
        "      <model type='virtio'/>\n"
        "      <rom enabled='no'/>\n"
        "    </interface>\n"
        "    <serial type='pty'/>\n"
        "    <console type='pty'/>\n"
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n"
    )


def _path() -> str:
    extra = _DAEMON_ENV["PATH"]
    current = os.environ.get("PATH", "")
    return f"{current}:{extra}" if current else extra


def _proc_state(pid: int) -> str | None:
    """Single-letter state of ``pid`` from /proc, or ``None`` if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # "pid (comm) S ..." -- comm may contain spaces and parentheses.
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    state = _proc_state(pid)
    return state is not None and state not in ("Z", "X")


class IsolatedLibvirtd:
    """libvirtd + virtlogd in private network/mount/PID namespaces (see module docstring).

    Typical use::

        with IsolatedLibvirtd() as daemon:      # start() + wait_ready()
            conn = libvirt.open(daemon.uri)
            ...
    """

    def __init__(self, *, debug_log: bool = False, qemu_user: str = QEMU_USER) -> None:
        """Prepare (not start) a daemon.

        ``debug_log`` logs the qemu, network and conf modules at debug level into the
        namespace's ``/var/log/libvirt/libvirtd.log`` (see :meth:`read_log`).
        """
        self._libvirtd_conf = _LIBVIRTD_CONF.format(
            level=1 if debug_log else 3,
            filters="1:qemu 1:network 1:conf 3:*" if debug_log else "3:*",
        )
        self._qemu_conf = _QEMU_CONF.format(user=qemu_user)
        self._proc: subprocess.Popen[str] | None = None
        self._init_pid: int | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=400)
        self._reader: threading.Thread | None = None
        self.startup_seconds: float | None = None
        """Seconds from spawning ``unshare`` until the daemon answered (set by ``start``)."""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 60.0) -> float:
        """Create the namespaces, start the daemons and wait until libvirtd answers.

        Returns the startup time in seconds. Raises :class:`HarnessError` (after cleaning up)
        when anything fails.
        """
        if self._proc is not None:
            raise HarnessError("already started")
        started = time.monotonic()
        cmd = [
            "setpriv",
            "--pdeathsig",
            "KILL",
            "--",
            "unshare",
            "-n",
            "-m",
            "-p",
            "-f",
            "--mount-proc",
            "--propagation",
            "private",
            "--kill-child=SIGKILL",
            "bash",
            "-c",
            _INIT_SCRIPT,
            "kvmdesk-isolated-init",
            self._libvirtd_conf,
            self._qemu_conf,
        ]
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_DAEMON_ENV,
        )
        self._reader = threading.Thread(
            target=self._read_output, name="isolated-libvirtd-output", daemon=True
        )
        self._reader.start()
        try:
            self._init_pid = self._find_init_pid(started + timeout)
            self.wait_ready(max(0.0, started + timeout - time.monotonic()))
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self.startup_seconds

    def stop(self, timeout: float = 30.0) -> None:
        """End the namespace: SIGKILL its init, which takes down every process inside it.

        Idempotent. Raises :class:`HarnessError` if processes of the namespace survive.
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        init_pid, self._init_pid = self._init_pid, None
        ns = self._pid_ns(init_pid) if init_pid is not None else None
        try:
            if init_pid is not None and _alive(init_pid):
                os.kill(init_pid, signal.SIGKILL)
            elif proc.poll() is None:
                proc.kill()  # unshare --kill-child forwards SIGKILL to the init
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            proc.kill()
            proc.wait(timeout=5)
            raise HarnessError(f"namespace did not end within {timeout} s") from exc
        finally:
            if self._reader is not None:
                self._reader.join(timeout=5)
                self._reader = None
            if proc.stdout is not None:
                proc.stdout.close()
        if ns is not None:
            deadline = time.monotonic() + timeout
            while (left := self._pids_in_ns(ns)) and time.monotonic() < deadline:
                time.sleep(0.05)
            if left:
                raise HarnessError(f"processes of the namespace survived: {left}")

    def __enter__(self) -> IsolatedLibvirtd:
        if self._proc is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------

    @property
    def init_pid(self) -> int:
        """PID (as seen from outside) of the namespace's init process."""
        if self._init_pid is None:
            raise HarnessError("not started")
        return self._init_pid

    @property
    def root(self) -> Path:
        """The namespace's file system as seen from outside (``/proc/<init>/root``)."""
        return Path(f"/proc/{self.init_pid}/root")

    @property
    def socket_path(self) -> str:
        """libvirtd's read-write socket, as a path usable from outside the namespace."""
        return f"/proc/{self.init_pid}/root{_SOCKET_INSIDE}"

    @property
    def uri(self) -> str:
        """``qemu:///system`` URI reaching the isolated daemon from outside the namespace."""
        return f"qemu:///system?socket={self.socket_path}"

    # -- readiness ----------------------------------------------------------------------------

    def wait_ready(self, timeout: float = 30.0) -> float:
        """Wait until libvirtd accepts a connection with a working QEMU driver.

        Returns the seconds waited. Raises :class:`HarnessError` (with the daemon's output and
        log tail) on timeout or when the namespace died.
        """
        started = time.monotonic()
        deadline = started + timeout
        last_error = "socket not there yet"
        while True:
            if self._proc is None or self._proc.poll() is not None:
                raise HarnessError(f"namespace ended during startup\n{self.diagnostics()}")
            if self._socket_accepts():
                try:
                    conn = libvirt.open(self.uri)
                    try:
                        driver = conn.getType()
                        if driver != "QEMU":
                            raise HarnessError(f"unexpected driver {driver!r} at {self.uri}")
                        conn.getLibVersion()
                    finally:
                        conn.close()
                    return time.monotonic() - started
                except libvirt.libvirtError as exc:
                    last_error = str(exc)
            if time.monotonic() >= deadline:
                raise HarnessError(
                    f"libvirtd not ready after {timeout:.1f} s ({last_error})\n{self.diagnostics()}"
                )
            time.sleep(0.05)

    def _socket_accepts(self) -> bool:
        """A raw connect() (no libvirt error noise on stderr while the daemon starts)."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(2)
            sock.connect(self.socket_path)
        except OSError:
            return False
        finally:
            sock.close()
        return True

    def open(self) -> Any:
        """A new ``libvirt.virConnect`` to the isolated daemon (caller closes it)."""
        return libvirt.open(self.uri)

    # -- daemon control -----------------------------------------------------------------------

    def pids(self, comm: str) -> list[int]:
        """Outside PIDs of live processes named ``comm`` inside the namespace.

        ``comm`` is the kernel's 15-character process name: ``qemu-system-x86_64`` shows up
        as ``qemu-system-x86``; longer names given here are cut the same way.
        """
        comm = comm[:15]
        ns = self._pid_ns(self.init_pid)
        found = []
        for pid in self._pids_in_ns(ns):
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            if name == comm and _alive(pid):
                found.append(pid)
        return found

    def libvirtd_pid(self) -> int | None:
        """Outside PID of the running libvirtd, or ``None``."""
        pids = self.pids("libvirtd")
        if len(pids) > 1:
            raise HarnessError(f"several libvirtd processes: {pids}")
        return pids[0] if pids else None

    def kill_libvirtd(self, timeout: float = 10.0) -> int:
        """SIGKILL libvirtd (by PID) and wait until it is gone. Returns the killed PID.

        Guests, dnsmasq and virtlogd keep running, as after a daemon crash.
        """
        pid = self.libvirtd_pid()
        if pid is None:
            raise HarnessError("libvirtd is not running")
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while _proc_state(pid) is not None:  # the namespace's init reaps it within ~1 s
            if time.monotonic() >= deadline:
                raise HarnessError(f"libvirtd {pid} still there {timeout} s after SIGKILL")
            time.sleep(0.02)
        return pid

    def start_libvirtd(self, timeout: float = 30.0) -> float:
        """Start libvirtd again inside the same namespaces and wait until it answers.

        Returns the seconds until ready.
        """
        if self.libvirtd_pid() is not None:
            raise HarnessError("libvirtd is already running")
        started = time.monotonic()
        result = self.run(["libvirtd", "-d"], check=False, timeout=timeout, env=_DAEMON_ENV)
        if result.returncode != 0:
            raise HarnessError(
                f"libvirtd -d failed (exit {result.returncode}): {result.stdout}{result.stderr}"
            )
        pid = self.libvirtd_pid()
        if pid is not None and os.readlink(f"/proc/{pid}/root") != os.readlink(self.root):
            raise HarnessError(f"restarted libvirtd {pid} does not share the namespace's root")
        self.wait_ready(max(0.0, started + timeout - time.monotonic()))
        return time.monotonic() - started

    def run(
        self,
        cmd: Sequence[str],
        *,
        check: bool = True,
        timeout: float = 60.0,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``cmd`` inside the namespaces (``nsenter --mount --net --pid``), capture text.

        ``--root``/``--wd`` adopt the init's root and working directory: entering a mount
        namespace otherwise resets the root to the namespace's real ``/``, which escapes a
        chroot (libvirtd would then use the host's /etc/libvirt and /run).
        """
        full = [
            "nsenter",
            f"--target={self.init_pid}",
            "--mount",
            "--net",
            "--pid",
            "--root",
            "--wd",
            "--",
            *cmd,
        ]
        return subprocess.run(
            full,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            env=dict(env) if env is not None else None,
        )

    # -- diagnostics --------------------------------------------------------------------------

    def read_log(self, name: str = "libvirtd.log") -> str:
        """A log file from the namespace's ``/var/log/libvirt`` (e.g. ``qemu/<guest>.log``)."""
        return (self.root / "var/log/libvirt" / name).read_text(errors="replace")

    def diagnostics(self, log_lines: int = 40) -> str:
        """Init script output and the tail of libvirtd.log, for error messages."""
        parts = ["--- namespace init output ---", *self._output]
        if self._init_pid is not None:
            try:
                lines = self.read_log().splitlines()[-log_lines:]
            except OSError as exc:
                lines = [f"(no libvirtd.log: {exc})"]
            parts += ["--- libvirtd.log (tail) ---", *lines]
        return "\n".join(parts)

    # -- internals ----------------------------------------------------------------------------

    def _read_output(self) -> None:
        proc = self._proc
        if proc is None or proc.stdout is None:
            return
        for line in proc.stdout:
            self._output.append(line.rstrip("\n"))

    def _find_init_pid(self, deadline: float) -> int:
        proc = self._proc
        assert proc is not None
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        while True:
            if proc.poll() is not None:
                raise HarnessError(
                    f"unshare exited with {proc.returncode} before the namespace was up\n"
                    f"{self.diagnostics()}"
                )
            try:
                pids = children.read_text().split()
            except OSError:
                pids = []
            if pids:
                pid = int(pids[0])
                if self._pid_ns(pid) != self._pid_ns(os.getpid()):
                    return pid
            if time.monotonic() >= deadline:
                raise HarnessError("namespace init process did not appear")
            time.sleep(0.01)

    @staticmethod
    def _pid_ns(pid: int) -> str | None:
        try:
            return os.readlink(f"/proc/{pid}/ns/pid")
        except OSError:
            return None

    @classmethod
    def _pids_in_ns(cls, ns: str | None) -> list[int]:
        if ns is None:
            return []
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit() and cls._pid_ns(int(entry)) == ns:
                found.append(int(entry))
        return found
