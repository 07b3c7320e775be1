"""The shared corpus of libvirt XML files (libvirt 9.0.0's test data) for round-trip tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.ci import in_ci
from tests.helpers.paths import ROOT

# shared/ sits beside the repository root (see shared/corpus/README.md).
CORPUS = ROOT.parent / "shared" / "corpus" / "libvirt-9.0.0"


def require_corpus() -> Path:
    """The shared corpus; missing it fails in CI (it is always there) and skips elsewhere."""
    if not CORPUS.is_dir():
        message = f"shared corpus not found at {CORPUS} (shared/ sits beside the repository)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CORPUS
