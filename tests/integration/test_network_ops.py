"""Virtual networks through the core against a real, isolated libvirtd.

What the test driver cannot show: libvirt naming the bridge (virbrN) and putting the
host address on it, a subnet edit that waits for the network's restart and then
applies, a live DHCP-range edit, and a start that fails after the define (the bridge
name is taken by an existing interface) leaving nothing defined. Subnets are TEST-NET.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Coroutine
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.vnet.edit import spec_from_network_xml
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.ui.vnet.dialog import NetworkDialog
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

A = IPv4Address
N = IPv4Network

NAT = NetworkSpec(
    "kvmdesk-it-nat", NetworkMode.NAT, N("203.0.113.0/26"), A("203.0.113.40"), A("203.0.113.60")
)
HOST_ONLY = NetworkSpec("kvmdesk-it-hostonly", NetworkMode.HOST_ONLY, N("203.0.113.64/26"))


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coroutine, 120))


def addresses(daemon: IsolatedLibvirtd, device: str) -> list[str]:
    """IPv4 address/prefix pairs on ``device`` inside the daemon's network namespace."""
    result = daemon.run(["ip", "-j", "-4", "addr", "show", "dev", device], check=False)
    if result.returncode != 0:
        return []
    return [
        f"{info['local']}/{info['prefixlen']}"
        for link in json.loads(result.stdout or "[]")
        for info in link.get("addr_info", [])
    ]


async def connected(daemon: IsolatedLibvirtd) -> Session:
    session = Session(daemon.uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED, session.message
    return session


def test_create_edit_restart_delete(isolated_libvirtd: IsolatedLibvirtd) -> None:
    async def scenario() -> None:
        session = await connected(isolated_libvirtd)
        try:
            created = await session.vnets.create(NAT, host_networks=[])
            assert created.active and created.autostart
            assert created.bridge.startswith("virbr")  # libvirt picked the name
            assert addresses(isolated_libvirtd, created.bridge) == ["203.0.113.1/26"]

            # DHCP only: applied live, no restart
            narrower = dataclasses.replace(NAT, dhcp_start=A("203.0.113.50"))
            assert await session.vnets.update(NAT.name, narrower, host_networks=[]) is False
            assert session.networks[NAT.name].dhcp_ranges == (("203.0.113.50", "203.0.113.60"),)

            # a new subnet waits for the restart
            moved = dataclasses.replace(
                narrower, subnet=N("203.0.113.128/26"), dhcp_start=None, dhcp_end=None
            )
            assert await session.vnets.update(NAT.name, moved, host_networks=[]) is True
            assert addresses(isolated_libvirtd, created.bridge) == ["203.0.113.1/26"]
            stored = await session.vnets.xml(NAT.name, inactive=True)
            assert spec_from_network_xml(stored).subnet == N("203.0.113.128/26")
            await session.vnets.stop(NAT.name)
            await session.vnets.start(NAT.name)
            row = session.networks[NAT.name]
            assert (row.subnets, row.bridge, row.uuid) == (
                ("203.0.113.128/26",),
                created.bridge,
                created.uuid,
            )
            assert addresses(isolated_libvirtd, created.bridge) == ["203.0.113.129/26"]

            await session.vnets.set_autostart(NAT.name, False)
            assert not session.networks[NAT.name].autostart
            await session.vnets.delete(NAT.name)
            assert NAT.name not in session.networks
            assert addresses(isolated_libvirtd, created.bridge) == []
        finally:
            await session.close()

    run(scenario())


def test_failed_start_leaves_nothing_defined(isolated_libvirtd: IsolatedLibvirtd) -> None:
    isolated_libvirtd.run(["ip", "link", "add", "kvtaken0", "type", "bridge"])
    try:

        async def scenario() -> None:
            session = await connected(isolated_libvirtd)
            try:
                events: list[tuple[str, str]] = []
                session.event.connect(lambda e: events.append((e.name, e.event)))
                spec = dataclasses.replace(HOST_ONLY, bridge="kvtaken0")
                with pytest.raises(LibvirtFailure):
                    await session.vnets.create(spec, host_networks=[])
                # it was defined, the start failed, and the definition was taken back
                deadline = asyncio.get_running_loop().time() + 10
                while (HOST_ONLY.name, "undefined") not in events:
                    assert asyncio.get_running_loop().time() < deadline, events
                    await asyncio.sleep(0.02)
                assert [e for e in events if e[0] == HOST_ONLY.name] == [
                    (HOST_ONLY.name, "defined"),
                    (HOST_ONLY.name, "undefined"),
                ]
                assert HOST_ONLY.name not in session.networks
                names = {n.name() for n in session.raw_connection.listAllNetworks(0)}
                assert HOST_ONLY.name not in names
                # the same spec on a free bridge name works
                created = await session.vnets.create(HOST_ONLY, host_networks=[])
                assert created.active and created.mode is NetworkMode.HOST_ONLY
                await session.vnets.delete(HOST_ONLY.name)
            finally:
                await session.close()

        run(scenario())
    finally:
        isolated_libvirtd.run(["ip", "link", "del", "kvtaken0"], check=False)


def test_every_creatable_mode_starts(isolated_libvirtd: IsolatedLibvirtd) -> None:
    isolated_libvirtd.run(["ip", "link", "add", "kvhostbr0", "type", "bridge"])
    specs = [
        dataclasses.replace(NAT, name="kvmdesk-it-m-nat", subnet=N("198.51.100.0/27")),
        NetworkSpec("kvmdesk-it-m-routed", NetworkMode.ROUTED, N("198.51.100.32/27")),
        NetworkSpec("kvmdesk-it-m-open", NetworkMode.OPEN, N("198.51.100.64/27")),
        NetworkSpec(
            "kvmdesk-it-m-hostonly",
            NetworkMode.HOST_ONLY,
            N("198.51.100.96/27"),
            A("198.51.100.100"),
            A("198.51.100.110"),
        ),
        NetworkSpec("kvmdesk-it-m-internal", NetworkMode.INTERNAL),
        NetworkSpec("kvmdesk-it-m-bridged", NetworkMode.BRIDGED, bridge="kvhostbr0"),
    ]
    specs[0] = dataclasses.replace(
        specs[0], dhcp_start=A("198.51.100.10"), dhcp_end=A("198.51.100.20")
    )
    try:

        async def scenario() -> None:
            session = await connected(isolated_libvirtd)
            try:
                for spec in specs:
                    created = await session.vnets.create(spec, host_networks=[])
                    assert (created.mode, created.active) == (spec.mode, True), spec.name
                    stored = await session.vnets.xml(spec.name, inactive=True)
                    read = spec_from_network_xml(stored)
                    assert (read.mode, read.subnet, read.gateway) == (
                        spec.mode,
                        spec.subnet,
                        spec.gateway,
                    ), spec.name
                    if spec.subnet is not None:
                        assert addresses(isolated_libvirtd, created.bridge) == [
                            f"{spec.gateway}/{spec.subnet.prefixlen}"
                        ]
                assert session.networks["kvmdesk-it-m-bridged"].bridge == "kvhostbr0"
                for spec in specs:
                    await session.vnets.delete(spec.name)
            finally:
                await session.close()

        run(scenario())
    finally:
        isolated_libvirtd.run(["ip", "link", "del", "kvhostbr0"], check=False)


def test_editing_a_running_network_sees_its_own_route_and_pending_changes(
    isolated_libvirtd: IsolatedLibvirtd, qtbot: Any
) -> None:
    """The dialog over a running network: its own bridge route (really in the host's
    route table) does not block Save, and a change waiting for the restart is shown
    beside the definition being edited."""
    spec = dataclasses.replace(NAT, name="kvmdesk-it-pending")
    moved = dataclasses.replace(spec, subnet=N("203.0.113.192/26"), dhcp_start=None, dhcp_end=None)
    own_route = N("203.0.113.0/26")

    async def scenario() -> None:
        session = await connected(isolated_libvirtd)
        try:
            await session.vnets.create(spec, host_networks=[])
            assert await session.vnets.update(spec.name, moved, host_networks=[]) is True
            definition = await session.vnets.spec(spec.name)
            live = await session.vnets.live_spec(spec.name)
            assert live is not None and live.subnet == own_route
            assert definition.subnet == moved.subnet
            routes = isolated_libvirtd.run(["ip", "-j", "-4", "route", "show"], check=True)
            assert any(r.get("dst") == str(own_route) for r in json.loads(routes.stdout))
            dialog = NetworkDialog(
                [session.networks[spec.name]],
                pool=[N("203.0.113.0/24")],
                host_networks=[own_route],
                current=definition,
                active=True,
                live=live,
            )
            qtbot.addWidget(dialog)
            dialog.autostart_check.setChecked(False)
            assert dialog.ok_button.isEnabled(), dialog.error_label.text()
            assert dialog.subnet_edit.text().startswith("203.0.113.19")  # the definition's
            assert dialog.pending_label.isVisibleTo(dialog)
            assert "subnet 203.0.113.0/26" in dialog.pending_label.text()
        finally:
            await session.vnets.delete(spec.name)
            await session.disconnect()

    run(scenario())
