"""``kvmdesk-cli nic …`` in-process on libvirt's test driver.

Read-only commands and dry runs use a generated inventory file. Commands that change
something use ``test:///default``, whose state the CLI's own connection shares with
the test's (a file URI starts afresh on every open); each test defines uniquely named
domains and networks there and removes them, and any the CLI created, afterwards.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import uuid as uuidlib
from collections.abc import Iterator

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.vnet.subnet_pool import POOL_ENV
from tests.helpers.cli import Cli, assert_one_error_line
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, Nic, domain_xml
from tests.helpers.shared_default import SHARED_URI, on_shared_default

NIC = "52:54:00:10:00:01"
RUNNING_NIC = "52:54:00:10:00:02"
TEST_NETS = (ipaddress.ip_network("198.51.100.0/24"), ipaddress.ip_network("203.0.113.0/24"))


class Shared:
    """A shut-off and a running domain with a NIC each, and a host-only network, on
    ``test:///default``; removed afterwards with every network the CLI made."""

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        tag = uuidlib.uuid4().hex[:8]
        self.off = f"nic-off-{tag}"
        self.on = f"nic-on-{tag}"
        self.lab = f"lab-{tag}"
        network = conn.networkDefineXML(
            f"<network><name>{self.lab}</name><bridge name='br-{tag}'/>"
            "<ip address='203.0.113.1' prefix='25'/><portgroup name='web'/></network>"
        )
        network.create()
        self.networks_before = {n.name() for n in conn.listAllNetworks(0)}
        conn.defineXML(domain_xml(Dom(self.off, SHUTOFF, nics=(Nic(NIC, source="default"),))))
        running = conn.defineXML(
            domain_xml(Dom(self.on, RUNNING, nics=(Nic(RUNNING_NIC, source="default"),)))
        )
        running.create()

    def xml(self, name: str, *, inactive: bool = True) -> str:
        flags = libvirt.VIR_DOMAIN_XML_INACTIVE if inactive else 0
        return str(self.conn.lookupByName(name).XMLDesc(flags))

    def interface(self, name: str, mac: str, *, inactive: bool = True) -> etree._Element | None:
        root = etree.fromstring(self.xml(name, inactive=inactive).encode())
        for interface in root.iterfind("devices/interface"):
            if interface.find("mac").get("address") == mac:  # type: ignore[union-attr]
                return interface
        return None

    def source(self, name: str, mac: str) -> tuple[str | None, dict[str, str]]:
        interface = self.interface(name, mac)
        assert interface is not None
        source = interface.find("source")
        return interface.get("type"), dict(source.attrib) if source is not None else {}

    def new_networks(self) -> dict[str, str]:
        return {
            n.name(): n.XMLDesc(0)
            for n in self.conn.listAllNetworks(0)
            if n.name() not in self.networks_before
        }

    def remove_all(self) -> None:
        for name in (self.off, self.on):
            with contextlib.suppress(libvirt.libvirtError):
                domain = self.conn.lookupByName(name)
                if domain.isActive():
                    domain.destroy()
                domain.undefine()
        for name in [self.lab, *self.new_networks()]:
            with contextlib.suppress(libvirt.libvirtError):
                network = self.conn.networkLookupByName(name)
                if network.isActive():
                    network.destroy()
                network.undefine()


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shared]:
    monkeypatch.setenv(POOL_ENV, "198.51.100.0/24,203.0.113.128/25")  # TEST-NET only
    yield from on_shared_default(Shared)


# ---------------------------------------------------------------------- list


def test_list_json(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "nic", "list", "alpha", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {
            "mac": "52:54:00:00:00:01",
            "model": "virtio",
            "type": "network",
            "source": "lan",
            "mode": "nat",
            "link": "up",
        },
        {
            "mac": "52:54:00:00:00:02",
            "model": "e1000e",
            "type": "bridge",
            "source": "br0",
            "mode": "none",
            "link": "down",
        },
    ]


def test_list_table(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "nic", "list", "bravo")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "MAC                MODEL   TYPE     SOURCE  MODE       LINK",
        "52:54:00:00:00:03  virtio  network  lab     Host-only  Up",
    ]
    code, out, _ = cli("-c", inventory_uri, "nic", "list", "charlie")
    assert (code, out) == (0, "MAC  MODEL  TYPE  SOURCE  MODE  LINK\n")


def test_list_unknown_domain(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "nic", "list", "ghost")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "no domain named 'ghost'")


# ----------------------------------------------------------------- set-mode


def test_set_mode_on_a_shut_off_domain(cli: Cli, shared: Shared) -> None:
    code, out, err = cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "host-only")
    assert (code, err) == (0, "")
    assert out == f"{shared.off}: NIC {NIC} changed in the configuration\n"
    assert shared.source(shared.off, NIC) == ("network", {"network": shared.lab})

    for argv, expected in [
        (("bridged", "--bridge", "br9"), ("bridge", {"bridge": "br9"})),
        (
            ("macvtap", "--dev", "eth0", "--macvtap-mode", "vepa"),
            ("direct", {"dev": "eth0", "mode": "vepa"}),
        ),
        (("macvtap", "--dev", "eth0"), ("direct", {"dev": "eth0", "mode": "bridge"})),
        (("user",), ("user", {})),
        (("nat", "--network", "default"), ("network", {"network": "default"})),
    ]:
        code, _, err = cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, *argv)
        assert (code, err) == (0, ""), argv
        assert shared.source(shared.off, NIC) == expected, argv

    code, _, _ = cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "none")
    assert code == 0
    interface = shared.interface(shared.off, NIC)
    assert interface is not None
    assert interface.find("link").get("state") == "down"  # type: ignore[union-attr]
    assert shared.source(shared.off, NIC) == ("network", {"network": "default"})


def test_set_mode_keeps_the_portgroup_on_the_same_network(cli: Cli, shared: Shared) -> None:
    on_lab = ("--network", shared.lab)
    assert cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "host-only", *on_lab)[0] == 0
    domain = shared.conn.lookupByName(shared.off)
    shared.conn.defineXML(
        domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE).replace(
            f"<source network='{shared.lab}'/>",
            f"<source network='{shared.lab}' portgroup='web'/>",
        )
    )
    assert shared.source(shared.off, NIC)[1] == {"network": shared.lab, "portgroup": "web"}
    # Unplugging and plugging back in on the same network keeps the portgroup ...
    assert cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "none")[0] == 0
    assert cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "host-only")[0] == 0
    assert shared.source(shared.off, NIC)[1] == {"network": shared.lab, "portgroup": "web"}
    # ... another network has its own portgroups, if any.
    assert cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "nat")[0] == 0
    assert shared.source(shared.off, NIC)[1] == {"network": "default"}


def test_set_mode_on_a_running_domain_waits_for_a_restart(cli: Cli, shared: Shared) -> None:
    live_before = shared.xml(shared.on, inactive=False)
    code, out, err = cli("-c", SHARED_URI, "nic", "set-mode", shared.on, RUNNING_NIC, "user")
    assert (code, err) == (0, "")
    assert out.startswith(
        f"{shared.on}: NIC {RUNNING_NIC} changed in the configuration; takes effect after restart"
    )
    assert shared.xml(shared.on, inactive=False) == live_before
    assert shared.source(shared.on, RUNNING_NIC) == ("user", {})


def test_dry_run_changes_nothing(cli: Cli, shared: Shared) -> None:
    before = shared.xml(shared.off)
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "bridged", "--bridge", "br9",
        "--dry-run",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        f"{shared.off}: would change NIC {NIC} in the configuration (dry run: nothing changed)\n"
    )
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "bridged", "--bridge", "br9",
        "--dry-run", "--print-xml",
    )  # fmt: skip
    assert (code, err) == (0, "")
    printed = etree.fromstring(out.encode())
    assert printed.findtext("name") == shared.off
    interface = printed.find("devices/interface")
    assert interface is not None and interface.get("type") == "bridge"
    assert interface.find("source").get("bridge") == "br9"  # type: ignore[union-attr]
    assert shared.xml(shared.off) == before
    assert shared.new_networks() == {}


def test_print_xml_prints_the_resulting_domain(cli: Cli, shared: Shared) -> None:
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "user", "--print-xml"
    )
    assert (code, err) == (0, "")
    assert out == shared.xml(shared.off).rstrip() + "\n"
    assert etree.fromstring(out.encode()).find("devices/interface").get("type") == "user"  # type: ignore[union-attr]


def test_set_mode_creates_a_missing_network(cli: Cli, shared: Shared) -> None:
    code, out, err = cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "internal")
    assert (code, err) == (0, "")
    created = shared.new_networks()
    assert list(created) == ["kvmdesk-internal"]
    assert etree.fromstring(created["kvmdesk-internal"].encode()).find("ip") is None
    assert out.splitlines() == [
        "kvmdesk-internal: created internal network",
        f"{shared.off}: NIC {NIC} changed in the configuration",
    ]
    assert shared.source(shared.off, NIC) == ("network", {"network": "kvmdesk-internal"})


def test_dry_run_says_which_network_it_would_create(cli: Cli, shared: Shared) -> None:
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "internal", "--dry-run"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{shared.off}: would create internal network 'kvmdesk-internal'"
    assert shared.new_networks() == {}


def test_add_creates_a_nat_network_on_a_free_test_net_subnet(cli: Cli, shared: Shared) -> None:
    # test:///default's own "default" NAT network would be picked: take it away for this test.
    default = shared.conn.networkLookupByName("default")
    default_xml = default.XMLDesc(0)
    default.destroy()
    default.undefine()
    try:
        code, out, err = cli("-c", SHARED_URI, "nic", "add", shared.off, "nat")
        assert (code, err) == (0, ""), err
        created = shared.new_networks()
        assert list(created) == ["kvmdesk-nat"]
        ip = etree.fromstring(created["kvmdesk-nat"].encode()).find("ip")
        assert ip is not None
        prefix = ip.get("prefix") or ip.get("netmask")
        subnet = ipaddress.ip_network(f"{ip.get('address')}/{prefix}", strict=False)
        assert any(subnet.subnet_of(net) for net in TEST_NETS)  # type: ignore[arg-type]
        assert out.splitlines()[0] == f"kvmdesk-nat: created nat network on {subnet}"
    finally:
        shared.conn.networkDefineXML(default_xml).create()


def test_routed_without_a_network_is_bad_input(cli: Cli, shared: Shared) -> None:
    code, out, err = cli("-c", SHARED_URI, "nic", "set-mode", shared.off, NIC, "routed")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "no routed network exists; create one with 'kvmdesk-cli net create")


# ----------------------------------------------------------------- add/remove


def test_add_and_remove(cli: Cli, shared: Shared) -> None:
    mac = "52:54:00:10:00:09"
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "add", shared.off, "user", "--mac", mac.upper(), "--model",
        "e1000e",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"{shared.off}: NIC {mac} added in the configuration\n"
    interface = shared.interface(shared.off, mac)
    assert interface is not None
    assert interface.get("type") == "user"
    assert interface.find("model").get("type") == "e1000e"  # type: ignore[union-attr]

    before = shared.xml(shared.off)
    code, out, _ = cli("-c", SHARED_URI, "nic", "remove", shared.off, mac, "--dry-run")
    assert (code, out) == (
        0,
        f"{shared.off}: would remove NIC {mac} from the configuration (dry run: nothing changed)\n",
    )
    code, out, _ = cli(
        "-c", SHARED_URI, "nic", "remove", shared.off, mac, "--dry-run", "--print-xml"
    )
    assert code == 0 and mac not in out and NIC in out
    assert shared.xml(shared.off) == before

    code, out, err = cli("-c", SHARED_URI, "nic", "remove", shared.off, mac)
    assert (code, out, err) == (0, f"{shared.off}: NIC {mac} removed from the configuration\n", "")
    assert shared.interface(shared.off, mac) is None


def test_add_dry_run_prints_the_new_nic_and_changes_nothing(cli: Cli, shared: Shared) -> None:
    before = shared.xml(shared.off)
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "add", shared.off, "host-only", "--dry-run", "--print-xml"
    )
    assert (code, err) == (0, "")
    interfaces = etree.fromstring(out.encode()).findall("devices/interface")
    assert len(interfaces) == 2
    new = interfaces[1]
    assert new.find("source").get("network") == shared.lab  # type: ignore[union-attr]
    assert new.find("mac").get("address").startswith("52:54:00:")  # type: ignore[union-attr]
    assert shared.xml(shared.off) == before


def test_add_warns_about_a_mac_used_elsewhere(cli: Cli, shared: Shared) -> None:
    code, out, err = cli("-c", SHARED_URI, "nic", "add", shared.off, "user", "--mac", RUNNING_NIC)
    assert code == 0
    assert err == f"kvmdesk-cli: warning: MAC {RUNNING_NIC} is also used by {shared.on}\n"
    assert out == f"{shared.off}: NIC {RUNNING_NIC} added in the configuration\n"


def test_remove_from_a_running_domain_waits_for_a_restart(cli: Cli, shared: Shared) -> None:
    code, out, _ = cli("-c", SHARED_URI, "nic", "remove", shared.on, RUNNING_NIC)
    assert code == 0
    assert "removed from the configuration; takes effect after restart" in out
    assert shared.interface(shared.on, RUNNING_NIC, inactive=False) is not None
    assert shared.interface(shared.on, RUNNING_NIC) is None


# ---------------------------------------------------------------- exit codes


BAD_INPUT = [
    (("set-mode", "{off}", "52:54:00:10:00:77", "user"), "has no NIC with MAC 52:54:00:10:00:77"),
    (("set-mode", "{off}", "not-a-mac", "user"), "not a MAC address"),
    (("set-mode", "{off}", NIC, "lan"), "unknown mode 'lan'"),
    (("set-mode", "{off}", NIC, "nat", "--network", "{lab}"), "is host-only, not nat"),
    (("set-mode", "{off}", NIC, "host-only", "--network", "default"), "is nat, not host-only"),
    (("set-mode", "{off}", NIC, "nat", "--network", "ghost"), "no network named 'ghost'"),
    (("set-mode", "{off}", NIC, "bridged", "--network", "x", "--bridge", "y"), "not allowed with"),
    (("set-mode", "{off}", NIC, "bridged", "--dev", "eth0"), "--dev applies only to mode macvtap"),
    (("set-mode", "{off}", NIC, "user", "--network", "default"), "--network does not apply"),
    (("set-mode", "{off}", NIC, "user", "--macvtap-mode", "vepa"), "--macvtap-mode needs --dev"),
    (
        ("set-mode", "{off}", NIC, "macvtap", "--dev", "eth0", "--macvtap-mode", "x"),
        "invalid choice",
    ),
    (("set-mode", "{off}", NIC, "bridged"), "bridged needs --bridge NAME"),
    (("set-mode", "{off}", NIC, "macvtap"), "macvtap needs --dev IFACE"),
    (("set-mode", "{off}", NIC, "user", "--live", "--config"), "not allowed with"),
    (("set-mode", "{off}", NIC, "user", "--live"), "is not running"),
    (("set-mode", "{off}", NIC, "bridged", "--bridge", "a/b"), "not a valid bridge name"),
    (("add", "{off}", "none"), "a new NIC cannot start in mode 'none'"),
    (("add", "{off}", "user", "--mac", "01:00:5e:00:00:01"), "multicast"),
    (("add", "{off}", "user", "--mac", NIC), f"already has a NIC with MAC {NIC}"),
    (("add", "{off}", "user", "--model", "e1000 e"), "not a NIC model name"),
    (("add", "ghost", "user"), "no domain named 'ghost'"),
    (("remove", "{off}", "52:54:00:10:00:77"), "has no NIC with MAC"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT, ids=[m for _, m in BAD_INPUT])
def test_bad_input_exits_2_and_changes_nothing(
    cli: Cli, shared: Shared, argv: tuple[str, ...], message: str
) -> None:
    before = shared.xml(shared.off)
    filled = [arg.format(off=shared.off, lab=shared.lab) for arg in argv]
    code, out, err = cli("-c", SHARED_URI, "nic", *filled)
    assert (code, out) == (2, "")
    assert_one_error_line(err, message)
    assert shared.xml(shared.off) == before
    assert shared.new_networks() == {}


def test_libvirt_failure_exits_1_with_libvirts_message(cli: Cli, shared: Shared) -> None:
    live = shared.xml(shared.on, inactive=False)
    config = shared.xml(shared.on)
    # NAT to host-only re-plugs a tap: libvirt could do it live, the test driver cannot.
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.on, RUNNING_NIC, "host-only", "--live"
    )
    assert (code, out) == (1, "")
    assert_one_error_line(err, "not supported by the connection driver: virDomainUpdateDeviceFlags")
    assert (shared.xml(shared.on, inactive=False), shared.xml(shared.on)) == (live, config)


def test_a_change_that_cannot_go_live_is_refused_live(cli: Cli, shared: Shared) -> None:
    code, out, err = cli(
        "-c", SHARED_URI, "nic", "set-mode", shared.on, RUNNING_NIC, "user", "--live"
    )
    assert (code, out) == (2, "")
    assert_one_error_line(
        err, "cannot change the connection type (network to user) of a running NIC"
    )


def test_nic_needs_an_action(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "nic")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "ACTION")


# ------------------------------------------------------- dry run == real run


def _as_done(dry_line: str) -> str:
    """A dry run's line in the words the real run uses for the same outcome."""
    line = dry_line.removesuffix(" (dry run: nothing changed)")
    for verb, done in (("change", "changed"), ("add", "added"), ("remove", "removed")):
        prefix, sep, rest = line.partition(f": would {verb} NIC ")
        if sep:
            mac, _, tail = rest.partition(" ")
            return f"{prefix}: NIC {mac} {done} {tail}"
    raise AssertionError(f"not a dry-run line: {dry_line!r}")


@pytest.mark.parametrize(
    ("domain", "args"),
    [
        ("off", ("user",)),
        ("off", ("host-only", "--config")),
        ("on", ("user",)),
        ("on", ("host-only",)),
        ("on", ("user", "--config")),
        ("on", ("host-only", "--live")),
        ("off", ("user", "--live")),
    ],
)
def test_a_dry_run_says_exactly_what_the_real_run_does(
    cli: Cli, shared: Shared, domain: str, args: tuple[str, ...]
) -> None:
    name, mac = (shared.off, NIC) if domain == "off" else (shared.on, RUNNING_NIC)
    mode, *flags = args
    extra = ("--network", shared.lab) if mode == "host-only" else ()
    command = ("-c", SHARED_URI, "nic", "set-mode", name, mac, mode, *extra, *flags)
    dry_code, dry_out, dry_err = cli(*command, "--dry-run")
    code, out, err = cli(*command)
    assert dry_code == code, (dry_err, err)
    if code == 0:
        assert _as_done(dry_out.strip()) == out.strip()
    else:
        assert bool(dry_err) and bool(err)


# ------------------------------------------------ make-permanent / revert


def test_make_permanent_saves_a_running_nic_that_differs(cli: Cli, shared: Shared) -> None:
    saved = shared.xml(shared.on).replace("type='virtio'", "type='e1000'")
    shared.conn.defineXML(saved)  # another client saved a different model
    model = shared.interface(shared.on, RUNNING_NIC)
    assert model is not None and model.find("model").get("type") == "e1000"  # type: ignore[union-attr]
    code, out, err = cli("-c", SHARED_URI, "nic", "make-permanent", shared.on, RUNNING_NIC)
    assert (code, err) == (0, "")
    assert out == f"{shared.on}: NIC {RUNNING_NIC} saved as it runs now\n"
    model = shared.interface(shared.on, RUNNING_NIC)
    assert model is not None and model.find("model").get("type") == "virtio"  # type: ignore[union-attr]
    code, out, _ = cli("-c", SHARED_URI, "nic", "revert", shared.on, RUNNING_NIC)
    assert (code, out) == (0, f"{shared.on}: NIC {RUNNING_NIC} runs as saved; nothing to do\n")


def test_make_permanent_and_revert_refuse_what_cannot_be(cli: Cli, shared: Shared) -> None:
    code, out, err = cli("-c", SHARED_URI, "nic", "make-permanent", shared.off, NIC)
    assert (code, out) == (2, "")
    assert err == f"kvmdesk-cli: {shared.off} is not running: its next start uses the saved NICs\n"
    code, _, err = cli("-c", SHARED_URI, "nic", "revert", shared.on, "52:54:00:99:99:99")
    assert code == 2 and "no NIC with MAC 52:54:00:99:99:99" in err
