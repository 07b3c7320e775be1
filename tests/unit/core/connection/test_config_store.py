"""The connection list file, whatever it holds: kvmdesk starts, says what it skipped, and
keeps what it could not use."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvmdesk.core.connection.config import (
    MAX_CONNECTIONS,
    ConnectionEntry,
    ConnectionStore,
)
from kvmdesk.core.util.uri_programs import ProgramConsent


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def _asides(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[1, 2, 3]", b'{"connections": "qemu:///system"}', b"\x00\x01\xff"],
    ids=["truncated", "empty", "list", "wrong-shape", "binary"],
)
def test_an_unusable_file_is_kept_aside_and_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "connections.json"
    path.write_bytes(content)
    store = ConnectionStore(path)
    assert store.load() == []
    assert len(store.report.problems) == 1 and store.report.problems[0].item == "the file"
    (aside,) = _asides(path)
    assert store.report.kept_aside == aside and aside.read_bytes() == content
    # The next save writes a fresh list; the kept copy stays.
    store.save([ConnectionEntry("qemu:///system")])
    assert ConnectionStore(path).load() == [ConnectionEntry("qemu:///system")]
    assert aside.read_bytes() == content


def test_deeply_nested_json_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.write_text('{"connections": ' + "[" * 200_000 + "]" * 200_000 + "}")
    store = ConnectionStore(path)
    assert store.load() == []
    assert "nests deeper" in store.report.problems[0].reason


def test_bad_entries_are_skipped_named_and_the_file_copied_aside(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    _write(
        path,
        {
            "connections": [
                {"uri": "qemu:///system", "autoconnect": False},
                {"uri": 42},
                "qemu:///session",
                {"uri": "not a uri"},
                {"uri": "qemu:///sys\x00tem"},
                {"uri": "qemu:///system"},
                {"uri": "test:///default", "autoconnect": "yes"},
                {"uri": "qemu+ssh://me:hunter2@host/system"},
            ]
        },
    )
    original = path.read_bytes()
    store = ConnectionStore(path)
    assert store.load() == [
        ConnectionEntry("qemu:///system", autoconnect=False),
        ConnectionEntry("test:///default", autoconnect=False),
    ]
    report = store.report
    assert [p.item for p in report.problems] == [
        "entry 2",
        "entry 3",
        "entry 4",
        "entry 5",
        "entry 6",
        "entry 7",
        "entry 8",
    ]
    reasons = [p.reason for p in report.problems]
    assert "not a libvirt URI" in reasons[2]
    assert "control character U+0000" in reasons[3]
    assert "the same connection as entry 1" in reasons[4]
    assert "not true or false" in reasons[5]
    assert "password" in reasons[6] and "hunter2" not in reasons[6]
    # The file itself stays as it was until a save, and a copy is kept for that save.
    assert path.read_bytes() == original
    assert report.kept_aside is not None and report.kept_aside.read_bytes() == original
    # A second start with the same file keeps no second copy.
    again = ConnectionStore(path)
    again.load()
    assert again.report.kept_aside == report.kept_aside and len(_asides(path)) == 1


def test_thousands_of_entries_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    _write(path, {"connections": [{"uri": f"test:///x{n}.xml"} for n in range(5000)]})
    store = ConnectionStore(path)
    entries = store.load()
    assert len(entries) == MAX_CONNECTIONS
    assert store.report.problems[-1].item == f"entries {MAX_CONNECTIONS + 1}–5000"


def test_a_huge_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.write_text(json.dumps({"connections": [], "pad": "x" * (2 << 20)}))
    store = ConnectionStore(path)
    assert store.load() == []
    assert "larger than" in store.report.problems[0].reason and _asides(path)


def test_a_folder_at_the_path_is_set_aside_then_replaced(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.mkdir()
    (path / "inside").write_text("keep me")
    store = ConnectionStore(path)
    assert store.load() == []
    (aside,) = _asides(path)
    assert (aside / "inside").read_text() == "keep me"
    store.save([ConnectionEntry("qemu:///system")])
    assert path.is_file()


def test_a_device_at_the_path_is_left_alone_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.symlink_to("/dev/zero")
    store = ConnectionStore(path)
    assert store.load() == []
    assert not store.report.writable and not _asides(path)
    store.save([ConnectionEntry("qemu:///system")])  # a no-op, never a write to the device
    assert path.is_symlink() and os.readlink(path) == "/dev/zero"


def test_an_unreadable_path_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.symlink_to(path)  # ELOOP: unreadable even for root
    store = ConnectionStore(path)
    assert store.load() == []
    assert "cannot read" in store.report.problems[0].reason


def test_consent_is_stored_with_its_uri_and_bound_to_it(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    uri = "qemu+ext:///system?command=/opt/tunnel"
    ConnectionStore(path).save([ConnectionEntry(uri, True, ProgramConsent.for_uri(uri))])
    saved = json.loads(path.read_text())["connections"][0]
    assert saved["program_consent"]["sha256"] == ProgramConsent.for_uri(uri).digest
    (entry,) = ConnectionStore(path).load()
    assert entry.consent is not None and entry.consent.covers(uri)
    # Someone edits the URI beside the consent: the consent no longer covers it.
    saved["uri"] = "qemu+ext:///system?command=/tmp/other"
    _write(path, {"connections": [saved]})
    (edited,) = ConnectionStore(path).load()
    assert edited.consent is not None and not edited.consent.covers(edited.uri)


def test_held_entries_survive_saves(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    held = ConnectionEntry("qemu+ssh://h/system?command=/x")
    store = ConnectionStore(path)
    store.hold(held)
    store.save([ConnectionEntry("qemu:///system")])
    assert [e.uri for e in ConnectionStore(path).load()] == ["qemu:///system", held.uri]


# ------------------------------------------------------------------ properties

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)
_ENTRY = st.one_of(
    _JSON,
    st.fixed_dictionaries(
        {"uri": st.one_of(st.text(), st.sampled_from(["qemu:///system", "test:///default"]))},
        optional={"autoconnect": _JSON, "program_consent": _JSON},
    ),
)
_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check_load(path: Path) -> None:
    store = ConnectionStore(path)
    entries = store.load()
    assert all(isinstance(entry, ConnectionEntry) for entry in entries)
    assert len({entry.uri for entry in entries}) == len(entries)
    # Whatever was there, it is either still there or kept aside, and saving works.
    if path.exists() or store.report.kept_aside is not None:
        store.save(entries)
        assert ConnectionStore(path).load() == entries


@_SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_stop_the_loader(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "connections.json"
    path.write_bytes(data)
    _check_load(path)


@_SETTINGS
@given(document=_JSON)
def test_random_json_never_stops_the_loader(
    tmp_path_factory: pytest.TempPathFactory, document: Any
) -> None:
    path = tmp_path_factory.mktemp("json") / "connections.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _check_load(path)


@_SETTINGS
@given(items=st.lists(_ENTRY, max_size=20))
def test_random_entries_never_stop_the_loader(
    tmp_path_factory: pytest.TempPathFactory, items: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("entries") / "connections.json"
    path.write_text(json.dumps({"connections": items}), encoding="utf-8")
    store = ConnectionStore(path)
    entries = store.load()
    assert len(entries) <= len(items)
    # Every problem names one entry of the file (which, and why).
    for problem in store.report.problems:
        assert problem.item.startswith("entry ") and problem.reason
        assert 1 <= int(problem.item.split()[1]) <= len(items)
    _check_load(path)
