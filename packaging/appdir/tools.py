"""Build tools, paths and small process helpers shared by every build step."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Each tool the build runs, with the Debian package that provides it.
TOOLS = {
    "/usr/bin/python3.11": "python3.11",
    "readelf": "binutils",
    "objdump": "binutils",
    "patchelf": "patchelf",
    "mksquashfs": "squashfs-tools",
    "pkg-config": "pkg-config",
    "gcc": "gcc",
    "ldconfig": "libc-bin",
}
# Files the build copies from the host, with the Debian package that provides them.
HOST_FILES = {
    "/usr/lib/python3.11/lib-dynload": "python3.11",
    "/usr/lib/python3.11/venv": "python3.11-venv",
    "/usr/lib/python3.11/ensurepip": "python3.11-venv",
    "/usr/include/python3.11/Python.h": "python3.11-dev",
    "/usr/lib/x86_64-linux-gnu/pkgconfig/libvirt.pc": "libvirt-dev",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "fonts-dejavu-core",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "fonts-wqy-microhei",
}


class BuildError(Exception):
    """A build step failed; the message is the one line the user sees."""


class MissingPackage(BuildError):
    """A library the bundle needs is not on this host: one line naming the Debian package."""


@dataclass(frozen=True)
class Paths:
    """Where the build reads from and writes to."""

    repo: Path
    build: Path
    dist: Path
    cache: Path

    @property
    def appdir(self) -> Path:
        return self.build / "appdir"

    @property
    def stage(self) -> Path:
        """Python, dependencies and their libraries: rebuilt only when their inputs change."""
        return self.build / "stage"

    @property
    def payload(self) -> Path:
        return self.build / "payload.squashfs"

    @property
    def wheels(self) -> Path:
        return self.cache / "wheels"

    @property
    def venv(self) -> Path:
        return self.cache / "appimage" / "venv"


def default_paths(repo: Path) -> Paths:
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Paths(
        repo=repo,
        build=Path(os.environ.get("KVMDESK_BUILD_DIR") or repo / "build"),
        dist=repo / "dist",
        cache=cache_home / "kvmdesk-build",
    )


def missing_tool() -> str | None:
    """The first missing build tool or host file, as the one line to print."""
    for tool, package in TOOLS.items():
        found = Path(tool).exists() if tool.startswith("/") else _which(tool)
        if not found:
            return f"build-appimage: {tool} is missing; install the Debian package {package}"
    for path, package in HOST_FILES.items():
        if not Path(path).exists():
            return f"build-appimage: {path} is missing; install the Debian package {package}"
    return None


def _which(tool: str) -> bool:
    # ldconfig lives in /sbin, which a non-root PATH may lack.
    return shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") is not None


def tool_path(tool: str) -> str:
    return shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") or tool


def run(command: Sequence[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure raise BuildError with its last output lines."""
    result = subprocess.run(
        [str(part) for part in command],
        text=True,
        capture_output=True,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise BuildError(f"{' '.join(map(str, command[:3]))} … failed:\n{tail}")
    return result


def log(message: str) -> None:
    print(f"build-appimage: {message}", file=sys.stderr, flush=True)


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    log(f"{name} …")
    yield
    log(f"{name}: {time.monotonic() - started:.1f} s")


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]


def tree_digest(root: Path) -> str:
    """Content digest of a directory tree: names, modes, symlink targets and file bytes."""
    hasher = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if path.is_symlink():
            hasher.update(f"L {relative} {os.readlink(path)}\n".encode())
        elif path.is_file():
            hasher.update(f"F {relative} {path.stat().st_mode & 0o777:o}\n".encode())
            with path.open("rb") as stream:
                while chunk := stream.read(1 << 20):
                    hasher.update(chunk)
        else:
            hasher.update(f"D {relative}\n".encode())
    return hasher.hexdigest()


def dpkg_version(package: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], text=True, capture_output=True, check=False
    )
    return result.stdout.strip()
