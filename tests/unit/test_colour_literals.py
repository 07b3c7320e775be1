"""Every colour kvmdesk draws comes from the named palette (``kvmdesk/models/palette.py``).

Elsewhere no string holds a hex colour (``"#d0342c"``, ``"color: #fff"``), no ``QColor``
is built from numbers (``QColor(208, 52, 44)``, ``QColor.fromRgb(…)``, ``QColor(0xd0342c)``)
and no ``Qt.GlobalColor`` other than ``transparent`` is painted with: a colour written
anywhere else would not change with the theme.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PALETTE = ROOT / "kvmdesk" / "models" / "palette.py"
_HEX = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b")
_CONSTRUCTORS = {"QColor", "fromRgb", "fromRgbF", "fromRgba", "fromRgba64", "fromHsv", "fromHsl"}
_CONSTRUCTORS |= {"fromHsvF", "fromHslF", "fromCmyk", "fromCmykF", "setRgb", "setRgbF"}


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def colour_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each colour written out in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in _HEX.finditer(node.value):
                yield node.lineno, f"hex colour {match.group()!r}"
        elif isinstance(node, ast.Call) and _called_name(node) in _CONSTRUCTORS:
            numbers = [
                arg
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, int | float)
            ]
            if numbers:
                yield node.lineno, f"{_called_name(node)}() from numbers"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "GlobalColor"
            and node.attr not in {"transparent", "color0", "color1"}
        ):
            yield node.lineno, f"Qt.GlobalColor.{node.attr}"


def _sources() -> Iterator[Path]:
    for path in sorted((ROOT / "kvmdesk").rglob("*.py")):
        if path != PALETTE:
            yield path


def test_no_colour_literal_outside_the_palette() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _sources()
        for line, what in colour_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "colours belong in kvmdesk/models/palette.py:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'ERROR = "#d0342c"',
        "label.setStyleSheet('color: #fff; padding: 2px')",
        'html = "<font color=\\"#00ff00\\">yes</font>"',
        'shade = "#80ffffff"',
        "QColor(208, 52, 44)",
        "QColor(0xD0342C)",
        "colour = QColor.fromRgb(1, 2, 3)",
        "colour.setRgbF(0.5, 0.5, 0.5)",
        "painter.fillRect(rect, Qt.GlobalColor.black)",
    ],
)
def test_the_check_finds_each_way_of_writing_a_colour(source: str) -> None:
    assert list(colour_literals(source))


@pytest.mark.parametrize(
    "source",
    [
        "colour = Colour.ERROR.qcolor()",
        "QColor(Colour.OK.hex())",
        "fill = QColor(line)",
        'f"#{name}"',
        'text = "&#8212; item #12 of a list"',
        "pixmap.fill(Qt.GlobalColor.transparent)",
        "fill.setAlpha(60)",
    ],
)
def test_the_check_leaves_named_colours_alone(source: str) -> None:
    assert not list(colour_literals(source))


def test_the_palette_holds_the_colours() -> None:
    assert len(list(colour_literals(PALETTE.read_text(encoding="utf-8")))) > 40
