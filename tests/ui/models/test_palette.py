"""The named palette: every colour readable on the windows of common light and dark themes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.palette import Colour, is_dark, mode_colour
from kvmdesk.models.state_icons import connection_state_icon, domain_state_icon
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog

# Colours that also colour text (labels, notes): WCAG 4.5:1; the others are graphics, 3:1.
TEXT = {
    Colour.ERROR,
    Colour.DANGER,
    Colour.WARNING_TEXT,
    Colour.CAUTION_TEXT,
    Colour.INFO,
    Colour.INACTIVE,
}
BACKGROUNDS = {Colour.BANNER_BACKGROUND, Colour.BANNER_TEXT}  # checked against each other
# Window colours of common dark themes: Fusion, Breeze Dark, Adwaita dark, kvmdesk's own.
DARK_WINDOWS = ("#353535", "#31363b", "#242424", "#2b2b2b")
# And light ones: Fusion (kvmdesk's own too), Breeze, Adwaita, a white page.
LIGHT_WINDOWS = ("#efefef", "#eff0f1", "#fafafa", "#ffffff")


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(QColor(first)), _luminance(QColor(second))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


LIGHT = _palette("#efefef", "#000000")
DARK = _palette("#353535", "#ffffff")


def test_light_values_are_readable_on_light_windows() -> None:
    for colour in Colour:
        assert colour.hex(LIGHT) == colour.light
        assert colour.qcolor(LIGHT) == QColor(colour.light)
        if colour in BACKGROUNDS:
            continue
        needed = 4.5 if colour in TEXT else 3.0  # WCAG: text, and graphics such as icons
        for window in LIGHT_WINDOWS:
            assert contrast(colour.light, window) >= needed, (colour, window)


def test_dark_values_differ_and_are_readable_on_dark_windows() -> None:
    for colour in Colour:
        assert colour.dark != colour.light, colour
        assert colour.hex(DARK) == colour.dark
        if colour in BACKGROUNDS:
            continue
        needed = 4.5 if colour in TEXT else 3.0  # WCAG: text, and graphics such as icons
        for window in DARK_WINDOWS:
            assert contrast(colour.dark, window) >= needed, (colour, window)


def test_banner_text_reads_on_the_banner_in_both_themes() -> None:
    light = contrast(Colour.BANNER_TEXT.light, Colour.BANNER_BACKGROUND.light)
    dark = contrast(Colour.BANNER_TEXT.dark, Colour.BANNER_BACKGROUND.dark)
    assert light >= 4.5 and dark >= 4.5


def test_theme_is_read_from_the_palette_lightness(qapp: QApplication) -> None:
    assert not is_dark(LIGHT)
    assert is_dark(DARK)
    assert is_dark(_palette("#1e1e1e", "#d4d4d4"))
    assert not is_dark()  # the application's own (offscreen default) palette is light
    assert Colour.ERROR.hex() == Colour.ERROR.light


@pytest.fixture
def dark_application(qapp: QApplication) -> Any:
    saved = QApplication.palette()
    QApplication.setPalette(DARK)
    yield qapp
    QApplication.setPalette(saved)


def test_widgets_colour_by_the_theme(qtbot: Any, dark_application: Any) -> None:
    dialog = AddConnectionDialog()
    qtbot.addWidget(dialog)
    error = dialog.error_label.palette().color(QPalette.ColorRole.WindowText)
    assert error.name() == Colour.ERROR.dark
    delete = DeleteDialog(["web"], [], running=["web"])
    qtbot.addWidget(delete)
    warnings = {
        label.palette().color(QPalette.ColorRole.WindowText).name()
        for label in delete.findChildren(QLabel)
    }
    assert Colour.DANGER.dark in warnings


def test_widgets_take_the_light_colours_in_the_light_theme(qtbot: Any) -> None:
    dialog = AddConnectionDialog()
    qtbot.addWidget(dialog)
    error = dialog.error_label.palette().color(QPalette.ColorRole.WindowText)
    assert error.name() == Colour.ERROR.light


def _centre(icon: QIcon) -> str:
    image = icon.pixmap(32, 32).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def test_state_icons_follow_the_theme(qapp: QApplication) -> None:
    light = domain_state_icon(DomainState.SHUTOFF)
    assert _centre(light) == Colour.INACTIVE.light
    saved = QApplication.palette()
    QApplication.setPalette(DARK)
    try:
        dark = domain_state_icon(DomainState.SHUTOFF)
        assert _centre(dark) == Colour.INACTIVE.dark
        assert _centre(connection_state_icon(ConnectionState.CONNECTED)) == Colour.OK.dark
    finally:
        QApplication.setPalette(saved)
    assert domain_state_icon(DomainState.SHUTOFF) is light  # drawn once per theme


def test_each_network_mode_has_a_colour_of_its_own() -> None:
    colours = [mode_colour(mode) for mode in NetworkMode if mode is not NetworkMode.OTHER]
    assert len(set(colours)) == len(colours)
    assert mode_colour(NetworkMode.OTHER) is mode_colour(NetworkMode.NONE)
    for theme in ("light", "dark"):
        hues = [QColor(getattr(colour, theme)).hslHue() for colour in colours[:-2]]
        # The coloured modes are told apart by hue (user mode and none are greys).
        assert len({hue // 12 for hue in hues}) == len(hues), theme


def test_each_value_names_one_colour() -> None:
    """One-to-one between light and dark values: a value set on a widget tells its colour."""
    assert len({c.light for c in Colour}) == len({(c.light, c.dark) for c in Colour})
    assert len({c.dark for c in Colour}) == len({(c.light, c.dark) for c in Colour})
    assert not {c.light for c in Colour} & {c.dark for c in Colour}
