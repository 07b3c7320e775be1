"""AppRun, the desktop integration files, and the bundled fonts with their fontconfig file."""

from __future__ import annotations

import configparser
import shutil
from pathlib import Path

from .tools import BuildError, log, run, tool_path

HERE = Path(__file__).resolve().parent
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)
FONT_LICENSES = (
    Path("/usr/share/doc/fonts-dejavu-core/copyright"),
    Path("/usr/share/doc/fonts-wqy-microhei/copyright"),
)


def install_apprun(appdir: Path, glibc: tuple[int, int]) -> None:
    text = (HERE / "AppRun").read_text().replace("@GLIBC_NEEDED@", f"{glibc[0]}.{glibc[1]}")
    target = appdir / "AppRun"
    target.write_text(text)
    target.chmod(0o755)


def install_fonts(appdir: Path) -> None:
    fonts = appdir / "usr" / "share" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for font in FONTS:
        shutil.copy2(font, fonts / font.name)
    for license_file in FONT_LICENSES:
        if license_file.exists():
            target = appdir / "usr" / "share" / "doc" / license_file.parent.name
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(license_file, target / "copyright")
    config = appdir / "etc" / "fonts"
    config.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "fonts.conf", config / "fonts.conf")


def install_desktop_files(repo: Path, appdir: Path) -> list[str]:
    """The .desktop, icons and metainfo from resources/; returns the warnings it printed."""
    resources = repo / "resources"
    warnings: list[str] = []
    desktops = sorted(resources.glob("*.desktop"))
    if len(desktops) != 1:
        raise BuildError(f"resources/ must hold exactly one .desktop file, found {len(desktops)}")
    desktop = desktops[0]
    applications = appdir / "usr" / "share" / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    shutil.copy2(desktop, appdir / desktop.name)
    shutil.copy2(desktop, applications / desktop.name)
    icon = _icon_name(desktop)

    hicolor = resources / "icons" / "hicolor"
    if hicolor.is_dir():
        shutil.copytree(hicolor, appdir / "usr" / "share" / "icons" / "hicolor", dirs_exist_ok=True)
        warnings += _root_icons(hicolor, icon, appdir)
    else:
        warnings.append(f"no icons: resources/icons/hicolor/ is missing (Icon={icon})")

    metainfos = sorted(resources.glob("*.metainfo.xml"))
    if metainfos:
        metainfo_dir = appdir / "usr" / "share" / "metainfo"
        metainfo_dir.mkdir(parents=True, exist_ok=True)
        for metainfo in metainfos:
            shutil.copy2(metainfo, metainfo_dir / metainfo.name)
    else:
        warnings.append("no AppStream metainfo: resources/*.metainfo.xml is missing")
    for warning in warnings:
        log(f"WARNING: {warning}")
    return warnings


def _icon_name(desktop: Path) -> str:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop, encoding="utf-8")
    try:
        return parser["Desktop Entry"]["Icon"]
    except KeyError as error:
        raise BuildError(f"{desktop.name} has no Icon= line") from error


def _root_icons(hicolor: Path, icon: str, appdir: Path) -> list[str]:
    """``<Icon>.svg``/``.png`` at the AppDir root and ``.DirIcon`` as a 256 px PNG."""
    svg = hicolor / "scalable" / "apps" / f"{icon}.svg"
    pngs = sorted(
        hicolor.glob(f"*x*/apps/{icon}.png"),
        key=lambda path: int(path.parent.parent.name.split("x")[0]),
    )
    png256 = hicolor / "256x256" / "apps" / f"{icon}.png"
    if svg.exists():
        shutil.copy2(svg, appdir / f"{icon}.svg")
    elif pngs:
        shutil.copy2(pngs[-1], appdir / f"{icon}.png")
    else:
        return [f"no icon named {icon} under resources/icons/hicolor/"]
    dir_icon = appdir / ".DirIcon"
    if png256.exists():
        shutil.copy2(png256, dir_icon)
    elif svg.exists():
        rsvg = tool_path("rsvg-convert")
        if shutil.which(rsvg) is None:
            raise BuildError("rsvg-convert is missing; install the Debian package librsvg2-bin")
        run([rsvg, "-w", "256", "-h", "256", "-o", dir_icon, svg])
    else:
        shutil.copy2(pngs[-1], dir_icon)
        return [f".DirIcon is {pngs[-1].parent.parent.name}, not 256x256"]
    return []
