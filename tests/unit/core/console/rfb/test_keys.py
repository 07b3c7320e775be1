"""Key numbering: X11 keycodes (evdev + 8) to QEMU's qnum, key names, typed characters."""

from __future__ import annotations

import pytest

from kvmdesk.core.console.rfb.keys import (
    keysym_for_character,
    named_key,
    qnum_from_evdev,
    qnum_from_x11_keycode,
)


@pytest.mark.parametrize(
    ("x11_keycode", "qnum"),
    [
        (9, 0x01),  # Escape
        (38, 0x1E),  # A (the key, whatever the layout prints on it)
        (24, 0x10),  # Q, which is A on an AZERTY keyboard: the scancode is the same
        (36, 0x1C),  # Return
        (50, 0x2A),  # left Shift
        (105, 0x9D),  # right Control: an E0 key
        (108, 0xB8),  # right Alt (AltGr)
        (111, 0xC8),  # Up
        (119, 0xD3),  # Delete
        (107, 0xB7),  # Print
        (133, 0xDB),  # left Super
        (95, 0x57),  # F11
        (8, 0),  # no key
    ],
)
def test_x11_keycodes_map_to_qnum(x11_keycode: int, qnum: int) -> None:
    assert qnum_from_x11_keycode(x11_keycode) == qnum


def test_evdev_gaps_have_no_qnum() -> None:
    assert qnum_from_evdev(84) == 0 and qnum_from_evdev(0) == 0 and qnum_from_evdev(500) == 0


def test_named_keys_and_aliases() -> None:
    assert named_key("Ctrl") == named_key("control")
    assert (named_key("delete").keysym, named_key("del").qnum) == (0xFFFF, 0xD3)
    assert (named_key("F1").qnum, named_key("f12").qnum) == (0x3B, 0x58)
    assert (named_key("backspace").qnum, named_key("print").keysym) == (0x0E, 0xFF61)
    assert named_key("0").qnum == 0x0B and named_key("1").qnum == 0x02
    with pytest.raises(KeyError):
        named_key("hyper")


@pytest.mark.parametrize(
    ("char", "typed"),
    [
        ("a", (0x61, False)),
        ("A", (0x41, True)),
        ("$", (0x24, True)),
        ("-", (0x2D, False)),
        ("\n", (0xFF0D, False)),
        ("é", (0xE9, False)),
        ("€", (0x010020AC, False)),
        ("\x07", None),
    ],
)
def test_characters_to_keysyms(char: str, typed: tuple[int, bool] | None) -> None:
    assert keysym_for_character(char) == typed
