"""HiDPI: at 100 %, 125 %, 150 % and 200 % the windows keep their text whole, icons are
rendered from their SVGs at the screen's resolution and the graphs and the mode cards'
pictures are drawn at device resolution, not blown up.

``QT_SCALE_FACTOR`` is read once, when the QApplication starts, so each scale runs in a
fresh process (as tests/ui/test_layout.py does for 200 %): the layout scenes of the main
window, the NIC dialog and the bond dialog at 125 % and 150 %, and the checks below at
200 %. Set ``KVMDESK_HIDPI_SHOTS=<folder>`` to keep the 200 % screenshots.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from kvmdesk.app import Application
from tests.helpers.layout import format_findings, layout_findings
from tests.helpers.layout_scenes import SCENES
from tests.helpers.paths import ROOT
from tests.helpers.qt_async import AsyncRunner

SCALE_ENV = "KVMDESK_HIDPI_SCALE"  # the scale the subprocess must really render at
LAYOUT_SCALE_ENV = "KVMDESK_LAYOUT_SCALE"


def _run_at(scale: str, tmp_path: Path, target: str, *extra: str) -> subprocess.CompletedProcess:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "hidpi", "x": 0, "y": 0, "width": 3840, "height": 2160}]}),
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        QT_SCALE_FACTOR=scale,
        PYTHONPATH=str(ROOT),
        **{SCALE_ENV: scale, LAYOUT_SCALE_ENV: scale},
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", target, "-q", "-p", "no:cacheprovider", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_no_clipped_text_at_fractional_scales(tmp_path: Path, scale: str) -> None:
    result = _run_at(
        scale, tmp_path, "tests/ui/test_layout.py::test_layout", "-k", "main or nic or bond"
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout


def _blocky(image: QImage) -> bool:
    """Whether every aligned 2 × 2 block is one colour: a 100 % picture blown up."""
    for y in range(0, image.height() - 1, 2):
        for x in range(0, image.width() - 1, 2):
            pixel = image.pixel(x, y)
            if (
                not pixel
                == image.pixel(x + 1, y)
                == image.pixel(x, y + 1)
                == image.pixel(x + 1, y + 1)
            ):
                return False
    return True


def _shot(name: str, widget: QWidget) -> QImage:
    pixmap = widget.grab()
    folder = os.environ.get("KVMDESK_HIDPI_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pixmap.save(str(Path(folder) / f"{name}@{pixmap.devicePixelRatio():g}x.png"))
    return pixmap.toImage()


def test_drawn_at_device_resolution(demo_app: Application, runner: AsyncRunner) -> None:
    scale = float(os.environ.get(SCALE_ENV, "1"))
    window = demo_app.window
    assert window.devicePixelRatioF() == scale
    scenes = SCENES["main"](demo_app, runner)
    _name, _widget, cells = next(scenes)
    image = _shot("main-window", window)
    assert image.devicePixelRatio() == scale
    assert image.width() == round(window.width() * scale)
    findings = layout_findings(window, cells=cells)
    assert not findings, format_findings("main-window", findings)

    # Toolbar icons: pixmaps at the screen's ratio, with their own detail at 200 %.
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    buttons = [b for b in toolbar.findChildren(QToolButton) if b.isVisible() and b.text()]
    assert len(buttons) >= 8
    for button in buttons:
        pixmap = button.icon().pixmap(toolbar.iconSize())
        assert pixmap.devicePixelRatio() == scale, button.text()
        assert pixmap.width() == round(toolbar.iconSize().width() * scale)
        if scale == 2:
            assert not _blocky(pixmap.toImage()), button.text()

    # The performance graphs, with a history to draw.
    graph = window.details.usage.cpu_graph
    graph.set_series([[0, 30, 80, 20, 55, 10, 90, 40]], ceiling=100)
    graph_image = _shot("cpu-graph", graph)
    assert graph_image.size() == QSize(round(graph.width() * scale), round(graph.height() * scale))
    if scale == 2:
        assert not _blocky(graph_image)
    for _state in scenes:
        pass

    # The NIC dialog's mode cards: picture and matrix at device resolution.
    nic = SCENES["nic"](demo_app, runner)
    _name, dialog, _cells = next(nic)
    _shot("nic-dialog", dialog)
    card = next(iter(dialog.cards.cards.values()))  # type: ignore[attr-defined]
    card_image = _shot("mode-card", card)
    assert card_image.devicePixelRatio() == scale
    if scale == 2:
        assert not _blocky(card_image)
    for _state in nic:
        pass


def test_drawn_at_device_resolution_at_200_percent(tmp_path: Path) -> None:
    result = _run_at(
        "2", tmp_path, f"{Path(__file__).relative_to(ROOT)}::test_drawn_at_device_resolution"
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
