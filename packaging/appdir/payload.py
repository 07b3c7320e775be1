"""The squashfs payload, and the AppImage when the project's runtime is there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .elf import is_elf
from .tools import BuildError, Paths, log, run, tool_path, tree_digest

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


def runtime_elf(paths: Paths) -> Path:
    """Build our type-2 runtime (``packaging/runtime/build``) into the build dir; its ELF."""
    elf = paths.build / "runtime" / "runtime"
    run([paths.repo / "packaging" / "runtime" / "build"], env={**os.environ, "OUT": str(elf)})
    if not is_elf(elf):
        raise BuildError(f"packaging/runtime/build wrote no ELF at {elf}")
    return elf


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
