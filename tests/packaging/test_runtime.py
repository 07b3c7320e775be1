"""The AppImage runtime (packaging/runtime): its build and its own checks, run from pytest.

``packaging/runtime/test`` builds the runtime and a test AppImage and prints one TAP line per
check (layout, options, extraction, the FUSE path, signals, bad images); a failing check shows
up here with the script's output. A missing tool fails in CI and skips elsewhere.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.ci import in_ci
from tests.helpers.paths import ROOT

RUNTIME = ROOT / "packaging" / "runtime"
MISSING_TOOL = 3  # the test script's exit status when a tool is not installed


def _run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=900, env=env, check=False
    )


def test_runtime_checks_pass() -> None:
    result = _run(["bash", str(RUNTIME / "test")])
    output = result.stdout + result.stderr
    if result.returncode == MISSING_TOOL and not in_ci():
        pytest.skip(output.strip())
    failed = [line for line in result.stdout.splitlines() if line.startswith("not ok")]
    assert result.returncode == 0, f"failed checks: {failed}\n\n{output}"
    assert "# all " in result.stdout


def test_a_missing_compiler_is_one_line_naming_the_debian_package(tmp_path: Path) -> None:
    # A PATH with just what the script needs before it looks for gcc.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dirname").symlink_to("/usr/bin/dirname")
    env = {**os.environ, "PATH": str(bin_dir), "OUT": str(tmp_path / "runtime")}
    result = _run(["/bin/bash", str(RUNTIME / "build")], env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "packaging/runtime/build: missing gcc: apt-get install gcc\n"
    assert not (tmp_path / "runtime").exists()
