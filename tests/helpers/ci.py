"""Whether the tests run in CI, where a missing prerequisite is a failure, not a skip."""

from __future__ import annotations

import os


def in_ci() -> bool:
    """``$CI`` is set to something other than empty/0/false/no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
