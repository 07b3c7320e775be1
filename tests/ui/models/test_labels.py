"""Connection titles: who and where, so rows for different hosts never read the same."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.states import ConnectionState
from kvmdesk.models.labels import connection_stop_label, connection_title


@pytest.mark.parametrize(
    ("uri", "title"),
    [
        ("qemu:///system", "QEMU/KVM (system)"),
        ("qemu:///session", "QEMU/KVM (user session)"),
        ("qemu+unix:///system", "QEMU/KVM (system)"),
        ("qemu+ssh://root@alpha.example/system", "root@alpha.example — QEMU/KVM (system)"),
        ("qemu+ssh://ops@beta.example:2222/system", "ops@beta.example:2222 — QEMU/KVM (system)"),
        ("qemu+tls://gamma.example/system", "gamma.example — QEMU/KVM (system)"),
        ("qemu+ssh://root@[2001:db8::1]/session", "root@[2001:db8::1] — QEMU/KVM (user session)"),
        ("qemu+ssh://root@localhost/system", "root@localhost — QEMU/KVM (system)"),
        ("lxc:///", "LXC"),
        ("test:///default", "Test driver (default)"),
        ("test:///srv/inventories/lab.xml", "Test driver (lab.xml)"),
        ("not a uri", "not a uri"),
    ],
)
def test_connection_title(uri: str, title: str) -> None:
    assert connection_title(uri) == title
    assert connection_title(uri, uri) == title  # a session's label defaults to its URI


def test_an_own_label_wins() -> None:
    assert connection_title("test:///default", "Demo") == "Demo"


def test_two_remote_hosts_read_differently() -> None:
    first = connection_title("qemu+ssh://root@alpha.example/system")
    second = connection_title("qemu+ssh://root@beta.example/system")
    assert first != second and first.startswith("root@alpha")


def test_stop_label_follows_the_state() -> None:
    assert connection_stop_label(ConnectionState.CONNECTING) == "Cancel connecting"
    assert connection_stop_label(ConnectionState.RECONNECTING) == "Stop reconnecting"
    assert connection_stop_label(ConnectionState.CONNECTED) == "Disconnect"
