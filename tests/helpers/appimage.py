"""The AppImage for tests: built by ``packaging/build-appimage``, and what its tests share.

``built_appimage()`` runs the build once per test process (it is incremental: seconds when
nothing changed) and returns ``dist/kvmdesk-x86_64.AppImage``; a failed build fails the test
with the build's output. The rest reads the image without running it (the ELF end, the
squashfs superblock), runs it in a clean environment, finds what a run left behind (FUSE
mounts, mount points), judges a ``--demo --screenshot`` PNG by its pixels, and provides the
clean machine: a ``debootstrap --variant=minbase bookworm`` tree cached under
``~/.cache/kvmdesk-build/minbase-bookworm`` and a chroot into it in a private mount namespace.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import struct
import subprocess
import time
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kvmdesk.models.palette import Colour
from tests.helpers.ci import in_ci
from tests.helpers.paths import ROOT

BUILD_SCRIPT = ROOT / "packaging" / "build-appimage"
IMAGE = ROOT / "dist" / "kvmdesk-x86_64.AppImage"
BUILD_MISSING_TOOL = 2  # build-appimage's exit status when a tool or host file is missing
CLEAN_PATH = "/usr/bin:/bin"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
MINBASE_MARKER = ".kvmdesk-minbase-complete"
# A domain state in `kvmdesk-cli list --json` -> the colour of its icon in the main window
# (kvmdesk/models/state_icons.py).
STATE_COLOURS = {"running": Colour.OK, "paused": Colour.WARNING, "shutoff": Colour.INACTIVE}


def require_program(program: str, package: str) -> str:
    """The program's path; missing, it fails in CI (bootstrap.sh installs it), else skips."""
    path = shutil.which(program, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if path is None:
        unavailable(f"{program} not found (Debian package {package}; bootstrap.sh installs it)")
    assert path is not None
    return path


def unavailable(message: str) -> None:
    if in_ci():
        pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


# --- the build -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One run of ``packaging/build-appimage``."""

    returncode: int
    seconds: float
    output: str


@functools.cache
def _build() -> Build:
    started = time.monotonic()
    result = subprocess.run(
        [str(BUILD_SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    return Build(result.returncode, time.monotonic() - started, result.stdout + result.stderr)


def built_appimage() -> tuple[Path, Build]:
    """The AppImage, built (or brought up to date) once per test process, and that build."""
    build = _build()
    if build.returncode == BUILD_MISSING_TOOL and not in_ci():
        pytest.skip(build.output.strip().splitlines()[-1])
    if build.returncode != 0 or not IMAGE.is_file():
        pytest.fail(
            f"packaging/build-appimage failed (exit {build.returncode}):\n{build.output}",
            pytrace=False,
        )
    return IMAGE, build


# --- reading the image without running it --------------------------------------------------------


def elf_end(path: Path) -> int:
    """Where the ELF at the start of ``path`` ends: its section header table or last section.

    Computed from the ELF64 header and section headers alone, independently of the runtime.
    """
    with path.open("rb") as file:
        header = file.read(64)
        assert header[:4] == b"\x7fELF" and header[4] == 2 and header[5] == 1, "not ELF64 LE"
        shoff = struct.unpack_from("<Q", header, 0x28)[0]
        shentsize, shnum = struct.unpack_from("<HH", header, 0x3A)
        file.seek(shoff)
        table = file.read(shnum * shentsize)
    end = int(shoff + shnum * shentsize)
    for index in range(shnum):
        sh_type = struct.unpack_from("<I", table, index * shentsize + 4)[0]
        offset, size = struct.unpack_from("<QQ", table, index * shentsize + 0x18)
        if sh_type != 8:  # SHT_NOBITS (.bss) takes no room in the file
            end = max(end, int(offset + size))
    return end


SQUASHFS_TABLES = ("id", "xattr", "inode", "directory", "fragment", "export")


def _superblock(path: Path, offset: int) -> bytes:
    with path.open("rb") as file:
        file.seek(offset)
        superblock = file.read(96)
    assert superblock[:4] == b"hsqs", f"no squashfs magic at {offset}"
    return superblock


def squashfs_bytes_used(path: Path, offset: int) -> int:
    """The payload's length, from its squashfs superblock (``bytes_used`` at byte 40)."""
    return int(struct.unpack_from("<Q", _superblock(path, offset), 40)[0])


def squashfs_table_start(path: Path, offset: int, table: str) -> int:
    """Where one of the payload's tables (``SQUASHFS_TABLES``) starts, from its superblock."""
    starts = struct.unpack_from("<6Q", _superblock(path, offset), 48)
    return int(starts[SQUASHFS_TABLES.index(table)])


# --- running it ----------------------------------------------------------------------------------


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """``env -i PATH=/usr/bin:/bin HOME=home`` plus ``extra``."""
    return {"PATH": CLEAN_PATH, "HOME": str(home), **extra}


def run(
    command: Sequence[str | Path], env: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def leftovers(image: Path, tmpdir: Path, mounts: Path = Path("/proc/mounts")) -> list[str]:
    """Mounts of ``image`` or under ``tmpdir`` still in ``mounts``, and mount points left there."""
    left = [
        line
        for line in mounts.read_text().splitlines()
        if line.split()[0] == str(image) or line.split()[1].startswith(f"{tmpdir}/")
    ]
    return left + [str(path) for path in tmpdir.glob(".mount_*")]


# --- the screenshot ------------------------------------------------------------------------------


def _rows(mask: Sequence[bool]) -> int:
    """How many runs of consecutive ``True`` rows: icons stacked in a column count one each."""
    return sum(1 for y, hit in enumerate(mask) if hit and (y == 0 or not mask[y - 1]))


def _brightest(rgb: int) -> int:
    return max(rgb >> 16, rgb >> 8 & 0xFF, rgb & 0xFF)


def demo_screenshot_problems(png: Path, domains: list[dict[str, object]]) -> list[str]:
    """What is wrong with ``png`` as the main window on the demo inventory ``domains``.

    The picture must be window-sized, not blank or uniform, hold text, and show one state icon
    per domain in the colour of its state (rows of exactly that colour, counted per state).
    """
    image = QImage(str(png))
    if image.isNull():
        return [f"{png} is not an image Qt can read"]
    width, height = image.width(), image.height()
    problems = []
    if not (800 <= width <= 4000 and 500 <= height <= 3000):
        problems.append(f"size {width}x{height} is not a main window's")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    bits = image.constBits()
    pixels = array("I", bytes(bits)[: width * height * 4])
    assert image.bytesPerLine() == width * 4
    colours = Counter(pixel & 0xFFFFFF for pixel in pixels)
    top, top_count = colours.most_common(1)[0]
    if len(colours) < 100 or top_count > 0.9 * width * height:
        problems.append(f"nearly uniform: {len(colours)} colours, #{top:06x} on {top_count} pixels")
    dark = sum(count for value, count in colours.items() if _brightest(value) < 96)
    if dark < 2000:
        problems.append(f"only {dark} dark pixels: no text")
    states = Counter(str(domain["state"]) for domain in domains)
    for state, colour in STATE_COLOURS.items():
        wanted = {0xFF000000 | int(value[1:], 16) for value in (colour.light, colour.dark)}
        mask = [
            any(pixels[y * width : (y + 1) * width].count(value) for value in wanted)
            for y in range(height)
        ]
        icons, expected = _rows(mask), states.get(state, 0)
        # The connection's own icon (green when connected) may add one more.
        if not expected <= icons <= expected + 1:
            problems.append(
                f"{expected} {state} domains but {icons} rows of {colour.name} ({colour.light})"
            )
    return problems


# --- the clean machine ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """``~/.cache/kvmdesk-build``, shared with packaging/build-appimage (outside the clone)."""
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "kvmdesk-build"


def minbase_tree() -> Path:
    """A ``debootstrap --variant=minbase bookworm`` tree, made once and then reused.

    The tree counts as complete when its marker exists (written after debootstrap succeeded);
    an incomplete one is made anew. A lock file keeps two test runs from making it at once.
    """
    require_program("debootstrap", "debootstrap")
    tree = cache_dir() / "minbase-bookworm"
    tree.parent.mkdir(parents=True, exist_ok=True)
    with (tree.parent / "minbase-bookworm.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (tree / MINBASE_MARKER).is_file():
            return tree
        partial = tree.with_name(f"{tree.name}.partial")
        for stale in (partial, tree):
            shutil.rmtree(stale, ignore_errors=True)
        started = time.monotonic()
        result = subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", str(partial), DEBIAN_MIRROR],
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"debootstrap failed (exit {result.returncode}):\n"
                f"{(result.stdout + result.stderr)[-4000:]}",
                pytrace=False,
            )
        for deb in (partial / "var/cache/apt/archives").glob("*.deb"):
            deb.unlink()  # the downloaded packages: 60 MB the tree does not need
        partial.rename(tree)
        (tree / MINBASE_MARKER).write_text(
            f"debootstrap --variant=minbase bookworm {DEBIAN_MIRROR}: "
            f"{time.monotonic() - started:.0f} s\n"
        )
        return tree


def in_chroot(
    tree: Path, command: Sequence[str], env: Mapping[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` chrooted into ``tree`` with exactly ``env`` (``env -i``).

    A private mount namespace (``unshare -m``) holds the ``/proc`` it needs, so the mount
    goes away with the command and never shows on the host or stays in the cached tree.
    """
    script = 'mount -t proc kvmdesk-proc "$0/proc" && exec chroot "$0" "$@"'
    assignments = [f"{key}={value}" for key, value in env.items()]
    return run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            script,
            str(tree),
            "/usr/bin/env",
            "-i",
            *assignments,
            *command,
        ],
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        timeout=timeout,
    )
