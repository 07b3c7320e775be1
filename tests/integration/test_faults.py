"""The daemon dies in the middle of an operation (SIGKILL at chosen libvirt calls).

Afterwards the state is the old one or the new one, or kvmdesk's error says exactly which
parts happened (:class:`PartialChange`) and applying again finishes the change; the
session reconnects by itself, its rows equal libvirt's, and no task exception is left
unretrieved.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.spec import MIB, SourceKind, VmSpec
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.partial import PartialChange
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.core.vnet.spec import NetworkSpec
from tests.helpers.aio import run
from tests.helpers.fault_injection import DaemonFaults
from tests.helpers.integration.images import ImageStore
from tests.helpers.integration.isolated_libvirtd import GuestXmlFactory, IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

MAC = "52:54:00:4b:17:a1"
INACTIVE = 2
NIC_STEPS = ("plan_edit", "live_step", "config_step", "undo_live_step")
NETWORK_STEPS = (
    "check_absent",
    "define_network",
    "virNetwork.setAutostart",
    "virNetwork.create",
    "undo_define",
)


@pytest.fixture(autouse=True)
def no_lost_task_exceptions(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.ERROR, logger="asyncio")
    yield
    gc.collect()
    lost = [r.getMessage() for r in caplog.records if "never retrieved" in r.getMessage()]
    assert lost == []


async def _until(predicate: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _recovered(session: Session, faults: DaemonFaults, daemon: IsolatedLibvirtd) -> None:
    """The daemon back; the session reconnected by itself, its rows equal libvirt's."""
    await _until(lambda: not session.connected, "the session to notice the loss", 30)
    faults.restart()
    await _until(lambda: session.state is ConnectionState.CONNECTED, "the reconnect", 90)
    await _until(lambda: not session.refresh_pending, "the refresh", 30)
    conn = daemon.open()
    try:
        theirs = {d.UUIDString(): (d.name(), bool(d.isActive())) for d in conn.listAllDomains()}
        networks = {n.name(): bool(n.isActive()) for n in conn.listAllNetworks()}
    finally:
        conn.close()
    await _until(
        lambda: {u: (d.name, d.state.is_active) for u, d in session.domains.items()} == theirs,
        "the rows to equal libvirt's",
        30,
    )
    assert {name: n.active for name, n in session.networks.items()} == networks


def _destroy(domain: Any) -> None:
    """Force off a guest if it runs (a restarted daemon may stop it any moment)."""
    try:
        domain.destroy()
    except libvirt.libvirtError:
        if domain.isActive():
            raise


# ------------------------------------------------------------------------ NIC apply


def _links(domain: Any) -> tuple[str, str]:
    """The NIC's link state (live, persistent)."""

    def state(xml: str) -> str:
        link = etree.fromstring(xml.encode()).find(
            f"devices/interface/mac[@address='{MAC}']/../link"
        )
        return "up" if link is None else str(link.get("state"))

    return state(domain.XMLDesc(0)), state(domain.XMLDesc(INACTIVE))


@pytest.mark.parametrize(
    ("kill", "expected"),
    [
        (("before", 2), "old"),  # before the live step
        (("after", 2), "finish"),  # between the live and the persistent step: finish it
        (("before", 3), "undo"),  # the same point, seen from the persistent step: undo it
        (("after", 3), "new"),  # after both
    ],
    ids=["before-live", "after-live", "before-persistent", "after-persistent"],
)
def test_nic_apply(
    isolated_libvirtd: IsolatedLibvirtd,
    guest_xml: GuestXmlFactory,
    nat_network: str,
    kill: tuple[str, int],
    expected: str,
) -> None:
    conn = isolated_libvirtd.open()
    name = f"kvmdesk-fault-nic-{kill[0]}-{kill[1]}"
    domain = conn.defineXML(guest_xml(name, mac=MAC))
    domain.create()
    conn.close()
    down = NicSpec(NicSource(NetworkMode.NONE, network=nat_network), link_up=False)

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        faults = DaemonFaults(session, isolated_libvirtd, counting=NIC_STEPS)
        uuid = session.lifecycle.find(name).uuid
        offered: list[PartialChange] = []
        session.interrupted.offered.connect(offered.append)
        try:
            (faults.kill_before if kill[0] == "before" else faults.kill_after)(kill[1])
            outcome: BaseException | None = None
            try:
                await session.nics.apply(uuid, MAC, down)
            except KvmdeskError as error:
                outcome = error
            assert faults.killed_at == kill
            assert tuple(faults.calls[: kill[1]]) == NIC_STEPS[: kill[1]]
            await _recovered(session, faults, isolated_libvirtd)
            fresh = session.raw_connection.lookupByName(name)
            if expected == "old":
                assert outcome is not None and not isinstance(outcome, PartialChange)
                assert _links(fresh) == ("up", "up")
            elif expected == "new":
                assert outcome is None
                assert _links(fresh) == ("down", "down")
            else:
                assert isinstance(outcome, PartialChange), outcome
                assert outcome.done == ("the running VM has it",)
                assert "saved configuration" in (outcome.not_done + outcome.uncertain)[0]
                assert str(outcome).startswith(("the connection was lost during", name))
                assert _links(fresh) == ("down", "up")  # exactly what the error says
                # Reconnected: offered, and the running NIC is seen to differ (the badge).
                assert outcome in session.interrupted.pending()
                assert offered == [outcome]
                await _until(lambda: MAC in session.nics.mismatched(uuid), "the mismatch", 30)
                assert MAC in session.nics.pending_restart(uuid)
                if expected == "finish":  # "Finish" = make the running NIC permanent
                    await session.interrupted.finish(outcome)
                    assert _links(fresh) == ("down", "down")
                else:  # "Undo" = the running NIC back as saved
                    await session.interrupted.undo(outcome)
                    assert _links(fresh) == ("up", "up")
                assert session.interrupted.pending() == []
                assert MAC not in session.nics.mismatched(uuid)
        finally:
            faults.remove()
            await session.close()

    try:
        run(scenario(), timeout=300)
    finally:
        if isolated_libvirtd.libvirtd_pid() is None:
            isolated_libvirtd.start_libvirtd()
        conn = isolated_libvirtd.open()
        handle = conn.lookupByName(name)
        _destroy(handle)
        handle.undefine()
        conn.close()


# ------------------------------------------------------------------- network create


def _network_state(conn: Any, name: str) -> dict[str, bool]:
    """What each step of a network create did: defined, autostart on, started."""
    existing = {n.name(): n for n in conn.listAllNetworks()}
    network = existing.get(name)
    if network is None:
        return {"defined": False, "autostart on": False, "started": False}
    return {
        "defined": True,
        "autostart on": bool(network.autostart()),
        "started": bool(network.isActive()),
    }


def _as_said(change: PartialChange, state: dict[str, bool]) -> None:
    """The state is exactly what the error says (steps of unknown outcome either way)."""
    for step in change.done:
        assert state[step], (step, state)
    for step in change.not_done:
        assert not state[step], (step, state)


@pytest.mark.parametrize(
    ("kill", "recover"),
    [
        (("before", 2), "undo"),  # before the define
        (("after", 2), "undo"),  # defined; autostart and start not done
        (("after", 3), "finish"),  # defined with autostart; not started
        (("after", 4), ""),  # complete
    ],
    ids=["before-define", "after-define", "after-autostart", "after-start"],
)
def test_network_create(
    isolated_libvirtd: IsolatedLibvirtd, kill: tuple[str, int], recover: str
) -> None:
    name = f"kd-fault-{kill[1]}"
    spec = NetworkSpec(
        name,
        NetworkMode.HOST_ONLY,
        IPv4Network("203.0.113.0/24"),
        IPv4Address("203.0.113.100"),
        IPv4Address("203.0.113.150"),
        bridge=f"virbr-kdf{kill[1]}",
    )

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        faults = DaemonFaults(session, isolated_libvirtd, counting=NETWORK_STEPS)
        offered: list[PartialChange] = []
        session.interrupted.offered.connect(offered.append)
        try:
            faults.kill_before(kill[1]) if kill[0] == "before" else faults.kill_after(kill[1])
            outcome: BaseException | None = None
            try:
                await session.vnets.create(spec, host_networks=[])
            except KvmdeskError as error:
                outcome = error
            assert tuple(faults.calls[: kill[1]]) == NETWORK_STEPS[: kill[1]]
            await _recovered(session, faults, isolated_libvirtd)
            state = _network_state(session.raw_connection, name)
            if not recover:
                # Done; at most the read-back after the last step met the dead daemon.
                assert outcome is None or "was created; the connection was lost" in str(outcome)
                assert state == {"defined": True, "autostart on": True, "started": True}
                assert offered == []
                return
            if not isinstance(outcome, PartialChange) and "nothing was done" in str(outcome):
                # The loss was known before the define: it was never sent.
                assert state == {"defined": False, "autostart on": False, "started": False}
                assert offered == [] and session.interrupted.pending() == []
                return
            assert isinstance(outcome, PartialChange), outcome
            assert f"creating network {name}" in str(outcome)
            _as_said(outcome, state)
            # Reconnected: kvmdesk offers to finish or undo it (the GUI's buttons).
            assert offered == [outcome]
            assert outcome.recovery is not None and outcome.recovery.undo_commands
            if recover == "finish":
                await session.interrupted.finish(outcome)
                expected = {"defined": True, "autostart on": True, "started": True}
                assert session.networks[name].active
            else:
                await session.interrupted.undo(outcome)
                expected = {"defined": False, "autostart on": False, "started": False}
                assert name not in session.networks
            assert _network_state(session.raw_connection, name) == expected
            assert session.interrupted.pending() == []
        finally:
            faults.remove()
            await session.close()

    try:
        run(scenario(), timeout=300)
    finally:
        if isolated_libvirtd.libvirtd_pid() is None:
            isolated_libvirtd.start_libvirtd()
        conn = isolated_libvirtd.open()
        try:
            network = conn.networkLookupByName(name)
        except libvirt.libvirtError:
            pass
        else:
            if network.isActive():
                network.destroy()
            network.undefine()
        conn.close()


# ---------------------------------------------------------------- bulk lifecycle

# Seconds after the reconnect within which every row's state equals libvirt's.
STATE_BOUND = 20.0


async def _states_match(session: Session, daemon: IsolatedLibvirtd, bound: float) -> None:
    """Rows and libvirt agree on every domain's state, and go on agreeing for a while."""
    deadline = time.monotonic() + bound

    def theirs() -> dict[str, str]:
        conn = daemon.open()
        try:
            return {
                d.UUIDString(): DomainState.from_libvirt(d.state()[0]).value
                for d in conn.listAllDomains()
            }
        finally:
            conn.close()

    while True:
        ours = {uuid: d.state.value for uuid, d in session.domains.items()}
        if ours == theirs():
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"rows still differ from libvirt after {bound:g} s")
        await asyncio.sleep(0.25)
    # Stable: the re-reads after the reconnect have run and changed nothing back.
    await _until(lambda: not session.resync.running, "the re-reads after reconnecting", bound)
    await _until(lambda: not session.refresh_pending, "the refresh", 30)
    assert {uuid: d.state.value for uuid, d in session.domains.items()} == theirs()


def test_bulk_start_of_twenty_domains(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory
) -> None:
    names = [f"kvmdesk-fault-bulk-{n:02d}" for n in range(20)]
    conn = isolated_libvirtd.open()
    for number, name in enumerate(names):
        conn.defineXML(guest_xml(name, memory_mib=64, mac=f"52:54:00:4b:18:{number:02x}"))
    conn.close()

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        faults = DaemonFaults(session, isolated_libvirtd, counting={"run_action"})
        try:
            faults.kill_after(7)
            uuids = [session.lifecycle.find(name).uuid for name in names]
            results = await asyncio.gather(
                *(session.lifecycle.perform(uuid, DomainAction.START) for uuid in uuids),
                return_exceptions=True,
            )
            assert all(r is None or isinstance(r, KvmdeskError) for r in results), results
            failed = {names[i] for i, r in enumerate(results) if r is not None}
            assert 0 < len(failed) < len(names)
            await _recovered(session, faults, isolated_libvirtd)
            # Every row's state (not only the list of rows) equals libvirt's within a short
            # bound, also for guests the restarted daemon could not take back.
            await _states_match(session, isolated_libvirtd, STATE_BOUND)
            running = {n for n in names if session.lifecycle.find(n).state.is_active}
            # Every start kvmdesk reported as done did happen; the rows show the rest as
            # libvirt has them (a start lost in flight may have happened: the row says so).
            assert set(names) - failed <= running
            # Finishing the bulk action: start what is not running.
            for name in set(names) - running:
                await session.lifecycle.perform(
                    session.lifecycle.find(name).uuid, DomainAction.START
                )
            await _until(
                lambda: all(session.lifecycle.find(n).state.is_active for n in names),
                "all twenty running",
            )
        finally:
            faults.remove()
            await session.close()

    try:
        run(scenario(), timeout=400)
    finally:
        if isolated_libvirtd.libvirtd_pid() is None:
            isolated_libvirtd.start_libvirtd()
        conn = isolated_libvirtd.open()
        for name in names:
            handle = conn.lookupByName(name)
            _destroy(handle)
            handle.undefine()
        conn.close()


# ------------------------------------------------------------------------ snapshots

A, B = 0xA1, 0xB2
SNAPSHOT_CALLS = {
    "create": "create",
    "revert": "revert",
    "delete": "Snapshots.delete.<locals>.<lambda>",
}


@pytest.fixture(scope="module")
def store(isolated_libvirtd: IsolatedLibvirtd) -> ImageStore:
    images = ImageStore(isolated_libvirtd)
    conn = isolated_libvirtd.open()
    try:
        images.ensure_pool(conn)
    finally:
        conn.close()
    return images


def _snapshot_vm(name: str, disk: str) -> str:
    return (
        f"<domain type='qemu'><name>{name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        f"<source file='{disk}'/><target dev='vda' bus='virtio'/></disk>"
        "<memballoon model='none'/></devices></domain>"
    )


@pytest.mark.parametrize("kill", ["before", "after"])
@pytest.mark.parametrize("operation", ["create", "revert", "delete"])
def test_snapshot_operation(
    isolated_libvirtd: IsolatedLibvirtd, store: ImageStore, operation: str, kill: str
) -> None:
    """A snapshot create, revert or delete is one libvirt call: killed before it, nothing
    changed and the error says the connection was lost during it; killed after it, it is
    done. Afterwards the snapshot list and the disk's data are the old or the new ones,
    and the image is sound."""
    name = f"kvmdesk-fault-snap-{operation}-{kill}"
    disk = store.create(f"{name}.qcow2")
    store.write(disk, A)
    conn = isolated_libvirtd.open()
    uuid = conn.defineXML(_snapshot_vm(name, disk)).UUIDString()
    conn.close()

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        if operation != "create":
            await session.snapshots.create(uuid, "base")
            store.write(disk, B)  # changed since the snapshot
        old = {"create": [], "revert": ["base"], "delete": ["base"]}[operation]
        new = {"create": ["new"], "revert": ["base"], "delete": []}[operation]
        faults = DaemonFaults(session, isolated_libvirtd, counting={SNAPSHOT_CALLS[operation]})
        try:
            (faults.kill_before if kill == "before" else faults.kill_after)(1)
            outcome: KvmdeskError | None = None
            try:
                if operation == "create":
                    await session.snapshots.create(uuid, "new")
                elif operation == "revert":
                    await session.snapshots.revert(uuid, "base")
                else:
                    await session.snapshots.delete(uuid, "base")
            except KvmdeskError as error:
                outcome = error
            assert faults.killed_at == (kill, 1)
            await _recovered(session, faults, isolated_libvirtd)
            names = [s.name for s in (await session.snapshots.overview(uuid)).tree]
            if kill == "before":
                assert outcome is not None
                assert str(outcome).startswith("the connection was lost during "), outcome
                assert "not known whether it was done" in str(outcome)
            else:
                assert outcome is None
            assert names in (old, new)
            assert names == (old if kill == "before" else new)
            if operation == "revert":  # the data follows the snapshot list's story
                assert store.holds(disk, A if kill == "after" else B)
            store.check(disk)
        finally:
            faults.remove()
            await session.close()

    try:
        run(scenario(), timeout=300)
    finally:
        faults_cleanup(isolated_libvirtd, [name])


def faults_cleanup(daemon: IsolatedLibvirtd, names: list[str]) -> None:
    """Restart the daemon if a failure left it down; remove the domains (and snapshots)."""
    if daemon.libvirtd_pid() is None:
        daemon.start_libvirtd()
    conn = daemon.open()
    try:
        for name in names:
            try:
                handle = conn.lookupByName(name)
            except libvirt.libvirtError:
                continue
            _destroy(handle)
            for snapshot in handle.listAllSnapshots(0):
                snapshot.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY)
            handle.undefine()
    finally:
        conn.close()


# --------------------------------------------------------------------- VM creation

CREATE_POOL = "kvmdesk-fault-create"


@pytest.fixture(scope="module")
def create_pool(isolated_libvirtd: IsolatedLibvirtd) -> str:
    conn = isolated_libvirtd.open()
    try:
        pools = {p.name(): p for p in conn.listAllStoragePools(0)}
        pool = pools.get(CREATE_POOL) or conn.storagePoolDefineXML(
            f"<pool type='dir'><name>{CREATE_POOL}</name>"
            "<target><path>/var/lib/libvirt/images/fault-create</path></target></pool>",
            0,
        )
        if not pool.isActive():
            pool.build(0)
            pool.create(0)
    finally:
        conn.close()
    return CREATE_POOL


def _created_state(conn: Any, name: str) -> tuple[bool, bool, bool]:
    """(volume exists, VM defined, VM running)."""
    pool = conn.storagePoolLookupByName(CREATE_POOL)
    pool.refresh(0)
    volume = f"{name}.qcow2" in pool.listVolumes()
    domains = {d.name(): d for d in conn.listAllDomains()}
    domain = domains.get(name)
    return volume, domain is not None, bool(domain is not None and domain.isActive())


@pytest.mark.parametrize(
    ("kill", "recover"),
    [
        (("after", "create_volume"), "undo"),  # the disk made; not defined yet
        (("after", "virConnect.defineXML"), "finish"),  # defined; not started
        (("after", "virDomain.create"), ""),  # started: complete
    ],
    ids=["after-disk", "after-define", "after-start"],
)
def test_vm_creation(
    isolated_libvirtd: IsolatedLibvirtd,
    nat_network: str,
    create_pool: str,
    kill: tuple[str, str],
    recover: str,
) -> None:
    name = f"kvmdesk-fault-new-{kill[1].rsplit('.', 1)[-1].lower().replace('_', '-')}"
    spec = VmSpec(
        name=name,
        source=SourceKind.MANUAL,
        os_id="",
        cpus=1,
        memory=128 * MIB,
        disk_size=16 * MIB,
        pool=create_pool,
        nic=NicSpec(NicSource(NetworkMode.NAT, network=nat_network)),
        domain_type="qemu",
    )

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        await session.connect()
        survey = await session.create.survey()
        faults = DaemonFaults(session, isolated_libvirtd, counting={kill[1]})
        offered: list[PartialChange] = []
        session.interrupted.offered.connect(offered.append)
        try:
            faults.kill_after(1)
            outcome: KvmdeskError | None = None
            try:
                await session.create.create(spec, survey)
            except KvmdeskError as error:
                outcome = error
            assert faults.killed_at == ("after", 1), faults.all_calls
            await _recovered(session, faults, isolated_libvirtd)
            state = _created_state(session.raw_connection, name)
            if not recover:
                assert outcome is None
                assert state == (True, True, True)
                return
            assert isinstance(outcome, PartialChange), outcome
            assert str(outcome).startswith(f"the connection was lost during creating VM {name}")
            # Exactly what the error says is there, is there.
            said = set(outcome.done)
            assert (f"volume {create_pool}/{name}.qcow2" in said) == state[0]
            assert (f"VM {name}" in said) == state[1]
            assert offered == [outcome]
            if recover == "finish":
                assert outcome.recovery is not None and outcome.recovery.finish is not None
                await session.interrupted.finish(outcome)
                assert _created_state(session.raw_connection, name) == (True, True, True)
            else:
                await session.interrupted.undo(outcome)
                assert _created_state(session.raw_connection, name) == (False, False, False)
            assert session.interrupted.pending() == []
        finally:
            faults.remove()
            await session.close()

    try:
        run(scenario(), timeout=300)
    finally:
        faults_cleanup(isolated_libvirtd, [name])
        conn = isolated_libvirtd.open()
        try:
            pool = conn.storagePoolLookupByName(CREATE_POOL)
            pool.refresh(0)
            if f"{name}.qcow2" in pool.listVolumes():
                pool.storageVolLookupByName(f"{name}.qcow2").delete(0)
        finally:
            conn.close()
