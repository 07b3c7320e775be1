"""A mode card wears its mode's colour and takes the new theme's colours when it changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.connectivity import Direction
from kvmdesk.models.palette import Colour, mode_colour
from kvmdesk.ui.common.theme import Theme
from kvmdesk.ui.nic.mode_cards import ModeCard
from tests.helpers.theme import theme_applied


def _stripe(card: ModeCard) -> str:
    image = card.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(6 * ratio), int(card.height() / 2 * ratio)).name()


def test_the_card_follows_a_theme_change_while_open(
    qtbot: Any, qapp: QApplication, tmp_path: Path
) -> None:
    card = ModeCard(NetworkMode.HOST_ONLY)
    qtbot.addWidget(card)
    card.resize(320, 220)
    card.show()
    with theme_applied(qapp, Theme.LIGHT, tmp_path / "light"):
        assert _stripe(card) == mode_colour(NetworkMode.HOST_ONLY).light
        other = card.matrix_labels[Direction.VM_TO_OTHER].text()
        assert Colour.MUTED.light in other
        with theme_applied(qapp, Theme.DARK, tmp_path / "dark"):
            assert _stripe(card) == mode_colour(NetworkMode.HOST_ONLY).dark
            assert Colour.MUTED.dark in card.matrix_labels[Direction.VM_TO_OTHER].text()
            assert qapp.palette().mid().color().name() in card.styleSheet()
