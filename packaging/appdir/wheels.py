"""kvmdesk's runtime dependencies as wheels (cached) and their install into site-packages.

With ``requirements/runtime.lock`` the downloads are checked against its hashes
(``pip wheel --require-hashes``); libvirt-python is built from its sdist against Debian's
``libvirt-dev`` once and kept in the wheel cache. Without the lock the dependencies come
from pyproject.toml. Installs into the AppDir are offline, from the cache.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

from .tools import BuildError, Paths, log, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import translations  # packaging/translations.py (stdlib only)

BUILD_REQUIREMENTS = ["setuptools>=68", "wheel"]


def lock_file(paths: Paths) -> Path | None:
    lock = paths.repo / "requirements" / "runtime.lock"
    return lock if lock.is_file() else None


def requirements_text(paths: Paths) -> str:
    """What decides the dependency set: the lock, else pyproject's dependencies."""
    lock = lock_file(paths)
    if lock is not None:
        return lock.read_text()
    project = tomllib.loads((paths.repo / "pyproject.toml").read_text())["project"]
    return "\n".join(project["dependencies"]) + "\n"


def build_venv(paths: Paths) -> Path:
    """A venv of Debian's python3.11 with the build tools ``requirements/build.lock`` pins."""
    pip = paths.venv / "bin" / "pip"
    lock = paths.repo / "requirements" / "build.lock"
    wanted = lock.read_text() if lock.is_file() else "\n".join(BUILD_REQUIREMENTS)
    stamp = paths.venv / ".kvmdesk-build-tools"
    if not pip.exists():
        log(f"creating the build venv {paths.venv}")
        run(["/usr/bin/python3.11", "-m", "venv", paths.venv])
    if not stamp.is_file() or stamp.read_text() != wanted:
        tools = ["--require-hashes", "--no-deps", "-r", lock] if lock.is_file() else []
        run([pip, "install", "-q", "--disable-pip-version-check", *(tools or BUILD_REQUIREMENTS)])
        stamp.write_text(wanted)
    return pip


def install_dependencies(paths: Paths, target: Path) -> None:
    """Install the runtime dependencies into ``target``, from the wheel cache if it can."""
    pip = build_venv(paths)
    paths.wheels.mkdir(parents=True, exist_ok=True)
    requirements = paths.build / "requirements.txt"
    paths.build.mkdir(parents=True, exist_ok=True)
    lock = lock_file(paths)
    # The hashes were checked when pip fetched the files; a wheel built here from a locked
    # sdist has its own hash, so the offline install from the cache goes without them.
    requirements.write_text(_without_hashes(requirements_text(paths)))
    install = [
        pip,
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-compile",
        "--no-index",
        "--find-links",
        paths.wheels,
        "--target",
        target,
        "-r",
        requirements,
    ]
    if lock is not None:
        install.insert(2, "--no-deps")
    try:
        run(install)
        return
    except BuildError:
        log("the wheel cache lacks some dependencies; fetching them")
    fetch = [pip, "wheel", "-q", "--disable-pip-version-check", "--wheel-dir", paths.wheels]
    if lock is not None:
        # libvirt-python's sdist builds with the locked setuptools, not the newest one.
        fetch += ["--require-hashes", "--no-deps", "--no-build-isolation", "-r", lock]
    else:
        fetch += ["--find-links", paths.wheels, "-r", requirements]
    run(fetch)
    shutil.rmtree(target, ignore_errors=True)
    run(install)


def install_kvmdesk(paths: Paths, target: Path) -> None:
    """Build kvmdesk's wheel from the checkout and install it (without dependencies)."""
    pip = build_venv(paths)
    wheel_dir = paths.build / "kvmdesk-wheel"
    shutil.rmtree(wheel_dir, ignore_errors=True)
    source = paths.build / "kvmdesk-source"
    shutil.rmtree(source, ignore_errors=True)
    # Build from a copy so setuptools' build/ and egg-info never land in the checkout.
    shutil.copytree(
        paths.repo,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "tests", "__pycache__", "*.egg-info", ".*_cache"
        ),
    )
    # The wheel's build step compiles the translations (packaging/setuptools_build.py) with
    # the checkout's pyside6-lrelease: the build venv has no PySide6, the copy no .venv.
    env = dict(os.environ, KVMDESK_LRELEASE=translations.find_tool("lrelease"))
    run(
        [
            pip,
            "wheel",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            wheel_dir,
            source,
        ],
        env=env,
    )
    wheels = sorted(wheel_dir.glob("kvmdesk-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one kvmdesk wheel in {wheel_dir}, found {len(wheels)}")
    run(
        [
            pip,
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-compile",
            "--no-deps",
            "--no-index",
            "--target",
            target,
            wheels[0],
        ]
    )
    shutil.rmtree(source, ignore_errors=True)
    # The demo inventory and the rest of resources/ sit inside the package, where
    # kvmdesk.core.connection.demo.resources_dir() looks for an installed copy.
    shutil.copytree(
        paths.repo / "resources",
        target / "kvmdesk" / "resources",
        ignore=shutil.ignore_patterns("screenshots"),
        dirs_exist_ok=True,
    )
    shutil.rmtree(target / "bin", ignore_errors=True)


def _without_hashes(text: str) -> str:
    """Requirement lines without their ``--hash`` options (and without line continuations)."""
    joined = text.replace("\\\n", " ")
    lines = []
    for line in joined.splitlines():
        kept = " ".join(part for part in line.split() if not part.startswith("--hash"))
        if kept:
            lines.append(kept)
    return "\n".join(lines) + "\n"
