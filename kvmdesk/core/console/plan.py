"""What a console plan says: routes, problems, devices; plain values the UI may import.

:mod:`kvmdesk.core.console.xml` reads them out of domain XML and decides the route;
the UI words each :class:`Problem` and :class:`SerialProblem` in the user's language.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kvmdesk.core.types.errors import KvmdeskError


class Route(enum.StrEnum):
    """The way the console's socket is obtained."""

    GRAPHICS_FD = "graphics-fd"  # virDomainOpenGraphicsFD on a local daemon
    SSH_TUNNEL = "ssh"  # ssh -W to the host's listener
    DIRECT = "direct"  # a TCP connection to the listen address


class Problem(enum.StrEnum):
    """Why a graphical console cannot be reached; the UI words each one."""

    NOT_RUNNING = "not-running"
    NO_GRAPHICS = "no-graphics"  # no <graphics> at all
    SPICE_ONLY = "spice-only"  # {type}: only SPICE, kvmdesk speaks VNC
    LOCAL_DISPLAY = "local-display"  # {type}: sdl/egl-headless/…: shown on the host itself
    TEST_DRIVER = "test-driver"  # the test driver has no real screens
    NO_LISTENER = "no-listener"  # listen type none on a remote host: nothing to tunnel to
    LOOPBACK_REMOTE = "loopback-remote"  # {address}: remote host's loopback, not via ssh
    SOCKET_REMOTE = "socket-remote"  # {socket}: unix socket on a remote host, not via ssh
    NO_PORT = "no-port"  # the VNC port is not known (autoport, not started yet)
    NETWORK_UNRESOLVED = "network-unresolved"  # {network}: listen on a network, no address
    READ_ONLY_NO_LISTENER = "read-only-no-listener"  # read-only: no FD, and nothing else to reach
    BAD_XML = "bad-xml"  # {error}


class ConsoleUnavailable(KvmdeskError):
    """A console cannot be opened; ``problem`` and ``params`` let the UI say why."""

    def __init__(self, problem: Problem, message: str, **params: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.params = params


@dataclass(frozen=True, slots=True)
class GraphicsDevice:
    """One ``<graphics type='vnc'>`` as the running domain reports it."""

    port: int | None = None  # None: autoport not yet assigned, or no TCP listener
    listen_type: str = "address"  # address | network | socket | none
    address: str = ""  # the listen address ("" when none given)
    socket: str = ""  # unix socket path (listen type socket)
    network: str = ""  # listen type network: the network's name
    password: str | None = None  # only with VIR_DOMAIN_XML_SECURE, else None
    has_password: bool = False  # the XML was read without SECURE and may hide one


@dataclass(frozen=True, slots=True)
class GraphicsPlan:
    """How to open the console: the route and where it leads."""

    route: Route
    device: GraphicsDevice
    host: str = ""  # DIRECT: TCP host; SSH_TUNNEL: the address ssh -W connects to
    port: int | None = None
    socket: str = ""  # SSH_TUNNEL to a unix socket on the host
    other_types: tuple[str, ...] = field(default=())  # e.g. ("spice",) also present
    # DIRECT on a local connection that is read-only (libvirt hands it no socket): straight
    # to the VM's own listener, where the VNC server asks for its password itself.
    read_only: bool = False

    @property
    def password(self) -> str | None:
        return self.device.password

    @property
    def target(self) -> str:
        """Where the console connects, for the status line: ``host:port`` or the socket."""
        if self.route is Route.GRAPHICS_FD:
            return ""
        if self.socket:
            return self.socket
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


class SerialProblem(enum.StrEnum):
    """Why there is no interactive serial console; the UI words each one."""

    NO_SERIAL = "no-serial"
    NOT_PTY = "not-pty"  # {type}, {path}: the port writes to a file, a socket, …


class SerialUnavailable(KvmdeskError):
    """No interactive serial console; ``problem`` and ``params`` let the UI say why."""

    def __init__(self, problem: SerialProblem, message: str, **params: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.params = params


@dataclass(frozen=True, slots=True)
class SerialDevice:
    """The console ``virDomainOpenConsole(None)`` opens: the first console or serial port."""

    kind: str  # "console" or "serial"
    alias: str  # e.g. "serial0" (live XML), "" when not running
    target_type: str  # "serial", "virtio", …
