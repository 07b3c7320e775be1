"""A small real RFB server for tests: encodes an image in each encoding, records what the
client sends, and misbehaves on request.

It speaks to one client over a connected socket (one end of a ``socketpair``, or an
accepted loopback connection) on its own thread. Pixels are the client's format (we check
that the client asked for it): 32 bpp little-endian ``0x00RRGGBB``, i.e. B, G, R, X bytes.

The encoders are written from RFC 6143 and the TightVNC notes independently of the client's
decoders, so a decoder test compares two implementations, not one with itself.

Misbehaviours (``misbehave=``): ``"truncated"`` (half a Raw rectangle, then silence;
``"truncated-joined"``: right behind a bell, in one send),
``"truncated-close"`` (half, then close), ``"unknown-encoding"``, ``"huge-desktop"``
(a 65535×65535 DesktopSize), ``"huge-init"`` (a 65535×65535 ServerInit), ``"outside"``
(a rectangle past the screen's edge), ``"security-result"`` (result 7),
``"auth-reject"``, ``"slow-loris"`` (an update trickled one byte every 0.2 s),
``"zlib-bomb"`` (a ZRLE rectangle inflating far past its size), ``"not-rfb"``.
"""

from __future__ import annotations

import queue
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kvmdesk.core.console.rfb.des import vnc_auth_response

RAW, COPYRECT, HEXTILE, TIGHT, ZRLE = 0, 1, 5, 7, 16
DESKTOP_SIZE, LAST_RECT, CURSOR, QEMU_KEY, EXT_DESKTOP = -223, -224, -239, -258, -308
ENCODING_NUMBERS = {
    "raw": RAW,
    "copyrect": COPYRECT,
    "hextile": HEXTILE,
    "tight": TIGHT,
    "zrle": ZRLE,
}


@dataclass
class Image:
    """``width × height`` pixels, 4 bytes each (B, G, R, X)."""

    width: int
    height: int
    data: bytearray

    def pixel(self, x: int, y: int) -> bytes:
        offset = (y * self.width + x) * 4
        return bytes(self.data[offset : offset + 3]) + b"\x00"

    def region(self, x: int, y: int, w: int, h: int) -> list[bytes]:
        """The pixels of a region, row by row, as 4-byte values (X byte 0)."""
        return [self.pixel(px, py) for py in range(y, y + h) for px in range(x, x + w)]

    def rgb(self) -> bytes:
        """R, G, B bytes (for comparisons that ignore the padding byte)."""
        out = bytearray(self.width * self.height * 3)
        out[0::3] = self.data[2::4]
        out[1::3] = self.data[1::4]
        out[2::3] = self.data[0::4]
        return bytes(out)


def solid_image(width: int, height: int, bgr: tuple[int, int, int]) -> Image:
    return Image(width, height, bytearray(bytes((*bgr, 0)) * (width * height)))


def pattern_image(width: int = 320, height: int = 192, seed: int = 1) -> Image:
    """A test picture whose 64×64 tiles exercise every tile kind of ZRLE, Hextile and Tight:
    solid, 2, 3–4, 5–16 and 17–127 colours, long runs of many colours, and noise."""
    data = bytearray(width * height * 4)
    state = seed
    for y in range(height):
        for x in range(width):
            kind = ((x // 64) + (y // 64) * 5) % 8
            if kind == 0:
                b, g, r = 30, 60, 90
            elif kind == 1:
                b, g, r = (255, 255, 255) if (x + y) % 7 == 0 else (0, 0, 0)
            elif kind == 2:
                level = (x * 3 + y) % 4 * 80
                b, g, r = level, 255 - level, 40
            elif kind == 3:
                level = (x // 3 + y // 5) % 12 * 20
                b, g, r = level, level // 2, 255 - level
            elif kind == 4:
                level = (x + 2 * y) % 90
                b, g, r = level, 2 * level, 180 - level
            elif kind == 5:
                run = (x // 17) + (y % 64) * 4  # long horizontal runs of ~250 colours
                b, g, r = run % 256, (run * 7) % 256, (run * 13) % 256
            elif kind == 6:
                state = (state * 1103515245 + 12345) & 0x7FFFFFFF
                b, g, r = state & 0xFF, (state >> 8) & 0xFF, (state >> 16) & 0xFF
            else:
                b, g, r = (x * 4) % 256, (y * 4) % 256, ((x + y) * 2) % 256
            offset = (y * width + x) * 4
            data[offset : offset + 4] = bytes((b, g, r, 0))
    return Image(width, height, data)


def rect_header(x: int, y: int, w: int, h: int, encoding: int) -> bytes:
    return struct.pack(">HHHHi", x, y, w, h, encoding)


# --- encoders ------------------------------------------------------------------------------


def encode_raw(image: Image, x: int, y: int, w: int, h: int) -> bytes:
    stride = image.width * 4
    rows = (
        image.data[row * stride + x * 4 : row * stride + (x + w) * 4] for row in range(y, y + h)
    )
    return rect_header(x, y, w, h, RAW) + b"".join(rows)


def encode_copyrect(src_x: int, src_y: int, x: int, y: int, w: int, h: int) -> bytes:
    return rect_header(x, y, w, h, COPYRECT) + struct.pack(">HH", src_x, src_y)


def _runs(row: Sequence[bytes]) -> Iterator[tuple[int, int, bytes]]:
    start = 0
    for index in range(1, len(row) + 1):
        if index == len(row) or row[index] != row[start]:
            yield start, index - start, row[start]
            start = index


def encode_hextile(image: Image, x: int, y: int, w: int, h: int) -> bytes:
    out = bytearray(rect_header(x, y, w, h, HEXTILE))
    last_background: bytes | None = None
    for tile_y in range(y, y + h, 16):
        tile_h = min(16, y + h - tile_y)
        for tile_x in range(x, x + w, 16):
            tile_w = min(16, x + w - tile_x)
            tile = image.region(tile_x, tile_y, tile_w, tile_h)
            counts: dict[bytes, int] = {}
            for pixel in tile:
                counts[pixel] = counts.get(pixel, 0) + 1
            background = max(counts, key=lambda p: counts[p])
            subrects: list[tuple[bytes, int, int, int]] = []
            for row in range(tile_h):
                line = tile[row * tile_w : (row + 1) * tile_w]
                for start, length, colour in _runs(line):
                    if colour != background:
                        subrects.append((colour, start, row, length))
            if len(counts) > 8 or len(subrects) > 255 or len(subrects) * 6 > tile_w * tile_h * 4:
                out.append(1)
                out += b"".join(tile)
                last_background = None
                continue
            mask = 0
            body = bytearray()
            if background != last_background:
                mask |= 2
                body += background
                last_background = background
            if subrects:
                colours = {s[0] for s in subrects}
                mask |= 8
                if len(colours) == 1:
                    mask |= 4
                    body += next(iter(colours))
                    body.append(len(subrects))
                    for _, sx, sy, length in subrects:
                        body += bytes(((sx << 4) | sy, ((length - 1) << 4)))
                else:
                    mask |= 16
                    body.append(len(subrects))
                    for colour, sx, sy, length in subrects:
                        body += colour + bytes(((sx << 4) | sy, ((length - 1) << 4)))
            out.append(mask)
            out += body
    return bytes(out)


def _run_length_bytes(length: int) -> bytes:
    length -= 1
    return b"\xff" * (length // 255) + bytes((length % 255,))


class ZrleEncoder:
    """ZRLE with one zlib stream; every rectangle ends with a full flush."""

    def __init__(self) -> None:
        self._deflate = zlib.compressobj()

    @staticmethod
    def tile(pixels: list[bytes], tile_w: int, tile_h: int) -> bytes:
        cpixels = [p[:3] for p in pixels]  # little-endian: the low three bytes B, G, R
        palette: list[bytes] = []
        seen: dict[bytes, int] = {}
        for pixel in cpixels:
            if pixel not in seen:
                seen[pixel] = len(palette)
                palette.append(pixel)
        runs = list(_runs(cpixels))
        if len(palette) == 1:
            return b"\x01" + palette[0]
        if len(palette) <= 16:
            bits = 1 if len(palette) == 2 else 2 if len(palette) <= 4 else 4
            out = bytearray((len(palette),)) + b"".join(palette)
            for row in range(tile_h):
                value, filled = 0, 0
                line = bytearray()
                for pixel in cpixels[row * tile_w : (row + 1) * tile_w]:
                    value = (value << bits) | seen[pixel]
                    filled += bits
                    if filled == 8:
                        line.append(value)
                        value, filled = 0, 0
                if filled:
                    line.append(value << (8 - filled))
                out += line
            return bytes(out)
        if len(palette) <= 127:
            out = bytearray((128 + len(palette),)) + b"".join(palette)
            for _, length, pixel in runs:
                if length == 1:
                    out.append(seen[pixel])
                else:
                    out.append(seen[pixel] | 128)
                    out += _run_length_bytes(length)
            return bytes(out)
        if len(runs) * 5 < len(cpixels) * 3:
            out = bytearray(b"\x80")
            for _, length, pixel in runs:
                out += pixel + _run_length_bytes(length)
            return bytes(out)
        return b"\x00" + b"".join(cpixels)

    def encode(self, image: Image, x: int, y: int, w: int, h: int) -> bytes:
        plain = bytearray()
        for tile_y in range(y, y + h, 64):
            tile_h = min(64, y + h - tile_y)
            for tile_x in range(x, x + w, 64):
                tile_w = min(64, x + w - tile_x)
                plain += self.tile(image.region(tile_x, tile_y, tile_w, tile_h), tile_w, tile_h)
        data = self._deflate.compress(bytes(plain)) + self._deflate.flush(zlib.Z_FULL_FLUSH)
        return rect_header(x, y, w, h, ZRLE) + struct.pack(">I", len(data)) + data


def compact_length(length: int) -> bytes:
    out = bytearray((length & 0x7F,))
    if length > 0x7F:
        out[0] |= 0x80
        out.append((length >> 7) & 0x7F)
        if length > 0x3FFF:
            out[1] |= 0x80
            out.append((length >> 14) & 0xFF)
    return bytes(out)


def gradient_filter(rgb: list[bytes], w: int, h: int) -> bytes:
    """Tight's gradient filter (encoder side): each component minus its prediction."""
    out = bytearray()
    for y in range(h):
        for x in range(w):
            for c in range(3):
                left = rgb[y * w + x - 1][c] if x else 0
                up = rgb[(y - 1) * w + x][c] if y else 0
                up_left = rgb[(y - 1) * w + x - 1][c] if x and y else 0
                predicted = max(0, min(255, left + up - up_left))
                out.append((rgb[y * w + x][c] - predicted) & 0xFF)
    return bytes(out)


class TightEncoder:
    """Tight: fill, palette (2 or up to 256 colours), copy and gradient filters, JPEG."""

    def __init__(self) -> None:
        self._streams = [zlib.compressobj() for _ in range(4)]
        self.jpeg: Callable[[Image, int, int, int, int], bytes] | None = None
        self.use_gradient = False

    def _compressed(self, stream: int, data: bytes) -> bytes:
        if len(data) < 12:
            return data
        deflate = self._streams[stream]
        packed = deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)
        return compact_length(len(packed)) + packed

    def encode(self, image: Image, x: int, y: int, w: int, h: int, *, jpeg: bool = False) -> bytes:
        header = rect_header(x, y, w, h, TIGHT)
        pixels = image.region(x, y, w, h)
        rgb = [bytes((p[2], p[1], p[0])) for p in pixels]
        if jpeg and self.jpeg is not None:
            data = self.jpeg(image, x, y, w, h)
            return header + b"\x90" + compact_length(len(data)) + data
        palette: dict[bytes, int] = {}
        for pixel in rgb:
            palette.setdefault(pixel, len(palette))
        if len(palette) == 1:
            return header + b"\x80" + rgb[0]
        if len(palette) <= 256 and len(palette) * 3 < len(rgb):
            head = bytes((0x40 | 0x10, 1, len(palette) - 1)) + b"".join(palette)  # stream 1
            if len(palette) == 2:
                packed = bytearray()
                for row in range(h):
                    value, filled = 0, 0
                    for pixel in rgb[row * w : (row + 1) * w]:
                        value = (value << 1) | palette[pixel]
                        filled += 1
                        if filled == 8:
                            packed.append(value)
                            value, filled = 0, 0
                    if filled:
                        packed.append(value << (8 - filled))
                return header + head + self._compressed(1, bytes(packed))
            indices = bytes(palette[pixel] for pixel in rgb)
            return header + head + self._compressed(1, indices)
        if self.use_gradient:
            data = gradient_filter(rgb, w, h)
            return header + bytes((0x40 | 0x20, 2)) + self._compressed(2, data)
        return header + b"\x00" + self._compressed(0, b"".join(rgb))  # stream 0, copy filter


def cursor_rect(hot_x: int, hot_y: int, w: int, h: int, pixels: bytes, mask: bytes) -> bytes:
    return rect_header(hot_x, hot_y, w, h, CURSOR) + pixels + mask


# --- the server ------------------------------------------------------------------------------


@dataclass
class ClientMessage:
    kind: str  # pixel-format, encodings, update-request, key, qemu-key, pointer, cut-text
    values: tuple[object, ...]


@dataclass
class ServerOptions:
    version: bytes = b"RFB 003.008\n"
    security: Sequence[int] = (1,)
    password: str | None = None
    name: str = "kvmdesk test"
    encodings: Sequence[str] = ("raw", "copyrect", "hextile", "zrle", "tight")
    misbehave: str | None = None
    qemu_keys: bool = True
    tiles: int = 64  # a full update is sent as rectangles of this size (Tight, Hextile)


@dataclass
class RfbTestServer:
    """Serves ``image`` over ``sock``; start with :meth:`start`, end with :meth:`stop`."""

    sock: socket.socket
    image: Image
    options: ServerOptions = field(default_factory=ServerOptions)

    def __post_init__(self) -> None:
        self.messages: queue.Queue[ClientMessage] = queue.Queue()
        self.client_encodings: list[int] = []
        self.used_encoding: int | None = None
        self.error: BaseException | None = None
        self.requests = 0
        self.on_request: Callable[[RfbTestServer, bool], None] | None = None
        self._send_lock = threading.Lock()
        self._zrle = ZrleEncoder()
        self.tight = TightEncoder()
        self._thread = threading.Thread(target=self._run, name="rfb-test-server", daemon=True)
        self._stopped = threading.Event()

    def start(self) -> RfbTestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._thread.join(5)
        self.sock.close()

    # -- test-facing ------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        with self._send_lock:
            self.sock.sendall(data)

    def send_update(self, rects: Sequence[bytes]) -> None:
        self.send(struct.pack(">BxH", 0, len(rects)) + b"".join(rects))

    def encoding_for_client(self) -> int:
        offered = [ENCODING_NUMBERS[name] for name in self.options.encodings]
        for number in self.client_encodings:
            if number in offered:
                return number
        return RAW

    def encode(self, encoding: int, x: int, y: int, w: int, h: int) -> list[bytes]:
        step = self.options.tiles
        if encoding == ZRLE:
            return [self._zrle.encode(self.image, x, y, w, h)]
        if encoding in (RAW, COPYRECT):
            return [encode_raw(self.image, x, y, w, h)]
        rects = []
        for ty in range(y, y + h, step):
            for tx in range(x, x + w, step):
                tw, th = min(step, x + w - tx), min(step, y + h - ty)
                if encoding == HEXTILE:
                    rects.append(encode_hextile(self.image, tx, ty, tw, th))
                else:
                    rects.append(self.tight.encode(self.image, tx, ty, tw, th))
        return rects

    def full_update(self, encoding: int | None = None) -> None:
        encoding = self.encoding_for_client() if encoding is None else encoding
        self.used_encoding = encoding
        self.send_update(self.encode(encoding, 0, 0, self.image.width, self.image.height))

    def wait_message(self, kind: str, timeout: float = 5.0) -> ClientMessage:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"the client sent no {kind} message")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if message.kind == kind:
                return message

    def drain(self) -> list[ClientMessage]:
        out = []
        while True:
            try:
                out.append(self.messages.get_nowait())
            except queue.Empty:
                return out

    # -- server thread ----------------------------------------------------------------------
    def _read(self, count: int) -> bytes:
        data = bytearray()
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("client closed")
            data += chunk
        return bytes(data)

    def _run(self) -> None:
        try:
            self._serve()
        except (OSError, ConnectionError) as error:
            if not self._stopped.is_set():
                self.error = error

    def _serve(self) -> None:
        opts = self.options
        bad = opts.misbehave
        if bad == "not-rfb":
            self.send(b"HTTP/1.1 400\r\n")
            return
        self.send(opts.version)
        client_version = self._read(12)
        minor = int(client_version[8:11])
        if minor >= 7:
            self.send(bytes((len(opts.security), *opts.security)))
            chosen = self._read(1)[0]
        else:
            chosen = opts.security[0]
            self.send(struct.pack(">I", chosen))
        ok = True
        if chosen == 2:
            challenge = bytes(range(16))
            self.send(challenge)
            answer = self._read(16)
            ok = opts.password is not None and answer == vnc_auth_response(opts.password, challenge)
        if bad == "auth-reject":
            ok = False
        if chosen == 2 or minor == 8:
            if bad == "security-result":
                self.send(struct.pack(">I", 7))
                return self._idle()
            if not ok:
                reason = b"authentication failed"
                self.send(struct.pack(">II", 1, len(reason)) + (reason if minor == 8 else b""))
                return self._idle()
            self.send(struct.pack(">I", 0))
        self._read(1)  # ClientInit
        width, height = self.image.width, self.image.height
        if bad == "huge-init":
            width = height = 65535
        name = opts.name.encode()
        fmt = struct.pack(">BBBBHHHBBB3x", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)
        self.send(struct.pack(">HH", width, height) + fmt + struct.pack(">I", len(name)) + name)
        while not self._stopped.is_set():
            self._client_message()

    def _idle(self) -> None:
        while self.sock.recv(4096):
            pass

    def _client_message(self) -> None:
        kind = self._read(1)[0]
        if kind == 0:
            self._read(3)
            self.messages.put(ClientMessage("pixel-format", (self._read(16),)))
        elif kind == 2:
            (count,) = struct.unpack(">xH", self._read(3))
            self.client_encodings = list(struct.unpack(f">{count}i", self._read(4 * count)))
            self.messages.put(ClientMessage("encodings", tuple(self.client_encodings)))
            if self.options.qemu_keys and QEMU_KEY in self.client_encodings:
                self.send_update([rect_header(0, 0, self.image.width, self.image.height, QEMU_KEY)])
        elif kind == 3:
            incremental, x, y, w, h = struct.unpack(">BHHHH", self._read(9))
            self.requests += 1
            self.messages.put(ClientMessage("update-request", (incremental, x, y, w, h)))
            self._answer(bool(incremental))
        elif kind == 4:
            down, keysym = struct.unpack(">BxxI", self._read(7))
            self.messages.put(ClientMessage("key", (down, keysym)))
        elif kind == 5:
            buttons, x, y = struct.unpack(">BHH", self._read(5))
            self.messages.put(ClientMessage("pointer", (buttons, x, y)))
        elif kind == 6:
            (length,) = struct.unpack(">3xI", self._read(7))
            self.messages.put(ClientMessage("cut-text", (self._read(length).decode("latin-1"),)))
        elif kind == 255:
            _sub, down, keysym, code = struct.unpack(">BHII", self._read(11))
            self.messages.put(ClientMessage("qemu-key", (down, keysym, code)))
        else:
            raise ConnectionError(f"unknown client message {kind}")

    def _answer(self, incremental: bool) -> None:
        if self.on_request is not None:
            self.on_request(self, incremental)
            return
        if incremental:
            return  # nothing changed; the test pushes updates itself
        bad = self.options.misbehave
        w, h = self.image.width, self.image.height
        if bad in ("truncated", "truncated-close", "truncated-joined"):
            data = struct.pack(">BxH", 0, 1) + encode_raw(self.image, 0, 0, w, h)
            # joined: a whole message (a bell) and the broken one arrive in one piece
            prefix = b"\x02" if bad == "truncated-joined" else b""
            self.send(prefix + data[: len(data) // 2])
            if bad == "truncated-close":
                self.sock.shutdown(socket.SHUT_WR)
            return
        if bad == "unknown-encoding":
            self.send_update([rect_header(0, 0, 8, 8, 0x4242)])
        elif bad == "huge-desktop":
            self.send_update([rect_header(0, 0, 65535, 65535, DESKTOP_SIZE)])
        elif bad == "outside":
            self.send_update([encode_raw(solid_image(w, h, (1, 2, 3)), w - 4, h - 4, 8, 8)[:12]])
        elif bad == "slow-loris":
            data = struct.pack(">BxH", 0, 1) + encode_raw(self.image, 0, 0, w, h)
            for byte in data:
                if self._stopped.wait(0.2):
                    return
                self.send(bytes((byte,)))
        elif bad == "zlib-bomb":
            deflate, zeros = zlib.compressobj(), bytes(1 << 20)
            bomb = b"".join(deflate.compress(zeros) for _ in range(64)) + deflate.flush()
            self.send_update([rect_header(0, 0, 8, 8, ZRLE) + struct.pack(">I", len(bomb)) + bomb])
        else:
            self.full_update()


def serve_pair(
    image: Image, options: ServerOptions | None = None
) -> tuple[RfbTestServer, socket.socket]:
    """A started server on one end of a socketpair, and the other end for the client."""
    server_end, client_end = socket.socketpair()
    server = RfbTestServer(server_end, image, options or ServerOptions()).start()
    return server, client_end


class RecordingListener:
    """An :class:`~kvmdesk.core.console.rfb.client.RfbListener` that records and signals."""

    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[object, ...]]] = []
        self.first_frame = threading.Event()
        self.frames = 0
        self.frame_event = threading.Event()
        self.closed = threading.Event()
        self.error: object = None
        self.cursor: object = None

    def rfb_connected(self, name: str, width: int, height: int) -> None:
        self.events.append(("connected", (name, width, height)))

    def rfb_resized(self, width: int, height: int) -> None:
        self.events.append(("resized", (width, height)))

    def rfb_frame(self, first: bool) -> None:
        self.frames += 1
        self.frame_event.set()
        if first:
            self.first_frame.set()

    def rfb_cursor(self, cursor: object) -> None:
        self.cursor = cursor
        self.events.append(("cursor", (cursor,)))

    def rfb_bell(self) -> None:
        self.events.append(("bell", ()))

    def rfb_cut_text(self, text: str) -> None:
        self.events.append(("cut-text", (text,)))

    def rfb_closed(self, error: object) -> None:
        self.error = error
        self.events.append(("closed", (error,)))
        self.closed.set()


def rgb_of(data: bytes) -> bytes:
    """R, G, B bytes of framebuffer pixels (B, G, R, X)."""
    out = bytearray(len(data) // 4 * 3)
    out[0::3] = data[2::4]
    out[1::3] = data[1::4]
    out[2::3] = data[0::4]
    return bytes(out)


if TYPE_CHECKING:
    from kvmdesk.core.console.rfb.client import RfbClient

# The fixture ``connect(image, options, **client_kwargs)`` of the RFB unit tests.
Connect = Callable[..., "tuple[RfbTestServer, RfbClient, RecordingListener]"]


# --- a continuously redrawing server for the benchmark ------------------------------------------


def _flipped(image: Image) -> Image:
    """Every pixel different from ``image``'s, with the same structure."""
    return Image(image.width, image.height, bytearray(b ^ 0x55 for b in image.data))


def redraw_updates(encoding: str, width: int, height: int) -> list[bytes]:
    """Four whole-screen FramebufferUpdate messages: A, B, A, B in ``encoding``.

    zlib-based encodings end every rectangle with a full flush, and every stream was used
    in the first two, so the last two can be replayed in a loop.
    """
    number = ENCODING_NUMBERS[encoding]
    first = pattern_image(width, height)
    images = [first, _flipped(first), first, _flipped(first)]
    server = RfbTestServer(socket.socket(), first)
    updates = []
    for image in images:
        server.image = image
        rects = server.encode(number, 0, 0, width, height)
        updates.append(struct.pack(">BxH", 0, len(rects)) + b"".join(rects))
    server.sock.close()
    return updates


def serve_redrawing(encoding: str, width: int, height: int) -> None:
    """Listens on 127.0.0.1, prints the port, serves one client a new screen per request."""
    updates = redraw_updates(encoding, width, height)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print(listener.getsockname()[1], flush=True)
    conn, _ = listener.accept()
    sent = [0]

    def answer(server: RfbTestServer, incremental: bool) -> None:
        index = sent[0] if sent[0] < 2 else 2 + sent[0] % 2
        sent[0] += 1
        server.send(updates[index])

    server = RfbTestServer(conn, pattern_image(8, 8), ServerOptions(encodings=(encoding,)))
    server.image = Image(width, height, bytearray(width * height * 4))
    server.on_request = answer
    server.start()
    server._thread.join()


if __name__ == "__main__":
    import sys

    serve_redrawing(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
