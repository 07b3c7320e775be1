"""The application font for a language whose script the default font lacks (zh_CN).

Qt draws a Chinese character the default font (DejaVu Sans on a bare system) has no glyph
for with a fallback font, but lays text out with the default font's metrics: the taller
CJK glyphs get clipped by a pixel and a label's width is guessed low. Chinese desktops use
a CJK font as the UI font for that reason; so does kvmdesk when it speaks Chinese (the CJK
fonts carry Latin letters too).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Most readable first; any other family with the script comes after these.
PREFERRED = {
    QFontDatabase.WritingSystem.SimplifiedChinese: (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
    ),
}
_SCRIPTS = {"zh_CN": QFontDatabase.WritingSystem.SimplifiedChinese}


def font_for(language: str, base: QFont) -> QFont | None:
    """``base`` in a family that has ``language``'s script; None when ``base`` has it already
    or no installed font has it."""
    script = _SCRIPTS.get(language)
    if script is None:
        return None
    family = base.family()
    if script in QFontDatabase.writingSystems(family):
        return None
    families = QFontDatabase.families(script)
    if not families:
        return None
    preferred = [name for name in PREFERRED.get(script, ()) if name in families]
    font = QFont(base)
    font.setFamilies([*(preferred or families)[:1], family])
    return font


def use_font_for(app: QApplication, language: str) -> QFont | None:
    """Make the application font one that has ``language``'s script; the font replaced."""
    before = app.font()
    font = font_for(language, before)
    if font is None:
        return None
    app.setFont(font)
    return before
