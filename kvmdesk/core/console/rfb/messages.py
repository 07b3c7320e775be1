"""Client-to-server RFB messages and the encoding numbers (RFC 6143 §7.5, §7.7)."""

from __future__ import annotations

import enum
import struct
from collections.abc import Iterable, Sequence


class Encoding(enum.IntEnum):
    RAW = 0
    COPYRECT = 1
    HEXTILE = 5
    TIGHT = 7
    ZRLE = 16
    DESKTOP_SIZE = -223
    LAST_RECT = -224
    CURSOR = -239
    QEMU_EXTENDED_KEY = -258
    EXTENDED_DESKTOP_SIZE = -308
    TIGHT_QUALITY_8 = -24  # JPEG quality level 8 of 0…9 (-32 … -23)
    TIGHT_COMPRESS_6 = -250  # zlib level 6 of 0…9 (-256 … -247)


ENCODING_NAMES: dict[str, tuple[Encoding, ...]] = {
    "raw": (Encoding.RAW,),
    "copyrect": (Encoding.COPYRECT,),
    "hextile": (Encoding.HEXTILE,),
    "zrle": (Encoding.ZRLE,),
    "tight": (Encoding.TIGHT, Encoding.TIGHT_COMPRESS_6),
    # Lossy: only when asked for by name (a console's text should stay sharp).
    "jpeg": (Encoding.TIGHT_QUALITY_8,),
}
# Best first for the usual case, a local socket or a fast link: Tight and ZRLE compress the
# most, CopyRect moves scrolled regions, Raw is the fallback every server has.
DEFAULT_ENCODINGS = ("tight", "zrle", "hextile", "copyrect", "raw")
# For a socket to a server on this machine (openGraphicsFD): bandwidth is free and Raw costs
# the least CPU to decode (about a fifth of ZRLE's or Tight's per full screen, see
# BENCHMARKS.md), so it goes first.
LOCAL_ENCODINGS = ("raw", "copyrect", "zrle", "tight", "hextile")
PSEUDO_ENCODINGS = (
    Encoding.DESKTOP_SIZE,
    Encoding.EXTENDED_DESKTOP_SIZE,
    Encoding.CURSOR,
    Encoding.LAST_RECT,
    Encoding.QEMU_EXTENDED_KEY,
)


def encodings_for(names: Sequence[str] | None) -> list[Encoding]:
    """The SetEncodings list for encoding ``names`` (None = all, best first), pseudo last.

    Raises ValueError naming an unknown name.
    """
    chosen = DEFAULT_ENCODINGS if names is None else tuple(names)
    result: list[Encoding] = []
    for name in chosen:
        try:
            result.extend(ENCODING_NAMES[name.lower()])
        except KeyError:
            known = ", ".join(ENCODING_NAMES)
            raise ValueError(f"unknown VNC encoding {name!r} (known: {known})") from None
    return result + list(PSEUDO_ENCODINGS)


# Bytes B, G, R, X in memory: 32 bpp, depth 24, little-endian, true colour, shifts 16/8/0.
PIXEL_FORMAT = struct.pack(">BBBBHHHBBB3x", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)


def set_pixel_format() -> bytes:
    return struct.pack(">B3x", 0) + PIXEL_FORMAT


def set_encodings(encodings: Iterable[int]) -> bytes:
    values = list(encodings)
    return struct.pack(f">BxH{len(values)}i", 2, len(values), *values)


def update_request(incremental: bool, width: int, height: int) -> bytes:
    return struct.pack(">BBHHHH", 3, 1 if incremental else 0, 0, 0, width, height)


def key_event(down: bool, keysym: int) -> bytes:
    return struct.pack(">BBxxI", 4, 1 if down else 0, keysym)


def qemu_key_event(down: bool, keysym: int, scancode: int) -> bytes:
    """QEMU's extended key event: the keysym plus the XT scancode in QEMU's "qnum" form."""
    return struct.pack(">BBHII", 255, 0, 1 if down else 0, keysym, scancode)


def pointer_event(buttons: int, x: int, y: int) -> bytes:
    return struct.pack(">BBHH", 5, buttons & 0xFF, x, y)


def client_cut_text(text: str) -> bytes:
    data = text.encode("latin-1", errors="replace")
    return struct.pack(">B3xI", 6, len(data)) + data
