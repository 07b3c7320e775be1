"""A host-interface transaction whose NetworkManager dies in the middle (SIGKILL, restart).

The safe apply of :mod:`kvmdesk.core.hostnet.safe_apply` runs against a real
NetworkManager in private namespaces; while the change waits for the user's
confirmation, NetworkManager is killed and started again (its checkpoint, kept in
memory, is lost; the profiles it saved stay). Whatever the user then answers, the
host ends in the state before the change or in the confirmed one, and the result
says which, never claiming a rollback that did not happen.
"""

from __future__ import annotations

import asyncio
from ipaddress import IPv4Interface

import pytest

from kvmdesk.core.hostnet import safe_apply
from kvmdesk.core.hostnet.model import (
    BridgeSpec,
    CreateBridge,
    DeleteInterface,
    IpConfig,
    find_interface,
)
from kvmdesk.core.hostnet.nm_backend import NetworkManagerBackend
from kvmdesk.core.hostnet.types import PendingChange
from tests.helpers.integration.nm_harness import IsolatedNetworkManager

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

BRIDGE = CreateBridge(
    BridgeSpec(
        "br1",
        ("veth1",),
        ip=IpConfig(ipv4="static", addresses=(IPv4Interface("198.51.100.11/24"),)),
    )
)


async def _host_before(backend: NetworkManagerBackend) -> None:
    """A host with history: br2 kept, br0 made and deleted again. After a restart NM
    numbers the profiles from 1 again, so the paths of everything shift."""
    for change in (
        CreateBridge(BridgeSpec("br0", ("veth0",))),
        CreateBridge(BridgeSpec("br2", ("veth2",))),
        DeleteInterface("br0"),
    ):
        pending = await backend.begin(change, rollback_timeout_s=30)
        await backend.commit(pending)


async def _profiles(backend: NetworkManagerBackend) -> list[tuple[str, str, str]]:
    return sorted((c.uuid, c.id, c.interface_name) for c in await backend.client.connections())


async def _bridge_up(backend: NetworkManagerBackend) -> bool:
    bridge = find_interface(await backend.list_interfaces(), "br1")
    return bridge is not None and bridge.active


@pytest.mark.parametrize("answer", [False, True], ids=["user-says-no", "user-confirms"])
def test_networkmanager_killed_while_a_bridge_waits_for_confirmation(
    isolated_nm: IsolatedNetworkManager, answer: bool
) -> None:
    async def body() -> None:
        backend = await NetworkManagerBackend.open(isolated_nm.bus_address)
        try:
            await _host_before(backend)
            before = await _profiles(backend)
            assert [p[1] for p in before] == ["br2", "br2-port-veth2"] or len(before) == 2
            applied: list[PendingChange] = []

            async def confirm() -> bool:
                assert await _bridge_up(backend)
                await asyncio.to_thread(isolated_nm.kill_networkmanager)
                # A loaded machine has taken more than 30 s to bring it back up.
                await asyncio.to_thread(isolated_nm.start_networkmanager, 120.0)
                return answer

            result = await safe_apply.apply(
                backend, BRIDGE, timeout_s=180, confirm=confirm, on_applied=applied.append
            )
            assert applied
            # The state before the change: the same profiles (same UUIDs), br1 gone; the
            # message says why, never that a timeout undid what a restart lost.
            assert result.outcome.rolled_back, result.message
            assert await _profiles(backend) == before
            assert "br1" not in isolated_nm.link_names()
            assert result.message.endswith("the change was rolled back"), result.message
            if answer:
                assert result.message.startswith(
                    "committing failed (NetworkManager restarted while the change waited"
                ), result.message
            assert await backend.client.checkpoints() == []
        finally:
            backend.close()

    asyncio.run(asyncio.wait_for(body(), 240))
