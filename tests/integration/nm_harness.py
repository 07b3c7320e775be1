"""A throw-away NetworkManager in its own network, mount and PID namespaces, for integration tests.

``IsolatedNetworkManager`` starts::

    setpriv --pdeathsig KILL -- unshare -n -m --propagation private bash -c INIT_SCRIPT

No PID namespace, on purpose: NetworkManager authorizes every D-Bus request by the caller's
PID and UID (``GetConnectionCredentials``), and a test process outside a PID namespace has
no PID inside it ("Unable to determine UID of the request").

The init script:

- puts tmpfs over ``/run``, ``/etc/NetworkManager`` and ``/var/lib/NetworkManager`` (the
  host's profiles and state are invisible in there; profiles NM saves "to disk" land in the
  tmpfs and vanish with the namespace);
- replaces ``/sys`` by a **read-only** tmpfs with the subtrees of a fresh sysfs (mounted inside
  the new network namespace, so ``/sys/class/net`` lists only the namespace's devices)
  bind-mounted into it. NetworkManager uses udev only when ``/sys`` is writable and its network
  namespace is PID 1's; a read-only ``/sys`` makes sure it reads devices from netlink alone
  (without udev running it would otherwise wait for devices to be "initialized");
- creates veth pairs ``veth0``/``vpeer0`` … (the ``vethN`` ends are the ports tests use, the
  peers stay up and unmanaged so the ports have carrier);
- starts a private ``dbus-daemon`` (our own config: no service activation, no host policies)
  listening on ``<tmpdir>/bus.sock`` and NetworkManager with a minimal config (keyfile only,
  no auto-default profiles, no polkit, no DNS/hostname handling, no connectivity checks,
  ``lo`` and the peers unmanaged), each under ``setpriv --pdeathsig KILL``, then becomes
  ``sleep infinity`` (same PID, so the daemons' parent lives on).

``<tmpdir>`` is created by the test process on the host file system, so the bus socket is
reachable from outside the namespaces by its path (UNIX sockets are not per network namespace):
tests connect with :attr:`IsolatedNetworkManager.bus_address`. Readiness is detected over that
bus: NetworkManager owns its name, ``Startup`` is false and every port is a managed device.

:meth:`IsolatedNetworkManager.stop` SIGKILLs NetworkManager, dbus-daemon and the init by PID
and waits until every process that was in the network namespace has exited (followed by PID
and start time: a killed process leaves its namespaces early in its exit and can then still
sleep in the kernel for a while, e.g. NetworkManager closing its inotify descriptors); the
mounts, veths and any bridge or bond vanish with the namespaces. When the test process dies
without cleaning up, ``setpriv --pdeathsig`` ends the init, and the daemons' own
``--pdeathsig`` ends them.
"""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

REQUIRED_BINARIES = (
    "unshare",
    "nsenter",
    "setpriv",
    "mount",
    "ip",
    "dbus-daemon",
    "NetworkManager",
)

NM_BUS_NAME = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
NM_INTERFACE = "org.freedesktop.NetworkManager"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
DEVICE_INTERFACE = "org.freedesktop.NetworkManager.Device"

# NMDeviceState: 10 unmanaged, 20 unavailable, 30 disconnected, 100 activated.
DEVICE_STATE_UNMANAGED = 10
DEVICE_STATE_DISCONNECTED = 30

_READY_MARKER = "KVMDESK-ISOLATED-NM-READY"
_DAEMON_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}

_DBUS_CONF = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- written by tests/integration/nm_harness.py: a private system bus, everything allowed -->
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

_NM_CONF = """\
# written by tests/integration/nm_harness.py
[main]
plugins=keyfile
no-auto-default=*
auth-polkit=false
dns=none
rc-manager=unmanaged
hostname-mode=none

[connectivity]
enabled=false

[keyfile]
unmanaged-devices={unmanaged}

[logging]
level={log_level}
"""

# $1 = work dir (host path, visible inside), $2 = number of veth pairs.
_INIT_SCRIPT = r"""
set -eu
work="$1"
pairs="$2"
stage=/run/kvmdesk-isolated-nm
mount -t tmpfs -o mode=0755,nosuid,nodev kvmdesk-nm-run /run
mkdir -p /run/dbus /run/NetworkManager "$stage/sys"

# /sys: read-only tmpfs + writable subtrees of a sysfs that belongs to this network namespace.
mount -t sysfs -o nosuid,nodev,noexec kvmdesk-nm-sys "$stage/sys"
umount --recursive --lazy /sys
mount -t tmpfs -o mode=0755,nosuid,nodev,noexec kvmdesk-nm-systop /sys
for d in class devices bus module kernel firmware; do
    if [ -d "$stage/sys/$d" ]; then
        mkdir -p "/sys/$d"
        mount --bind "$stage/sys/$d" "/sys/$d"
    fi
done
mount -o remount,bind,ro /sys

for d in /etc/NetworkManager /var/lib/NetworkManager; do
    [ -d "$d" ] || mkdir -p "$d"
done
mount -t tmpfs -o mode=0755 kvmdesk-nm-etc /etc/NetworkManager
mount -t tmpfs -o mode=0700 kvmdesk-nm-state /var/lib/NetworkManager
mkdir -p /etc/NetworkManager/system-connections /etc/NetworkManager/conf.d "$stage/empty"
cp "$work/NetworkManager.conf" /etc/NetworkManager/NetworkManager.conf

ip link set lo up
i=0
while [ "$i" -lt "$pairs" ]; do
    ip link add "veth$i" type veth peer name "vpeer$i"
    ip link set "vpeer$i" up
    i=$((i + 1))
done

setpriv --pdeathsig KILL -- dbus-daemon --config-file="$work/dbus.conf" --nofork \
    --nopidfile --nosyslog > "$work/dbus.log" 2>&1 &
echo "dbus-daemon pid $!"
n=0
while [ ! -S "$work/bus.sock" ]; do
    n=$((n + 1))
    if [ "$n" -gt 1000 ]; then echo "dbus-daemon socket did not appear"; exit 1; fi
    sleep 0.01
done
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/bus.sock" setpriv --pdeathsig KILL -- NetworkManager --debug \
    --config=/etc/NetworkManager/NetworkManager.conf \
    --config-dir=/etc/NetworkManager/conf.d --system-config-dir="$stage/empty" \
    > "$work/NetworkManager.log" 2>&1 &
echo "NetworkManager pid $!"
echo "__READY__"
exec sleep infinity
""".replace("__READY__", _READY_MARKER)


class HarnessError(RuntimeError):
    """The isolated NetworkManager could not be started, reached or controlled."""


def _path() -> str:
    extra = _DAEMON_ENV["PATH"]
    current = os.environ.get("PATH", "")
    return f"{current}:{extra}" if current else extra


def prerequisites_problem() -> str | None:
    """Why an isolated NetworkManager cannot run on this machine, or ``None`` if it can."""
    if os.geteuid() != 0:
        return "needs root (unshare of network/mount/PID namespaces, NetworkManager)"
    missing = [name for name in REQUIRED_BINARIES if shutil.which(name, path=_path()) is None]
    if missing:
        return (
            f"missing programs: {', '.join(missing)} "
            "(Debian packages network-manager, dbus-daemon: run `bash bootstrap.sh test`)"
        )
    try:
        import dbus_fast  # noqa: F401
    except ImportError:
        return "Python package dbus-fast is not installed (run `bash bootstrap.sh test`)"
    probe = subprocess.run(
        ["unshare", "-n", "-m", "--propagation", "private", "true"],
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


def _stat_fields(pid: int) -> list[str] | None:
    """``/proc/<pid>/stat`` after the command name (field 3, the state, is index 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat.rsplit(")", 1)[1].split()


def _proc_state(pid: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def _start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot): with the PID, a process's identity."""
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None


def _running(pid: int, start_time: int) -> bool:
    """``pid`` is still the process that started at ``start_time`` and has not exited yet.

    A process being killed keeps running kernel exit work (closing its files, which can sleep
    uninterruptibly in state ``D``) *after* it has left its namespaces: such a process no
    longer shows up in :func:`_pids_in_ns` but is still alive.
    """
    fields = _stat_fields(pid)
    if fields is None or fields[0] in ("Z", "X"):
        return False
    return int(fields[19]) == start_time


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    state = _proc_state(pid)
    return state is not None and state not in ("Z", "X")


def _net_ns(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/net")
    except OSError:
        return None


def _pids_in_ns(ns: str | None) -> list[int]:
    """Live processes whose network namespace is ``ns``."""
    if ns is None:
        return []
    return [
        int(e)
        for e in os.listdir("/proc")
        if e.isdigit() and _net_ns(int(e)) == ns and _alive(int(e))
    ]


class IsolatedNetworkManager:
    """NetworkManager + dbus-daemon in private network/mount/PID namespaces (see module doc).

    Typical use::

        with IsolatedNetworkManager() as nm:        # start(): namespaces, veths, bus, NM, ready
            client = await NetworkManagerClient.connect(nm.bus_address)
            nm.run(["ip", "-br", "link"])
    """

    def __init__(self, *, veth_pairs: int = 4, log_level: str = "INFO") -> None:
        self.port_names: tuple[str, ...] = tuple(f"veth{i}" for i in range(veth_pairs))
        """The veth ends NetworkManager manages (ports for bonds and bridges)."""
        self.peer_names: tuple[str, ...] = tuple(f"vpeer{i}" for i in range(veth_pairs))
        self._log_level = log_level
        self._work: Path | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._init_pid: int | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=200)
        self._reader: threading.Thread | None = None
        self.startup_seconds: float | None = None
        """Seconds from spawning ``unshare`` until NetworkManager was ready (set by start)."""
        self.nm_ready_seconds: float | None = None
        """Seconds from the init script starting NetworkManager until it was ready."""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> float:
        """Create the namespaces, veths, bus and NetworkManager; wait until NM is ready.

        Returns the startup time in seconds. Raises :class:`HarnessError` (after cleaning up)
        when anything fails.
        """
        if self._proc is not None:
            raise HarnessError("already started")
        started = time.monotonic()
        self._work = Path(tempfile.mkdtemp(prefix="kvmdesk-nm-"))
        unmanaged = ";".join(
            ["interface-name:lo", *(f"interface-name:{p}" for p in self.peer_names)]
        )
        (self._work / "dbus.conf").write_text(_DBUS_CONF.format(socket=self.socket_path))
        (self._work / "NetworkManager.conf").write_text(
            _NM_CONF.format(unmanaged=unmanaged, log_level=self._log_level)
        )
        cmd = [
            "setpriv",
            "--pdeathsig",
            "KILL",
            "--",
            "unshare",
            "-n",
            "-m",
            "--propagation",
            "private",
            "bash",
            "-c",
            _INIT_SCRIPT,
            "kvmdesk-isolated-nm-init",
            str(self._work),
            str(len(self.port_names)),
        ]
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_DAEMON_ENV,
        )
        self._reader = threading.Thread(target=self._read_output, name="isolated-nm", daemon=True)
        self._reader.start()
        try:
            self._init_pid = self._find_init_pid(started + timeout)
            self._wait_marker(started + timeout)
            nm_started = time.monotonic()
            self.wait_ready(max(0.0, started + timeout - time.monotonic()))
            self.nm_ready_seconds = time.monotonic() - nm_started
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self.startup_seconds

    def stop(self, timeout: float = 30.0) -> None:
        """SIGKILL NetworkManager, dbus-daemon and the init (by PID); wait until all are gone.

        "Gone" means exited (reaped or a zombie), for every process seen in the namespace
        before or after the kill. Removes the work directory. Idempotent. Raises
        :class:`HarnessError` if processes of the namespace survive ``timeout``.
        """
        proc, self._proc = self._proc, None
        work, self._work = self._work, None
        try:
            if proc is not None:
                self._end(proc, timeout)
        finally:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)

    def _end(self, proc: subprocess.Popen[str], timeout: float) -> None:
        init_pid, self._init_pid = self._init_pid, None
        ns = _net_ns(init_pid) if init_pid is not None else None
        # Every process of the namespace, by identity, before anything is killed: an exiting
        # process leaves the namespace before it is gone (see _running).
        members: dict[int, int] = {}
        self._note_members(ns, members)
        try:
            for pid in self._daemon_pids():
                # Only if still ours: a child of the init inside the namespace.
                if _alive(pid) and _net_ns(pid) == ns and _parent(pid) == init_pid:
                    os.kill(pid, signal.SIGKILL)
            if proc.poll() is None:
                proc.kill()  # the init is proc itself (setpriv and unshare exec)
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
            while True:
                self._note_members(ns, members)  # also processes that appeared meanwhile
                left = sorted(pid for pid, start in members.items() if _running(pid, start))
                if not left or time.monotonic() >= deadline:
                    break
                time.sleep(0.01)
            if left:
                states = ", ".join(f"{pid} ({_proc_state(pid)})" for pid in left)
                raise HarnessError(f"processes of the namespace survived: {states}")

    @staticmethod
    def _note_members(ns: str | None, members: dict[int, int]) -> None:
        """Add the live processes of namespace ``ns`` to ``members`` (PID → start time)."""
        for pid in _pids_in_ns(ns):
            start = _start_time(pid)
            if start is not None:
                members.setdefault(pid, start)

    def __enter__(self) -> IsolatedNetworkManager:
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

    # -- addresses ---------------------------------------------------------------------------

    @property
    def work_dir(self) -> Path:
        """Host directory with the bus socket, configs and logs (removed by stop)."""
        if self._work is None:
            raise HarnessError("not started")
        return self._work

    @property
    def socket_path(self) -> str:
        """The private bus's UNIX socket; the same path inside and outside the namespaces."""
        return str(self.work_dir / "bus.sock")

    @property
    def bus_address(self) -> str:
        """D-Bus address of the private system bus, usable from outside the namespaces."""
        return f"unix:path={self.socket_path}"

    @property
    def init_pid(self) -> int:
        """PID of the namespace's init process (``sleep infinity`` once started)."""
        if self._init_pid is None:
            raise HarnessError("not started")
        return self._init_pid

    @property
    def root(self) -> Path:
        """The namespace's file system as seen from outside (``/proc/<init>/root``)."""
        return Path(f"/proc/{self.init_pid}/root")

    def keyfiles(self) -> dict[str, str]:
        """Profiles NetworkManager saved to disk (inside the namespace): file name → text."""
        directory = self.root / "etc/NetworkManager/system-connections"
        return {p.name: p.read_text() for p in sorted(directory.iterdir())}

    # -- readiness ---------------------------------------------------------------------------

    def wait_ready(self, timeout: float = 30.0) -> float:
        """Wait until NM owns its bus name, has finished starting up and manages every port.

        Returns the seconds waited; raises :class:`HarnessError` with diagnostics on timeout.
        """
        started = time.monotonic()
        try:
            asyncio.run(asyncio.wait_for(self._poll_ready(), timeout))
        except TimeoutError as exc:
            raise HarnessError(
                f"NetworkManager not ready after {timeout:.1f} s ({self._last_wait})\n"
                f"{self.diagnostics()}"
            ) from exc
        return time.monotonic() - started

    _last_wait = "bus socket not there yet"

    async def _poll_ready(self) -> None:
        from dbus_fast import BusType, Message, MessageType
        from dbus_fast.aio import MessageBus

        while True:
            if self._proc is None or self._proc.poll() is not None:
                raise HarnessError(f"namespace ended during startup\n{self.diagnostics()}")
            if os.path.exists(self.socket_path):
                try:
                    bus = await MessageBus(
                        bus_address=self.bus_address, bus_type=BusType.SYSTEM
                    ).connect()
                except OSError as exc:
                    self._last_wait = f"cannot connect to the bus: {exc}"
                else:
                    try:
                        if await self._nm_ready(bus, Message, MessageType):
                            return
                    finally:
                        bus.disconnect()
            await asyncio.sleep(0.02)

    async def _nm_ready(self, bus: Any, message: Any, message_type: Any) -> bool:
        async def call(
            path: str, interface: str, member: str, signature: str, body: list[Any]
        ) -> Any:
            reply = await bus.call(
                message(
                    destination=NM_BUS_NAME,
                    path=path,
                    interface=interface,
                    member=member,
                    signature=signature,
                    body=body,
                )
            )
            if reply.message_type == message_type.ERROR:
                return reply
            return reply.body

        startup = await call(NM_PATH, PROPERTIES_INTERFACE, "Get", "ss", [NM_INTERFACE, "Startup"])
        if not isinstance(startup, list):
            self._last_wait = f"NetworkManager not on the bus yet ({startup.error_name})"
            return False
        if startup[0].value:
            self._last_wait = "NetworkManager is still starting up"
            return False
        for port in self.port_names:
            found = await call(NM_PATH, NM_INTERFACE, "GetDeviceByIpIface", "s", [port])
            if not isinstance(found, list):
                self._last_wait = f"no device {port} yet"
                return False
            state = await call(
                found[0], PROPERTIES_INTERFACE, "Get", "ss", [DEVICE_INTERFACE, "State"]
            )
            if not isinstance(state, list) or state[0].value < DEVICE_STATE_DISCONNECTED:
                self._last_wait = f"device {port} not managed and available yet"
                return False
        return True

    def _wait_marker(self, deadline: float) -> None:
        while _READY_MARKER not in self._output:
            if self._proc is None or self._proc.poll() is not None:
                raise HarnessError(f"namespace ended during startup\n{self.diagnostics()}")
            if time.monotonic() >= deadline:
                raise HarnessError(f"init script did not start the daemons\n{self.diagnostics()}")
            time.sleep(0.005)

    # -- control -----------------------------------------------------------------------------

    def run(
        self,
        cmd: Sequence[str],
        *,
        check: bool = True,
        timeout: float = 30.0,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``cmd`` inside the namespaces (``nsenter --mount --net``), capture text.

        ``env`` defaults to a plain ``PATH``; pass ``{"DBUS_SYSTEM_BUS_ADDRESS":
        nm.bus_address, ...}`` to run ``nmcli`` against the isolated daemon.
        """
        full = [
            "nsenter",
            f"--target={self.init_pid}",
            "--mount",
            "--net",
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
            env=dict(env) if env is not None else dict(_DAEMON_ENV),
        )

    def link_names(self) -> set[str]:
        """Names of the network devices that exist in the namespace (``ip -o link``)."""
        out = self.run(["ip", "-o", "link", "show"]).stdout
        return {line.split(":", 2)[1].strip().split("@", 1)[0] for line in out.splitlines()}

    def pids(self, comm: str) -> list[int]:
        """PIDs of live processes named ``comm`` (15-char kernel name) in the namespace."""
        comm = comm[:15]
        found = []
        for pid in _pids_in_ns(_net_ns(self.init_pid)):
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            if name == comm and _alive(pid):
                found.append(pid)
        return found

    # -- diagnostics -------------------------------------------------------------------------

    def read_log(self, name: str = "NetworkManager.log") -> str:
        """``NetworkManager.log`` or ``dbus.log`` from the work directory."""
        return (self.work_dir / name).read_text(errors="replace")

    def diagnostics(self, log_lines: int = 40) -> str:
        """Init script output and the tails of the NM and dbus logs, for error messages."""
        parts = ["--- namespace init output ---", *self._output]
        if self._work is not None:
            for name in ("NetworkManager.log", "dbus.log"):
                try:
                    lines = self.read_log(name).splitlines()[-log_lines:]
                except OSError as exc:
                    lines = [f"({exc})"]
                parts += [f"--- {name} (tail) ---", *lines]
        return "\n".join(parts)

    # -- internals ---------------------------------------------------------------------------

    def _read_output(self) -> None:
        proc = self._proc
        if proc is None or proc.stdout is None:
            return
        for line in proc.stdout:
            self._output.append(line.rstrip("\n"))

    def _find_init_pid(self, deadline: float) -> int:
        """The init is ``proc`` itself once ``unshare`` has moved it into the new namespaces."""
        proc = self._proc
        assert proc is not None
        while True:
            if proc.poll() is not None:
                raise HarnessError(
                    f"unshare exited with {proc.returncode} before the namespace was up\n"
                    f"{self.diagnostics()}"
                )
            if _net_ns(proc.pid) not in (None, _net_ns(os.getpid())):
                return proc.pid
            if time.monotonic() >= deadline:
                raise HarnessError("namespace init process did not appear")
            time.sleep(0.005)

    def _daemon_pids(self) -> list[int]:
        """PIDs the init script reported for dbus-daemon and NetworkManager."""
        found = []
        for line in list(self._output):
            name, _, pid = line.rpartition(" pid ")
            if name in ("dbus-daemon", "NetworkManager") and pid.isdigit():
                found.append(int(pid))
        return found
