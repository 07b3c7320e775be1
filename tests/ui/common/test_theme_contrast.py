"""Text reads in both themes: the main window, the NIC dialog (each mode card) and the bond
dialog (each mode), rendered offscreen under light and dark, at WCAG's 4.5:1 for body text.

The states are the layout scenes' (tests/helpers/layout_scenes.py), opened through the
real app on the demo; set ``KVMDESK_THEME_SHOTS=<folder>`` to keep a PNG of each.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kvmdesk.app import Application
from kvmdesk.models.palette import is_dark
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.common.theme import Theme
from kvmdesk.ui.settings.page import RestartBadge
from tests.helpers.contrast import low_contrast_text
from tests.helpers.layout_scenes import SCENES
from tests.helpers.qt_async import AsyncRunner
from tests.helpers.theme import theme_applied

TEST_NET_POOL = "198.51.100.0/24,203.0.113.0/24"


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
@pytest.mark.parametrize("scene", ["main", "nic", "bond"])
def test_text_contrast(
    demo_app: Application,
    runner: AsyncRunner,
    qapp: QApplication,
    scene: str,
    theme: Theme,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", TEST_NET_POOL)
    shots = os.environ.get("KVMDESK_THEME_SHOTS")
    problems: list[str] = []
    shown = 0
    with theme_applied(qapp, theme, tmp_path):
        assert is_dark() == (theme is Theme.DARK)
        if scene == "main":
            demo_app.window.notifications.notify(
                "Connection lost", "The demo went away.", Level.ERROR
            )
            demo_app.window.notifications.notify("Reconnecting", "", Level.WARNING)
        for name, widget, _cells in SCENES[scene](demo_app, runner):
            shown += 1
            assert is_dark(widget.palette()) == (theme is Theme.DARK), name
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                widget.grab().save(str(Path(shots) / f"{name}-{theme}.png"))
            problems += [f"{name}: {finding}" for finding in low_contrast_text(widget)]
    assert shown > 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_badge_contrast(qtbot: object, qapp: QApplication, theme: Theme, tmp_path: Path) -> None:
    with theme_applied(qapp, theme, tmp_path):
        badge = RestartBadge()
        qtbot.addWidget(badge)  # type: ignore[attr-defined]
        badge.show()
        badge.resize(600, 60)
        QApplication.processEvents()
        assert low_contrast_text(badge) == []
