"""The named palette: light values are the colours kvmdesk always had; dark ones are readable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.models.palette import Colour, is_dark
from kvmdesk.models.state_icons import connection_state_icon, domain_state_icon
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog

# The literals the code used before the colours had names: the light theme looks as it did.
PREVIOUS_LITERALS = {
    Colour.OK: "#2e9d49",
    Colour.WARNING: "#d08a00",
    Colour.ERROR: "#d0342c",
    Colour.DANGER: "#d0342c",
    Colour.INFO: "#3a7bd5",
    Colour.BUSY: "#3a7bd5",
    Colour.INACTIVE: "#8a8f98",
    Colour.MUTED: "#9aa0a6",
    Colour.WARNING_TEXT: "#a86f00",
    Colour.CAUTION_TEXT: "#b06f00",
    Colour.BANNER_BACKGROUND: "#fff4d6",
    Colour.BANNER_TEXT: "#5c4300",
    Colour.INTERFACE_ETHERNET: "#5b6470",
    Colour.INTERFACE_BRIDGE: "#3a7bd5",
    Colour.INTERFACE_BOND: "#2e9d49",
    Colour.INTERFACE_VLAN: "#b0569b",
    Colour.INTERFACE_OTHER: "#8a8f98",
    # Added with the network map (no earlier literal): one hue a network mode.
    Colour.MODE_NAT: "#3a7bd5",
    Colour.MODE_BRIDGED: "#2e9d49",
    Colour.MODE_HOST_ONLY: "#c27c0e",
    Colour.MODE_INTERNAL: "#8a5cc2",
    Colour.MODE_ROUTED: "#1b8f8a",
    Colour.MODE_OPEN: "#4f7f2a",
    Colour.MODE_MACVTAP: "#b0569b",
    Colour.MODE_USER: "#8d6e4c",
    Colour.MODE_OTHER: "#8a8f98",
}
TEXT = {Colour.ERROR, Colour.DANGER, Colour.WARNING_TEXT, Colour.CAUTION_TEXT}
BACKGROUNDS = {Colour.BANNER_BACKGROUND, Colour.BANNER_TEXT}  # checked against each other
# Window colours of common dark themes: Fusion, Breeze Dark, Adwaita dark.
DARK_WINDOWS = ("#353535", "#31363b", "#242424")


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


def test_every_colour_has_its_previous_literal_as_light_value() -> None:
    assert set(PREVIOUS_LITERALS) == set(Colour)
    for colour, literal in PREVIOUS_LITERALS.items():
        assert colour.light == literal, colour
        assert colour.hex(LIGHT) == literal
        assert colour.qcolor(LIGHT) == QColor(literal)


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
    assert Colour.ERROR.hex() == "#d0342c"


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


def test_widgets_keep_the_old_colours_in_the_light_theme(qtbot: Any) -> None:
    dialog = AddConnectionDialog()
    qtbot.addWidget(dialog)
    error = dialog.error_label.palette().color(QPalette.ColorRole.WindowText)
    assert error.name() == "#d0342c"


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
