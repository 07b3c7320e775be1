"""Values in the connection list are read by type: ``"false"`` is not true, and says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kvmdesk.core.connection.config import ConnectionEntry, ConnectionStore


def _load(tmp_path: Path, *items: object) -> ConnectionStore:
    path = tmp_path / "connections.json"
    path.write_text(json.dumps({"connections": list(items)}))
    store = ConnectionStore(path)
    store.load()
    return store


@pytest.mark.parametrize("value", ["false", "true", "no", 0, 1, None, [], {}])
def test_autoconnect_that_is_not_a_boolean_never_connects_and_is_reported(
    tmp_path: Path, value: object
) -> None:
    store = _load(tmp_path, {"uri": "test:///default", "autoconnect": value})
    assert ConnectionStore(store.path).load() == [
        ConnectionEntry("test:///default", autoconnect=False)
    ]
    (problem,) = store.report.problems
    assert problem.item == "entry 1" and '"autoconnect" is not true or false' in problem.reason


def test_booleans_and_a_missing_autoconnect_are_read_as_written(tmp_path: Path) -> None:
    store = _load(
        tmp_path,
        {"uri": "test:///default", "autoconnect": False},
        {"uri": "qemu:///system", "autoconnect": True},
        {"uri": "qemu:///session"},
    )
    assert [e.autoconnect for e in ConnectionStore(store.path).load()] == [False, True, True]
    assert not store.report


@pytest.mark.parametrize("value", ["yes", 5, {"sha256": 5}, ["abc"]])
def test_a_consent_of_the_wrong_type_is_reported_and_ignored(tmp_path: Path, value: object) -> None:
    store = _load(
        tmp_path, {"uri": "test:///default", "autoconnect": False, "program_consent": value}
    )
    (entry,) = ConnectionStore(store.path).load()
    assert entry.consent is None
    (problem,) = store.report.problems
    assert problem.item == "entry 1" and '"program_consent"' in problem.reason
