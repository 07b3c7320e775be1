"""``test:///default`` for tests that need two connections to see each other's changes.

The test driver's default URI holds one state per process, shared by every connection to
it (the CLI runs in-process with its own connection). Tests define uniquely named domains
and a fixture built on :func:`on_shared_default` removes them again.
"""

from __future__ import annotations

import contextlib
import uuid as uuidlib
from collections.abc import Callable, Generator
from typing import Protocol, TypeVar

import libvirt

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from tests.helpers.inventory import PAUSED, RUNNING, SHUTOFF, Dom, domain_xml

SHARED_URI = "test:///default"


class SharedDefault:
    """``test:///default`` holds one state per process, shared by every connection to it.

    Tests that need two connections to see each other's changes (the CLI runs
    in-process with its own connection) use it through this: each test defines
    uniquely named domains and the fixture removes them again.
    """

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        self.names: list[str] = []

    def define(self, runstate: int = SHUTOFF, *, prefix: str = "kvmdesk-test") -> Dom:
        dom = Dom(f"{prefix}-{uuidlib.uuid4().hex[:10]}", runstate)
        self.names.append(dom.name)
        domain = self.conn.defineXML(domain_xml(dom))
        if runstate in (RUNNING, PAUSED):
            domain.create()
        if runstate == PAUSED:
            domain.suspend()
        return dom

    def state(self, name: str) -> int:
        return int(self.conn.lookupByName(name).state()[0])

    def exists(self, name: str) -> bool:
        return name in {d.name() for d in self.conn.listAllDomains(0)}

    def remove_all(self) -> None:
        for name in self.names:
            with contextlib.suppress(libvirt.libvirtError):
                domain = self.conn.lookupByName(name)
                if domain.isActive():
                    domain.destroy()
                if domain.isPersistent():
                    domain.undefine()


class RemovesAll(Protocol):
    def remove_all(self) -> None: ...


R = TypeVar("R", bound=RemovesAll)


def on_shared_default(make: Callable[[libvirt.virConnect], R]) -> Generator[R, None, None]:
    """The body of a fixture (``yield from``): ``make(conn)`` on a connection to
    ``test:///default``; afterwards its ``remove_all()``, then the connection closes."""
    ensure_event_loop()  # also keeps libvirt from printing errors the tests expect
    conn = libvirt.open(SHARED_URI)
    try:
        made = make(conn)
        try:
            yield made
        finally:
            made.remove_all()
    finally:
        conn.close()
