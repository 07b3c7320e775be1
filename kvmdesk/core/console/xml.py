"""How to reach a VM's consoles, decided from its domain XML and the connection URI.

:func:`plan_graphics` reads the ``<graphics>`` elements of a (live) domain XML and the
connection's :class:`~kvmdesk.core.util.uri.LibvirtUri` and returns a :class:`GraphicsPlan`
(which path, to where, with which password) or raises :class:`ConsoleUnavailable` with a
:class:`Problem` code and its parameters; the UI words each problem in its own language.

:func:`read_serial` says whether an interactive serial console exists (a ``pty`` serial
port or console) or why not.

The graphical paths, in the order virt-manager tries them, without its failures:

* a local daemon (``qemu:///system``, ``qemu:///session``, ``qemu+unix://``):
  ``virDomainOpenGraphicsFD`` hands over a connected socket. No TCP port, no address, works
  with ``<listen type='none'/>`` and with a unix socket listener alike.
* ``qemu+ssh://`` (and libssh transports): ``ssh -W`` from this machine to the listener *as
  the host sees it*: the loopback address for ``127.0.0.1``/``0.0.0.0``/``::``, the address
  itself otherwise, or the listener's unix socket. The ssh options come from the URI
  (:func:`kvmdesk.core.console.tunnel.ssh_command`).
* anything else (``qemu+tcp://``, ``qemu+tls://``): a TCP connection to the listen address
  (a wildcard listener is reached through the URI's host).
"""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.console.plan import (
    ConsoleUnavailable,
    GraphicsDevice,
    GraphicsPlan,
    Problem,
    Route,
    SerialDevice,
    SerialProblem,
    SerialUnavailable,
)
from kvmdesk.core.util.uri import LibvirtUri

# Transports whose host we can reach with the OpenSSH client, reusing the URI's credentials.
SSH_TRANSPORTS = frozenset({"ssh", "libssh", "libssh2"})
_WILDCARDS = frozenset({"0.0.0.0", "::", "[::]", ""})
_LOOPBACKS = frozenset({"127.0.0.1", "::1", "localhost", "[::1]"})
# Graphics types that are not a remote display at all: the picture goes elsewhere.
_LOCAL_DISPLAYS = frozenset({"sdl", "egl-headless", "desktop", "dbus"})
# qemu.conf's vnc_listen default: what a <graphics type='vnc'/> without listen uses.
DEFAULT_LISTEN = "127.0.0.1"


def graphics_types(xml: str) -> tuple[str, ...]:
    """The ``type`` of each ``<graphics>`` of a domain XML, in order."""
    root = _parse(xml)
    return tuple(g.get("type", "") for g in root.iterfind("devices/graphics"))


def read_vnc(xml: str) -> GraphicsDevice | None:
    """The first VNC graphics device of a domain XML, or None when there is none."""
    root = _parse(xml)
    element = root.find("devices/graphics[@type='vnc']")
    if element is None:
        return None
    port_text = element.get("port", "")
    port = int(port_text) if port_text.lstrip("-").isdigit() and int(port_text) > 0 else None
    listen = element.find("listen")
    if listen is not None:
        listen_type = listen.get("type", "address")
        address = listen.get("address", "") or element.get("listen", "")
        socket = listen.get("socket", "") or element.get("socket", "")
        network = listen.get("network", "")
    else:
        socket = element.get("socket", "")
        listen_type = "socket" if socket else "address"
        address = element.get("listen", "")
        network = ""
    password = element.get("passwd")
    return GraphicsDevice(
        port=port,
        listen_type=listen_type,
        address=address,
        socket=socket,
        network=network,
        password=password,
        has_password=password is not None,
    )


def plan_graphics(xml: str, uri: LibvirtUri, *, running: bool = True) -> GraphicsPlan:
    """The way to this domain's VNC console over the connection ``uri``.

    ``xml`` is the live XML (ports are assigned there), ideally read with
    ``VIR_DOMAIN_XML_SECURE`` so a password comes along. Raises
    :class:`ConsoleUnavailable` with the reason.
    """
    types = graphics_types(xml)
    device = read_vnc(xml)
    if device is None:
        if not types:
            raise ConsoleUnavailable(Problem.NO_GRAPHICS, "the VM has no graphics device")
        if "spice" in types:
            raise ConsoleUnavailable(
                Problem.SPICE_ONLY, "the VM's display is SPICE; kvmdesk shows VNC", type="spice"
            )
        kind = next((t for t in types if t in _LOCAL_DISPLAYS), types[0])
        raise ConsoleUnavailable(
            Problem.LOCAL_DISPLAY,
            f"the VM's display ({kind}) is shown on its host, not over the network",
            type=kind,
        )
    others = tuple(t for t in types if t != "vnc")
    if uri.is_test:
        raise ConsoleUnavailable(Problem.TEST_DRIVER, "the test driver has no screens")
    if not running:
        raise ConsoleUnavailable(Problem.NOT_RUNNING, "the VM is not running")
    if uri.transport in ("", "unix") and (not uri.host or uri.transport == "unix"):
        return GraphicsPlan(Route.GRAPHICS_FD, device, other_types=others)
    if device.listen_type == "none":
        raise ConsoleUnavailable(
            Problem.NO_LISTENER,
            "VNC listens nowhere (listen type none): only a local connection reaches it",
        )
    if device.listen_type == "socket" or device.socket:
        if uri.transport in SSH_TRANSPORTS:
            return GraphicsPlan(Route.SSH_TUNNEL, device, socket=device.socket, other_types=others)
        raise ConsoleUnavailable(
            Problem.SOCKET_REMOTE,
            f"VNC listens on the unix socket {device.socket} of a remote host: "
            "connect over qemu+ssh:// to reach it",
            socket=device.socket,
        )
    if device.port is None:
        raise ConsoleUnavailable(Problem.NO_PORT, "the VNC port is not known yet")
    address = device.address
    if device.listen_type == "network" and not address:
        raise ConsoleUnavailable(
            Problem.NETWORK_UNRESOLVED,
            f"VNC listens on network {device.network}, which gives no address",
            network=device.network,
        )
    address = address or DEFAULT_LISTEN
    if uri.transport in SSH_TRANSPORTS:
        # ssh -W connects from the host itself: a wildcard listener is its loopback.
        host = "127.0.0.1" if address in _WILDCARDS else address.strip("[]")
        if address in ("::", "[::]"):
            host = "::1"
        return GraphicsPlan(
            Route.SSH_TUNNEL, device, host=host, port=device.port, other_types=others
        )
    if address in _LOOPBACKS:
        raise ConsoleUnavailable(
            Problem.LOOPBACK_REMOTE,
            f"VNC listens on {address} of a remote host: connect over qemu+ssh:// "
            "and kvmdesk tunnels through ssh",
            address=address,
        )
    host = uri.host if address in _WILDCARDS else address.strip("[]")
    return GraphicsPlan(Route.DIRECT, device, host=host, port=device.port, other_types=others)


def read_only_plan(plan: GraphicsPlan) -> GraphicsPlan:
    """The way on a local connection that may not use ``virDomainOpenGraphicsFD``.

    A read-only connection (libvirt's ``libvirt-sock-ro``) is refused the socket; the
    VNC server's own listener on this machine still answers, with its own password check
    (the password is not in a read-only connection's XML: the user is asked for it).
    """
    device = plan.device
    others = plan.other_types
    if device.listen_type == "socket" or device.socket:
        return GraphicsPlan(
            Route.DIRECT, device, socket=device.socket, other_types=others, read_only=True
        )
    if device.listen_type == "none" or device.port is None:
        raise ConsoleUnavailable(
            Problem.READ_ONLY_NO_LISTENER,
            "the connection is read-only, so libvirt hands over no socket to the screen, "
            "and VNC listens nowhere else",
        )
    address = device.address or DEFAULT_LISTEN
    host = "127.0.0.1" if address in _WILDCARDS else address.strip("[]")
    if address in ("::", "[::]"):
        host = "::1"
    return GraphicsPlan(
        Route.DIRECT, device, host=host, port=device.port, other_types=others, read_only=True
    )


def _parse(xml: str) -> etree._Element:
    try:
        return etree.fromstring(xml.encode())
    except etree.XMLSyntaxError as error:
        raise ConsoleUnavailable(
            Problem.BAD_XML, f"unreadable domain XML: {error}", error=str(error)
        ) from error


def read_serial(xml: str) -> SerialDevice:
    """The interactive console of a domain XML, else :class:`SerialUnavailable`."""
    root = etree.fromstring(xml.encode())
    candidates = list(root.iterfind("devices/console")) + list(root.iterfind("devices/serial"))
    if not candidates:
        raise SerialUnavailable(SerialProblem.NO_SERIAL, "the VM has no serial console")
    for element in candidates:
        if element.get("type", "pty") == "pty":
            target = element.find("target")
            alias = element.find("alias")
            return SerialDevice(
                kind=str(element.tag),
                alias=alias.get("name", "") if alias is not None else "",
                target_type=target.get("type", "serial") if target is not None else "serial",
            )
    first = candidates[0]
    source = first.find("source")
    path = ""
    if source is not None:
        path = source.get("path", "") or source.get("host", "") or source.get("service", "")
    kind = first.get("type", "")
    raise SerialUnavailable(
        SerialProblem.NOT_PTY,
        f"the serial port is of type {kind} ({path or 'no path'}), not an interactive pty",
        type=kind,
        path=path,
    )
