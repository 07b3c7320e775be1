"""The map as a file: SVG through QSvgGenerator, PNG at twice the map's size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from kvmdesk.core.types.errors import BadInput

# A PNG wider or taller than this is drawn smaller (memory: 4 bytes a pixel).
MAX_PNG_SIDE = 16000
PNG_SCALE = 2.0


def _render(scene: QGraphicsScene, painter: QPainter, target: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, scene.palette().color(QPalette.ColorRole.Window))
    scene.render(painter, target, scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def export_svg(scene: QGraphicsScene, path: Path, title: str) -> None:
    rect = scene.sceneRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(rect.width()), int(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise BadInput(f"cannot write {path}")
    try:
        _render(scene, painter, QRectF(0, 0, rect.width(), rect.height()))
    finally:
        painter.end()


def export_png(scene: QGraphicsScene, path: Path) -> None:
    rect = scene.sceneRect()
    scale = min(PNG_SCALE, MAX_PNG_SIDE / max(rect.width(), rect.height(), 1.0))
    size = QSize(max(int(rect.width() * scale), 1), max(int(rect.height() * scale), 1))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(scene.palette().color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(image):
        raise BadInput(f"cannot write {path}: {writer.errorString()}")
