"""The ssh command of a console tunnel, built from the connection URI like libvirt's."""

from __future__ import annotations

import pytest

from kvmdesk.core.console.tunnel import (
    SshTunnel,
    forward_target,
    live_tunnels,
    ssh_command,
    uri_options,
)
from kvmdesk.core.util.uri import LibvirtUri


def _option(command: list[str], name: str) -> list[str]:
    return [
        command[i + 1]
        for i, word in enumerate(command[:-1])
        if word == "-o" and command[i + 1].startswith(name + "=")
    ]


def test_reuses_user_host_port_and_keyfile_without_prompt_or_shell() -> None:
    uri = LibvirtUri.parse("qemu+ssh://admin@203.0.113.7:2222/system?keyfile=/keys/id_ed25519")
    command = ssh_command(uri, "127.0.0.1:5901")
    assert command[0] == "ssh"
    assert command[-2:] == ["--", "203.0.113.7"]  # no remote command: no shell on the host
    assert command[command.index("-W") + 1] == "127.0.0.1:5901"
    assert command[command.index("-p") + 1] == "2222"
    assert command[command.index("-l") + 1] == "admin"
    assert command[command.index("-i") + 1] == "/keys/id_ed25519"
    assert _option(command, "BatchMode") == ["BatchMode=yes"]
    assert _option(command, "StrictHostKeyChecking") == []  # verified as libvirt does


def test_no_verify_skips_the_host_key_check_and_writes_nothing() -> None:
    uri = LibvirtUri.parse("qemu+ssh://root@203.0.113.7/system?no_verify=1")
    command = ssh_command(uri, "/run/vnc.sock")
    assert _option(command, "StrictHostKeyChecking") == ["StrictHostKeyChecking=no"]
    assert _option(command, "UserKnownHostsFile") == ["UserKnownHostsFile=/dev/null"]
    assert "-p" not in command
    assert command[command.index("-W") + 1] == "/run/vnc.sock"
    known = LibvirtUri.parse("qemu+ssh://h/system?no_verify=1&known_hosts=/tmp/kh")
    assert _option(ssh_command(known, "x:1"), "UserKnownHostsFile") == [
        "UserKnownHostsFile=/tmp/kh"
    ]


def test_options_and_targets() -> None:
    uri = LibvirtUri.parse("qemu+ssh://h/system?keyfile=/a%20b&no_verify=0&socket=/s")
    assert uri_options(uri) == {"keyfile": "/a b", "no_verify": "0", "socket": "/s"}
    assert _option(ssh_command(uri, "x:1"), "StrictHostKeyChecking") == []
    assert forward_target("127.0.0.1", 5900) == "127.0.0.1:5900"
    assert forward_target("::1", 5900) == "[::1]:5900"
    assert forward_target(socket_path="/run/vnc") == "/run/vnc"
    with pytest.raises(ValueError):
        forward_target("127.0.0.1")


def test_the_last_words_of_an_exited_process_are_kept() -> None:
    """The message is complete once the process has exited, however late its reader runs."""
    script = "echo 'channel 0: open failed: connect failed: Connection refused' >&2"
    for _ in range(20):
        tunnel = SshTunnel(["sh", "-c", script])
        try:
            tunnel.process.wait(10)
            assert "Connection refused" in tunnel.message()
        finally:
            tunnel.close()
        assert tunnel not in live_tunnels()
