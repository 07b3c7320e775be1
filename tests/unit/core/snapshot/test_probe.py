"""The behaviour probe on libvirt's test driver: what it finds, and that it leaves nothing.

(What it finds on a real libvirtd, Debian 12's 9.0, is checked by the integration tests.)
"""

from __future__ import annotations

from collections.abc import Iterator

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.snapshot.probe import PROBE_PREFIX, _domain_xml, probe_behaviour


@pytest.fixture
def conn() -> Iterator[libvirt.virConnect]:
    ensure_event_loop()  # also keeps libvirt from printing the errors the probe expects
    connection = libvirt.open("test:///default")
    try:
        yield connection
    finally:
        connection.close()


def _names(conn: libvirt.virConnect) -> set[str]:
    return {d.name() for d in conn.listAllDomains(0)}


def test_the_test_driver_does_all_but_disk_only_and_nothing_stays(
    conn: libvirt.virConnect,
) -> None:
    before = _names(conn)
    behaviour = probe_behaviour(conn)
    assert behaviour.probed
    assert not behaviour.disk_only  # the test driver has no VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY
    assert behaviour.internal_with_pflash and behaviour.revert_external
    assert behaviour.delete_external and behaviour.delete_external_with_children
    assert _names(conn) == before


def test_a_probe_left_behind_is_removed_but_not_a_vm_sharing_the_prefix(
    conn: libvirt.virConnect,
) -> None:
    stale = f"{PROBE_PREFIX}0badc0de"
    xml = _domain_xml(
        stale, "8a3c1c1e-9a1f-4b5e-8f2a-1d2c3b4a5f60", "test", f"/nonexistent-{stale}", pflash=False
    )
    conn.defineXML(xml)
    mine = f"{PROBE_PREFIX}mine"
    conn.defineXML(
        f"<domain type='test'><name>{mine}</name><memory>65536</memory><os><type>hvm</type>"
        "</os><devices><disk type='file' device='disk'><source file='/img/mine.qcow2'/>"
        "<target dev='vda'/></disk></devices></domain>"
    )
    try:
        probe_behaviour(conn)
        names = _names(conn)
        assert stale not in names and mine in names
    finally:
        for name in (stale, mine):
            if name in _names(conn):
                conn.lookupByName(name).undefine()
