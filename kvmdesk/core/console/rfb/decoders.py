"""Rectangle decoders: Raw, CopyRect, Hextile, ZRLE (Tight lives in :mod:`tight`).

Each decoder reads exactly its rectangle from the socket and writes framebuffer pixels; any
inconsistency (a subrectangle outside its tile, a palette index beyond the palette, a zlib
stream that inflates past what the rectangle can hold) is an :class:`RfbError`.
"""

from __future__ import annotations

import zlib

from kvmdesk.core.console.rfb import pixels
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.wire import BufferReader, SocketReader

MAX_COMPRESSED = 64 * 1024 * 1024  # one rectangle's compressed payload

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


def decode_hextile(
    reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
) -> None:
    background: bytes | None = None
    foreground: bytes | None = None
    for tile_y in range(y, y + h, 16):
        tile_h = min(16, y + h - tile_y)
        for tile_x in range(x, x + w, 16):
            tile_w = min(16, x + w - tile_x)
            mask = reader.u8()
            if mask & _HEXTILE_RAW:
                raw = reader.read(tile_w * tile_h * 4)
                fb.blit(tile_x, tile_y, tile_w, tile_h, pixels.opaque(raw))
                continue
            if mask & _HEXTILE_BACKGROUND:
                background = reader.read(3) + b"\xff"
                reader.read(1)
            if mask & _HEXTILE_FOREGROUND:
                foreground = reader.read(3) + b"\xff"
                reader.read(1)
            if background is None:
                raise RfbError(RfbProblem.MALFORMED, "a Hextile tile without a background")
            tile = bytearray(background * (tile_w * tile_h))
            if mask & _HEXTILE_SUBRECTS:
                count = reader.u8()
                coloured = bool(mask & _HEXTILE_COLOURED)
                if not coloured and foreground is None:
                    raise RfbError(RfbProblem.MALFORMED, "a Hextile subrectangle without colour")
                data = reader.read(count * (6 if coloured else 2))
                pos = 0
                for _ in range(count):
                    if coloured:
                        colour = data[pos : pos + 3] + b"\xff"
                        pos += 4
                    else:
                        colour = foreground  # type: ignore[assignment]
                    xy, wh = data[pos], data[pos + 1]
                    pos += 2
                    sub_x, sub_y = xy >> 4, xy & 15
                    sub_w, sub_h = (wh >> 4) + 1, (wh & 15) + 1
                    if sub_x + sub_w > tile_w or sub_y + sub_h > tile_h:
                        raise RfbError(
                            RfbProblem.MALFORMED, "a Hextile subrectangle outside its tile"
                        )
                    row = colour * sub_w
                    for line in range(sub_y, sub_y + sub_h):
                        start = (line * tile_w + sub_x) * 4
                        tile[start : start + sub_w * 4] = row
            fb.blit(tile_x, tile_y, tile_w, tile_h, tile)


def _run_length(buf: BufferReader) -> int:
    length = 1
    while True:
        byte = buf.u8()
        length += byte
        if byte != 255:
            return length


class ZrleDecoder:
    """ZRLE with its one zlib stream for the whole connection (RFC 6143 §7.7.6)."""

    def __init__(self) -> None:
        self._inflate = zlib.decompressobj()

    def decode(
        self, reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
    ) -> None:
        length = reader.u32()
        if length > MAX_COMPRESSED:
            raise RfbError(RfbProblem.LIMIT, "a ZRLE rectangle", length)
        tiles = ((w + 63) // 64) * ((h + 63) // 64)
        bound = tiles + w * h * 4 + 1024  # the largest a valid rectangle can inflate to
        try:
            data = self._inflate.decompress(reader.read(length), bound)
        except zlib.error as error:
            raise RfbError(RfbProblem.MALFORMED, f"ZRLE zlib data ({error})") from error
        if self._inflate.unconsumed_tail:
            raise RfbError(RfbProblem.MALFORMED, "a ZRLE rectangle inflates past its size")
        buf = BufferReader(data, "a ZRLE rectangle")
        for tile_y in range(y, y + h, 64):
            tile_h = min(64, y + h - tile_y)
            for tile_x in range(x, x + w, 64):
                tile_w = min(64, x + w - tile_x)
                fb.blit(tile_x, tile_y, tile_w, tile_h, self._tile(buf, tile_w, tile_h))

    @staticmethod
    def _tile(buf: BufferReader, tile_w: int, tile_h: int) -> bytes | bytearray:
        count = tile_w * tile_h
        kind = buf.u8()
        if kind == 0:
            return pixels.from_bgr(buf.read(count * 3), count)
        if kind == 1:
            return bytes(buf.read(3) + b"\xff") * count
        if 2 <= kind <= 16:
            palette = [buf.read(3) + b"\xff" for _ in range(kind)]
            bits = 1 if kind == 2 else 2 if kind <= 4 else 4
            row_bytes = (tile_w * bits + 7) // 8
            indices = pixels.unpack_indices(buf.read(row_bytes * tile_h), bits, tile_w, tile_h)
            if max(indices) >= kind:
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE palette index beyond the palette")
            return pixels.map_palette(indices, palette)
        if kind == 128:
            pieces: list[bytes] = []
            filled = 0
            while filled < count:
                colour = buf.read(3) + b"\xff"
                length = _run_length(buf)
                filled += length
                pieces.append(colour * length)
            if filled != count:
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE run longer than its tile")
            return b"".join(pieces)
        if kind >= 130:
            size = kind - 128
            palette = [buf.read(3) + b"\xff" for _ in range(size)]
            pieces = []
            filled = 0
            while filled < count:
                index = buf.u8()
                length = 1
                if index & 128:
                    index &= 127
                    length = _run_length(buf)
                if index >= size:
                    raise RfbError(RfbProblem.MALFORMED, "a ZRLE palette index beyond the palette")
                filled += length
                pieces.append(palette[index] * length)
            if filled != count:
                raise RfbError(RfbProblem.MALFORMED, "a ZRLE run longer than its tile")
            return b"".join(pieces)
        raise RfbError(RfbProblem.MALFORMED, f"ZRLE tile type {kind}")
