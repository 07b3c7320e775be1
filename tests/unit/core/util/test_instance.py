"""The single-instance message and the socket's private folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.instance import (
    MAX_MESSAGE_BYTES,
    MAX_URIS,
    Handover,
    private_folder,
    socket_path,
)


def test_round_trip() -> None:
    message = Handover(("test:///default", "qemu:///session"), demo=True)
    assert Handover.decode(message.encode().rstrip(b"\n")) == message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b'"text"',
        b'{"connect": "test:///default"}',
        b'{"connect": [1]}',
        b'{"connect": [], "demo": "yes"}',
        b'{"connect": [], "run": "/bin/sh"}',
        b'{"connect": ["two words"]}',
        b'{"connect": ["' + b"a" * MAX_MESSAGE_BYTES + b'"]}',
        ('{"connect": [' + ",".join(['"test:///default"'] * (MAX_URIS + 1)) + "]}").encode(),
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(BadInput):
        Handover.decode(data)


def test_one_socket_per_connection_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    first = socket_path(tmp_path / "a" / "connections.json")
    assert first == socket_path(tmp_path / "a" / "connections.json")
    assert first != socket_path(tmp_path / "b" / "connections.json")
    assert first.parent == tmp_path / "kvmdesk"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert socket_path(tmp_path / "a.json").parent.name == f"kvmdesk-{os.getuid()}"


def test_the_folder_must_be_private(tmp_path: Path) -> None:
    path = tmp_path / "kvmdesk" / "instance-x"
    assert private_folder(path) == path.parent
    assert path.parent.stat().st_mode & 0o777 == 0o700
    path.parent.chmod(0o755)  # readable by others: another user could reach the socket
    with pytest.raises(OSError, match="not a private folder"):
        private_folder(path)
