"""Comparing a console screenshot with what libvirt's ``virDomainScreenshot`` returns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.helpers.paths import ROOT


def libvirt_screenshot(conn: Any, name: str) -> QImage:
    """The domain's screen as libvirt sees it (a PNG from QEMU)."""
    stream = conn.newStream(0)
    domain = conn.lookupByName(name)
    domain.screenshot(stream, 0, 0)
    chunks: list[bytes] = []
    stream.recvAll(lambda _s, data, _o: chunks.append(data) or len(data), None)
    stream.finish()
    image = QImage.fromData(b"".join(chunks))
    assert not image.isNull()
    return image


def differing_pixels(first: QImage, second: QImage) -> int:
    """How many pixels differ (the images have the same size)."""
    a = first.convertToFormat(QImage.Format.Format_RGB32)
    b = second.convertToFormat(QImage.Format.Format_RGB32)
    assert (a.width(), a.height()) == (b.width(), b.height())
    count = 0
    bytes_a = bytes(a.constBits())  # type: ignore[arg-type]
    bytes_b = bytes(b.constBits())  # type: ignore[arg-type]
    for offset in range(0, len(bytes_a), 4):
        if bytes_a[offset : offset + 3] != bytes_b[offset : offset + 3]:
            count += 1
    return count


def run_kvmdesk(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``python -m kvmdesk ARGS`` offscreen, as a script would run it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kvmdesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=str(ROOT),
        check=False,
    )


def ssh_tunnels_with(marker: str) -> list[int]:
    """PIDs of running ``ssh … -W …`` processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ssh = bool(words) and words[0].endswith(b"ssh") and b"-W" in words
        if ssh and any(marker.encode() in word for word in words):
            found.append(int(entry.name))
    return found
