"""Shared helpers for the core tests: generated test-driver inventories, asyncio glue,
``test:///default`` fixtures and the in-process CLI.

Every inventory is a real ``test:///ABS/PATH.xml`` file for libvirt's in-process test
driver. Unlike ``test:///default`` (one shared state per process), each open of a file
URI gets its own fresh copy, so tests that change state stay independent.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid as uuidlib
from collections.abc import Callable, Coroutine, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import libvirt
import pytest
from lxml import etree

from kvmdesk.cli import main
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop

ROOT = Path(__file__).resolve().parents[2]

# shared/ sits beside the repository root (see shared/corpus/README.md).
CORPUS = ROOT.parent / "shared" / "corpus" / "libvirt-9.0.0"

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"

# <test:runstate> values: libvirt's virDomainState numbers.
RUNNING = 1
BLOCKED = 2
PAUSED = 3
SHUTDOWN = 4
SHUTOFF = 5
CRASHED = 6
PMSUSPENDED = 7

T = TypeVar("T")


@dataclass(frozen=True)
class Nic:
    mac: str
    type: str = "network"
    source: str = "lan"
    model: str = "virtio"
    link: str = ""  # "" leaves <link> out (libvirt's default: up)


@dataclass(frozen=True)
class Dom:
    name: str
    runstate: int = SHUTOFF
    vcpus: int = 1
    memory_kib: int = 262144
    uuid: str = field(default_factory=lambda: str(uuidlib.uuid4()))
    nics: tuple[Nic, ...] = ()


@dataclass(frozen=True)
class Net:
    name: str
    forward: str = ""  # "" means no <forward> (host-only with an <ip>)
    address: str = ""  # TEST-NET addresses only
    bridge: str = ""


_SOURCE_ATTRIBUTE = {"network": "network", "bridge": "bridge", "direct": "dev"}


def _domain_element(dom: Dom, *, runstate: bool = True) -> etree._Element:
    domain = etree.Element("domain", type="test")
    etree.SubElement(domain, "name").text = dom.name
    etree.SubElement(domain, "uuid").text = dom.uuid
    etree.SubElement(domain, "memory", unit="KiB").text = str(dom.memory_kib)
    etree.SubElement(domain, "vcpu").text = str(dom.vcpus)
    os_element = etree.SubElement(domain, "os")
    etree.SubElement(os_element, "type").text = "hvm"
    devices = etree.SubElement(domain, "devices")
    for nic in dom.nics:
        interface = etree.SubElement(devices, "interface", type=nic.type)
        etree.SubElement(interface, "mac", address=nic.mac)
        attribute = _SOURCE_ATTRIBUTE.get(nic.type)
        if attribute:
            etree.SubElement(interface, "source", {attribute: nic.source})
        etree.SubElement(interface, "model", type=nic.model)
        if nic.link:
            etree.SubElement(interface, "link", state=nic.link)
    if runstate:
        etree.SubElement(domain, f"{{{TEST_NS}}}runstate").text = str(dom.runstate)
    return domain


def domain_xml(dom: Dom) -> str:
    """Domain XML for ``defineXML`` (no test-driver run state; start it to run it)."""
    return etree.tostring(_domain_element(dom, runstate=False), encoding="unicode")


def _network_element(net: Net) -> etree._Element:
    network = etree.Element("network")
    etree.SubElement(network, "name").text = net.name
    if net.forward:
        etree.SubElement(network, "forward", mode=net.forward)
    if net.bridge:
        etree.SubElement(network, "bridge", name=net.bridge)
    if net.address:
        etree.SubElement(network, "ip", address=net.address, prefix="25")
    return network


def inventory_xml(domains: Sequence[Dom], networks: Sequence[Net] = ()) -> bytes:
    """A test-driver ``<node>`` document with the given domains and networks."""
    node = etree.Element("node", nsmap={"test": TEST_NS})
    for dom in domains:
        node.append(_domain_element(dom))
    for net in networks:
        node.append(_network_element(net))
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", pretty_print=True)


DEFAULT_NETWORKS = (
    Net("lan", forward="nat", address="198.51.100.1", bridge="virbr-lan"),
    Net("lab", address="203.0.113.1", bridge="virbr-lab"),
)

DEFAULT_DOMAINS = (
    Dom(
        "alpha",
        RUNNING,
        vcpus=2,
        memory_kib=1048576,
        nics=(
            Nic("52:54:00:00:00:01"),
            Nic("52:54:00:00:00:02", type="bridge", source="br0", model="e1000e", link="down"),
        ),
    ),
    Dom("bravo", PAUSED, nics=(Nic("52:54:00:00:00:03", source="lab"),)),
    Dom("charlie", SHUTOFF),
)


MakeInventory = Callable[..., str]


@pytest.fixture
def make_inventory(tmp_path: Path) -> MakeInventory:
    """Write an inventory into ``tmp_path`` and return its ``test:///`` URI."""
    counter = 0

    def make(
        domains: Sequence[Dom] = DEFAULT_DOMAINS, networks: Sequence[Net] = DEFAULT_NETWORKS
    ) -> str:
        nonlocal counter
        counter += 1
        path = tmp_path / f"inventory-{counter}.xml"
        path.write_bytes(inventory_xml(domains, networks))
        return f"test://{path}"

    return make


@pytest.fixture
def inventory_uri(make_inventory: MakeInventory) -> str:
    """The default three-domain, two-network inventory."""
    return make_inventory()


def run(coroutine: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    """Run one test scenario on a fresh event loop, failing instead of hanging."""

    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, timeout)

    return asyncio.run(bounded())


async def until(condition: Callable[[], object], what: str, timeout: float = 5.0) -> None:
    """Yield to the loop until ``condition()`` is true (events arrive asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.005)


def require_corpus() -> Path:
    """The shared corpus; missing it fails in CI (it is always there) and skips elsewhere."""
    if not CORPUS.is_dir():
        message = f"shared corpus not found at {CORPUS} (shared/ sits beside the repository)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return require_corpus()


SHARED_URI = "test:///default"


class SharedDefault:
    """``test:///default`` holds one state per process, shared by every connection to it.

    Tests that need two connections to see each other's changes (the CLI runs
    in-process with its own connection) use it through this: each test defines
    uniquely named domains and the fixture removes them again.
    """

    def __init__(self, conn: libvirt.virConnect) -> None:
        self.conn = conn
        self.names: list[str] = []

    def define(self, runstate: int = SHUTOFF, *, prefix: str = "kvmdesk-test") -> Dom:
        dom = Dom(f"{prefix}-{uuidlib.uuid4().hex[:10]}", runstate)
        self.names.append(dom.name)
        domain = self.conn.defineXML(domain_xml(dom))
        if runstate in (RUNNING, PAUSED):
            domain.create()
        if runstate == PAUSED:
            domain.suspend()
        return dom

    def state(self, name: str) -> int:
        return int(self.conn.lookupByName(name).state()[0])

    def exists(self, name: str) -> bool:
        return name in {d.name() for d in self.conn.listAllDomains(0)}

    def remove_all(self) -> None:
        for name in self.names:
            with contextlib.suppress(libvirt.libvirtError):
                domain = self.conn.lookupByName(name)
                if domain.isActive():
                    domain.destroy()
                if domain.isPersistent():
                    domain.undefine()


class RemovesAll(Protocol):
    def remove_all(self) -> None: ...


R = TypeVar("R", bound=RemovesAll)


def on_shared_default(make: Callable[[libvirt.virConnect], R]) -> Generator[R, None, None]:
    """The body of a fixture (``yield from``): ``make(conn)`` on a connection to
    ``test:///default``; afterwards its ``remove_all()``, then the connection closes."""
    ensure_event_loop()  # also keeps libvirt from printing errors the tests expect
    conn = libvirt.open(SHARED_URI)
    try:
        made = make(conn)
        try:
            yield made
        finally:
            made.remove_all()
    finally:
        conn.close()


@pytest.fixture
def shared_default() -> Iterator[SharedDefault]:
    yield from on_shared_default(SharedDefault)


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``main(argv)`` in-process; return (exit code, stdout, stderr)."""

    def invoke(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def assert_one_error_line(err: str, *fragments: str) -> None:
    """``err`` is one ``kvmdesk-cli: …`` line, no traceback, holding every fragment."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kvmdesk-cli: "), err
    assert "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], err


def assert_error_line_is(err: str, text: str) -> None:
    """``err`` is exactly the one line ``kvmdesk-cli: <text>``."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0] == f"kvmdesk-cli: {text}", err
