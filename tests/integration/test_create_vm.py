"""Creating VMs through the wizard's core on a real, isolated libvirtd; the guests boot.

The media are made from the tiny guest (``boot_media.py``: GRUB for BIOS and UEFI around
its kernel and initramfs): an install ISO, a disk image to import and a cloud image whose
init mounts the cidata seed and prints the host name and user it finds. One batch of four
VMs boots under TCG at once: from the ISO with BIOS (the ISO copied into the pool through
a libvirt upload stream, since QEMU's user cannot enter the test's temporary folder) and
with UEFI/OVMF (the same ISO, now a volume), the imported copy of the disk image, and the
cloud image with its seed. Each must reach its ready line on the serial console. A
creation that libvirt refuses at start leaves nothing behind and says so in libvirt's words.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.job import Step
from kvmdesk.core.create.spec import (
    MIB,
    CloudInitSpec,
    Firmware,
    LocalFileHandling,
    SourceKind,
    VmSpec,
)
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.integration.boot_media import ConsoleReader, grub_image, missing_tools, to_qcow2
from tests.helpers.integration.guest_image import GuestImage, parse_serial
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

BOOT_DOMAIN_TYPE_ENV = "KVMDESK_TEST_BOOT_DOMAIN_TYPE"
POOL = "kvmdesk-wizard"
POOL_PATH = "/var/lib/libvirt/images"
GENERIC_LINUX = "http://libosinfo.org/linux/2022"
BOOT_DEADLINE = 480.0


def _boot_type() -> str:
    return os.environ.get(BOOT_DOMAIN_TYPE_ENV, "").strip() or "qemu"


@pytest.fixture(scope="module")
def media(
    bootable_guest_image: GuestImage, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    missing = missing_tools()
    if missing:
        pytest.fail(f"tools missing for boot media: {', '.join(missing)} (run bootstrap.sh)")
    folder = tmp_path_factory.mktemp("media")
    image = bootable_guest_image
    cloud_raw = grub_image(
        image,
        folder / "cloud.img",
        "kvmdesk.name=cloudy kvmdesk.cidata=1 kvmdesk.ip=198.51.100.53/24",
    )
    return {
        "iso": grub_image(
            image, folder / "install.iso", "kvmdesk.name=from-iso kvmdesk.ip=198.51.100.50/24"
        ),
        "disk": grub_image(
            image, folder / "disk.img", "kvmdesk.name=imported kvmdesk.ip=198.51.100.52/24"
        ),
        "cloud": to_qcow2(cloud_raw, folder / "cloud.qcow2"),
    }


@pytest.fixture(scope="module")
def pool(isolated_libvirtd: IsolatedLibvirtd) -> Iterator[str]:
    conn = isolated_libvirtd.open()
    try:
        xml = (
            f"<pool type='dir'><name>{POOL}</name><target><path>{POOL_PATH}</path></target></pool>"
        )
        handle = conn.storagePoolDefineXML(xml, 0)
        handle.build(0)
        handle.create(0)
        yield POOL
    finally:
        conn.close()


def _nat(network: str) -> NicSpec:
    return NicSpec(NicSource(NetworkMode.NAT, network=network))


def _base(name: str, network: str, **changes: Any) -> VmSpec:
    spec = VmSpec(
        name=name,
        source=SourceKind.ISO,
        os_id=GENERIC_LINUX,
        cpus=1,
        memory=256 * MIB,
        disk_size=256 * MIB,
        pool=POOL,
        nic=_nat(network),
        domain_type=_boot_type(),
    )
    return replace(spec, **changes)


def test_vms_created_by_the_wizard_core_boot(
    isolated_libvirtd: IsolatedLibvirtd, nat_network: str, pool: str, media: dict[str, Path]
) -> None:
    readers: dict[str, ConsoleReader] = {}
    steps: list[Step] = []

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri, reconnect=False)
        await session.connect()
        assert session.state is ConnectionState.CONNECTED, session.message
        try:
            survey = await session.create.survey()
            assert survey.host.efi and survey.host.loaders, survey.host
            assert pool in {p.name for p in survey.pools}

            bios = _base("wiz-bios", nat_network, source_path=str(media["iso"]))
            # The test's temporary folder is root's, mode 0700: QEMU's user cannot enter it.
            blocked = session.create.check(bios, survey).errors
            assert blocked and "setfacl -m u:libvirt-qemu:x" in blocked[0].message, blocked
            bios = replace(bios, local_file=LocalFileHandling.COPY_TO_POOL)
            made = await session.create.create(bios, survey, lambda s, _f, _t: steps.append(s))
            readers["wiz-bios"] = ConsoleReader(session.raw_connection, session.handle(made.uuid))
            assert made.started and made.installing
            assert f"{POOL}/wiz-bios-install.iso" in made.kept_volumes

            survey = await session.create.survey()
            others = [
                _base(
                    "wiz-uefi",
                    nat_network,
                    source_volume=f"{POOL}/wiz-bios-install.iso",
                    firmware=Firmware.UEFI,
                    memory=512 * MIB,  # GRUB's EFI loader runs out of memory at 256 MiB
                ),
                _base(
                    "wiz-import",
                    nat_network,
                    source=SourceKind.IMPORT,
                    source_path=str(media["disk"]),
                    local_file=LocalFileHandling.COPY_TO_POOL,
                ),
                _base(
                    "wiz-cloud",
                    nat_network,
                    source=SourceKind.CLOUD_IMAGE,
                    source_path=str(media["cloud"]),
                    disk_size=512 * MIB,
                    cloud_init=CloudInitSpec(user="tester", password="pw", hostname="seeded-host"),
                ),
            ]
            for spec in others:
                made = await session.create.create(spec, survey)
                readers[spec.name] = ConsoleReader(
                    session.raw_connection, session.handle(made.uuid)
                )

            conn = session.raw_connection
            live = etree.fromstring(conn.lookupByName("wiz-bios").XMLDesc(0).encode())
            saved = etree.fromstring(
                conn.lookupByName("wiz-bios").XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE).encode()
            )
            assert live.find("devices/disk[@device='cdrom']/boot").get("order") == "1"
            assert live.findtext("on_reboot") == "destroy"
            assert saved.find("devices/disk[@device='cdrom']/boot") is None
            assert saved.find("devices/disk[@device='disk']/boot").get("order") == "1"
            assert saved.findtext("on_reboot") == "restart"
            uefi = etree.fromstring(conn.lookupByName("wiz-uefi").XMLDesc(0).encode())
            assert "OVMF" in (uefi.findtext("os/loader") or "")
            cloud = etree.fromstring(conn.lookupByName("wiz-cloud").XMLDesc(0).encode())
            assert cloud.find("devices/disk[@device='cdrom']/source").get("volume") == (
                "wiz-cloud-cidata.iso"
            )

            # Refused by libvirt at start: a NIC on a defined but stopped network.
            stopped = "kvmdesk-wiz-stopped"
            conn.networkDefineXML(
                f"<network><name>{stopped}</name><forward mode='nat'/>"
                "<ip address='203.0.113.1' netmask='255.255.255.0'/></network>"
            )
            await session.reload_networks([stopped])
            survey = await session.create.survey()
            failing = _base("wiz-fail", stopped, source=SourceKind.MANUAL, os_id="")
            with pytest.raises(LibvirtFailure) as refused:
                await session.create.create(failing, survey)
            message = str(refused.value)
            assert message.startswith("starting the vm failed: "), message
            assert stopped in message and "removed again: VM wiz-fail" in message, message
            assert f"volume {POOL}/wiz-fail.qcow2" in message
            assert "wiz-fail" not in [d.name() for d in conn.listAllDomains()]
            assert "wiz-fail.qcow2" not in conn.storagePoolLookupByName(POOL).listVolumes()
        finally:
            await session.close()

    try:
        asyncio.run(scenario())
        order = list(dict.fromkeys(steps))  # uploads report their step many times
        assert order == [Step.COPY, Step.DISK, Step.DEFINE, Step.START, Step.FINAL, Step.DONE]
        wanted = {
            "wiz-bios": "from-iso",
            "wiz-uefi": "from-iso",
            "wiz-import": "imported",
            "wiz-cloud": "cloudy",
        }
        deadline = time.monotonic() + BOOT_DEADLINE
        pending = dict(wanted)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                report = parse_serial(readers[name].text())
                if report.ready is not None:
                    pending.pop(name)
            time.sleep(0.5)
        tails = {n: readers[n].text()[-1500:] for n in pending}
        assert not pending, f"not ready within {BOOT_DEADLINE} s: {tails}"
        for name, identity in wanted.items():
            text = readers[name].text()
            assert f"KVMDESK-READY {identity} " in text, text[-1500:]
        cloud = parse_serial(readers["wiz-cloud"].text())
        assert cloud.cidata == ("cidata", "seeded-host", "tester"), readers["wiz-cloud"].text()[
            -2000:
        ]
    finally:
        for reader in readers.values():
            reader.close()
