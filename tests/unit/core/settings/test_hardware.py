"""Other devices: listed, added from templates that validate, removed; RNG hot-plugs."""

from __future__ import annotations

from collections.abc import Iterator

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings.hardware import (
    MODELS,
    DeviceKind,
    OtherDevice,
    device_element,
    plan_device_add,
    plan_device_change,
    plan_device_remove,
    read_other_devices,
)
from kvmdesk.core.settings.plan import execute
from kvmdesk.core.settings.validate import InvalidSettings
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import parse, serialise
from tests.helpers.settings_domain import (
    canonical_without,
    defined_domain,
    schema_error,
    settings_domain_xml,
)

INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE
ORIGINAL = settings_domain_xml("hw", domain_type="kvm")


@pytest.fixture
def conn() -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    connection = libvirt.open("test:///default")
    try:
        yield connection
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("kind", "model"), [(k, m) for k, models in MODELS.items() for m in models]
)
def test_every_template_validates_and_touches_only_devices(kind: DeviceKind, model: str) -> None:
    root = parse(ORIGINAL)
    device_edit.add_device(root, device_element(kind, model))
    edited = serialise(root)
    assert schema_error(edited) is None, schema_error(edited)
    assert canonical_without(edited, [f"devices/{kind}"]) == canonical_without(
        ORIGINAL, [f"devices/{kind}"]
    )
    listed = read_other_devices(edited)
    assert (listed[-1].kind is kind and listed[-1].model == model) or any(
        d.model == model for d in listed
    )


def test_add_and_remove_on_a_shut_off_domain(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        execute(plan_device_add(domain, DeviceKind.WATCHDOG, "i6300esb"))
        execute(plan_device_add(domain, DeviceKind.TPM, "tpm-crb"))
        listed = read_other_devices(domain.XMLDesc(INACTIVE))
        assert OtherDevice(DeviceKind.WATCHDOG, "i6300esb", 0, "reset") in listed
        assert OtherDevice(DeviceKind.TPM, "tpm-crb", 0, "emulator 2.0") in listed
        with pytest.raises(InvalidSettings, match="Watchdog: a VM has only one"):
            plan_device_add(domain, DeviceKind.WATCHDOG, "ib700")
        with pytest.raises(InvalidSettings, match="Sound: 'sb16' is not one of"):
            plan_device_add(domain, DeviceKind.SOUND, "sb16")
        result = execute(plan_device_remove(domain, DeviceKind.WATCHDOG, 0))
        assert (
            result.describe() == f"{domain.name()}: watchdog i6300esb removed in the configuration"
        )
        assert all(
            d.kind is not DeviceKind.WATCHDOG for d in read_other_devices(domain.XMLDesc(INACTIVE))
        )
        with pytest.raises(BadInput, match="has no watchdog number 1"):
            plan_device_remove(domain, DeviceKind.WATCHDOG, 0)


def test_running_domain(conn: libvirt.virConnect) -> None:
    with defined_domain(conn, running=True) as domain:
        # The test driver cannot hot-plug: the RNG waits for a restart, said so.
        result = execute(plan_device_add(domain, DeviceKind.RNG, "virtio"))
        assert (result.live, result.config, result.restart) == ((), True, ("device",))
        with pytest.raises(BadInput, match="cannot be added to the running"):
            plan_device_add(domain, DeviceKind.SOUND, "ich9", live=True, config=False)
        plan = plan_device_add(domain, DeviceKind.SOUND, "ich9")
        assert plan.restart == ("device",)


def test_change_a_model_in_place(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        execute(plan_device_add(domain, DeviceKind.VIDEO, "qxl"))
        execute(plan_device_add(domain, DeviceKind.GRAPHICS, "spice"))
        xml = (
            domain.XMLDesc(INACTIVE)
            .replace("<graphics type='spice'", "<graphics type='spice' defaultMode='secure'")
            .replace("</graphics>", "<image compression='off'/></graphics>")
        )
        conn.defineXML(xml)
        video = next(
            d for d in read_other_devices(domain.XMLDesc(INACTIVE)) if d.kind is DeviceKind.VIDEO
        )
        result = execute(plan_device_change(domain, DeviceKind.VIDEO, video.index, "virtio"))
        assert (
            result.describe() == f"{domain.name()}: video qxl → virtio changed in the configuration"
        )
        execute(plan_device_change(domain, DeviceKind.GRAPHICS, 0, "vnc"))
        stored = domain.XMLDesc(INACTIVE)
        assert schema_error(stored) is None
        models = {(d.kind, d.model) for d in read_other_devices(stored)}
        assert {(DeviceKind.VIDEO, "virtio"), (DeviceKind.GRAPHICS, "vnc")} <= models
        graphics = parse(stored).find("devices/graphics")
        assert graphics is not None and graphics.find("image") is None
        assert "defaultMode" not in graphics.attrib
        assert plan_device_change(domain, DeviceKind.GRAPHICS, 0, "vnc").empty
        with pytest.raises(InvalidSettings, match="not one of"):
            plan_device_change(domain, DeviceKind.VIDEO, video.index, "voodoo")
