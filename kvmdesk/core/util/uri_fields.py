"""A connection URI as the fields of the connection dialog, and back.

:class:`UriFields` holds what people pick — hypervisor, transport, user, host, port and
the remote driver's ``keyfile``, ``no_verify`` and ``socket`` parameters — and
:func:`build_uri` writes the URI libvirt takes. :func:`fields_of` reads a typed URI
back; a URI the fields cannot say (another driver or transport, another path) gives
``None`` and stays as typed. Parameters the fields do not show are kept in ``extra``,
so editing a field never drops what the user typed. :func:`field_problem` checks the
fields with one message each (the dialog and any other caller show the same).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from urllib.parse import quote, unquote

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import LibvirtUri


class Hypervisor(Enum):
    """The hypervisors the dialog offers: driver and path."""

    QEMU_SYSTEM = ("qemu", "/system")
    QEMU_SESSION = ("qemu", "/session")
    TEST = ("test", "/default")

    @property
    def driver(self) -> str:
        return self.value[0]

    @property
    def path(self) -> str:
        return self.value[1]


# The transports the dialog offers ("" is the local socket).
FIELD_TRANSPORTS: tuple[str, ...] = ("", "ssh", "tls", "tcp")
# The ones that reach another host (a host is required).
REMOTE_TRANSPORTS = frozenset({"ssh", "tls", "tcp"})
_SHOWN_PARAMETERS = ("keyfile", "no_verify", "socket")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_USER = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$")


@dataclass(frozen=True, slots=True)
class UriFields:
    hypervisor: Hypervisor = Hypervisor.QEMU_SYSTEM
    transport: str = ""
    user: str = ""
    host: str = ""
    port: int | None = None
    keyfile: str = ""
    no_verify: bool = False
    socket: str = ""
    # Query parameters the fields do not show, as written ("name=value" each).
    extra: tuple[str, ...] = field(default=())

    def with_changes(self, **changes: object) -> UriFields:
        return replace(self, **changes)  # type: ignore[arg-type]


def _host_text(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def build_uri(fields: UriFields) -> str:
    """The libvirt URI of ``fields`` (no check: see :func:`field_problem`)."""
    hypervisor = fields.hypervisor
    transport = fields.transport if hypervisor is not Hypervisor.TEST else ""
    scheme = hypervisor.driver + (f"+{transport}" if transport else "")
    authority = ""
    if transport:  # a local connection names no host (libvirt would take it for TLS)
        user = f"{quote(fields.user, safe='')}@" if fields.user and fields.host else ""
        port = f":{fields.port}" if fields.port is not None and fields.host else ""
        authority = f"{user}{_host_text(fields.host)}{port}"
    query: list[str] = []
    if transport:
        if fields.keyfile and transport == "ssh":
            query.append(f"keyfile={quote(fields.keyfile, safe='/~._-')}")
        if fields.no_verify and transport in ("ssh", "tls"):
            query.append("no_verify=1")
        if fields.socket:
            query.append(f"socket={quote(fields.socket, safe='/._-')}")
    query.extend(fields.extra)
    return f"{scheme}://{authority}{hypervisor.path}" + (f"?{'&'.join(query)}" if query else "")


def fields_of(uri: str) -> UriFields | None:
    """The fields that build ``uri``; None for a URI they cannot express (or no URI)."""
    try:
        parsed = LibvirtUri.parse(uri)
    except BadInput:
        return None
    hypervisor = next(
        (h for h in Hypervisor if h.driver == parsed.driver and h.path == parsed.path), None
    )
    if hypervisor is None or parsed.transport not in FIELD_TRANSPORTS:
        return None
    if (hypervisor is Hypervisor.TEST or not parsed.transport) and (
        parsed.transport or parsed.host
    ):
        return None  # "qemu://host/…" means TLS to libvirt: left as typed
    keyfile, socket, no_verify = "", "", False
    extra: list[str] = []
    for section in (s for s in parsed.query.split("&") if s):
        name, _, value = section.partition("=")
        lowered = unquote(name).lower()
        if lowered == "keyfile":
            keyfile = unquote(value)
        elif lowered == "socket":
            socket = unquote(value)
        elif lowered == "no_verify" and value in ("0", "1"):
            no_verify = value == "1"
        else:
            extra.append(section)
    fields = UriFields(
        hypervisor,
        parsed.transport,
        unquote(parsed.user),
        parsed.host,
        parsed.port,
        keyfile,
        no_verify,
        socket,
        tuple(extra),
    )
    # Only a URI the fields write back with the same meaning is theirs (parameters in
    # another order or spelled with other escapes are); else it stays as typed.
    return fields if _meaning(build_uri(fields)) == _meaning(parsed.text) else None


def _meaning(uri: str) -> tuple[str, list[str]]:
    head, _, query = uri.partition("?")
    return head, sorted(unquote(section) for section in query.split("&") if section)


def host_problem(host: str) -> str:
    """Why ``host`` is no host name or address ("" when it is one)."""
    if not host:
        return "a host is needed for a remote connection"
    try:
        ipaddress.ip_address(host)
        return ""
    except ValueError:
        pass
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        return f'not a host name or IP address: "{host}"'
    if name.replace(".", "").isdigit():
        return f'not a host name or IP address: "{host}"'
    return ""


def port_problem(text: str) -> str:
    """Why ``text`` is no TCP port ("" when it is one, or empty for the default)."""
    text = text.strip()
    if not text:
        return ""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        return f'not a port (1–65535): "{text}"'
    return ""


def field_problem(fields: UriFields, port_text: str = "") -> str:
    """The first thing wrong with the fields, "" when they make a usable URI."""
    if fields.transport in REMOTE_TRANSPORTS and fields.hypervisor is not Hypervisor.TEST:
        problem = host_problem(fields.host)
        if problem:
            return problem
        problem = port_problem(port_text)
        if problem:
            return problem
        if fields.user and not _USER.match(fields.user):
            return f'not a user name: "{fields.user}"'
    return ""
