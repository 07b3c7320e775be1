"""Start-up with many saved connections: the cost per connection must not grow with N.

A config of N saved connections (the loader's cap is 100), each to a test-driver file
that does not exist, so every one connects and fails at once: the connection tree,
its filter combo, the event log and the notifications all see N state changes. Prints
JSON: CPU seconds of the app until it reports itself loaded, per N, and the marginal
cost per connection between the sizes. Reported, never asserted on time.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

SIZES = (25, 50, 100)
REPO = Path(__file__).resolve().parents[2]


def _cpu_to_loaded(config_home: Path, count: int) -> float:
    folder = config_home / "kvmdesk"
    folder.mkdir(parents=True, exist_ok=True)
    entries = [{"uri": f"test://{config_home}/missing-{i}.xml"} for i in range(count)]
    (folder / "connections.json").write_text(json.dumps({"connections": entries}))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config_home))
    result = subprocess.run(
        [sys.executable, "-m", "kvmdesk", "--report-loaded", "--screenshot", "/dev/null"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout.splitlines()[0])
    return float(report["cpu_s"])


def test_saved_connections_benchmark(tmp_path: Path) -> None:
    assert compileall.compile_dir(REPO / "kvmdesk", quiet=1, workers=0)
    cpu = {n: _cpu_to_loaded(tmp_path / f"config-{n}", n) for n in SIZES}
    first_step = (cpu[50] - cpu[25]) / 25
    second_step = (cpu[100] - cpu[50]) / 50
    result = {
        "benchmark": "saved_connections",
        "cpu_s_to_loaded": {str(n): round(c, 3) for n, c in cpu.items()},
        "ms_per_connection_25_to_50": round(first_step * 1000, 2),
        "ms_per_connection_50_to_100": round(second_step * 1000, 2),
        # Linear: the marginal cost does not grow with N (some slack for noise).
        "targets_met": {"linear": second_step <= 1.5 * max(first_step, 0.002)},
    }
    print(json.dumps(result), flush=True)
