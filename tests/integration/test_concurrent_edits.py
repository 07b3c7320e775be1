"""Two real clients of one isolated libvirtd edit the same NIC and the same network.

kvmdesk's editors remember what they started from; another client (here a second
``virConnect``, as virsh or Cockpit would be) changes the object meanwhile. kvmdesk's
apply must keep every change of the other client in fields the user did not touch, and
stop with the conflict, applying nothing, where both changed the same field.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.nic.spec import NicSpec, spec_of
from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.spec import NetworkSpec
from tests.helpers.aio import run
from tests.helpers.integration.isolated_libvirtd import (
    GuestXmlFactory,
    IsolatedLibvirtd,
    nat_network_xml,
)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

MAC = "52:54:00:4b:17:01"
SECOND_MAC = "52:54:00:4b:17:02"
INACTIVE = 2  # VIR_DOMAIN_XML_INACTIVE


def _config(domain: Any) -> etree._Element:
    return etree.fromstring(domain.XMLDesc(INACTIVE).encode())


def _nic(root: etree._Element, mac: str) -> etree._Element:
    found = root.find(f"devices/interface/mac[@address='{mac}']/..")
    assert found is not None, mac
    return found


def _other_client_edits(domain: Any, model: str, *, add_devices: bool) -> None:
    """What virsh edit would do: the NIC's model, and maybe a second NIC and serial port."""
    root = _config(domain)
    _nic(root, MAC).find("model").set("type", model)  # type: ignore[union-attr]
    devices = root.find("devices")
    assert devices is not None
    if add_devices:
        devices.append(
            etree.fromstring(
                f"<interface type='network'><mac address='{SECOND_MAC}'/>"
                "<source network='kvmdesk-test-nat'/><model type='rtl8139'/></interface>"
            )
        )
        devices.append(etree.fromstring("<serial type='pty'><target port='1'/></serial>"))
    domain.connect().defineXML(etree.tostring(root, encoding="unicode"))


async def _editor_start(session: Session, uuid: str) -> NicSpec:
    """The spec the NIC dialog starts from (the persistent definition's NIC)."""
    nics = await session.nics.config_nics(uuid)
    return spec_of(next(nic for nic in nics if nic.mac == MAC), session.networks)


def test_a_nic_edit_keeps_the_other_clients_changes_and_reports_a_conflict(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory, nat_network: str
) -> None:
    other = isolated_libvirtd.open()
    domain = other.defineXML(guest_xml("kvmdesk-concurrent-nic", mac=MAC))
    uuid = domain.UUIDString()

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        try:
            # 1. The user unplugs the cable; meanwhile the other client changes the model
            #    and adds a NIC and a serial port. All of it survives.
            base = await _editor_start(session, uuid)
            mine = dataclasses.replace(
                base,
                source=dataclasses.replace(base.source, mode=NetworkMode.NONE),
                link_up=False,
            )
            _other_client_edits(domain, "e1000", add_devices=True)
            await session.nics.apply(uuid, MAC, mine, base=base)
            root = _config(domain)
            nic = _nic(root, MAC)
            assert nic.find("model").get("type") == "e1000"  # type: ignore[union-attr]
            assert nic.find("link").get("state") == "down"  # type: ignore[union-attr]
            assert nic.find("source").get("network") == nat_network  # type: ignore[union-attr]
            _nic(root, SECOND_MAC)
            assert len(root.findall("devices/serial")) == 2

            # 2. Both change the model: nothing is applied, the conflict names it.
            base = await _editor_start(session, uuid)
            mine = dataclasses.replace(base, model="virtio")
            _other_client_edits(domain, "rtl8139", add_devices=False)
            with pytest.raises(EditConflict) as conflict:
                await session.nics.apply(uuid, MAC, mine, base=base)
            (field,) = conflict.value.conflicts
            assert (field.field, field.base, field.theirs, field.mine) == (
                "model",
                "e1000",
                "rtl8139",
                "virtio",
            )
            model = _nic(_config(domain), MAC).find("model")
            assert model is not None and model.get("type") == "rtl8139"

            # 3. The user's choice settles it, either way.
            await session.nics.apply(uuid, MAC, mine, base=base, resolution={"model": Side.THEIRS})
            model = _nic(_config(domain), MAC).find("model")
            assert model is not None and model.get("type") == "rtl8139"
            await session.nics.apply(uuid, MAC, mine, base=base, resolution={"model": Side.MINE})
            model = _nic(_config(domain), MAC).find("model")
            assert model is not None and model.get("type") == "virtio"
            assert len(_config(domain).findall("devices/serial")) == 2
        finally:
            await session.close()

    try:
        run(scenario())
    finally:
        domain.undefine()
        other.close()


def _network_xml(network: Any) -> etree._Element:
    return etree.fromstring(network.XMLDesc(libvirt_inactive()).encode())


def libvirt_inactive() -> int:
    return 1  # VIR_NETWORK_XML_INACTIVE


def _other_client_sets_range(network: Any, start: str, end: str) -> None:
    root = _network_xml(network)
    dhcp_range = root.find("ip/dhcp/range")
    assert dhcp_range is not None
    dhcp_range.set("start", start)
    dhcp_range.set("end", end)
    network.connect().networkDefineXML(etree.tostring(root, encoding="unicode"))


def test_a_network_edit_keeps_the_other_clients_changes_and_reports_a_conflict(
    isolated_libvirtd: IsolatedLibvirtd,
) -> None:
    other = isolated_libvirtd.open()
    name = "kvmdesk-concurrent-net"
    network = other.networkDefineXML(
        nat_network_xml(
            name,
            bridge="virbr-kd17",
            address="203.0.113.1",
            dhcp_range=("203.0.113.100", "203.0.113.150"),
        )
    )

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        try:
            # The user renames the bridge; the other client changes the DHCP range and
            # turns autostart on. Both survive.
            base: NetworkSpec = await session.vnets.spec(name)
            mine = dataclasses.replace(base, bridge="virbr-kd17b")
            _other_client_sets_range(network, "203.0.113.20", "203.0.113.30")
            network.setAutostart(1)
            await session.vnets.update(name, mine, base=base, host_networks=[])
            root = _network_xml(network)
            assert root.find("bridge").get("name") == "virbr-kd17b"  # type: ignore[union-attr]
            dhcp_range = root.find("ip/dhcp/range")
            assert dhcp_range is not None and dhcp_range.get("start") == "203.0.113.20"
            assert network.autostart() == 1

            # Both change the DHCP range: a conflict, and the other client's range stays.
            base = await session.vnets.spec(name)
            mine = dataclasses.replace(
                base,
                dhcp_start=base.dhcp_start + 100,  # type: ignore[operator]
                dhcp_end=base.dhcp_end + 100,  # type: ignore[operator]
            )
            _other_client_sets_range(network, "203.0.113.40", "203.0.113.50")
            with pytest.raises(EditConflict) as conflict:
                await session.vnets.update(name, mine, base=base, host_networks=[])
            (field,) = conflict.value.conflicts
            assert field.field == "dhcp" and field.theirs == "203.0.113.40–203.0.113.50"
            dhcp_range = _network_xml(network).find("ip/dhcp/range")
            assert dhcp_range is not None and dhcp_range.get("start") == "203.0.113.40"
            await session.vnets.update(
                name, mine, base=base, host_networks=[], resolution={"dhcp": Side.MINE}
            )
            dhcp_range = _network_xml(network).find("ip/dhcp/range")
            assert dhcp_range is not None and dhcp_range.get("start") == "203.0.113.120"
        finally:
            await session.close()

    try:
        run(scenario())
    finally:
        network.undefine()
        other.close()
