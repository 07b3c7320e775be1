"""The guest's pixels, shared between the decoder thread (writer) and the view (reader).

Pixels are 32-bit little-endian ``0x00RRGGBB`` — bytes B, G, R, X in memory — which is the
pixel format the client asks every server for and exactly Qt's ``QImage.Format_RGB32``.
Only the reader thread writes :attr:`SharedFramebuffer.data`; it takes :attr:`lock` while it
does, and the view copies the dirty parts out under the same lock (:meth:`take_into`), so
neither side waits for more than a row copy.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from kvmdesk.core.console.rfb.pixels import rows_from_pieces as pixels_from_pieces

BYTES_PER_PIXEL = 4
MAX_SIDE = 16384
MAX_PIXELS = 7680 * 4320 + 4096 * 2160  # an 8K screen and then some: 160 MiB at most
MAX_DIRTY_RECTS = 64  # beyond this the dirty list collapses into its bounding box


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.width <= self.x + self.width
            and other.y + other.height <= self.y + self.height
        )

    def union(self, other: Rect) -> Rect:
        left, top = min(self.x, other.x), min(self.y, other.y)
        right = max(self.x + self.width, other.x + other.width)
        bottom = max(self.y + self.height, other.y + other.height)
        return Rect(left, top, right - left, bottom - top)


def size_acceptable(width: int, height: int) -> bool:
    return 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and width * height <= MAX_PIXELS


@dataclass(slots=True)
class Frame:
    """What the view took: its buffer (updated in place), size, and what changed."""

    data: bytearray
    width: int
    height: int
    dirty: list[Rect]
    resized: bool
    generation: int


class SharedFramebuffer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.width = 0
        self.height = 0
        self.data = bytearray()
        self._dirty: list[Rect] = []
        self._generation = 0  # bumped by every resize, so the view knows to reallocate
        # While an update is decoded (batched()), rectangles side by side on one band are
        # kept and written together, row by row across all of them, when the band ends.
        self._batching = False
        self._band: list[bytes | bytearray] = []
        self._band_widths: list[int] = []
        self._band_x = self._band_y = self._band_h = self._band_end = 0

    # -- writer side (the reader thread) -------------------------------------------------
    def resize(self, width: int, height: int) -> None:
        with self.lock:
            self.width, self.height = width, height
            self.data = bytearray(width * height * BYTES_PER_PIXEL)
            self._band, self._band_widths = [], []  # the old size's pixels
            self._dirty = [Rect(0, 0, width, height)]
            self._generation += 1

    def contains(self, x: int, y: int, width: int, height: int) -> bool:
        return x + width <= self.width and y + height <= self.height

    @contextlib.contextmanager
    def batched(self) -> Iterator[None]:
        """Decoding one update: rectangles that continue a band are written with it."""
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self.flush()

    def flush(self) -> None:
        """Writes the band kept so far (the writer's thread only)."""
        band, widths = self._band, self._band_widths
        if not band:
            return
        self._band, self._band_widths = [], []
        if len(band) == 1:
            self._write(self._band_x, self._band_y, widths[0], self._band_h, band[0])
            return
        rows = pixels_from_pieces(b"".join(band), tuple(widths), self._band_h)
        self._write(self._band_x, self._band_y, sum(widths), self._band_h, rows)

    def blit(self, x: int, y: int, width: int, height: int, pixels: bytes | bytearray) -> None:
        """Writes ``pixels`` (``width × height`` B,G,R,X pixels, rows packed) at (x, y)."""
        if not self._batching or width == self.width:
            self.flush()
            self._write(x, y, width, height, pixels)
            return
        band = self._band
        if band and (x, y, height) == (self._band_end, self._band_y, self._band_h):
            band.append(pixels)
            self._band_widths.append(width)
            self._band_end += width
            return
        self.flush()
        self._band.append(pixels)
        self._band_widths.append(width)
        self._band_x, self._band_y, self._band_h = x, y, height
        self._band_end = x + width

    def _write(self, x: int, y: int, width: int, height: int, pixels: bytes | bytearray) -> None:
        row = width * BYTES_PER_PIXEL
        stride = self.width * BYTES_PER_PIXEL
        start = (y * self.width + x) * BYTES_PER_PIXEL
        with self.lock:
            data = self.data
            if width == self.width:
                data[start : start + row * height] = pixels
            else:
                source = 0  # slicing the source row by row is cheaper than a memoryview's
                for offset in range(start, start + stride * height, stride):
                    data[offset : offset + row] = pixels[source : source + row]
                    source += row
            self._mark(Rect(x, y, width, height))

    def fill(self, x: int, y: int, width: int, height: int, pixel: bytes) -> None:
        self.blit(x, y, width, height, pixel * (width * height))

    def copy(self, src_x: int, src_y: int, x: int, y: int, width: int, height: int) -> None:
        """CopyRect: moves a region; the source is read whole first, so overlaps are safe."""
        self.blit(x, y, width, height, self.read(src_x, src_y, width, height))

    def read(self, x: int, y: int, width: int, height: int) -> bytes:
        """The packed pixels of a region (the writer may call this without the lock)."""
        self.flush()
        row = width * BYTES_PER_PIXEL
        stride = self.width * BYTES_PER_PIXEL
        start = (y * self.width + x) * BYTES_PER_PIXEL
        if width == self.width:
            return bytes(self.data[start : start + row * height])
        return b"".join(
            self.data[start + line * stride : start + line * stride + row] for line in range(height)
        )

    def _mark(self, rect: Rect) -> None:
        if self._dirty and self._dirty[0].contains(rect):
            return  # already inside the first region (the box the list collapsed into)
        self._dirty.append(rect)
        if len(self._dirty) > MAX_DIRTY_RECTS:
            box = self._dirty[0]
            for other in self._dirty[1:]:
                box = box.union(other)
            self._dirty = [box]

    def take_dirty(self) -> list[Rect]:
        """The regions changed since the last call (for a writer that forwards them)."""
        with self.lock:
            dirty, self._dirty = self._dirty, []
            return dirty

    # -- reader side (the view) ----------------------------------------------------------
    def take_into(self, front: Frame | None) -> Frame | None:
        """Brings ``front`` (the view's own copy) up to date; None when nothing changed.

        A new :class:`Frame` is returned after a resize (or the first time), else ``front``
        itself with its ``dirty`` list replaced and the dirty regions copied in.
        """
        with self.lock:
            current = front is not None and front.generation == self._generation
            if current and not self._dirty:
                return None
            dirty, self._dirty = self._dirty, []
            if front is None or not current:
                return Frame(
                    bytearray(self.data), self.width, self.height, dirty, True, self._generation
                )
            front.dirty, front.resized = dirty, False
            stride = self.width * BYTES_PER_PIXEL
            for rect in dirty:
                row = rect.width * BYTES_PER_PIXEL
                start = (rect.y * self.width + rect.x) * BYTES_PER_PIXEL
                if rect.width == self.width:
                    end = start + row * rect.height
                    front.data[start:end] = self.data[start:end]
                    continue
                for line in range(rect.height):
                    offset = start + line * stride
                    front.data[offset : offset + row] = self.data[offset : offset + row]
            return front

    def snapshot(self) -> tuple[bytes, int, int]:
        """A copy of all pixels and the size (for screenshots and tests)."""
        with self.lock:
            return bytes(self.data), self.width, self.height
