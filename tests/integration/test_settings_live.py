"""VM settings on a real libvirtd with a booted tiny guest (TCG): live and persistent.

One guest (``guest_image.py``, direct kernel boot) is set up through ``session.settings``
while shut off (CPUs, memory, boot menu, title, autostart, a virtiofs share, an empty
CD-ROM), started, and then changed while it runs: vCPU count and balloon live, a disk
hot-plugged (the guest reports it in ``/sys/block`` on its serial console), grown live
with ``blockResize`` and unplugged again, CD-ROM media inserted and ejected live. A file
written on the host is read by the guest through the virtiofs share. A second real
client changing the same field meanwhile is reported as a conflict, nothing overwritten. A
random-number generator is hot-plugged and unplugged; a watchdog waits for the restart.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import libvirt
import pytest

from kvmdesk.cli import main as cli_main
from kvmdesk.core.connection.session import Session
from kvmdesk.core.settings import read
from kvmdesk.core.settings.hardware import DeviceKind, read_other_devices
from kvmdesk.core.settings.merge import SettingsConflict
from kvmdesk.core.settings.values import NewDisk, Section, SharedFolder
from tests.helpers.integration.guest_image import GuestImage, strip_terminal_escapes
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.settings_domain import schema_error

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

IMAGES = "/var/lib/libvirt/images/kvmdesk-settings"
SERIAL = "/var/log/libvirt/qemu/kvmdesk-settings.serial"
SHARE = "/var/lib/libvirt/images/kvmdesk-settings/share"
NAME = "kvmdesk-settings"
MAC = "52:54:00:5e:10:01"
INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE
MIB = 1024
BOOT_TIMEOUT = 180.0


def _domain_type() -> str:
    return os.environ.get("KVMDESK_TEST_BOOT_DOMAIN_TYPE", "").strip() or "qemu"


def _domain_xml(kernel: str, network: str) -> str:
    cmdline = (
        "console=ttyS0 quiet panic=-1 kvmdesk.name=settings kvmdesk.ip=198.51.100.60/24 "
        "kvmdesk.blocks=1 kvmdesk.virtiofs=share"
    )
    return f"""<domain type='{_domain_type()}'>
  <name>{NAME}</name>
  <memory unit='MiB'>160</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{IMAGES}/{kernel}</kernel>
    <initrd>{IMAGES}/initrd.cpio</initrd>
    <cmdline>{escape(cmdline)}</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='cdrom'>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <mac address='{MAC}'/>
      <source network='{network}'/>
      <model type='virtio'/>
      <rom enabled='no'/>
    </interface>
    <serial type='file'>
      <source path='{SERIAL}'/>
      <target port='0'/>
    </serial>
    <memballoon model='virtio'/>
  </devices>
</domain>
"""


class Guest:
    def __init__(self, daemon: IsolatedLibvirtd, domain: Any) -> None:
        self.daemon = daemon
        self.domain = domain
        self.uuid = domain.UUIDString()

    def host_path(self, path: str) -> Path:
        return self.daemon.root / path.lstrip("/")

    def serial(self) -> str:
        try:
            return strip_terminal_escapes(self.host_path(SERIAL).read_text(errors="replace"))
        except FileNotFoundError:
            return ""

    def last(self, tag: str) -> str | None:
        lines = [line for line in self.serial().splitlines() if tag in line]
        return lines[-1].split(tag, 1)[1].strip() if lines else None

    def wait(self, what: str, done: Callable[[], bool], timeout: float = BOOT_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            errors = re.findall(r"KVMDESK-ERROR .*", self.serial())
            assert not errors, f"guest init failed: {errors}"
            if time.monotonic() > deadline:
                tail = "\n".join(self.serial().splitlines()[-20:])
                raise AssertionError(f"{what}: not within {timeout:.0f} s\n{tail}")
            time.sleep(0.2)

    def blocks(self) -> list[str]:
        line = self.last("KVMDESK-BLOCKS")
        return line.split() if line is not None else []


@pytest.fixture(scope="module")
def guest(
    isolated_libvirtd: IsolatedLibvirtd, bootable_guest_image: GuestImage, nat_network: str
) -> Iterator[Guest]:
    daemon, image = isolated_libvirtd, bootable_guest_image
    images = daemon.root / IMAGES.lstrip("/")
    images.mkdir(parents=True, exist_ok=True)
    (daemon.root / SHARE.lstrip("/")).mkdir(parents=True, exist_ok=True)
    (daemon.root / SERIAL.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image.kernel, images / image.kernel.name)
    shutil.copyfile(image.initrd, images / "initrd.cpio")
    conn = daemon.open()
    domain = conn.defineXML(_domain_xml(image.kernel.name, nat_network))
    try:
        yield Guest(daemon, domain)
    finally:
        if domain.isActive():
            domain.destroy()
        domain.undefine()
        conn.close()


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def _session(daemon: IsolatedLibvirtd) -> Session:
    session = Session(daemon.uri, reconnect=False)
    await session.connect()
    return session


def test_settings_applied_persistently_then_live(
    guest: Guest, isolated_libvirtd: IsolatedLibvirtd
) -> None:
    domain = guest.domain

    async def persistent() -> None:
        session = await _session(isolated_libvirtd)
        try:
            settings = session.settings
            view = await settings.read(guest.uuid)
            assert not view.running
            await settings.apply(
                guest.uuid,
                Section.CPUS,
                view.cpus,
                replace(view.cpus, current=1, maximum=2),
            )
            await settings.apply(
                guest.uuid,
                Section.MEMORY,
                view.memory,
                replace(view.memory, current_kib=144 * MIB, maximum_kib=192 * MIB),
            )
            await settings.apply(
                guest.uuid,
                Section.OVERVIEW,
                view.overview,
                replace(view.overview, title="Settings guest", autostart=True),
            )
            await settings.apply(guest.uuid, Section.BOOT, view.boot, replace(view.boot, menu=True))
            await settings.add_shared_folder(guest.uuid, SharedFolder(SHARE, "share"))
        finally:
            await session.close()

    _run(persistent())
    stored = domain.XMLDesc(INACTIVE)
    assert schema_error(stored) is None
    assert read.read_cpus(stored).maximum == 2 and read.read_cpus(stored).current == 1
    assert read.read_memory(stored).maximum_kib == 192 * MIB
    assert read.read_memory(stored).shared  # memfd for virtiofs
    assert read.read_overview(stored).title == "Settings guest"
    assert read.read_boot(stored).menu
    assert domain.autostart() == 1
    assert read.read_shared_folders(stored) == (SharedFolder(SHARE, "share"),)

    # The share's file is on the host before the guest starts; the guest reads it.
    check = guest.host_path(SHARE) / "kvmdesk-check"
    check.write_text("hello-from-host\n")
    domain.create()
    guest.wait("guest booted", lambda: "KVMDESK-READY" in guest.serial())
    guest.wait(
        "the guest read the file through virtiofs",
        lambda: guest.last("KVMDESK-VIRTIOFS") == "share hello-from-host",
    )
    check.write_text("changed-while-running\n")
    guest.wait(
        "the guest read the changed file",
        lambda: guest.last("KVMDESK-VIRTIOFS") == "share changed-while-running",
        timeout=30,
    )
    assert "vda" not in guest.blocks()

    async def live() -> None:
        session = await _session(isolated_libvirtd)
        try:
            settings = session.settings
            view = await settings.read(guest.uuid)
            assert view.running
            result = await settings.apply(
                guest.uuid, Section.CPUS, view.cpus, replace(view.cpus, current=2)
            )
            assert (result.live, result.config, result.restart) == (("current",), True, ())
            result = await settings.apply(
                guest.uuid, Section.MEMORY, view.memory, replace(view.memory, current_kib=128 * MIB)
            )
            assert result.live == ("current_kib",)
            result = await settings.apply(
                guest.uuid, Section.OVERVIEW, view.overview, replace(view.overview, title="Live")
            )
            assert result.live == ("title",)

            # A disk hot-plugged into the running guest appears in its /sys/block.
            disk = guest.host_path(IMAGES) / "data.img"
            with open(disk, "wb") as handle:
                handle.truncate(16 * 1024 * 1024)
            added = await settings.add_disk(guest.uuid, NewDisk(source=f"{IMAGES}/data.img"))
            assert (added.live, added.config, added.restart) == (("disk",), True, ())
            guest.wait("hot-plugged vda in /sys/block", lambda: "vda" in guest.blocks(), 60)
            live_disk = {d.target: d for d in read.read_disks(domain.XMLDesc(0))}["vda"]
            assert live_disk.source == f"{IMAGES}/data.img"
            assert "vda" in [d.target for d in read.read_disks(domain.XMLDesc(INACTIVE))]

            resized = await settings.resize_disk(guest.uuid, "vda", 32 * 1024 * 1024)
            assert resized.live == ("size",)
            assert domain.blockInfo("vda")[0] == 32 * 1024 * 1024
            assert disk.stat().st_size == 32 * 1024 * 1024

            # CD-ROM media in and out while running.
            iso = guest.host_path(IMAGES) / "tools.iso"
            iso.write_bytes(b"\0" * 2048 * 16)
            inserted = await settings.change_media(guest.uuid, "sda", f"{IMAGES}/tools.iso")
            assert inserted.live == ("media",)
            live_cdrom = {d.target: d for d in read.read_disks(domain.XMLDesc(0))}["sda"]
            assert live_cdrom.source == f"{IMAGES}/tools.iso"
            ejected = await settings.change_media(guest.uuid, "sda", "")
            assert ejected.live == ("media",)
            assert {d.target: d for d in read.read_disks(domain.XMLDesc(0))}["sda"].source == ""

            removed = await settings.remove_disk(guest.uuid, "vda")
            assert removed.live == ("disk",) and removed.config
            guest.wait("vda unplugged", lambda: "vda" not in guest.blocks(), 60)
        finally:
            await session.close()

    _run(live())
    running = domain.XMLDesc(0)
    assert read.read_cpus(running).current == 2
    assert len(domain.vcpus()[0]) == 2
    stored = domain.XMLDesc(INACTIVE)
    assert read.read_cpus(stored).current == 2
    assert read.read_memory(stored).current_kib == 128 * MIB
    assert read.read_overview(running).title == "Live"
    assert read.read_overview(stored).title == "Live"
    assert "vda" not in [d.target for d in read.read_disks(stored)]
    assert schema_error(stored) is None
    deadline = time.monotonic() + 60
    while domain.info()[2] != 128 * MIB and time.monotonic() < deadline:
        time.sleep(0.5)  # the balloon driver gives the memory back in steps
    assert domain.info()[2] == 128 * MIB


def test_a_second_client_changing_the_same_field_is_a_conflict(
    guest: Guest, isolated_libvirtd: IsolatedLibvirtd
) -> None:
    domain = guest.domain

    async def scenario() -> None:
        session = await _session(isolated_libvirtd)
        try:
            view = await session.settings.read(guest.uuid)  # the editor opens
            other = isolated_libvirtd.open()  # a second client of the same daemon
            try:
                theirs = other.lookupByUUIDString(guest.uuid)
                theirs.setMemoryFlags(112 * MIB, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
            finally:
                other.close()
            before = domain.XMLDesc(INACTIVE)
            with pytest.raises(SettingsConflict, match="current memory"):
                await session.settings.apply(
                    guest.uuid,
                    Section.MEMORY,
                    view.memory,
                    replace(view.memory, current_kib=96 * MIB),
                )
            assert domain.XMLDesc(INACTIVE) == before
            assert read.read_memory(before).current_kib == 112 * MIB
            # Their change of memory is kept when ours of another field applies.
            await session.settings.apply(
                guest.uuid, Section.MEMORY, view.memory, replace(view.memory, maximum_kib=200 * MIB)
            )
            stored = read.read_memory(domain.XMLDesc(INACTIVE))
            assert (stored.current_kib, stored.maximum_kib) == (112 * MIB, 200 * MIB)
        finally:
            await session.close()

    _run(scenario())


def test_cli_set_and_disk_on_the_running_guest(
    guest: Guest, isolated_libvirtd: IsolatedLibvirtd, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = isolated_libvirtd.uri
    assert cli_main(["-c", uri, "disk", "list", NAME]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "Target",
        "Device",
        "Bus",
        "Source",
        "Format",
        "Cache",
        "mode",
        "Read-only",
    ]
    assert cli_main(["-c", uri, "set", NAME, "--memory", "120M", "--live"]) == 0
    assert capsys.readouterr().out.strip() == f"{NAME}: Memory changed live (current memory)"
    assert read.read_memory(guest.domain.XMLDesc(INACTIVE)).current_kib == 112 * MIB
    deadline = time.monotonic() + 60
    while guest.domain.info()[2] != 120 * MIB and time.monotonic() < deadline:
        time.sleep(0.5)
    assert guest.domain.info()[2] == 120 * MIB
    assert cli_main(["-c", uri, "set", NAME, "--max-vcpus", "4", "--live"]) == 2
    assert "cannot change the maximum CPUs" in capsys.readouterr().err
    assert cli_main(["-c", uri, "disk", "resize", NAME, "sda", "1G"]) == 2
    assert "only disks can be resized" in capsys.readouterr().err


def test_other_devices_on_the_running_guest(
    guest: Guest, isolated_libvirtd: IsolatedLibvirtd
) -> None:
    domain = guest.domain

    def kinds(xml: str) -> list[str]:
        return [str(device.kind) for device in read_other_devices(xml)]

    async def scenario() -> None:
        session = await _session(isolated_libvirtd)
        try:
            added = await session.settings.add_device(guest.uuid, DeviceKind.RNG, "virtio")
            assert (added.live, added.config, added.restart) == (("device",), True, ())
            assert "rng" in kinds(domain.XMLDesc(0)) and "rng" in kinds(domain.XMLDesc(INACTIVE))
            removed = await session.settings.remove_device(guest.uuid, DeviceKind.RNG, 0)
            assert removed.live == ("device",) and removed.config
            deadline = time.monotonic() + 60
            while "rng" in kinds(domain.XMLDesc(0)) and time.monotonic() < deadline:
                await asyncio.sleep(0.5)  # the guest lets go of the PCI device
            assert "rng" not in kinds(domain.XMLDesc(0))
            assert "rng" not in kinds(domain.XMLDesc(INACTIVE))
            watchdog = await session.settings.add_device(
                guest.uuid, DeviceKind.WATCHDOG, "i6300esb"
            )
            assert (watchdog.live, watchdog.restart) == ((), ("device",))
            assert "watchdog" in kinds(domain.XMLDesc(INACTIVE))
            assert "watchdog" not in kinds(domain.XMLDesc(0))
            assert Section.DEVICES.value in session.settings.pending_restart(guest.uuid)
        finally:
            await session.close()

    _run(scenario())
    assert schema_error(domain.XMLDesc(INACTIVE)) is None


def test_rename_when_shut_off(guest: Guest, isolated_libvirtd: IsolatedLibvirtd) -> None:
    guest.domain.destroy()

    async def scenario() -> None:
        session = await _session(isolated_libvirtd)
        try:
            for _ in range(100):  # the stopped event clears the badge
                if not session.settings.pending_restart(guest.uuid):
                    break
                await asyncio.sleep(0.05)
            assert session.settings.pending_restart(guest.uuid) == frozenset()
            view = await session.settings.read(guest.uuid)
            renamed = replace(view.overview, name=f"{NAME}-renamed")
            await session.settings.apply(guest.uuid, Section.OVERVIEW, view.overview, renamed)
        finally:
            await session.close()

    _run(scenario())
    conn = isolated_libvirtd.open()
    try:
        assert conn.lookupByUUIDString(guest.uuid).name() == f"{NAME}-renamed"
        assert f"{NAME}-renamed" in conn.listDefinedDomains()
    finally:
        conn.close()
