"""A started test server and client pair per test, both ended afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kvmdesk.core.console.rfb.client import RfbClient
from kvmdesk.core.console.rfb.process import ProcessRfbClient
from tests.helpers.rfb_server import (
    Connect,
    Image,
    RecordingListener,
    RfbTestServer,
    ServerOptions,
    serve_pair,
)


@pytest.fixture
def connect() -> Iterator[Connect]:
    made: list[tuple[RfbTestServer, RfbClient | ProcessRfbClient]] = []

    def _connect(
        image: Image, options: ServerOptions | None = None, **kwargs: Any
    ) -> tuple[RfbTestServer, RfbClient, RecordingListener]:
        server, client_end = serve_pair(image, options)
        listener = RecordingListener()
        kind = ProcessRfbClient if kwargs.pop("process", False) else RfbClient
        client = kind(client_end, listener, **kwargs)
        made.append((server, client))
        client.start()
        return server, client, listener

    yield _connect
    for server, client in made:
        client.close()
        assert client.wait_closed(5)
        server.stop()
