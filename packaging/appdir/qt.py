"""PySide6 cut down to what kvmdesk uses.

kvmdesk imports QtCore, QtGui and QtWidgets only. The Qt libraries kept are the ones those
modules and the kept plugins need (the ELF walk removes the unreachable rest); the plugins
are the ones a desktop session needs: xcb, wayland and offscreen platforms, the SVG icon
engine and image format, input methods (compose, IBus), the portal theme.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PYTHON_MODULES = ("QtCore", "QtGui", "QtWidgets")
PLUGINS = {
    "platforms": ("libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"),
    "platformthemes": ("libqxdgdesktopportal.so",),
    "imageformats": ("libqsvg.so", "libqico.so"),
    "iconengines": ("libqsvgicon.so",),
    "xcbglintegrations": None,  # None: every plugin of the folder
    "wayland-shell-integration": None,
    "wayland-graphics-integration-client": None,
    "wayland-decoration-client": None,
    "platforminputcontexts": (
        "libcomposeplatforminputcontextplugin.so",
        "libibusplatforminputcontextplugin.so",
    ),
}
TRANSLATIONS = ("qt_en.qm", "qt_zh_CN.qm", "qtbase_en.qm", "qtbase_zh_CN.qm")
# Folders of the PySide6 package itself that only developers use.
PYSIDE_KEPT = {"Qt", "support", "__init__.py", "_config.py", "_git_pyside_version.py", "py.typed"}


def prune_pyside(site: Path) -> None:
    pyside = site / "PySide6"
    for entry in pyside.iterdir():
        name = entry.name
        module = name.split(".", 1)[0]
        if name in PYSIDE_KEPT or name.startswith("libpyside6.abi3"):
            continue
        if module in PYTHON_MODULES and name.endswith(".so"):
            continue
        _remove(entry)
    qt = pyside / "Qt"
    for entry in qt.iterdir():
        if entry.name not in {"lib", "plugins", "translations"}:
            _remove(entry)
    for entry in (qt / "plugins").iterdir():
        wanted = PLUGINS.get(entry.name, ())
        if wanted is None:
            continue
        if not wanted:
            _remove(entry)
            continue
        for plugin in entry.iterdir():
            if plugin.name not in wanted:
                _remove(plugin)
    for entry in (qt / "translations").iterdir():
        if entry.name not in TRANSLATIONS:
            _remove(entry)
    shiboken = site / "shiboken6"
    for entry in shiboken.glob("*.pyi"):
        entry.unlink()
    for generator in ("shiboken6_generator",):
        _remove(site / generator)
    for dist_info in site.glob("PySide6_Addons*"):
        _remove(dist_info)


def prune_site_packages(site: Path) -> None:
    """What no installed package needs at run time: tests, stubs, headers, sources of C code."""
    for pattern in ("*/tests", "*/test", "*/includes", "*/include"):
        for entry in site.glob(pattern):
            if entry.is_dir() and entry.parent.name != "kvmdesk":
                _remove(entry)
    for pattern in ("**/*.pyi", "**/*.h", "**/*.pxd", "**/*.pyx", "**/*.c"):
        for entry in site.glob(pattern):
            _remove(entry)
    for entry in site.rglob("__pycache__"):
        _remove(entry)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
