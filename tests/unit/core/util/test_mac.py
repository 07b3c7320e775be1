"""MAC addresses: the unicast check a user's MAC goes through, and generated ones."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util import mac as mac_module
from kvmdesk.core.util.mac import (
    BROADCAST,
    QEMU_PREFIX,
    comparable_mac,
    generate_mac,
    is_multicast,
    normalize_mac,
    validate_mac,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52:54:00:12:34:56", "52:54:00:12:34:56"),
        ("52:54:00:AB:cd:EF", "52:54:00:ab:cd:ef"),
        ("  52-54-00-0a-0b-0c ", "52:54:00:0a:0b:0c"),
        ("02:00:00:00:00:01", "02:00:00:00:00:01"),
        ("fe:ff:ff:ff:ff:ff", "fe:ff:ff:ff:ff:ff"),
    ],
)
def test_valid_macs_are_normalised(text: str, expected: str) -> None:
    assert validate_mac(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a MAC address"),
        ("52:54:00:12:34", "not a MAC address"),
        ("52:54:00:12:34:56:78", "not a MAC address"),
        ("52:54:00:12:34:5g", "not a MAC address"),
        ("52:54-00:12:34:56", "not a MAC address"),  # one separator throughout
        ("525400123456", "not a MAC address"),
        ("5:54:00:12:34:56", "not a MAC address"),
        ("01:00:5e:00:00:01", "multicast"),
        ("33:33:00:00:00:01", "multicast"),
        ("ff:ff:ff:ff:ff:ff", "broadcast"),
        ("00:00:00:00:00:00", "all zero"),
    ],
)
def test_invalid_macs_say_why_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(BadInput) as caught:
        validate_mac(text)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


def test_normalize_mac_accepts_any_kind_but_checks_syntax() -> None:
    assert normalize_mac("01:00:5E:00:00:01") == "01:00:5e:00:00:01"
    with pytest.raises(BadInput, match="not a MAC address"):
        normalize_mac("nope")


def test_generated_macs_are_unicast_in_the_qemu_range() -> None:
    macs = {generate_mac(set()) for _ in range(200)}
    assert len(macs) > 190  # random, not a counter
    for mac in macs:
        assert mac.startswith(QEMU_PREFIX + ":")
        assert validate_mac(mac) == mac


def test_generated_macs_avoid_taken_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # Random bytes made predictable: the first two draws are taken (in other spellings).
    draws = iter([b"\x00\x00\x01", b"\xab\xcd\xef", b"\x00\x00\x02"])
    monkeypatch.setattr(mac_module.secrets, "token_bytes", lambda _n: next(draws))
    taken = {"52:54:00:00:00:01", "52-54-00-AB-CD-EF"}
    assert generate_mac(taken) == "52:54:00:00:00:02"


def test_no_free_mac_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mac_module.secrets, "token_bytes", lambda _n: b"\x00\x00\x01")
    with pytest.raises(BadInput, match="no free MAC address"):
        generate_mac({"52:54:00:00:00:01"})


# ------------------------------------------------------------- one spelling


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52:54:00:AB:CD:EF", "52:54:00:ab:cd:ef"),  # case
        ("52-54-00-ab-cd-ef", "52:54:00:ab:cd:ef"),  # '-' separators
        (" 52:54:00:ab:cd:ef\t", "52:54:00:ab:cd:ef"),
        ("01:00:5E:00:00:01", "01:00:5e:00:00:01"),  # multicast is still a MAC
        ("FF-FF-FF-FF-FF-FF", "ff:ff:ff:ff:ff:ff"),
    ],
)
def test_normalize_mac_spells_every_mac_one_way(text: str, expected: str) -> None:
    assert normalize_mac(text) == expected
    assert comparable_mac(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "52:54:00:ab:cd",  # five pairs
        "52:54:00:ab:cd:ef:01",  # seven pairs
        "52:54:00:ab:cd:e",
        "525400abcdef",  # no separators
        "5254.00ab.cdef",  # Cisco dots
        "52:54-00:ab:cd:ef",  # mixed separators
        "52 54 00 ab cd ef",
        "52:54:00:ab:cd:eg",
    ],
)
def test_normalize_mac_refuses_other_spellings(text: str) -> None:
    with pytest.raises(BadInput, match=r"^not a MAC address \(expected six hex pairs"):
        normalize_mac(text)


def test_comparable_mac_never_raises() -> None:
    # Half typed in the dialog, or missing in XML: compares unequal to every real MAC.
    assert comparable_mac("52-54-0") == "52:54:0"
    assert comparable_mac("") == ""


@pytest.mark.parametrize(
    ("mac", "multicast"),
    [
        ("52:54:00:12:34:56", False),
        ("02:00:00:00:00:01", False),
        ("fe:ff:ff:ff:ff:ff", False),
        ("01:00:5e:00:00:01", True),
        ("33:33:00:00:00:01", True),
        ("03:00:00:00:00:00", True),
        (BROADCAST, True),
    ],
)
def test_multicast_is_the_odd_first_octet(mac: str, multicast: bool) -> None:
    assert is_multicast(mac) is multicast
    if multicast:
        with pytest.raises(BadInput, match=r"multicast|broadcast"):
            validate_mac(mac)
    else:
        assert validate_mac(mac) == mac
