"""What the integration-test harnesses that run daemons in Linux namespaces share.

:mod:`tests.helpers.integration.isolated_libvirtd` (libvirtd in network, mount and PID namespaces) and
:mod:`tests.helpers.integration.nm_harness` (NetworkManager and a private dbus-daemon in network and
mount namespaces) both start ``setpriv --pdeathsig KILL -- unshare … bash -c INIT_SCRIPT`` and
drive the daemons from outside. :class:`NamespaceHarness` is what they have in common: spawning
the init and collecting its output, finding the init's PID, running commands inside
(``nsenter``), finding processes by name, diagnostics, the context-manager protocol and
:meth:`~NamespaceHarness.stop`.

Stopping follows processes by identity (PID *and* start time), not by scanning the namespace
alone: a killed process leaves its namespaces early in its exit (its ``/proc/<pid>/ns/net``
no longer resolves) and can then still sleep in the kernel for a while, uninterruptibly (state
``D``, e.g. while closing inotify descriptors). A scan of the namespace calls such a process
gone while it still runs. :class:`NamespaceMembers` therefore records every process of the
namespace before anything is killed (and any that show up later), signals only recorded
processes (through a pidfd, so a reused PID is never hit) and waits until every recorded
process has exited (gone, or a zombie).
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Self

DAEMON_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
"""Environment of the init script and the daemons (and of ``run()`` unless told otherwise)."""


class HarnessError(RuntimeError):
    """An isolated daemon could not be started, reached or controlled.

    Each harness raises its own subclass (``isolated_libvirtd.HarnessError``,
    ``nm_harness.HarnessError``).
    """


# -- host checks ------------------------------------------------------------------------------


def search_path() -> str:
    """``$PATH`` plus the system directories (``sbin``) where the daemons live."""
    extra = DAEMON_ENV["PATH"]
    current = os.environ.get("PATH", "")
    return f"{current}:{extra}" if current else extra


def host_problem(*, needs: str, programs: Iterable[str], hint: str) -> str | None:
    """Not root, or some of ``programs`` missing: why (``needs``, ``hint`` explain), else None."""
    if os.geteuid() != 0:
        return f"needs root ({needs})"
    missing = [name for name in programs if shutil.which(name, path=search_path()) is None]
    if missing:
        return f"missing programs: {', '.join(missing)} ({hint})"
    return None


def unshare_problem(flags: Sequence[str]) -> str | None:
    """Why ``unshare FLAGS true`` fails (cannot create the namespaces), or ``None``."""
    probe = subprocess.run(
        ["unshare", *flags, "true"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=DAEMON_ENV,
    )
    if probe.returncode != 0:
        detail = (probe.stderr or probe.stdout).strip()
        return f"unshare cannot create namespaces (exit {probe.returncode}): {detail}"
    return None


# -- processes --------------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    """``/proc/<pid>/stat`` after the command name (field 3, the state, is index 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # "pid (comm) S ..." -- comm may contain spaces and parentheses.
    return stat.rsplit(")", 1)[1].split()


def proc_state(pid: int) -> str | None:
    """Single-letter state of ``pid`` from /proc, or ``None`` if there is no such process."""
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot): with the PID, a process's identity."""
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None


def alive(pid: int) -> bool:
    """``pid`` exists and has not exited (is not a zombie)."""
    state = proc_state(pid)
    return state is not None and state not in ("Z", "X")


def running(pid: int, start: int) -> bool:
    """``pid`` is still the process that started at ``start`` and has not exited yet.

    A process being killed keeps running kernel exit work (closing its files, which can sleep
    uninterruptibly in state ``D``) *after* it has left its namespaces: such a process no
    longer shows up in :func:`pids_in_ns` but is still alive.
    """
    fields = _stat_fields(pid)
    if fields is None or fields[0] in ("Z", "X"):
        return False
    return int(fields[19]) == start


def ns_id(pid: int, kind: str) -> str | None:
    """The namespace of type ``kind`` (``net``, ``pid``, ``mnt``…) ``pid`` is in, or ``None``."""
    try:
        return os.readlink(f"/proc/{pid}/ns/{kind}")
    except OSError:
        return None


def pids_in_ns(kind: str, ns: str | None) -> list[int]:
    """Live processes whose namespace of type ``kind`` is ``ns``."""
    if ns is None:
        return []
    return [
        int(e)
        for e in os.listdir("/proc")
        if e.isdigit() and ns_id(int(e), kind) == ns and alive(int(e))
    ]


class NamespaceMembers:
    """The processes of one namespace, each by PID and start time (its identity).

    Created before anything is killed: a process that is exiting may already be out of the
    namespace while it still runs (see :func:`running`).
    """

    def __init__(self, kind: str, ns: str | None) -> None:
        self.kind = kind
        self.ns = ns
        self.start_times: dict[int, int] = {}
        """PID → start time of every process seen in the namespace so far."""
        self.note()

    def note(self) -> None:
        """Add the live processes now in the namespace."""
        for pid in pids_in_ns(self.kind, self.ns):
            start = start_time(pid)
            if start is not None:
                self.start_times.setdefault(pid, start)

    def kill(self, pid: int) -> bool:
        """SIGKILL ``pid`` if it is a member that has not exited. Whether it was signalled.

        Signals through a pidfd opened before the identity check, so a PID that was reused
        meanwhile is never hit.
        """
        start = self.start_times.get(pid)
        if start is None:
            return False
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            return False
        try:
            if not running(pid, start):
                return False
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except ProcessLookupError:
            return False
        finally:
            os.close(pidfd)
        return True

    def left(self) -> list[int]:
        """Members that have not exited yet, including processes new in the namespace."""
        self.note()
        return sorted(pid for pid, start in self.start_times.items() if running(pid, start))

    def wait_exited(self, timeout: float) -> list[int]:
        """Wait until every member has exited; returns those still running after ``timeout``."""
        deadline = time.monotonic() + timeout
        while (left := self.left()) and time.monotonic() < deadline:
            time.sleep(0.01)
        return left


# -- the harness ------------------------------------------------------------------------------


class NamespaceHarness:
    """Daemons started by an init script in namespaces made by ``unshare``, driven from outside.

    Subclasses set the class attributes, build the command line and wait for their daemons in
    ``start()`` (through :meth:`_launch`), and provide :meth:`read_log`.
    """

    _error: ClassVar[type[HarnessError]] = HarnessError
    """What this harness raises."""
    _member_ns: ClassVar[str] = "net"
    """Namespace type whose processes belong to the harness (and end with :meth:`stop`)."""
    _init_forked: ClassVar[bool] = False
    """``unshare -f``: the init is a child of the spawned process, not that process itself."""
    _nsenter_namespaces: ClassVar[tuple[str, ...]] = ("--mount", "--net")
    _run_env: ClassVar[Mapping[str, str] | None] = DAEMON_ENV
    """``run()``'s default environment (``None``: the test process's)."""
    _run_timeout: ClassVar[float] = 30.0
    _diagnostic_logs: ClassVar[tuple[str, ...]] = ()
    """Logs (names for :meth:`read_log`) whose tails :meth:`diagnostics` shows."""

    def __init__(self, *, output_lines: int = 200) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._init_pid: int | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=output_lines)
        self._reader: threading.Thread | None = None
        self.startup_seconds: float | None = None
        """Seconds from spawning ``unshare`` until the daemons were ready (set by start)."""

    # -- lifecycle ---------------------------------------------------------------------------

    def _check_not_started(self) -> None:
        if self._proc is not None:
            raise self._error("already started")

    def _check_not_ended(self) -> None:
        """Raise (with diagnostics) if the namespace ended while waiting for the daemons."""
        if self._proc is None or self._proc.poll() is not None:
            raise self._error(f"namespace ended during startup\n{self.diagnostics()}")

    def _launch(
        self,
        unshare_flags: Sequence[str],
        script_args: Sequence[str],
        *,
        started: float,
        timeout: float,
        ready: Callable[[float], object],
    ) -> float:
        """Spawn the init, find its PID, then call ``ready(deadline)``.

        The init is ``setpriv --pdeathsig KILL -- unshare UNSHARE_FLAGS bash -c SCRIPT_ARGS``
        (the script, ``$0``, ``$1``…). Returns the seconds since ``started``. Stops everything
        (and re-raises) if any of it fails.
        """
        cmd = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", *unshare_flags, "bash", "-c"]
        deadline = started + timeout
        try:
            self._proc = subprocess.Popen(
                [*cmd, *script_args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=DAEMON_ENV,
            )
            self._reader = threading.Thread(
                target=self._read_output, name=f"{type(self).__name__}-output", daemon=True
            )
            self._reader.start()
            self._init_pid = self._find_init_pid(deadline)
            ready(deadline)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self.startup_seconds

    def stop(self, timeout: float = 30.0) -> None:
        """SIGKILL the daemons and the init (by PID); wait until every process has exited.

        "Exited" means gone or a zombie, for every process seen in the namespace before or
        after the kill (see :class:`NamespaceMembers`). Idempotent. Raises the harness's
        ``HarnessError`` if the namespace or any of its processes survive ``timeout``.
        """
        proc, self._proc = self._proc, None
        try:
            if proc is not None:
                self._end(proc, timeout)
        finally:
            self._release()

    def _release(self) -> None:
        """Clean up after :meth:`stop` (also when stopping failed); nothing by default."""

    def _end(self, proc: subprocess.Popen[str], timeout: float) -> None:
        init_pid, self._init_pid = self._init_pid, None
        ns = ns_id(init_pid, self._member_ns) if init_pid is not None else None
        members = NamespaceMembers(self._member_ns, ns)
        try:
            for pid in self._daemon_pids():
                members.kill(pid)
            # Ending the init ends proc: it is proc itself (setpriv and unshare exec), or its
            # child whose end unshare waits for (-f).
            if not (init_pid is not None and members.kill(init_pid)) and proc.poll() is None:
                proc.kill()
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            proc.kill()
            proc.wait(timeout=5)
            raise self._error(f"namespace did not end within {timeout} s") from exc
        finally:
            if self._reader is not None:
                self._reader.join(timeout=5)
                self._reader = None
            if proc.stdout is not None:
                proc.stdout.close()
        left = members.wait_exited(timeout)
        if left:
            states = ", ".join(f"{pid} ({proc_state(pid)})" for pid in left)
            raise self._error(f"processes of the namespace survived: {states}")

    def _daemon_pids(self) -> list[int]:
        """PIDs to SIGKILL before the init; none by default."""
        return []

    def __enter__(self) -> Self:
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

    def start(self, timeout: float = 30.0) -> float:
        raise NotImplementedError

    # -- addresses ---------------------------------------------------------------------------

    @property
    def init_pid(self) -> int:
        """PID (as seen from outside) of the namespace's init process."""
        if self._init_pid is None:
            raise self._error("not started")
        return self._init_pid

    @property
    def root(self) -> Path:
        """The namespace's file system as seen from outside (``/proc/<init>/root``)."""
        return Path(f"/proc/{self.init_pid}/root")

    # -- control -----------------------------------------------------------------------------

    def run(
        self,
        cmd: Sequence[str],
        *,
        check: bool = True,
        timeout: float | None = None,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``cmd`` inside the namespaces (``nsenter``), capture text.

        ``--root``/``--wd`` adopt the init's root and working directory: entering a mount
        namespace otherwise resets the root to the namespace's real ``/``, which escapes a
        chroot. ``timeout`` defaults to the harness's (30 s, libvirtd 60 s); ``env`` to a plain
        ``PATH`` (libvirtd: the test process's environment).
        """
        full = [
            "nsenter",
            f"--target={self.init_pid}",
            *self._nsenter_namespaces,
            "--root",
            "--wd",
            "--",
            *cmd,
        ]
        if env is None:
            env = self._run_env
        return subprocess.run(
            full,
            input=input,
            capture_output=True,
            text=True,
            timeout=self._run_timeout if timeout is None else timeout,
            check=check,
            env=dict(env) if env is not None else None,
        )

    def pids(self, comm: str) -> list[int]:
        """Outside PIDs of live processes named ``comm`` inside the namespace.

        ``comm`` is the kernel's 15-character process name: ``qemu-system-x86_64`` shows up
        as ``qemu-system-x86``; longer names given here are cut the same way.
        """
        comm = comm[:15]
        found = []
        for pid in pids_in_ns(self._member_ns, ns_id(self.init_pid, self._member_ns)):
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            if name == comm and alive(pid):
                found.append(pid)
        return found

    # -- diagnostics -------------------------------------------------------------------------

    def read_log(self, name: str) -> str:
        raise NotImplementedError

    def diagnostics(self, log_lines: int = 40) -> str:
        """Init script output and the tails of the daemons' logs, for error messages."""
        parts = ["--- namespace init output ---", *self._output]
        for name in self._diagnostic_logs:
            try:
                lines = self.read_log(name).splitlines()[-log_lines:]
            except HarnessError:
                break  # not started (any more): no logs to read
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
        """The init, once it is in namespaces (of type ``_member_ns``) other than ours."""
        proc = self._proc
        assert proc is not None
        ours = ns_id(os.getpid(), self._member_ns)
        while True:
            if proc.poll() is not None:
                raise self._error(
                    f"unshare exited with {proc.returncode} before the namespace was up\n"
                    f"{self.diagnostics()}"
                )
            pid = self._init_candidate(proc)
            if pid is not None and ns_id(pid, self._member_ns) not in (None, ours):
                return pid
            if time.monotonic() >= deadline:
                raise self._error("namespace init process did not appear")
            time.sleep(0.005)

    def _init_candidate(self, proc: subprocess.Popen[str]) -> int | None:
        if not self._init_forked:
            return proc.pid
        try:
            children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else None
