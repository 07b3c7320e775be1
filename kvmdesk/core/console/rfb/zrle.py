"""ZRLE (RFC 6143 §7.7.6): 64×64 tiles of raw, solid, packed-palette, run-length and
palette run-length pixels, over one zlib stream for the whole connection.

Speed (BENCHMARKS.md): work in Python is per tile and per run, never per pixel. Pixels
become framebuffer pixels by slicing (:mod:`pixels`); in a palette run-length tile the
single pixels between runs are palette indices already, taken as one slice up to the next
run (a regular expression finds it in C) and mapped with ``bytes.translate``. A strip's rows
are gathered from its tiles in C (:func:`pixels.strip_from_tiles`) and the rectangle is
blitted once.
"""

from __future__ import annotations

import re
import zlib

from kvmdesk.core.console.rfb import pixels
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.wire import SocketReader

MAX_COMPRESSED = 64 * 1024 * 1024  # one rectangle's compressed payload

_RUN_START = re.compile(rb"[\x80-\xff]")  # in a palette RLE tile: an index with a run length
_BYTE = [bytes((value,)) for value in range(256)]
_WHAT = "a ZRLE rectangle"


def _ends_early() -> RfbError:
    return RfbError(RfbProblem.MALFORMED, f"{_WHAT} ends early")


def _run_length(data: bytes, pos: int) -> tuple[int, int]:
    """A run length (1 + the sum of its bytes, 255 meaning more follow) and where it ends."""
    length = 1
    end = len(data)
    while True:
        if pos >= end:
            raise _ends_early()
        byte = data[pos]
        pos += 1
        length += byte
        if byte != 255:
            return length, pos


class ZrleDecoder:
    """ZRLE with its one zlib stream for the whole connection."""

    def __init__(self) -> None:
        self._inflate = zlib.decompressobj()

    def decode(
        self, reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
    ) -> None:
        length = reader.u32()
        if length > MAX_COMPRESSED:
            raise RfbError(RfbProblem.LIMIT, "a ZRLE rectangle", length)
        tile_count = ((w + 63) // 64) * ((h + 63) // 64)
        bound = tile_count + w * h * 4 + 1024  # the largest a valid rectangle can inflate to
        try:
            data = self._inflate.decompress(reader.read(length), bound)
        except zlib.error as error:
            raise RfbError(RfbProblem.MALFORMED, f"ZRLE zlib data ({error})") from error
        if self._inflate.unconsumed_tail:
            raise RfbError(RfbProblem.MALFORMED, "a ZRLE rectangle inflates past its size")
        strips: list[bytes] = []
        pos = 0
        for tile_y in range(0, h, 64):
            tile_h = min(64, h - tile_y)
            tiles: list[bytes | bytearray] = []  # this strip's tiles, each row after row
            for tile_x in range(0, w, 64):
                tile, pos = self._tile(data, pos, min(64, w - tile_x), tile_h)
                tiles.append(tile)
            strips.append(pixels.strip_from_tiles(b"".join(tiles), w, 64, tile_h))
        fb.blit(x, y, w, h, b"".join(strips))

    @staticmethod
    def _tile(data: bytes, pos: int, tile_w: int, tile_h: int) -> tuple[bytes | bytearray, int]:
        """The framebuffer pixels of the tile at ``data[pos]`` (row after row), and where
        the next tile begins."""
        count = tile_w * tile_h
        if pos >= len(data):
            raise _ends_early()
        kind = data[pos]
        pos += 1
        if kind == 0:
            end = pos + count * 3
            if end > len(data):
                raise _ends_early()
            return pixels.from_bgr(data[pos:end], count), end
        if kind == 1:
            if pos + 3 > len(data):
                raise _ends_early()
            return (data[pos : pos + 3] + b"\xff") * count, pos + 3
        if kind == 128:
            return ZrleDecoder._plain_runs(data, pos, count)
        if 2 <= kind <= 16 or kind >= 130:
            size = kind if kind <= 16 else kind - 128
            end = pos + size * 3
            if end > len(data):
                raise _ends_early()
            palette = pixels.from_bgr(data[pos:end], size)
            pos = end
            if kind <= 16:
                bits = 1 if kind == 2 else 2 if kind <= 4 else 4
                end = pos + (tile_w * bits + 7) // 8 * tile_h
                if end > len(data):
                    raise _ends_early()
                indices = pixels.unpack_indices(data[pos:end], bits, tile_w, tile_h)
                pos = end
            else:
                indices, pos = ZrleDecoder._palette_runs(data, pos, count)
            if not pixels.indices_within(indices, size):
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE palette index beyond the palette")
            return pixels.map_palette(indices, palette), pos
        raise RfbError(RfbProblem.MALFORMED, f"ZRLE tile type {kind}")

    @staticmethod
    def _plain_runs(data: bytes, pos: int, count: int) -> tuple[bytes | bytearray, int]:
        """Plain run-length: runs of 3-byte pixels, each with its length."""
        pieces: list[bytes] = []
        filled = 0
        end = len(data)
        while filled < count:
            if pos + 4 > end:
                raise _ends_early()
            byte = data[pos + 3]
            if byte != 255:
                length, after = byte + 1, pos + 4
            else:
                length, after = _run_length(data, pos + 3)
            filled += length
            if filled > count:
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE run longer than its tile")
            pieces.append(data[pos : pos + 3] * length)
            pos = after
        return pixels.from_bgr(b"".join(pieces), count), pos

    @staticmethod
    def _palette_runs(data: bytes, pos: int, count: int) -> tuple[bytes, int]:
        """Palette run-length: the tile's palette indices, and where the tile ends."""
        pieces: list[bytes] = []
        filled = 0
        search = _RUN_START.search
        while filled < count:
            left = count - filled
            found = search(data, pos, pos + left)
            singles = (found.start() if found is not None else min(pos + left, len(data))) - pos
            if singles:
                pieces.append(data[pos : pos + singles])
                pos += singles
                filled += singles
                continue
            if found is None:
                raise _ends_early()
            index = data[pos] & 127
            length, pos = _run_length(data, pos + 1)
            if length > left:
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE run longer than its tile")
            pieces.append(_BYTE[index] * length)
            filled += length
        return b"".join(pieces), pos
