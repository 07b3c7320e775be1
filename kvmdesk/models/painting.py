"""Small icons drawn with QPainter: a transparent HiDPI canvas, and one icon of all sizes.

Drawn rather than shipped as files, so they take the theme's colours and stay sharp
at any scale; each icon module only says what to paint on a canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

ICON_SIZES = (16, 22, 32)


def canvas(size: int, ratio: float) -> tuple[QPixmap, QPainter]:
    """A transparent ``size`` × ``size`` pixmap at device ratio ``ratio``, and its painter."""
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def painted_icon(draw: Callable[[int, float], QPixmap], sizes: Sequence[int] = ICON_SIZES) -> QIcon:
    """An icon holding ``draw(size, ratio)`` for every size, at 100 % and 200 %."""
    icon = QIcon()
    for size in sizes:
        for ratio in (1.0, 2.0):
            icon.addPixmap(draw(size, ratio))
    return icon
