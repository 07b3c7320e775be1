"""Hextile and ZRLE tiles built by hand: long runs, edge tiles and run-length forms decode
exactly; a broken tile ends the connection with its own message."""

from __future__ import annotations

import struct
import zlib

import pytest

from kvmdesk.core.console.rfb.errors import RfbError, RfbProblem
from tests.helpers.rfb_server import (
    HEXTILE,
    TIGHT,
    ZRLE,
    Connect,
    Image,
    RfbTestServer,
    rect_header,
    rgb_of,
    solid_image,
)

TIMEOUT = 10


def zrle_rect(server: RfbTestServer, x: int, y: int, w: int, h: int, plain: bytes) -> bytes:
    """A ZRLE rectangle on the connection's zlib stream (the server's own compressor)."""
    deflate = server._zrle._deflate
    data = deflate.compress(plain) + deflate.flush(zlib.Z_FULL_FLUSH)
    return rect_header(x, y, w, h, ZRLE) + struct.pack(">I", len(data)) + data


def run_length(length: int) -> bytes:
    length -= 1
    return b"\xff" * (length // 255) + bytes((length % 255,))


def region_rgb(client: object, x: int, y: int, w: int, h: int) -> bytes:
    data, width, _ = client.framebuffer.snapshot()  # type: ignore[attr-defined]
    rows = [data[((y + row) * width + x) * 4 : ((y + row) * width + x + w) * 4] for row in range(h)]
    return rgb_of(b"".join(rows))


def pixels_rgb(*colours: tuple[tuple[int, int, int], int]) -> bytes:
    """R, G, B bytes of ``count`` pixels of each (B, G, R) colour, in order."""
    return b"".join(bytes((r, g, b)) * count for (b, g, r), count in colours)


def decoded(connect: Connect, encoding: str, make: object, w: int = 80, h: int = 70) -> object:
    server, client, listener = connect(solid_image(w, h, (0, 0, 0)), encodings=[encoding])
    assert listener.first_frame.wait(TIMEOUT)
    listener.frame_event.clear()
    server.send_update(make(server))  # type: ignore[operator]
    assert listener.frame_event.wait(TIMEOUT), listener.events
    return client


def test_zrle_plain_runs_longer_than_255_and_a_whole_tile(connect: Connect) -> None:
    a, b = (10, 20, 30), (200, 100, 50)
    # 64×64 = 4096 pixels: 300 of a, 3000 of b, 796 of a — lengths with 255-continuations
    plain = b"\x80" + bytes(a) + run_length(300) + bytes(b) + run_length(3000)
    plain += bytes(a) + run_length(796)
    client = decoded(connect, "zrle", lambda s: [zrle_rect(s, 0, 0, 64, 64, plain)])
    assert region_rgb(client, 0, 0, 64, 64) == pixels_rgb((a, 300), (b, 3000), (a, 796))


def test_zrle_palette_runs_mixed_with_single_pixels_in_an_edge_tile(connect: Connect) -> None:
    palette = [(i, 2 * i, 3 * i) for i in range(1, 6)]
    # a 16×7 tile (112 pixels): singles 0,1,2; a run of 3 × 40; singles 4,0; a run of 1 × 67
    body = bytes((0, 1, 2, 128 | 3)) + run_length(40) + bytes((4, 0, 128 | 1)) + run_length(67)
    plain = bytes((128 + 5,)) + b"".join(bytes(c) for c in palette) + body
    client = decoded(connect, "zrle", lambda s: [zrle_rect(s, 64, 63, 16, 7, plain)])
    want = [0, 1, 2] + [3] * 40 + [4, 0] + [1] * 67
    assert region_rgb(client, 64, 63, 16, 7) == pixels_rgb(*((palette[i], 1) for i in want))


def test_hextile_subrectangles_of_every_form_in_an_edge_tile(connect: Connect) -> None:
    bg, fg, red = b"\x01\x02\x03\x00", b"\x40\x50\x60\x00", b"\x00\x00\xff\x00"

    def make(server: RfbTestServer) -> list[bytes]:
        # a 10×5 rectangle: one tile; then a 16×16 tile with coloured subrectangles
        first = bytes((2 | 4 | 8,)) + bg + fg + bytes((2, 0x00, 0x90, 0x12, 0x11))
        second = bytes((2 | 8 | 16,)) + bg + bytes((2,)) + red + bytes((0xF0, 0x0F))
        second += fg + bytes((0x00, 0xF0))
        return [
            rect_header(0, 0, 10, 5, HEXTILE) + first,
            rect_header(20, 20, 16, 16, HEXTILE) + second,
        ]

    client = decoded(connect, "hextile", make)
    picture = Image(10, 5, bytearray(bg * 50))
    for px, py in [(x, 0) for x in range(10)] + [(1, 2), (2, 2), (1, 3), (2, 3)]:
        picture.data[(py * 10 + px) * 4 : (py * 10 + px) * 4 + 4] = fg
    assert region_rgb(client, 0, 0, 10, 5) == picture.rgb()
    tile = Image(16, 16, bytearray(bg * 256))
    for py in range(16):
        tile.data[(py * 16 + 15) * 4 : (py * 16 + 16) * 4] = red
    tile.data[0:64] = fg * 16
    assert region_rgb(client, 20, 20, 16, 16) == tile.rgb()


BROKEN = [
    ("zrle", "zrle-palette-index", "a ZRLE palette index beyond the palette"),
    ("zrle", "zrle-run-too-long", "a ZRLE run longer than its tile"),
    ("zrle", "zrle-tile-type", "ZRLE tile type 17"),
    ("zrle", "zrle-short", "a ZRLE rectangle ends early"),
    ("zrle", "zrle-packed-index", "a ZRLE palette index beyond the palette"),
    ("hextile", "hextile-outside", "a Hextile subrectangle outside its tile"),
    ("hextile", "hextile-edge-outside", "a Hextile subrectangle outside its tile"),
    ("hextile", "hextile-no-background", "a Hextile tile without a background"),
    ("hextile", "hextile-no-colour", "a Hextile subrectangle without colour"),
    ("tight", "tight-palette-index", "a Tight palette index beyond the palette"),
]


def broken_rect(server: RfbTestServer, case: str) -> bytes:
    grey = b"\x80\x80\x80"
    if case == "zrle-palette-index":
        return zrle_rect(server, 0, 0, 8, 8, bytes((130,)) + grey * 2 + bytes((0, 1, 2)) * 22)
    if case == "zrle-run-too-long":
        return zrle_rect(server, 0, 0, 8, 8, b"\x80" + grey + run_length(65))
    if case == "zrle-tile-type":
        return zrle_rect(server, 0, 0, 8, 8, b"\x11" + grey * 64)
    if case == "zrle-short":
        return zrle_rect(server, 0, 0, 8, 8, b"\x00" + grey * 63)
    if case == "zrle-packed-index":  # 3 colours, 2 bits a pixel: index 3 is beyond
        return zrle_rect(server, 0, 0, 8, 8, bytes((3,)) + grey * 3 + b"\xff" * 16)
    if case == "hextile-outside":  # 8×4 at (10, 0) in a 16×16 tile
        head = rect_header(0, 0, 16, 16, HEXTILE)
        return head + b"\x0e" + grey + b"\x00" + grey + b"\x00" + bytes((1, 0xA0, 0x73))
    if case == "hextile-edge-outside":  # a 4×4 at (0, 0) in a 3×16 edge tile
        head = rect_header(0, 0, 3, 16, HEXTILE)
        return head + b"\x0e" + grey + b"\x00" + grey + b"\x00" + bytes((1, 0x00, 0x33))
    if case == "hextile-no-background":
        return rect_header(0, 0, 16, 16, HEXTILE) + b"\x00"
    if case == "hextile-no-colour":
        return rect_header(0, 0, 16, 16, HEXTILE) + b"\x0a" + grey + b"\x00" + b"\x01\x00\x00"
    assert case == "tight-palette-index"  # 3 colours, raw (uncompressed) indices: 9 pixels
    return rect_header(0, 0, 3, 3, TIGHT) + b"\x40\x01\x02" + grey * 3 + bytes((0, 1, 3)) * 3


@pytest.mark.parametrize(("encoding", "case", "text"), BROKEN, ids=[c[1] for c in BROKEN])
def test_a_broken_tile_ends_the_connection_with_its_message(
    connect: Connect, encoding: str, case: str, text: str
) -> None:
    server, _, listener = connect(solid_image(64, 48, (0, 0, 0)), encodings=[encoding])
    assert listener.first_frame.wait(TIMEOUT)
    server.send_update([broken_rect(server, case)])
    assert listener.closed.wait(TIMEOUT)
    assert isinstance(listener.error, RfbError)
    assert listener.error.problem is RfbProblem.MALFORMED
    assert text in str(listener.error)
