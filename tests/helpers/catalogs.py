"""The compiled catalogs for tests: packaging/translations.py release into a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.helpers.paths import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import translations  # packaging/translations.py (stdlib only)

ZH_CN = "zh_CN"


def compile_catalogs(folder: Path) -> Path:
    """Every kvmdesk_<lang>.qm compiled from the committed .ts files into ``folder``."""
    translations.release(folder)
    return folder


def ts_file(language: str) -> Path:
    return translations.TRANSLATIONS / f"kvmdesk_{language}.ts"
