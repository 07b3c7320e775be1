"""``kvmdesk-cli iface|bond|bridge|vlan`` in-process on libvirt's test driver.

Listing runs on a generated inventory file. Commands that change the host run on
``test:///default`` (the one test-driver state a second connection sees, so "nothing
changed" can be checked) with uniquely named ethernet ports the fixture defines and
removes again.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.hostnet.libvirt_xml import parse_definition
from kvmdesk.core.hostnet.model import BondMode, BondSpec, BridgeSpec
from tests.helpers.cli import Cli, assert_error_line_is
from tests.helpers.hostnet_inventory import write_inventory
from tests.helpers.shared_default import SHARED_URI, on_shared_default

SCHEMA = Path("/usr/share/libvirt/schemas/interface.rng")


class SharedHost:
    """Ports (and a bond over one) this test defines on ``test:///default``."""

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        tag = uuid.uuid4().hex[:6]
        self.ports = [f"kp{tag}{n}" for n in range(4)]  # 9 bytes
        self.bond = f"kb{tag}"
        self.bridge = f"kr{tag}"
        self.created: list[str] = [*self.ports, self.bond]
        for number, port in enumerate(self.ports):
            conn.interfaceDefineXML(
                f"<interface type='ethernet' name='{port}'><start mode='onboot'/>"
                f"<mac address='52:54:00:aa:{tag[:2]}:{number:02x}'/></interface>",
                0,
            )
        # ports[3] is taken by an existing bond.
        conn.interfaceDefineXML(
            f"<interface type='bond' name='{self.bond}'><start mode='onboot'/>"
            f"<bond mode='balance-rr'><interface type='ethernet' name='{self.ports[3]}'/>"
            "</bond></interface>",
            0,
        )

    def name(self, prefix: str) -> str:
        name = f"{prefix}{uuid.uuid4().hex[:6]}"
        self.created.append(name)
        return name

    def state(self) -> dict[str, tuple[str, bool]]:
        """Every interface's XML and up/down state: what "nothing changed" compares."""
        return {
            i.name(): (i.XMLDesc(0), bool(i.isActive())) for i in self.conn.listAllInterfaces(0)
        }

    def definition(self, name: str) -> Any:
        return parse_definition(self.conn.interfaceLookupByName(name).XMLDesc(0))

    def exists(self, name: str) -> bool:
        return name in {i.name() for i in self.conn.listAllInterfaces(0)}

    def remove_all(self) -> None:
        for name in reversed(self.created):
            try:
                interface = self.conn.interfaceLookupByName(name)
            except libvirt.libvirtError:
                continue
            if interface.isActive():
                interface.destroy(0)
            interface.undefine()


@pytest.fixture
def host() -> Iterator[SharedHost]:
    yield from on_shared_default(SharedHost)


# ---------------------------------------------------------------------- list


def test_iface_list_table(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "host.xml")
    code, out, err = cli("-c", uri, "iface", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "NAME", "KIND", "STATE", "MAC", "MTU", "ADDRESSES", "PORT", "OF", "DETAILS"
    ]  # fmt: skip
    rows = {line.split()[0]: line for line in lines[1:]}
    assert sorted(rows) == ["bond0", "br0", "eth0", "eth1", "eth2", "eth3", "eth4", "eth5"]
    assert "1 active-backup; primary eth2; miimon 100 ms" in rows["bond0"]
    assert "203.0.113.200/25" in rows["br0"]
    assert rows["eth2"].split()[-1] == "bond0"
    assert "52:54:00:00:e0:01" in rows["eth1"]


def test_iface_list_json(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "host.xml")
    code, out, _ = cli("-c", uri, "iface", "list", "--json")
    assert code == 0
    document = json.loads(out)
    assert (document["backend"], document["read_only_reason"]) == ("libvirt", None)
    rows = {row["name"]: row for row in document["interfaces"]}
    assert rows["bond0"]["bond"] == {
        "mode": "active-backup",
        "mode_number": 1,
        "primary": "eth2",
        "miimon": {"interval_ms": 100, "updelay_ms": 0, "downdelay_ms": 0, "carrier": "netif"},
        "arpmon": None,
        "lacp_rate": "",
        "xmit_hash_policy": "",
    }
    assert rows["bond0"]["ports"] == ["eth2", "eth3"]
    assert rows["eth2"]["controller"] == "bond0" and rows["eth2"]["active"] is True
    assert rows["br0"]["ipv4"] == ["203.0.113.200/25"] and rows["br0"]["vlan"] is None
    assert set(rows["eth1"]) == {
        "name", "kind", "active", "mac", "mtu", "ipv4", "ipv6", "ports", "controller",
        "bond", "vlan", "defined",
    }  # fmt: skip


# ------------------------------------------------------------------- changes


def test_dry_run_changes_nothing(cli: Cli, host: SharedHost) -> None:
    before = host.state()
    name = host.name("kd")
    code, out, err = cli(
        "-c", SHARED_URI, "bond", "create", name, "--mode", "bond4",
        "--port", host.ports[0], "--port", host.ports[1], "--dry-run",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"create bond {name} (4 802.3ad (LACP)) over {host.ports[0]}, {host.ports[1]}",
        "(dry run: nothing changed)",
    ]
    assert host.state() == before


def test_dry_run_prints_schema_valid_xml(cli: Cli, host: SharedHost) -> None:
    before = host.state()
    name, bridge = host.name("kd"), host.name("kv")
    code, out, _ = cli(
        "-c", SHARED_URI, "bond", "create", name, "--mode", "active-backup",
        "--port", host.ports[0], "--port", host.ports[1], "--primary", host.ports[1],
        "--arp-interval", "200", "--arp-target", "203.0.113.1", "--ipv4", "203.0.113.7/24",
        "--gateway", "203.0.113.1", "--bridge", bridge, "--dry-run", "--print-xml",
    )  # fmt: skip
    assert code == 0
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(out.encode())), schema.error_log
    spec = parse_definition(out).spec
    assert isinstance(spec, BridgeSpec) and spec.name == bridge
    assert [str(a) for a in spec.ip.addresses] == ["203.0.113.7/24"]
    root = etree.fromstring(out.encode())
    assert [p.get("name") for p in root.iterfind("bridge/interface/bond/interface")] == [
        host.ports[1],
        host.ports[0],
    ]
    assert host.state() == before


def test_create_and_delete_a_bond(cli: Cli, host: SharedHost) -> None:
    name = host.name("kn")
    code, out, err = cli(
        "-c", SHARED_URI, "bond", "create", name, "--mode", "mode2",
        "--port", host.ports[0], "--port", host.ports[1],
        "--miimon", "100", "--updelay", "200", "--ipv4", "dhcp",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (f"{name}: created (mode 2 balance-xor over {host.ports[0]}, {host.ports[1]})\n")
    bond = host.definition(name).spec
    assert isinstance(bond, BondSpec) and bond.mode is BondMode.BALANCE_XOR
    assert bond.mii is not None and bond.mii.updelay_ms == 200 and bond.ip.ipv4 == "dhcp"
    assert host.conn.interfaceLookupByName(name).isActive()

    code, out, err = cli("-c", SHARED_URI, "bond", "delete", name)
    assert (code, err) == (0, "")
    assert out == f"{name}: deleted; {host.ports[0]}, {host.ports[1]} given back\n"
    assert not host.exists(name) and host.exists(host.ports[0])


def test_bond_for_virtual_machines_gets_a_bridge(cli: Cli, host: SharedHost) -> None:
    name, bridge = host.name("kn"), host.name("kv")
    code, out, err = cli(
        "-c", SHARED_URI, "bond", "create", name, "--mode", "1", "--port", host.ports[0],
        "--bridge", bridge, "--ipv4", "dhcp",
    )  # fmt: skip
    assert code == 0, err
    assert (
        out
        == f"{name}: created (mode 1 active-backup over {host.ports[0]}, bridge {bridge} over it)\n"
    )
    definition = host.definition(bridge)
    assert definition.spec.ports == (name,) and definition.spec.ip.ipv4 == "dhcp"
    code, _, err = cli("-c", SHARED_URI, "bridge", "delete", bridge)
    assert code == 0, err
    assert not host.exists(bridge)


def test_bridge_create_prints_the_xml_it_applied(cli: Cli, host: SharedHost) -> None:
    bridge = host.name("kv")
    code, out, err = cli(
        "-c", SHARED_URI, "bridge", "create", bridge, "--port", host.ports[2], "--print-xml"
    )
    assert code == 0, err
    assert parse_definition(out).spec == BridgeSpec(bridge, (host.ports[2],))
    assert host.exists(bridge)


def test_vlan_create_and_delete(cli: Cli, host: SharedHost) -> None:
    name = f"{host.ports[0]}.7"
    host.created.append(name)
    code, out, err = cli("-c", SHARED_URI, "vlan", "create", host.ports[0], "7")
    assert (code, err) == (0, "")
    assert out == f"{name}: created (VLAN 7 on {host.ports[0]})\n"
    code, out, err = cli("-c", SHARED_URI, "vlan", "delete", name)
    assert (code, out, err) == (0, f"{name}: deleted\n", "")


# ------------------------------------------------------------------ refusals


def refusals(host: SharedHost) -> list[tuple[list[str], str]]:
    p0, p1, p3 = host.ports[0], host.ports[1], host.ports[3]
    create = ["bond", "create", "kx0"]
    return [
        (
            [*create, "--mode", "1", "--port", "nosuch0"],
            "no interface named 'nosuch0' on this host",
        ),
        ([*create, "--mode", "1", "--port", p3], f"{p3} is already a port of {host.bond}"),
        (
            ["bond", "create", host.bond, "--mode", "1", "--port", p0],
            f"an interface named {host.bond!r} already exists",
        ),
        (
            [*create, "--mode", "7", "--port", p0],
            "unknown bond mode '7': use one of balance-rr, active-backup, balance-xor, "
            "broadcast, 802.3ad, balance-tlb, balance-alb (or lacp), 0-6, mode0-mode6, "
            "bond0-bond6",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--primary", p1],
            f"primary port {p1!r} is not one of the bond's ports",
        ),
        (
            [*create, "--mode", "0", "--port", p0, "--primary", p0],
            "a primary port applies only to active-backup, balance-tlb, balance-alb, "
            "not balance-rr",
        ),
        (
            [
                *create,
                "--mode",
                "1",
                "--port",
                p0,
                "--miimon",
                "100",
                "--arp-interval",
                "100",
                "--arp-target",
                "203.0.113.1",
            ],
            "use MII or ARP link monitoring, not both",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--ipv4", "203.0.113.300/24"],
            "bad IPv4 address '203.0.113.300/24': use ADDRESS/PREFIX, e.g. 203.0.113.5/24",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--arp-interval", "100", "--arp-target", "x"],
            "bad ARP target 'x': not an IPv4 address",
        ),
        (
            ["bond", "create", "bond-name-too-long", "--mode", "1", "--port", p0],
            "bond name 'bond-name-too-long' is 18 bytes long; Linux allows at most 15",
        ),
        (
            ["bond", "create", "bad/name", "--mode", "1", "--port", p0],
            "bond name 'bad/name' must not contain spaces, control characters, '/' or ':'",
        ),
        (
            [
                *create,
                "--mode",
                "1",
                "--port",
                p0,
                "--arp-interval",
                "100",
                "--arp-target",
                "203.0.113.1",
                "--arp-target",
                "203.0.113.2",
            ],
            "the libvirt backend holds a single ARP target, not 2 (NetworkManager takes up to 16)",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--updelay", "100"],
            "--updelay, --downdelay and --carrier need --miimon",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--arp-target", "203.0.113.1"],
            "--arp-target needs --arp-interval",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--miimon", "100", "--downdelay", "150"],
            "down delay 150 ms is not a multiple of the MII interval 100 ms (use 100 or 200, or 0)",
        ),
        (
            [*create, "--mode", "lacp", "--port", p0, "--lacp-rate", "fast"],
            "the libvirt backend cannot set the LACP rate or transmit hash policy "
            "(libvirt's interface XML has no such options)",
        ),
        (
            [*create, "--mode", "1", "--port", p0, "--gateway", "203.0.113.1"],
            "--gateway needs --ipv4 dhcp or --ipv4 ADDRESS/PREFIX",
        ),
        (["bond", "delete", p0], f"{p0} is an ethernet, not a bond"),
        (["bond", "delete", "nosuch0"], "no interface named 'nosuch0' on this host"),
        (["bridge", "create", "kx1", "--port", p3], f"{p3} is already a port of {host.bond}"),
        (["vlan", "create", p0, "4095"], "VLAN id must be 1-4094, not 4095"),
        (
            ["bond", "create", "kx0", "--port", p0],
            "the following arguments are required: --mode (see kvmdesk-cli --help)",
        ),
    ]


def test_bad_input_exits_2_with_one_line_and_changes_nothing(cli: Cli, host: SharedHost) -> None:
    before = host.state()
    for argv, expected in refusals(host):
        for extra in ([], ["--dry-run"]):
            code, out, err = cli("-c", SHARED_URI, *argv, *extra)
            assert code == 2, (argv, err)
            assert out == ""
            assert_error_line_is(err, expected)
    assert host.state() == before


# --------------------------------------------------------------- confirmation


def test_confirm_timeout_is_ignored_without_a_terminal(
    cli: Cli, host: SharedHost, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stdin = (tmp_path / "stdin").open("w+")
    monkeypatch.setattr(sys, "stdin", stdin)
    bridge = host.name("kv")
    code, _, err = cli(
        "-c", SHARED_URI, "bridge", "create", bridge, "--port", host.ports[0],
        "--confirm-timeout", "0.1",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert host.exists(bridge)
    stdin.close()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """stdin is a pseudo-terminal; yields the controlling side to type into."""
    controller, terminal_side = os.openpty()
    stdin = os.fdopen(terminal_side, "r")
    monkeypatch.setattr(sys, "stdin", stdin)
    try:
        yield controller
    finally:
        stdin.close()
        os.close(controller)


def test_typing_yes_keeps_the_change(cli: Cli, host: SharedHost, terminal: int) -> None:
    os.write(terminal, b"yes\n")
    bridge = host.name("kv")
    code, out, err = cli(
        "-c", SHARED_URI, "bridge", "create", bridge, "--port", host.ports[0],
        "--confirm-timeout", "10",
    )  # fmt: skip
    assert code == 0, err
    assert err == "Keep this change? Type 'yes' within 10 s (anything else rolls it back): "
    assert out == f"{bridge}: created (bridge over {host.ports[0]})\n"
    assert host.exists(bridge)


def test_typing_anything_else_rolls_back(cli: Cli, host: SharedHost, terminal: int) -> None:
    before = host.state()
    os.write(terminal, b"no\n")
    bridge = host.name("kv")
    code, out, err = cli(
        "-c", SHARED_URI, "bridge", "create", bridge, "--port", host.ports[0],
        "--confirm-timeout", "10",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.endswith("kvmdesk-cli: cancelled: the change was rolled back\n")
    assert not host.exists(bridge) and host.state() == before


def test_silence_rolls_back(cli: Cli, host: SharedHost, terminal: int) -> None:
    before = host.state()
    name = host.name("kn")
    code, _, err = cli(
        "-c", SHARED_URI, "bond", "create", name, "--mode", "6", "--port", host.ports[0],
        "--confirm-timeout", "0.3",
    )  # fmt: skip
    assert code == 1
    assert err.endswith("kvmdesk-cli: no confirmation within 0.3 s: the change was rolled back\n")
    assert not host.exists(name) and host.state() == before


def test_networkmanager_settings_without_networkmanager(cli: Cli, host: SharedHost) -> None:
    before = host.state()
    code, out, err = cli(
        "-c", SHARED_URI, "bond", "create", "kx0", "--mode", "1", "--port", host.ports[0],
        "--backend", "nm", "--dry-run", "--print-xml",
    )  # fmt: skip
    assert (code, err) == (0, "")
    profiles = json.loads(out)["profiles"]
    assert profiles[0]["connection"]["interface-name"] == "kx0"
    assert host.state() == before
    # Applying needs NetworkManager itself: bad input, nothing changed.
    code, _, err = cli(
        "-c", SHARED_URI, "bond", "create", "kx0", "--mode", "1", "--port", host.ports[0],
        "--backend", "nm",
    )  # fmt: skip
    assert code == 2
    assert_error_line_is(
        err, f"the NetworkManager backend manages this machine only, not {SHARED_URI}"
    )
