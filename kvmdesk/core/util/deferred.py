"""Code that start-up does not need, imported when it is first used.

kvmdesk's start-up imports only what the first painted window needs (BENCHMARKS.md,
"Start-up"). Secondary windows, dialogs and capabilities such as VM creation or the
console are named here by module and attribute, and imported on first use:

    if TYPE_CHECKING:
        from kvmdesk.ui.console.window import ConsoleWindow

    _CONSOLE_WINDOW: Deferred[type[ConsoleWindow]] = Deferred(
        "kvmdesk.ui.console.window", "ConsoleWindow"
    )
    ...
    window = _CONSOLE_WINDOW.get()(parent)

The import contracts still see every such dependency, because the user names the
same module under ``TYPE_CHECKING`` (import-linter counts those imports);
``tests/unit/test_architecture.py`` checks that each ``Deferred`` has that import and
that its name resolves, and ``tests/ui/test_startup_imports.py`` that start-up leaves
them unimported.

:class:`Capability` is the same for an object's sub-service: a class attribute that
builds ``Class(owner, *extra(owner))`` on first access and keeps it on the owner.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Deferred(Generic[T]):
    """``module.name``, imported the first time :meth:`get` is called."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._value: Any = None
        self._loaded = False

    def get(self) -> T:
        if not self._loaded:
            self._value = getattr(importlib.import_module(self.module), self.name)
            self._loaded = True
        value: T = self._value
        return value

    def __repr__(self) -> str:
        return f"Deferred({self.module}.{self.name})"


def _owner_only(_owner: Any) -> tuple[Any, ...]:
    return ()


class Capability(Generic[T]):
    """A sub-service built on first access: ``Class(owner, *extra(owner))``, kept on the owner.

    ``built(owner)`` is the instance if it exists and None otherwise, for owners that
    tell their services about events: a service never built has nothing to be told.
    """

    def __init__(
        self,
        module: str,
        name: str,
        extra: Callable[[Any], tuple[Any, ...]] = _owner_only,
    ) -> None:
        self._class: Deferred[Callable[..., T]] = Deferred(module, name)
        self._extra = extra
        self._attribute = name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    @overload
    def __get__(self, owner: None, owner_type: type | None = None) -> Capability[T]: ...

    @overload
    def __get__(self, owner: object, owner_type: type | None = None) -> T: ...

    def __get__(self, owner: object | None, owner_type: type | None = None) -> Any:
        if owner is None:
            return self
        state = vars(owner)
        if self._attribute not in state:
            state[self._attribute] = self._class.get()(owner, *self._extra(owner))
        return state[self._attribute]

    def built(self, owner: object) -> T | None:
        value: T | None = vars(owner).get(self._attribute)
        return value

    @property
    def deferred(self) -> Deferred[Callable[..., T]]:
        return self._class
