"""Which language kvmdesk speaks: ``--lang``, else the choice saved in the GUI, else the locale.

English is the source language: it needs no catalog. Another language is used when
``resources/translations/kvmdesk_<lang>.qm`` exists for it (``zh_CN``; ``zh`` and
``zh_SG`` take it too). The saved choice lives in ``<config dir>/language.json``:
``{"language": "zh_CN"}``, or ``"system"`` to follow the locale.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from kvmdesk.core.connection.config import config_dir
from kvmdesk.core.connection.demo import resources_dir
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.safe_files import UnusableFile, read_bounded, write_atomic

ENGLISH = "en"
SYSTEM = "system"  # follow the locale
_LOCALE = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:[_-](?P<region>[A-Za-z]{2}|\d{3}))?$")
# Regions whose people read the script of another region's catalog.
_SAME_SCRIPT = {"zh_SG": "zh_CN", "zh": "zh_CN"}
LANGUAGE_NAMES = {ENGLISH: "English", "zh_CN": "简体中文"}  # each in its own language


TRANSLATIONS_ENV = "KVMDESK_TRANSLATIONS"  # another folder of kvmdesk_<lang>.qm (tests, packagers)


def translations_dir() -> Path:
    override = os.environ.get(TRANSLATIONS_ENV)
    return Path(override) if override else resources_dir() / "translations"


def catalog_path(language: str, directory: Path | None = None) -> Path:
    return (directory or translations_dir()) / f"kvmdesk_{language}.qm"


def available(directory: Path | None = None) -> list[str]:
    """English and every language with a compiled catalog, English first."""
    folder = directory or translations_dir()
    found = sorted(p.stem.removeprefix("kvmdesk_") for p in folder.glob("kvmdesk_*.qm"))
    return [ENGLISH, *(lang for lang in found if lang != ENGLISH)]


def normalize(locale: str) -> str | None:
    """``zh_CN.UTF-8@x`` → ``zh_CN``, ``zh-cn`` → ``zh_CN``, ``C``/``POSIX`` → ``en``; else None."""
    text = locale.strip().split(".", 1)[0].split("@", 1)[0]
    if text in {"C", "POSIX"}:
        return ENGLISH
    match = _LOCALE.match(text)
    if match is None:
        return None
    lang = match["lang"].lower()
    region = match["region"]
    return f"{lang}_{region.upper()}" if region else lang


def system_locale(environ: Mapping[str, str]) -> str:
    """The messages locale as POSIX decides it: LC_ALL, else LC_MESSAGES, else LANG."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return normalize(value) or ENGLISH
    return ENGLISH


def match(wanted: str, languages: list[str]) -> str:
    """The catalog for ``wanted`` among ``languages`` (English when there is none)."""
    if wanted in languages:
        return wanted
    same = _SAME_SCRIPT.get(wanted)
    if same in languages:
        return same
    return ENGLISH


def parse_choice(text: str, languages: list[str]) -> str:
    """A ``--lang`` value: a locale kvmdesk has a catalog for, ``en`` or ``system``."""
    if text.strip().lower() == SYSTEM:
        return SYSTEM
    normal = normalize(text)
    chosen = match(normal, languages) if normal else ENGLISH
    if normal is None or (chosen == ENGLISH and normal.split("_")[0] != ENGLISH):
        raise BadInput(
            f"no translation for language {text!r}: use one of {', '.join(languages)} or system"
        )
    return chosen


def preference_file() -> Path:
    return config_dir() / "language.json"


def saved_choice(path: Path | None = None) -> str:
    """The language chosen in the GUI (``system`` when none, or the file is unusable)."""
    try:
        data = read_bounded(path or preference_file(), 4096)
    except UnusableFile:
        return SYSTEM
    if data is None:
        return SYSTEM
    try:
        value = json.loads(data).get("language", SYSTEM)
    except (ValueError, AttributeError):
        return SYSTEM
    return value if isinstance(value, str) and value else SYSTEM


def save_choice(choice: str, path: Path | None = None) -> None:
    target = path or preference_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, json.dumps({"language": choice}).encode() + b"\n")


def resolve(
    override: str | None,
    environ: Mapping[str, str],
    *,
    saved: str | None = None,
    directory: Path | None = None,
) -> str:
    """The language to speak: ``override`` (``--lang``), else ``saved``, else the locale."""
    languages = available(directory)
    for choice in (override, saved):
        if choice and choice != SYSTEM:
            normal = normalize(choice)
            return match(normal, languages) if normal else ENGLISH
    return match(system_locale(environ), languages)
