"""NIC changes on a running KVM guest of a real libvirtd: what goes live, what waits.

The guest sits in SeaBIOS (no OS), which is enough for QEMU to hot-plug and change
NICs; it never acknowledges an ACPI unplug, which shows how a removal the guest does
not answer is reported.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from tests.helpers.integration.isolated_libvirtd import (
    TEST_NETWORK_BRIDGE,
    GuestXmlFactory,
    IsolatedLibvirtd,
)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

MAC = "52:54:00:4b:00:02"
INACTIVE = 2  # VIR_DOMAIN_XML_INACTIVE


def _nic(xml: str, mac: str) -> etree._Element | None:
    return etree.fromstring(xml.encode()).find(f"devices/interface/mac[@address='{mac}']/..")


def test_what_goes_live_and_what_waits_for_a_restart(
    isolated_libvirtd: IsolatedLibvirtd,
    guest_xml: GuestXmlFactory,
    libvirt_conn: Any,
    nat_network: str,
) -> None:
    name = "kvmdesk-nic-apply"
    domain = libvirt_conn.defineXML(guest_xml(name, mac=MAC))
    domain.create()

    def live() -> str:
        return str(domain.XMLDesc(0))

    def config() -> str:
        return str(domain.XMLDesc(INACTIVE))

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        uuid = domain.UUIDString()
        try:
            # QEMU keeps a NIC's model for the life of the process.
            model = NicSpec(NicSource(NetworkMode.NAT, network=nat_network), model="e1000")
            result = await session.nics.apply(uuid, MAC, model)
            assert (result.live, result.config, result.needs_restart) == (False, True, True)
            assert _nic(live(), MAC).find("model").get("type") == "virtio"  # type: ignore[union-attr]
            assert _nic(config(), MAC).find("model").get("type") == "e1000"  # type: ignore[union-attr]
            assert session.nics.pending_restart(uuid) == {MAC}

            # network -> user needs a new QEMU netdev: not live, and refused when insisted on.
            user = NicSpec(NicSource(NetworkMode.USER), model="")
            with pytest.raises(BadInput, match=r"connection type \(network to user\)"):
                await session.nics.apply(uuid, MAC, user, live=True)
            result = await session.nics.apply(uuid, MAC, user)
            assert (result.live, result.needs_restart) == (False, True)
            assert _nic(live(), MAC).get("type") == "network"  # type: ignore[union-attr]
            assert _nic(config(), MAC).get("type") == "user"  # type: ignore[union-attr]

            # Unplugging and plugging into a host bridge go live (and into the config).
            result = await session.nics.apply(
                uuid, MAC, NicSpec(NicSource(NetworkMode.NONE), model="")
            )
            assert (result.live, result.config) == (True, True)
            assert _nic(live(), MAC).find("link").get("state") == "down"  # type: ignore[union-attr]
            bridged = NicSpec(NicSource(NetworkMode.BRIDGED, bridge=TEST_NETWORK_BRIDGE), model="")
            result = await session.nics.apply(uuid, MAC, bridged)
            assert (result.live, result.config) == (True, True)
            running = _nic(live(), MAC)
            assert running is not None and running.get("type") == "bridge"
            assert running.find("link") is None
            stored = _nic(config(), MAC)
            assert stored is not None and stored.get("type") == "bridge"
            assert stored.find("model").get("type") == "e1000"  # type: ignore[union-attr]

            # A hot-plugged NIC keeps its guest PCI address across a restart.
            added = await session.nics.apply(
                uuid, None, NicSpec(NicSource(NetworkMode.NAT, network=nat_network))
            )
            assert (added.live, added.config, added.needs_restart) == (True, True, False)
            live_address = _nic(live(), added.mac).find("address")  # type: ignore[union-attr]
            config_address = _nic(config(), added.mac).find("address")  # type: ignore[union-attr]
            assert live_address is not None and config_address is not None
            assert dict(live_address.attrib) == dict(config_address.attrib)

            # The guest (no OS) never lets go of a NIC: the removal is requested and said so.
            removed = await session.nics.remove(uuid, added.mac)
            assert (removed.live, removed.config) == (True, True)
            assert "has not released" in removed.note
            assert _nic(config(), added.mac) is None

            # A stop makes the next start run the configuration: no badge left.
            domain.destroy()
            for _ in range(100):
                if not session.nics.pending_restart(uuid):
                    break
                await asyncio.sleep(0.05)
            assert session.nics.pending_restart(uuid) == frozenset()
        finally:
            await session.close()

    try:
        asyncio.run(scenario())
    finally:
        if domain.isActive():
            domain.destroy()
        domain.undefine()
