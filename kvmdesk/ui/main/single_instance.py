"""The running app's side of single instance: listens, and opens what a new launch hands over.

See :mod:`kvmdesk.core.util.instance` for the protocol and the launching side. Each
connection sends one line; it is read without blocking the GUI thread, bounded, checked
(:meth:`Handover.decode`) and answered ``ok`` or ``error: …``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.instance import (
    MAX_MESSAGE_BYTES,
    OK,
    Handover,
    private_folder,
    remove_stale,
)


class InstanceServer(QObject):
    """Listens at ``path``; ``received`` is called on the GUI thread with each handover."""

    def __init__(
        self, path: Path, received: Callable[[Handover], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._received = received
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        """Start listening; False (the app runs on, alone) when the folder is not private."""
        try:
            private_folder(self.path)
        except OSError:
            return False
        if self._server.listen(str(self.path)):
            return True
        # Nobody answered the launching side's hand-over, so a socket there is stale.
        remove_stale(self.path)
        return self._server.listen(str(self.path))

    def close(self) -> None:
        self._server.close()
        with contextlib.suppress(OSError):
            remove_stale(self.path)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            self._buffers[client] = bytearray()
            client.readyRead.connect(lambda client=client: self._read(client))
            client.disconnected.connect(lambda client=client: self._forget(client))

    def _read(self, client: QLocalSocket) -> None:
        buffer = self._buffers.get(client)
        if buffer is None:
            return
        buffer += bytes(client.readAll().data())
        if b"\n" not in buffer and len(buffer) <= MAX_MESSAGE_BYTES:
            return
        line = bytes(buffer).partition(b"\n")[0]
        del self._buffers[client]
        try:
            handover = Handover.decode(line)
        except BadInput as error:
            client.write(f"error: {error}\n".encode())
        else:
            self._received(handover)
            client.write(OK)
        client.flush()
        client.disconnectFromServer()

    def _forget(self, client: QLocalSocket) -> None:
        self._buffers.pop(client, None)
        client.deleteLater()
