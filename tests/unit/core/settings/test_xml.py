"""In-place settings edits: each writes what it should, validates, and touches nothing else."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings import read
from kvmdesk.core.settings import xml as edit
from kvmdesk.core.settings.merge import changed_fields
from kvmdesk.core.settings.values import CpuMode, Disk, SharedFolder
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import parse, serialise
from tests.helpers.settings_domain import (
    MAC,
    TOUCHED,
    canonical_without,
    schema_error,
    settings_domain_xml,
)

ORIGINAL = settings_domain_xml("web", domain_type="kvm")


def _edited(writer, value, base) -> str:  # type: ignore[no-untyped-def]
    root = parse(ORIGINAL)
    writer(root, value, changed_fields(base, value))
    return serialise(root)


def _assert_only(section: str, edited: str) -> None:
    assert schema_error(edited) is None, schema_error(edited)
    paths = TOUCHED[section]
    assert canonical_without(edited, paths) == canonical_without(ORIGINAL, paths)


def test_cpus() -> None:
    base = read.read_cpus(ORIGINAL)
    assert (base.current, base.maximum, base.sockets, base.cores, base.threads) == (2, 4, 1, 2, 2)
    assert (base.mode, base.model) == (CpuMode.CUSTOM, "qemu64")
    value = replace(base, current=6, maximum=8, sockets=2, mode=CpuMode.HOST_PASSTHROUGH)
    edited = _edited(edit.set_cpus, value, base)
    _assert_only("cpus", edited)
    assert '<vcpu placement="static" current="6">8</vcpu>' in edited
    assert read.read_cpus(edited) == replace(value, model="")
    cpu = parse(edited).find("cpu")
    assert cpu is not None and cpu.get("match") is None and cpu.find("model") is None
    # Back to a named model, and topology removed altogether.
    again = replace(read.read_cpus(edited), mode=CpuMode.CUSTOM, model="Skylake-Client")
    root = parse(edited)
    edit.set_cpus(root, again, ("mode", "model"))
    assert read.read_cpus(root).model == "Skylake-Client"
    edit.set_cpus(
        root, replace(again, sockets=0, cores=0, threads=0), ("sockets", "cores", "threads")
    )
    assert root.find("cpu/topology") is None
    assert schema_error(serialise(root)) is None


def test_current_equal_to_maximum_drops_the_attribute() -> None:
    base = read.read_cpus(ORIGINAL)
    edited = _edited(edit.set_cpus, replace(base, current=4), base)
    assert '<vcpu placement="static">4</vcpu>' in edited


def test_memory_and_shared_backing() -> None:
    base = read.read_memory(ORIGINAL)
    value = replace(base, current_kib=786432, shared=True)
    edited = _edited(edit.set_memory, value, base)
    _assert_only("memory", edited)
    assert read.read_memory(edited) == value
    assert '<source type="memfd"/>' in edited and '<access mode="shared"/>' in edited
    root = parse(edited)
    edit.set_memory(root, replace(value, shared=False), ("shared",))
    assert root.find("memoryBacking") is None


def test_overview_title_description() -> None:
    base = read.read_overview(ORIGINAL)
    assert (base.title, base.description, base.machine) == (
        "Web server",
        "Serves the intranet",
        "pc",
    )
    value = replace(base, title="", description="New text")
    edited = _edited(edit.set_overview, value, base)
    _assert_only("overview", edited)
    assert parse(edited).find("title") is None
    assert read.read_overview(edited).description == "New text"


def test_boot_order_menu_and_kernel() -> None:
    base = read.read_boot(ORIGINAL)
    assert base.order == ("vda", "sda")
    assert [d.key for d in base.devices] == ["vda", "sda", f"net:{MAC}"]
    value = replace(
        base,
        order=(f"net:{MAC}", "sda"),
        menu=True,
        kernel="/boot/vmlinuz",
        initrd="/boot/initrd",
        cmdline="console=ttyS0",
    )
    edited = _edited(edit.set_boot, value, base)
    _assert_only("boot", edited)
    assert read.read_boot(edited) == value
    assert parse(edited).find("devices/disk/boot") is not None  # the CD-ROM, second
    assert parse(edited).find("devices/disk[1]/boot") is None  # vda no longer boots


def test_legacy_boot_devices_become_per_device_order() -> None:
    root = parse(ORIGINAL)
    for boot in root.iterfind("devices/disk/boot"):
        boot.getparent().remove(boot)
    os_element = root.find("os")
    assert os_element is not None
    etree.SubElement(os_element, "boot", dev="cdrom")
    etree.SubElement(os_element, "boot", dev="hd")
    legacy = serialise(root)
    base = read.read_boot(legacy)
    assert base.order == ("sda", "vda")
    edit.set_boot(root, replace(base, order=("vda",)), ("order",))
    assert root.find("os/boot") is None
    assert read.read_boot(root).order == ("vda",)
    assert schema_error(serialise(root)) is None


def test_disk_bus_cache_read_only() -> None:
    disks = read.read_disks(ORIGINAL)
    assert disks[0] == Disk(
        "vda", "disk", "virtio", "/var/lib/libvirt/images/web.qcow2", "file", "qcow2"
    )
    assert disks[1].is_removable and disks[1].read_only
    root = parse(ORIGINAL)
    target = device_edit.set_disk(
        root,
        "vda",
        replace(disks[0], bus="scsi", cache="none", read_only=True),
        ("bus", "cache", "read_only"),
    )
    assert target == "sdb"  # sda is the CD-ROM
    edited = serialise(root)
    assert schema_error(edited) is None
    after = read.read_disks(edited)[0]
    assert (after.target, after.bus, after.cache, after.read_only) == ("sdb", "scsi", "none", True)
    # Everything but that disk is as it was.
    assert canonical_without(edited, ["devices/disk[1]"]) == canonical_without(
        ORIGINAL, ["devices/disk[1]"]
    )


def test_add_remove_disk_and_media() -> None:
    root = parse(ORIGINAL)
    target = device_edit.free_target(root, "virtio")
    assert target == "vdb"
    disk = device_edit.disk_element(
        target=target,
        bus="virtio",
        device="disk",
        source_type="file",
        source={"file": "/srv/data.img"},
        format="raw",
    )
    device_edit.add_disk(root, disk)
    edited = serialise(root)
    assert schema_error(edited) is None
    assert [d.target for d in read.read_disks(edited)] == ["vda", "sda", "vdb"]
    assert '      <target dev="vdb" bus="virtio"/>\n    </disk>' in edited  # indented like libvirt
    device_edit.set_media(root, "sda", "")
    assert read.read_disks(root)[1].source == ""
    device_edit.set_media(root, "sda", "/srv/iso/other.iso")
    assert read.read_disks(root)[1].source == "/srv/iso/other.iso"
    with pytest.raises(BadInput, match="not a CD-ROM"):
        device_edit.set_media(root, "vda", "/x.iso")
    device_edit.remove_disk(root, "vdb")
    assert canonical_without(serialise(root), ["devices/disk[2]"]) == canonical_without(
        ORIGINAL, ["devices/disk[2]"]
    )
    with pytest.raises(BadInput, match="has no disk 'vdq'"):
        device_edit.remove_disk(root, "vdq")


def test_shared_folder_adds_virtiofs_and_memfd() -> None:
    root = parse(ORIGINAL)
    device_edit.add_shared_folder(root, SharedFolder("/srv/share", "share"))
    edited = serialise(root)
    assert schema_error(edited) is None
    assert read.read_shared_folders(edited) == (SharedFolder("/srv/share", "share"),)
    assert read.read_memory(edited).shared
    filesystem = parse(edited).find("devices/filesystem")
    assert filesystem is not None and filesystem.find("driver").get("type") == "virtiofs"  # type: ignore[union-attr]
    device_edit.remove_shared_folder(root, "share")
    assert read.read_shared_folders(root) == ()
