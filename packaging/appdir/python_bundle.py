"""Debian's python3.11 and the parts of its standard library kvmdesk can use, under ``usr/``.

The interpreter runs isolated (``-I``): it ignores every host ``PYTHON*`` variable and the
user's site directory, finds its standard library next to itself (``usr/lib/python3.11``
beside ``usr/bin``) and our ``sitecustomize`` adds the bundled ``site-packages``. No
``PYTHONHOME``/``PYTHONPATH`` is exported, so none leaks into programs kvmdesk starts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .tools import run

INTERPRETER = Path("/usr/bin/python3.11")
STDLIB = Path("/usr/lib/python3.11")
VERSION = "python3.11"

# Top-level stdlib entries nobody in the bundle imports: test suites, GUI toolkits we do not
# ship, installers, build configuration, Debian's own hooks.
STDLIB_DROPPED = {
    "test",
    "idlelib",
    "tkinter",
    "turtledemo",
    "turtle.py",
    "ensurepip",
    "venv",
    "lib2to3",
    "pydoc_data",
    "config-3.11-x86_64-linux-gnu",
    "EXTERNALLY-MANAGED",
    "sitecustomize.py",  # Debian's apport hook (a symlink into /etc)
    "__phello__",
    "__hello__.py",
    # modules nothing in the bundle imports, whose C parts pull libraries (libcrypt needs
    # glibc 2.36, libsqlite3, ncurses, readline, Berkeley DB, libnsl)
    "crypt.py",
    "curses",
    "sqlite3",
}
DYNLOAD_DROPPED_PREFIXES = (
    "_test",
    "_xxtestfuzz",
    "xxlimited",
    "_ctypes_test",
    "xxsubtype",
    "_crypt.",
    "nis.",
    "_dbm.",
    "_gdbm.",
    "_curses",
    "readline.",
    "audioop.",
    "ossaudiodev.",
    "_sqlite3.",
)

SITECUSTOMIZE = '''\
"""The AppImage's Python: its own site-packages, nothing from the host."""

import os
import site
import sys

site.addsitedir(os.path.join(sys.prefix, "lib", "python3.11", "site-packages"))
'''


def site_packages(root: Path) -> Path:
    return root / "usr" / "lib" / VERSION / "site-packages"


def copy_python(root: Path) -> None:
    """Copy the interpreter and the pruned standard library into ``root/usr``."""
    bindir = root / "usr" / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(INTERPRETER, bindir / VERSION)
    target = root / "usr" / "lib" / VERSION
    shutil.copytree(
        STDLIB,
        target,
        symlinks=True,
        ignore=_ignore,
        dirs_exist_ok=True,
    )
    (target / "sitecustomize.py").write_text(SITECUSTOMIZE)
    site_packages(root).mkdir(parents=True, exist_ok=True)


def _ignore(directory: str, names: list[str]) -> set[str]:
    dropped = {name for name in names if name == "__pycache__"}
    if Path(directory) == STDLIB:
        dropped |= STDLIB_DROPPED & set(names)
        dropped |= {name for name in names if name in {"site-packages", "dist-packages"}}
    elif Path(directory).name == "lib-dynload":
        dropped |= {name for name in names if name.startswith(DYNLOAD_DROPPED_PREFIXES)}
    elif Path(directory).name in {"tests", "test"}:
        dropped |= set(names)
    return dropped


def compile_bytecode(root: Path) -> None:
    """Precompile every module: a read-only squashfs cannot take ``__pycache__`` at run time.

    ``unchecked-hash`` pycs do not depend on file times, so the payload is the same whatever
    the mount reports.
    """
    python = root / "usr" / "bin" / VERSION
    run(
        [
            python,
            "-I",
            "-m",
            "compileall",
            "-q",
            "-j",
            "0",
            "--invalidation-mode",
            "unchecked-hash",
            root / "usr" / "lib" / VERSION,
        ]
    )
