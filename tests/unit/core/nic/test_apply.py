"""Applying NIC changes through the session, on libvirt's test driver.

What the test driver (libvirt 9.0) supports, checked by these tests: ``defineXML``
of a shut-off or running domain (a running one gets a new persistent definition,
its live one stays), ``XMLDesc`` with ``INACTIVE``/``SECURE``; it does **not**
support ``updateDeviceFlags``, ``attachDeviceFlags`` or ``detachDeviceFlags`` (any
flags, any state: ``VIR_ERR_NO_SUPPORT``) nor ``getDomainCapabilities``. So the
persistent path, validation, the fallback "takes effect after restart" and the
failure path run here; a change that really goes live is the integration tests' job.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.nic import choices as nic_choices
from kvmdesk.core.nic.apply import NicAction, restart_reasons
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.core.util.mac import QEMU_PREFIX
from tests.helpers.aio import run, until
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, MakeInventory, Net, Nic, domain_xml

M = NetworkMode
ALPHA_NIC = "52:54:00:00:00:01"  # running alpha's NIC on "lan" (nat)
DELTA_NIC = "52:54:00:00:00:04"  # shut-off delta's NIC on "lan"

NETWORKS = (
    Net("lan", forward="nat", address="198.51.100.1", bridge="virbr-lan"),
    Net("lab", address="203.0.113.1", bridge="br-lab"),
    Net("uplink", forward="bridge", bridge="br0"),
)
DOMAINS = (
    Dom("alpha", RUNNING, nics=(Nic(ALPHA_NIC), Nic("52:54:00:00:00:02", type="user"))),
    Dom("delta", SHUTOFF, nics=(Nic(DELTA_NIC, model="e1000e"),)),
    Dom("empty", SHUTOFF),
)


@pytest.fixture
def uri(make_inventory: MakeInventory) -> str:
    return make_inventory(DOMAINS, NETWORKS)


@contextlib.asynccontextmanager
async def connected(uri: str) -> AsyncIterator[Session]:
    session = Session(uri, reconnect=False)
    try:
        await session.connect()
        yield session
    finally:
        await session.close()


def _xml(session: Session, name: str, *, inactive: bool) -> str:
    domain = session.raw_connection.lookupByName(name)
    return str(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE if inactive else 0))


def _interface(xml: str, mac: str) -> etree._Element | None:
    for interface in etree.fromstring(xml.encode()).iterfind("devices/interface"):
        found = interface.find("mac")
        if found is not None and found.get("address") == mac:
            return interface
    return None


def _summary(xml: str, mac: str) -> tuple[str | None, dict[str, str], str | None, str]:
    interface = _interface(xml, mac)
    assert interface is not None, f"no NIC {mac}"
    source = interface.find("source")
    model = interface.find("model")
    link = interface.find("link")
    return (
        interface.get("type"),
        dict(source.attrib) if source is not None else {},
        model.get("type") if model is not None else None,
        link.get("state", "up") if link is not None else "up",
    )


def test_shut_off_domain_changes_persistently(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            spec = NicSpec(NicSource(M.HOST_ONLY, network="lab"), model="")
            result = await session.nics.apply(delta, DELTA_NIC, spec)
            assert (result.action, result.live, result.config, result.needs_restart) == (
                NicAction.UPDATE,
                False,
                True,
                False,
            )
            assert result.describe() == f"delta: NIC {DELTA_NIC} changed in the configuration"
            assert _summary(_xml(session, "delta", inactive=True), DELTA_NIC) == (
                "network",
                {"network": "lab"},
                "e1000e",
                "up",
            )
            assert session.nics.pending_restart(delta) == frozenset()
            # The change arrives in the domain's row by its "defined" event.
            await until(
                lambda: session.domains[delta].nics[0].source == "lab", "delta's row to update"
            )

    run(scenario())


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (NicSpec(NicSource(M.BRIDGED, bridge="br7"), model=""), ("bridge", {"bridge": "br7"})),
        (
            NicSpec(NicSource(M.BRIDGED, network="uplink"), model=""),
            ("network", {"network": "uplink"}),
        ),
        (
            NicSpec(NicSource(M.MACVTAP, device="eth0", macvtap_mode="private"), model=""),
            ("direct", {"dev": "eth0", "mode": "private"}),
        ),
        (NicSpec(NicSource(M.USER), model="rtl8139"), ("user", {})),
    ],
    ids=["bridge", "bridge-network", "macvtap", "user"],
)
def test_every_kind_of_source_is_stored(
    uri: str, spec: NicSpec, expected: tuple[str, dict[str, str]]
) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            await session.nics.apply(session.lifecycle.find("delta").uuid, DELTA_NIC, spec)
            kind, source, model, link = _summary(_xml(session, "delta", inactive=True), DELTA_NIC)
            assert (kind, source, link) == (*expected, "up")
            assert model == (spec.model or "e1000e")

    run(scenario())


def test_unplugging_and_plugging_back(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            await session.nics.apply(delta, DELTA_NIC, NicSpec(NicSource(M.NONE), model=""))
            assert _summary(_xml(session, "delta", inactive=True), DELTA_NIC) == (
                "network",
                {"network": "lan"},
                "e1000e",
                "down",
            )
            await session.nics.apply(
                delta, DELTA_NIC, NicSpec(NicSource(M.NAT, network="lan"), model="")
            )
            assert _summary(_xml(session, "delta", inactive=True), DELTA_NIC)[3] == "up"

    run(scenario())


def test_running_domain_falls_back_to_config_and_needs_restart(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            alpha = session.lifecycle.find("alpha").uuid
            live_before = _xml(session, "alpha", inactive=False)
            changes: list[str] = []
            session.pending_restart_changed.connect(lambda _s, uuid: changes.append(uuid))

            spec = NicSpec(NicSource(M.HOST_ONLY, network="lab"), model="")
            plan = await session.nics.plan(alpha, ALPHA_NIC, spec)
            assert (plan.running, plan.in_live, plan.in_config, plan.live_possible) == (
                True,
                True,
                True,
                True,
            )
            result = await session.nics.apply(alpha, ALPHA_NIC, spec)
            # The test driver has no updateDeviceFlags: libvirt says so, the change
            # goes to the configuration and waits for a restart.
            assert (result.live, result.config, result.needs_restart) == (False, True, True)
            assert "not supported" in result.note
            assert _xml(session, "alpha", inactive=False) == live_before
            assert _summary(_xml(session, "alpha", inactive=True), ALPHA_NIC)[:2] == (
                "network",
                {"network": "lab"},
            )
            assert session.nics.pending_restart(alpha) == frozenset({ALPHA_NIC})
            assert changes == [alpha]

            # Stopping the domain: its next start runs the new definition.
            await session.lifecycle.perform(alpha, DomainAction.DESTROY)
            await until(lambda: not session.nics.pending_restart(alpha), "the badge to go")
            assert changes == [alpha, alpha]

    run(scenario())


def test_model_and_mac_changes_never_try_to_go_live(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            alpha = session.lifecycle.find("alpha").uuid
            spec = NicSpec(NicSource(M.NAT, network="lan"), "52:54:00:aa:bb:cc", "e1000")
            plan = await session.nics.plan(alpha, ALPHA_NIC, spec)
            assert not plan.live_possible
            assert plan.restart_reasons == ("MAC address", "model")
            result = await session.nics.apply(alpha, ALPHA_NIC, spec)
            assert (result.live, result.config, result.needs_restart) == (False, True, True)
            assert result.note == "MAC address, model cannot change while running"
            assert result.mac == "52:54:00:aa:bb:cc"
            assert session.nics.pending_restart(alpha) == {ALPHA_NIC, "52:54:00:aa:bb:cc"}
            with pytest.raises(BadInput, match="cannot change the model of a running NIC"):
                await session.nics.apply(
                    alpha,
                    ALPHA_NIC,
                    NicSpec(NicSource(M.NAT, network="lan"), model="e1000e"),
                    live=True,
                )

    run(scenario())


def test_insisting_on_live_fails_and_leaves_the_domain_as_it_was(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            alpha = session.lifecycle.find("alpha").uuid
            live_before = _xml(session, "alpha", inactive=False)
            config_before = _xml(session, "alpha", inactive=True)
            spec = NicSpec(NicSource(M.HOST_ONLY, network="lab"), model="")
            with pytest.raises(LibvirtFailure) as caught:
                await session.nics.apply(alpha, ALPHA_NIC, spec, live=True, config=True)
            assert str(caught.value) == (
                "this function is not supported by the connection driver: "
                "virDomainUpdateDeviceFlags"
            )
            assert _xml(session, "alpha", inactive=False) == live_before
            assert _xml(session, "alpha", inactive=True) == config_before
            assert session.nics.pending_restart(alpha) == frozenset()

    run(scenario())


def test_failing_definition_leaves_the_domain_as_it_was(uri: str) -> None:
    """libvirt 9.0 refuses ``<backend type='passt'/>`` (its parser, not its schema)."""

    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            before = _xml(session, "delta", inactive=True)
            spec = NicSpec(NicSource(M.USER, backend="passt"), model="")
            try:
                await session.nics.apply(delta, DELTA_NIC, spec)
            except LibvirtFailure as failure:
                assert "passt" in str(failure)
                assert _xml(session, "delta", inactive=True) == before
            else:
                pytest.skip("this libvirt accepts passt; no failure to provoke here")

    if libvirt.getVersion() >= 9_001_000:
        pytest.skip("passt is accepted from libvirt 9.1; no failure to provoke here")
    run(scenario())


def test_options_that_cannot_apply_are_bad_input(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            spec = NicSpec(NicSource(M.NAT, network="lan"), model="")
            with pytest.raises(BadInput, match="domain 'delta' is not running"):
                await session.nics.apply(delta, DELTA_NIC, spec, live=True)
            with pytest.raises(BadInput, match="nothing to change"):
                await session.nics.apply(delta, DELTA_NIC, spec, live=False, config=False)
            with pytest.raises(BadInput, match="domain 'delta' has no NIC with MAC"):
                await session.nics.apply(delta, "52:54:00:00:00:99", spec)
            with pytest.raises(BadInput, match="network 'lan' is nat, not host-only"):
                await session.nics.apply(
                    delta, DELTA_NIC, NicSpec(NicSource(M.HOST_ONLY, network="lan"))
                )
            with pytest.raises(BadInput, match="no network named 'nowhere'"):
                await session.nics.plan(
                    delta, DELTA_NIC, NicSpec(NicSource(M.NAT, network="nowhere"))
                )
            alpha = session.lifecycle.find("alpha").uuid
            with pytest.raises(BadInput, match="already has a NIC with MAC 52:54:00:00:00:02"):
                await session.nics.apply(
                    alpha, ALPHA_NIC, NicSpec(NicSource(M.USER), "52:54:00:00:00:02")
                )

    run(scenario())


def test_plans_change_nothing(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            before = _xml(session, "delta", inactive=True)
            plan = await session.nics.plan(delta, DELTA_NIC, NicSpec(NicSource(M.USER), model=""))
            removal = await session.nics.removal_plan(delta, DELTA_NIC)
            assert _xml(session, "delta", inactive=True) == before
            assert _summary(plan.xml, DELTA_NIC)[0] == "user"
            assert plan.interface_xml.startswith('<interface type="user">')
            assert _interface(removal.xml, DELTA_NIC) is None
            assert removal.interface_xml == ""

    run(scenario())


def test_adding_nics(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            empty = session.lifecycle.find("empty").uuid
            result = await session.nics.apply(empty, None, NicSpec(NicSource(M.NAT, network="lan")))
            assert result.action is NicAction.ADD
            assert result.mac.startswith(QEMU_PREFIX)
            assert result.mac not in {ALPHA_NIC, "52:54:00:00:00:02", DELTA_NIC}
            assert _summary(_xml(session, "empty", inactive=True), result.mac) == (
                "network",
                {"network": "lan"},
                "virtio",
                "up",
            )
            chosen = await session.nics.apply(
                empty, None, NicSpec(NicSource(M.USER), "52:54:00:00:00:42", "e1000e")
            )
            assert chosen.mac == "52:54:00:00:00:42"
            with pytest.raises(BadInput, match="already has a NIC with MAC 52:54:00:00:00:42"):
                await session.nics.apply(
                    empty, None, NicSpec(NicSource(M.USER), "52:54:00:00:00:42")
                )
            # Running: hot-plug is not in the test driver, so the NIC waits for a restart.
            alpha = session.lifecycle.find("alpha").uuid
            running = await session.nics.apply(alpha, None, NicSpec(NicSource(M.USER)))
            assert (running.live, running.config, running.needs_restart) == (False, True, True)
            assert _interface(_xml(session, "alpha", inactive=True), running.mac) is not None
            assert _interface(_xml(session, "alpha", inactive=False), running.mac) is None

    run(scenario())


def test_removing_nics(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            result = await session.nics.remove(delta, DELTA_NIC)
            assert (result.action, result.config, result.needs_restart) == (
                NicAction.REMOVE,
                True,
                False,
            )
            assert result.describe() == f"delta: NIC {DELTA_NIC} removed from the configuration"
            assert _interface(_xml(session, "delta", inactive=True), DELTA_NIC) is None
            alpha = session.lifecycle.find("alpha").uuid
            with pytest.raises(LibvirtFailure, match="virDomainDetachDeviceFlags"):
                await session.nics.remove(alpha, ALPHA_NIC, live=True)
            running = await session.nics.remove(alpha, ALPHA_NIC)
            assert (running.live, running.config, running.needs_restart) == (False, True, True)
            assert _interface(_xml(session, "alpha", inactive=False), ALPHA_NIC) is not None
            assert _interface(_xml(session, "alpha", inactive=True), ALPHA_NIC) is None

    run(scenario())


def test_mac_in_use_and_nic_models(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            delta = session.lifecycle.find("delta").uuid
            assert session.nics.mac_in_use(ALPHA_NIC) == ["alpha"]
            assert session.nics.mac_in_use(DELTA_NIC, exclude=delta) == []
            # No domain capabilities on the test driver: the fallback list, and the
            # model delta already uses is in it.
            models = await session.nics.models(delta)
            assert models == list(nic_choices.FALLBACK_MODELS)

    run(scenario())


def test_host_bridges_and_devices_from_libvirt(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            conn = session.raw_connection
            for xml in (
                "<interface type='bridge' name='br7'><bridge>"
                "<interface type='ethernet' name='eth7'/></bridge></interface>",
                # Built by the host-only network "lab": not a bridge to offer.
                "<interface type='bridge' name='br-lab'><bridge/></interface>",
                "<interface type='bridge' name='br0'><bridge/></interface>",
                "<interface type='ethernet' name='eth3'/>",
                "<interface type='ethernet' name='vnet4'/>",
            ):
                conn.interfaceDefineXML(xml, 0)
            assert await session.nics.host_bridges() == ["br0", "br7"]
            # eth7 is a port of br7, not a top-level interface; vnet4 is a guest's tap.
            assert await session.nics.host_devices() == ["eth3"]

    run(scenario())


def _touch(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="ascii")


def test_sysfs_bridges_and_devices(tmp_path: Path) -> None:
    net = tmp_path / "net"
    for name, kind in [
        ("lo", "772"),
        ("eth0", "1"),
        ("enp3s0", "1"),
        ("bond0", "1"),
        ("br0", "1"),
        ("virbr0", "1"),
        ("vnet0", "1"),
        ("tap3", "1"),
        ("wlan0", "1"),
        ("ifb0", "1"),
        ("wg0", "65534"),
    ]:
        _touch(net / name / "type", kind + "\n")
    (net / "br0" / "bridge").mkdir()
    (net / "virbr0" / "bridge").mkdir()
    _touch(net / "tap3" / "tun_flags", "0x1002\n")
    (net / "wlan0" / "wireless").mkdir()
    assert nic_choices.sysfs_bridges(net) == ["br0"]
    assert nic_choices.sysfs_devices(net) == ["bond0", "enp3s0", "eth0"]
    assert nic_choices.sysfs_bridges(tmp_path / "missing") == []
    assert nic_choices.reads_local_sysfs("qemu:///system")
    assert not nic_choices.reads_local_sysfs("test:///default")
    assert not nic_choices.reads_local_sysfs("qemu+ssh://root@far/system")


def test_models_from_capabilities() -> None:
    caps = """<domainCapabilities><devices>
      <interface supported='yes'>
        <enum name='backendType'><value>default</value><value>passt</value></enum>
        <enum name='model'><value>virtio</value><value>igb</value></enum>
      </interface></devices></domainCapabilities>"""
    assert nic_choices.models_from_capabilities(caps) == ["virtio", "igb"]
    assert nic_choices.models_from_capabilities("<domainCapabilities/>") == []
    assert nic_choices.models_from_capabilities("") == []


NETS = {
    "lan": NetworkSnapshot("t", "lan", "", M.NAT),
    "lab": NetworkSnapshot("t", "lab", "", M.HOST_ONLY),
    "pool": NetworkSnapshot("t", "pool", "", M.MACVTAP),
}


@pytest.mark.parametrize(
    ("nic", "spec", "reasons"),
    [
        (
            NicSnapshot(ALPHA_NIC, "virtio", "network", "lan"),
            NicSpec(NicSource(M.HOST_ONLY, network="lab"), model=""),
            (),
        ),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "network", "lan"),
            NicSpec(NicSource(M.BRIDGED, bridge="br0"), model=""),
            (),
        ),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "bridge", "br0"),
            NicSpec(NicSource(M.NONE), model=""),
            (),
        ),
        (NicSnapshot(ALPHA_NIC, "virtio", "user", ""), NicSpec(NicSource(M.USER), model=""), ()),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "network", "lan"),
            NicSpec(NicSource(M.MACVTAP, network="pool"), model=""),
            ("connection type (network to network)",),
        ),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "user", ""),
            NicSpec(NicSource(M.NAT, network="lan"), model=""),
            ("connection type (user to network)",),
        ),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "direct", "eth0", macvtap_mode="vepa"),
            NicSpec(NicSource(M.MACVTAP, device="eth0", macvtap_mode="bridge"), model=""),
            ("connection type (direct to direct)",),
        ),
        (
            NicSnapshot(ALPHA_NIC, "virtio", "user", ""),
            NicSpec(NicSource(M.USER), "52:54:00:00:00:77", "e1000"),
            ("MAC address", "model"),
        ),
    ],
)
def test_what_libvirt_can_change_on_a_running_nic(
    nic: NicSnapshot, spec: NicSpec, reasons: tuple[str, ...]
) -> None:
    assert restart_reasons(nic, spec, NETS) == reasons


# -------------------------------------------------------------- config_nics


def _sources(nics: tuple[NicSnapshot, ...]) -> list[tuple[str, str, str]]:
    return [(nic.mac, nic.type, nic.source) for nic in nics]


def test_config_nics_are_the_definitions_nics_with_changes_waiting(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            alpha = session.lifecycle.find("alpha").uuid
            running = _sources(session.domains[alpha].nics)
            assert _sources(await session.nics.config_nics(alpha)) == running

            # The test driver changes a running domain's NICs only in its definition.
            spec = NicSpec(NicSource(M.HOST_ONLY, network="lab"), model="")
            result = await session.nics.apply(alpha, ALPHA_NIC, spec)
            assert result.needs_restart
            config = await session.nics.config_nics(alpha)
            assert _sources(config)[0] == (ALPHA_NIC, "network", "lab")
            assert _sources(session.domains[alpha].nics) == running  # still running on "lan"
            assert all(isinstance(nic, NicSnapshot) for nic in config)

            # A shut-off domain runs its definition next: its row shows exactly that.
            delta = session.lifecycle.find("delta")
            assert await session.nics.config_nics(delta.uuid) == delta.nics
            assert await session.nics.config_nics(session.lifecycle.find("empty").uuid) == ()

            with pytest.raises(BadInput):
                await session.nics.config_nics("00000000-0000-0000-0000-000000000000")

    run(scenario())


def test_a_transient_domain_has_no_config_nics(uri: str) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            dom = Dom("fleeting", nics=(Nic("52:54:00:00:00:77"),))
            handle = session.raw_connection.createXML(domain_xml(dom), 0)
            await until(lambda: dom.uuid in session.domains, "the transient domain's row")
            assert not session.domains[dom.uuid].persistent
            assert _sources(session.domains[dom.uuid].nics) == [
                ("52:54:00:00:00:77", "network", "lan")
            ]
            assert await session.nics.config_nics(dom.uuid) == ()
            handle.destroy()

    run(scenario())


def test_ports_of_a_bond_or_bridge_are_not_offered_for_macvtap(uri: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with connected(uri) as session:
            conn = session.raw_connection
            for xml in (
                # udev-style listings show a port on its own as well as inside its bond.
                "<interface type='ethernet' name='eth5'/>",
                "<interface type='ethernet' name='eth6'/>",
                "<interface type='bond' name='bond9'><bond mode='active-backup'>"
                "<interface type='ethernet' name='eth5'/></bond></interface>",
            ):
                conn.interfaceDefineXML(xml, 0)
            assert await session.nics.host_devices() == ["bond9", "eth6"]

    run(scenario())
    net = tmp_path / "net"
    for name in ("eth0", "eth1", "bond0"):
        _touch(net / name / "type", "1\n")
    (net / "eth1" / "master").symlink_to(net / "bond0")
    assert nic_choices.sysfs_enslaved(net) == {"eth1"}
    assert nic_choices.sysfs_enslaved(tmp_path / "missing") == set()
