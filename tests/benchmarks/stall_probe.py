"""Runs the real app on one connection and measures how long the GUI thread ever stalls.

``python -m tests.benchmarks.stall_probe URI [--select NAME] [--interact]``: a 5 ms
heartbeat timer on the GUI thread records the longest gap between its ticks while the
connection loads (and, with ``--select``, while that domain is selected and its details
pane filled); with ``--interact``, the GUI thread's CPU time of what a user does with a
big list: sort by a column and back, select all, type a filter and clear it (each up to
its repaint). Prints one JSON line with the stalls, the load time and the memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.util.uri_programs import UriChannel

HEARTBEAT_MS = 5


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer: how long the GUI thread was busy."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        # CPU the GUI thread itself used between two ticks: the stall its own work
        # causes, whatever else runs on the machine (wall gaps include being descheduled).
        self.cpu_gaps: list[float] = []
        self._last = time.monotonic()
        self._last_cpu = time.thread_time()

    def start(self) -> None:
        self.gaps.clear()
        self.cpu_gaps.clear()
        self._last = time.monotonic()
        self._last_cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.monotonic(), time.thread_time()
        self.gaps.append(now - self._last)
        self.cpu_gaps.append(cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu

    def report(self) -> dict[str, float]:
        gaps = sorted(self.gaps) or [0.0]
        cpu = sorted(self.cpu_gaps) or [0.0]
        stall = max(0.0, gaps[-1] * 1000 - HEARTBEAT_MS)
        p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))] * 1000
        return {
            "max_stall_ms": round(stall, 1),
            "p99_gap_ms": round(p99, 1),
            "max_gui_cpu_between_ticks_ms": round(cpu[-1] * 1000, 1),
            "ticks": len(gaps),
        }


def _memory_mib() -> dict[str, float]:
    status = Path("/proc/self/status").read_text().splitlines()
    values = {
        line.split(":")[0]: int(line.split()[1]) / 1024 for line in status if line.startswith("Vm")
    }
    return {"rss_mib": round(values["VmRSS"], 1), "peak_rss_mib": round(values["VmHWM"], 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("uri")
    parser.add_argument("--select", default="")
    parser.add_argument("--interact", action="store_true")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    inventory = Inventory(persist=False)
    session = inventory.add(args.uri, remember=False, channel=UriChannel.COMMAND_LINE)
    application = build(inventory)
    application.controller.stats_timer.stop()
    application.window.resize(1280, 800)
    application.window.show()
    heartbeat = Heartbeat()
    result: dict[str, object] = {}

    async def measure() -> None:
        try:
            await run_cases()
        except Exception as error:  # the report says what went wrong; the app still ends
            result["error"] = repr(error)
        finally:
            await inventory.close()
            app.quit()

    async def run_cases() -> None:
        await asyncio.sleep(0.2)  # the window is up
        heartbeat.start()
        started = time.monotonic()
        application.connect_all(loop)
        await inventory.wait_settled()
        if session.error is not None:
            raise session.error
        await application.controller.wait_idle()
        application.window.repaint()
        result["loaded_s"] = round(time.monotonic() - started, 3)
        result["rows"] = application.hub.domains.rowCount()
        result["loading"] = heartbeat.report()
        if args.select:
            domain = session.lifecycle.find(args.select)
            heartbeat.start()
            started = time.monotonic()
            application.window.select_keys([domain.key])
            await asyncio.sleep(1.0)
            await application.controller.wait_idle()
            result["select_s"] = round(time.monotonic() - started, 3)
            result["selecting"] = heartbeat.report()
            result["xml_bytes"] = len(await session.lifecycle.xml(domain.uuid))
        if args.interact:
            # From a plain timer callback, not from this task: each interaction runs the
            # event loop until its repaint, and tasks must not start inside another task.
            done = loop.create_future()

            def interact() -> None:
                try:
                    result["interactions_gui_cpu_ms"] = interactions()
                except Exception as error:  # reported by measure(), like any other
                    done.set_exception(error)
                else:
                    done.set_result(None)

            QTimer.singleShot(0, interact)
            await done
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
        result.update(_memory_mib())

    def interactions() -> dict[str, float]:
        window = application.window
        view = window.domain_view

        def timed(action: Callable[[], object]) -> float:
            started = time.thread_time()
            action()
            app.processEvents()
            window.repaint()
            return round((time.thread_time() - started) * 1000, 1)

        return {
            "sort_by_state": timed(lambda: view.sortByColumn(1, Qt.SortOrder.AscendingOrder)),
            "sort_by_name": timed(lambda: view.sortByColumn(0, Qt.SortOrder.AscendingOrder)),
            "select_all": timed(view.selectAll),
            "clear_selection": timed(view.clearSelection),
            "filter": timed(lambda: window.filter_edit.setText("bench-1")),
            "clear_filter": timed(window.filter_edit.clear),
        }

    QTimer.singleShot(0, lambda: asyncio.ensure_future(measure()))
    with loop:
        loop.run_forever()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
