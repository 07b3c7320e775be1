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
it. ``stop()`` records every process of the PID namespace (PID and start time) before the
kill and waits until each has exited (see ``tests/helpers/integration/namespaces.py``, shared with the
NetworkManager harness). ``setpriv --pdeathsig`` plus ``unshare --kill-child`` end the
namespace as well when the test process itself dies without cleaning up.

Only the mount points (``/var/lib/libvirt`` & co.) are created on the host when missing; the
packages normally create them anyway.
"""

from __future__ import annotations

import os
import pwd
import signal
import socket
import time
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

import libvirt

from tests.helpers.integration.namespaces import (
    DAEMON_ENV,
    NamespaceHarness,
    host_problem,
    proc_state,
    unshare_problem,
)
from tests.helpers.integration.namespaces import HarnessError as BaseHarnessError

TEST_NETWORK_NAME = "kvmdesk-test-nat"
TEST_NETWORK_BRIDGE = "kvmdt0"
TEST_NETWORK_ADDRESS = "198.51.100.1"
TEST_NETWORK_NETMASK = "255.255.255.0"
TEST_NETWORK_DHCP = ("198.51.100.100", "198.51.100.199")

DOMAIN_TYPE_ENV = "KVMDESK_TEST_DOMAIN_TYPE"
DEFAULT_DOMAIN_TYPE = "kvm"

REQUIRED_BINARIES = ("unshare", "nsenter", "setpriv", "mount", "ip", "virtlogd", "libvirtd")
QEMU_USER = "libvirt-qemu"

_UNSHARE_FLAGS = ("-n", "-m", "-p", "-f", "--mount-proc", "--propagation", "private")
_SOCKET_INSIDE = "/run/libvirt/libvirt-sock"
_READY_MARKER = "KVMDESK-ISOLATED-LIBVIRTD-READY"

_LIBVIRTD_CONF = """\
# written by tests/helpers/integration/isolated_libvirtd.py
auth_unix_ro = "none"
auth_unix_rw = "none"
unix_sock_rw_perms = "0700"
log_outputs = "{level}:file:/var/log/libvirt/libvirtd.log"
log_filters = "{filters}"
"""

_QEMU_CONF = """\
# written by tests/helpers/integration/isolated_libvirtd.py
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


class HarnessError(BaseHarnessError):
    """The isolated daemon could not be started, reached or controlled."""


def guest_domain_type() -> str:
    """Guest ``<domain type>`` for tests: ``$KVMDESK_TEST_DOMAIN_TYPE`` or ``kvm``."""
    return os.environ.get(DOMAIN_TYPE_ENV, "").strip() or DEFAULT_DOMAIN_TYPE


def prerequisites_problem() -> str | None:
    """Why an isolated daemon cannot be started on this machine, or ``None`` if it can.

    Checks root, the needed binaries, the QEMU user, and that ``unshare`` really can create
    the namespaces (a cheap probe).
    """
    problem = host_problem(
        needs="unshare of network/mount/PID namespaces, libvirtd",
        programs=REQUIRED_BINARIES,
        hint="run `bash bootstrap.sh test`",
    )
    if problem is not None:
        return problem
    try:
        pwd.getpwnam(QEMU_USER)
    except KeyError:
        return f"user {QEMU_USER!r} does not exist (run `bash bootstrap.sh test`)"
    return unshare_problem(_UNSHARE_FLAGS)


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


class IsolatedLibvirtd(NamespaceHarness):
    """libvirtd + virtlogd in private network/mount/PID namespaces (see module docstring).

    Typical use::

        with IsolatedLibvirtd() as daemon:      # start() + wait_ready()
            conn = libvirt.open(daemon.uri)
            ...

    ``run(cmd)`` runs ``cmd`` inside the namespaces (``nsenter --mount --net --pid``, the test
    process's environment, 60 s timeout); ``pids(comm)``, ``init_pid``, ``root``, ``stop()``,
    ``diagnostics()`` and the context-manager protocol come from :class:`NamespaceHarness`.
    """

    _error = HarnessError
    _member_ns = "pid"
    _init_forked = True
    _nsenter_namespaces = ("--mount", "--net", "--pid")
    _run_env = None
    _run_timeout = 60.0
    _diagnostic_logs = ("libvirtd.log",)

    def __init__(self, *, debug_log: bool = False, qemu_user: str = QEMU_USER) -> None:
        """Prepare (not start) a daemon.

        ``debug_log`` logs the qemu, network and conf modules at debug level into the
        namespace's ``/var/log/libvirt/libvirtd.log`` (see :meth:`read_log`).
        """
        super().__init__(output_lines=400)
        self._libvirtd_conf = _LIBVIRTD_CONF.format(
            level=1 if debug_log else 3,
            filters="1:qemu 1:network 1:conf 3:*" if debug_log else "3:*",
        )
        self._qemu_conf = _QEMU_CONF.format(user=qemu_user)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 60.0) -> float:
        """Create the namespaces, start the daemons and wait until libvirtd answers.

        Returns the startup time in seconds (also in ``startup_seconds``). Raises
        :class:`HarnessError` (after cleaning up) when anything fails.
        """
        self._check_not_started()
        return self._launch(
            [*_UNSHARE_FLAGS, "--kill-child=SIGKILL"],
            [_INIT_SCRIPT, "kvmdesk-isolated-init", self._libvirtd_conf, self._qemu_conf],
            started=time.monotonic(),
            timeout=timeout,
            ready=lambda deadline: self.wait_ready(max(0.0, deadline - time.monotonic())),
        )

    # -- addresses -----------------------------------------------------------------------------

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
            self._check_not_ended()
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
        while proc_state(pid) is not None:  # the namespace's init reaps it within ~1 s
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
        result = self.run(["libvirtd", "-d"], check=False, timeout=timeout, env=DAEMON_ENV)
        if result.returncode != 0:
            raise HarnessError(
                f"libvirtd -d failed (exit {result.returncode}): {result.stdout}{result.stderr}"
            )
        pid = self.libvirtd_pid()
        if pid is not None and os.readlink(f"/proc/{pid}/root") != os.readlink(self.root):
            raise HarnessError(f"restarted libvirtd {pid} does not share the namespace's root")
        self.wait_ready(max(0.0, started + timeout - time.monotonic()))
        return time.monotonic() - started

    # -- diagnostics --------------------------------------------------------------------------

    def read_log(self, name: str = "libvirtd.log") -> str:
        """A log file from the namespace's ``/var/log/libvirt`` (e.g. ``qemu/<guest>.log``)."""
        return (self.root / "var/log/libvirt" / name).read_text(errors="replace")
