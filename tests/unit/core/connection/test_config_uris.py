"""The saved connection list and connection-URI handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kvmdesk.core.connection.config import ConnectionEntry, load_connections, save_connections
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import (
    PRESETS,
    SYSTEM_URI,
    default_uri,
    is_local,
    validate_uri,
)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "kvmdesk" / "connections.json"
    entries = [
        ConnectionEntry("qemu:///system"),
        ConnectionEntry("qemu+ssh://admin@host.example/system", autoconnect=False),
        ConnectionEntry("test:///default", autoconnect=True),
    ]
    save_connections(entries, path)
    assert load_connections(path) == entries
    # Saved atomically: only the file itself is left behind.
    assert [p.name for p in path.parent.iterdir()] == ["connections.json"]

    save_connections(entries[:1], path)  # overwriting replaces the list
    assert load_connections(path) == entries[:1]
    save_connections([], path)
    assert load_connections(path) == []


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "",
        "[1, 2, 3]",
        '{"connections": "qemu:///system"}',
        "\x00\x01binary",
    ],
    ids=["truncated", "empty", "list", "wrong-shape", "binary"],
)
def test_corrupt_file_yields_no_connections(tmp_path: Path, content: str) -> None:
    path = tmp_path / "connections.json"
    path.write_text(content, encoding="utf-8")
    assert load_connections(path) == []


def test_missing_file_yields_no_connections(tmp_path: Path) -> None:
    assert load_connections(tmp_path / "nowhere" / "connections.json") == []


def test_bad_entries_are_skipped_and_duplicates_dropped(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.write_text(
        json.dumps(
            {
                "connections": [
                    {"uri": "qemu:///system", "autoconnect": False},
                    {"uri": 42},
                    "qemu:///session",
                    {"autoconnect": True},
                    {"uri": "qemu:///system"},
                    {"uri": "test:///default"},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert load_connections(path) == [
        ConnectionEntry("qemu:///system", autoconnect=False),
        ConnectionEntry("test:///default", autoconnect=True),
    ]


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("qemu", "not a libvirt URI"),
        ("/var/run/libvirt/libvirt-sock", "not a libvirt URI"),
        ("1qemu:///system", "scheme"),
        ("qemu+:///system", "scheme"),
        ("qemu+ssh+tls://host/system", "scheme"),
    ],
)
def test_validate_uri_rejects(uri: str, reason: str) -> None:
    with pytest.raises(BadInput, match=reason) as error:
        validate_uri(uri)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "uri",
    [
        "qemu:///system",
        "qemu:///session",
        "qemu+ssh://user@host/system",
        "qemu+tls://host.example:16514/system?no_verify=1",
        "test:///default",
        "test:///tmp/inventory.xml",
        "lxc:///",
    ],
)
def test_validate_uri_accepts(uri: str) -> None:
    assert validate_uri(f"  {uri}\n") == uri


def test_presets_are_valid_uris() -> None:
    assert PRESETS
    for preset in PRESETS:
        assert validate_uri(preset.uri) == preset.uri
        assert preset.label


def test_default_uri_honours_libvirt_default_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBVIRT_DEFAULT_URI", "test:///default")
    assert default_uri() == "test:///default"
    monkeypatch.setenv("LIBVIRT_DEFAULT_URI", "  qemu:///session  ")
    assert default_uri() == "qemu:///session"
    monkeypatch.setenv("LIBVIRT_DEFAULT_URI", "  ")
    assert default_uri() == SYSTEM_URI
    monkeypatch.delenv("LIBVIRT_DEFAULT_URI")
    assert default_uri() == SYSTEM_URI == "qemu:///system"


@pytest.mark.parametrize(
    ("uri", "local"),
    [
        ("qemu:///system", True),
        ("qemu+ssh://localhost/system", True),
        ("qemu+tcp://127.0.0.1/system", True),
        ("qemu+ssh://user@host.example/system", False),
        ("test:///default", True),
    ],
)
def test_is_local(uri: str, local: bool) -> None:
    assert is_local(uri) is local
