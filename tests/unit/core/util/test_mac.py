"""MAC addresses: the unicast check a user's MAC goes through, and generated ones."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util import mac as mac_module
from kvmdesk.core.util.mac import QEMU_PREFIX, generate_mac, parse_mac, validate_mac


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


def test_parse_mac_accepts_any_kind_but_checks_syntax() -> None:
    assert parse_mac("01:00:5E:00:00:01") == "01:00:5e:00:00:01"
    with pytest.raises(BadInput, match="not a MAC address"):
        parse_mac("nope")


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
