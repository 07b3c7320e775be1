"""The Tight encoding: fill, JPEG and basic compression over four zlib streams, with the
copy, palette and gradient filters (TightVNC's protocol notes; RFC 6143 lists the number).

For our pixel format Tight sends 3-byte R, G, B pixels ("TPIXEL"). JPEG data is handed to a
decoder the view supplies (core is Qt-free; the view decodes with ``QImage``), still on the
reader thread so the GUI thread never decodes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from kvmdesk.core.console.rfb import pixels
from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from kvmdesk.core.console.rfb.framebuffer import SharedFramebuffer
from kvmdesk.core.console.rfb.wire import SocketReader

# (jpeg bytes, width, height) -> width×height framebuffer pixels; raises ValueError when bad.
JpegDecoder = Callable[[bytes, int, int], bytes]

_FILL, _JPEG, _PNG = 0x08, 0x09, 0x0A
_FILTER_COPY, _FILTER_PALETTE, _FILTER_GRADIENT = 0, 1, 2
_MIN_TO_COMPRESS = 12
MAX_TIGHT_LENGTH = (1 << 22) - 1  # what the compact length can say


def _compact_length(reader: SocketReader) -> int:
    byte = reader.u8()
    length = byte & 0x7F
    if byte & 0x80:
        byte = reader.u8()
        length |= (byte & 0x7F) << 7
        if byte & 0x80:
            length |= reader.u8() << 14
    return length


def gradient(data: bytes, width: int, height: int) -> bytes:
    """Undoes the gradient filter: each component predicted from left + up − up-left."""
    row_len = width * 3
    previous = [0] * row_len
    out = bytearray(row_len * height)
    for y in range(height):
        current = [0] * row_len
        base = y * row_len
        for x in range(row_len):
            left = current[x - 3] if x >= 3 else 0
            up_left = previous[x - 3] if x >= 3 else 0
            predicted = left + previous[x] - up_left
            predicted = 0 if predicted < 0 else 255 if predicted > 255 else predicted
            current[x] = (predicted + data[base + x]) & 0xFF
        out[base : base + row_len] = bytes(current)
        previous = current
    return bytes(out)


class TightDecoder:
    def __init__(self, jpeg: JpegDecoder | None) -> None:
        self._streams: list[zlib._Decompress | None] = [None, None, None, None]
        self._jpeg = jpeg

    def decode(
        self, reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
    ) -> None:
        control = reader.u8()
        for stream in range(4):
            if control & (1 << stream):
                self._streams[stream] = None
        kind = control >> 4
        if kind == _FILL:
            fb.fill(x, y, w, h, bytes(pixels.from_rgb(reader.read(3), 1)))
            return
        if kind == _JPEG:
            self._decode_jpeg(reader, fb, x, y, w, h)
            return
        if kind & 0x08:
            name = "PNG" if kind == _PNG else str(kind)
            raise RfbError(RfbProblem.MALFORMED, f"Tight compression type {name}")
        stream = kind & 0x03
        filter_id = reader.u8() if kind & 0x04 else _FILTER_COPY
        count = w * h
        if filter_id in (_FILTER_COPY, _FILTER_GRADIENT):
            data = self._payload(reader, stream, count * 3)
            if filter_id == _FILTER_GRADIENT:
                data = gradient(data, w, h)
            fb.blit(x, y, w, h, pixels.from_rgb(data, count))
        elif filter_id == _FILTER_PALETTE:
            colours = reader.u8() + 1
            palette = pixels.from_rgb(reader.read(3 * colours), colours)
            if colours == 2:
                packed = self._payload(reader, stream, ((w + 7) // 8) * h)
                indices = pixels.unpack_indices(packed, 1, w, h)
            else:
                indices = self._payload(reader, stream, count)
                if not pixels.indices_within(indices, colours):
                    raise RfbError(RfbProblem.MALFORMED, "a Tight palette index beyond the palette")
            fb.blit(x, y, w, h, pixels.map_palette(indices, palette))
        else:
            raise RfbError(RfbProblem.MALFORMED, f"Tight filter {filter_id}")

    def _payload(self, reader: SocketReader, stream: int, size: int) -> bytes:
        if size < _MIN_TO_COMPRESS:
            return reader.read(size)
        length = _compact_length(reader)
        inflate = self._streams[stream]
        if inflate is None:
            inflate = self._streams[stream] = zlib.decompressobj()
        try:
            data = inflate.decompress(reader.read(length), size)
        except zlib.error as error:
            raise RfbError(RfbProblem.MALFORMED, f"Tight zlib data ({error})") from error
        if inflate.unconsumed_tail or len(data) != size:
            raise RfbError(RfbProblem.MALFORMED, "a Tight rectangle of the wrong size")
        return data

    def _decode_jpeg(
        self, reader: SocketReader, fb: SharedFramebuffer, x: int, y: int, w: int, h: int
    ) -> None:
        data = reader.read(_compact_length(reader))
        if self._jpeg is None:
            raise RfbError(RfbProblem.MALFORMED, "a Tight JPEG rectangle, which was not asked for")
        try:
            decoded = self._jpeg(data, w, h)
        except ValueError as error:
            raise RfbError(RfbProblem.MALFORMED, f"Tight JPEG data ({error})") from error
        if len(decoded) != w * h * 4:
            raise RfbError(RfbProblem.MALFORMED, "a Tight JPEG image of the wrong size")
        fb.blit(x, y, w, h, decoded)
