"""Garbage cycles holding Qt objects are collected on the GUI thread, never by a worker."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kvmdesk.ui.common.collector import GuiThreadCollector


class _Cycle:
    """A Python object in a reference cycle that owns a Qt object with a running timer."""

    def __init__(self) -> None:
        self.me = self
        self.qobject = QObject()
        self.timer = QTimer(self.qobject)
        self.timer.start(10_000)


def _allocate_garbage_cycles(count: int) -> None:
    for _ in range(count):
        cycle: list[Any] = []
        cycle.append(cycle)


def test_a_worker_thread_allocating_never_collects_the_gui_threads_cycles(qapp: Any) -> None:
    collector = GuiThreadCollector()
    try:
        freed_in: list[int] = []
        cycle = _Cycle()
        weakref.finalize(cycle, lambda: freed_in.append(threading.get_ident()))
        del cycle
        # Far past generation 0's threshold: Python's own collector would run in the worker.
        worker = threading.Thread(target=_allocate_garbage_cycles, args=(50_000,))
        worker.start()
        worker.join()
        assert freed_in == []
        assert gc.get_count()[0] > gc.get_threshold()[0]
        assert collector.check() > 0
        assert freed_in == [threading.get_ident()]
    finally:
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled() is False  # the tier's own collector (conftest) still runs


def test_the_timer_collects_while_the_loop_runs(qtbot: Any) -> None:
    collector = GuiThreadCollector(interval_ms=20)
    try:
        freed: list[bool] = []
        cycle = _Cycle()
        weakref.finalize(cycle, lambda: freed.append(True))
        del cycle
        _allocate_garbage_cycles(gc.get_threshold()[0] * 2)
        qtbot.waitUntil(lambda: freed == [True], timeout=5_000)
    finally:
        collector.stop()
        collector.deleteLater()
