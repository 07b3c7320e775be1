"""The connection list when it cannot be read or written, as a user meets it.

* A hand-edited ``connections.json`` of three connections with one trailing comma: the
  file is kept aside (byte for byte) under a timestamped name, the notification names
  it and says how to get the connections back, and adding a connection afterwards
  writes a new list without touching the kept file.
* A config folder that cannot be written (its parent is a file, or it is replaced by a
  file while kvmdesk runs): adding a connection says in the dialog and in a
  notification that it is not saved; the connection still works for the session.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from kvmdesk.app import Application, build, build_inventory, parse_args
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from tests.helpers.qt_async import AsyncRunner

HAND_EDITED = """{"connections": [
  {"uri": "qemu:///system"},
  {"uri": "qemu:///session", "autoconnect": false},
  {"uri": "qemu+ssh://admin@host.example/system", "autoconnect": false},
]}
"""


def _app(qtbot: Any, config: Path) -> Application:
    inventory = build_inventory(parse_args(["--config", str(config)]))
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    return application


def _add(app: Application, runner: AsyncRunner, uri: str) -> None:
    """Add a connection as the dialog's Add does (the controller's own path)."""
    app.controller.open_add_connection()
    dialog = app.window.findChild(AddConnectionDialog)
    assert dialog is not None
    dialog.uri_edit.setText(uri)
    dialog.accept()
    runner.until(lambda: uri in app.inventory.sessions)


def test_a_trailing_comma_keeps_the_file_aside_and_says_where(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    config = tmp_path / "kvmdesk" / "connections.json"
    config.parent.mkdir()
    config.write_text(HAND_EDITED)
    app = _app(qtbot, config)
    (record,) = app.window.notifications.history
    (kept,) = config.parent.glob("connections.json.broken-*")
    assert kept.read_text() == HAND_EDITED
    assert record.level is Level.WARNING
    assert "not valid JSON" in record.message and str(kept) in record.message
    assert "rename it to connections.json" in record.message
    assert not config.exists()  # moved aside, not rewritten

    _add(app, runner, "test:///default")
    assert json.loads(config.read_text())["connections"] == [
        {"uri": "qemu:///system", "autoconnect": True},
        {"uri": "test:///default", "autoconnect": True},
    ]
    assert kept.read_text() == HAND_EDITED
    assert list(config.parent.glob("connections.json.broken-*")) == [kept]
    runner.run(app.inventory.close())

    # Corrected and renamed back (kvmdesk closed), the three connections are all there again.
    config.unlink()
    kept.write_text(HAND_EDITED.replace("},\n]}", "}\n]}"))
    kept.rename(config)
    again = build_inventory(parse_args(["--config", str(config)]))
    assert list(again.sessions) == [
        "qemu:///system",
        "qemu:///session",
        "qemu+ssh://admin@host.example/system",
    ]
    assert not again.config_report


def test_a_config_folder_under_a_file_says_not_saved_and_still_connects(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    config = blocker / "kvmdesk" / "connections.json"
    app = _app(qtbot, config)
    app.controller.open_add_connection()
    dialog = app.window.findChild(AddConnectionDialog)
    assert dialog is not None
    assert dialog.unsaved_note.isVisibleTo(dialog) and not dialog.autoconnect_check.isVisibleTo(
        dialog
    )
    assert "cannot be saved" in dialog.unsaved_note.text()
    assert str(config) in dialog.unsaved_note.text()
    dialog.uri_edit.setText("test:///default")
    dialog.accept()
    runner.until(lambda: "test:///default" in app.inventory.sessions)
    session = app.inventory.sessions["test:///default"]
    runner.until(lambda: session.state is ConnectionState.CONNECTED, timeout=20)
    record = app.window.notifications.history[-1]
    assert record.title == "Connection list not saved" and record.level is Level.ERROR
    assert "not saved" in record.message and str(config) in record.message
    assert blocker.read_text() == "a file where the folder should be"
    runner.run(app.controller.wait_idle())
    runner.run(app.inventory.close())


def test_a_folder_that_becomes_unwritable_says_not_saved(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "kvmdesk"
    folder.mkdir()
    config = folder / "connections.json"
    app = _app(qtbot, config)
    assert app.window.notifications.history == []
    shutil.rmtree(folder)
    folder.write_text("")  # the folder is gone and a file is in its place
    _add(app, runner, "test:///default")
    session = app.inventory.sessions["test:///default"]
    runner.until(lambda: session.state is ConnectionState.CONNECTED, timeout=20)
    (record,) = app.window.notifications.history
    assert record.title == "Connection list not saved"
    assert str(config) in record.message and "holds until kvmdesk quits" in record.message
    runner.run(app.controller.wait_idle())
    runner.run(app.inventory.close())
