"""``session.consoles``: open a VM's graphical or serial console, and take screenshots.

Every libvirt call runs in the session's pool (``context.run``); the serial stream's
I/O runs on libvirt's event thread (:class:`~kvmdesk.core.console.serial.SerialStream`).
The service keeps the ssh tunnels it started and ends them when their console closes,
when the session closes, and (through :func:`kvmdesk.core.console.tunnel.close_all`)
when the app quits.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libvirt
import libvirt_qemu  # type: ignore[import-untyped]

from kvmdesk.core.console.plan import GraphicsPlan, Route, SerialDevice
from kvmdesk.core.console.serial import SerialStream, break_command
from kvmdesk.core.console.tunnel import SshTunnel, forward_target, open_tunnel
from kvmdesk.core.console.xml import plan_graphics, read_only_plan, read_serial
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.util.uri import LibvirtUri

MAX_SCREENSHOT_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class GraphicsConnection:
    """An open socket to a VM's VNC server and how it was reached."""

    socket: socket.socket
    plan: GraphicsPlan
    tunnel: SshTunnel | None = None
    closed: bool = field(default=False)

    @property
    def password(self) -> str | None:
        return self.plan.password

    def failure(self) -> str:
        """What the tunnel said when it ended early ("" without a tunnel or a message)."""
        if self.tunnel is None or self.tunnel.running:
            return ""
        return self.tunnel.message()

    def close(self) -> None:
        """End the tunnel (if any); the VNC client owns and closes the socket itself."""
        self.closed = True
        if self.tunnel is not None:
            self.tunnel.close()


@dataclass(frozen=True, slots=True)
class Screenshot:
    mime: str  # image/png with QEMU ≥ 7.1, image/x-portable-pixmap before
    data: bytes


def read_xml(domain: Any, secure: bool = True) -> str:
    """The live XML, with secrets (``VIR_DOMAIN_XML_SECURE``) when the connection may."""
    if secure:
        try:
            return str(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE))
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_OPERATION_DENIED:
                raise
    return str(domain.XMLDesc(0))


def _open_graphics_fd(domain: Any) -> socket.socket | None:
    """The socket libvirt hands over; None when the connection may not (read-only)."""
    # SKIPAUTH: the daemon already checked who we are; no VNC password on a local socket.
    try:
        fd = domain.openGraphicsFD(0, libvirt.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_OPERATION_DENIED:
            return None
        raise
    return socket.socket(fileno=fd)


def _connect_tcp(host: str, port: int) -> socket.socket:
    return socket.create_connection((host, port), timeout=15)


def _connect_unix(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(15)
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def take_screenshot(conn: Any, domain: Any, screen: int = 0) -> Screenshot:
    """``virDomainScreenshot`` of one screen (blocking)."""
    stream = conn.newStream(0)
    chunks: list[bytes] = []
    size = 0

    def sink(_stream: Any, data: bytes, _opaque: object) -> int:
        nonlocal size
        size += len(data)
        if size > MAX_SCREENSHOT_BYTES:
            return -1  # aborts recvAll: no screen is this big
        chunks.append(data)
        return len(data)

    try:
        mime = domain.screenshot(stream, screen, 0)
        stream.recvAll(sink, None)
        stream.finish()
    except libvirt.libvirtError:
        with contextlib.suppress(libvirt.libvirtError):
            stream.abort()
        raise
    return Screenshot(str(mime or ""), b"".join(chunks))


class ConsoleService:
    """The consoles of one session's domains."""

    def __init__(self, context: SessionContext) -> None:
        self._context = context
        self._tunnels: set[SshTunnel] = set()

    @property
    def uri(self) -> LibvirtUri:
        return LibvirtUri.parse(self._context.uri)

    def _running(self, uuid: str) -> bool:
        snapshot = self._context.domains.get(uuid)
        return snapshot is not None and snapshot.state.is_active

    # ----------------------------------------------------------------- graphics

    async def graphics_plan(self, uuid: str) -> GraphicsPlan:
        """How this VM's VNC console is reached; :class:`ConsoleUnavailable` says why not."""
        domain = self._context.handle(uuid)
        xml = await self._context.run(read_xml, domain)
        return plan_graphics(xml, self.uri, running=self._running(uuid))

    async def open_graphics(self, uuid: str) -> GraphicsConnection:
        """A connected socket to the VM's VNC server, by the planned route."""
        plan = await self.graphics_plan(uuid)
        domain = self._context.handle(uuid)
        if plan.route is Route.GRAPHICS_FD:
            fd_socket = await self._context.run(_open_graphics_fd, domain)
            if fd_socket is not None:
                return GraphicsConnection(fd_socket, plan)
            plan = read_only_plan(plan)
        if plan.route is Route.SSH_TUNNEL:
            target = forward_target(plan.host, plan.port, plan.socket)
            try:
                tunnel = await self._context.run(open_tunnel, self.uri, target)
            except OSError as error:
                raise LibvirtFailure(f"cannot start ssh: {error.strerror or error}") from error
            self._tunnels.add(tunnel)
            return GraphicsConnection(tunnel.socket, plan, tunnel)
        try:
            if plan.socket:
                sock = await self._context.run(_connect_unix, plan.socket)
            else:
                assert plan.port is not None
                sock = await self._context.run(_connect_tcp, plan.host, plan.port)
        except OSError as error:
            raise LibvirtFailure(
                f"cannot connect to {plan.target}: {error.strerror or error}"
            ) from error
        return GraphicsConnection(sock, plan)

    async def close_graphics(self, connection: GraphicsConnection) -> None:
        """End the connection's tunnel (waits for ssh to exit, in the pool)."""
        if connection.tunnel is not None:
            self._tunnels.discard(connection.tunnel)
            await self._context.run(connection.close)
        else:
            connection.close()

    # ------------------------------------------------------------------- serial

    async def serial_device(self, uuid: str) -> SerialDevice:
        """The console :meth:`open_serial` opens; :class:`SerialUnavailable` says why none."""
        domain = self._context.handle(uuid)
        xml = await self._context.run(read_xml, domain, False)
        return read_serial(xml)

    async def open_serial(
        self, uuid: str, on_data: Callable[[bytes], None], on_closed: Callable[[str], None]
    ) -> SerialStream:
        """Open the VM's serial console; data and its end arrive on the loop."""
        await self.serial_device(uuid)
        domain = self._context.handle(uuid)
        conn = self._context.connection()
        stream = SerialStream(self._context.loop, on_data, on_closed)
        await self._context.run(stream.open, conn, domain)
        return stream

    async def close_serial(self, stream: SerialStream) -> None:
        await self._context.run(stream.close_blocking)

    async def send_break(self, uuid: str) -> None:
        """A serial break (Linux reads it as the start of a magic SysRq) via QEMU's monitor.

        libvirt has no API for it; the QMP command ``chardev-send-break`` does it, and
        libvirt marks the domain as "tainted: custom-monitor" for that (harmless).
        """
        device = await self.serial_device(uuid)
        if not device.alias:
            raise LibvirtFailure("the VM is not running")
        domain = self._context.handle(uuid)
        await self._context.run(_monitor_command, domain, break_command(device.alias))

    # -------------------------------------------------------------- screenshots

    async def screenshot(self, uuid: str, screen: int = 0) -> Screenshot:
        domain = self._context.handle(uuid)
        conn = self._context.connection()
        return await self._context.run(take_screenshot, conn, domain, screen)

    # ------------------------------------------------------------------ closing

    def close_all(self) -> None:
        """End every ssh tunnel this session started (blocking, brief)."""
        tunnels, self._tunnels = self._tunnels, set()
        for tunnel in tunnels:
            tunnel.close()


def _monitor_command(domain: Any, command: str) -> str:
    return str(libvirt_qemu.qemuMonitorCommand(domain, command, 0))
