"""The demo inventory shipped in ``resources/``, served by libvirt's test driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kvmdesk
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP


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


DEMO_LABEL = QT_TRANSLATE_NOOP("Connection", "Demo (test driver)")  # shown translated
_INACTIVE_NETWORKS = ("hostonly-lab",)


def prepare_demo(conn: Any) -> None:
    """Give the demo networks the state a real host would have.

    The test driver loads every network active and without autostart; a host
    has some stopped and most set to start at boot.
    """
    for network in conn.listAllNetworks(0):
        if network.name() in _INACTIVE_NETWORKS:
            if network.isActive():
                network.destroy()
        else:
            network.setAutostart(1)
