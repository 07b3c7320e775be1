"""``kvmdesk-cli net …`` and ``kvmdesk-cli modes`` on libvirt's test driver, in-process.

Read-only and refused commands run on a generated inventory file. Commands that change
something run on ``test:///default`` (the one test-driver state a second connection
sees) with uniquely named networks that the fixture removes afterwards. The subnet pool
is set to TEST-NET /26s for every test.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.cli import _report, recovery_commands
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.partial import PartialChange, Recovery
from kvmdesk.core.vnet.classify import classify_network_xml
from kvmdesk.core.vnet.connectivity import Direction
from kvmdesk.core.vnet.edit import spec_from_network_xml
from kvmdesk.core.vnet.subnet_pool import POOL_ENV
from tests.helpers.cli import Cli, assert_error_line_is
from tests.helpers.inventory import MakeInventory, Net
from tests.helpers.shared_default import SHARED_URI, on_shared_default

POOL = "198.51.100.128/26,198.51.100.192/26,203.0.113.128/26,203.0.113.192/26"
NETWORK_KEYS = {
    "name",
    "uuid",
    "mode",
    "bridge",
    "subnets",
    "dhcp",
    "forward_devices",
    "active",
    "autostart",
    "persistent",
    "domains",
}
SCHEMA = Path("/usr/share/libvirt/schemas/network.rng")


@pytest.fixture(autouse=True)
def test_net_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOL_ENV, POOL)


class Shared:
    """Networks this test makes on ``test:///default``, removed afterwards."""

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        self.names: list[str] = []

    def name(self) -> str:
        name = f"kvmdesk-test-net-{uuid.uuid4().hex[:8]}"
        self.names.append(name)
        return name

    def all(self) -> dict[str, str]:
        return {n.name(): n.XMLDesc(0) for n in self.conn.listAllNetworks(0)}

    def get(self, name: str) -> libvirt.virNetwork:
        return self.conn.networkLookupByName(name)

    def remove_all(self) -> None:
        for name in self.names:
            try:
                network = self.conn.networkLookupByName(name)
            except libvirt.libvirtError:
                continue
            if network.isActive():
                network.destroy()
            if network.isPersistent():
                network.undefine()


@pytest.fixture
def shared() -> Iterator[Shared]:
    yield from on_shared_default(Shared)


# ---------------------------------------------------------------------- list


def test_net_list_table(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "net", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "NAME",
        "MODE",
        "BRIDGE",
        "SUBNETS",
        "ACTIVE",
        "AUTOSTART",
        "DOMAINS",
    ]
    assert lines[1].split() == [
        "lab",
        "Host-only",  # the GUI's word (JSON keeps "host-only")
        "virbr-lab",
        "203.0.113.0/25",
        "yes",
        "no",
        "bravo",
    ]
    assert lines[2].split() == ["lan", "NAT", "virbr-lan", "198.51.100.0/25", "yes", "no", "alpha"]


def test_net_list_json(cli: Cli, make_inventory: MakeInventory) -> None:
    networks = (
        Net("lan", forward="nat", address="198.51.100.1", bridge="virbr-lan"),
        Net("isolated", bridge="virbr-iso"),
        Net("pci", forward="hostdev"),
        Net("lanbridge", forward="bridge", bridge="br0"),
    )
    code, out, err = cli("-c", make_inventory(networks=networks), "net", "list", "--json")
    assert (code, err) == (0, "")
    listed = {n["name"]: n for n in json.loads(out)}
    assert [n["name"] for n in json.loads(out)] == ["isolated", "lan", "lanbridge", "pci"]
    assert all(set(n) == NETWORK_KEYS for n in listed.values())
    assert {name: n["mode"] for name, n in listed.items()} == {
        "lan": "nat",
        "isolated": "internal",
        "pci": "other",
        "lanbridge": "bridged",
    }
    lan = listed["lan"]
    assert (lan["bridge"], lan["subnets"], lan["domains"]) == (
        "virbr-lan",
        ["198.51.100.0/25"],
        ["alpha"],
    )
    assert (lan["active"], lan["autostart"], lan["persistent"], lan["dhcp"]) == (
        True,
        False,
        True,
        [],
    )


# -------------------------------------------------------------------- create


def test_create_with_a_suggested_subnet(cli: Cli, shared: Shared) -> None:
    first, second = shared.name(), shared.name()
    code, out, err = cli("-c", SHARED_URI, "net", "create", first, "nat")
    assert (code, err) == (0, "")
    assert out == (
        f"{first}: created nat network (subnet 198.51.100.128/26, host 198.51.100.129;"
        " DHCP 198.51.100.160-198.51.100.190), started\n"
    )
    network = shared.get(first)
    assert network.isActive() and network.autostart()
    assert classify_network_xml(network.XMLDesc(0)) is NetworkMode.NAT
    # the next one skips the subnet now taken
    code, out, _ = cli("-c", SHARED_URI, "net", "create", second, "host-only", "--no-dhcp")
    assert code == 0 and "subnet 198.51.100.192/26" in out and "DHCP" not in out
    spec = spec_from_network_xml(shared.get(second).XMLDesc(0))
    assert (spec.mode, str(spec.subnet), spec.dhcp_start) == (
        NetworkMode.HOST_ONLY,
        "198.51.100.192/26",
        None,
    )


def test_create_with_every_option(cli: Cli, shared: Shared) -> None:
    name = shared.name()
    code, out, err = cli(
        "-c",
        SHARED_URI,
        "net",
        "create",
        name,
        "routed",
        "--subnet",
        "203.0.113.254/26",
        "--dhcp",
        "203.0.113.200",
        "203.0.113.210",
        "--bridge",
        "kvtest9",
        "--forward-dev",
        "eth0",
        "--no-start",
        "--no-autostart",
    )
    assert (code, err) == (0, "")
    assert out.endswith(", not started\n")
    network = shared.get(name)
    assert not network.isActive() and not network.autostart()
    spec = spec_from_network_xml(network.XMLDesc(0), autostart=False)
    assert (str(spec.subnet), str(spec.gateway), spec.bridge, spec.forward_dev) == (
        "203.0.113.192/26",
        "203.0.113.254",
        "kvtest9",
        "eth0",
    )
    assert (str(spec.dhcp_start), str(spec.dhcp_end)) == ("203.0.113.200", "203.0.113.210")


def test_create_bridged_and_internal(cli: Cli, shared: Shared) -> None:
    bridged, internal = shared.name(), shared.name()
    assert cli("-c", SHARED_URI, "net", "create", bridged, "bridged", "--bridge", "br0")[0] == 0
    assert cli("-c", SHARED_URI, "net", "create", internal, "internal")[0] == 0
    assert classify_network_xml(shared.get(bridged).XMLDesc(0)) is NetworkMode.BRIDGED
    assert classify_network_xml(shared.get(internal).XMLDesc(0)) is NetworkMode.INTERNAL


def test_print_xml_prints_what_libvirt_defined(cli: Cli, shared: Shared) -> None:
    name = shared.name()
    code, out, err = cli("-c", SHARED_URI, "net", "create", name, "open", "--print-xml")
    assert (code, err) == (0, "")
    assert out.strip() == shared.get(name).XMLDesc(0).strip()


def test_dry_run_changes_nothing(cli: Cli, shared: Shared) -> None:
    name = shared.name()
    before = shared.all()
    code, out, err = cli("-c", SHARED_URI, "net", "create", name, "nat", "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        f"{name}: would create a nat network (subnet 198.51.100.128/26, host 198.51.100.129;"
        " DHCP 198.51.100.160-198.51.100.190) (dry run: nothing changed)\n"
    )
    code, xml, err = cli(
        "-c", SHARED_URI, "net", "create", name, "host-only", "--dry-run", "--print-xml"
    )
    assert (code, err) == (0, "")
    assert shared.all() == before
    assert classify_network_xml(xml) is NetworkMode.HOST_ONLY
    if SCHEMA.is_file():
        assert etree.RelaxNG(etree.parse(str(SCHEMA))).validate(etree.fromstring(xml.encode()))
    # a dry run refuses what a real run would
    code, _, err = cli("-c", SHARED_URI, "net", "create", "default", "nat", "--dry-run")
    assert code == 2
    assert_error_line_is(err, "a network named 'default' already exists")


BAD_CREATES: list[tuple[tuple[str, ...], str]] = [
    (("x", "nat", "--subnet", "198.51.100.0/33"), "not an IPv4 subnet: '198.51.100.0/33'"),
    (("x", "nat", "--subnet", "lab"), "subnet needs a prefix, as in ADDRESS/24: 'lab'"),
    (
        ("x", "nat", "--subnet", "198.51.100.0/26"),
        "subnet 198.51.100.0/26 overlaps network 'lan' (198.51.100.0/25)",
    ),
    (("lan", "nat"), "a network named 'lan' already exists"),
    (
        ("x", "nat", "--subnet", "198.51.100.128/26", "--dhcp", "203.0.113.2", "203.0.113.9"),
        "DHCP range start 203.0.113.2 is outside 198.51.100.128/26",
    ),
    (
        ("x", "nat", "--dhcp", "198.51.100.140", "nonsense"),
        "DHCP end is not an IPv4 address: 'nonsense'",
    ),
    (
        ("x", "nat", "--bridge", "bridge-name-too-long"),
        "bridge name 'bridge-name-too-long' is too long (at most 15 bytes)",
    ),
    (
        ("x", "bridged", "--bridge", "br 0"),
        "bridge name may not contain '/', ':' or whitespace: 'br 0'",
    ),
    (("x", "bridged"), "a bridged network needs the name of a host bridge (e.g. br0)"),
    (
        ("x", "vmnet8"),
        "unknown network mode 'vmnet8' (choose nat, routed, open, host-only, internal, bridged)",
    ),
    (
        ("x", "macvtap"),
        "cannot create a network in macvtap mode"
        " (choose nat, routed, open, host-only, internal, bridged)",
    ),
    (
        ("x", "internal", "--subnet", "203.0.113.128/26"),
        "an internal network has no subnet of its own",
    ),
    (("x/y", "nat"), "network name may not contain '/': 'x/y'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_CREATES)
def test_bad_input_exits_2_with_one_line(
    cli: Cli, inventory_uri: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = cli("-c", inventory_uri, "net", "create", *args)
    assert (code, out) == (2, "")
    assert_error_line_is(err, message)


def test_pool_problems(cli: Cli, inventory_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOL_ENV, "198.51.100.0/26")  # inside lan's 198.51.100.0/25
    code, _, err = cli("-c", inventory_uri, "net", "create", "x", "nat")
    assert code == 2
    assert_error_line_is(err, f"no free subnet left in the pool: give --subnet or set {POOL_ENV}")
    monkeypatch.setenv(POOL_ENV, "lab")
    code, _, err = cli("-c", inventory_uri, "net", "create", "x", "nat")
    assert code == 2
    assert_error_line_is(err, f"{POOL_ENV}: not an IPv4 network: 'lab'")


# ---------------------------------------------------------------- lifecycle


def test_start_stop_autostart_delete(cli: Cli, shared: Shared) -> None:
    name = shared.name()
    assert (
        cli("-c", SHARED_URI, "net", "create", name, "nat", "--no-start", "--no-autostart")[0] == 0
    )
    network = shared.get(name)
    assert cli("-c", SHARED_URI, "net", "start", name)[:2] == (0, f"{name}: started\n")
    assert network.isActive()
    code, _, err = cli("-c", SHARED_URI, "net", "start", name)
    assert code == 1  # libvirt refuses: it already runs
    assert "already running" in err and len(err.splitlines()) == 1
    assert cli("-c", SHARED_URI, "net", "autostart", name, "on")[:2] == (
        0,
        f"{name}: autostart on\n",
    )
    assert network.autostart()
    assert cli("-c", SHARED_URI, "net", "autostart", name, "off")[0] == 0
    assert not network.autostart()
    assert cli("-c", SHARED_URI, "net", "stop", name)[:2] == (0, f"{name}: stopped\n")
    assert not network.isActive()
    assert cli("-c", SHARED_URI, "net", "delete", name)[:2] == (0, f"{name}: deleted\n")
    assert name not in shared.all()


@pytest.mark.parametrize("action", [("start",), ("stop",), ("delete",), ("autostart", "on")])
def test_unknown_network(cli: Cli, inventory_uri: str, action: tuple[str, ...]) -> None:
    word, *rest = action
    code, _, err = cli("-c", inventory_uri, "net", word, "nope", *rest)
    assert code == 2
    assert_error_line_is(err, f"no network named 'nope' on {inventory_uri}")


def test_delete_of_a_used_network_needs_force(cli: Cli, inventory_uri: str) -> None:
    code, _, err = cli("-c", inventory_uri, "net", "delete", "lan")
    assert code == 2
    assert_error_line_is(err, "network 'lan' is used by alpha (add --force to delete it anyway)")
    assert cli("-c", inventory_uri, "net", "delete", "lan", "--force")[:2] == (0, "lan: deleted\n")


def test_autostart_takes_on_or_off(cli: Cli, inventory_uri: str) -> None:
    code, _, err = cli("-c", inventory_uri, "net", "autostart", "lan", "maybe")
    assert code == 2
    assert err.startswith("kvmdesk-cli: argument on|off: invalid choice: 'maybe'")


# --------------------------------------------------------------------- modes

MODE_WORDS = {"nat", "bridged", "host-only", "internal", "routed", "open", "macvtap", "user"}


def test_modes_json_shape(cli: Cli) -> None:
    code, out, err = cli("modes", "--json")
    assert (code, err) == (0, "")
    matrix = json.loads(out)
    assert set(matrix) == MODE_WORDS == {str(m) for m in NetworkMode} - {"none", "other"}
    for mode, rows in matrix.items():
        assert (
            set(rows)
            == {str(d) for d in Direction}
            == {
                "vm_to_host",
                "host_to_vm",
                "vm_to_other",
                "other_to_vm",
                "vm_to_vm",
            }
        ), mode
        for direction, entry in rows.items():
            assert set(entry) == {"value", "reason"}, (mode, direction)
            assert entry["value"] in ("yes", "no", "setup"), (mode, direction)
            assert isinstance(entry["reason"], str) and entry["reason"].strip()
            assert "\n" not in entry["reason"]
    # libvirt NAT: the host reaches the guest; others only through a port forward
    assert matrix["nat"]["host_to_vm"]["value"] == "yes"
    assert matrix["nat"]["other_to_vm"]["value"] == "setup"


def test_modes_needs_no_connection(cli: Cli, tmp_path: Path) -> None:
    missing = f"test://{tmp_path}/no-such-inventory.xml"
    code, out, err = cli("-c", missing, "modes")
    assert (code, err) == (0, "")
    headers = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert [h for h in headers if h in MODE_WORDS] == [
        "nat",
        "bridged",
        "host-only",
        "internal",
        "routed",
        "open",
        "macvtap",
        "user",
    ]
    assert "VM -> host" in out and "setup" in out


def test_a_change_cut_short_names_the_commands_that_finish_or_undo_it() -> None:
    change = PartialChange(
        "creating network lab",
        ("defined",),
        ("autostart on", "started"),
        "eof",
        "Once reconnected kvmdesk offers to finish it or to undo it.",
        lost=True,
        recovery=Recovery(
            None,
            None,
            finish_commands=("net autostart lab on", "net start lab"),
            undo_commands=("net delete lab",),
        ),
    )
    assert recovery_commands(change, "qemu:///system") == (
        " (to finish it run: kvmdesk-cli -c qemu:///system net autostart lab on && "
        "kvmdesk-cli -c qemu:///system net start lab; "
        "to undo it run: kvmdesk-cli -c qemu:///system net delete lab)"
    )
    assert recovery_commands(LibvirtFailure("x"), "qemu:///system") == ""


def test_the_cli_reports_a_change_cut_short_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    change = PartialChange(
        "creating network lab",
        ("defined",),
        ("started",),
        "eof",
        "Once reconnected kvmdesk offers to finish it or to undo it.",
        lost=True,
        recovery=Recovery(None, None, undo_commands=("net delete lab",)),
    )
    _report(change, "qemu+ssh://root@host/system")
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("kvmdesk-cli: the connection was lost during creating network lab: ")
    assert err.endswith(
        "(to undo it run: kvmdesk-cli -c qemu+ssh://root@host/system net delete lab)\n"
    )
