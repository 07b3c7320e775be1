"""Every decoder against the test server's own encoders: the framebuffer must equal the
server's image pixel for pixel."""

from __future__ import annotations

import struct
import time

import pytest

from kvmdesk.core.console.rfb.client import CursorShape
from tests.helpers.rfb_server import (
    DESKTOP_SIZE,
    EXT_DESKTOP,
    LAST_RECT,
    RAW,
    Connect,
    Image,
    RecordingListener,
    RfbTestServer,
    ServerOptions,
    ZrleEncoder,
    cursor_rect,
    encode_copyrect,
    encode_raw,
    pattern_image,
    rect_header,
    rgb_of,
    solid_image,
)

TIMEOUT = 10


def framebuffer_rgb(client: object) -> bytes:
    data, _, _ = client.framebuffer.snapshot()  # type: ignore[attr-defined]
    return rgb_of(data)


def full_request(server: RfbTestServer) -> tuple[object, ...]:
    while True:
        message = server.wait_message("update-request")
        if message.values[0] == 0:
            return message.values


def wait_event(listener: RecordingListener, kind: str) -> tuple[object, ...]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for event, values in list(listener.events):
            if event == kind:
                return values
        time.sleep(0.01)
    raise AssertionError(f"no {kind} event: {listener.events}")


@pytest.mark.parametrize("encoding", ["raw", "hextile", "zrle", "tight"])
def test_each_encoding_decodes_the_image_exactly(connect: Connect, encoding: str) -> None:
    image = pattern_image()
    server, client, listener = connect(image, encodings=[encoding])
    assert listener.first_frame.wait(TIMEOUT), listener.events
    assert server.used_encoding == {"raw": 0, "hextile": 5, "zrle": 16, "tight": 7}[encoding]
    assert framebuffer_rgb(client) == image.rgb()
    assert client.stats().encoding == encoding
    assert listener.events[0] == ("connected", ("kvmdesk test", 320, 192))


def test_the_pattern_exercises_every_zrle_tile_kind() -> None:
    image = pattern_image()
    kinds = set()
    for y in range(0, image.height, 64):
        for x in range(0, image.width, 64):
            kinds.add(ZrleEncoder.tile(image.region(x, y, 64, 64), 64, 64)[0])
    assert {0, 1, 2, 128} <= kinds
    assert any(3 <= k <= 4 for k in kinds) and any(5 <= k <= 16 for k in kinds)
    assert any(k >= 130 for k in kinds)


def test_zrle_stream_carries_across_updates_and_odd_tile_sizes(connect: Connect) -> None:
    image = pattern_image(200, 130, seed=3)
    server, client, listener = connect(image, encodings=["zrle"])
    assert listener.first_frame.wait(TIMEOUT)
    image.data[:] = pattern_image(200, 130, seed=9).data[::-1]
    listener.frame_event.clear()
    server.send_update([server.encode(16, 5, 7, 150, 99)[0]])
    assert listener.frame_event.wait(TIMEOUT)
    data, w, _ = client.framebuffer.snapshot()
    for y in range(7, 106, 13):
        row = data[(y * w + 5) * 4 : (y * w + 155) * 4]
        assert rgb_of(row) == rgb_of(b"".join(image.region(5, y, 150, 1)))


def test_tight_gradient_and_stream_reset(connect: Connect) -> None:
    image = pattern_image(128, 64)
    server, client, listener = connect(image, encodings=["tight"])
    assert listener.first_frame.wait(TIMEOUT)
    server.tight.use_gradient = True
    image.data[:] = pattern_image(128, 64, seed=5).data
    noisy = Image(128, 64, bytearray(image.data))
    server.image = noisy
    listener.frame_event.clear()
    rects = [server.tight.encode(noisy, 0, 0, 128, 64)]
    # a reset of stream 1 (palette rectangles) with a fresh compressor on the server side
    server.tight._streams[1] = __import__("zlib").compressobj()
    solid_two = solid_image(128, 64, (0, 0, 0))
    for i in range(0, len(solid_two.data), 28):
        solid_two.data[i : i + 4] = b"\xff\xff\xff\x00"
    palette_rect = bytearray(server.tight.encode(solid_two, 0, 0, 128, 64))
    palette_rect[12] |= 0x02  # reset stream 1
    server.send_update(rects)
    assert listener.frame_event.wait(TIMEOUT)
    assert framebuffer_rgb(client) == noisy.rgb()
    listener.frame_event.clear()
    server.send_update([bytes(palette_rect)])
    assert listener.frame_event.wait(TIMEOUT)
    assert framebuffer_rgb(client) == solid_two.rgb()


def test_tight_jpeg_bytes_are_handed_to_the_decoder(connect: Connect) -> None:
    seen: list[tuple[bytes, int, int]] = []

    def decode(data: bytes, w: int, h: int) -> bytes:
        seen.append((data, w, h))
        return b"\x10\x20\x30\xff" * (w * h)

    image = solid_image(96, 40, (0, 0, 0))
    server, client, listener = connect(image, encodings=["tight", "jpeg"], jpeg_decoder=decode)
    assert listener.first_frame.wait(TIMEOUT)
    assert -24 in server.client_encodings  # JPEG quality asked for
    server.tight.jpeg = lambda img, x, y, w, h: b"JFIF-payload" * 20
    listener.frame_event.clear()
    server.send_update([server.tight.encode(image, 16, 8, 64, 24, jpeg=True)])
    assert listener.frame_event.wait(TIMEOUT)
    assert seen == [(b"JFIF-payload" * 20, 64, 24)]
    data, w, _ = client.framebuffer.snapshot()
    assert data[(8 * w + 16) * 4 : (8 * w + 16) * 4 + 4] == b"\x10\x20\x30\xff"
    assert data[:4] == b"\x00\x00\x00\xff"


def test_jpeg_is_not_asked_for_without_a_decoder(connect: Connect) -> None:
    server, _, listener = connect(solid_image(16, 16, (0, 0, 0)), encodings=["tight", "jpeg"])
    assert listener.first_frame.wait(TIMEOUT)
    assert -24 not in server.client_encodings


def test_copyrect_moves_pixels_including_overlap(connect: Connect) -> None:
    image = pattern_image(128, 64)
    server, client, listener = connect(image, encodings=["copyrect", "raw"])
    assert listener.first_frame.wait(TIMEOUT)
    listener.frame_event.clear()
    server.send_update([encode_copyrect(0, 0, 10, 5, 100, 50)])
    assert listener.frame_event.wait(TIMEOUT)
    data, w, _ = client.framebuffer.snapshot()
    for y in range(50):
        got = data[((5 + y) * w + 10) * 4 : ((5 + y) * w + 110) * 4]
        assert rgb_of(got) == rgb_of(b"".join(image.region(0, y, 100, 1)))


def test_hextile_tiles_at_the_edges(connect: Connect) -> None:
    image = pattern_image(101, 37, seed=4)
    _server, client, listener = connect(image, ServerOptions(tiles=101), encodings=["hextile"])
    assert listener.first_frame.wait(TIMEOUT)
    assert framebuffer_rgb(client) == image.rgb()


def test_desktop_size_and_extended_desktop_size_resize(connect: Connect) -> None:
    image = pattern_image(64, 64)
    server, client, listener = connect(image, encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT)
    server.on_request = lambda server, incremental: None
    server.drain()  # the first full request was answered before the first frame
    server.send_update([rect_header(0, 0, 80, 48, DESKTOP_SIZE)])
    assert full_request(server) == (0, 0, 0, 80, 48)  # the whole new screen
    assert ("resized", (80, 48)) in listener.events
    ext = rect_header(1, 0, 120, 90, EXT_DESKTOP) + struct.pack(">B3x", 1) + bytes(16)
    server.send_update([ext])
    assert full_request(server) == (0, 0, 0, 120, 90)
    refused = rect_header(1, 3, 50, 50, EXT_DESKTOP) + struct.pack(">B3x", 0)
    server.send_update([refused])
    server.send(b"\x02")
    wait_event(listener, "bell")
    assert (client.framebuffer.width, client.framebuffer.height) == (120, 90)
    assert client.stats().width == 120


def test_cursor_shape_with_mask(connect: Connect) -> None:
    server, _, listener = connect(solid_image(32, 32, (0, 0, 0)), encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT)
    pixels = b"".join(bytes((i, 2 * i, 3 * i, 0)) for i in range(9 * 2))
    mask = bytes((0b10000000, 0b10000000, 0b01111111, 0b10000000))
    server.send_update([cursor_rect(4, 1, 9, 2, pixels, mask)])
    wait_event(listener, "cursor")
    cursor = listener.cursor
    assert isinstance(cursor, CursorShape)
    assert (cursor.width, cursor.height, cursor.hot_x, cursor.hot_y) == (9, 2, 4, 1)
    alpha = cursor.pixels[3::4]
    assert list(alpha) == [255, 0, 0, 0, 0, 0, 0, 0, 255] + [0] + [255] * 8
    assert cursor.pixels[4:7] == bytes((1, 2, 3))


def test_last_rect_ends_an_update_with_an_open_count(connect: Connect) -> None:
    image = pattern_image(64, 32)
    server, client, listener = connect(image, encodings=["raw"])
    assert listener.first_frame.wait(TIMEOUT)
    red = solid_image(64, 32, (0, 0, 255))
    listener.frame_event.clear()
    server.send(
        struct.pack(">BxH", 0, 0xFFFF)
        + encode_raw(red, 0, 0, 64, 32)
        + rect_header(0, 0, 0, 0, LAST_RECT)
    )
    assert listener.frame_event.wait(TIMEOUT)
    server.send(b"\x02")  # a bell right after: the stream is in step
    wait_event(listener, "bell")
    assert framebuffer_rgb(client) == red.rgb()


def test_empty_rectangles_are_fine(connect: Connect) -> None:
    server, _, listener = connect(solid_image(8, 8, (0, 0, 0)), encodings=["zrle", "raw"])
    assert listener.first_frame.wait(TIMEOUT)
    server.send_update([rect_header(8, 8, 0, 0, RAW)])
    server.send(b"\x02")
    wait_event(listener, "bell")
    assert not listener.closed.is_set()
