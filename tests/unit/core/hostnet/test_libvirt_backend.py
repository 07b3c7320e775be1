"""The libvirt host-interface backend on the test driver, through a real Session.

The test driver implements ``virInterfaceChangeBegin/Commit/Rollback`` and
``interfaceDefineXML`` for bonds, bridges and VLANs, and brings interfaces up and down
with ``create``/``destroy``. Its rollback restores definitions but leaves every
interface down; the backend brings back up what was up, and these tests check the
host afterwards looks exactly as before. Read-only detection on the udev backend needs
a real libvirtd: ``tests/integration/test_hostnet_libvirt_readonly.py``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import libvirt_backend
from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend
from kvmdesk.core.hostnet.libvirt_xml import bond_xml
from kvmdesk.core.hostnet.model import (
    DHCP,
    BondMode,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    EditBond,
    HostInterface,
    MiiMonitor,
    VlanSpec,
    find_interface,
)
from kvmdesk.core.hostnet.select import choose_backend
from kvmdesk.core.hostnet.types import LIBVIRT_CAPABILITIES, HostNetworkBackend
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.aio import run
from tests.helpers.hostnet_inventory import ethernet, write_inventory

BOND1 = BondSpec("bond1", BondMode.IEEE_802_3AD, ("eth1", "eth4"), mii=MiiMonitor(100), ip=DHCP)


async def open_backend(uri: str) -> tuple[Session, LibvirtInterfaceBackend]:
    session = Session(uri, reconnect=False)
    await session.connect()
    assert session.state is ConnectionState.CONNECTED, session.message
    return session, await LibvirtInterfaceBackend.open(session)


def by_name(rows: list[HostInterface]) -> dict[str, HostInterface]:
    return {row.name: row for row in rows}


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return write_inventory(tmp_path / "host.xml")


def test_lists_the_host(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            assert isinstance(backend, HostNetworkBackend)
            assert (backend.kind, backend.read_only_reason) == ("libvirt", None)
            assert backend.capabilities == LIBVIRT_CAPABILITIES
            rows = by_name(await backend.list_interfaces())
            assert sorted(rows) == ["bond0", "br0", "eth0", "eth1", "eth2", "eth3", "eth4", "eth5"]
            assert all(row.active for row in rows.values())
            assert rows["eth0"].controller == "br0" and rows["eth2"].controller == "bond0"
            assert rows["eth1"].mac == "52:54:00:00:e0:01"
            assert rows["br0"].ipv4 == ("203.0.113.200/25",)
            bond = rows["bond0"].bond
            assert bond is not None and bond.mode is BondMode.ACTIVE_BACKUP
            assert bond.primary == "eth2" and bond.mii == MiiMonitor(100)
        finally:
            await session.close()

    run(scenario())


def test_choose_backend_on_the_test_driver_is_libvirt(uri: str) -> None:
    async def scenario() -> None:
        session = Session(uri, reconnect=False)
        await session.connect()
        try:
            assert (await choose_backend(session)).kind == "libvirt"
            assert (await choose_backend(session, "libvirt")).kind == "libvirt"
            with pytest.raises(BadInput, match="manages this machine only"):
                await choose_backend(session, "nm")
            with pytest.raises(BadInput, match="unknown host-network backend 'wicked'"):
                await choose_backend(session, "wicked")
        finally:
            await session.close()

    run(scenario())


def test_begin_then_commit_keeps_the_bond(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            pending = await backend.begin(CreateBond(BOND1), rollback_timeout_s=30)
            assert pending.affected == ("bond1", "eth1", "eth4")
            assert pending.rollback_timeout_s == 30 and pending.notes == ()
            assert backend.pending is pending
            await backend.commit(pending)
            assert backend.pending is None
            rows = by_name(await backend.list_interfaces())
            assert rows["bond1"].active and rows["bond1"].ports == ("eth1", "eth4")
            assert rows["eth1"].controller == "bond1"
            assert rows["bond1"].bond is not None
            assert rows["bond1"].bond.mode is BondMode.IEEE_802_3AD
            # Committed means kept: a later transaction rolled back does not take it away.
            later = await backend.begin(
                CreateBridge(BridgeSpec("br5", ("eth5",))), rollback_timeout_s=30
            )
            await backend.rollback(later)
            rows = by_name(await backend.list_interfaces())
            assert "bond1" in rows and "br5" not in rows
            with pytest.raises(BadInput, match="no longer pending"):
                await backend.commit(pending)
        finally:
            await session.close()

    run(scenario())


def test_begin_then_rollback_leaves_the_host_as_it_was(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            before = await backend.list_interfaces()
            spec = replace(BOND1, bridge="vmbr1")
            pending = await backend.begin(CreateBond(spec), rollback_timeout_s=30)
            rows = by_name(await backend.list_interfaces())
            assert rows["vmbr1"].active and rows["bond1"].controller == "vmbr1"
            await backend.rollback(pending)
            assert await backend.list_interfaces() == before  # definitions and up/down state
            with pytest.raises(BadInput, match="no longer pending"):
                await backend.rollback(pending)
        finally:
            await session.close()

    run(scenario())


def test_refused_changes_open_no_transaction(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            before = await backend.list_interfaces()
            with pytest.raises(BadInput, match="eth2 is already a port of bond0"):
                await backend.begin(
                    CreateBond(replace(BOND1, ports=("eth2",))), rollback_timeout_s=30
                )
            with pytest.raises(BadInput, match="the libvirt backend cannot set the LACP rate"):
                await backend.preview(CreateBond(replace(BOND1, lacp_rate="fast")))
            assert backend.pending is None
            assert await backend.list_interfaces() == before
            # No transaction is left open: a new one begins.
            pending = await backend.begin(CreateBond(BOND1), rollback_timeout_s=30)
            with pytest.raises(BadInput, match="another host-network change is waiting"):
                await backend.begin(
                    CreateBridge(BridgeSpec("br5", ("eth5",))), rollback_timeout_s=30
                )
            await backend.rollback(pending)
        finally:
            await session.close()

    run(scenario())


def test_delete_gives_the_ports_back(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            preview = await backend.preview(DeleteInterface("bond0"))
            assert preview.lines == (
                "delete bond0",
                "eth2, eth3 become plain ethernet interfaces again",
            )
            assert '<interface type="bond" name="bond0">' in preview.document
            pending = await backend.begin(DeleteInterface("bond0"), rollback_timeout_s=30)
            await backend.commit(pending)
            rows = by_name(await backend.list_interfaces())
            assert "bond0" not in rows
            assert rows["eth2"].controller == "" and rows["eth3"].controller == ""
            assert rows["eth2"].active and rows["eth2"].kind == "ethernet"
        finally:
            await session.close()

    run(scenario())


def test_ports_defined_only_inside_the_bond_come_back_as_ethernet(tmp_path: Path) -> None:
    # A host whose bond ports have no definitions of their own (libvirt holds them only
    # inside the bridge over the bond): deleting the bridge defines them again.
    over = """<interface type='bridge' name='vmbr0'><start mode='onboot'/>
      <protocol family='ipv4'><dhcp/></protocol><bridge stp='off'>
      <interface type='bond' name='bond0'><bond mode='balance-xor'><miimon freq='100'/>
      <interface type='ethernet' name='ens5'><mac address='52:54:00:00:e0:05'/></interface>
      <interface type='ethernet' name='ens6'/></bond></interface></bridge></interface>"""
    uri = write_inventory(tmp_path / "host.xml", [ethernet("eth1"), over])

    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            rows = by_name(await backend.list_interfaces())
            assert sorted(rows) == ["bond0", "ens5", "ens6", "eth1", "vmbr0"]
            assert rows["bond0"].controller == "vmbr0" and rows["ens5"].controller == "bond0"
            with pytest.raises(BadInput, match="bond0 is a port of vmbr0: delete vmbr0"):
                await backend.preview(DeleteInterface("bond0"))
            pending = await backend.begin(DeleteInterface("vmbr0"), rollback_timeout_s=30)
            await backend.commit(pending)
            rows = by_name(await backend.list_interfaces())
            assert sorted(rows) == ["ens5", "ens6", "eth1"]
            assert rows["ens5"].kind == "ethernet" and rows["ens5"].mac == "52:54:00:00:e0:05"
            assert rows["ens5"].active and rows["ens6"].active
            assert rows["ens5"].ipv4 == () and rows["ens5"].controller == ""
        finally:
            await session.close()

    run(scenario())


def test_edit_a_bond_and_roll_the_edit_back(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            before = await backend.list_interfaces()
            bond0 = find_interface(before, "bond0")
            assert bond0 is not None and isinstance(bond0.definition, BondSpec)
            edited = replace(
                bond0.definition, mode=BondMode.BALANCE_XOR, ports=("eth2", "eth5"), primary=""
            )
            preview = await backend.preview(EditBond(edited))
            assert "eth3 leave the bond and become plain ethernet again" in preview.lines
            pending = await backend.begin(EditBond(edited), rollback_timeout_s=30)
            rows = by_name(await backend.list_interfaces())
            assert rows["bond0"].ports == ("eth2", "eth5") and rows["bond0"].active
            assert rows["eth3"].controller == "" and rows["eth5"].controller == "bond0"
            await backend.rollback(pending)
            assert await backend.list_interfaces() == before
        finally:
            await session.close()

    run(scenario())


def test_bridge_over_an_existing_bond_and_a_vlan(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        try:
            change = CreateBridge(BridgeSpec("vmbr0", ("bond0",), ip=DHCP))
            preview = await backend.preview(change)
            # libvirt's bridge holds its ports' whole definitions: the bond goes inline.
            assert '<interface type="bond" name="bond0">' in preview.document
            pending = await backend.begin(change, rollback_timeout_s=30)
            await backend.commit(pending)
            vlan = CreateVlan(VlanSpec("eth1.42", "eth1", 42))
            pending = await backend.begin(vlan, rollback_timeout_s=30)
            await backend.commit(pending)
            rows = by_name(await backend.list_interfaces())
            assert rows["bond0"].controller == "vmbr0"
            assert (rows["eth1.42"].vlan_parent, rows["eth1.42"].vlan_id) == ("eth1", 42)
            assert rows["eth1.42"].active
        finally:
            await session.close()

    run(scenario())


def test_a_closed_session_is_reported(uri: str) -> None:
    async def scenario() -> None:
        session, backend = await open_backend(uri)
        await session.close()
        with pytest.raises(LibvirtFailure, match="not connected"):
            await backend.list_interfaces()

    run(scenario())


def test_a_failing_define_leaves_nothing_applied(uri: str) -> None:
    # Validation stops bad specs before libvirt sees them; this drives the transaction
    # step itself with XML libvirt refuses, as a newer or stricter libvirt might.
    ensure_event_loop()
    conn = libvirt.open(uri)
    try:
        before = sorted((i.name(), i.XMLDesc(0), i.isActive()) for i in conn.listAllInterfaces(0))
        bad = "<interface type='bond' name='bond7'><bond mode='fastest'/></interface>"
        plan = libvirt_backend._Plan(define=(bond_xml(BOND1), bad), start=("bond1",))
        with pytest.raises(libvirt.libvirtError, match="unknown bonding mode"):
            libvirt_backend._apply(conn, plan)
        after = sorted((i.name(), i.XMLDesc(0), i.isActive()) for i in conn.listAllInterfaces(0))
        assert after == before
        conn.changeBegin(0)  # no transaction was left open
        conn.changeRollback(0)
    finally:
        conn.close()
