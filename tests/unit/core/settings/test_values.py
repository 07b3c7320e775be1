"""Sizes as people type them, sizes as people read them, and the guest's mount command."""

from __future__ import annotations

import pytest

from kvmdesk.core.settings.values import (
    Cpus,
    SharedFolder,
    editable,
    format_kib,
    parse_size_bytes,
    parse_size_kib,
)


@pytest.mark.parametrize(
    ("text", "kib"),
    [
        ("512M", 524288),
        ("2G", 2097152),
        ("2GiB", 2097152),
        ("1.5G", 1572864),
        ("1048576K", 1048576),
        ("768", 786432),  # a bare number is MiB
        (" 4 gib ", 4194304),
        ("1T", 1024**3),
    ],
)
def test_sizes_parse_in_binary_units(text: str, kib: int) -> None:
    assert parse_size_kib(text) == kib


@pytest.mark.parametrize("text", ["", "12x", "-1G", "G", "1..5G", "1 G B"])
def test_bad_sizes_name_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size_kib(text)


def test_bytes_and_formatting() -> None:
    assert parse_size_bytes("10G") == 10 * 1024**3
    assert format_kib(2097152) == "2 GiB"
    assert format_kib(1572864) == "1.5 GiB"
    assert format_kib(524288) == "512 MiB"
    assert format_kib(512) == "512 KiB"


def test_guest_command_mounts_the_tag() -> None:
    share = SharedFolder("/srv/data", "data")
    assert share.guest_command() == "mkdir -p /mnt/data && mount -t virtiofs data /mnt/data"
    assert share.guest_command("/media/x").endswith("mount -t virtiofs data /media/x")


def test_editable_lists_only_what_a_user_changes() -> None:
    assert editable(Cpus(current=1, maximum=2)) == {
        "current": 1,
        "maximum": 2,
        "sockets": 0,
        "cores": 0,
        "threads": 0,
        "mode": "",
        "model": "",
    }
