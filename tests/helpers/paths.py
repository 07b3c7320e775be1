"""Where things are on disk, for tests that run programs or read files of the repository."""

from __future__ import annotations

from pathlib import Path

# tests/helpers/paths.py -> tests/helpers -> tests -> the repository root.
ROOT = Path(__file__).resolve().parents[2]
