"""The demo inventory shipped in ``resources/``, served by libvirt's test driver."""

from __future__ import annotations

from pathlib import Path

import kvmdesk


def resources_dir() -> Path:
    """``resources/`` beside the package (source tree) or inside it (installed/AppImage)."""
    package = Path(kvmdesk.__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package.parent / "resources"


def demo_inventory() -> Path:
    return resources_dir() / "demo" / "inventory.xml"


def demo_uri() -> str:
    """The test-driver URI of the demo inventory (no daemon needed)."""
    return f"test://{demo_inventory()}"
