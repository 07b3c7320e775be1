"""The framebuffer writes an update's rectangles exactly as given, batched or not."""

from __future__ import annotations

import random

from kvmdesk.core.console.rfb.framebuffer import Rect, SharedFramebuffer


def _pixels(seed: int, count: int) -> bytes:
    generator = random.Random(seed)
    return bytes(generator.randrange(256) for _ in range(count * 4))


def _rects() -> list[tuple[int, int, int, int]]:
    """Side by side on bands (some whole-width), gaps, other heights, overlaps."""
    rects = [(x, 0, 20, 10) for x in range(0, 100, 20)]  # a band across the screen
    rects += [(x, 10, 16, 7) for x in range(0, 64, 16)] + [(70, 10, 16, 7)]  # a gap
    rects += [(10, 12, 30, 9), (40, 12, 30, 5), (0, 30, 100, 3), (5, 20, 7, 40)]
    return rects


def test_batched_writes_equal_one_by_one_writes() -> None:
    plain, batched = SharedFramebuffer(), SharedFramebuffer()
    for fb in (plain, batched):
        fb.resize(100, 60)
    for index, (x, y, w, h) in enumerate(_rects()):
        plain.blit(x, y, w, h, _pixels(index, w * h))
    with batched.batched():
        for index, (x, y, w, h) in enumerate(_rects()):
            batched.blit(x, y, w, h, _pixels(index, w * h))
    assert batched.snapshot() == plain.snapshot()


def test_a_copy_in_the_same_update_sees_the_rectangles_before_it() -> None:
    fb = SharedFramebuffer()
    fb.resize(64, 32)
    fb.take_dirty()  # the new screen's
    with fb.batched():
        fb.blit(0, 0, 16, 8, b"\x01\x02\x03\xff" * 128)
        fb.blit(16, 0, 16, 8, b"\x04\x05\x06\xff" * 128)
        fb.copy(8, 0, 40, 20, 16, 8)  # half of each, read while the band is kept
    assert fb.read(40, 20, 8, 8) == b"\x01\x02\x03\xff" * 64
    assert fb.read(48, 20, 8, 8) == b"\x04\x05\x06\xff" * 64
    assert fb.take_dirty() == [Rect(0, 0, 32, 8), Rect(40, 20, 16, 8)]  # the band as one
