"""MAC addresses of guest NICs: the one spelling, the unicast check, new ones in QEMU's 52:54:00 range."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection

from kvmdesk.core.types.errors import BadInput

# The locally administered prefix QEMU and libvirt use for generated guest MACs.
QEMU_PREFIX = "52:54:00"
BROADCAST = "ff:ff:ff:ff:ff:ff"

_MAC = re.compile(r"^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$")
_MAX_TRIES = 10_000


def comparable_mac(text: str) -> str:
    """``text`` spelt as :func:`normalize_mac` spells a MAC, without checking it is one.

    For comparing MACs that may be half typed or read from XML: never raises, and a
    text that is no MAC simply matches no MAC.
    """
    return text.strip().lower().replace("-", ":")


def normalize_mac(text: str) -> str:
    """``text`` as a lower-case, colon-separated MAC of any kind, else :class:`BadInput`.

    ':' or '-' separate the six hex pairs (one of them throughout). Enough to name a
    NIC that exists; a MAC to give a NIC goes through :func:`validate_mac`.
    """
    if not _MAC.match(text.strip()):
        raise BadInput(
            f"not a MAC address (expected six hex pairs like 52:54:00:12:34:56): {text!r}"
        )
    return comparable_mac(text)


def is_multicast(mac: str) -> bool:
    """Whether the normalised ``mac`` is a group address (odd first octet; broadcast too)."""
    return bool(int(mac[:2], 16) & 1)


def validate_mac(text: str) -> str:
    """``text`` as a lower-case, colon-separated unicast MAC, else :class:`BadInput`."""
    mac = normalize_mac(text)
    if mac == BROADCAST:
        raise BadInput(f"MAC address {mac} is the broadcast address; a NIC needs a unicast one")
    if is_multicast(mac):
        raise BadInput(
            f"MAC address {mac} is multicast (odd first octet); a NIC needs a unicast one"
        )
    if mac == "00:00:00:00:00:00":
        raise BadInput("MAC address 00:00:00:00:00:00 is all zero; a NIC needs a real address")
    return mac


def generate_mac(taken: Collection[str] = ()) -> str:
    """A random 52:54:00:xx:xx:xx address not in ``taken`` (compared case-insensitively)."""
    used = {comparable_mac(mac) for mac in taken}
    for _ in range(_MAX_TRIES):
        suffix = secrets.token_bytes(3)
        mac = QEMU_PREFIX + "".join(f":{byte:02x}" for byte in suffix)
        if mac not in used:
            return mac
    raise BadInput(f"no free MAC address left in {QEMU_PREFIX}:xx:xx:xx")
