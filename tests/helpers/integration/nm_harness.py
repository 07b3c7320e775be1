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
mounts, veths and any bridge or bond vanish with the namespaces (the machinery shared with
the libvirtd harness is in ``tests/helpers/integration/namespaces.py``). When the test process dies
without cleaning up, ``setpriv --pdeathsig`` ends the init, and the daemons' own
``--pdeathsig`` ends them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

from tests.helpers.integration.namespaces import HarnessError as BaseHarnessError
from tests.helpers.integration.namespaces import NamespaceHarness, host_problem, unshare_problem

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
_UNSHARE_FLAGS = ("-n", "-m", "--propagation", "private")

_DBUS_CONF = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- written by tests/helpers/integration/nm_harness.py: a private system bus, everything allowed -->
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
# written by tests/helpers/integration/nm_harness.py
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


class HarnessError(BaseHarnessError):
    """The isolated NetworkManager could not be started, reached or controlled."""


def prerequisites_problem() -> str | None:
    """Why an isolated NetworkManager cannot run on this machine, or ``None`` if it can."""
    problem = host_problem(
        needs="unshare of network/mount/PID namespaces, NetworkManager",
        programs=REQUIRED_BINARIES,
        hint="Debian packages network-manager, dbus-daemon: run `bash bootstrap.sh test`",
    )
    if problem is not None:
        return problem
    try:
        import dbus_fast  # noqa: F401
    except ImportError:
        return "Python package dbus-fast is not installed (run `bash bootstrap.sh test`)"
    return unshare_problem(_UNSHARE_FLAGS)


class IsolatedNetworkManager(NamespaceHarness):
    """NetworkManager + dbus-daemon in private network/mount namespaces (see module doc).

    Typical use::

        with IsolatedNetworkManager() as nm:        # start(): namespaces, veths, bus, NM, ready
            client = await NetworkManagerClient.connect(nm.bus_address)
            nm.run(["ip", "-br", "link"])

    ``run(cmd)`` runs ``cmd`` inside the namespaces (``nsenter --mount --net``) with a plain
    ``PATH``; pass ``env={"DBUS_SYSTEM_BUS_ADDRESS": nm.bus_address, ...}`` to run ``nmcli``
    against the isolated daemon. ``pids(comm)``, ``init_pid``, ``root``, ``diagnostics()``
    and the context-manager protocol come from :class:`NamespaceHarness`.
    """

    _error = HarnessError
    _diagnostic_logs = ("NetworkManager.log", "dbus.log")
    _DAEMONS: ClassVar[tuple[str, ...]] = ("dbus-daemon", "NetworkManager")
    """Daemons whose PIDs the init script reports (``<name> pid <N>``)."""

    def __init__(self, *, veth_pairs: int = 4, log_level: str = "INFO") -> None:
        super().__init__(output_lines=200)
        self.port_names: tuple[str, ...] = tuple(f"veth{i}" for i in range(veth_pairs))
        """The veth ends NetworkManager manages (ports for bonds and bridges)."""
        self.peer_names: tuple[str, ...] = tuple(f"vpeer{i}" for i in range(veth_pairs))
        self._log_level = log_level
        self._work: Path | None = None
        self.nm_ready_seconds: float | None = None
        self._restarted: list[int] = []
        """Seconds from the init script starting NetworkManager until it was ready."""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> float:
        """Create the namespaces, veths, bus and NetworkManager; wait until NM is ready.

        Returns the startup time in seconds (also in ``startup_seconds``). Raises
        :class:`HarnessError` (after cleaning up) when anything fails.
        """
        self._check_not_started()
        started = time.monotonic()
        self._work = Path(tempfile.mkdtemp(prefix="kvmdesk-nm-"))
        unmanaged = ";".join(
            ["interface-name:lo", *(f"interface-name:{p}" for p in self.peer_names)]
        )
        (self._work / "dbus.conf").write_text(_DBUS_CONF.format(socket=self.socket_path))
        (self._work / "NetworkManager.conf").write_text(
            _NM_CONF.format(unmanaged=unmanaged, log_level=self._log_level)
        )
        return self._launch(
            _UNSHARE_FLAGS,
            [_INIT_SCRIPT, "kvmdesk-isolated-nm-init", str(self._work), str(len(self.port_names))],
            started=started,
            timeout=timeout,
            ready=self._await_daemons,
        )

    def _await_daemons(self, deadline: float) -> None:
        self._wait_marker(deadline)
        nm_started = time.monotonic()
        self.wait_ready(max(0.0, deadline - time.monotonic()))
        self.nm_ready_seconds = time.monotonic() - nm_started

    def _release(self) -> None:
        """:meth:`stop` also removes the work directory."""
        work, self._work = self._work, None
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    def _daemon_pids(self) -> list[int]:
        """PIDs the init script reported for dbus-daemon and NetworkManager, and those of
        a NetworkManager started again (:meth:`start_networkmanager`)."""
        found = list(self._restarted)
        for line in list(self._output):
            name, _, pid = line.rpartition(" pid ")
            if name in self._DAEMONS and pid.isdigit():
                found.append(int(pid))
        return found

    # -- crash and restart ---------------------------------------------------------------------

    def kill_networkmanager(self, timeout: float = 10.0) -> list[int]:
        """SIGKILL NetworkManager (by PID), as in a crash; wait until it is gone. Its PIDs.

        The bus, the devices and the saved profiles stay; NM's in-memory state (its
        checkpoints among it) is lost.
        """
        pids = self.pids("NetworkManager")
        if not pids:
            raise HarnessError("NetworkManager is not running")
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while any(_alive(pid) for pid in pids):
            if time.monotonic() > deadline:
                raise HarnessError(f"NetworkManager {pids} still there {timeout} s after SIGKILL")
            time.sleep(0.02)
        # The bus releases the dead process's name a moment later; a NetworkManager
        # started before that cannot take the name and exits at once.
        try:
            asyncio.run(asyncio.wait_for(self._until_name_released(), timeout))
        except TimeoutError as exc:
            raise HarnessError(
                f"the bus still names a NetworkManager {timeout} s after SIGKILL"
            ) from exc
        return pids

    async def _until_name_released(self) -> None:
        from dbus_fast import BusType, Message
        from dbus_fast.aio import MessageBus

        bus = await MessageBus(bus_address=self.bus_address, bus_type=BusType.SYSTEM).connect()
        try:
            while True:
                reply = await bus.call(
                    Message(
                        destination="org.freedesktop.DBus",
                        path="/org/freedesktop/DBus",
                        interface="org.freedesktop.DBus",
                        member="NameHasOwner",
                        signature="s",
                        body=[NM_BUS_NAME],
                    )
                )
                if reply.body and reply.body[0] is False:
                    return
                await asyncio.sleep(0.02)
        finally:
            bus.disconnect()

    def start_networkmanager(self, timeout: float = 30.0) -> float:
        """Start NetworkManager again in the same namespaces; wait until it is ready.

        It runs in the background of a shell that exits at once, so it is a process of the
        namespace like the first one and :meth:`stop` ends it the same way. Its log is
        ``NetworkManager-restarted.log``.
        """
        if self.pids("NetworkManager"):
            raise HarnessError("NetworkManager is already running")
        log = self.work_dir / "NetworkManager-restarted.log"
        command = (
            "rm -f /run/NetworkManager/NetworkManager.pid; "
            f"DBUS_SYSTEM_BUS_ADDRESS='{self.bus_address}' NetworkManager --debug "
            "--config=/etc/NetworkManager/NetworkManager.conf "
            "--config-dir=/etc/NetworkManager/conf.d "
            "--system-config-dir=/run/kvmdesk-isolated-nm/empty "
            f"> '{log}' 2>&1 < /dev/null &"
        )
        self.run(["sh", "-c", command])
        # Ended by PID in stop(), with the daemons the init script started.
        self._restarted.extend(self.pids("NetworkManager"))
        return self.wait_ready(timeout)

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
            self._check_not_ended()
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
            self._check_not_ended()
            if time.monotonic() >= deadline:
                raise HarnessError(f"init script did not start the daemons\n{self.diagnostics()}")
            time.sleep(0.005)

    # -- control -----------------------------------------------------------------------------

    def link_names(self) -> set[str]:
        """Names of the network devices that exist in the namespace (``ip -o link``)."""
        out = self.run(["ip", "-o", "link", "show"]).stdout
        return {line.split(":", 2)[1].strip().split("@", 1)[0] for line in out.splitlines()}

    # -- diagnostics -------------------------------------------------------------------------

    def read_log(self, name: str = "NetworkManager.log") -> str:
        """``NetworkManager.log`` or ``dbus.log`` from the work directory."""
        return (self.work_dir / name).read_text(errors="replace")


def _alive(pid: int) -> bool:
    """``pid`` exists and is not a zombie (a killed NM's parent, ``sleep``, never reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
