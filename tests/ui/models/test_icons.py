"""kvmdesk's own icons: one style, one for every action, state and device, the desktop
theme's first where it has one, tinted by the palette and sharp at any device pixel ratio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolBar

from kvmdesk.app import Application
from kvmdesk.models.icons import (
    ActionIcon,
    DeviceIcon,
    StateIcon,
    action_icon,
    bundled_icon,
    symbolic_dir,
)
from kvmdesk.models.palette import Colour

SVG = "{http://www.w3.org/2000/svg}"
_COLOUR_ATTRIBUTES = ("fill", "stroke", "color", "stop-color")


def _files() -> list[Path]:
    return sorted(symbolic_dir().glob("*.svg"))


def test_every_icon_named_in_the_code_is_bundled_and_every_file_is_named() -> None:
    named = {a.file for a in ActionIcon} | set(StateIcon) | set(DeviceIcon)
    bundled = {path.stem for path in _files()}
    assert named == bundled


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_one_style(path: Path) -> None:
    """24 × 24, 2 px strokes (state glyphs filled), coloured only by ``currentColor``."""
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 24 24"
    assert (root.get("width"), root.get("height")) == ("24", "24")
    if path.stem.startswith("state-") and root.get("fill") == "currentColor":
        assert root.get("stroke") == "none"
    else:
        assert root.get("fill") == "none"
        assert root.get("stroke") == "currentColor"
        assert root.get("stroke-width") == "2"
        assert root.get("stroke-linecap") == root.get("stroke-linejoin") == "round"
    for element in root.iter():
        assert element.tag in {f"{SVG}svg", f"{SVG}path", f"{SVG}rect", f"{SVG}circle"}
        for attribute in _COLOUR_ATTRIBUTES:
            assert element.get(attribute) in (None, "none", "currentColor"), element.attrib
        assert "style" not in element.attrib


def _ink(image: QImage) -> set[str]:
    """The opaque colours of ``image``."""
    return {
        image.pixelColor(x, y).name()
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() == 255
    }


@pytest.fixture
def bare_theme(qapp: QApplication) -> Iterator[None]:
    """No desktop icon theme, as on a bare system."""
    name, paths = QIcon.themeName(), QIcon.themeSearchPaths()
    QIcon.setThemeName("")
    yield
    QIcon.setThemeSearchPaths(paths)
    QIcon.setThemeName(name)


@pytest.mark.parametrize("action", list(ActionIcon), ids=lambda a: a.name)
def test_a_bare_system_shows_ours_in_the_text_colour(bare_theme: None, action: ActionIcon) -> None:
    icon = action_icon(action)
    assert not icon.isNull()
    ink = _ink(icon.pixmap(QSize(24, 24), 1.0).toImage())
    text = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
    assert ink == {text}


def test_a_desktop_theme_wins_where_it_has_the_icon(bare_theme: None, tmp_path: Path) -> None:
    theme = tmp_path / "icons" / "Desk"
    (theme / "24x24" / "actions").mkdir(parents=True)
    (theme / "index.theme").write_text(
        "[Icon Theme]\nName=Desk\nDirectories=24x24/actions\n\n"
        "[24x24/actions]\nSize=24\nType=Fixed\n"
    )
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(QColor(255, 0, 255))
    image.save(str(theme / "24x24" / "actions" / "media-playback-start.png"))
    QIcon.setThemeSearchPaths([str(tmp_path / "icons")])
    QIcon.setThemeName("Desk")
    start = action_icon(ActionIcon.START)
    assert start.name() == "media-playback-start"
    assert _ink(start.pixmap(24, 24).toImage()) == {"#ff00ff"}
    # The theme has no reboot icon: kvmdesk's own stands in.
    reboot = action_icon(ActionIcon.REBOOT).pixmap(QSize(24, 24), 1.0).toImage()
    assert "#ff00ff" not in _ink(reboot) and _ink(reboot)


def test_disabled_and_selected_icons_take_their_palette_colours(bare_theme: None) -> None:
    icon = action_icon(ActionIcon.DELETE)
    palette = QApplication.palette()
    disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()
    selected = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Selected).toImage()
    assert _ink(disabled) == {
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    }
    assert _ink(selected) == {palette.color(QPalette.ColorRole.HighlightedText).name()}


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0])
def test_icons_render_at_the_device_pixel_ratio(qapp: QApplication, ratio: float) -> None:
    icon = bundled_icon(StateIcon.CRASHED, Colour.ERROR)
    pixmap = icon.pixmap(QSize(24, 24), ratio)
    assert pixmap.devicePixelRatio() == ratio
    assert pixmap.width() == round(24 * ratio)
    assert pixmap.deviceIndependentSize().toSize() == QSize(24, 24)


def test_a_200_percent_icon_has_its_own_detail(qapp: QApplication) -> None:
    """Rendered from the SVG at 48 px, not the 24 px pixmap blown up."""
    icon = bundled_icon("vm-settings")
    sharp = icon.pixmap(QSize(24, 24), 2.0).toImage()
    blown_up = icon.pixmap(QSize(24, 24), 1.0).toImage().scaled(48, 48)
    assert sharp.size() == blown_up.size() == QSize(48, 48)

    # A blown-up pixmap repeats each pixel in 2 × 2 blocks; the real one does not.
    def blocky(image: QImage) -> bool:
        return all(
            image.pixel(x, y) == image.pixel(x + 1, y) == image.pixel(x, y + 1)
            for y in range(0, 48, 2)
            for x in range(0, 48, 2)
        )

    assert blocky(blown_up)
    assert not blocky(sharp)


def test_every_action_of_the_main_window_has_an_icon(demo_app: Application) -> None:
    window = demo_app.window
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    toolbar_actions = [a for a in toolbar.actions() if not a.isSeparator()]
    assert toolbar_actions
    for action in toolbar_actions:
        assert not action.icon().isNull(), action.text()
    for menu in window.menuBar().findChildren(type(window.view_menu)):
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None or action.isCheckable():
                continue
            if action.objectName() == "action_about" or not action.text():
                continue
            assert not action.icon().isNull(), action.text()


def test_state_icons_are_told_apart_by_shape(qapp: Any) -> None:
    """Two states never share a drawing, so colour is never the only difference."""
    shapes = {bytes((symbolic_dir() / f"{state}.svg").read_bytes()) for state in StateIcon}
    assert len(shapes) == len(StateIcon)
