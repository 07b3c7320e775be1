"""VM creation core: osinfo matching on synthesized volume descriptors, validation
messages, RNG-valid domain XML for every source and firmware, the cidata seed read back,
the SHA-512 crypt hash, and the QEMU access check on real folders."""

from __future__ import annotations

import io
import os
import pwd
import warnings
from pathlib import Path

import pycdlib
import pytest
from lxml import etree

from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.cloudinit import read_seed, seed_for, sha512_crypt
from kvmdesk.core.create.domain_xml import build_domain_xml
from kvmdesk.core.create.media import VolumeDescriptor, detect, parse_volume_descriptor
from kvmdesk.core.create.osinfo import load_database
from kvmdesk.core.create.permissions import check_access
from kvmdesk.core.create.spec import (
    GIB,
    CloudInitSpec,
    Firmware,
    SourceKind,
    VmSpec,
    parse_size,
)
from kvmdesk.core.create.validation import Facts, check, name_problem
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot

DB = load_database()
HOST = HostCapabilities(
    domain_types=("qemu", "kvm"),
    machine="pc-q35-7.2",
    efi=True,
    secure_boot=True,
    tpm_emulator=True,
    video_models=("vga", "virtio"),
    host_cpus=8,
    host_memory=16 * GIB,
    free_memory=4 * GIB,
)
NETWORKS = {"lan": NetworkSnapshot(connection="", name="lan", uuid="", mode=NetworkMode.NAT)}
FACTS = Facts(
    host=HOST, domain_names=frozenset({"old"}), networks=NETWORKS, pools={"default": 100 * GIB}
)
NAT = NicSpec(NicSource(NetworkMode.NAT, network="lan"))


def _pvd(volume: str, publisher: str = "", system: str = "") -> bytes:
    block = bytearray(2048)
    block[0], block[1:6], block[6] = 1, b"CD001", 1
    block[8:40] = system.encode().ljust(32)
    block[40:72] = volume.encode().ljust(32)
    block[318:446] = publisher.encode().ljust(128)
    return bytes(block)


@pytest.mark.parametrize(
    ("volume", "publisher", "expected"),
    [
        ("Debian 11.5.0 amd64 n", "", "debian11"),
        ("Fedora-WS-Live-37-1-7", "", "fedora37"),
        ("Ubuntu 22.04.1 LTS amd64", "", "ubuntu22.04"),
    ],
)
def test_detects_media_osinfo_db_lists(volume: str, publisher: str, expected: str) -> None:
    descriptor = parse_volume_descriptor(_pvd(volume, publisher, "LINUX"))
    detection = detect(descriptor, DB)
    assert detection.best is not None and detection.best.short_id == expected


def test_windows_10_and_11_media_are_ambiguous() -> None:
    descriptor = VolumeDescriptor(
        volume_id="CCCOMA_X64FRE_EN-US_DV9", publisher_id="MICROSOFT CORPORATION"
    )
    detection = detect(descriptor, DB)
    names = [e.short_id for e in detection.candidates]
    assert detection.ambiguous and "win11" in names and "win10" in names


def test_unknown_and_non_iso_media() -> None:
    assert not detect(VolumeDescriptor(volume_id="Brand New OS 2031"), DB).found
    assert parse_volume_descriptor(bytes(2048)) is None


def test_database_facts() -> None:
    win11 = DB.get("win11")
    assert win11 is not None and win11.uefi_required and win11.needs_tpm and not win11.virtio
    debian = DB.get("debian11")
    assert debian is not None and debian.virtio and debian.minimum.memory == GIB


def _spec(**changes: object) -> VmSpec:
    base: dict[str, object] = dict(
        name="new", source=SourceKind.PXE, pool="default", nic=NAT, os_id=""
    )
    base.update(changes)
    return VmSpec(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "the VM needs a name"),
        ({"name": "a b"}, "no spaces"),
        ({"name": "old"}, "a VM named 'old' already exists"),
        ({"cpus": 9}, "9 CPUs is more than the host has (8)"),
        ({"memory": 17 * GIB}, "17 GiB of memory is more than the host has (16 GiB)"),
        ({"disk_size": 101 * GIB}, "101 GiB is more than pool 'default' has available (100 GiB)"),
        ({"pool": "nope"}, "no storage pool named 'nope'"),
        ({"secure_boot": True}, "Secure Boot needs UEFI firmware"),
        ({"source": SourceKind.ISO}, "choose an ISO file or volume"),
        ({"source": SourceKind.ISO, "source_path": "/no/such.iso"}, "no such file: /no/such.iso"),
        ({"nic": NicSpec(NicSource(NetworkMode.NAT, network="gone"))}, "no network named 'gone'"),
        ({"os_id": "win11"}, "Microsoft Windows 11 needs UEFI firmware"),
        ({"source": SourceKind.CLOUD_IMAGE, "source_path": "/etc/hostname"}, "cloud-init settings"),
    ],
)
def test_validation_errors(changes: dict[str, object], message: str) -> None:
    spec = _spec(**changes)
    facts = Facts(
        **{
            **{f: getattr(FACTS, f) for f in FACTS.__slots__},
            "os_entry": DB.get(spec.os_id) if spec.os_id else None,
        }
    )  # type: ignore[attr-defined]
    errors = [p.message for p in check(spec, facts).errors]
    assert any(message in e for e in errors), errors


def test_tpm_needs_swtpm_and_free_memory_is_a_warning() -> None:
    host = HostCapabilities(
        domain_types=("kvm",), host_cpus=4, host_memory=8 * GIB, free_memory=GIB
    )
    facts = Facts(host=host, networks=NETWORKS, pools={"default": 100 * GIB})
    checked = check(_spec(tpm=True, memory=2 * GIB), facts)
    assert [p.message for p in checked.errors] == [
        "a TPM 2.0 needs swtpm on the host (install the swtpm and swtpm-tools packages)"
    ]
    assert any("more than the host has free now" in p.message for p in checked.warnings)


def test_name_rules() -> None:
    assert name_problem("web-01.example_2") is None
    assert name_problem(".hidden") is not None
    assert name_problem("x/y") is not None


def test_sizes() -> None:
    assert parse_size("20G") == 20 * GIB
    assert parse_size("512", default_unit="m") == 512 * 2**20
    assert parse_size("1.5GiB") == int(1.5 * GIB)
    with pytest.raises(BadInput):
        parse_size("lots")


@pytest.mark.parametrize("source", list(SourceKind))
@pytest.mark.parametrize("firmware", [Firmware.BIOS, Firmware.UEFI])
def test_domain_xml_is_valid_for_every_source(source: SourceKind, firmware: Firmware) -> None:
    rng = etree.RelaxNG(etree.parse("/usr/share/libvirt/schemas/domain.rng"))
    spec = _spec(
        source=source,
        source_path="/var/tmp/x.iso",
        firmware=firmware,
        secure_boot=firmware is Firmware.UEFI,
        tpm=firmware is Firmware.UEFI,
        cloud_init=CloudInitSpec(user="u", password="p"),
    )
    xml = build_domain_xml(
        spec, HOST, DB.get("debian11"), uuid="8f1b2a44-5c4d-4e7a-9a3c-2f1e0d9c8b7a"
    )
    for document in (xml.install, xml.final):
        assert rng.validate(etree.fromstring(document.encode())), rng.error_log
    install, final = etree.fromstring(xml.install.encode()), etree.fromstring(xml.final.encode())
    if source is SourceKind.ISO:
        assert install.find("devices/disk[@device='cdrom']/boot").get("order") == "1"
        assert final.find("devices/disk[@device='cdrom']/boot") is None
        assert install.findtext("on_reboot") == "destroy"
        assert final.findtext("on_reboot") == "restart"
    else:
        assert (source is SourceKind.PXE) == xml.differs


def test_seed_iso_reads_back() -> None:
    cloud = CloudInitSpec(
        user="alice", password="s3cret-Plain", ssh_keys=("ssh-ed25519 AAAA a@b",), hostname="web1"
    )
    data = seed_for(cloud, "vm1")
    files = read_seed(data)
    user_data = files["user-data"]
    assert user_data.startswith("#cloud-config\n")
    assert 'hostname: "web1"' in user_data and '- name: "alice"' in user_data
    assert '- "ssh-ed25519 AAAA a@b"' in user_data
    assert "s3cret-Plain" not in user_data
    hashed = next(
        line for line in user_data.splitlines() if line.strip().startswith("passwd:")
    ).split('"')[1]
    salt = hashed.split("$")[2]
    assert hashed == sha512_crypt("s3cret-Plain", salt)
    assert 'local-hostname: "web1"' in files["meta-data"]
    iso = pycdlib.PyCdlib()
    iso.open_fp(io.BytesIO(data))
    try:
        assert iso.pvd.volume_identifier.decode().strip() == "cidata"
        assert iso.has_joliet() and iso.has_rock_ridge()
    finally:
        iso.close()


def test_sha512_crypt_matches_glibc() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    for password, salt in (("secret", "abcdefgh12345678"), ("ä" * 70, "s")):
        assert sha512_crypt(password, salt) == crypt.crypt(password, f"$6${salt}")


def test_access_check_names_the_blocking_folder(tmp_path: Path) -> None:
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.fail("the test needs the 'nobody' user")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    iso = home / "x.iso"
    iso.write_bytes(b"x")
    iso.chmod(0o644)
    os.chmod(tmp_path, 0o755)
    result = check_access(str(iso), "nobody")
    assert not result.ok and result.blocked_folders[-1] == str(home)
    assert result.grant_command().endswith(f"setfacl -m u:nobody:x {home}")
    assert not result.file_unreadable
    home.chmod(0o711)
    assert str(home) not in check_access(str(iso), "nobody").blocked_folders


def test_every_literal_volume_id_in_osinfo_db_finds_its_os() -> None:
    """Each x86 media pattern that is a plain string is synthesized as a PVD and detected."""
    special = set("^$.*+?()[]{}|\\")
    checked = 0
    for entry in DB.entries.values():
        for media in entry.media:
            fields = (media.volume_id, media.system_id, media.publisher_id, media.application_id)
            if media.arch not in ("x86_64", "all") or not media.volume_id:
                continue
            if any(special & set(value) for value in fields):
                continue
            descriptor = VolumeDescriptor(
                system_id=media.system_id,
                volume_id=media.volume_id[:32],
                publisher_id=media.publisher_id,
                application_id=media.application_id,
            )
            if len(media.volume_id) > 32:
                continue  # longer than a PVD field can hold: never on real media
            candidates = [e.id for e in detect(descriptor, DB).candidates]
            assert entry.id in candidates, (entry.id, media)
            checked += 1
    assert checked > 100
