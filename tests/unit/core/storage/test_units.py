"""Sizes with units: parsing what users type, and showing sizes."""

from __future__ import annotations

import pytest

from kvmdesk.core.storage.units import format_size, parse_size, size_in
from kvmdesk.core.types.errors import BadInput


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("20G", 20 * 1024**3),
        ("20 GiB", 20 * 1024**3),
        ("512m", 512 * 1024**2),
        ("1.5T", int(1.5 * 1024**4)),
        ("10GB", 10 * 1000**3),
        ("4096B", 4096),
        ("  8K ", 8192),
    ],
)
def test_sizes_with_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20", "size needs a unit, as in 20G or 20M: '20'"),
        ("", "size is not a size, as in 20G or 512M: ''"),
        ("-1G", "size is not a size, as in 20G or 512M: '-1G'"),
        ("ten G", "size is not a size, as in 20G or 512M: 'ten G'"),
        ("5 parsecs", "size has an unknown unit 'parsecs' (use K, M, G, T or KB, MB, GB, TB)"),
    ],
)
def test_bad_sizes_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_size(text)
    assert str(caught.value) == message


def test_the_message_names_the_field() -> None:
    with pytest.raises(BadInput, match=r"^new size needs a unit"):
        parse_size("30", "new size")


def test_dialog_units() -> None:
    assert size_in(2.5, "GiB") == int(2.5 * 1024**3)
    assert size_in(100, "MiB") == 100 * 1024**2


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (2048, "2 KiB"),
        (20 * 1024**3, "20 GiB"),
        (int(1.5 * 1024**4), "1.5 TiB"),
        (52428800, "50 MiB"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
