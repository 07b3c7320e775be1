"""Disks and shared folders on libvirt's test driver (no hot-plug there: after restart)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings import devices, read
from kvmdesk.core.settings.plan import execute
from kvmdesk.core.settings.validate import InvalidSettings
from kvmdesk.core.settings.values import NewDisk, SharedFolder
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from tests.helpers.settings_domain import defined_domain

INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE


@pytest.fixture
def conn() -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    connection = libvirt.open("test:///default")
    try:
        yield connection
    finally:
        connection.close()


def _targets(xml: str) -> list[str]:
    return [disk.target for disk in read.read_disks(xml)]


def test_add_and_remove_a_file_on_a_shut_off_domain(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        plan = devices.plan_disk_add(domain, NewDisk(source="/srv/data.qcow2", cache="none"))
        assert plan.describe(dry_run=True).endswith(
            "disk vdb would be added in the configuration (dry run: nothing changed)"
        )
        execute(plan)
        stored = {d.target: d for d in read.read_disks(domain.XMLDesc(INACTIVE))}
        assert (stored["vdb"].format, stored["vdb"].cache) == ("qcow2", "none")
        result = execute(devices.plan_disk_remove(domain, "vdb"))
        assert result.describe() == f"{domain.name()}: disk vdb removed in the configuration"
        assert sorted(_targets(domain.XMLDesc(INACTIVE))) == ["sda", "vda"]


def test_running_test_domain_waits_for_restart(conn: libvirt.virConnect) -> None:
    """The test driver has no hot-plug: the disk goes to the configuration, badge shown."""
    with defined_domain(conn, running=True) as domain:
        result = execute(devices.plan_disk_add(domain, NewDisk(source="/srv/more.img")))
        assert (result.live, result.config, result.restart) == ((), True, ("disk",))
        assert "not supported" in result.note
        assert "vdb" not in _targets(domain.XMLDesc(0))
        assert "vdb" in _targets(domain.XMLDesc(INACTIVE))
        with pytest.raises(BadInput, match="cannot change the disk of the running domain"):
            execute(
                devices.plan_disk_add(domain, NewDisk(source="/srv/x.img", bus="sata"), live=True)
            )


def test_a_new_volume_in_a_pool(conn: libvirt.virConnect, tmp_path: Path) -> None:
    with defined_domain(conn) as domain:
        default_pool = conn.storagePoolLookupByName("default-pool")
        name = f"{domain.name()}-data.img"
        new = NewDisk(pool="default-pool", volume=name, size_bytes=1 << 30)
        execute(devices.plan_disk_add(domain, new))
        try:
            volume = default_pool.storageVolLookupByName(name)
            assert volume.info()[1] == 1 << 30
            disk = next(d for d in read.read_disks(domain.XMLDesc(INACTIVE)) if d.target == "vdb")
            assert (disk.source_type, disk.source) == ("volume", f"default-pool/{name}")
            # Shut off, a volume grows through its pool (the test driver cannot: libvirt's
            # refusal is reported, exit 1 in the CLI); shrinking is refused first.
            with pytest.raises(BadInput, match="would shrink"):
                devices.plan_disk_resize(domain, disk.target, 1 << 29)
            with pytest.raises(LibvirtFailure, match="virStorageVolResize"):
                execute(devices.plan_disk_resize(domain, disk.target, 2 << 30))
            assert volume.info()[1] == 1 << 30
        finally:
            default_pool.storageVolLookupByName(name).delete(0)


def test_resize_of_a_file_outside_pools_when_shut_off_is_refused(conn: libvirt.virConnect) -> None:
    with (
        defined_domain(conn) as domain,
        pytest.raises(BadInput, match="not a volume in a storage pool"),
    ):
        devices.plan_disk_resize(domain, "vda", 50 << 30)


def test_media_eject_and_insert(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        execute(devices.plan_media(domain, "sda", ""))
        assert read.read_disks(domain.XMLDesc(INACTIVE))[1].source == ""
        result = execute(devices.plan_media(domain, "sda", "/srv/iso/tools.iso"))
        assert (
            result.describe()
            == f"{domain.name()}: /srv/iso/tools.iso into sda inserted in the configuration"
        )
        assert read.read_disks(domain.XMLDesc(INACTIVE))[1].source == "/srv/iso/tools.iso"
        with pytest.raises(InvalidSettings, match="must be absolute"):
            devices.plan_media(domain, "sda", "tools.iso")


def test_bus_cache_read_only_and_conflict(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        base = read.read_disks(domain.XMLDesc(INACTIVE))[0]
        execute(devices.plan_disk_edit(domain, base, replace(base, bus="sata", read_only=True)))
        stored = {d.target: d for d in read.read_disks(domain.XMLDesc(INACTIVE))}
        assert "vda" not in stored
        assert (stored["sdb"].bus, stored["sdb"].read_only) == ("sata", True)


def test_shared_folder(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        execute(devices.plan_share_add(domain, SharedFolder("/srv/share", "share")))
        stored = domain.XMLDesc(INACTIVE)
        assert read.read_shared_folders(stored) == (SharedFolder("/srv/share", "share"),)
        assert read.read_memory(stored).shared
        with pytest.raises(InvalidSettings, match="already used"):
            devices.plan_share_add(domain, SharedFolder("/srv/other", "share"))
        execute(devices.plan_share_remove(domain, "share"))
        assert read.read_shared_folders(domain.XMLDesc(INACTIVE)) == ()


def test_new_volumes_follow_storages_rules(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        with pytest.raises(BadInput, match="at least 1 MiB"):
            devices.plan_disk_add(domain, NewDisk(pool="default-pool", volume="v", size_bytes=100))
        with pytest.raises(BadInput, match="no storage pool named 'nopool'"):
            devices.plan_disk_add(domain, NewDisk(pool="nopool", volume="v", size_bytes=1 << 30))
        with pytest.raises(BadInput, match="no volume named 'nov' in pool 'default-pool'"):
            devices.plan_disk_add(domain, NewDisk(pool="default-pool", volume="nov"))
        before = {v.name() for v in conn.storagePoolLookupByName("default-pool").listAllVolumes()}
        plan = devices.plan_disk_add(
            domain, NewDisk(pool="default-pool", volume=f"{domain.name()}.img", size_bytes=1 << 30)
        )
        assert {
            v.name() for v in conn.storagePoolLookupByName("default-pool").listAllVolumes()
        } == before  # planning makes nothing
        assert plan.describe(dry_run=True).endswith(
            "would be added in the configuration (dry run: nothing changed)"
        )
