"""Which programs a libvirt URI makes libvirt run, and who may open such a URI.

libvirt's remote driver runs programs named in the URI: the ``ext`` transport runs
``command=`` on this machine; the ``ssh`` transport runs ``command=`` instead of
``ssh``; the ssh transports (``ssh``, ``libssh``, ``libssh2``) run ``netcat=`` on the
remote host, and ``proxy=`` picks which helper runs there (``netcat`` or
``virt-ssh-helper``). A URI is therefore as powerful as a shell command, and kvmdesk
opens one only with the user's consent (:func:`admit`, the one gate every channel that
hands kvmdesk a URI goes through).

The parameters are read the way libvirt reads them (``virURIParseParams`` and the
remote driver's ``EXTRACT_URI_ARG_STR``): the query is split at "&" (at ";" only when
there is no "&" at all), names and values are percent-decoded once and cut at a decoded
NUL (they are C strings), names compare case-insensitively and the last repetition wins.
On top of that the check is deliberately wider than libvirt: every spelling libvirt
could possibly see as one of these names (split at ";" too, decoded repeatedly, text
after a "#" included) counts, so a parsing difference can only ask once too often,
never run a program unasked. The parameters are checked whatever the transport: a
wrong transport makes libvirt ignore them, and asking then costs nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import LibvirtUri


class ProgramSite(Enum):
    """Where the program runs."""

    LOCAL = "local"  # on this machine, as the user running kvmdesk
    REMOTE = "remote"  # on the remote host, as the ssh user


# The remote driver's parameters that name a program (libvirt's "Extra parameters" of
# remote URIs): the parameter and where its program runs.
PROGRAM_PARAMETERS: dict[str, ProgramSite] = {
    "command": ProgramSite.LOCAL,
    "netcat": ProgramSite.REMOTE,
    "proxy": ProgramSite.REMOTE,
}
# The transport that exists to run a local program (its ``command=``).
EXTERNAL_TRANSPORT = "ext"
_HEX = frozenset(b"0123456789abcdefABCDEF")


@dataclass(frozen=True, slots=True)
class UriProgram:
    """One program the URI makes libvirt run.

    ``parameter`` is the query parameter (lower case) or "ext" for the transport
    itself; ``program`` the text libvirt gets (decoded), "" when the URI names none.
    """

    parameter: str
    program: str
    site: ProgramSite

    def describe(self) -> str:
        """One line for logs, notifications and the CLI: the program, where, and why."""
        program = self.program or "(no program given)"
        if self.parameter == EXTERNAL_TRANSPORT:
            return f"{program} (on this computer, libvirt's ext transport)"
        if self.parameter == "proxy":
            return f"{program} (helper on the remote host, proxy=)"
        where = "on this computer" if self.site is ProgramSite.LOCAL else "on the remote host"
        return f"{program} ({where}, {self.parameter}=)"


def _unescape(text: str) -> str:
    """libxml2's ``xmlURIUnescapeString`` on a C string: %XX decoded once, cut at NUL."""
    out = bytearray()
    index = 0
    encoded = text.encode("utf-8", "surrogatepass")
    while index < len(encoded):
        byte = encoded[index]
        pair = encoded[index + 1 : index + 3]
        if byte == 0x25 and len(pair) == 2 and all(b in _HEX for b in pair):
            out.append(int(pair, 16))
            index += 3
        else:
            out.append(byte)
            index += 1
    return out.split(b"\x00")[0].decode("utf-8", "replace")


def libvirt_parameters(query: str) -> list[tuple[str, str]]:
    """The query's (name, value) pairs as libvirt's ``virURIParseParams`` makes them."""
    pairs: list[tuple[str, str]] = []
    while query:
        end = query.find("&")
        if end < 0:
            end = query.find(";")
        if end < 0:
            end = len(query)
        section = query[:end]
        if section:
            name, equals, value = section.partition("=")
            if not equals:
                pairs.append((_unescape(name), ""))
            elif value:
                pairs.append((_unescape(name), _unescape(value)))
        query = query[end + 1 :]
    return pairs


def _all_spellings(text: str) -> set[str]:
    """``text`` and every repeated percent-decoding of it, stripped, lower case, cut at NUL."""
    spellings = set()
    current = text
    for _ in range(8):
        spellings.add(current.partition("\x00")[0].strip().lower())
        decoded = _unescape(current)
        if decoded == current:
            break
        current = decoded
    return spellings


def _wide_parameters(text: str) -> dict[str, str]:
    """Every (name, value) anything after the first "?" could be read as (the wide check)."""
    tail = text.partition("?")[2]
    found: dict[str, str] = {}
    for section in re.split(r"[&;#?]", tail):
        name, _, value = section.partition("=")
        for spelling in _all_spellings(name):
            found[spelling] = _unescape(value)
    return found


def programs_run_by(uri: str | LibvirtUri) -> tuple[UriProgram, ...]:
    """The programs opening ``uri`` makes libvirt run; () for an ordinary URI.

    Raises :class:`BadInput` for text that is no libvirt URI (see
    :meth:`LibvirtUri.parse`).
    """
    parsed = uri if isinstance(uri, LibvirtUri) else LibvirtUri.parse(uri)
    effective: dict[str, str] = {}
    for name, value in libvirt_parameters(parsed.query):
        key = name.lower()
        if key in PROGRAM_PARAMETERS:
            effective[key] = value  # libvirt: the last repetition wins
    for key, value in _wide_parameters(parsed.text).items():
        if key in PROGRAM_PARAMETERS:
            effective.setdefault(key, value)
    found: list[UriProgram] = []
    if parsed.transport == EXTERNAL_TRANSPORT:
        found.append(UriProgram("ext", effective.pop("command", ""), ProgramSite.LOCAL))
    found.extend(
        UriProgram(key, effective[key], PROGRAM_PARAMETERS[key])
        for key in PROGRAM_PARAMETERS
        if key in effective
    )
    return tuple(found)


def runs_program(uri: str | LibvirtUri) -> bool:
    """Whether opening ``uri`` makes libvirt run a program named in it."""
    return bool(programs_run_by(uri))


# ------------------------------------------------------------------ consent and channels


@dataclass(frozen=True, slots=True)
class ProgramConsent:
    """The user's "yes, run these programs" for exactly one URI.

    ``digest`` binds the consent to the exact URI text: a consent copied next to another
    URI, or a URI edited after the consent was given, does not match.
    """

    uri: str
    digest: str

    @classmethod
    def for_uri(cls, uri: str) -> ProgramConsent:
        return cls(uri, consent_digest(uri))

    def covers(self, uri: str) -> bool:
        return self.uri == uri and self.digest == consent_digest(uri)


def consent_digest(uri: str) -> str:
    """What a stored consent records of its URI: the SHA-256 of its exact text."""
    return hashlib.sha256(
        b"kvmdesk-program-consent\x00" + uri.encode("utf-8", "replace")
    ).hexdigest()


class UriChannel(Enum):
    """How a URI reached kvmdesk."""

    # The user's own: typed on kvmdesk's command line or set in their environment.
    COMMAND_LINE = "command line"
    ENVIRONMENT = "environment"
    # The connection dialog: the user typed it and, for a program, confirmed.
    DIALOG = "connection dialog"
    # The saved connection list: trusted only with a consent stored beside the URI.
    SAVED = "saved connection list"
    # Anything else: another process (single-instance socket), a .desktop %U, a drop.
    EXTERNAL = "another application"


_USERS_OWN = frozenset({UriChannel.COMMAND_LINE, UriChannel.ENVIRONMENT})


class ProgramNotConsented(BadInput):
    """A URI that runs a program came without the user's consent."""

    def __init__(self, uri: str, programs: tuple[UriProgram, ...], channel: UriChannel) -> None:
        self.uri = uri
        self.programs = programs
        self.channel = channel
        listed = ", ".join(program.describe() for program in programs)
        super().__init__(f"not opened without your confirmation: it runs {listed}")


def admit(
    uri: str, channel: UriChannel, consent: ProgramConsent | None = None
) -> tuple[UriProgram, ...]:
    """The one rule for every channel: may kvmdesk open ``uri``? Returns its programs.

    A URI that runs no program is admitted from anywhere. One that does is admitted
    when it came from the user's own command line or environment, or with a
    :class:`ProgramConsent` for exactly this URI (the dialog makes one when the user
    confirms; the saved list stores it); otherwise :class:`ProgramNotConsented`.
    """
    programs = programs_run_by(uri)
    if not programs or channel in _USERS_OWN:
        return programs
    if consent is not None and consent.covers(uri):
        return programs
    raise ProgramNotConsented(uri, programs, channel)
