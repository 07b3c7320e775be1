"""kvmdesk's connectivity matrix (``kvmdesk.core.vnet.connectivity.MATRIX``) against real booted guests.

Topology, all inside the isolated daemon's namespaces::

    other host (netns kvmdesk-lan)          "host" = the daemon's network namespace
    198.51.100.2  lan1 ==== veth ==== lan0  198.51.100.1, default route via 198.51.100.2
    httpd :7000 (id "other")                httpd :7000 (id "host"), ip_forward=1
    routes 203.0.113.0/26, .64/26,          libvirt networks made from kvmdesk NetworkSpecs:
    .128/26 via 198.51.100.1 (so only         nat        203.0.113.0/26    host .1   guests .10 .11
    libvirt's NAT/firewall decides; the       host-only  203.0.113.64/26   host .65  guests .74 .75
    routed subnet's route is the "setup")     internal   (no address)      guests .138 .139 static
                                              routed     203.0.113.192/26  host .193 guests .202 .203

Two guests per network (``guest_image.py``: a 6.1 kernel + busybox initramfs, direct kernel
boot, TCG by default) boot in parallel, serve "NAME CLIENT-ADDRESS" on :7000 and probe the host
(its address on the network; internal: its LAN address), the other host and their peer every
round, printing the results on the serial console. Guests always have a default route (DHCP's
router; host-only: the host, whose DHCP offers none; internal: an address nobody has), so it
is libvirt's forwarding and firewall that decide, not a missing route in the guest. The host and the
other host probe the guests with busybox ``wget``. Each (mode, direction) case then compares
what was observed with the matrix: ``yes`` → reachable, ``no`` → not reachable, ``setup`` → not
reachable as is, and reachable once the setup the reason names is done where this test knows
how (NAT other→VM: a DNAT port forward; routed: a route to the subnet on the other host).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.classify import classify_network_xml
from kvmdesk.core.vnet.connectivity import Direction, Verdict, reach
from kvmdesk.core.vnet.spec import NetworkSpec, new_network_xml, validate_network_spec
from tests.helpers.integration.guest_image import (
    ID_PATH,
    GuestImage,
    SerialReport,
    parse_serial,
    write_id_listener,
)
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

BOOT_DOMAIN_TYPE_ENV = "KVMDESK_TEST_BOOT_DOMAIN_TYPE"
"""``<domain type>`` for guests that must boot: ``qemu`` (TCG) by default, since the nested
``kvm`` of the build machines cannot boot Linux (ENVIRONMENT.md); ``kvm`` on real KVM hosts."""

LAN_NS = "kvmdesk-lan"
HOST_LAN = "198.51.100.1"
OTHER_LAN = "198.51.100.2"
LAN_PREFIX = 24
PORT = 7000  # every listener: guests, host, other host
FORWARD_PORT = 8080  # the host's port forward to a NAT guest (the "setup" of NAT other→VM)
HOST_ID, OTHER_ID = "host", "other"

IMAGES = "/var/lib/libvirt/images/kvmdesk-guest"
SERIAL_DIR = "/var/log/libvirt/qemu"
WWW = "/run/kvmdesk-www"
DAEMON_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}

READY_TIMEOUT = 180.0  # all guests booted and listening (TCG, 8 guests on 2 cores)
ROUNDS_TIMEOUT = 90.0  # two more probe rounds of every guest


@dataclass(frozen=True, slots=True)
class GuestPlan:
    name: str
    mac: str
    address: IPv4Address
    peer: str = ""


@dataclass(frozen=True, slots=True)
class ModePlan:
    mode: NetworkMode
    network: str
    bridge: str
    subnet: IPv4Network
    host_address: IPv4Address | None  # None: the host has no address on the network
    guests: tuple[GuestPlan, GuestPlan]
    lan_route: bool  # whether the other host routes the subnet via the host from the start

    @property
    def vm_to_host_target(self) -> str:
        # Without an address of its own on the network, the host is only its LAN address.
        return str(self.host_address) if self.host_address else HOST_LAN

    @property
    def guest_gateway(self) -> IPv4Address | None:
        """A default route the guests add themselves when DHCP gives none.

        Internal: an address nobody has (there is no gateway). Host-only: the host, whose
        DHCP offers no router; with a route the guest tries, so libvirt's firewall decides.
        """
        if self.mode is NetworkMode.INTERNAL:
            return self.subnet.network_address + 1
        if self.mode is NetworkMode.HOST_ONLY:
            return self.host_address
        return None


def _pair(mode: str, subnet: str, first: int, mac_byte: int) -> tuple[GuestPlan, GuestPlan]:
    net = IPv4Network(subnet)
    a, b = f"kvmdesk-cm-{mode}-a", f"kvmdesk-cm-{mode}-b"
    return (
        GuestPlan(a, f"52:54:00:6d:{mac_byte:02x}:01", net.network_address + first, b),
        GuestPlan(b, f"52:54:00:6d:{mac_byte:02x}:02", net.network_address + first + 1, a),
    )


PLANS: dict[NetworkMode, ModePlan] = {
    NetworkMode.NAT: ModePlan(
        NetworkMode.NAT,
        "kvmdesk-cm-nat",
        "kvmdcmnat0",
        IPv4Network("203.0.113.0/26"),
        IPv4Address("203.0.113.1"),
        _pair("nat", "203.0.113.0/26", 10, 1),
        lan_route=True,
    ),
    NetworkMode.HOST_ONLY: ModePlan(
        NetworkMode.HOST_ONLY,
        "kvmdesk-cm-hostonly",
        "kvmdcmho0",
        IPv4Network("203.0.113.64/26"),
        IPv4Address("203.0.113.65"),
        _pair("hostonly", "203.0.113.64/26", 10, 2),
        lan_route=True,
    ),
    NetworkMode.INTERNAL: ModePlan(
        NetworkMode.INTERNAL,
        "kvmdesk-cm-internal",
        "kvmdcmint0",
        IPv4Network("203.0.113.128/26"),
        None,
        _pair("internal", "203.0.113.128/26", 10, 3),
        lan_route=True,
    ),
    NetworkMode.ROUTED: ModePlan(
        NetworkMode.ROUTED,
        "kvmdesk-cm-routed",
        "kvmdcmrt0",
        IPv4Network("203.0.113.192/26"),
        IPv4Address("203.0.113.193"),
        _pair("routed", "203.0.113.192/26", 10, 4),
        lan_route=False,  # the route back is the setup the matrix names
    ),
}

CASES = [(mode, direction) for mode in PLANS for direction in Direction]


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class Probe:
    """One attempt: who tried to reach what, and whether the expected listener answered."""

    source: str
    target: str
    ok: bool
    detail: str
    client: str = ""  # the address the target saw the request come from

    def __str__(self) -> str:
        outcome = "reachable" if self.ok else "unreachable"
        seen = f", seen from {self.client}" if self.client else ""
        return f"{self.source} -> {self.target}: {outcome} ({self.detail}{seen})"


@dataclass(slots=True)
class Observation:
    plain: list[Probe] = field(default_factory=list)  # as the network comes
    setup: list[Probe] | None = None  # after this test did the setup (None: not attempted)
    setup_done: str = ""


def _verdict(probes: Sequence[Probe]) -> bool:
    """True if every probe got through, False if none did; mixed results are an error."""
    assert probes, "nothing was probed"
    results = {probe.ok for probe in probes}
    assert len(results) == 1, "inconsistent observations:\n  " + "\n  ".join(map(str, probes))
    return results.pop()


# ------------------------------------------------------------------------------ topology


def _run(daemon: IsolatedLibvirtd, *cmd: str, check: bool = True, timeout: float = 30.0) -> str:
    result = daemon.run(list(cmd), check=False, timeout=timeout, env=DAEMON_ENV)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} failed (exit {result.returncode}): {result.stderr.strip()}"
        )
    return result.stdout


def _setup_lan(daemon: IsolatedLibvirtd, busybox: str) -> None:
    """The other host's namespace, the veth "LAN", routes, forwarding and the two listeners."""
    lan_routes = " ".join(
        f"ip -n {LAN_NS} route add {plan.subnet} via {HOST_LAN};"
        for plan in PLANS.values()
        if plan.lan_route
    )
    script = f"""
set -eu
ip netns add {LAN_NS}
ip link add lan0 type veth peer name lan1 netns {LAN_NS}
ip addr add {HOST_LAN}/{LAN_PREFIX} dev lan0
ip link set lan0 up
ip -n {LAN_NS} link set lo up
ip -n {LAN_NS} addr add {OTHER_LAN}/{LAN_PREFIX} dev lan1
ip -n {LAN_NS} link set lan1 up
ip route add default via {OTHER_LAN}
{lan_routes}
sysctl -qw net.ipv4.ip_forward=1
{busybox} httpd -p {PORT} -h {WWW}/host
ip netns exec {LAN_NS} {busybox} httpd -p {PORT} -h {WWW}/other
"""
    www = daemon.root / WWW.lstrip("/")
    write_id_listener(www / "host", HOST_ID, f"{busybox} sh")
    write_id_listener(www / "other", OTHER_ID, f"{busybox} sh")
    _run(daemon, "bash", "-c", script)


def _network_xml(plan: ModePlan) -> str:
    """kvmdesk's XML for the mode, plus DHCP reservations (dnsmasq answers them at once)."""
    if plan.host_address is None:
        spec = NetworkSpec(plan.network, plan.mode, bridge=plan.bridge)
    else:
        spec = NetworkSpec(
            plan.network,
            plan.mode,
            subnet=plan.subnet,
            dhcp_start=plan.subnet.network_address + 40,
            dhcp_end=plan.subnet.network_address + 60,
            bridge=plan.bridge,
        )
    validate_network_spec(spec, existing=[])
    root = etree.fromstring(new_network_xml(spec).encode())
    dhcp = root.find("ip/dhcp")
    if dhcp is not None:
        for guest in plan.guests:
            etree.SubElement(dhcp, "host", mac=guest.mac, ip=str(guest.address))
    xml = etree.tostring(root, encoding="unicode")
    assert classify_network_xml(xml) is plan.mode
    return xml


def _cmdline(plan: ModePlan, guest: GuestPlan) -> str:
    peer = next(other for other in plan.guests if other.name == guest.peer)
    probes = [
        f"{Direction.VM_TO_HOST}@{plan.vm_to_host_target}",
        f"{Direction.VM_TO_OTHER}@{OTHER_LAN}",
        f"{Direction.VM_TO_VM}@{peer.address}",
    ]
    if plan.host_address is None:  # no DHCP: a static address
        address = f"kvmdesk.ip={guest.address}/{plan.subnet.prefixlen}"
    else:
        address = "kvmdesk.ip=dhcp"
    if plan.guest_gateway is not None:
        address += f" kvmdesk.gw={plan.guest_gateway}"
    return (
        f"console=ttyS0 quiet panic=-1 kvmdesk.name={guest.name} {address} "
        f"kvmdesk.port={PORT} kvmdesk.probes={','.join(probes)}"
    )


def _domain_xml(plan: ModePlan, guest: GuestPlan, kernel: str, domain_type: str) -> str:
    return f"""<domain type={quoteattr(domain_type)}>
  <name>{escape(guest.name)}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{IMAGES}/{kernel}</kernel>
    <initrd>{IMAGES}/initrd.cpio</initrd>
    <cmdline>{escape(_cmdline(plan, guest))}</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <interface type='network'>
      <mac address={quoteattr(guest.mac)}/>
      <source network={quoteattr(plan.network)}/>
      <model type='virtio'/>
      <rom enabled='no'/>
    </interface>
    <serial type='file'>
      <source path='{SERIAL_DIR}/{escape(guest.name)}.serial'/>
      <target port='0'/>
    </serial>
    <memballoon model='none'/>
  </devices>
</domain>
"""


# ------------------------------------------------------------------------------ probing


def _wget(
    daemon: IsolatedLibvirtd, busybox: str, url: str, netns: str | None = None
) -> tuple[list[str], str]:
    """The words of the first line served at ``url``, or ``[]`` and why nothing came (3 s)."""
    cmd = ["timeout", "3", busybox, "wget", "-q", "-O", "-", url]
    if netns:
        cmd = ["ip", "netns", "exec", netns, *cmd]
    result = daemon.run(cmd, check=False, timeout=20, env=DAEMON_ENV)
    lines = result.stdout.strip().splitlines()
    if result.returncode == 0 and lines:
        return lines[0].split(), ""
    if result.returncode == 124:
        return [], "timeout"
    errors = result.stderr.strip().splitlines()
    return [], errors[-1] if errors else f"exit {result.returncode}"


def _probe(
    daemon: IsolatedLibvirtd,
    busybox: str,
    source: str,
    address: str,
    port: int,
    expect: str,
    netns: str | None = None,
) -> Probe:
    started = time.monotonic()
    words, why = _wget(daemon, busybox, f"http://{address}:{port}{ID_PATH}", netns)
    took = f"{time.monotonic() - started:.1f} s"
    return _judge(source, f"{address}:{port}", words, why, expect, took)


def _judge(source: str, target: str, words: list[str], why: str, expect: str, when: str) -> Probe:
    """A probe's outcome from the listener's answer ``[ID, CLIENT]`` (``[]``: ``why`` not)."""
    if not words:
        return Probe(source, target, False, f"no answer, {when}: {why}")
    # httpd listens on IPv6 too: "[::ffff:198.51.100.1]" is 198.51.100.1
    client = words[1].strip("[]").removeprefix("::ffff:") if len(words) > 1 else ""
    if words[0] != expect:
        return Probe(source, target, False, f"{' '.join(words)!r} answered, not {expect!r}")
    return Probe(source, target, True, f"{expect!r} answered, {when}", client)


def _parallel(calls: Sequence[Callable[[], Probe]]) -> list[Probe]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda call: call(), calls))


class Guests:
    """The running guests and their serial logs."""

    def __init__(self, daemon: IsolatedLibvirtd, plans: Sequence[ModePlan]) -> None:
        self.daemon = daemon
        self.plans = plans
        self.names = [guest.name for plan in plans for guest in plan.guests]

    def report(self, name: str) -> SerialReport:
        return parse_serial(self.log(name))

    def log(self, name: str) -> str:
        path = self.daemon.root / SERIAL_DIR.lstrip("/") / f"{name}.serial"
        try:
            return path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait(
        self,
        names: Sequence[str],
        done: Callable[[str, SerialReport], bool],
        timeout: float,
        what: str,
    ) -> dict[str, SerialReport]:
        deadline = time.monotonic() + timeout
        while True:
            reports = {name: self.report(name) for name in names}
            errors = {name: report.errors for name, report in reports.items() if report.errors}
            if errors:
                raise AssertionError(f"guest init failed: {errors}\n{self._tails(names)}")
            if all(done(name, report) for name, report in reports.items()):
                return reports
            if time.monotonic() >= deadline:
                late = [name for name, report in reports.items() if not done(name, report)]
                raise AssertionError(
                    f"{what}: not within {timeout:.0f} s for {late}\n{self._tails(late)}"
                )
            time.sleep(0.2)

    def wait_rounds(self, names: Sequence[str], more: int = 2) -> dict[str, SerialReport]:
        """Reports once every guest finished ``more`` rounds after now (the last is clean:
        it started after everything before this call was in place)."""
        base = {name: self.report(name).rounds_done for name in names}
        return self.wait(
            names,
            lambda name, report: report.rounds_done >= base[name] + more,
            ROUNDS_TIMEOUT,
            f"{more} more probe rounds",
        )

    def _tails(self, names: Sequence[str], lines: int = 25) -> str:
        return "\n".join(
            f"--- serial log of {name} (tail) ---\n"
            + "\n".join(self.log(name).splitlines()[-lines:])
            for name in names
        )


def _guest_probes(
    plan: ModePlan,
    reports: dict[str, SerialReport],
    label: Direction,
    expect: Callable[[GuestPlan], str],
) -> list[Probe]:
    probes = []
    for guest in plan.guests:
        report = reports[guest.name]
        round_ = report.rounds_done
        entry = report.result(str(label), round_)
        if entry is None:
            probes.append(Probe(guest.name, "?", False, f"round {round_} has no {label} line"))
            continue
        target, outcome = entry
        status, _, rest = outcome.partition(" ")
        words = rest.split() if status == "ok" else []
        probes.append(_judge(guest.name, target, words, rest, expect(guest), f"round {round_}"))
    return probes


# ------------------------------------------------------------------------------ the run


@dataclass(slots=True)
class MatrixRun:
    observations: dict[tuple[NetworkMode, Direction], Observation]
    timings: dict[str, float]


@pytest.fixture(scope="module")
def matrix_run(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage
) -> Iterator[MatrixRun]:
    daemon, image = isolated_libvirtd, bootable_guest_image
    busybox = str(image.busybox)  # static; the namespace shares the host's file system
    domain_type = _boot_domain_type()
    timings: dict[str, float] = {}
    plans = list(PLANS.values())
    observations = {case: Observation() for case in CASES}
    conn = daemon.open()
    domains: list[Any] = []
    try:
        images = daemon.root / IMAGES.lstrip("/")
        images.mkdir(parents=True, exist_ok=True)
        (daemon.root / SERIAL_DIR.lstrip("/")).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image.kernel, images / image.kernel.name)
        shutil.copyfile(image.initrd, images / "initrd.cpio")
        _setup_lan(daemon, busybox)
        for plan in plans:
            conn.networkDefineXML(_network_xml(plan)).create()
        for plan in plans:
            for guest in plan.guests:
                xml = _domain_xml(plan, guest, image.kernel.name, domain_type)
                domains.append(conn.defineXML(xml))

        guests = Guests(daemon, plans)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(domains)) as pool:
            list(pool.map(lambda domain: domain.create(), domains))
        timings["start_all_guests_s"] = time.monotonic() - started
        guests.wait(guests.names, lambda _, report: report.ready is not None, READY_TIMEOUT, "boot")
        timings["boot_all_guests_s"] = time.monotonic() - started
        for name in guests.names:
            wanted = next(str(g.address) for p in plans for g in p.guests if g.name == name)
            got = guests.report(name).ready or ""
            assert got.split("/")[0] == wanted, f"{name} has address {got!r}, not {wanted}"

        # Guests' own probes, from a round that started once everything was up.
        reports = guests.wait_rounds(guests.names)
        timings["probe_rounds_s"] = time.monotonic() - started
        for plan in plans:
            for label, expect in (
                (Direction.VM_TO_HOST, lambda g: HOST_ID),
                (Direction.VM_TO_OTHER, lambda g: OTHER_ID),
                (Direction.VM_TO_VM, lambda g: g.peer),
            ):
                observations[(plan.mode, label)].plain = _guest_probes(plan, reports, label, expect)

        # Host → VM and other host → VM.
        calls: list[tuple[tuple[NetworkMode, Direction], Callable[[], Probe]]] = []
        for plan in plans:
            for guest in plan.guests:
                address = str(guest.address)
                calls.append(
                    (
                        (plan.mode, Direction.HOST_TO_VM),
                        _bind(daemon, busybox, "host", address, PORT, guest.name, None),
                    )
                )
                calls.append(
                    (
                        (plan.mode, Direction.OTHER_TO_VM),
                        _bind(daemon, busybox, "other host", address, PORT, guest.name, LAN_NS),
                    )
                )
        for (case, _), probe in zip(calls, _parallel([call for _, call in calls]), strict=True):
            observations[case].plain.append(probe)

        # Setups the matrix names, where they are simple.
        _setup_nat_port_forward(daemon, observations, busybox)
        _setup_routed_route_back(daemon, guests, observations, busybox)
        timings["total_s"] = time.monotonic() - started
        print(f"\nconnectivity matrix timings: {timings}")
        for (mode, direction), observation in observations.items():  # shown with -s
            print(f"{mode} {direction} [matrix: {reach(mode, direction).verdict}]")
            for probe in observation.plain:
                print(f"    {probe}")
            for probe in observation.setup or ():
                print(f"    after {observation.setup_done}: {probe}")
        yield MatrixRun(observations, timings)
    finally:
        for domain in domains:
            try:
                if domain.isActive():
                    domain.destroy()
                domain.undefine()
            except libvirt.libvirtError:
                pass
        conn.close()


def _bind(
    daemon: IsolatedLibvirtd,
    busybox: str,
    source: str,
    address: str,
    port: int,
    expect: str,
    netns: str | None,
) -> Callable[[], Probe]:
    return lambda: _probe(daemon, busybox, source, address, port, expect, netns)


def _setup_nat_port_forward(
    daemon: IsolatedLibvirtd,
    observations: dict[tuple[NetworkMode, Direction], Observation],
    busybox: str,
) -> None:
    """NAT other→VM: a DNAT port forward on the host's LAN address to guest a (+ FORWARD
    accept, which libvirt's own rules would reject otherwise), as libvirt's docs show."""
    plan = PLANS[NetworkMode.NAT]
    guest = plan.guests[0]
    to = f"{guest.address}:{PORT}"
    _run(
        daemon,
        *("iptables", "-t", "nat", "-I", "PREROUTING", "1", "-d", f"{HOST_LAN}/32"),
        *("-p", "tcp", "--dport", str(FORWARD_PORT), "-j", "DNAT", "--to-destination", to),
    )
    _run(
        daemon,
        *("iptables", "-I", "FORWARD", "1", "-d", f"{guest.address}/32", "-o", plan.bridge),
        *("-p", "tcp", "--dport", str(PORT), "-j", "ACCEPT"),
    )
    observation = observations[(NetworkMode.NAT, Direction.OTHER_TO_VM)]
    observation.setup_done = f"DNAT {HOST_LAN}:{FORWARD_PORT} -> {to} + FORWARD accept"
    observation.setup = [
        _probe(daemon, busybox, "other host", HOST_LAN, FORWARD_PORT, guest.name, LAN_NS)
    ]


def _setup_routed_route_back(
    daemon: IsolatedLibvirtd,
    guests: Guests,
    observations: dict[tuple[NetworkMode, Direction], Observation],
    busybox: str,
) -> None:
    """Routed other→VM and VM→other: the other host gets a route to the subnet via the host."""
    plan = PLANS[NetworkMode.ROUTED]
    _run(daemon, "ip", "-n", LAN_NS, "route", "add", str(plan.subnet), "via", HOST_LAN)
    done = f"route {plan.subnet} via {HOST_LAN} on the other host"
    names = [guest.name for guest in plan.guests]
    reports = guests.wait_rounds(names)
    vm_to_other = observations[(NetworkMode.ROUTED, Direction.VM_TO_OTHER)]
    vm_to_other.setup_done = done
    vm_to_other.setup = _guest_probes(plan, reports, Direction.VM_TO_OTHER, lambda g: OTHER_ID)
    other_to_vm = observations[(NetworkMode.ROUTED, Direction.OTHER_TO_VM)]
    other_to_vm.setup_done = done
    other_to_vm.setup = _parallel(
        [
            _bind(daemon, busybox, "other host", str(g.address), PORT, g.name, LAN_NS)
            for g in plan.guests
        ]
    )


def _boot_domain_type() -> str:
    return os.environ.get(BOOT_DOMAIN_TYPE_ENV, "").strip() or "qemu"


# ------------------------------------------------------------------------------ the tests


@pytest.mark.parametrize(
    ("mode", "direction"), CASES, ids=[f"{mode}-{direction}" for mode, direction in CASES]
)
def test_observed_reachability_matches_matrix(
    matrix_run: MatrixRun, mode: NetworkMode, direction: Direction
) -> None:
    expected = reach(mode, direction)
    observation = matrix_run.observations[(mode, direction)]
    seen = _verdict(observation.plain)
    context = (
        f"{mode} {direction}: matrix says {expected.verdict} ({expected.reason}); observed:\n  "
        + "\n  ".join(map(str, observation.plain))
    )
    if expected.verdict is Verdict.YES:
        assert seen, context
    elif expected.verdict is Verdict.NO:
        assert not seen, context
    else:
        assert not seen, f"reachable without any setup. {context}"
        if observation.setup is not None:
            after = f"{context}\nafter setup ({observation.setup_done}):\n  " + "\n  ".join(
                map(str, observation.setup)
            )
            assert _verdict(observation.setup), after


def test_nat_masquerades_and_routed_does_not(matrix_run: MatrixRun) -> None:
    """The reasons behind the rows: NAT guests reach the LAN behind the host's address,
    routed guests with their own (hence the route back), and a port forward keeps the
    other host's address."""
    observations = matrix_run.observations
    nat_out = observations[(NetworkMode.NAT, Direction.VM_TO_OTHER)].plain
    assert {probe.client for probe in nat_out} == {HOST_LAN}, nat_out
    routed_out = observations[(NetworkMode.ROUTED, Direction.VM_TO_OTHER)].setup or []
    assert sorted(probe.client for probe in routed_out) == sorted(
        str(guest.address) for guest in PLANS[NetworkMode.ROUTED].guests
    ), routed_out
    forwarded = observations[(NetworkMode.NAT, Direction.OTHER_TO_VM)].setup or []
    assert [probe.client for probe in forwarded] == [OTHER_LAN], forwarded
    host_in = observations[(NetworkMode.NAT, Direction.HOST_TO_VM)].plain
    assert {probe.client for probe in host_in} == {str(PLANS[NetworkMode.NAT].host_address)}
