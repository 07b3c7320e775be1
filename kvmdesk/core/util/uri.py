"""Connection URIs: the one :class:`LibvirtUri` value, the presets offered in the UI, the syntax check.

A libvirt URI is ``driver[+transport]://[user@]host[:port]/path[?query]`` (libvirt's
"Connection URIs" page). Every question about a connection's URI — which driver, is it
this machine, is it the test driver, a session or the system daemon — is answered by
:class:`LibvirtUri`'s fields and predicates, so the rule lives here once. Split by hand
rather than with :func:`urllib.parse.urlsplit`, as virt-manager's ``virtinst/uri.py``
does: ``urlsplit`` silently drops tabs and newlines anywhere in the text and raises
``ValueError`` on an unmatched "[".
"""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.text import escape_for_terminal

SYSTEM_URI = "qemu:///system"
SESSION_URI = "qemu:///session"
SSH_TEMPLATE_URI = "qemu+ssh://user@host/system"
TEST_URI = "test:///default"

# Longer is no connection URI anyone types (and would bloat every row and log line).
MAX_URI_LENGTH = 4096

# Host names that are this machine although a host is written.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

_SCHEME = re.compile(r"^[a-z][a-z0-9]*(\+[a-z0-9]+)?$")
# RFC 3986 scheme characters: what counts as "a scheme" at all before it is judged.
_SCHEME_CHARS = frozenset(string.ascii_letters + string.digits + "+-.")

# Every URI scheme a libvirt driver registers (each driver's ``uriSchemes``; the "Internal
# drivers" and "Connection URIs" pages), hypervisors first, then the per-daemon secondary
# drivers and the remote driver's own "remote". libvirt cannot say "no such driver" without a
# daemon: it hands an unknown scheme to the remote driver, which reports the missing socket.
DRIVERS: tuple[str, ...] = (
    "qemu",
    "test",
    "lxc",
    "xen",
    "ch",
    "vbox",
    "vmwareplayer",
    "vmwarews",
    "vmwarefusion",
    "esx",
    "gsx",
    "vpx",
    "hyperv",
    "openvz",
    "bhyve",
    "vz",
    "parallels",
    "network",
    "storage",
    "nodedev",
    "interface",
    "nwfilter",
    "secret",
    "remote",
)
# The remote driver's transports (its own refusal: "should be tls|unix|ssh|ext|tcp|…").
TRANSPORTS: tuple[str, ...] = ("tls", "unix", "ssh", "ext", "tcp", "libssh2", "libssh")


@dataclass(frozen=True, slots=True)
class UriPreset:
    label: str
    uri: str


PRESETS: tuple[UriPreset, ...] = (
    UriPreset("QEMU/KVM (system)", SYSTEM_URI),
    UriPreset("QEMU/KVM (user session)", SESSION_URI),
    UriPreset("QEMU/KVM over SSH", SSH_TEMPLATE_URI),
    UriPreset("Test driver", TEST_URI),
)


@dataclass(frozen=True, slots=True)
class LibvirtUri:
    """A parsed libvirt connection URI; build one with :meth:`parse`.

    ``text`` is the URI as given (stripped). ``driver`` and ``transport`` are lower
    case; ``transport`` is "" for a local daemon. ``host`` is "" when none is written
    (IPv6 brackets removed); ``port`` is ``None`` when none is written. ``path`` keeps
    its leading "/"; ``query`` is the text after "?" without it.
    """

    text: str
    driver: str
    transport: str = ""
    user: str = ""
    host: str = ""
    port: int | None = None
    path: str = ""
    query: str = ""

    @classmethod
    def parse(cls, uri: str) -> LibvirtUri:
        """``uri`` (surrounding whitespace ignored) as a value, else :class:`BadInput`."""
        text = uri.strip()
        if not text:
            raise BadInput(translate("ConnectionUri", "connection URI is empty"))
        undecodable = next((i for i, c in enumerate(text) if 0xD800 <= ord(c) <= 0xDFFF), None)
        if undecodable is not None:
            # A byte that was not UTF-8 on the command line (kept by surrogateescape) or a
            # lone surrogate: libvirt takes UTF-8 only and Python cannot even encode it.
            shown = escape_for_terminal(redact_uri(text))
            raise BadInput(
                arg(
                    translate(
                        "ConnectionUri", "connection URI is not valid UTF-8 (at character %1): %2"
                    ),
                    undecodable + 1,
                    shown,
                )
            )
        control = next((c for c in text if ord(c) < 0x20 or ord(c) == 0x7F), None)
        if control is not None:
            # libvirt takes a C string: a NUL would cut it, other controls are no URI.
            shown = redact_uri(text).encode("unicode_escape").decode("ascii")
            raise BadInput(f"control character U+{ord(control):04X} in connection URI: {shown}")
        if len(text) > MAX_URI_LENGTH:
            raise BadInput(
                arg(
                    translate("ConnectionUri", "connection URI longer than %1 characters"),
                    MAX_URI_LENGTH,
                )
            )
        if "://" not in text:
            raise BadInput(
                arg(
                    translate(
                        "ConnectionUri", "not a libvirt URI (expected driver[+transport]://…): %1"
                    ),
                    redact_uri(text),
                )
            )
        prefix, _, rest = text.partition(":")
        scheme = prefix.lower() if _is_scheme_syntax(prefix) else ""
        if not _SCHEME.match(scheme):
            raise BadInput(
                arg(
                    translate("ConnectionUri", "not a libvirt URI scheme: %1"),
                    scheme or redact_uri(text),
                )
            )
        driver, _, transport = scheme.partition("+")
        if driver not in DRIVERS:
            known = ", ".join(DRIVERS[:5])
            raise BadInput(
                arg(
                    translate("ConnectionUri", 'no libvirt driver for "%1" (known: %2, …)'),
                    redact_uri(text),
                    known,
                )
            )
        if transport and transport not in TRANSPORTS:
            known = ", ".join(TRANSPORTS)
            raise BadInput(
                arg(
                    translate("ConnectionUri", 'no libvirt transport "%1" in "%2" (known: %3)'),
                    transport,
                    redact_uri(text),
                    known,
                )
            )
        authority = ""
        if rest.startswith("//"):
            end = next((i for i, c in enumerate(rest) if i >= 2 and c in "/?#"), len(rest))
            authority, rest = rest[2:end], rest[end:]
        rest = rest.partition("#")[0]
        path, _, query = rest.partition("?")
        user, _, hostport = authority.rpartition("@")
        if ":" in _percent_decoded(user):  # libvirt decodes "%3A" in the user part too
            # libvirt would hand "name:password" to ssh as the user name, and kvmdesk would
            # save it in its connection list: refuse it before it is stored or shown.
            raise BadInput(
                arg(
                    translate(
                        "ConnectionUri",
                        "a password in the connection URI is not supported (use an ssh key or agent): %1",
                    ),
                    redact_uri(text),
                )
            )
        secret = _secret_parameter(query)
        if secret:
            # libvirt takes no credential in a URI (it asks through its auth callbacks); one
            # here would be saved in the connection list and shown in every row and log.
            raise BadInput(
                arg(
                    translate(
                        "ConnectionUri",
                        'a credential ("%1") in the connection URI is not supported: %2',
                    ),
                    secret,
                    redact_uri(text),
                )
            )
        host, port = _split_host_port(hostport, redact_uri(text))
        return cls(text, driver, transport, user, host, port, path, query)

    def __str__(self) -> str:
        return self.text

    @property
    def is_test(self) -> bool:
        """libvirt's test driver: an in-memory hypervisor, no host behind it."""
        return self.driver == "test"

    @property
    def is_local(self) -> bool:
        """The connection talks to this machine: no host, a loopback name, or a unix socket."""
        # libvirt refuses a remote host with the unix transport, so that is always local.
        return not self.host or self.host.lower() in LOCAL_HOSTS or self.transport == "unix"

    @property
    def is_local_host(self) -> bool:
        """This machine's sysfs, routes and interfaces are the connection's host's.

        Local and not the test driver: the test driver's host is made up.
        """
        return self.is_local and not self.is_test

    @property
    def is_session(self) -> bool:
        """A per-user daemon (``/session``): unprivileged, no host networking of its own."""
        return self.path.rstrip("/") == "/session"

    @property
    def is_system(self) -> bool:
        """The privileged system daemon (``/system``)."""
        return self.path.rstrip("/") == "/system"


def _is_scheme_syntax(prefix: str) -> bool:
    """Whether ``prefix`` is written like a URI scheme at all (RFC 3986 characters)."""
    return bool(prefix) and prefix[0] in string.ascii_letters and set(prefix) <= _SCHEME_CHARS


def _split_host_port(hostport: str, text: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        # An IPv6 address: "[::1]" or "[::1]:16509", nothing else.
        host, closed, after = hostport[1:].partition("]")
        if not closed:
            raise BadInput(
                arg(
                    translate(
                        "ConnectionUri",
                        'unmatched "[" in the host of %1 (an IPv6 address is [::1])',
                    ),
                    text,
                )
            )
        if after and not after.startswith(":"):
            raise BadInput(
                arg(
                    translate("ConnectionUri", 'not a libvirt URI host: text after "]" in %1'), text
                )
            )
        port = after[1:]
    elif "[" in hostport or "]" in hostport:
        raise BadInput(
            arg(
                translate(
                    "ConnectionUri",
                    'not a libvirt URI host: "[" or "]" outside an IPv6 address in %1',
                ),
                text,
            )
        )
    else:
        host, _, port = hostport.partition(":")
    if not port:
        return host, None
    # libvirt refuses such a URI too ("Unable to parse URI"); say why before connecting.
    if not port.isascii() or not port.isdigit() or int(port) > 65535:
        raise BadInput(
            arg(translate("ConnectionUri", "not a libvirt URI port: %1 in %2"), port, text)
        )
    return host, int(port)


# Query parameters whose values are secrets (libvirt has none, but users and other
# tools put them there): matched on the decoded, lower-case name.
_SECRET_NAME = re.compile(r"pass|secret|token|credential|pwd|auth_?key", re.IGNORECASE)
_URI_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*")
REDACTED = "***"


def redact_uri(text: str) -> str:
    """``text`` (a URI, well-formed or not) with its credentials replaced by ``***``.

    The one redaction for every place a URI is shown or logged: the password of a
    ``user:password@`` and the value of any query parameter named like a secret
    (``password``, ``passphrase``, ``secret``, ``token`` …, percent-encoded or not).
    """
    scheme, separator, rest = text.partition("://")
    if not separator:
        return _redact_query(text) if "?" in text else text
    end = next((i for i, c in enumerate(rest) if c in "/?#"), len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if at and ":" in _percent_decoded(userinfo):
        user = userinfo.partition(":")[0] if ":" in userinfo else _percent_decoded(userinfo)
        authority = f"{user.partition(':')[0]}:{REDACTED}@{hostport}"
    return f"{scheme}://{authority}{_redact_query(tail)}"


def _redact_query(tail: str) -> str:
    head, question, query = tail.partition("?")
    if not question:
        return tail
    sections = re.split(r"([&;#])", query)
    for index in range(0, len(sections), 2):
        name, equals, _value = sections[index].partition("=")
        if equals and _SECRET_NAME.search(_percent_decoded(name)):
            sections[index] = f"{name}={REDACTED}"
    return f"{head}?{''.join(sections)}"


def _percent_decoded(text: str) -> str:
    """``%XX`` escapes decoded one byte to one character (enough to find ``:`` and names)."""
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), text)


def _secret_parameter(query: str) -> str:
    """The first query parameter named like a secret (decoded, as written), else ""."""
    for section in re.split(r"[&;]", query):
        name, equals, _value = section.partition("=")
        decoded = _percent_decoded(name)
        if equals and _SECRET_NAME.search(decoded):
            return decoded
    return ""


def scrub_uris(text: str) -> str:
    """Any free text (a log line, libvirt's message) with every URI in it redacted."""
    return _URI_IN_TEXT.sub(lambda match: redact_uri(match.group(0)), text)


def validate_uri(uri: str) -> str:
    """Return ``uri`` stripped, or raise :class:`BadInput` with a one-line reason."""
    return LibvirtUri.parse(uri).text


def default_uri() -> str:
    """``LIBVIRT_DEFAULT_URI`` when set, else the local system daemon."""
    return os.environ.get("LIBVIRT_DEFAULT_URI", "").strip() or SYSTEM_URI


def is_local(uri: str) -> bool:
    """True for URIs that talk to this machine (see :attr:`LibvirtUri.is_local`)."""
    return LibvirtUri.parse(uri).is_local
