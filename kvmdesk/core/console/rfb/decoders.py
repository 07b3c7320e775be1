"""Rectangle decoders: Raw, CopyRect, Hextile (ZRLE lives in :mod:`zrle`, Tight in :mod:`tight`).

Each decoder reads exactly its rectangle from the socket and writes framebuffer pixels; any
inconsistency (a subrectangle outside its tile, a palette index beyond the palette, a zlib
stream that inflates past what the rectangle can hold) is an :class:`RfbError`.

Speed (BENCHMARKS.md): a whole 1024×768 screen is 3,072 Hextile tiles, so the decoder does
per tile only what it must in Python. It parses the socket reader's buffer in place (an
index, not a call, per field); a run of whole solid tiles of the last background (one byte
each) or of raw tiles (their mask bytes a tile apart) is found with one slice and taken as
one piece; each tile is one piece (raw pixels a slice of the buffer, made opaque there;
solid ones a repeated pixel); a strip's rows are gathered from its tiles in C
(:func:`pixels.strip_from_tiles`), and the framebuffer gets one blit per rectangle.
"""

from __future__ import annotations

import functools
import operator
import struct
from collections.abc import Callable

from kvmdesk.core.console.rfb import pixels
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.wire import SocketReader

_HEXTILE_RAW, _HEXTILE_BACKGROUND, _HEXTILE_FOREGROUND = 1, 2, 4
_HEXTILE_SUBRECTS, _HEXTILE_COLOURED = 8, 16
_OPAQUE = b"\xff" * (16 * 16 * 256)  # the fourth byte of up to a strip of 256 raw tiles


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


@functools.lru_cache(maxsize=64)
def _raw_run(count: int, tile_h: int) -> Callable[[bytearray], tuple[bytearray, ...]]:
    """The slices that take ``count`` raw 16-pixel-wide tiles' pixels, without their masks."""
    size = 1 + 64 * tile_h
    slices = [slice(tile * size + 1, (tile + 1) * size) for tile in range(count)]
    return operator.itemgetter(*slices)


def decode_hextile(
    reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
) -> None:
    strips: list[bytes | bytearray] = []
    background: bytearray | None = None
    foreground: bytearray | None = None
    refill = reader.refill
    buf = refill(0, 0)
    pos = 0
    widths = [min(16, w - tile_x) for tile_x in range(0, w, 16)]
    full_tiles = w // 16
    for tile_y in range(0, h, 16):
        tile_h = min(16, h - tile_y)
        tiles: list[bytes | bytearray] = []  # this strip's tiles, each row after row
        append = tiles.append
        index = 0
        while index < len(widths):
            tile_w = widths[index]
            if pos >= len(buf):
                buf, pos = refill(pos, 1), 0
            mask = buf[pos]
            full = tile_w == 16 and index < full_tiles
            if full and (mask == _HEXTILE_RAW or (mask == 0 and background is not None)):
                # A run of whole tiles alike, found in C: solid ones of the last background
                # (one byte each), or raw ones (their mask bytes a tile's size apart).
                size = 1 if mask == 0 else 1 + 64 * tile_h
                masks = buf[pos : pos + size * (full_tiles - index) : size]
                run = len(masks) - len(masks.lstrip(masks[:1]))
                run = min(run, (len(buf) - pos) // size)  # whole tiles in the buffer
                if run > 1:
                    if mask == 0:
                        assert background is not None  # checked above
                        append(background * (16 * tile_h * run))
                    else:
                        piece = bytearray().join(_raw_run(run, tile_h)(buf[pos : pos + size * run]))
                        piece[3::4] = _OPAQUE[: 16 * tile_h * run]
                        append(piece)
                    pos += size * run
                    index += run
                    continue
            pos += 1
            index += 1
            if mask & _HEXTILE_RAW:
                end = pos + tile_w * tile_h * 4
                if end > len(buf):
                    buf, end, pos = refill(pos, end - pos), end - pos, 0
                piece = buf[pos:end]
                piece[3::4] = _OPAQUE[: tile_w * tile_h]
                append(piece)
                pos = end
                continue
            if mask & (_HEXTILE_BACKGROUND | _HEXTILE_FOREGROUND | _HEXTILE_SUBRECTS):
                # the fields before the subrectangles: colours (4 bytes each), their count
                need = 4 * ((mask >> 1) & 1) + 4 * ((mask >> 2) & 1) + ((mask >> 3) & 1)
                if pos + need > len(buf):
                    buf, pos = refill(pos, need), 0
                if mask & _HEXTILE_BACKGROUND:
                    background = buf[pos : pos + 3] + b"\xff"
                    pos += 4
                if mask & _HEXTILE_FOREGROUND:
                    foreground = buf[pos : pos + 3] + b"\xff"
                    pos += 4
            if background is None:
                raise RfbError(RfbProblem.MALFORMED, "a Hextile tile without a background")
            tile = background * (tile_w * tile_h)
            append(tile)
            if not mask & _HEXTILE_SUBRECTS:
                continue
            count = buf[pos]
            pos += 1
            coloured = mask & _HEXTILE_COLOURED
            if not coloured and foreground is None:
                raise RfbError(RfbProblem.MALFORMED, "a Hextile subrectangle without colour")
            size = count * (6 if coloured else 2)
            if pos + size > len(buf):
                buf, pos = refill(pos, size), 0
            shapes = _SHAPES_16 if tile_w == 16 and tile_h == 16 else {}
            fields: list[tuple[bytearray, int]]
            if coloured:
                fields = [
                    (buf[at : at + 3] + b"\xff", buf[at + 4] << 8 | buf[at + 5])
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
        if len(tiles) == 1 and w % 16 == 0 and mask == 0:
            strips.append(tiles[0])  # one solid run across: rows and tiles are the same
        else:
            strips.append(pixels.strip_from_tiles(b"".join(tiles), w, 16, tile_h))
    reader.consume(pos)
    fb.blit(x, y, w, h, b"".join(strips))
