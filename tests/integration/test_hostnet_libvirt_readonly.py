"""libvirt's udev interface backend (Debian's libvirtd) is read-only, and kvmdesk says so.

Against a real, isolated libvirtd with a veth pair in its namespace: the backend lists
the interfaces, finds that ``virInterfaceChangeBegin`` is unsupported, refuses to apply
with the reason (CLI exit 1), and still checks and previews changes (``--dry-run``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest

from kvmdesk.cli import main
from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import safe_apply
from kvmdesk.core.hostnet.libvirt_backend import UDEV_READ_ONLY, LibvirtInterfaceBackend
from kvmdesk.core.hostnet.model import BondMode, BondSpec, CreateBond
from kvmdesk.core.hostnet.select import choose_backend
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

PORTS = ("kvt0", "kvt1")


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coroutine, 90))


@pytest.fixture(scope="module")
def veth_host(isolated_libvirtd: IsolatedLibvirtd) -> Iterator[IsolatedLibvirtd]:
    """The isolated daemon's namespace with a veth pair ``kvt0``/``kvt1``."""
    isolated_libvirtd.run(["ip", "link", "add", PORTS[0], "type", "veth", "peer", "name", PORTS[1]])
    try:
        yield isolated_libvirtd
    finally:
        isolated_libvirtd.run(["ip", "link", "del", PORTS[0]], check=False)


def interface_names(daemon: IsolatedLibvirtd) -> list[str]:
    conn = daemon.open()
    try:
        return sorted(i.name() for i in conn.listAllInterfaces(0))
    finally:
        conn.close()


def test_udev_backend_is_detected_as_read_only(veth_host: IsolatedLibvirtd) -> None:
    async def scenario() -> None:
        session = Session(veth_host.uri, reconnect=False)
        await session.connect()
        assert session.state is ConnectionState.CONNECTED, session.message
        try:
            backend = await LibvirtInterfaceBackend.open(session)
            assert backend.read_only_reason == UDEV_READ_ONLY
            assert (await choose_backend(session)).kind == "libvirt"  # no NetworkManager here
            rows = {row.name: row for row in await backend.list_interfaces()}
            assert {"lo", *PORTS} <= set(rows)
            assert rows["kvt0"].kind == "ethernet" and rows["kvt0"].mac
            change = CreateBond(BondSpec("kvmdt-b9", BondMode.ACTIVE_BACKUP, PORTS))
            preview = await backend.preview(change)  # checking and previewing still work
            assert '<interface type="bond" name="kvmdt-b9">' in preview.document
            with pytest.raises(BadInput, match="read-only"):
                await backend.begin(change, rollback_timeout_s=30)
            with pytest.raises(BadInput, match="read-only"):
                await safe_apply.apply(backend, change, confirm=safe_apply.confirm_immediately)
        finally:
            await session.close()

    run(scenario())


def test_cli_previews_but_refuses_to_apply(
    veth_host: IsolatedLibvirtd, capsys: pytest.CaptureFixture[str]
) -> None:
    before = interface_names(veth_host)
    uri = veth_host.uri
    assert main(["-c", uri, "iface", "list"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("NAME") and "kvt0" in out
    assert err == f"read-only: {UDEV_READ_ONLY}\n"

    bond = ["-c", uri, "bond", "create", "kvmdt-b9", "--mode", "lacp"]
    bond += ["--port", PORTS[0], "--port", PORTS[1]]
    assert main([*bond, "--dry-run", "--print-xml"]) == 0
    assert capsys.readouterr().out.startswith('<interface type="bond" name="kvmdt-b9">')
    assert main(bond) == 1
    assert capsys.readouterr().err == f"kvmdesk-cli: {UDEV_READ_ONLY}\n"
    assert main(["-c", uri, "bridge", "create", "kvmdt-br9", "--port", "lo"]) == 2
    assert capsys.readouterr().err == (
        "kvmdesk-cli: lo is the loopback interface; it cannot be a port\n"
    )
    assert interface_names(veth_host) == before
