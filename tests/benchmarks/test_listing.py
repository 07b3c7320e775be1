"""Listing benchmark: kvmdesk against two floors, N = 100 / 1,000 / 5,000.

* the plain floor: a ``python -c`` process that lists every domain with its XML and
  info through libvirt-python, the least any client can do;
* the Qt floor: a few lines of PySide6 that do the same, put the rows into a
  ``QTableWidget`` and paint it once, the least any Qt client can do.

Each is timed from starting the process to its report line, in alternating rounds
(the median is reported: the machine is shared and noisy). Prints one JSON object
per N (and a summary); targets are reported, never asserted on time, so a noisy
machine cannot make this flaky.
"""

from __future__ import annotations

import compileall
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.inventory import write_inventory

pytestmark = pytest.mark.benchmark

SIZES = (100, 1000, 5000)
ROUNDS = int(os.environ.get("KVMDESK_BENCH_ROUNDS", "3"))
IDLE_SECONDS = float(os.environ.get("KVMDESK_BENCH_IDLE_SECONDS", "30"))
REPO = Path(__file__).resolve().parents[2]

FLOOR_SCRIPT = """
import sys, time, libvirt
start = time.monotonic()
conn = libvirt.open(sys.argv[1])
rows = [(d.XMLDesc(0), d.info()) for d in conn.listAllDomains(0)]
print(len(rows), time.monotonic() - start)
"""

QT_FLOOR_SCRIPT = """
import sys, libvirt
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
conn = libvirt.open(sys.argv[1])
rows = []
for domain in conn.listAllDomains(0):
    domain.XMLDesc(0)
    state, _maximum, memory, vcpus, _cpu = domain.info()
    rows.append((domain.name(), str(state), str(vcpus), str(memory // 1024)))
table = QTableWidget(len(rows), 4)
for row, values in enumerate(rows):
    for column, text in enumerate(values):
        table.setItem(row, column, QTableWidgetItem(text))
table.resize(1024, 768)
table.show()
table.repaint()
print(len(rows), flush=True)
"""


def _clock_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _floor(uri: str, script: str) -> tuple[float, int]:
    """Seconds from starting the floor process to its report line, and the rows it listed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", script, uri], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.monotonic() - start
    process.stdout.close()
    assert process.wait(timeout=60) == 0, line
    return elapsed, int(line.split()[0])


def _kvmdesk(uri: str, count: int, idle: bool) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "kvmdesk", "--connect", uri, "--report-loaded"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        report = json.loads(process.stdout.readline())
        listed = time.monotonic() - start
        assert report["rows"] == count, report
        ticks = _clock_ticks(process.pid)
        time.sleep(IDLE_SECONDS if idle else 0)
        idle_cpu = (_clock_ticks(process.pid) - ticks) / os.sysconf("SC_CLK_TCK")
        peak = _peak_rss_mib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
    return {"time_to_listed_s": listed, "idle_cpu_s": idle_cpu, "peak_rss_mib": peak}


def test_listing_benchmark(tmp_path: Path) -> None:
    # Start-up as installed: pip and the AppImage ship bytecode; an editable install
    # under PYTHONDONTWRITEBYTECODE would compile every module on every start.
    assert compileall.compile_dir(REPO / "kvmdesk", quiet=1, workers=0)
    results = []
    for count in SIZES:
        uri = f"test://{write_inventory(tmp_path / f'inventory-{count}.xml', count)}"
        floors, qt_floors, listed_times = [], [], []
        measured: dict[str, float] = {}
        for round_number in range(ROUNDS):  # alternating, so drift hits all three alike
            floor, listed = _floor(uri, FLOOR_SCRIPT)
            assert listed == count
            qt_floor, listed = _floor(uri, QT_FLOOR_SCRIPT)
            assert listed == count
            run = _kvmdesk(uri, count, idle=round_number == ROUNDS - 1)
            floors.append(floor)
            qt_floors.append(qt_floor)
            listed_times.append(run["time_to_listed_s"])
            measured = run
        floor = statistics.median(floors)
        qt_floor = statistics.median(qt_floors)
        listed_s = statistics.median(listed_times)
        result = {
            "domains": count,
            "rounds": ROUNDS,
            "floor_process_s": round(floor, 3),
            "qt_floor_s": round(qt_floor, 3),
            "time_to_listed_s": round(listed_s, 3),
            "time_to_listed_all_s": [round(t, 3) for t in listed_times],
            "ratio_to_floor": round(listed_s / floor, 2),
            "ratio_to_qt_floor": round(listed_s / qt_floor, 2),
            f"idle_cpu_s_per_{IDLE_SECONDS:g}s": round(measured["idle_cpu_s"], 3),
            "peak_rss_mib": round(measured["peak_rss_mib"], 1),
        }
        qt_target = 1.5 if count == 100 else 1.2
        targets = {f"time_to_listed_le_{qt_target}x_qt_floor": listed_s <= qt_target * qt_floor}
        if count == 5000:
            targets |= {
                "time_to_listed_le_1.3x_floor": result["ratio_to_floor"] <= 1.3,
                "idle_cpu_le_0.5s": measured["idle_cpu_s"] * 30 / IDLE_SECONDS <= 0.5,
                "peak_rss_le_300mib": measured["peak_rss_mib"] <= 300,
            }
        result["targets_met"] = targets
        print(json.dumps(result), flush=True)
        results.append(result)
    print(json.dumps({"benchmark": "listing", "results": results}), flush=True)
