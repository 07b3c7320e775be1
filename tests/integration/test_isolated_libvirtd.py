"""The isolated-libvirtd harness itself: reachable from outside, clean, guests run, restarts."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

import libvirt
import pytest
from lxml import etree

from tests.helpers.integration.isolated_libvirtd import (
    TEST_NETWORK_BRIDGE,
    GuestXmlFactory,
    IsolatedLibvirtd,
    diskless_guest_xml,
    guest_domain_type,
    nat_network_xml,
)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

SCHEMAS = Path("/usr/share/libvirt/schemas")
QEMU = "qemu-system-x86_64"


@pytest.mark.parametrize(
    ("schema", "xml"),
    [("network.rng", nat_network_xml()), ("domain.rng", diskless_guest_xml())],
    ids=["network", "domain"],
)
def test_harness_xml_is_valid_for_libvirt(schema: str, xml: str) -> None:
    relaxng = etree.RelaxNG(etree.parse(str(SCHEMAS / schema)))
    doc = etree.fromstring(xml.encode())
    assert relaxng.validate(doc), relaxng.error_log


def test_daemon_is_reachable_from_outside(
    isolated_libvirtd: IsolatedLibvirtd, libvirt_conn: Any
) -> None:
    assert libvirt_conn.getType() == "QEMU"
    assert libvirt_conn.getURI() == isolated_libvirtd.uri
    assert f"/proc/{isolated_libvirtd.init_pid}/root/" in isolated_libvirtd.uri
    libvirtd = isolated_libvirtd.libvirtd_pid()
    assert libvirtd is not None
    # The daemon really lives in other namespaces than this test process.
    for ns in ("pid", "net", "mnt"):
        assert os.readlink(f"/proc/{libvirtd}/ns/{ns}") != os.readlink(f"/proc/self/ns/{ns}")
    # The domain type the tests use is offered by the daemon (else set
    # KVMDESK_TEST_DOMAIN_TYPE=qemu on hosts without usable KVM).
    caps = etree.fromstring(libvirt_conn.getCapabilities().encode())
    types = {d.get("type") for d in caps.iterfind("guest/arch[@name='x86_64']/domain")}
    assert guest_domain_type() in types, types


def test_no_default_network_and_nothing_from_host_config(
    isolated_libvirtd: IsolatedLibvirtd, libvirt_conn: Any
) -> None:
    networks = libvirt_conn.listAllNetworks()
    assert "default" not in {net.name() for net in networks}
    assert not [net.name() for net in networks if "192.168.122." in net.XMLDesc()]
    assert libvirt_conn.listAllStoragePools() == []
    inside = isolated_libvirtd.run(["ip", "-o", "addr"]).stdout
    assert "192.168.122." not in inside
    assert "virbr0" not in inside
    autostart = isolated_libvirtd.root / "etc/libvirt/qemu/networks/autostart"
    assert list(autostart.iterdir()) == []


def test_guest_lifecycle(
    isolated_libvirtd: IsolatedLibvirtd,
    libvirt_conn: Any,
    guest_xml: GuestXmlFactory,
    nat_network: str,
) -> None:
    dom = libvirt_conn.defineXML(guest_xml("kvmdesk-test-lifecycle"))
    try:
        dom.create()
        assert dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING
        assert len(isolated_libvirtd.pids(QEMU)) == 1

        xml = etree.fromstring(dom.XMLDesc().encode())
        assert xml.get("type") == guest_domain_type()
        source = xml.find("devices/interface/source")
        target = xml.find("devices/interface/target")
        assert source is not None and target is not None
        assert source.get("network") == nat_network
        tap = target.get("dev")
        assert tap
        link = isolated_libvirtd.run(["ip", "-o", "link", "show", "dev", tap]).stdout
        assert f"master {TEST_NETWORK_BRIDGE}" in link

        dom.suspend()
        assert dom.state()[0] == libvirt.VIR_DOMAIN_PAUSED
        dom.resume()
        assert dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING

        dom.destroy()
        assert dom.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF
        assert isolated_libvirtd.pids(QEMU) == []
    finally:
        if dom.isActive():
            dom.destroy()
        dom.undefine()
    assert "kvmdesk-test-lifecycle" not in libvirt_conn.listDefinedDomains()


def test_libvirtd_kill_and_restart_keeps_guest(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory
) -> None:
    conn = isolated_libvirtd.open()
    dom = conn.defineXML(guest_xml("kvmdesk-test-restart"))
    dom.create()
    qemu_before = isolated_libvirtd.pids(QEMU)
    assert len(qemu_before) == 1

    killed = isolated_libvirtd.kill_libvirtd()
    assert not Path(f"/proc/{killed}").exists()
    assert isolated_libvirtd.libvirtd_pid() is None
    with pytest.raises(libvirt.libvirtError):
        conn.getLibVersion()
    assert conn.isAlive() == 0
    with contextlib.suppress(libvirt.libvirtError):
        conn.close()

    assert isolated_libvirtd.start_libvirtd() < 30
    assert isolated_libvirtd.libvirtd_pid() not in (None, killed)

    fresh = isolated_libvirtd.open()
    try:
        again = fresh.lookupByName("kvmdesk-test-restart")
        time.sleep(0.5)  # libvirtd reconnects to running QEMUs in a background thread
        assert again.state()[0] == libvirt.VIR_DOMAIN_RUNNING
        assert isolated_libvirtd.pids(QEMU) == qemu_before
        again.destroy()
        again.undefine()
        assert fresh.listAllDomains() == []
    finally:
        fresh.close()


@pytest.mark.usefixtures("require_isolation")
def test_stop_ends_every_process_of_the_namespace() -> None:
    daemon = IsolatedLibvirtd()
    daemon.start()
    try:
        conn = daemon.open()
        conn.networkCreateXML(nat_network_xml())
        conn.createXML(diskless_guest_xml("kvmdesk-test-stop"), 0)
        conn.close()
        inside = [
            pid for name in ("libvirtd", "virtlogd", "dnsmasq", QEMU) for pid in daemon.pids(name)
        ]
        assert len(inside) >= 4
        init = daemon.init_pid
    finally:
        daemon.stop()
    for pid in [init, *inside]:
        assert not Path(f"/proc/{pid}").exists(), pid
    daemon.stop()  # idempotent
