"""From a Qt key event to what the RFB client sends: an X keysym and, where the platform
gives the physical key, its XT scancode (qnum) — so every keyboard layout types what it shows.

Under xcb and Wayland (both xkb) ``nativeScanCode()`` is the evdev code + 8; elsewhere there
is no scancode and the keysym alone goes out (the server maps it with its own layout).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

from kvmdesk.core.console.rfb.keys import qnum_from_x11_keycode

Key = Qt.Key

_SPECIAL: dict[int, int] = {
    Key.Key_Escape: 0xFF1B,
    Key.Key_Tab: 0xFF09,
    Key.Key_Backtab: 0xFF09,
    Key.Key_Backspace: 0xFF08,
    Key.Key_Return: 0xFF0D,
    Key.Key_Enter: 0xFF8D,
    Key.Key_Insert: 0xFF63,
    Key.Key_Delete: 0xFFFF,
    Key.Key_Pause: 0xFF13,
    Key.Key_Print: 0xFF61,
    Key.Key_SysReq: 0xFF15,
    Key.Key_Clear: 0xFF0B,
    Key.Key_Home: 0xFF50,
    Key.Key_End: 0xFF57,
    Key.Key_Left: 0xFF51,
    Key.Key_Up: 0xFF52,
    Key.Key_Right: 0xFF53,
    Key.Key_Down: 0xFF54,
    Key.Key_PageUp: 0xFF55,
    Key.Key_PageDown: 0xFF56,
    Key.Key_Shift: 0xFFE1,
    Key.Key_Control: 0xFFE3,
    Key.Key_Meta: 0xFFEB,  # the Super/Windows key on Linux
    Key.Key_Super_L: 0xFFEB,
    Key.Key_Super_R: 0xFFEC,
    Key.Key_Alt: 0xFFE9,
    Key.Key_AltGr: 0xFE03,
    Key.Key_CapsLock: 0xFFE5,
    Key.Key_NumLock: 0xFF7F,
    Key.Key_ScrollLock: 0xFF14,
    Key.Key_Menu: 0xFF67,
    Key.Key_Space: 0x0020,
}
_SPECIAL.update({int(Key.Key_F1) + n: 0xFFBE + n for n in range(35)})


def platform_has_scancodes() -> bool:
    return QGuiApplication.platformName() in ("xcb", "wayland")


def keysym_for(event: QKeyEvent) -> int:
    """The X keysym for a key event; 0 when there is none."""
    key = event.key()
    if key in _SPECIAL:
        return _SPECIAL[key]
    text = event.text()
    if len(text) == 1 and ord(text) >= 0x20 and ord(text) != 0x7F:
        code = ord(text)
        return code if code <= 0xFF else 0x01000000 | code
    if 0x20 <= key <= 0x7E:  # e.g. Ctrl+C: no text, Qt's key is the upper-case letter
        shifted = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        return key if shifted else ord(chr(key).lower())
    if 0xA0 <= key <= 0xFF:
        return key
    return 0


def qnum_for(event: QKeyEvent) -> int:
    """The XT scancode (qnum) of the physical key; 0 where the platform has none."""
    if not platform_has_scancodes():
        return 0
    return qnum_from_x11_keycode(event.nativeScanCode())
