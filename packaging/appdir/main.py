"""The build in order: stage (Python + dependencies + libraries), AppDir, payload, AppImage."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import assets, elf, payload, python_bundle, qt, wheels
from .tools import (
    BuildError,
    MissingPackage,
    Paths,
    default_paths,
    digest,
    dpkg_version,
    log,
    missing_tool,
    run,
    step,
)

# Debian packages whose files end up in the stage: a new version rebuilds it.
STAGE_PACKAGES = ("python3.11-minimal", "libpython3.11-stdlib", "libvirt0", "libvirt-dev")
HERE = Path(__file__).resolve().parent


def stage_key(paths: Paths) -> str:
    sources = [
        (HERE / name).read_text() for name in ("python_bundle.py", "wheels.py", "qt.py", "elf.py")
    ]
    versions = [f"{package}={dpkg_version(package)}" for package in STAGE_PACKAGES]
    return digest(wheels.requirements_text(paths), *sources, *versions)


def build_stage(paths: Paths) -> dict[str, object]:
    """Python, the dependencies and every library they need; reused while its key holds."""
    key = stage_key(paths)
    key_file = paths.build / "stage.key"
    report_file = paths.build / "stage.json"
    if paths.stage.is_dir() and key_file.exists() and key_file.read_text() == key:
        log("stage unchanged (Python, dependencies, libraries)")
        return dict(json.loads(report_file.read_text()))
    shutil.rmtree(paths.stage, ignore_errors=True)
    key_file.unlink(missing_ok=True)
    site = python_bundle.site_packages(paths.stage)
    with step("python3.11 and its standard library"):
        python_bundle.copy_python(paths.stage)
    with step("runtime dependencies"):
        wheels.install_dependencies(paths, site)
    with step("pruning PySide6 and site-packages"):
        qt.prune_pyside(site)
        qt.prune_site_packages(site)
        removed = elf.prune_unreachable(paths.stage, site / "PySide6" / "Qt" / "lib")
        log(f"removed {len(removed)} Qt libraries nothing loads")
    with step("shared libraries"):
        walk = elf.bundle_libraries(paths.stage)
    with step("bytecode"):
        python_bundle.compile_bytecode(paths.stage)
    report = {
        "glibc": list(walk.glibc),
        "glibc_fallback": list(walk.glibc_fallback),
        "glibc_users": [[name, list(version)] for name, version in walk.glibc_users],
        "bundled": sorted(walk.bundled),
        "fallback": sorted(walk.fallback),
        "host_only": sorted(walk.host_only),
    }
    report_file.write_text(json.dumps(report, indent=1))
    key_file.write_text(key)
    return report


def build_appdir(paths: Paths, report: dict[str, object]) -> list[str]:
    appdir = paths.appdir
    shutil.rmtree(appdir, ignore_errors=True)
    # Hard links: the later steps only add files, so the stage stays as it was.
    run(["cp", "-al", paths.stage, appdir])
    site = python_bundle.site_packages(appdir)
    with step("kvmdesk"):
        wheels.install_kvmdesk(paths, site)
        run(
            [
                appdir / "usr" / "bin" / "python3.11",
                "-I",
                "-m",
                "compileall",
                "-q",
                "--invalidation-mode",
                "unchecked-hash",
                site / "kvmdesk",
            ]
        )
    assets.install_fonts(appdir)
    warnings = assets.install_desktop_files(paths.repo, appdir)
    glibc = report["glibc"]
    assert isinstance(glibc, list)
    assets.install_apprun(appdir, (glibc[0], glibc[1]))
    return warnings


def smoke_test(paths: Paths) -> str:
    """Both entry points answer --version with the bundled Python."""
    apprun = paths.appdir / "AppRun"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(paths.build / "home")}
    outputs = []
    for arguments in (["--version"], ["cli", "--version"]):
        result = subprocess.run(
            [apprun, *arguments], env=env, text=True, capture_output=True, check=False
        )
        if result.returncode != 0:
            raise BuildError(f"AppRun {' '.join(arguments)} failed: {result.stderr.strip()}")
        outputs.append(result.stdout.strip())
    return " / ".join(outputs)


def du(path: Path) -> str:
    return run(["du", "-sh", "--apparent-size", path]).stdout.split()[0]


def main() -> int:
    repo = HERE.parent.parent
    problem = missing_tool()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    paths = default_paths(repo)
    started = time.monotonic()
    try:
        paths.build.mkdir(parents=True, exist_ok=True)
        report = build_stage(paths)
        warnings = build_appdir(paths, report)
        versions = smoke_test(paths)
        with step("squashfs payload"):
            payload.make_payload(paths)
        with step("runtime"):
            runtime = payload.runtime_elf(paths)
        appimage = payload.make_appimage(paths, runtime)
    except MissingPackage as error:
        print(f"build-appimage: {error}", file=sys.stderr)
        return 2
    except BuildError as error:
        print(f"build-appimage: {error}", file=sys.stderr)
        return 1
    glibc = report["glibc"]
    users = report["glibc_users"]
    assert isinstance(glibc, list) and isinstance(users, list)
    fallback = report["glibc_fallback"]
    assert isinstance(fallback, list)
    top = [name for name, version in users if version == glibc and "/fallback/" not in name]
    log(f"versions: {versions}")
    log(f"needs glibc ≥ {glibc[0]}.{glibc[1]}: {', '.join(top[:5])}")
    log(
        f"fallback libraries (used only where the host lacks them) need {fallback[0]}.{fallback[1]}"
    )
    log(f"AppDir {paths.appdir}: {du(paths.appdir)}; payload {paths.payload}: {du(paths.payload)}")
    for warning in warnings:
        log(f"WARNING: {warning}")
    log(f"wrote {appimage} ({du(appimage)})")
    log(f"done in {time.monotonic() - started:.1f} s")
    return 0
