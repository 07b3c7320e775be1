"""Every window and dialog, laid out at its default size with no window manager: no clipped
text, no overlapping widgets, nothing squashed.

The scenes (tests/helpers/layout_scenes.py) open each window and dialog through the real
app on the demo and walk their states (each bond mode, each NIC mode card …). They run at
100 % in this process, and at 200 % in a fresh one: ``QT_SCALE_FACTOR`` is read once, when
the QApplication starts. The 200 % run has a 3840×2160 screen (1920×1080 logical), as a
HiDPI desktop has; Qt caps a dialog's first size at two thirds of its screen.
Set ``KVMDESK_LAYOUT_SHOTS=<folder>`` to keep a PNG of every state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kvmdesk.app import Application
from tests.helpers.layout import format_findings, layout_findings
from tests.helpers.layout_scenes import SCENES, save_shot
from tests.helpers.paths import ROOT
from tests.helpers.qt_async import AsyncRunner

TEST_NET_POOL = "198.51.100.0/24,203.0.113.0/24"
SCALE_ENV = "KVMDESK_LAYOUT_SCALE"  # the scale the 200 % run must really render at


@pytest.mark.parametrize("scene", list(SCENES))
def test_layout(
    demo_app: Application, runner: AsyncRunner, scene: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", TEST_NET_POOL)
    expected_scale = float(os.environ.get(SCALE_ENV, "1"))
    problems = []
    shown = 0
    for name, widget, cells in SCENES[scene](demo_app, runner):
        shown += 1
        assert widget.devicePixelRatioF() == expected_scale, name
        save_shot(name, widget)
        findings = layout_findings(widget, cells=cells)
        if findings:
            problems.append(format_findings(name, findings))
    assert shown > 0
    assert not problems, "\n".join(problems)


def test_layout_at_200_percent(tmp_path: Path) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "hidpi", "x": 0, "y": 0, "width": 3840, "height": 2160}]}),
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        QT_SCALE_FACTOR="2",
        PYTHONPATH=str(ROOT),
        **{SCALE_ENV: "2"},
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{Path(__file__).relative_to(ROOT)}::test_layout",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert f"{len(SCENES)} passed" in result.stdout
