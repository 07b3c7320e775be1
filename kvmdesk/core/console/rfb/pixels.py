"""Fast byte-level conversions shared by the decoders (no per-pixel Python loops).

Every routine produces framebuffer pixels: bytes B, G, R, 0xFF.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable

OPAQUE = 0xFF


def _bit_tables(bits: int) -> tuple[bytes, ...]:
    mask = (1 << bits) - 1
    return tuple(
        bytes((value >> (8 - bits * (slot + 1))) & mask for value in range(256))
        for slot in range(8 // bits)
    )


_TABLES = {bits: _bit_tables(bits) for bits in (1, 2, 4)}


def unpack_indices(data: bytes, bits: int, width: int, height: int) -> bytes:
    """Palette indices packed ``bits`` per pixel, each row padded to a byte, one byte each."""
    if bits == 8:
        return data
    per_byte = 8 // bits
    row_bytes = (width + per_byte - 1) // per_byte
    tables = _TABLES[bits]
    expanded = bytearray(row_bytes * per_byte * height)
    for slot, table in enumerate(tables):
        expanded[slot::per_byte] = data.translate(table)
    if row_bytes * per_byte == width:
        return bytes(expanded)
    stride = row_bytes * per_byte
    return b"".join(expanded[row * stride : row * stride + width] for row in range(height))


def map_palette(indices: bytes, palette: bytes | bytearray) -> bytearray:
    """Framebuffer pixels for palette ``indices``; ``palette`` is packed 4-byte B,G,R,X pixels.

    Indices beyond the palette map to black (the caller checks them: :func:`indices_within`).
    """
    count = len(indices)
    out = bytearray(count * 4)
    size = len(palette) // 4
    for channel in range(3):
        table = bytearray(256)
        table[:size] = palette[channel::4]
        out[channel::4] = indices.translate(table)
    out[3::4] = b"\xff" * count
    return out


_INDEX_BYTES = [bytes(range(size)) for size in range(257)]


def indices_within(indices: bytes | bytearray, size: int) -> bool:
    """True when every index is below ``size`` (deleting the valid ones leaves nothing)."""
    return not indices.translate(None, _INDEX_BYTES[min(size, 256)])


def from_bgr(data: bytes, count: int) -> bytearray:
    """``count`` 3-byte B,G,R pixels (ZRLE's CPIXEL for our format) to framebuffer pixels."""
    out = bytearray(b"\xff" * (count * 4))
    out[0::4] = data[0::3]
    out[1::4] = data[1::3]
    out[2::4] = data[2::3]
    return out


def from_rgb(data: bytes, count: int) -> bytearray:
    """``count`` 3-byte R,G,B pixels (Tight's TPIXEL) to framebuffer pixels."""
    out = bytearray(b"\xff" * (count * 4))
    out[0::4] = data[2::3]
    out[1::4] = data[1::3]
    out[2::4] = data[0::3]
    return out


def opaque(data: bytes) -> bytearray:
    """Server pixels (B,G,R,padding) with the padding byte made 0xFF, as Qt's RGB32 wants."""
    out = bytearray(data)
    out[3::4] = b"\xff" * (len(data) // 4)
    return out


@functools.lru_cache(maxsize=128)
def _band_rows(widths: tuple[int, ...], height: int) -> Callable[[bytes], tuple[bytes, ...]]:
    """The slices that read a band's rows out of its pieces (``widths`` pixels wide, all
    ``height`` high) stored one after the other, each row after row."""
    slices = []
    for line in range(height):
        start = 0
        for width in widths:
            row = width * 4
            slices.append(slice(start + line * row, start + (line + 1) * row))
            start += row * height
    if len(slices) == 1:
        only = slices[0]
        return lambda data: (data[only],)
    getter: Callable[[bytes], tuple[bytes, ...]] = operator.itemgetter(*slices)
    return getter


def rows_from_pieces(pieces: bytes, widths: tuple[int, ...], height: int) -> bytes:
    """A band's pixels row after row, from pieces side by side (``widths``), each stored row
    after row, one piece after the other: the rows are gathered in C (``itemgetter`` of
    precomputed slices), not copied one by one."""
    return b"".join(_band_rows(widths, height)(pieces))


@functools.lru_cache(maxsize=64)
def _tile_widths(width: int, tile_size: int) -> tuple[int, ...]:
    return tuple(min(tile_size, width - x) for x in range(0, width, tile_size))


def strip_from_tiles(tiles: bytes, width: int, tile_size: int, tile_h: int) -> bytes:
    """A strip ``width`` pixels wide and ``tile_h`` high from its tiles (``tile_size`` wide,
    the last one narrower), stored as :func:`rows_from_pieces` takes them."""
    return rows_from_pieces(tiles, _tile_widths(width, tile_size), tile_h)
