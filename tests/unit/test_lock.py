"""The lock files in requirements/ agree with pyproject.toml, and .venv is what they pin.

``packaging/lock`` writes them (README, "Development"); ``bootstrap.sh`` installs from them in
pip's hash-checking mode with ``--no-deps``, so a name missing here is missing in CI, and a pin
outside pyproject's range means the lock was not refreshed after pyproject.toml changed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from tests.helpers.paths import ROOT

LOCKS = ("runtime", "test", "build")
_PIN = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]*))?$"
)
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: Version
    marker: Marker | None
    hashes: frozenset[str]


def parse_lock(text: str) -> dict[NormalizedName, Pin]:
    pins: dict[NormalizedName, Pin] = {}
    current: list[str] = []
    logical: list[str] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        current.append(line.rstrip("\\").strip())
        if not line.endswith("\\"):
            logical.append(" ".join(current))
            current = []
    assert not current, "the file ends inside a continued line"
    for entry in logical:
        head, *options = entry.split(" --")
        match = _PIN.match(head.strip())
        assert match, f"not an exact NAME==VERSION pin: {entry[:80]!r}"
        hashes = frozenset(f"--{option}" for option in options)
        assert hashes, f"{head}: no --hash"
        bad = [h for h in hashes if not _HASH.fullmatch(h)]
        assert not bad, f"{head}: options other than --hash=sha256: {bad}"
        name = canonicalize_name(match["name"])
        assert name not in pins, f"{name} pinned twice"
        marker = Marker(match["marker"]) if match["marker"] else None
        pins[name] = Pin(name, Version(match["version"]), marker, hashes)
    return pins


def _read(lock: str) -> dict[NormalizedName, Pin]:
    return parse_lock((ROOT / "requirements" / f"{lock}.lock").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def locks() -> dict[str, dict[NormalizedName, Pin]]:
    return {lock: _read(lock) for lock in LOCKS}


@pytest.fixture(scope="module")
def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _requirements(pyproject: dict[str, object], part: str) -> list[Requirement]:
    project = pyproject["project"]
    build = pyproject["build-system"]
    assert isinstance(project, dict) and isinstance(build, dict)
    texts: list[str] = {
        "dependencies": project["dependencies"],
        "test": project["optional-dependencies"]["test"],
        "build": ["pip", *build["requires"]],
    }[part]
    return [Requirement(text) for text in texts]


# Which lock must pin which part of pyproject.toml.
_COVERS = {
    "runtime": ("dependencies",),
    "test": ("dependencies", "test", "build"),
    "build": ("build",),
}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_is_pinned_inside_its_range(
    lock: str, locks: dict[str, dict[NormalizedName, Pin]], pyproject: dict[str, object]
) -> None:
    pins = locks[lock]
    problems = []
    for part in _COVERS[lock]:
        for req in _requirements(pyproject, part):
            pin = pins.get(canonicalize_name(req.name))
            if pin is None:
                problems.append(f"{req} ({part}) is not pinned")
            elif not req.specifier.contains(pin.version, prereleases=True):
                problems.append(f"{pin.name}=={pin.version} is outside {req} ({part})")
    assert not problems, f"requirements/{lock}.lock: {'; '.join(problems)}; run packaging/lock"


@pytest.mark.parametrize("lock", ["runtime", "build"])
def test_partial_locks_pin_exactly_as_the_test_lock(
    lock: str, locks: dict[str, dict[NormalizedName, Pin]]
) -> None:
    """The AppImage (runtime.lock) gets the very files CI tested (test.lock)."""
    full = locks["test"]
    for name, pin in locks[lock].items():
        assert name in full, f"{name} is in requirements/{lock}.lock but not in test.lock"
        assert pin == full[name], f"{name}: requirements/{lock}.lock and test.lock differ"


def test_the_runtime_lock_holds_no_test_tool(
    locks: dict[str, dict[NormalizedName, Pin]], pyproject: dict[str, object]
) -> None:
    runtime_names = {canonicalize_name(r.name) for r in _requirements(pyproject, "dependencies")}
    tools = {canonicalize_name(r.name) for r in _requirements(pyproject, "test")} - runtime_names
    assert not tools & locks["runtime"].keys()


def test_pyside_stays_below_6_12(locks: dict[str, dict[NormalizedName, Pin]]) -> None:
    """PySide6 6.12.0 crashes under qasync; pyproject's range and the pin both keep it out."""
    pin = locks["test"][canonicalize_name("PySide6-Essentials")]
    assert Version("6.11") <= pin.version < Version("6.12")
    assert locks["test"][canonicalize_name("shiboken6")].version == pin.version


def test_the_venv_running_the_tests_holds_the_locked_versions(
    locks: dict[str, dict[NormalizedName, Pin]],
) -> None:
    """bootstrap.sh installs test.lock; pip, setuptools and wheel (build.lock) may differ in a
    venv that another tool made."""
    wrong = []
    for name, pin in locks["test"].items():
        if name in locks["build"] or (pin.marker is not None and not pin.marker.evaluate()):
            continue
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: not installed, locked {pin.version}")
            continue
        if installed != pin.version:
            wrong.append(f"{name}: installed {installed}, locked {pin.version}")
    assert not wrong, "run bash bootstrap.sh test (it reinstalls from the lock): " + "; ".join(
        wrong
    )


def test_the_parser_refuses_loose_pins() -> None:
    good = "lxml==6.1.3 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via kvmdesk\n"
    assert parse_lock(good)[canonicalize_name("lxml")].version == Version("6.1.3")
    marked = "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:" + "b" * 64 + "\n"
    assert (
        str(parse_lock(marked)[canonicalize_name("colorama")].marker) == 'sys_platform == "win32"'
    )
    for bad in ("lxml>=6\n", "lxml==6.1.3\n", "lxml==6.1.3 --hash=md5:00\n", good + good):
        with pytest.raises(AssertionError):
            parse_lock(bad)


def test_lock_paths_are_relative_to_the_repository() -> None:
    """No temporary or absolute path from the machine that ran packaging/lock."""
    for lock in LOCKS:
        text = (ROOT / "requirements" / f"{lock}.lock").read_text(encoding="utf-8")
        assert "/tmp" not in text and str(Path.home()) not in text, lock
        assert "--index-url" not in text and "--find-links" not in text, lock
