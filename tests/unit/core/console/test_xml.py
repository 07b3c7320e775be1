"""Which path reaches a VM's console, decided from its domain XML and the connection URI."""

from __future__ import annotations

import pytest

from kvmdesk.core.console.plan import (
    ConsoleUnavailable,
    Problem,
    Route,
    SerialProblem,
    SerialUnavailable,
)
from kvmdesk.core.console.xml import (
    graphics_types,
    plan_graphics,
    read_only_plan,
    read_serial,
    read_vnc,
)
from kvmdesk.core.util.uri import LibvirtUri
from tests.helpers.corpus import require_corpus

LOCAL = LibvirtUri.parse("qemu:///system")
SESSION = LibvirtUri.parse("qemu:///session")
UNIX = LibvirtUri.parse("qemu+unix:///system?socket=/run/other/libvirt-sock")
SSH = LibvirtUri.parse("qemu+ssh://admin@203.0.113.7:2222/system?keyfile=/k/id&no_verify=1")
SSH_LOCALHOST = LibvirtUri.parse("qemu+ssh://localhost/system")
TCP = LibvirtUri.parse("qemu+tcp://203.0.113.9/system")
TLS = LibvirtUri.parse("qemu://203.0.113.9/system")
TEST = LibvirtUri.parse("test:///default")


def domain(devices: str) -> str:
    return f"<domain type='qemu'><name>vm</name><devices>{devices}</devices></domain>"


VNC_NONE = domain("<graphics type='vnc'><listen type='none'/></graphics>")
VNC_LOOPBACK = domain(
    "<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>"
    "<listen type='address' address='127.0.0.1'/></graphics>"
)
VNC_ANY = domain(
    "<graphics type='vnc' port='5902' listen='0.0.0.0'><listen type='address' "
    "address='0.0.0.0'/></graphics>"
)
VNC_ANY6 = domain("<graphics type='vnc' port='5902' listen='::'/>")
VNC_ADDRESS = domain(
    "<graphics type='vnc' port='5903'><listen type='address' address='198.51.100.5'/></graphics>"
)
VNC_SOCKET = domain(
    "<graphics type='vnc'><listen type='socket' socket='/var/lib/libvirt/qemu/vnc.sock'/>"
    "</graphics>"
)
VNC_BARE = domain("<graphics type='vnc' port='5904'/>")
VNC_AUTOPORT_OFF = domain("<graphics type='vnc' port='-1' autoport='yes'/>")
VNC_PASSWORD = domain("<graphics type='vnc' port='5905' passwd='s3cret'/>")
VNC_NETWORK = domain(
    "<graphics type='vnc' port='5906'><listen type='network' network='lab'/></graphics>"
)
VNC_NETWORK_LIVE = domain(
    "<graphics type='vnc' port='5906'><listen type='network' network='lab' "
    "address='198.51.100.1'/></graphics>"
)
SPICE = domain("<graphics type='spice' autoport='yes'/>")
SPICE_AND_VNC = domain("<graphics type='spice'/><graphics type='vnc' port='5907'/>")
SDL = domain("<graphics type='sdl' display=':0'/>")
NOTHING = domain("<console type='pty'/>")


def test_local_connections_use_the_graphics_fd_whatever_the_listener() -> None:
    for xml in (VNC_NONE, VNC_LOOPBACK, VNC_SOCKET, VNC_ANY, VNC_AUTOPORT_OFF):
        for uri in (LOCAL, SESSION, UNIX):
            plan = plan_graphics(xml, uri)
            assert plan.route is Route.GRAPHICS_FD, (xml, uri)
            assert plan.target == ""


def test_a_read_only_local_connection_goes_straight_to_the_vms_own_listener() -> None:
    cases = [
        (VNC_LOOPBACK, "127.0.0.1", 5901, "127.0.0.1:5901"),
        (VNC_ANY, "127.0.0.1", 5902, "127.0.0.1:5902"),
        (VNC_ANY6, "::1", 5902, "[::1]:5902"),
        (VNC_ADDRESS, "198.51.100.5", 5903, "198.51.100.5:5903"),
        (VNC_BARE, "127.0.0.1", 5904, "127.0.0.1:5904"),
    ]
    for xml, host, port, target in cases:
        plan = read_only_plan(plan_graphics(xml, LOCAL))
        assert (plan.route, plan.host, plan.port, plan.target) == (Route.DIRECT, host, port, target)
        assert plan.read_only
    plan = read_only_plan(plan_graphics(VNC_SOCKET, LOCAL))
    assert (plan.route, plan.socket) == (Route.DIRECT, "/var/lib/libvirt/qemu/vnc.sock")
    for xml in (VNC_NONE, VNC_AUTOPORT_OFF):
        with pytest.raises(ConsoleUnavailable) as caught:
            read_only_plan(plan_graphics(xml, LOCAL))
        assert caught.value.problem is Problem.READ_ONLY_NO_LISTENER


def test_ssh_tunnels_to_the_listener_as_the_host_sees_it() -> None:
    assert (plan_graphics(VNC_LOOPBACK, SSH).host, plan_graphics(VNC_LOOPBACK, SSH).port) == (
        "127.0.0.1",
        5901,
    )
    assert plan_graphics(VNC_ANY, SSH).host == "127.0.0.1"
    assert plan_graphics(VNC_ANY6, SSH).host == "::1"
    assert plan_graphics(VNC_ANY6, SSH).target == "[::1]:5902"
    assert plan_graphics(VNC_ADDRESS, SSH).target == "198.51.100.5:5903"
    # qemu.conf's default listener is the loopback address
    assert plan_graphics(VNC_BARE, SSH).target == "127.0.0.1:5904"
    socket_plan = plan_graphics(VNC_SOCKET, SSH)
    assert socket_plan.route is Route.SSH_TUNNEL
    assert socket_plan.socket == "/var/lib/libvirt/qemu/vnc.sock"
    assert socket_plan.target == "/var/lib/libvirt/qemu/vnc.sock"
    # ssh to this machine is still the remote driver: no FD passing over it
    assert plan_graphics(VNC_LOOPBACK, SSH_LOCALHOST).route is Route.SSH_TUNNEL


def test_other_remote_transports_connect_directly() -> None:
    plan = plan_graphics(VNC_ADDRESS, TCP)
    assert (plan.route, plan.target) == (Route.DIRECT, "198.51.100.5:5903")
    # a wildcard listener is reached through the connection's host
    assert plan_graphics(VNC_ANY, TLS).target == "203.0.113.9:5902"
    assert plan_graphics(VNC_NETWORK_LIVE, TCP).target == "198.51.100.1:5906"


def _problem(xml: str, uri: LibvirtUri, *, running: bool = True) -> ConsoleUnavailable:
    with pytest.raises(ConsoleUnavailable) as caught:
        plan_graphics(xml, uri, running=running)
    return caught.value


def test_remote_loopback_says_to_tunnel_through_ssh() -> None:
    error = _problem(VNC_LOOPBACK, TCP)
    assert error.problem is Problem.LOOPBACK_REMOTE
    assert error.params == {"address": "127.0.0.1"}
    assert "127.0.0.1 of a remote host" in str(error)
    assert "ssh" in str(error)
    assert _problem(VNC_BARE, TLS).problem is Problem.LOOPBACK_REMOTE


def test_reasons_for_each_unreachable_console() -> None:
    assert _problem(NOTHING, LOCAL).problem is Problem.NO_GRAPHICS
    assert str(_problem(NOTHING, LOCAL)) == "the VM has no graphics device"
    assert _problem(SPICE, LOCAL).problem is Problem.SPICE_ONLY
    sdl = _problem(SDL, LOCAL)
    assert (sdl.problem, sdl.params) == (Problem.LOCAL_DISPLAY, {"type": "sdl"})
    assert _problem(VNC_NONE, SSH).problem is Problem.NO_LISTENER
    assert _problem(VNC_NONE, TCP).problem is Problem.NO_LISTENER
    assert _problem(VNC_SOCKET, TCP).problem is Problem.SOCKET_REMOTE
    assert _problem(VNC_AUTOPORT_OFF, SSH).problem is Problem.NO_PORT
    network = _problem(VNC_NETWORK, TCP)
    assert (network.problem, network.params) == (Problem.NETWORK_UNRESOLVED, {"network": "lab"})
    assert _problem(VNC_LOOPBACK, LOCAL, running=False).problem is Problem.NOT_RUNNING
    assert _problem(VNC_LOOPBACK, TEST).problem is Problem.TEST_DRIVER
    assert _problem("<domain", LOCAL).problem is Problem.BAD_XML


def test_vnc_beside_spice_is_used_and_spice_is_noted() -> None:
    plan = plan_graphics(SPICE_AND_VNC, SSH)
    assert plan.port == 5907
    assert plan.other_types == ("spice",)


def test_the_password_comes_from_secure_xml_only() -> None:
    assert plan_graphics(VNC_PASSWORD, SSH).password == "s3cret"
    assert plan_graphics(VNC_BARE, SSH).password is None
    device = read_vnc(VNC_PASSWORD)
    assert device is not None and device.has_password


def test_serial_console_needs_a_pty() -> None:
    device = read_serial(
        domain(
            "<serial type='pty'><target type='isa-serial' port='0'/><alias name='serial0'/>"
            "</serial><console type='pty'><target type='serial' port='0'/>"
            "<alias name='serial0'/></console>"
        )
    )
    assert (device.kind, device.alias, device.target_type) == ("console", "serial0", "serial")
    with pytest.raises(SerialUnavailable) as none:
        read_serial(VNC_BARE)
    assert none.value.problem is SerialProblem.NO_SERIAL
    with pytest.raises(SerialUnavailable) as file_only:
        read_serial(domain("<serial type='file'><source path='/var/log/vm.serial'/></serial>"))
    assert file_only.value.problem is SerialProblem.NOT_PTY
    assert file_only.value.params == {"type": "file", "path": "/var/log/vm.serial"}


# libvirt's own graphics test files, and what each one gives on a local and an ssh connection.
CORPUS_EXPECTED: dict[str, tuple[Route | Problem, Route | Problem]] = {
    "graphics-vnc.xml": (Route.GRAPHICS_FD, Route.SSH_TUNNEL),
    "graphics-vnc-socket.xml": (Route.GRAPHICS_FD, Route.SSH_TUNNEL),
    "graphics-vnc-none.xml": (Route.GRAPHICS_FD, Problem.NO_LISTENER),
    "graphics-vnc-no-listen-attr.xml": (Route.GRAPHICS_FD, Route.SSH_TUNNEL),
    "graphics-vnc-tls-secret.xml": (Route.GRAPHICS_FD, Route.SSH_TUNNEL),
    "graphics-vnc-websocket.xml": (Route.GRAPHICS_FD, Route.SSH_TUNNEL),
    "graphics-listen-network.xml": (Route.GRAPHICS_FD, Problem.NETWORK_UNRESOLVED),
    "graphics-spice.xml": (Problem.SPICE_ONLY, Problem.SPICE_ONLY),
    "graphics-spice-auto-socket.xml": (Problem.SPICE_ONLY, Problem.SPICE_ONLY),
    "graphics-sdl.xml": (Problem.LOCAL_DISPLAY, Problem.LOCAL_DISPLAY),
    "graphics-egl-headless.xml": (Problem.LOCAL_DISPLAY, Problem.LOCAL_DISPLAY),
    "graphics-dbus.xml": (Problem.LOCAL_DISPLAY, Problem.LOCAL_DISPLAY),
}


def _outcome(xml: str, uri: LibvirtUri) -> Route | Problem:
    try:
        return plan_graphics(xml, uri).route
    except ConsoleUnavailable as error:
        return error.problem


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_corpus_graphics_variants(name: str) -> None:
    xml = (require_corpus() / "domain" / name).read_text()
    assert (_outcome(xml, LOCAL), _outcome(xml, SSH)) == CORPUS_EXPECTED[name]


def test_every_corpus_domain_gets_a_plan_or_a_reason() -> None:
    """No domain XML of libvirt's test suite makes the decision crash."""
    outcomes: dict[Route | Problem, int] = {}
    files = sorted((require_corpus() / "domain").glob("*.xml"))
    for path in files:
        xml = path.read_text()
        for uri in (LOCAL, SSH, TCP):
            outcome = _outcome(xml, uri)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        assert isinstance(graphics_types(xml), tuple)
    assert len(files) > 700
    assert outcomes[Route.GRAPHICS_FD] > 10
    assert outcomes[Problem.NO_GRAPHICS] > 500


def test_corpus_vnc_ports_are_read() -> None:
    device = read_vnc((require_corpus() / "domain" / "graphics-vnc.xml").read_text())
    assert device is not None
    assert (device.port, device.address) == (5903, "2001:1:2:3:4:5:1234:1234")
    plan = plan_graphics((require_corpus() / "domain" / "graphics-vnc.xml").read_text(), SSH)
    assert plan.target == "[2001:1:2:3:4:5:1234:1234]:5903"
