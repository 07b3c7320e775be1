"""Rectangle decoders: Raw, CopyRect, Hextile (ZRLE lives in :mod:`zrle`, Tight in :mod:`tight`).

Each decoder reads exactly its rectangle from the socket and writes framebuffer pixels; any
inconsistency (a subrectangle outside its tile, a palette index beyond the palette, a zlib
stream that inflates past what the rectangle can hold) is an :class:`RfbError`.

Speed (BENCHMARKS.md): a whole 1024×768 screen is 3,072 Hextile tiles, so the decoder does
per tile only what it must in Python. It parses the socket reader's buffer in place (an
index, not a call, per field), keeps each tile as one piece (raw tiles are a slice of the
buffer, solid ones a repeated pixel), gathers a strip's rows from its tiles in C
(:func:`pixels.strip_from_tiles`), and makes the padding bytes opaque once; the framebuffer
gets one blit per rectangle.
"""

from __future__ import annotations

import struct

from kvmdesk.core.console.rfb import pixels
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.wire import SocketReader

_HEXTILE_RAW, _HEXTILE_BACKGROUND, _HEXTILE_FOREGROUND = 1, 2, 4
_HEXTILE_SUBRECTS, _HEXTILE_COLOURED = 8, 16


def decode_raw(reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int) -> None:
    fb.blit(x, y, w, h, pixels.opaque(reader.read(w * h * 4)))


def decode_copyrect(
    reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
) -> None:
    src_x, src_y = reader.unpack(">HH")
    if not fb.contains(src_x, src_y, w, h):
        raise RfbError(
            RfbProblem.OUTSIDE, f"(CopyRect source {src_x},{src_y} {w}×{h})", fb.width, fb.height
        )
    fb.copy(src_x, src_y, x, y, w, h)


# Where a subrectangle lies in a whole 16×16 tile, by its two position and size bytes:
# computed once per code seen (at most 136 × 136 valid ones), checked when computed.
_SHAPES_16: dict[int, tuple[tuple[slice, ...], int]] = {}


def _subrect_shape(code: int, tile_w: int, tile_h: int) -> tuple[tuple[slice, ...], int]:
    """A subrectangle's rows in its tile (as slices) and its width; outside it: an error."""
    sub_x, sub_y = code >> 12, (code >> 8) & 15
    sub_w, sub_h = ((code >> 4) & 15) + 1, (code & 15) + 1
    if sub_x + sub_w > tile_w or sub_y + sub_h > tile_h:
        raise RfbError(RfbProblem.MALFORMED, "a Hextile subrectangle outside its tile")
    stride = tile_w * 4
    start = sub_y * stride + sub_x * 4
    rows = range(start, start + stride * sub_h, stride)
    return tuple(slice(line, line + sub_w * 4) for line in rows), sub_w


def decode_hextile(
    reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
) -> None:
    strips: list[bytes] = []
    background: bytearray | None = None
    foreground: bytearray | None = None
    buf = reader.refill(0, 0)
    pos = 0
    for tile_y in range(0, h, 16):
        tile_h = min(16, h - tile_y)
        tiles: list[bytes | bytearray] = []  # this strip's tiles, each row after row
        for tile_x in range(0, w, 16):
            tile_w = min(16, w - tile_x)
            if pos >= len(buf):
                buf, pos = reader.refill(pos, 1), 0
            mask = buf[pos]
            pos += 1
            if mask & _HEXTILE_RAW:
                size = tile_w * tile_h * 4
                if pos + size > len(buf):
                    buf, pos = reader.refill(pos, size), 0
                tiles.append(buf[pos : pos + size])
                pos += size
                continue
            # the fields before the subrectangles: colours (4 bytes each) and their count
            need = 4 * ((mask >> 1) & 1) + 4 * ((mask >> 2) & 1) + ((mask >> 3) & 1)
            if pos + need > len(buf):
                buf, pos = reader.refill(pos, need), 0
            if mask & _HEXTILE_BACKGROUND:
                background = buf[pos : pos + 4]
                pos += 4
            if mask & _HEXTILE_FOREGROUND:
                foreground = buf[pos : pos + 4]
                pos += 4
            if background is None:
                raise RfbError(RfbProblem.MALFORMED, "a Hextile tile without a background")
            tile = background * (tile_w * tile_h)
            tiles.append(tile)
            if not mask & _HEXTILE_SUBRECTS:
                continue
            count = buf[pos]
            pos += 1
            coloured = mask & _HEXTILE_COLOURED
            if not coloured and foreground is None:
                raise RfbError(RfbProblem.MALFORMED, "a Hextile subrectangle without colour")
            fields: list[tuple[bytearray, int]]
            size = count * (6 if coloured else 2)
            if pos + size > len(buf):
                buf, pos = reader.refill(pos, size), 0
            shapes = _SHAPES_16 if tile_w == 16 and tile_h == 16 else {}
            if coloured:
                fields = [
                    (buf[at : at + 4], buf[at + 4] << 8 | buf[at + 5])
                    for at in range(pos, pos + size, 6)
                ]
            else:
                assert foreground is not None
                fields = [(foreground, code) for code in struct.unpack_from(f">{count}H", buf, pos)]
            pos += size
            for colour, code in fields:
                shape = shapes.get(code)
                if shape is None:
                    shape = shapes[code] = _subrect_shape(code, tile_w, tile_h)
                spans, sub_w = shape
                row = colour * sub_w
                for span in spans:
                    tile[span] = row
        strips.append(pixels.strip_from_tiles(b"".join(tiles), w, 16, tile_h))
    reader.consume(pos)
    fb.blit(x, y, w, h, pixels.opaque(b"".join(strips)))
