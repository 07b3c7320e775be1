"""What the About box reports: libvirt's version number spelled as libvirt spells it."""

from __future__ import annotations

import libvirt
import pytest

from kvmdesk.core.util.about import format_libvirt_version, libvirt_version


@pytest.mark.parametrize(
    ("number", "text"), [(9_000_000, "9.0.0"), (10_002_015, "10.2.15"), (0, "0.0.0")]
)
def test_version_numbers_read_as_libvirt_writes_them(number: int, text: str) -> None:
    assert format_libvirt_version(number) == text


def test_a_negative_number_is_no_version() -> None:
    with pytest.raises(ValueError, match="-1"):
        format_libvirt_version(-1)


def test_the_library_in_use() -> None:
    assert libvirt_version() == format_libvirt_version(libvirt.getVersion())
