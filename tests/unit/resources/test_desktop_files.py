"""Desktop integration files in resources/: the .desktop entry, the AppStream metainfo and the
hicolor icons. They pass the freedesktop validators, agree on one application id, and
``pip install .`` puts them under ``share/``, where the AppImage holds the same files.

The validators come from Debian's desktop-file-utils and appstream (bootstrap.sh installs
them); without them the tests skip, except in CI, where that is a failure.
"""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from lxml import etree

import kvmdesk
from tests.helpers.ci import in_ci
from tests.helpers.paths import ROOT

APP_ID = "io.github.kvmdesk.kvmdesk"
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
ICONS = RESOURCES / "icons" / "hicolor"
SVG = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _png(size: int) -> Path:
    return ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _require_tool(program: str, package: str) -> str:
    """The program's path; missing, it fails in CI (bootstrap.sh installs it) and skips elsewhere."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} not found (Debian package {package}; bootstrap.sh installs it)"
        if in_ci():
            pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    return path


def test_app_id_is_the_one_the_application_announces() -> None:
    # kvmdesk.app passes it to QGuiApplication.setDesktopFileName: the Wayland app id.
    assert kvmdesk.APP_ID == APP_ID
    assert sorted(path.name for path in RESOURCES.glob("*.desktop")) == [DESKTOP.name]
    assert sorted(path.name for path in RESOURCES.glob("*.metainfo.xml")) == [METAINFO.name]


def test_desktop_file_passes_desktop_file_validate() -> None:
    program = _require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([program, str(DESKTOP)], capture_output=True, text=True, check=False)
    # It prints errors, warnings and hints alike; a clean file prints nothing.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_metainfo_passes_appstreamcli_validate() -> None:
    program = _require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [program, "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # E: error, W: warning; I: info and P: pedantic are allowed. The one info today is
    # <developer>, which AppStream 1.0 reads and Debian 12's 0.16 does not know yet.
    issues = [line for line in output.splitlines() if re.match(r"\s*[EW]: ", line)]
    assert issues == [], output


def test_desktop_entry_names_the_icon_and_an_honest_command() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    # kvmdesk takes no file or URL arguments, so Exec has no %f/%u field codes.
    assert entry["Exec"] == "kvmdesk"
    assert "kvmdesk" in _pyproject()["project"]["gui-scripts"]
    # Qt's X11 WM_CLASS class is the application name kvmdesk.app sets.
    assert entry["StartupWMClass"] == "kvmdesk"
    assert entry["Terminal"] == "false"
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry[f"{key}[zh_CN]"], key


def _texts(root: etree._Element, path: str) -> list[str]:
    """The strings an XPath selecting text nodes or attributes finds."""
    found = root.xpath(path)
    assert isinstance(found, list)
    return [str(item) for item in found]


def test_metainfo_agrees_with_the_desktop_entry_and_pyproject() -> None:
    root = etree.parse(METAINFO).getroot()
    project = _pyproject()["project"]
    assert root.findtext("id") == APP_ID
    assert _texts(root, "launchable[@type='desktop-id']/text()") == [DESKTOP.name]
    scripts = {*project["scripts"], *project["gui-scripts"]}
    assert (
        set(_texts(root, "provides/binary/text()"))
        == scripts
        == {
            "kvmdesk",
            "kvmdesk-cli",
            "kvmdesk-askpass",
        }
    )
    assert root.findtext("project_license") == project["license"]["text"]
    releases = _texts(root, "releases/release/@version")
    assert releases[0] == project["version"] == kvmdesk.__version__
    entry = _desktop_entry()
    assert root.findtext("name") == entry["Name"]
    assert root.findtext("summary") == entry["Comment"]
    zh_summary = _texts(root, "summary[@xml:lang='zh_CN']/text()")
    assert zh_summary == [entry["Comment[zh_CN]"]]
    categories = _texts(root, "categories/category/text()")
    assert categories == [c for c in entry["Categories"].split(";") if c and c != "Qt"]
    # The screenshot URL points into the repository at the file that is there.
    url = root.findtext("screenshots/screenshot/image")
    assert url is not None and url.startswith("https://")
    assert (ROOT / url.split("/main/", 1)[1]).is_file()


@pytest.mark.parametrize("size", PNG_SIZES)
def test_icon_png_has_its_size(size: int) -> None:
    header = _png(size).read_bytes()[:33]
    assert header[:8] == PNG_SIGNATURE
    length, kind, width, height, depth, colour = struct.unpack(">I4sIIBB", header[8:26])
    assert (length, kind) == (13, b"IHDR")
    assert (width, height) == (size, size)
    assert (depth, colour) == (8, 6)  # 8-bit RGBA: the corners are transparent


def test_icon_tree_holds_the_svg_and_exactly_the_rendered_sizes() -> None:
    svg = etree.parse(SVG).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 128 128"
    assert svg.xpath("//*[local-name()='text']") == []
    found = {path.relative_to(ICONS).as_posix() for path in ICONS.rglob("*") if path.is_file()}
    expected = {f"{n}x{n}/apps/{APP_ID}.png" for n in PNG_SIZES}
    assert found == expected | {f"scalable/apps/{APP_ID}.svg"}
    # resources/icons/render writes the same sizes.
    script = (RESOURCES / "icons" / "render").read_text()
    match = re.search(r"^SIZES=\(([\d ]+)\)$", script, re.MULTILINE)
    assert match is not None
    assert tuple(int(n) for n in match.group(1).split()) == PNG_SIZES


def _installed_files() -> set[str]:
    """Every file the data-files table installs, as its path under the prefix."""
    data_files: dict[str, list[str]] = _pyproject()["tool"]["setuptools"]["data-files"]
    return {
        f"{target}/{path.name}"
        for target, sources in data_files.items()
        for source in sources
        for path in (sorted(ROOT.glob(source)) if "*" in source else [PurePosixPath(source)])
    }


def _expected_installed_files() -> set[str]:
    icons = {
        f"share/icons/hicolor/{path.relative_to(ICONS).as_posix()}"
        for path in ICONS.rglob("*")
        if path.is_file()
    }
    symbolic = {
        f"share/kvmdesk/icons/symbolic/{path.name}"
        for path in (RESOURCES / "icons" / "symbolic").glob("*.svg")
    }
    return (
        icons
        | symbolic
        | {
            f"share/applications/{DESKTOP.name}",
            f"share/metainfo/{METAINFO.name}",
        }
    )


def test_pyproject_installs_every_desktop_file_under_share() -> None:
    assert _installed_files() == _expected_installed_files()


def test_wheel_carries_the_desktop_files_as_data(tmp_path: Path) -> None:
    # Build from a copy: setuptools writes build/ and *.egg-info beside pyproject.toml.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("kvmdesk", "resources", "packaging"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    wheels = tmp_path / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source)]
    result = subprocess.run(
        [*command, "--wheel-dir", str(wheels)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = wheels.glob("kvmdesk-*.whl")
    prefix = f"kvmdesk-{kvmdesk.__version__}.data/data/"
    with zipfile.ZipFile(wheel) as archive:
        data = {name.removeprefix(prefix) for name in archive.namelist() if name.startswith(prefix)}
        assert data == _expected_installed_files()
        # The compiled translations, from packaging/setuptools_build.py's build step.
        assert "kvmdesk/resources/translations/kvmdesk_zh_CN.qm" in archive.namelist()
        assert archive.read(prefix + f"share/applications/{DESKTOP.name}") == DESKTOP.read_bytes()
