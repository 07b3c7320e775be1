"""The NetworkManager backend against a real NetworkManager (1.42) in private namespaces.

Every test gets a fresh daemon (``isolated_nm``: veth0..veth3 as ports, ~0.2 s to start) and
talks to it over D-Bus from outside the namespaces, as kvmdesk talks to a desktop's
NetworkManager. This kernel has no bonding module: bond *profiles* are accepted, validated
and stored by NetworkManager, but a bond cannot be brought up — which the backend must say
clearly, leaving nothing behind.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kvmdesk.core.hostnet.model import (
    ArpMonitor,
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    DeleteInterface,
    EditBond,
    IpConfig,
    MiiMonitor,
    find_interface,
)
from kvmdesk.core.hostnet.nm_backend import NetworkManagerBackend, nm_available
from kvmdesk.core.hostnet.nm_client import NetworkManagerClient
from kvmdesk.core.hostnet.nm_settings import (
    bond_profiles,
    spec_from_profiles,
    to_dbus,
)
from kvmdesk.core.hostnet.nm_types import DeviceState, NmConnection
from kvmdesk.core.hostnet.types import HostNetworkBackend
from kvmdesk.core.types.errors import BadInput, HostNetworkFailure
from tests.helpers.integration.nm_harness import IsolatedNetworkManager

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

T = TypeVar("T")

STATIC_IP = IpConfig(
    ipv4="static",
    addresses=(IPv4Interface("198.51.100.7/24"), IPv4Interface("203.0.113.7/24")),
    gateway=IPv4Address("198.51.100.1"),
    ipv6="static",
    ipv6_addresses=(IPv6Interface("2001:db8::7/64"),),
    ipv6_gateway=IPv6Address("2001:db8::1"),
)
DHCP_IP = IpConfig(ipv4="dhcp", dhcp_peerdns=False, ipv6="auto")
BRIDGE_IP = IpConfig(ipv4="static", addresses=(IPv4Interface("198.51.100.10/24"),))


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, 50))


@asynccontextmanager
async def backend_for(nm: IsolatedNetworkManager) -> AsyncIterator[NetworkManagerBackend]:
    backend = await NetworkManagerBackend.open(nm.bus_address)
    try:
        yield backend
    finally:
        backend.close()


def _index(connection: NmConnection) -> int:
    return int(connection.path.rsplit("/", 1)[1])


async def state_of(backend: NetworkManagerBackend) -> dict[str, Any]:
    """What a user would compare before/after: profiles, devices, checkpoints."""
    profiles = sorted(
        (c.uuid, c.id, c.type, c.interface_name, c.controller)
        for c in await backend.client.connections()
    )
    devices = {
        i.name: (i.kind, i.active, i.controller, i.ports, i.ipv4, i.mtu)
        for i in await backend.list_interfaces()
        if not i.name.startswith("vpeer")
    }
    return {
        "profiles": profiles,
        "devices": devices,
        "checkpoints": await backend.client.checkpoints(),
    }


async def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


# ------------------------------------------------------------------------ bond specs


def _mii_spec(mode: BondMode) -> BondSpec:
    guide = mode.guide
    return BondSpec(
        name="bond0",
        mode=mode,
        ports=("veth1", "veth0", "veth2"),  # not sorted: the order must survive
        primary="veth0" if guide.primary_allowed else "",
        mii=MiiMonitor(
            interval_ms=100,
            updelay_ms=200,
            downdelay_ms=300,
            carrier="ioctl" if int(mode) % 2 else "netif",
        ),
        lacp_rate="fast" if guide.lacp_options else "",
        xmit_hash_policy="layer3+4" if guide.xmit_hash_policy else "",
        ip=STATIC_IP,
        mtu=9000,
    )


def _arp_spec(mode: BondMode) -> BondSpec:
    targets = tuple(IPv4Address(f"198.51.100.{i}") for i in range(1, 17))
    return BondSpec(
        name="bond1",
        mode=mode,
        ports=("veth3",),
        primary="veth3" if mode.guide.primary_allowed else "",
        arp=ArpMonitor(
            interval_ms=1000,
            targets=targets if int(mode) % 2 else targets[:1],
            validate="all" if mode is BondMode.ACTIVE_BACKUP else "none",
        ),
        ip=DHCP_IP,
        bridge="br1",  # "use for virtual machines": the IP configuration moves to the bridge
        start_mode="none",
    )


BOND_SPECS = [pytest.param(_mii_spec(mode), id=f"mii-{mode.kernel_name}") for mode in BondMode] + [
    pytest.param(_arp_spec(mode), id=f"arp-{mode.kernel_name}")
    for mode in BondMode
    if mode.guide.arp_monitoring
]


@pytest.mark.parametrize("spec", BOND_SPECS)
def test_bond_profiles_are_accepted_and_read_back_identical(
    isolated_nm: IsolatedNetworkManager, spec: BondSpec
) -> None:
    async def body() -> None:
        async with backend_for(isolated_nm) as backend:
            # spec → settings (the --print-xml JSON, validated by kvmdesk's shared rules)
            preview = await backend.preview(CreateBond(spec))
            assert preview.document_kind == "json"
            profiles = json.loads(preview.document)["profiles"]
            assert profiles == bond_profiles(spec)
            # → NetworkManager (validates and saves them as keyfiles)
            for profile in profiles:
                await backend.client.add_connection(to_dbus(profile))
            # → GetSettings → spec
            connections = sorted(await backend.client.connections(), key=_index)
            assert spec_from_profiles([c.settings for c in connections], spec.name) == spec
            # … and the backend's own view of the (profile-only) bond says the same
            bond = find_interface(await backend.list_interfaces(), spec.name)
            assert bond is not None and bond.kind == "bond" and not bond.active
            assert bond.definition == spec
            assert bond.ports == spec.ports
            assert bond.bond is not None and bond.bond.mode is spec.mode
            for port in spec.ports:
                port_row = find_interface(await backend.list_interfaces(), port)
                assert port_row is not None and port_row.controller == spec.name

    run(body())
    saved = isolated_nm.keyfiles()
    for profile in bond_profiles(spec):
        assert f"{profile['connection']['id']}.nmconnection" in saved


def test_nm_rejects_an_invalid_bond_option_as_bad_input(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    async def body() -> None:
        client = await NetworkManagerClient.connect(isolated_nm.bus_address)
        try:
            profile = bond_profiles(BondSpec("bond0", BondMode.BALANCE_XOR, ("veth0",)))[0]
            profile["bond"]["options"]["xmit_hash_policy"] = "nonsense"
            with pytest.raises(BadInput, match="xmit_hash_policy"):
                await client.add_connection(to_dbus(profile))
            assert await client.list_connections() == []
        finally:
            client.close()

    run(body())


# --------------------------------------------------------------- bridges, checkpoints


def test_bridge_over_veth_activates_and_commit_keeps_it(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    spec = BridgeSpec("br0", ("veth0",), ip=BRIDGE_IP)

    async def body() -> float:
        async with backend_for(isolated_nm) as backend:
            assert isinstance(backend, HostNetworkBackend)
            assert backend.read_only_reason is None
            started = time.monotonic()
            pending = await backend.begin(CreateBridge(spec), rollback_timeout_s=30)
            took = time.monotonic() - started
            assert pending.notes == ()
            assert set(pending.affected) == {"br0", "veth0"}
            assert len(await backend.client.checkpoints()) == 1

            interfaces = await backend.list_interfaces()
            bridge = find_interface(interfaces, "br0")
            port = find_interface(interfaces, "veth0")
            assert bridge is not None and port is not None
            assert bridge.active and bridge.kind == "bridge"
            assert bridge.ports == ("veth0",) and port.controller == "br0"
            assert "198.51.100.10/24" in bridge.ipv4
            device = await backend.client.device_path("br0")
            assert device is not None
            assert (await backend.client.device(device)).state is DeviceState.ACTIVATED

            await backend.commit(pending)
            assert await backend.client.checkpoints() == []
            bridge = find_interface(await backend.list_interfaces(), "br0")
            assert bridge is not None and bridge.active and bridge.definition == spec
            return took

    took = run(body())
    print(f"\nbegin(CreateBridge) until activated: {took:.3f} s")
    assert "master br0" in isolated_nm.run(["ip", "-o", "link", "show", "veth0"]).stdout
    assert "198.51.100.10/24" in isolated_nm.run(["ip", "-o", "addr", "show", "br0"]).stdout
    assert set(isolated_nm.keyfiles()) == {"br0.nmconnection", "br0-port-veth0.nmconnection"}


def test_rollback_restores_previous_profiles_and_device_state(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    async def body() -> None:
        async with backend_for(isolated_nm) as backend:
            # The host before: bridge br0 over veth0 with an address, committed.
            pending = await backend.begin(
                CreateBridge(BridgeSpec("br0", ("veth0",), ip=BRIDGE_IP)), rollback_timeout_s=30
            )
            await backend.commit(pending)
            before = await state_of(backend)
            keyfiles = isolated_nm.keyfiles()

            # A new bridge, rolled back: its profiles and device go away.
            pending = await backend.begin(
                CreateBridge(BridgeSpec("br1", ("veth1",))), rollback_timeout_s=30
            )
            br1 = find_interface(await backend.list_interfaces(), "br1")
            assert br1 is not None and br1.active
            await backend.rollback(pending)
            assert await state_of(backend) == before
            assert "br1" not in isolated_nm.link_names()

            # Deleting br0, rolled back: the same profiles (same UUIDs) and an active
            # bridge with its port and address come back.
            pending = await backend.begin(DeleteInterface("br0"), rollback_timeout_s=30)
            assert set(pending.affected) == {"br0", "veth0"}
            assert await backend.client.list_connections() == []
            assert "br0" not in isolated_nm.link_names()
            await backend.rollback(pending)
            assert await state_of(backend) == before
            assert isolated_nm.keyfiles() == keyfiles

    run(body())


def test_networkmanager_rolls_back_by_itself_when_nobody_confirms(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    async def body() -> None:
        async with backend_for(isolated_nm) as backend:
            before = await state_of(backend)
            pending = await backend.begin(
                CreateBridge(BridgeSpec("br1", ("veth1",))), rollback_timeout_s=1
            )

            async def undone() -> bool:
                return await state_of(backend) == before

            await wait_for(undone, timeout=10)
            with pytest.raises(HostNetworkFailure, match="already undid"):
                await backend.commit(pending)
            await backend.rollback(pending)  # nothing left to undo: no error
            assert await state_of(backend) == before

    run(body())


def test_checkpoint_timeout_can_be_extended(isolated_nm: IsolatedNetworkManager) -> None:
    async def body() -> None:
        client = await NetworkManagerClient.connect(isolated_nm.bus_address)
        try:
            device = await client.device_path("veth0")
            assert device is not None
            checkpoint = await client.checkpoint_create([device], rollback_timeout_s=1)
            await client.checkpoint_adjust_rollback_timeout(checkpoint, 30)
            await asyncio.sleep(1.5)
            assert await client.checkpoints() == [checkpoint]
            await client.checkpoint_destroy(checkpoint)
            assert await client.checkpoints() == []
        finally:
            client.close()

    run(body())


# ------------------------------------------------- bonds cannot come up on this kernel


@pytest.mark.parametrize("bridge", ["", "br0"], ids=["bond", "bridge-over-bond"])
def test_bond_activation_not_supported_is_reported_and_leaves_nothing(
    isolated_nm: IsolatedNetworkManager, bridge: str
) -> None:
    spec = BondSpec(
        "bond0",
        BondMode.ACTIVE_BACKUP,
        ("veth1", "veth2"),
        primary="veth2",
        mii=MiiMonitor(100),
        ip=BRIDGE_IP,
        bridge=bridge,
    )

    async def body() -> str:
        async with backend_for(isolated_nm) as backend:
            before = await state_of(backend)
            with pytest.raises(HostNetworkFailure) as caught:
                await backend.begin(CreateBond(spec), rollback_timeout_s=30)
            assert await state_of(backend) == before
            assert await backend.client.list_connections() == []
            return str(caught.value)

    message = run(body())
    print(f"\nmessage: {message}")
    assert "\n" not in message
    assert message.startswith("bond0 could not be brought up")
    assert "this kernel cannot create bonds (no 'bonding' module); nothing was changed" in message
    assert message.endswith("Operation not supported")
    assert isolated_nm.keyfiles() == {}
    assert not {"bond0", "br0"} & isolated_nm.link_names()


def test_profiles_outside_the_checkpoint_are_restored_too(
    isolated_nm: IsolatedNetworkManager,
) -> None:
    """A bond that exists only as profiles is in no checkpoint: rollback restores it itself."""
    spec = _mii_spec(BondMode.ACTIVE_BACKUP)

    async def body() -> None:
        async with backend_for(isolated_nm) as backend:
            for profile in bond_profiles(spec):
                await backend.client.add_connection(to_dbus(profile))
            before = await state_of(backend)
            keyfiles = isolated_nm.keyfiles()

            # Editing fails (the bond cannot come up here) and puts the old settings back.
            edited = dataclasses.replace(
                spec, mode=BondMode.BROADCAST, primary="", ports=("veth1",)
            )
            with pytest.raises(HostNetworkFailure, match="cannot create bonds"):
                await backend.begin(EditBond(edited), rollback_timeout_s=30)
            assert await state_of(backend) == before
            bond = find_interface(await backend.list_interfaces(), spec.name)
            assert bond is not None and bond.definition == spec

            # Deleting works (nothing to bring up); rollback re-adds the same profiles.
            pending = await backend.begin(DeleteInterface(spec.name), rollback_timeout_s=30)
            assert await backend.client.list_connections() == []
            await backend.rollback(pending)
            assert await state_of(backend) == before
            assert isolated_nm.keyfiles() == keyfiles

    run(body())


# --------------------------------------------------------------------- availability


def test_nm_available(isolated_nm: IsolatedNetworkManager, tmp_path: Path) -> None:
    assert run(nm_available(isolated_nm.bus_address)) is True
    assert run(nm_available(f"unix:path={tmp_path / 'no-such-bus'}")) is False
