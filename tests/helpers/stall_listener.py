"""A TCP listener on 127.0.0.1 that accepts connections and never says a word.

To an ssh client it is a host that answers SYN and then hangs before its banner:
the case that kept a ``qemu+ssh://`` row "Connecting…" for minutes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path


class StallListener:
    """Accepts on an ephemeral 127.0.0.1 port and holds every connection open, silent."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return  # closed
            self.accepted.append(client)

    def ssh_uri(self) -> str:
        """A ``qemu+ssh://`` URI whose ssh connects here and waits for a banner forever."""
        return f"qemu+ssh://nobody@127.0.0.1:{self.port}/system?no_verify=1"

    def close(self) -> None:
        self._server.close()
        for client in self.accepted:
            client.close()


@contextlib.contextmanager
def stall_listener() -> Iterator[StallListener]:
    listener = StallListener()
    try:
        yield listener
    finally:
        listener.close()


def children_of(pid: int) -> list[int]:
    """Child PIDs of process ``pid`` (every thread's), from /proc."""
    pids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            pids.extend(int(field) for field in (task / "children").read_text().split())
    return pids


def command_of(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def exists(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] != ["Z"]
