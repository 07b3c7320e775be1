"""Python's cyclic garbage collector, run on the GUI thread only.

Python collects garbage cycles in whichever thread happens to allocate when a
generation's threshold is crossed. In kvmdesk that is often a libvirt worker thread
building snapshots, and a cycle it collects may hold Qt objects of the GUI thread: a
closed window, a dialog, a timer. Qt must not destroy those from another thread
("QObject::~QObject: Timers cannot be stopped from another thread"), and doing so can
crash the process inside Qt's event processing.

:class:`GuiThreadCollector` turns automatic collection off and, from a timer on the GUI
thread, collects the generations whose thresholds were crossed, the way Python's own
collector decides. Reference counting, which frees almost everything, is unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects garbage cycles on the thread that owns it (make it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.destroyed.connect(lambda _obj=None, enable=self._was_enabled: _restore(enable))

    def check(self) -> int:
        """Collect what Python's collector would have by now; the objects it found."""
        counts = gc.get_count()
        found = 0
        if counts[0] > self._thresholds[0]:
            generation = 0
            if counts[1] > self._thresholds[1]:
                generation = 2 if counts[2] > self._thresholds[2] else 1
            found = gc.collect(generation)
        return found

    def stop(self) -> None:
        """Back to Python's own collector (the app is ending)."""
        self._timer.stop()
        _restore(self._was_enabled)


def _restore(enable: bool) -> None:
    if enable:
        gc.enable()
