"""No URI credential reaches the screen, the logs, the config file or stderr.

libvirt takes no password in a URI (it asks through its auth callbacks), so kvmdesk
refuses one wherever a URI comes in, and every message that quotes a URI shows it
redacted. Each channel is tried with a recognisable secret, then everything kvmdesk
wrote is searched for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kvmdesk.app import Application, build, build_inventory, parse_args
from tests.helpers.qt_async import AsyncRunner

SECRET = "S3cretPw0rd"
REPO = Path(__file__).resolve().parents[1].parent
URIS = [
    f"qemu+ssh://admin:{SECRET}@203.0.113.9/system",
    f"qemu+tcp://127.0.0.1:1/system?password={SECRET}",
    f"qemu+tls://127.0.0.1:1/system?Pass%77ord={SECRET}&no_verify=1",
    f"test:///default?passphrase={SECRET}",
    f"qemu+ssh://host/system?token={SECRET}",
]


def _run(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        QT_QPA_PLATFORM="offscreen",
        LIBVIRT_DEFAULT_URI="test:///default",
    )
    return subprocess.run(
        [sys.executable, *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=90
    )


def test_command_line_and_cli_refuse_without_echoing_the_secret(tmp_path: Path) -> None:
    for uri in URIS:
        gui = _run(tmp_path, "-m", "kvmdesk", "--connect", uri, "--screenshot", "x.png")
        assert gui.returncode == 2, gui.stderr
        assert "credential" in gui.stderr or "password" in gui.stderr
        cli = _run(tmp_path, "-m", "kvmdesk.cli", "-c", uri, "list")
        assert cli.returncode == 2, cli.stderr
        for output in (gui.stdout, gui.stderr, cli.stdout, cli.stderr):
            assert SECRET not in output


def test_saved_uris_with_secrets_are_skipped_and_never_shown(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    config = tmp_path / "connections.json"
    entries = [{"uri": uri} for uri in URIS] + [{"uri": "test:///default"}]
    config.write_text(json.dumps({"connections": entries}))
    inventory = build_inventory(parse_args(["--config", str(config)]))
    app: Application = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    assert list(inventory.sessions) == ["test:///default"]
    shown = [f"{n.title}\n{n.message}" for n in app.window.notifications.history]
    assert shown and all(SECRET not in text for text in shown)
    assert "***" in shown[0]
    app.hub.events.flush()
    events = app.hub.events
    cells = [
        str(events.index(row, column).data())
        for row in range(events.rowCount())
        for column in range(events.columnCount())
    ]
    assert all(SECRET not in cell for cell in cells)
    inventory.save()
    assert SECRET not in config.read_text()  # the rewritten list; the original is kept aside
    runner.run(inventory.close())
