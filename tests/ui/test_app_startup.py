"""Start-up: command line, saved connections, --screenshot, the CPU delegate painting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kvmdesk.app import Application, build, build_inventory, parse_args
from kvmdesk.core.connection.config import load_connections
from kvmdesk.core.connection.demo import DEMO_LABEL, demo_uri
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.types.snapshots import DomainStats
from kvmdesk.models.domain_model import DomainColumn
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from tests.helpers.qt_async import AsyncRunner

REPO = Path(__file__).resolve().parents[2]


def test_connect_is_repeatable_and_not_saved(tmp_path: Path) -> None:
    config = tmp_path / "connections.json"
    args = parse_args(
        ["--connect", "test:///default", "-c", "test:///tmp/x.xml", "--config", str(config)]
    )
    inventory = build_inventory(args)
    assert list(inventory.sessions) == ["test:///default", "test:///tmp/x.xml"]
    inventory.save()
    assert not config.exists() or load_connections(config) == []


def test_bad_connect_uri_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--connect", "not a uri"])
    assert exit_info.value.code == 2
    assert "not a libvirt URI" in capsys.readouterr().err


def _run_app(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m kvmdesk`` with a config directory (and home) of its own under tmp_path."""
    environment = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kvmdesk", *argv],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unknown_option_exits_2_with_a_hint_before_connecting(tmp_path: Path) -> None:
    result = _run_app(tmp_path, "--dmeo", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 2
    assert result.stderr == "kvmdesk: unknown option --dmeo (did you mean --demo?)\n"
    assert not (tmp_path / "config").exists()  # nothing saved, not even the config directory


def test_unknown_option_and_positional_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv, message in (
        (["--conect", "test:///default"], "unknown option --conect (did you mean --connect?)"),
        (["--demo", "--xyzzy=1"], "unknown option --xyzzy"),
        (["--demo", "test:///default"], "unexpected argument test:///default"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            parse_args(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"kvmdesk: {message}") and err.count("\n") == 1


def test_qt_options_pass_through_to_qapplication() -> None:
    args = parse_args(["-style", "Fusion", "--demo", "-platform", "offscreen", "-reverse"])
    assert args.demo is True
    assert args.qt_args == ["-style", "Fusion", "-platform", "offscreen", "-reverse"]
    assert parse_args(["--style=Fusion", "--qwindowtitle", "x"]).qt_args == [
        "--style=Fusion",
        "--qwindowtitle",
        "x",
    ]


def test_qt_platform_option_reaches_qt(tmp_path: Path) -> None:
    # No display and no QT_QPA_PLATFORM: only "-platform offscreen" lets the window open.
    target = tmp_path / "shot.png"
    result = _run_app(
        tmp_path,
        *("-platform", "offscreen", "-style", "Fusion", "--demo", "--screenshot", str(target)),
        QT_QPA_PLATFORM="",
        DISPLAY="",
        WAYLAND_DISPLAY="",
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(target)).width() >= 800


def test_version_and_help_need_no_display(tmp_path: Path) -> None:
    for flag, expected in (("--version", "kvmdesk "), ("--help", "usage: kvmdesk")):
        result = _run_app(tmp_path, flag, QT_QPA_PLATFORM="", DISPLAY="", WAYLAND_DISPLAY="")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(expected)


def test_default_uri_honours_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBVIRT_DEFAULT_URI", "test:///default")
    inventory = build_inventory(parse_args(["--config", str(tmp_path / "none.json")]))
    assert list(inventory.sessions) == ["test:///default"]


def test_demo_flag_uses_shipped_inventory() -> None:
    inventory = build_inventory(parse_args(["--demo"]))
    session = inventory.sessions[demo_uri()]
    assert session.label == DEMO_LABEL


def test_added_connection_is_saved_and_restored(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    config = tmp_path / "connections.json"
    inventory = Inventory(config_path=config)
    app: Application = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.window.add_connection_action.trigger()
    dialog = app.window.findChild(AddConnectionDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.uri_edit.setText("test:///default")
    dialog.autoconnect_check.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    session = inventory.sessions["test:///default"]
    runner.until(lambda: session.connected)
    assert load_connections(config)[0].uri == "test:///default"
    assert load_connections(config)[0].autoconnect is False
    restored = Inventory(config_path=config)
    restored.restore()
    assert list(restored.sessions) == ["test:///default"]
    assert restored.autoconnect["test:///default"] is False
    runner.run(inventory.close())


def test_cpu_sparkline_paints(demo_app: Application) -> None:
    hub = demo_app.hub
    session = next(iter(demo_app.inventory.sessions.values()))
    domain = session.lifecycle.find("web-frontend")
    hub.domains.update_stats(
        session.uri, {domain.uuid: DomainStats(42.0, 1024, (5.0, 20.0, 42.0, 30.0, 42.0))}
    )
    index = hub.domains.index_of(domain.key, DomainColumn.CPU)
    assert index.data() == "42 %"
    image = demo_app.window.domain_view.viewport().grab().toImage()
    assert not image.isNull() and image.format() != QImage.Format.Format_Invalid


def test_screenshot_command_writes_png(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "kvmdesk", "--demo", "--screenshot", str(target)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert image.width() >= 800 and image.height() >= 500


def test_connect_timeout_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--demo"]).connect_timeout == 30.0
    assert parse_args(["--demo", "--connect-timeout", "2.5"]).connect_timeout == 2.5
    for bad in ("0", "-1", "nan", "soon", "3601"):
        with pytest.raises(SystemExit) as exit_info:
            parse_args(["--demo", "--connect-timeout", bad])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert f"not a number of seconds from 0 to 3600: {bad}" in err
        # argparse's usage (wrapped over a few lines), then one message
        *usage, message = err.splitlines()
        assert usage[0].startswith("usage: kvmdesk ")
        assert all(line.startswith(" ") for line in usage[1:])
        assert message.startswith("kvmdesk: error: ")
