"""The inventory's gate: a URI that runs a program opens only from the user or with consent,
and the program really runs only then (a real ``ext`` transport, no daemon needed)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from kvmdesk.core.connection.config import ConnectionEntry, ConnectionStore
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.util.uri_programs import ProgramConsent, ProgramNotConsented, UriChannel
from tests.helpers.aio import run, until


def _marker_program(tmp_path: Path) -> tuple[Path, Path]:
    """A program that leaves a marker file when libvirt runs it, then exits."""
    marker = tmp_path / "it-ran"
    program = tmp_path / "prog.sh"
    program.write_text(f"#!/bin/sh\necho ran >> {marker}\nexit 1\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, marker


def test_a_saved_program_uri_without_consent_is_held_not_opened(tmp_path: Path) -> None:
    program, marker = _marker_program(tmp_path)
    uri = f"qemu+ext:///system?command={program}"
    config = tmp_path / "connections.json"
    config.write_text(
        json.dumps({"connections": [{"uri": "test:///default"}, {"uri": uri, "autoconnect": True}]})
    )
    inventory = Inventory(config_path=config)
    inventory.restore()
    assert list(inventory.sessions) == ["test:///default"]
    (problem,) = inventory.config_report.problems
    assert problem.item.startswith("entry 2") and str(program) in problem.reason
    assert "without your confirmation" in problem.reason
    # Saving keeps the held entry as it was: nothing of the user's file is lost.
    inventory.save()
    saved = [item["uri"] for item in json.loads(config.read_text())["connections"]]
    assert saved == ["test:///default", uri]

    async def connect_everything() -> None:
        for session in inventory.sessions.values():
            await session.connect()
        await inventory.close()

    run(connect_everything())
    assert not marker.exists()


def test_with_consent_the_saved_uri_opens_and_its_program_runs(tmp_path: Path) -> None:
    program, marker = _marker_program(tmp_path)
    uri = f"qemu+ext:///system?command={program}"
    config = tmp_path / "connections.json"
    ConnectionStore(config).save([ConnectionEntry(uri, True, ProgramConsent.for_uri(uri))])
    inventory = Inventory(config_path=config)
    inventory.restore()
    session = inventory.sessions[uri]
    assert not inventory.config_report

    async def connect() -> None:
        await session.connect()
        await until(marker.exists, "the program to run", timeout=20)
        await inventory.close()

    run(connect())
    assert marker.read_text().startswith("ran")
    # The consent is written back with the URI.
    inventory.save()
    assert ConnectionStore(config).load()[0].consent == ProgramConsent.for_uri(uri)


@pytest.mark.parametrize("channel", [UriChannel.EXTERNAL, UriChannel.DIALOG, UriChannel.SAVED])
def test_other_channels_are_refused_without_consent(tmp_path: Path, channel: UriChannel) -> None:
    inventory = Inventory(config_path=tmp_path / "c.json")
    uri = "qemu+ssh://host/system?netcat=/tmp/x"
    with pytest.raises(ProgramNotConsented):
        inventory.add(uri, channel=channel)
    assert uri not in inventory.sessions and not (tmp_path / "c.json").exists()
    # A caller that names no channel is "another application".
    with pytest.raises(ProgramNotConsented):
        inventory.add(uri)


def test_the_command_line_is_the_users_own_and_never_saved(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    inventory = Inventory(config_path=config)
    uri = "qemu+ssh://host/system?command=/opt/ssh"
    inventory.add(uri, channel=UriChannel.COMMAND_LINE, remember=False)
    inventory.add("test:///default")
    assert uri in inventory.sessions
    assert [item["uri"] for item in json.loads(config.read_text())["connections"]] == [
        "test:///default"
    ]


def test_a_refused_save_is_reported_not_raised(tmp_path: Path) -> None:
    config = tmp_path / "ro" / "c.json"
    config.parent.mkdir()
    os.mkfifo(config)  # not a regular file: never replaced
    inventory = Inventory(config_path=config)
    inventory.restore()
    failures: list[str] = []
    inventory.save_failed.connect(failures.append)
    inventory.add("test:///default")
    assert stat.S_ISFIFO(config.stat().st_mode)
    # The connection works for the session; the user is told it was not saved.
    assert not inventory.config_report.writable and "test:///default" in inventory.sessions
    assert len(failures) == 1 and f"{config} is left as it is" in failures[0]


def test_a_failed_save_is_one_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    inventory = Inventory(config_path=blocker / "c.json")
    failures: list[str] = []
    inventory.save_failed.connect(failures.append)
    inventory.add("test:///default")
    assert len(failures) == 1 and str(blocker / "c.json") in failures[0]
    assert "test:///default" in inventory.sessions
