"""A tiny synchronous observer, so core objects can notify models without Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Signal(Generic[P]):
    """Calls every connected slot in connection order, on the emitting thread.

    Core objects emit only on their asyncio loop's thread; under qasync that is
    the Qt GUI thread, so slots may touch Qt models directly.
    """

    def __init__(self) -> None:
        self._slots: list[Callable[P, object]] = []

    def connect(self, slot: Callable[P, object]) -> None:
        self._slots.append(slot)

    def disconnect(self, slot: Callable[P, object]) -> None:
        self._slots.remove(slot)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for slot in list(self._slots):
            slot(*args, **kwargs)
