"""Listing benchmark: kvmdesk against the raw libvirt-python floor, N = 100 / 1,000 / 5,000.

Prints one JSON object per N (and a summary); targets are reported, never
asserted on time, so a noisy machine cannot make this flaky.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.inventory import write_inventory

pytestmark = pytest.mark.benchmark

SIZES = (100, 1000, 5000)
IDLE_SECONDS = float(os.environ.get("KVMDESK_BENCH_IDLE_SECONDS", "30"))
REPO = Path(__file__).resolve().parents[2]

FLOOR_SCRIPT = """
import sys, time, libvirt
start = time.monotonic()
conn = libvirt.open(sys.argv[1])
rows = [(d.XMLDesc(0), d.info()) for d in conn.listAllDomains(0)]
print(len(rows), time.monotonic() - start)
"""


def _clock_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _floor(uri: str) -> tuple[float, int]:
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", FLOOR_SCRIPT, uri], check=True, capture_output=True, text=True
    ).stdout
    return time.monotonic() - start, int(out.split()[0])


def _kvmdesk(uri: str, count: int) -> dict[str, float]:
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
        time.sleep(IDLE_SECONDS)
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
    results = []
    for count in SIZES:
        uri = f"test://{write_inventory(tmp_path / f'inventory-{count}.xml', count)}"
        floor, listed = _floor(uri)
        assert listed == count
        measured = _kvmdesk(uri, count)
        result = {
            "domains": count,
            "floor_process_s": round(floor, 3),
            "time_to_listed_s": round(measured["time_to_listed_s"], 3),
            "ratio_to_floor": round(measured["time_to_listed_s"] / floor, 2),
            f"idle_cpu_s_per_{IDLE_SECONDS:g}s": round(measured["idle_cpu_s"], 3),
            "peak_rss_mib": round(measured["peak_rss_mib"], 1),
        }
        if count == 5000:
            result["targets_met"] = {
                "time_to_listed_le_1.5x_floor": result["ratio_to_floor"] <= 1.5,
                "idle_cpu_le_0.5s": measured["idle_cpu_s"] * 30 / IDLE_SECONDS <= 0.5,
                "peak_rss_le_300mib": measured["peak_rss_mib"] <= 300,
            }
        print(json.dumps(result), flush=True)
        results.append(result)
    print(json.dumps({"benchmark": "listing", "results": results}), flush=True)
