"""Linux network interface names: the one rule for bridges, bonds, VLANs and host devices.

The kernel's ``dev_valid_name`` accepts 1 to 15 bytes (``IFNAMSIZ`` is 16 with the
terminating NUL), neither "." nor "..", and no '/', ':' or whitespace byte. "all" and
"default" are taken by ``/proc/sys/net/*/conf``, "bonding_masters" by the bonding
driver's sysfs file, so registering an interface with those names fails. Characters
that are not printable (control and format characters) are refused as well: libvirt
keeps the names in XML, which cannot hold most of them, and nobody could read them.

:func:`ifname_problem` says what is wrong; :func:`validate_ifname` words it. Callers
with their own established wording map the problem to it.
"""

from __future__ import annotations

from enum import Enum

from kvmdesk.core.types.errors import BadInput

IFNAME_MAX_BYTES = 15  # IFNAMSIZ (16) minus the terminating NUL
RESERVED_NAMES = frozenset({"all", "default", "bonding_masters"})
# The kernel's isspace() on each byte of the UTF-8 name: \t \n \v \f \r, space, and
# 0xA0 (Latin-1 no-break space), which also appears inside characters such as 'à'.
_KERNEL_SPACE_BYTES = frozenset(b"\t\n\v\f\r \xa0")


class IfnameProblem(Enum):
    """Why a text is not a Linux interface name, in the order they are checked."""

    EMPTY = "empty"
    TOO_LONG = "too long"
    DOT = "dot"  # "." or ".."
    BAD_CHARACTER = "bad character"  # '/', ':' or whitespace
    UNPRINTABLE = "unprintable"  # control or format characters
    RESERVED = "reserved"


def ifname_size(name: str) -> int:
    """The name's length in bytes, as the kernel counts it (UTF-8)."""
    # surrogatepass: a lone surrogate is still measured, then refused as unprintable.
    return len(name.encode("utf-8", "surrogatepass"))


def ifname_problem(name: str) -> IfnameProblem | None:
    """What keeps ``name`` from being an interface name, ``None`` when it is one."""
    if not name:
        return IfnameProblem.EMPTY
    if ifname_size(name) > IFNAME_MAX_BYTES:
        return IfnameProblem.TOO_LONG
    if name in (".", ".."):
        return IfnameProblem.DOT
    if any(c in "/:" or c.isspace() for c in name) or not _KERNEL_SPACE_BYTES.isdisjoint(
        name.encode("utf-8", "surrogatepass")
    ):
        return IfnameProblem.BAD_CHARACTER
    if not name.isprintable():
        return IfnameProblem.UNPRINTABLE
    if name in RESERVED_NAMES:
        return IfnameProblem.RESERVED
    return None


def ifname_message(name: str, problem: IfnameProblem, what: str) -> str:
    """One line naming ``problem`` with ``name``; ``what`` is "bond name", "bridge name" …"""
    if problem is IfnameProblem.EMPTY:
        return f"{what} is empty"
    if problem is IfnameProblem.TOO_LONG:
        size = ifname_size(name)
        return f"{what} {name!r} is {size} bytes long; Linux allows at most {IFNAME_MAX_BYTES}"
    if problem is IfnameProblem.DOT:
        return f"{what} {name!r} is not a valid interface name"
    if problem is IfnameProblem.RESERVED:
        return f"{what} {name!r} is reserved by Linux"
    return f"{what} {name!r} must not contain spaces, control characters, '/' or ':'"


def validate_ifname(name: str, what: str) -> str:
    """``name`` when Linux accepts it for an interface, else :class:`BadInput`.

    ``what`` names the field in the message: "bond name", "bridge name" …
    """
    problem = ifname_problem(name)
    if problem is not None:
        raise BadInput(ifname_message(name, problem, what))
    return name
