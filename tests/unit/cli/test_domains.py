"""``kvmdesk-cli`` on libvirt's test driver, in-process through ``main()`` and as a process.

Read-only commands run on a generated inventory file per test. Commands that change
state run on ``test:///default``: the CLI opens its own connection, and only that
URI's state is shared with the test's connection (a file URI starts fresh on every
open), so the test can see what the CLI did. Each test defines its own uniquely
named domains there and removes them afterwards.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import libvirt
import pytest

from kvmdesk import __version__
from tests.helpers.cli import Cli, assert_one_error_line
from tests.helpers.inventory import (
    BLOCKED,
    CRASHED,
    PAUSED,
    PMSUSPENDED,
    RUNNING,
    SHUTDOWN,
    SHUTOFF,
    Dom,
    MakeInventory,
    domain_xml,
)
from tests.helpers.paths import ROOT
from tests.helpers.shared_default import SHARED_URI, SharedDefault

DOMAIN_KEYS = {"name", "uuid", "state", "vcpus", "memory_kib", "persistent", "nics"}
NIC_KEYS = {"mac", "model", "type", "source", "link"}
EVENT_KEYS = {"time", "connection", "object", "name", "event", "detail"}


# ---------------------------------------------------------------------- list


def test_list_json_shape(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "list", "--json")
    assert (code, err) == (0, "")
    domains = json.loads(out)
    assert [d["name"] for d in domains] == ["alpha", "bravo", "charlie"]
    for domain in domains:
        assert set(domain) == DOMAIN_KEYS
        assert len(domain["uuid"]) == 36
        assert domain["persistent"] is True
        for nic in domain["nics"]:
            assert set(nic) == NIC_KEYS
    alpha, bravo, charlie = domains
    assert (alpha["state"], alpha["vcpus"], alpha["memory_kib"]) == ("running", 2, 1048576)
    assert alpha["nics"] == [
        {
            "mac": "52:54:00:00:00:01",
            "model": "virtio",
            "type": "network",
            "source": "lan",
            "link": "up",
        },
        {
            "mac": "52:54:00:00:00:02",
            "model": "e1000e",
            "type": "bridge",
            "source": "br0",
            "link": "down",
        },
    ]
    assert (bravo["state"], charlie["state"], charlie["nics"]) == ("paused", "shutoff", [])


def test_list_json_names_every_state(cli: Cli, make_inventory: MakeInventory) -> None:
    runstates = {
        "running": RUNNING,
        "blocked": BLOCKED,
        "paused": PAUSED,
        "shutdown": SHUTDOWN,
        "shutoff": SHUTOFF,
        "crashed": CRASHED,
        "pmsuspended": PMSUSPENDED,
    }
    uri = make_inventory([Dom(word, runstate) for word, runstate in runstates.items()])
    code, out, _err = cli("-c", uri, "list", "--json")
    assert code == 0
    assert {d["name"]: d["state"] for d in json.loads(out)} == {w: w for w in runstates}


def test_list_table_is_aligned(cli: Cli, inventory_uri: str) -> None:
    code, out, err = cli("-c", inventory_uri, "list")
    assert (code, err) == (0, "")
    header, *rows = out.splitlines()
    assert header.split() == ["NAME", "UUID", "STATE", "VCPUS", "MEMORY", "NICS"]
    assert [row.split()[0] for row in rows] == ["alpha", "bravo", "charlie"]
    state_column = header.index("STATE")
    # The GUI's words (JSON keeps "running", "paused", "shutoff").
    vcpus_column = header.index("VCPUS")
    assert [row[state_column:vcpus_column].strip() for row in rows] == [
        "Running",
        "Paused",
        "Shut off",
    ]
    uuid_column = header.index("UUID")
    assert all(row[uuid_column - 1] == " " and row[uuid_column] != " " for row in rows)
    assert "NAT · lan, Not attached" in rows[0]  # as the GUI's Network column (br0 link down)
    assert "1 GiB" in rows[0]


def test_empty_inventory_lists_nothing(cli: Cli, make_inventory: MakeInventory) -> None:
    uri = make_inventory(domains=())
    assert cli("-c", uri, "list", "--json")[:2] == (0, "[]\n")
    code, out, _ = cli("-c", uri, "list")
    assert code == 0 and out.split() == ["NAME", "UUID", "STATE", "VCPUS", "MEMORY", "NICS"]


def test_default_uri_comes_from_the_environment(
    cli: Cli, inventory_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIBVIRT_DEFAULT_URI", inventory_uri)
    code, out, _ = cli("list", "--json")
    assert code == 0
    assert len(json.loads(out)) == 3


# ------------------------------------------------------------------- actions


def test_actions_change_state(cli: Cli, shared_default: SharedDefault) -> None:
    dom = shared_default.define(SHUTOFF)
    steps = [
        ("start", "started", libvirt.VIR_DOMAIN_RUNNING),
        ("suspend", "suspended", libvirt.VIR_DOMAIN_PAUSED),
        ("resume", "resumed", libvirt.VIR_DOMAIN_RUNNING),
        ("destroy", "destroyed", libvirt.VIR_DOMAIN_SHUTOFF),
    ]
    for command, word, state in steps:
        code, out, err = cli("-c", SHARED_URI, command, dom.name)
        assert (code, out, err) == (0, f"{dom.name}: {word}\n", ""), command
        assert shared_default.state(dom.name) == state, command

    code, out, _ = cli("-c", SHARED_URI, "undefine", dom.uuid)  # by UUID
    assert (code, out) == (0, f"{dom.name}: undefined\n")
    assert not shared_default.exists(dom.name)


def test_one_line_per_domain_acted_on(cli: Cli, shared_default: SharedDefault) -> None:
    first, second = shared_default.define(RUNNING), shared_default.define(RUNNING)
    # The same domain by name and by UUID is acted on once.
    code, out, err = cli("-c", SHARED_URI, "suspend", first.name, second.name, first.uuid)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{first.name}: suspended", f"{second.name}: suspended"]
    assert shared_default.state(first.name) == libvirt.VIR_DOMAIN_PAUSED
    assert shared_default.state(second.name) == libvirt.VIR_DOMAIN_PAUSED


@pytest.mark.parametrize("command", ["destroy", "undefine", "suspend"])
def test_unknown_domain_changes_nothing(
    cli: Cli, shared_default: SharedDefault, command: str
) -> None:
    known = shared_default.define(RUNNING)
    code, out, err = cli("-c", SHARED_URI, command, known.name, "no-such-domain")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "no-such-domain")
    assert shared_default.state(known.name) == libvirt.VIR_DOMAIN_RUNNING
    assert shared_default.conn.lookupByName(known.name).isPersistent()


def test_every_unknown_domain_is_named(cli: Cli, inventory_uri: str) -> None:
    code, _, err = cli("-c", inventory_uri, "start", "ghost", "charlie", "phantom")
    assert code == 2
    assert_one_error_line(err, "'ghost'", "'phantom'")


def test_libvirt_failure_exits_1_with_libvirts_message(
    cli: Cli, shared_default: SharedDefault
) -> None:
    dom = shared_default.define(RUNNING)
    code, out, err = cli("-c", SHARED_URI, "start", dom.name)
    assert (code, out) == (1, "")
    with pytest.raises(libvirt.libvirtError) as direct:
        shared_default.conn.lookupByName(dom.name).create()
    assert err == f"kvmdesk-cli: {direct.value.get_error_message()}\n"
    assert "already running" in err


def test_failure_stops_after_the_domains_already_done(
    cli: Cli, shared_default: SharedDefault
) -> None:
    stopped, running = shared_default.define(SHUTOFF), shared_default.define(RUNNING)
    code, out, err = cli("-c", SHARED_URI, "start", stopped.name, running.name)
    assert code == 1
    assert out == f"{stopped.name}: started\n"
    assert_one_error_line(err, "already running")


# --------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("not-a-uri", "not a libvirt URI"),
        ("", "empty"),
        ("Bad Scheme:///x", "scheme"),
        ("test:///", "supply a path"),  # libvirt's VIR_ERR_INVALID_ARG
    ],
)
def test_bad_uri_exits_2(cli: Cli, uri: str, reason: str) -> None:
    code, out, err = cli("-c", uri, "list")
    assert (code, out) == (2, "")
    assert_one_error_line(err, reason)


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("bogus:///x", 'no libvirt driver for "bogus:///x"'),
        ("qemu+bogus:///system", 'no libvirt transport "bogus" in "qemu+bogus:///system"'),
    ],
)
def test_uri_libvirt_has_no_driver_for_exits_2_naming_it(cli: Cli, uri: str, reason: str) -> None:
    code, out, err = cli("-c", uri, "list")
    assert (code, out) == (2, "")
    assert_one_error_line(err, reason)


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--bogus"],
        ["--bogus", "list"],
        ["frobnicate"],
        [],
        ["start"],
        ["events", "--count", "0"],
        ["events", "--timeout", "soon"],
        ["--demo", "-c", "test:///default", "list"],
    ],
    ids=["option", "global-option", "command", "nothing", "no-domain", "count", "timeout", "both"],
)
def test_bad_options_exit_2_with_one_line(cli: Cli, argv: list[str]) -> None:
    code, out, err = cli(*argv)
    assert (code, out) == (2, "")
    assert_one_error_line(err)


def test_version_and_help(cli: Cli) -> None:
    assert cli("--version") == (0, f"kvmdesk-cli {__version__}\n", "")
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("list", "start", "undefine", "events"):
        assert command in out


def test_demo_lists_the_demo_inventory(cli: Cli) -> None:
    from kvmdesk.core.connection.demo import demo_inventory

    if not demo_inventory().is_file():
        pytest.skip("resources/demo/inventory.xml not present")
    code, out, err = cli("--demo", "list", "--json")
    assert (code, err) == (0, "")
    names = {d["name"] for d in json.loads(out)}
    assert {"web-frontend", "db-primary"} <= names


# -------------------------------------------------------------------- events

CYCLE = [
    ("defined", "added"),
    ("started", "booted"),
    ("suspended", "paused"),
    ("resumed", "unpaused"),
    ("stopped", "destroyed"),
    ("undefined", "removed"),
]


@contextlib.contextmanager
def _cycling(cycle: Callable[[libvirt.virConnect, str], None], prefix: str) -> Iterator[None]:
    """While the block runs, another thread with its own connection to ``test:///default``
    repeats ``cycle(conn, prefix)`` (one object's life) until the block is over."""
    stop = threading.Event()

    def act() -> None:
        conn = libvirt.open(SHARED_URI)
        try:
            while not stop.is_set():
                cycle(conn, prefix)
        finally:
            conn.close()

    actor = threading.Thread(target=act, daemon=True)
    actor.start()
    try:
        yield
    finally:
        stop.set()
        actor.join(10)


def _domain_life(conn: libvirt.virConnect, prefix: str) -> None:
    """Define, start, suspend, resume, destroy and undefine one fresh domain."""
    domain = conn.defineXML(domain_xml(Dom(f"{prefix}-{time.monotonic_ns()}")))
    for step in (domain.create, domain.suspend, domain.resume, domain.destroy):
        time.sleep(0.01)
        step()
    time.sleep(0.01)
    domain.undefine()


def test_events_json_while_another_connection_acts(cli: Cli, shared_default: SharedDefault) -> None:
    prefix = "kvmdesk-events"
    with _cycling(_domain_life, prefix):
        code, out, err = cli(
            "-c", SHARED_URI, "events", "--json", "--count", "9", "--timeout", "30"
        )
    assert (code, err) == (0, "")
    events = [json.loads(line) for line in out.splitlines()]
    assert len(events) == 9
    for event in events:
        assert set(event) >= EVENT_KEYS
        assert (event["object"], event["connection"]) == ("domain", SHARED_URI)
        assert event["name"].startswith(prefix)
        assert (event["event"], event["detail"]) in CYCLE
    # Events arrive in the order the other connection caused them.
    words = [(e["event"], e["detail"]) for e in events]
    for before, after in itertools.pairwise(words):
        assert CYCLE.index(after) == (CYCLE.index(before) + 1) % len(CYCLE), words
    # A new name begins only with a definition.
    for before, after in itertools.pairwise(events):
        if after["name"] != before["name"]:
            assert after["event"] == "defined"


NETWORK_CYCLE = ["defined", "started", "stopped", "undefined"]


def _network_life(conn: libvirt.virConnect, prefix: str) -> None:
    """Define, start, stop and undefine one fresh network (no addresses)."""
    network = conn.networkDefineXML(
        f"<network><name>{prefix}-{time.monotonic_ns()}</name></network>"
    )
    for step in (network.create, network.destroy, network.undefine):
        time.sleep(0.01)
        step()
    time.sleep(0.01)


def test_events_plain_lines_for_networks(cli: Cli, shared_default: SharedDefault) -> None:
    prefix = "kvmdesk-net"
    with _cycling(_network_life, prefix):
        code, out, err = cli("-c", SHARED_URI, "events", "--count", "5", "--timeout", "30")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 5
    words = []
    for line in lines:
        # 2026-01-01T12:00:00.000+00:00 test:///default network NAME: started
        time_text, connection, kind, rest = line.split(" ", 3)
        name, word = rest.split(": ")
        assert "T" in time_text and connection == SHARED_URI and kind == "network"
        assert name.startswith(prefix)
        words.append(word)
    for before, after in itertools.pairwise(words):
        assert NETWORK_CYCLE.index(after) == (NETWORK_CYCLE.index(before) + 1) % 4, words


def test_events_timeout_exits_0_without_events(cli: Cli, inventory_uri: str) -> None:
    started = time.monotonic()
    assert cli("-c", inventory_uri, "events", "--timeout", "0.3") == (0, "", "")
    assert time.monotonic() - started >= 0.3


# ----------------------------------------------------------------- processes


def run_cli(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvmdesk.cli", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_child_env(),
        cwd=ROOT,
        check=False,
    )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("LIBVIRT_DEFAULT_URI", None)
    return env


def test_process_list_json(inventory_uri: str) -> None:
    result = run_cli("-c", inventory_uri, "list", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert [d["state"] for d in json.loads(result.stdout)] == ["running", "paused", "shutoff"]


def test_process_bad_input_is_one_line_no_traceback(inventory_uri: str) -> None:
    result = run_cli("-c", inventory_uri, "destroy", "alpha", "nobody")
    assert (result.returncode, result.stdout) == (2, "")
    assert_one_error_line(result.stderr, "nobody")
    result = run_cli("-c", "nonsense", "list")
    assert result.returncode == 2
    assert_one_error_line(result.stderr, "nonsense")
    result = run_cli("list", "--no-such-option")
    assert result.returncode == 2
    assert_one_error_line(result.stderr, "--no-such-option")


def test_process_libvirt_failure_exits_1(inventory_uri: str) -> None:
    result = run_cli("-c", inventory_uri, "resume", "alpha")  # alpha is running
    assert (result.returncode, result.stdout) == (1, "")
    assert_one_error_line(result.stderr, "not paused")


def test_process_events_timeout(inventory_uri: str) -> None:
    result = run_cli("-c", inventory_uri, "events", "--json", "--timeout", "0.5")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# Whoever started pytest may have left SIGINT ignored (background jobs of a
# non-interactive shell), and children inherit that: give the child Python's
# normal Ctrl-C handling before the CLI starts.
_WITH_CTRL_C = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('kvmdesk.cli', run_name='__main__')"
)


def test_process_ctrl_c_exits_130_quietly(inventory_uri: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _WITH_CTRL_C, "-c", inventory_uri, "events", "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(),
        cwd=ROOT,
    )
    try:
        tasks = Path(f"/proc/{child.pid}/task")
        deadline = time.monotonic() + 30
        # Connected means libvirt's event thread and the session's pool are running.
        while len(list(tasks.iterdir())) < 3:
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.2)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert (child.returncode, out, err) == (130, "", "")
