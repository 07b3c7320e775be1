"""Virtual-network operations through the Session on libvirt's test driver.

Each test opens its own inventory file (fresh state per open). Checks go both ways:
what libvirt now holds (read on the session's own connection) and what
``session.networks`` shows, which network lifecycle events keep current.
"""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.types.states import ConnectionState
from kvmdesk.core.vnet import ops as network_ops
from kvmdesk.core.vnet.classify import classify_network_xml
from kvmdesk.core.vnet.edit import dhcp_ranges, spec_from_network_xml
from kvmdesk.core.vnet.spec import NetworkSpec
from tests.helpers.aio import run, until
from tests.helpers.inventory import MakeInventory

A = IPv4Address
N = IPv4Network
M = NetworkMode

NAT = NetworkSpec("kvnat", M.NAT, N("198.51.100.128/26"), A("198.51.100.160"), A("198.51.100.190"))
HOST_ONLY = NetworkSpec("kvhost", M.HOST_ONLY, N("203.0.113.128/26"))


class Watch:
    """Network events and list changes a session emitted."""

    def __init__(self, session: Session) -> None:
        self.events: list[tuple[str, str]] = []
        self.upserted: list[NetworkSnapshot] = []
        self.removed: list[str] = []
        session.event.connect(self._event)
        session.networks_upserted.connect(lambda _s, batch: self.upserted.extend(batch))
        session.networks_removed.connect(lambda _s, names: self.removed.extend(names))

    def _event(self, event: Event) -> None:
        if event.object is ObjectKind.NETWORK:
            self.events.append((event.name, event.event))


async def opened(uri: str) -> Session:
    session = Session(uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED, session.message
    return session


def libvirt_names(session: Session) -> set[str]:
    return {n.name() for n in session.raw_connection.listAllNetworks(0)}


def net(session: Session, name: str) -> Any:
    return session.raw_connection.networkLookupByName(name)


# ------------------------------------------------------------------- create


def test_create_defines_sets_autostart_and_starts(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        watch = Watch(session)
        try:
            created = await session.vnets.create(NAT)
            assert session.networks["kvnat"] is created
            assert (created.mode, created.active, created.autostart, created.persistent) == (
                M.NAT,
                True,
                True,
                True,
            )
            assert created.subnets == ("198.51.100.128/26",)
            assert created.dhcp_ranges == (("198.51.100.160", "198.51.100.190"),)
            handle = net(session, "kvnat")
            assert handle.isActive() and handle.autostart()
            assert spec_from_network_xml(handle.XMLDesc(0)) == NAT
            assert created in watch.upserted
            await until(
                lambda: {("kvnat", "defined"), ("kvnat", "started")} <= set(watch.events),
                "the define and start events",
            )
        finally:
            await session.close()

    run(scenario())


def test_create_without_start_or_autostart(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            spec = dataclasses.replace(HOST_ONLY, autostart=False)
            created = await session.vnets.create(spec, start=False)
            assert (created.mode, created.active, created.autostart) == (M.HOST_ONLY, False, False)
            assert not net(session, "kvhost").isActive()
        finally:
            await session.close()

    run(scenario())


def test_bad_spec_sends_nothing_to_libvirt(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        watch = Watch(session)
        try:
            before = libvirt_names(session)
            overlapping = dataclasses.replace(
                NAT, subnet=N("198.51.100.0/24"), dhcp_start=None, dhcp_end=None
            )
            with pytest.raises(BadInput, match=r"overlaps network 'lan' \(198.51.100.0/25\)"):
                await session.vnets.create(overlapping)
            with pytest.raises(BadInput, match=r"^a network named 'lab' already exists$"):
                await session.vnets.create(dataclasses.replace(NAT, name="lab"))
            with pytest.raises(BadInput, match=r"overlaps the host's network 198.51.100.128/25$"):
                await session.vnets.create(NAT, host_networks=[N("198.51.100.128/25")])
            assert libvirt_names(session) == before
            assert watch.events == [] and set(session.networks) == {"lan", "lab"}
        finally:
            await session.close()

    run(scenario())


def test_test_driver_reads_no_host_ranges(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            assert await session.vnets.host_networks() == []
        finally:
            await session.close()

    run(scenario())


def test_failure_after_define_undefines_again(inventory_uri: str) -> None:
    """A step after the define fails (a second start: libvirt refuses): nothing stays."""

    async def scenario() -> None:
        session = await opened(inventory_uri)
        watch = Watch(session)
        conn = session.raw_connection
        steps = [lambda n: n.setAutostart(1), lambda n: n.create(), lambda n: n.create()]
        try:
            with pytest.raises(libvirt.libvirtError, match=r"already running"):
                await session.loop.run_in_executor(
                    None,
                    network_ops.define_and_apply,
                    conn,
                    """<network><name>half</name><ip address='203.0.113.1' prefix='26'/></network>""",
                    steps,
                )
            assert "half" not in libvirt_names(session)
            await until(lambda: ("half", "undefined") in watch.events, "the undefine event")
            await until(lambda: "half" not in session.networks, "the row to go")
            assert [e for e in watch.events if e[0] == "half"] == [
                ("half", "defined"),
                ("half", "started"),
                ("half", "stopped"),
                ("half", "undefined"),
            ]
        finally:
            await session.close()

    run(scenario())


def test_create_refuses_a_name_libvirt_has_but_the_session_has_not(
    inventory_uri: str,
) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            conn = session.raw_connection
            xml_before = net(session, "lab").XMLDesc(0)
            spec = dataclasses.replace(HOST_ONLY, name="lab")
            with pytest.raises(BadInput, match=r"^a network named 'lab' already exists$"):
                await session.loop.run_in_executor(None, network_ops.create_network, conn, spec)
            assert net(session, "lab").XMLDesc(0) == xml_before
        finally:
            await session.close()

    run(scenario())


# ---------------------------------------------------------------- lifecycle


def test_stop_start_autostart_delete(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        watch = Watch(session)
        try:
            await session.vnets.stop("lan")
            assert not session.networks["lan"].active and not net(session, "lan").isActive()
            await session.vnets.start("lan")
            assert session.networks["lan"].active and net(session, "lan").isActive()
            await session.vnets.set_autostart("lan", True)
            assert session.networks["lan"].autostart and net(session, "lan").autostart()
            await session.vnets.set_autostart("lan", False)
            assert not session.networks["lan"].autostart
            await session.vnets.delete("lan")
            assert "lan" not in session.networks and "lan" not in libvirt_names(session)
            assert "lan" in watch.removed
            await until(
                lambda: (
                    [e for e in watch.events if e[0] == "lan"]
                    == [
                        ("lan", "stopped"),
                        ("lan", "started"),
                        ("lan", "stopped"),
                        ("lan", "undefined"),
                    ]
                ),
                "lan's events",
            )
        finally:
            await session.close()

    run(scenario())


def test_delete_a_transient_network(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            session.raw_connection.networkCreateXML(
                "<network><name>tmp</name><ip address='203.0.113.193' prefix='27'/></network>"
            )
            await until(lambda: "tmp" in session.networks, "the transient network")
            assert not session.networks["tmp"].persistent
            await session.vnets.delete("tmp")
            assert "tmp" not in session.networks and "tmp" not in libvirt_names(session)
        finally:
            await session.close()

    run(scenario())


def test_events_alone_keep_the_list_current(inventory_uri: str) -> None:
    """Changes made by someone else (here: straight through libvirt) reach the list."""

    async def scenario() -> None:
        session = await opened(inventory_uri)
        conn = session.raw_connection
        try:
            conn.networkDefineXML(
                "<network><name>other</name><ip address='203.0.113.1' prefix='27'/></network>"
            )
            await until(lambda: "other" in session.networks, "defined")
            assert session.networks["other"].mode is M.HOST_ONLY
            net(session, "other").create()
            await until(lambda: session.networks["other"].active, "started")
            net(session, "other").destroy()
            await until(lambda: not session.networks["other"].active, "stopped")
            conn.networkDefineXML(
                net(session, "other").XMLDesc(0).replace("<ip ", "<forward mode='nat'/><ip ")
            )
            await until(lambda: session.networks["other"].mode is M.NAT, "redefined")
            net(session, "other").undefine()
            await until(lambda: "other" not in session.networks, "undefined")
        finally:
            await session.close()

    run(scenario())


def test_unknown_network_names(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            message = f"^no network named 'nope' on {session.label}$"
            for call in (
                session.vnets.start("nope"),
                session.vnets.stop("nope"),
                session.vnets.delete("nope"),
                session.vnets.set_autostart("nope", True),
                session.vnets.xml("nope"),
                session.vnets.update("nope", dataclasses.replace(NAT, name="nope")),
            ):
                with pytest.raises(BadInput, match=message):
                    await call
            with pytest.raises(BadInput, match=r"^no network named 'nope'$"):
                network_ops.start_network(session.raw_connection, "nope")
        finally:
            await session.close()

    run(scenario())


def test_libvirt_refusal_is_a_libvirt_failure(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            with pytest.raises(LibvirtFailure, match=r"already running"):
                await session.vnets.start("lan")
        finally:
            await session.close()

    run(scenario())


def test_domains_on_network(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            assert session.vnets.domains_on("lan") == ["alpha"]
            assert session.vnets.domains_on("lab") == ["bravo"]
            assert session.vnets.domains_on("br0") == []  # alpha's bridge NIC is no network
        finally:
            await session.close()

    run(scenario())


def test_network_xml(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            live = await session.vnets.xml("lan")
            assert classify_network_xml(live) is M.NAT and "<name>lan</name>" in live
            # the test driver has no separate stored definition: the live one is returned
            assert await session.vnets.xml("lan", inactive=True) == live
        finally:
            await session.close()

    run(scenario())


# ------------------------------------------------------------------- update


def test_update_stopped_network_needs_no_restart(make_inventory: MakeInventory) -> None:
    async def scenario() -> None:
        session = await opened(make_inventory())
        try:
            await session.vnets.create(NAT, start=False)
            routed = dataclasses.replace(NAT, mode=M.ROUTED, subnet=N("198.51.100.128/25"))
            assert await session.vnets.update("kvnat", routed) is False
            row = session.networks["kvnat"]
            assert (row.mode, row.subnets, row.active) == (M.ROUTED, ("198.51.100.128/25",), False)
            uuid = row.uuid
            await session.vnets.start("kvnat")
            assert spec_from_network_xml(net(session, "kvnat").XMLDesc(0)) == routed
            assert session.networks["kvnat"].uuid == uuid
        finally:
            await session.close()

    run(scenario())


def test_update_running_network_dhcp_applies_live(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            await session.vnets.create(NAT)
            narrower = dataclasses.replace(NAT, dhcp_start=A("198.51.100.170"), autostart=False)
            assert await session.vnets.update("kvnat", narrower) is False
            row = session.networks["kvnat"]
            assert row.active and not row.autostart
            assert row.dhcp_ranges == (("198.51.100.170", "198.51.100.190"),)
            live = spec_from_network_xml(net(session, "kvnat").XMLDesc(0), autostart=False)
            assert live == narrower
            # and back to no DHCP at all, still live
            none = dataclasses.replace(narrower, dhcp_start=None, dhcp_end=None)
            assert await session.vnets.update("kvnat", none) is False
            assert session.networks["kvnat"].dhcp_ranges == ()
        finally:
            await session.close()

    run(scenario())


def test_update_running_network_subnet_waits_for_restart(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            await session.vnets.create(NAT)
            moved = dataclasses.replace(
                NAT, subnet=N("203.0.113.128/26"), dhcp_start=None, dhcp_end=None
            )
            # its own (running) subnet is a host route: it does not block the edit
            host = [N("198.51.100.128/26")]
            assert await session.vnets.update("kvnat", moved, host_networks=host) is True
            # the running network keeps its subnet until restarted (the test driver never
            # switches to the stored definition; the integration tests check the restart)
            assert session.networks["kvnat"].subnets == ("198.51.100.128/26",)
        finally:
            await session.close()

    run(scenario())


def test_update_validation(inventory_uri: str) -> None:
    async def scenario() -> None:
        session = await opened(inventory_uri)
        try:
            await session.vnets.create(NAT)
            with pytest.raises(BadInput, match=r"^network 'kvnat' cannot be renamed to 'x'$"):
                await session.vnets.update("kvnat", dataclasses.replace(NAT, name="x"))
            clash = dataclasses.replace(
                NAT, subnet=N("203.0.113.0/24"), dhcp_start=None, dhcp_end=None
            )
            with pytest.raises(BadInput, match=r"overlaps network 'lab'"):
                await session.vnets.update("kvnat", clash)
            with pytest.raises(BadInput, match=r"overlaps the host's network 198.51.100.0/24$"):
                await session.vnets.update("kvnat", NAT, host_networks=[N("198.51.100.0/24")])
            assert spec_from_network_xml(net(session, "kvnat").XMLDesc(0)) == NAT
        finally:
            await session.close()

    run(scenario())


def test_live_dhcp_failure_restores_the_definition(make_inventory: MakeInventory) -> None:
    """libvirt refuses the live range change: the error surfaces, the old definition returns.

    The network has a second IPv4 address that already serves DHCP; libvirt allows DHCP
    on one IPv4 address only, so adding a live range to the first one fails.
    """

    async def scenario() -> None:
        session = await opened(make_inventory(networks=()))
        watch = Watch(session)
        conn = session.raw_connection
        try:
            conn.networkCreateXML(
                "<network><name>two</name><forward mode='nat'/>"
                "<ip address='198.51.100.1' prefix='26'/>"
                "<ip address='203.0.113.1' prefix='26'><dhcp>"
                "<range start='203.0.113.10' end='203.0.113.20'/></dhcp></ip></network>"
            )
            await until(lambda: "two" in session.networks, "the network")
            live_before = net(session, "two").XMLDesc(0)
            spec = spec_from_network_xml(live_before)
            wanted = dataclasses.replace(
                spec, dhcp_start=A("198.51.100.10"), dhcp_end=A("198.51.100.20")
            )
            with pytest.raises(LibvirtFailure, match=r"only for a single IPv4 address"):
                await session.vnets.update("two", wanted)
            assert net(session, "two").XMLDesc(0) == live_before
            # defined with the change, then defined again as it was
            await until(
                lambda: (
                    [e for e in watch.events if e == ("two", "defined")] == [("two", "defined")] * 2
                ),
                "the new and the restored definition",
            )
        finally:
            await session.close()

    run(scenario())


def test_live_range_changes_are_undone_when_one_fails(inventory_uri: str) -> None:
    """Another client changed the ranges meanwhile: our delete fails, our earlier one is undone."""
    ensure_event_loop()
    conn = libvirt.open(inventory_uri)
    try:
        conn.networkCreateXML(
            "<network><name>r</name><ip address='198.51.100.1' prefix='26'><dhcp>"
            "<range start='198.51.100.10' end='198.51.100.19'/>"
            "<range start='198.51.100.20' end='198.51.100.29'/>"
            "</dhcp></ip></network>"
        )
        handle = conn.networkLookupByName("r")
        # what we believe is live: .10-.19 and .40-.49 (which someone else already removed)
        believed = (
            handle.XMLDesc(0)
            .replace("198.51.100.20", "198.51.100.40")
            .replace("198.51.100.29", "198.51.100.49")
        )
        wanted = (
            handle.XMLDesc(0)
            .replace("198.51.100.10", "198.51.100.50")
            .replace("198.51.100.19", "198.51.100.59")
        )
        with pytest.raises(libvirt.libvirtError, match=r"couldn't locate a matching dhcp range"):
            network_ops._update_ranges_live(handle, believed, wanted)
        after = dhcp_ranges(handle.XMLDesc(0))
        assert after is not None
        assert sorted(after[1]) == [
            ("198.51.100.10", "198.51.100.19"),
            ("198.51.100.20", "198.51.100.29"),
        ]
    finally:
        conn.close()


# --------------------------------------------------------------------- spec


def test_spec_is_what_an_edit_starts_from(make_inventory: MakeInventory) -> None:
    async def scenario() -> None:
        session = await opened(make_inventory())
        try:
            await session.vnets.create(NAT, start=False)
            assert await session.vnets.spec("kvnat") == NAT
            routed = dataclasses.replace(NAT, mode=M.ROUTED, subnet=N("198.51.100.128/25"))
            await session.vnets.update("kvnat", routed)
            assert await session.vnets.spec("kvnat") == routed
            # Autostart is no part of the XML: it comes from the network's row.
            await session.vnets.set_autostart("kvnat", False)
            assert await session.vnets.spec("kvnat") == dataclasses.replace(routed, autostart=False)

            lab = await session.vnets.spec("lab")  # from the inventory: host-only, no DHCP
            assert (lab.mode, lab.subnet, lab.dhcp_start) == (
                M.HOST_ONLY,
                N("203.0.113.0/25"),
                None,
            )
            with pytest.raises(BadInput, match="no network named 'nope'"):
                await session.vnets.spec("nope")
        finally:
            await session.close()

    run(scenario())


def test_spec_refuses_a_mode_kvmdesk_does_not_edit(make_inventory: MakeInventory) -> None:
    async def scenario() -> None:
        session = await opened(make_inventory())
        try:
            passthrough = (
                "<network><name>pass</name><forward mode='passthrough'>"
                "<interface dev='eth9'/></forward></network>"
            )
            await session.run(session.connection().networkDefineXML, passthrough)
            await until(lambda: "pass" in session.networks, "the network's row")
            with pytest.raises(BadInput, match="which kvmdesk does not edit"):
                await session.vnets.spec("pass")
        finally:
            await session.close()

    run(scenario())
