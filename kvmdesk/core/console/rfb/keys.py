"""Key numbering: X keysyms (RFB key events) and XT scancodes in QEMU's "qnum" form.

qnum is the PC/XT set-1 scancode with the 0xE0-prefixed keys folded into the high bit
(E0 1D → 0x9D). Linux evdev codes 1–88 are set-1 scancodes already; the rest are listed.
The X server's keycode under xcb/evdev is the evdev code + 8.
"""

from __future__ import annotations

from dataclasses import dataclass

# Linux evdev codes above 88 (or out of line) → qnum.
_EVDEV_EXTRA = {
    89: 0x73,  # KEY_RO
    92: 0x79,  # KEY_HENKAN
    93: 0x70,  # KEY_KATAKANAHIRAGANA
    94: 0x7B,  # KEY_MUHENKAN
    96: 0x9C,  # KEY_KPENTER
    97: 0x9D,  # KEY_RIGHTCTRL
    98: 0xB5,  # KEY_KPSLASH
    99: 0xB7,  # KEY_SYSRQ (Print)
    100: 0xB8,  # KEY_RIGHTALT
    102: 0xC7,  # KEY_HOME
    103: 0xC8,  # KEY_UP
    104: 0xC9,  # KEY_PAGEUP
    105: 0xCB,  # KEY_LEFT
    106: 0xCD,  # KEY_RIGHT
    107: 0xCF,  # KEY_END
    108: 0xD0,  # KEY_DOWN
    109: 0xD1,  # KEY_PAGEDOWN
    110: 0xD2,  # KEY_INSERT
    111: 0xD3,  # KEY_DELETE
    113: 0xA0,  # KEY_MUTE
    114: 0xAE,  # KEY_VOLUMEDOWN
    115: 0xB0,  # KEY_VOLUMEUP
    116: 0xDE,  # KEY_POWER
    117: 0x59,  # KEY_KPEQUAL
    119: 0xC6,  # KEY_PAUSE
    121: 0x7E,  # KEY_KPCOMMA
    124: 0x7D,  # KEY_YEN
    125: 0xDB,  # KEY_LEFTMETA
    126: 0xDC,  # KEY_RIGHTMETA
    127: 0xDD,  # KEY_COMPOSE (Menu)
}
XKB_EVDEV_OFFSET = 8


def qnum_from_evdev(code: int) -> int:
    """The qnum for a Linux evdev key code; 0 when it has none."""
    if 1 <= code <= 88 and code not in (84, 85):
        return code
    return _EVDEV_EXTRA.get(code, 0)


def qnum_from_x11_keycode(keycode: int) -> int:
    """The qnum for an X11 (xcb/evdev) keycode, as Qt's ``nativeScanCode()`` gives it."""
    return qnum_from_evdev(keycode - XKB_EVDEV_OFFSET)


@dataclass(frozen=True, slots=True)
class Key:
    keysym: int
    qnum: int


_LETTERS = "qwertyuiop", "asdfghjkl", "zxcvbnm"
_LETTER_ROW_START = 0x10, 0x1E, 0x2C

NAMED_KEYS: dict[str, Key] = {
    "esc": Key(0xFF1B, 0x01),
    "backspace": Key(0xFF08, 0x0E),
    "tab": Key(0xFF09, 0x0F),
    "enter": Key(0xFF0D, 0x1C),
    "ctrl": Key(0xFFE3, 0x1D),
    "shift": Key(0xFFE1, 0x2A),
    "shift_r": Key(0xFFE2, 0x36),
    "alt": Key(0xFFE9, 0x38),
    "space": Key(0x0020, 0x39),
    "capslock": Key(0xFFE5, 0x3A),
    "numlock": Key(0xFF7F, 0x45),
    "scrolllock": Key(0xFF14, 0x46),
    "ctrl_r": Key(0xFFE4, 0x9D),
    "altgr": Key(0xFE03, 0xB8),
    "print": Key(0xFF61, 0xB7),
    "sysrq": Key(0xFF15, 0x54),
    "pause": Key(0xFF13, 0xC6),
    "home": Key(0xFF50, 0xC7),
    "up": Key(0xFF52, 0xC8),
    "pageup": Key(0xFF55, 0xC9),
    "left": Key(0xFF51, 0xCB),
    "right": Key(0xFF53, 0xCD),
    "end": Key(0xFF57, 0xCF),
    "down": Key(0xFF54, 0xD0),
    "pagedown": Key(0xFF56, 0xD1),
    "insert": Key(0xFF63, 0xD2),
    "delete": Key(0xFFFF, 0xD3),
    "super": Key(0xFFEB, 0xDB),
    "super_r": Key(0xFFEC, 0xDC),
    "menu": Key(0xFF67, 0xDD),
}
NAMED_KEYS.update({f"f{n}": Key(0xFFBD + n, 0x3A + n) for n in range(1, 11)})
NAMED_KEYS.update({"f11": Key(0xFFC8, 0x57), "f12": Key(0xFFC9, 0x58)})
for _row, _start in zip(_LETTERS, _LETTER_ROW_START, strict=True):
    NAMED_KEYS.update({c: Key(ord(c), _start + i) for i, c in enumerate(_row)})
NAMED_KEYS.update({c: Key(ord(c), 0x02 + i) for i, c in enumerate("1234567890")})
NAMED_KEYS.update(
    {
        "minus": Key(0x2D, 0x0C),
        "equal": Key(0x3D, 0x0D),
        "bracketleft": Key(0x5B, 0x1A),
        "bracketright": Key(0x5D, 0x1B),
        "semicolon": Key(0x3B, 0x27),
        "apostrophe": Key(0x27, 0x28),
        "grave": Key(0x60, 0x29),
        "backslash": Key(0x5C, 0x2B),
        "comma": Key(0x2C, 0x33),
        "period": Key(0x2E, 0x34),
        "slash": Key(0x2F, 0x35),
    }
)
_ALIASES = {
    "control": "ctrl",
    "escape": "esc",
    "return": "enter",
    "del": "delete",
    "ins": "insert",
    "win": "super",
    "meta": "super",
    "printscreen": "print",
    "pgup": "pageup",
    "pgdn": "pagedown",
}


def named_key(name: str) -> Key:
    """The key called ``name`` (case-insensitive, e.g. "ctrl", "F1", "delete"); KeyError."""
    lowered = name.lower()
    return NAMED_KEYS[_ALIASES.get(lowered, lowered)]


SHIFT_KEYSYM = 0xFFE1
_SHIFTED_SYMBOLS = set('~!@#$%^&*()_+{}|:"<>?')
_CONTROL_CHARACTERS = {"\n": 0xFF0D, "\r": 0xFF0D, "\t": 0xFF09, "\b": 0xFF08, "\x1b": 0xFF1B}


def keysym_for_character(char: str) -> tuple[int, bool] | None:
    """The keysym that types ``char`` and whether Shift is held for it (US layout);
    None for characters that cannot be typed (other control characters)."""
    if char in _CONTROL_CHARACTERS:
        return _CONTROL_CHARACTERS[char], False
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return None
    shifted = char.isupper() or char in _SHIFTED_SYMBOLS
    if code <= 0xFF:
        return code, shifted
    return 0x01000000 | code, shifted  # X's Unicode keysyms
