"""Shared libraries for every ELF in the tree, their RUNPATHs, and the glibc they need.

Every ``DT_NEEDED`` of every ELF is resolved (inside the tree first, then through the host's
ld cache) and sorted into one of three kinds, following the AppImage community's excludelist
(github.com/AppImageCommunity/pkg2appimage, file ``excludelist``):

- HOST_ONLY: glibc, the FUSE and sound-server libraries, GPU drivers. Never bundled.
- HOST_FIRST: libraries every desktop has and that must match the host's graphics stack or
  other host libraries loaded into the process (libGL/libEGL, libX11/libxcb, fontconfig,
  freetype, libstdc++ …). A copy goes to ``usr/lib/fallback/<soname>/``; AppRun puts only the
  directories of those the host lacks on ``LD_LIBRARY_PATH``, so a bare host (a minimal
  chroot, a server without X) still starts while a desktop keeps its own.
- everything else is bundled in ``usr/lib`` (the xcb extension libraries bare distributions
  lack, libvirt.so.0 and its dependencies, glib, libdbus …).

Bundled ELFs get a RUNPATH relative to ``$ORIGIN``; no ``LD_LIBRARY_PATH`` points into the
bundle, so programs kvmdesk starts (ssh for qemu+ssh://) load the host's libraries.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .tools import MissingPackage, run, tool_path

HOST_ONLY = frozenset(
    {
        # glibc
        "ld-linux.so.2",
        "ld-linux-x86-64.so.2",
        "libanl.so.1",
        "libBrokenLocale.so.1",
        "libc.so.6",
        "libdl.so.2",
        "libm.so.6",
        "libmvec.so.1",
        "libnss_compat.so.2",
        "libnss_dns.so.2",
        "libnss_files.so.2",
        "libpthread.so.0",
        "libresolv.so.2",
        "librt.so.1",
        "libthread_db.so.1",
        "libutil.so.1",
        # must match the host's kernel modules / daemons
        "libfuse.so.2",
        "libfuse3.so.3",
        "libasound.so.2",
        "libjack.so.0",
        "libpipewire-0.3.so.0",
    }
)
HOST_FIRST = frozenset(
    {
        "libstdc++.so.6",
        "libgcc_s.so.1",
        "libGL.so.1",
        "libEGL.so.1",
        "libGLX.so.0",
        "libGLdispatch.so.0",
        "libOpenGL.so.0",
        "libglapi.so.0",
        "libdrm.so.2",
        "libgbm.so.1",
        "libxcb.so.1",
        "libxcb-dri2.so.0",
        "libxcb-dri3.so.0",
        "libX11.so.6",
        "libX11-xcb.so.1",
        "libwayland-client.so.0",
        "libfontconfig.so.1",
        "libfreetype.so.6",
        "libharfbuzz.so.0",
        "libfribidi.so.0",
        "libexpat.so.1",
        "libz.so.1",
        "libuuid.so.1",
        "libgmp.so.10",
        "libgpg-error.so.0",
        "libcom_err.so.2",
        "libICE.so.6",
        "libSM.so.6",
        "libusb-1.0.so.0",
    }
)
# Libraries the kept Qt plugins load that no other build dependency installs.
SONAME_PACKAGES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
}
LIBDIR = Path("usr/lib")
FALLBACK = LIBDIR / "fallback"
ELF_MAGIC = b"\x7fELF"
_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


@dataclass
class ElfInfo:
    needed: list[str] = field(default_factory=list)
    runpath: list[str] = field(default_factory=list)
    glibc: tuple[int, int] = (0, 0)


@dataclass
class WalkResult:
    bundled: list[str] = field(default_factory=list)
    fallback: list[str] = field(default_factory=list)
    host_only: set[str] = field(default_factory=set)
    glibc: tuple[int, int] = (0, 0)
    """What AppRun checks: the highest GLIBC_ version any ELF outside the fallbacks needs."""
    glibc_fallback: tuple[int, int] = (0, 0)
    """The fallbacks' highest: it matters only on a host that lacks those libraries."""
    glibc_users: list[tuple[str, tuple[int, int]]] = field(default_factory=list)


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.read(4) == ELF_MAGIC


def elf_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if is_elf(path))


def read_elf(path: Path) -> ElfInfo:
    """NEEDED, RUNPATH/RPATH and the highest GLIBC_ version reference (``objdump -p``)."""
    output = run([tool_path("objdump"), "-p", path]).stdout
    info = ElfInfo()
    in_references = False
    for line in output.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == "NEEDED":
            info.needed.append(words[1])
        elif len(words) == 2 and words[0] in {"RUNPATH", "RPATH"}:
            info.runpath = words[1].split(":")
        elif line.startswith("Version References:"):
            in_references = True
        elif in_references and line.startswith("  required from "):
            continue
        elif in_references and (match := _GLIBC.search(line)):
            info.glibc = max(info.glibc, (int(match[1]), int(match[2])))
        elif in_references and line and not line.startswith(" "):
            in_references = False
    return info


def host_library_cache() -> dict[str, Path]:
    """soname → path of the host's x86-64 libraries (``ldconfig -p``)."""
    output = run([tool_path("ldconfig"), "-p"]).stdout
    cache: dict[str, Path] = {}
    for line in output.splitlines()[1:]:
        name, _, rest = line.strip().partition(" (")
        flags, _, target = rest.partition(") => ")
        if "x86-64" in flags and name not in cache:
            cache[name] = Path(target)
    return cache


def kind(soname: str) -> str:
    if soname in HOST_ONLY or soname.startswith(("libnvidia", "libGLX_", "libEGL_")):
        return "host-only"
    if soname in HOST_FIRST:
        return "host-first"
    return "bundle"


def bundle_libraries(root: Path) -> WalkResult:
    """Copy every needed library into ``root`` and give every ELF its RUNPATH."""
    host = host_library_cache()
    result = WalkResult()
    queue = elf_files(root)
    seen: set[Path] = set()
    infos: dict[Path, ElfInfo] = {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        info = read_elf(path)
        infos[path] = info
        for soname in info.needed:
            if _find_inside(root, path, info, soname) is not None:
                continue
            category = kind(soname)
            if category == "host-only":
                result.host_only.add(soname)
                continue
            source = host.get(soname)
            if source is None:
                package = SONAME_PACKAGES.get(soname) or _xcb_package(soname)
                raise MissingPackage(
                    f"{soname} is missing ({path.name} needs it); "
                    f"install the Debian package {package}"
                    if package
                    else f"{soname} is missing ({path.name} needs it); install its Debian package"
                )
            target = (
                root / FALLBACK / soname / soname
                if category == "host-first"
                else root / LIBDIR / soname
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source.resolve(), target)
            target.chmod(0o755)
            (result.fallback if category == "host-first" else result.bundled).append(soname)
            queue.append(target)
    for path, info in infos.items():
        _set_runpath(root, path, info)
        if info.glibc > (0, 0):
            result.glibc_users.append((str(path.relative_to(root)), info.glibc))
    fallback = str(FALLBACK) + "/"
    result.glibc = max(
        (version for name, version in result.glibc_users if not name.startswith(fallback)),
        default=(0, 0),
    )
    result.glibc_fallback = max(
        (version for name, version in result.glibc_users if name.startswith(fallback)),
        default=(0, 0),
    )
    result.glibc_users.sort(key=lambda item: item[1], reverse=True)
    return result


def _xcb_package(soname: str) -> str | None:
    """Debian names the xcb libraries after their soname: libxcb-cursor.so.0 → libxcb-cursor0."""
    if not soname.startswith("libxcb"):
        return None
    stem, _, version = soname.partition(".so.")
    return f"{stem}{version}"


def _runpath_dirs(root: Path, path: Path, runpath: Iterable[str]) -> list[Path]:
    dirs = []
    for entry in runpath:
        expanded = entry.replace("$ORIGIN", str(path.parent)).replace("${ORIGIN}", str(path.parent))
        dirs.append(Path(os.path.normpath(expanded)))
    return [directory for directory in dirs if directory.is_relative_to(root)]


def _find_inside(root: Path, path: Path, info: ElfInfo, soname: str) -> Path | None:
    candidates = [
        *_runpath_dirs(root, path, info.runpath),
        path.parent,
        root / LIBDIR,
        root / FALLBACK / soname,
    ]
    for directory in candidates:
        if (directory / soname).exists():
            return directory / soname
    return None


def _set_runpath(root: Path, path: Path, info: ElfInfo) -> None:
    """Keep the ELF's own ``$ORIGIN`` entries, add the way to ``usr/lib``; drop host paths."""
    if not info.needed:
        return
    libdir = os.path.relpath(root / LIBDIR, path.parent)
    wanted = "$ORIGIN" if libdir == "." else f"$ORIGIN/{libdir}"
    entries = [entry for entry in info.runpath if entry.startswith(("$ORIGIN", "${ORIGIN}"))]
    if wanted not in entries:
        entries.append(wanted)
    if entries == info.runpath:
        return
    run([tool_path("patchelf"), "--set-rpath", ":".join(entries), path])


def prune_unreachable(root: Path, library_dir: Path) -> list[str]:
    """Delete the libraries of ``library_dir`` that no other ELF in ``root`` needs.

    The roots are every ELF outside ``library_dir``: executables, Python extension modules
    and Qt plugins (loaded with dlopen, so nothing links to them).
    """
    everything = elf_files(root)
    queue = [path for path in everything if not path.is_relative_to(library_dir)]
    reached: set[Path] = set()
    while queue:
        path = queue.pop()
        if path in reached:
            continue
        reached.add(path)
        info = read_elf(path)
        for soname in info.needed:
            found = _find_inside(root, path, info, soname)
            if found is not None:
                queue.append(found.resolve())
    removed = []
    for path in sorted(library_dir.iterdir()):
        if path.resolve() not in reached and (path.is_symlink() or is_elf(path)):
            path.unlink()
            removed.append(path.name)
    return removed
