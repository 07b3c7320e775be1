"""Host USB devices from the node device API (a test-driver node file), attached and detached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings.plan import execute
from kvmdesk.core.settings.usb import (
    attached_usb,
    host_usb_devices,
    is_attached,
    plan_usb_attach,
    plan_usb_detach,
)
from kvmdesk.core.types.errors import BadInput
from tests.helpers.settings_domain import schema_error, settings_domain_xml, usb_node_xml

INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    path = tmp_path / "node.xml"
    path.write_text(usb_node_xml(settings_domain_xml("usb-vm")), encoding="utf-8")
    connection = libvirt.open(f"test://{path}")
    try:
        yield connection
    finally:
        connection.close()


def test_devices_with_names_and_no_root_hubs(conn: libvirt.virConnect) -> None:
    devices = host_usb_devices(conn)
    assert [d.label for d in devices] == [
        "SanDisk Corp. Ultra Fit (0781:5591)",
        "Logitech, Inc. Unifying Receiver (046d:c52b)",
        "Logitech, Inc. Unifying Receiver (046d:c52b)",
    ]
    assert (devices[0].bus, devices[0].device) == (1, 5)


def test_attach_and_detach(conn: libvirt.virConnect) -> None:
    domain = conn.lookupByName("usb-vm")
    stick, receiver, twin = host_usb_devices(conn)
    result = execute(plan_usb_attach(domain, stick))
    assert (
        result.describe()
        == "usb-vm: SanDisk Corp. Ultra Fit (0781:5591) added in the configuration"
    )
    stored = domain.XMLDesc(INACTIVE)
    assert schema_error(stored) is None
    assert is_attached(stick, attached_usb(stored))
    assert not is_attached(receiver, attached_usb(stored))
    with pytest.raises(BadInput, match="attached to 'usb-vm' already"):
        plan_usb_attach(domain, stick)
    # Two of a kind on the host: the bus address tells which one.
    execute(plan_usb_attach(domain, twin, twins=True))
    stored = domain.XMLDesc(INACTIVE)
    assert is_attached(twin, attached_usb(stored)) and not is_attached(
        receiver, attached_usb(stored)
    )
    execute(plan_usb_detach(domain, stick))
    assert not is_attached(stick, attached_usb(domain.XMLDesc(INACTIVE)))
    with pytest.raises(BadInput, match="is not attached"):
        plan_usb_detach(domain, stick)


def test_running_test_domain_waits_for_restart(conn: libvirt.virConnect) -> None:
    domain = conn.lookupByName("usb-vm")
    domain.create()
    stick = host_usb_devices(conn)[0]
    result = execute(plan_usb_attach(domain, stick))
    # The test driver cannot hot-plug: given to the configuration, after restart.
    assert (result.live, result.config, result.restart) == ((), True, ("usb",))
