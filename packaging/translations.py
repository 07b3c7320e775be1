#!/usr/bin/env python3
"""kvmdesk's translations: the ``.ts`` sources in resources/translations and their ``.qm`` build.

    packaging/translations.py update    extract every string from kvmdesk/**.py into each
                                        resources/translations/kvmdesk_<lang>.ts, keeping the
                                        translations already there (pyside6-lupdate)
    packaging/translations.py release [DIR]
                                        compile each .ts to kvmdesk_<lang>.qm in DIR (default
                                        resources/translations) with pyside6-lrelease
    packaging/translations.py status    per language: how many strings are finished

Run ``update`` after adding or changing strings (a new branch's merge included), translate
what is marked unfinished (``tests/unit/resources/test_translations.py`` lists each string
with its context and file), and commit the .ts. The .qm files are built, never committed:
bootstrap.sh builds them into the checkout, the wheel's build step
(packaging/setuptools_build.py) into the package, the AppImage builder into the AppDir.

Stdlib only, so that setuptools and the AppImage builder (Debian's python3) can load it.
The .ts files carry no source locations (``-locations none``): a line moved elsewhere in
the sources does not make them stale, only a string added, changed or removed does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "kvmdesk"
TRANSLATIONS = REPO / "resources" / "translations"
LANGUAGES = ("zh_CN",)
_TS_NAME = re.compile(r"^kvmdesk_(?P<lang>[A-Za-z]{2,3}(?:_[A-Za-z0-9]+)?)\.ts$")


class ToolMissing(RuntimeError):
    """pyside6-lupdate or pyside6-lrelease cannot be found."""


def ts_files(directory: Path = TRANSLATIONS) -> list[Path]:
    return sorted(p for p in directory.glob("kvmdesk_*.ts") if _TS_NAME.match(p.name))


def language_of(ts: Path) -> str:
    match = _TS_NAME.match(ts.name)
    if match is None:
        raise ValueError(f"not a kvmdesk translation file: {ts.name}")
    return match["lang"]


def source_files(root: Path = SOURCES) -> list[Path]:
    """Every Python module of the package, in a stable order."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _native(wrapper: Path, name: str) -> Path | None:
    """The Qt binary a ``pyside6-<name>`` script of a venv's bin/ starts (it needs no Python)."""
    for site in sorted(wrapper.resolve().parent.parent.glob("lib/python3*/site-packages")):
        binary = site / "PySide6" / name
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def find_tool(name: str) -> str:
    """Qt's ``lupdate``/``lrelease``: $KVMDESK_<NAME>, else the one of the PySide6 whose
    ``pyside6-<name>`` is on the PATH, beside this Python or in the checkout's .venv, else an
    importable PySide6's, else Debian's Qt 6 tools. The binary itself, not the Python wrapper:
    inside pip's isolated build environment that wrapper cannot import PySide6."""
    override = os.environ.get(f"KVMDESK_{name.upper()}")
    if override:
        return override
    wrappers = [Path(found) for found in [shutil.which(f"pyside6-{name}")] if found is not None]
    wrappers += [
        Path(sys.executable).parent / f"pyside6-{name}",
        REPO / ".venv" / "bin" / f"pyside6-{name}",
    ]
    for wrapper in wrappers:
        if wrapper.is_file():
            native = _native(wrapper, name)
            if native is not None:
                return str(native)
    candidates: list[Path] = []
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / name)
    candidates.append(Path("/usr/lib/qt6/bin") / name)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise ToolMissing(
        f"pyside6-{name} not found (it comes with PySide6: run 'bash bootstrap.sh app' "
        f"for .venv, or set KVMDESK_{name.upper()})"
    )


def lupdate(ts: Path, *, sources: list[Path] | None = None, locations: str = "none") -> str:
    """Merge the strings of ``sources`` into ``ts`` (created if missing); lupdate's summary."""
    files = sources if sources is not None else source_files()
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as listing:
        listing.write("\n".join(str(f) for f in files) + "\n")
    try:
        result = subprocess.run(
            [
                find_tool("lupdate"),
                f"@{listing.name}",
                "-locations",
                locations,
                "-no-obsolete",
                "-source-language",
                "en",
                "-target-language",
                language_of(ts),
                "-ts",
                str(ts),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(listing.name)
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed on {ts.name}:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def lrelease(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [find_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not qm.is_file():
        raise RuntimeError(f"lrelease failed on {ts.name}:\n{result.stdout}{result.stderr}")


def update(directory: Path = TRANSLATIONS) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    existing = {language_of(ts) for ts in ts_files(directory)}
    for lang in sorted(existing | set(LANGUAGES)):
        ts = directory / f"kvmdesk_{lang}.ts"
        print(f"{ts.relative_to(REPO) if ts.is_relative_to(REPO) else ts}: {lupdate(ts)}")


def release(out_dir: Path = TRANSLATIONS, source_dir: Path = TRANSLATIONS) -> list[Path]:
    """Compile every .ts of ``source_dir`` into ``out_dir``; the .qm files written."""
    written = []
    for ts in ts_files(source_dir):
        qm = out_dir / ts.with_suffix(".qm").name
        lrelease(ts, qm)
        written.append(qm)
    if not written:
        raise RuntimeError(f"no kvmdesk_*.ts in {source_dir}")
    return written


def status(directory: Path = TRANSLATIONS) -> None:
    for ts in ts_files(directory):
        text = ts.read_text(encoding="utf-8")
        total = text.count("<message")
        unfinished = text.count('type="unfinished"')
        print(f"{language_of(ts)}: {total - unfinished}/{total} finished")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"update", "release", "status"}:
        print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
        return 2
    try:
        if argv[0] == "update":
            update()
            status()
        elif argv[0] == "release":
            out = Path(argv[1]).resolve() if len(argv) > 1 else TRANSLATIONS
            for qm in release(out):
                print(qm)
        else:
            status()
    except (ToolMissing, RuntimeError) as error:
        print(f"translations: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
