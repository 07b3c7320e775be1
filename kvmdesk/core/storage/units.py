"""Sizes with units: what a user types ("20G", "512 MiB", "1.5T") and how sizes are shown.

One parser for the dialogs and the CLI. Binary units (K, M, G, T, KiB … TiB) are
powers of 1024, decimal ones (KB, MB, GB, TB) powers of 1000, as libvirt and
``qemu-img`` read them. A bare number has no unit and is refused: "20" could mean
bytes or GiB, and guessing loses a user's disk size.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kvmdesk.core.types.errors import BadInput

UNIT_BYTES: dict[str, int] = {
    "b": 1,
    "k": 1024,
    "kib": 1024,
    "kb": 1000,
    "m": 1024**2,
    "mib": 1024**2,
    "mb": 1000**2,
    "g": 1024**3,
    "gib": 1024**3,
    "gb": 1000**3,
    "t": 1024**4,
    "tib": 1024**4,
    "tb": 1000**4,
    "p": 1024**5,
    "pib": 1024**5,
    "pb": 1000**5,
}

# The units the dialogs offer, smallest first.
DIALOG_UNITS: tuple[str, ...] = ("MiB", "GiB", "TiB")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$")


def parse_size(text: str, what: str = "size") -> int:
    """``text`` such as ``20G`` or ``1.5 TiB`` in bytes, else :class:`BadInput` naming ``what``."""
    match = _SIZE.match(text)
    if match is None:
        raise BadInput(f"{what} is not a size, as in 20G or 512M: {text!r}")
    number, unit = match.groups()
    if not unit:
        raise BadInput(f"{what} needs a unit, as in {number}G or {number}M: {text!r}")
    factor = UNIT_BYTES.get(unit.lower())
    if factor is None:
        raise BadInput(f"{what} has an unknown unit {unit!r} (use K, M, G, T or KB, MB, GB, TB)")
    try:
        value = Decimal(number) * factor
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise BadInput(f"{what} is not a size: {text!r}") from None
    return int(value)


def size_in(value: float, unit: str) -> int:
    """``value`` of a dialog's ``unit`` (MiB, GiB, TiB) in bytes."""
    return int(Decimal(str(value)) * UNIT_BYTES[unit.lower()])


def format_size(size: int) -> str:
    """Bytes the way people read them: 0 B, 512 KiB, 20 GiB, 1.5 TiB (one decimal at most)."""
    if size < 1024:
        return f"{size} B"
    for unit, factor in (("PiB", 1024**5), ("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2)):
        if size >= factor:
            return f"{_one_decimal(size / factor)} {unit}"
    return f"{_one_decimal(size / 1024)} KiB"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
