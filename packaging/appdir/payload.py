"""The squashfs payload, and the AppImage when the project's runtime is there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .elf import is_elf
from .tools import Paths, log, run, tool_path, tree_digest

APPIMAGE_NAME = "kvmdesk-x86_64.AppImage"


def make_payload(paths: Paths) -> bool:
    """mksquashfs the AppDir unless its content is the same as the last payload's."""
    stamp = paths.build / "payload.digest"
    current = tree_digest(paths.appdir)
    if paths.payload.exists() and stamp.exists() and stamp.read_text() == current:
        log("payload unchanged")
        return False
    paths.payload.unlink(missing_ok=True)
    level = os.environ.get("KVMDESK_SQUASHFS_LEVEL", "19")
    run(
        [
            tool_path("mksquashfs"),
            paths.appdir,
            paths.payload,
            "-comp",
            "zstd",
            "-Xcompression-level",
            level,
            "-root-owned",
            "-noappend",
            "-no-progress",
            "-quiet",
        ]
    )
    stamp.write_text(current)
    return True


def runtime_elf(paths: Paths) -> Path | None:
    """Build the runtime if its sources are there; the ELF, or None without it."""
    runtime_dir = paths.repo / "packaging" / "runtime"
    builder = runtime_dir / "build"
    if builder.is_file() and os.access(builder, os.X_OK):
        run([builder])
    elif (runtime_dir / "Makefile").is_file():
        run(["make", "-C", runtime_dir])
    elf = runtime_dir / "build" / "runtime"
    return elf if is_elf(elf) else None


def make_appimage(paths: Paths, runtime: Path) -> Path:
    paths.dist.mkdir(parents=True, exist_ok=True)
    target = paths.dist / APPIMAGE_NAME
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        for part in (runtime, paths.payload):
            with part.open("rb") as stream:
                shutil.copyfileobj(stream, out, 1 << 20)
    partial.chmod(0o755)
    partial.replace(target)
    return target
