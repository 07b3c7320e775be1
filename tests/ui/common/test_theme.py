"""The theme: system / light / dark, kept between runs, live with the desktop's scheme."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from kvmdesk.app import Application
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.vnet.connectivity import Direction
from kvmdesk.models.palette import Colour, is_dark
from kvmdesk.models.state_icons import domain_state_icon
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.common.theme import SETTINGS_KEY, Theme, ThemeController, theme_menu
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog
from kvmdesk.ui.nic.mode_cards import ModeCard
from kvmdesk.ui.storage.form import StorageForm
from tests.helpers.paths import ROOT
from tests.helpers.qt_async import AsyncRunner
from tests.helpers.theme import settings_at, theme_applied


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[QApplication]:
    """The application's style and palette as they were before the test."""
    style = qapp.style().name()
    palette = QPalette(qapp.palette())
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def controller(restored: QApplication, tmp_path: Path) -> Iterator[ThemeController]:
    theme = ThemeController(restored, settings_at(tmp_path / "kvmdesk.ini"), parent=None)
    yield theme
    restored.styleHints().colorSchemeChanged.disconnect(theme._on_scheme_changed)


def _centre() -> str:
    image = domain_state_icon(DomainState.SHUTOFF).pixmap(32, 32).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def test_system_is_the_default_and_a_bare_desktop_is_light(controller: ThemeController) -> None:
    assert controller.choice is Theme.SYSTEM
    controller.apply()
    assert not controller.dark
    assert not is_dark()


def test_dark_turns_widgets_and_drawings_dark_and_is_remembered(
    controller: ThemeController, restored: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    label = QLabel("text")
    qtbot.addWidget(label)
    label.show()
    controller.set_choice(Theme.DARK)
    QApplication.processEvents()
    assert restored.style().name() == "fusion"
    assert is_dark()
    assert is_dark(label.palette())
    assert label.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert _centre() == Colour.INACTIVE.dark  # icons tint with the dark colours
    assert settings_at(tmp_path / "kvmdesk.ini").value(SETTINGS_KEY) == "dark"
    again = ThemeController(restored, settings_at(tmp_path / "kvmdesk.ini"), parent=None)
    try:
        assert again.choice is Theme.DARK
    finally:
        restored.styleHints().colorSchemeChanged.disconnect(again._on_scheme_changed)
    controller.set_choice(Theme.LIGHT)
    QApplication.processEvents()
    assert not is_dark()
    assert not is_dark(label.palette())
    assert _centre() == Colour.INACTIVE.light


def test_a_stored_value_it_does_not_know_falls_back_to_system(
    restored: QApplication, tmp_path: Path
) -> None:
    settings = settings_at(tmp_path / "kvmdesk.ini")
    settings.setValue(SETTINGS_KEY, "purple")
    theme = ThemeController(restored, settings, parent=None)
    try:
        assert theme.choice is Theme.SYSTEM
    finally:
        restored.styleHints().colorSchemeChanged.disconnect(theme._on_scheme_changed)


def test_system_follows_the_desktop_scheme_while_running(
    controller: ThemeController, restored: QApplication
) -> None:
    controller.apply()
    seen: list[bool] = []
    controller.changed.connect(seen.append)
    hints = restored.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark()
    assert _centre() == Colour.INACTIVE.dark
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark()
    assert seen == [True, False]
    # A fixed choice stays put whatever the desktop does.
    controller.set_choice(Theme.LIGHT)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not is_dark()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Unknown)


def test_the_view_menu_offers_the_three_choices(
    controller: ThemeController, restored: QApplication, qtbot: Any
) -> None:
    owner = QLabel()
    qtbot.addWidget(owner)
    menu = theme_menu(controller, owner)
    assert isinstance(menu, QMenu)
    assert not menu.icon().isNull()
    actions = {action.objectName(): action for action in menu.actions()}
    assert list(actions) == ["theme_system", "theme_light", "theme_dark"]
    assert [a.text().replace("&", "") for a in actions.values()] == [
        "Follow the system",
        "Light",
        "Dark",
    ]
    assert actions["theme_system"].isChecked()
    actions["theme_dark"].trigger()
    assert controller.choice is Theme.DARK
    assert is_dark()
    assert actions["theme_dark"].isChecked() and not actions["theme_system"].isChecked()


SCRIPT = """
import sys
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication
from kvmdesk.app import main
code = main(["--demo", "--screenshot", sys.argv[1]])
image = QImage(sys.argv[1])
print(code, image.pixelColor(image.width() - 4, image.height() - 4).lightness())
"""


def test_kvmdesk_starts_in_the_theme_chosen_last_time(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "kvmdesk").mkdir(parents=True)
    (config / "kvmdesk" / "kvmdesk.ini").write_text("[appearance]\ntheme=dark\n")
    env = dict(os.environ, XDG_CONFIG_HOME=str(config), PYTHONPATH=str(ROOT))
    shot = tmp_path / "main.png"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    code, lightness = result.stdout.split()[-2:]
    assert code == "0"
    assert int(lightness) < 80  # the status bar's corner: a dark window


def test_the_open_main_window_changes_with_the_theme(
    demo_app: Application, runner: AsyncRunner, qapp: QApplication, tmp_path: Path
) -> None:
    window = demo_app.window
    session = next(iter(demo_app.inventory.sessions.values()))
    window.select_keys([session.lifecycle.find("web-frontend").key])
    runner.until(lambda: not window.details.state_icon_label.pixmap().isNull())
    note = window.notifications.notify("Connection lost", "The demo went away.", Level.ERROR)

    def centre(label: QLabel) -> str:
        image = label.pixmap().toImage()
        return image.pixelColor(image.width() // 2, image.height() // 2).name()

    def stripe() -> str:
        return note._stripe.palette().color(QPalette.ColorRole.Window).name()

    with theme_applied(qapp, Theme.LIGHT, tmp_path / "light"):
        assert stripe() == Colour.ERROR.light
        assert centre(window.details.state_icon_label) == Colour.OK.light
        with theme_applied(qapp, Theme.DARK, tmp_path / "dark"):
            assert stripe() == Colour.ERROR.dark
            assert centre(window.details.state_icon_label) == Colour.OK.dark


def test_open_dialogs_take_the_new_theme_colours(
    qtbot: Any, qapp: QApplication, tmp_path: Path
) -> None:
    """Colours set when a dialog was made (style sheet, palette role, rich text) follow."""
    with theme_applied(qapp, Theme.LIGHT, tmp_path) as theme:
        form = StorageForm("form", "Form", "OK", None)  # its error line: a style sheet
        connection = AddConnectionDialog()  # its error line: a palette role
        card = ModeCard(NetworkMode.INTERNAL)  # rich text with coloured dots
        for widget in (form, connection, card):
            qtbot.addWidget(widget)
            widget.show()

        def colours() -> tuple[str, str]:
            return (
                form.error_label.palette().color(QPalette.ColorRole.WindowText).name(),
                connection.error_label.palette().color(QPalette.ColorRole.WindowText).name(),
            )

        assert colours() == (Colour.ERROR.light, Colour.ERROR.light)
        theme.set_choice(Theme.DARK)
        QApplication.processEvents()
        assert colours() == (Colour.ERROR.dark, Colour.ERROR.dark)
        assert Colour.ERROR.dark in form.error_label.styleSheet()
        assert Colour.MUTED.dark in card.matrix_labels[Direction.VM_TO_HOST].text()
        theme.set_choice(Theme.LIGHT)
        QApplication.processEvents()
        assert colours() == (Colour.ERROR.light, Colour.ERROR.light)
        assert Colour.MUTED.light in card.matrix_labels[Direction.VM_TO_HOST].text()
