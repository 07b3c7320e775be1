"""Issue 4 on a real daemon: switch a running KVM guest's NIC between a NAT and a
host-only network live, through kvmdesk's core, and check libvirt and the kernel agree.
"""

from __future__ import annotations

import asyncio
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.vnet.spec import NetworkSpec
from tests.helpers.integration.isolated_libvirtd import GuestXmlFactory, IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

MAC = "52:54:00:4b:00:01"


def _tap_master(daemon: IsolatedLibvirtd, tap: str) -> str:
    """The bridge the guest's tap device is plugged into, as the kernel reports it."""
    out = daemon.run(["ip", "-o", "link", "show", "dev", tap]).stdout
    words = out.split()
    return words[words.index("master") + 1] if "master" in words else ""


def _running_nic(conn: Any, name: str) -> etree._Element:
    root = etree.fromstring(conn.lookupByName(name).XMLDesc(0).encode())
    return root.find(f"devices/interface/mac[@address='{MAC}']/..")


def test_running_guest_switches_between_nat_and_host_only_live(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory, libvirt_conn: Any
) -> None:
    name = "kvmdesk-nic-switch"
    domain = libvirt_conn.defineXML(guest_xml(name, mac=MAC))

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        nat = await session.vnets.create(
            NetworkSpec(
                "kvmdesk-live-nat",
                NetworkMode.NAT,
                subnet=IPv4Network("203.0.113.0/26"),
                dhcp_start=IPv4Address("203.0.113.40"),
                dhcp_end=IPv4Address("203.0.113.60"),
                bridge="kvmdnat0",
            )
        )
        host_only = await session.vnets.create(
            NetworkSpec(
                "kvmdesk-live-hostonly",
                NetworkMode.HOST_ONLY,
                subnet=IPv4Network("203.0.113.64/26"),
                bridge="kvmdho0",
            )
        )
        assert nat.active and host_only.active
        domain.create()
        await asyncio.sleep(0.2)
        uuid = domain.UUIDString()
        for _ in range(100):
            if uuid in session.domains and session.domains[uuid].state is DomainState.RUNNING:
                break
            await asyncio.sleep(0.05)

        for network, bridge in (
            ("kvmdesk-live-nat", "kvmdnat0"),
            ("kvmdesk-live-hostonly", "kvmdho0"),
            ("kvmdesk-live-nat", "kvmdnat0"),
        ):
            mode = session.networks[network].mode
            result = await session.nics.apply(
                uuid, MAC, NicSpec(NicSource(mode, network=network), mac=MAC)
            )
            assert result.live and result.config and not result.needs_restart, result
            nic = _running_nic(libvirt_conn, name)
            assert nic.find("source").get("network") == network
            assert nic.find("source").get("bridge") == bridge  # libvirt's live view
            tap = nic.find("target").get("dev")
            assert _tap_master(isolated_libvirtd, tap) == bridge  # the kernel's view
            inactive = etree.fromstring(
                libvirt_conn.lookupByName(name).XMLDesc(2).encode()  # VIR_DOMAIN_XML_INACTIVE
            )
            assert (
                inactive.find(f"devices/interface/mac[@address='{MAC}']/../source").get("network")
                == network
            )
        await session.close()

    try:
        asyncio.run(scenario())
    finally:
        conn = isolated_libvirtd.open()
        handle = conn.lookupByName(name)
        if handle.isActive():
            handle.destroy()
        handle.undefine()
        for network in ("kvmdesk-live-nat", "kvmdesk-live-hostonly"):
            try:
                net = conn.networkLookupByName(network)
            except Exception:
                continue
            if net.isActive():
                net.destroy()
            net.undefine()
        conn.close()
