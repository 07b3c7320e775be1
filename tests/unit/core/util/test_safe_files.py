"""Bounded reads, JSON depth, keeping a file aside, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kvmdesk.core.util.safe_files import (
    UnusableFile,
    keep_aside,
    nesting_depth,
    parse_json,
    read_bounded,
    write_atomic,
)


def test_missing_file_reads_as_none(tmp_path: Path) -> None:
    assert read_bounded(tmp_path / "absent") is None


def test_folder_is_unusable_and_may_be_kept_aside(tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    with pytest.raises(UnusableFile, match="folder") as error:
        read_bounded(tmp_path / "f")
    assert error.value.keep_aside


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_never_read_nor_renamed(tmp_path: Path, device: str) -> None:
    link = tmp_path / "connections.json"
    link.symlink_to(device)
    with pytest.raises(UnusableFile, match="not a regular file") as error:
        read_bounded(link)
    assert not error.value.keep_aside


def test_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnusableFile):
        read_bounded(fifo)


def test_a_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(UnusableFile, match="cannot read"):
        read_bounded(loop)


def test_size_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b" " * 2049)
    assert read_bounded(path, 4096) == b" " * 2049
    with pytest.raises(UnusableFile, match="larger"):
        read_bounded(path, 2048)


def test_nesting_depth_skips_strings() -> None:
    assert nesting_depth('{"a": [1, {"b": "[[[[{{{"}]}') == 3
    assert nesting_depth('"\\"[["') == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"[" * 100_000, "nests deeper"),
        (b'{"a": ' * 50 + b"1" + b"}" * 50, "nests deeper"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"1" * 5000, "not valid JSON"),  # beyond Python's int digit limit
    ],
)
def test_bad_json_is_one_unusable_file_error(data: bytes, reason: str) -> None:
    with pytest.raises(UnusableFile, match=reason):
        parse_json(data)


def test_keep_aside_renames_with_a_timestamp_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.write_text("first")
    first = keep_aside(path)
    path.write_text("second")
    second = keep_aside(path)
    assert first != second
    assert first.name.startswith("connections.json.broken-")
    assert first.read_text() == "first" and second.read_text() == "second"
    assert not path.exists()
    path.write_text("third")
    copy = keep_aside(path, copy=True)
    assert path.read_text() == "third" and copy.read_text() == "third"


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "file.json"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert os.listdir(path.parent) == ["file.json"]
    assert path.stat().st_mode & 0o077 == 0


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "file.json"
    write_atomic(path, b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.json"]


def test_write_atomic_refuses_to_replace_a_folder_or_device(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(UnusableFile):
        write_atomic(tmp_path / "d", b"x")
    link = tmp_path / "zero"
    link.symlink_to("/dev/null")
    with pytest.raises(UnusableFile):
        write_atomic(link, b"x")


def test_write_atomic_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "connections.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "connections.json"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"
