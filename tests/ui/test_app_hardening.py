"""Start-up whatever the config folder holds, and saved URIs that run programs.

These run ``python -m kvmdesk`` and ``kvmdesk-cli`` as a user would, each with a config
folder of its own, and the window through the real wiring.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import Application, build, build_inventory, parse_args
from kvmdesk.core.connection.config import ConnectionStore
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from tests.helpers.qt_async import AsyncRunner

REPO = Path(__file__).resolve().parents[2]


def _config_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "kvmdesk"
    folder.mkdir(parents=True)
    return folder


def _run(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
        LIBVIRT_DEFAULT_URI="test:///default",
    )
    return subprocess.run(
        [sys.executable, *argv],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
    )


def _odd_configs() -> dict[str, Any]:
    nested = '{"connections": ' + "[" * 100_000 + "]" * 100_000 + "}"
    many = json.dumps(
        {"connections": [{"uri": f"test:///n{i}.xml", "autoconnect": False} for i in range(3000)]}
    )
    return {
        "not-uris": json.dumps({"connections": [{"uri": "hello"}, {"uri": ["x"]}, 5]}),
        "nested": nested,
        "nul": json.dumps({"connections": [{"uri": "test:///def\u0000ault"}]}),
        "thousands": many,
        "random-bytes": bytes(range(256)) * 4,
        "directory": None,
        "dev-zero": Path("/dev/zero"),
        "unreadable": Path("loop"),
    }


@pytest.mark.parametrize("kind", list(_odd_configs()))
def test_gui_and_cli_start_whatever_the_config_holds(tmp_path: Path, kind: str) -> None:
    folder = _config_folder(tmp_path)
    path = folder / "connections.json"
    content = _odd_configs()[kind]
    if content is None:
        path.mkdir()
    elif isinstance(content, Path):
        path.symlink_to(path if content == Path("loop") else content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    gui = _run(tmp_path, "-m", "kvmdesk", "--screenshot", str(tmp_path / "shot.png"))
    assert gui.returncode == 0, gui.stderr
    assert "Traceback" not in gui.stderr and "never retrieved" not in gui.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
    cli = _run(tmp_path, "-m", "kvmdesk.cli", "list")
    assert cli.returncode == 0, cli.stderr
    assert "Traceback" not in cli.stderr


def test_one_notification_names_what_was_skipped(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    config = tmp_path / "connections.json"
    config.write_text(
        json.dumps(
            {
                "connections": [
                    {"uri": "test:///default"},
                    {"uri": "no uri at all"},
                    {"uri": "qemu+ext:///system?command=/opt/evil"},
                ]
            }
        )
    )
    inventory = build_inventory(parse_args(["--config", str(config)]))
    app: Application = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    (record,) = app.window.notifications.history
    assert record.level is Level.WARNING and str(config) in record.title
    assert "entry 2" in record.message and "not a libvirt URI" in record.message
    assert "entry 3" in record.message and "/opt/evil" in record.message
    assert "kept as" in record.message
    assert list(inventory.sessions) == ["test:///default"]
    runner.run(inventory.close())


def test_a_confirmed_program_uri_is_saved_with_its_consent(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    program = tmp_path / "prog.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    uri = f"qemu+ext:///system?command={program}"
    config = tmp_path / "connections.json"
    inventory = build_inventory(parse_args(["--config", str(config)]))
    app: Application = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.window.add_connection_action.trigger()
    dialog = app.window.findChild(AddConnectionDialog)
    assert dialog is not None
    dialog.uri_edit.setText(uri)
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.program_confirm, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.until(marker.exists, timeout=20)
    (saved,) = [e for e in ConnectionStore(config).load() if e.uri == uri]
    assert saved.consent is not None and saved.consent.covers(uri)
    runner.run(app.controller.wait_idle())
    runner.run(inventory.close())


def test_a_saved_program_uri_never_runs_at_start_without_consent(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    program = tmp_path / "prog.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    folder = _config_folder(tmp_path)
    entries = [
        {"uri": f"qemu+ext:///system?command={program}", "autoconnect": True},
        {"uri": f"qemu+ssh://localhost/system?command={program}", "autoconnect": True},
        {"uri": f"qemu+ssh://localhost/system?comm%61nd={program}", "autoconnect": True},
        {"uri": "test:///default"},
    ]
    (folder / "connections.json").write_text(json.dumps({"connections": entries}))
    result = _run(tmp_path, "-m", "kvmdesk", "--screenshot", str(tmp_path / "shot.png"))
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    # --connect is the user's own: the same URI typed there runs.
    uri = entries[0]["uri"]
    _run(tmp_path, "-m", "kvmdesk", "--connect", uri, "--screenshot", str(tmp_path / "s2.png"))
    assert marker.exists()
