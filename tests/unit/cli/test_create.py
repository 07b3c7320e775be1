"""``kvmdesk-cli create`` in-process on libvirt's test driver: dry runs, every kind of bad
input (exit 2, one line), libvirt's refusal (exit 1, its words), and a real creation."""

from __future__ import annotations

from pathlib import Path

import libvirt
import pytest
from lxml import etree

from tests.helpers.cli import Cli, assert_one_error_line

SCHEMA = "/usr/share/libvirt/schemas/domain.rng"


def _iso(path: Path, volume_id: str, publisher: str = "") -> Path:
    block = bytearray(2048)
    block[0], block[1:6], block[6] = 1, b"CD001", 1
    block[40:72] = volume_id.encode().ljust(32)
    block[318:446] = publisher.encode().ljust(128)
    path.write_bytes(bytes(16 * 2048) + bytes(block) + bytes(2048))
    return path


def test_dry_run_detects_the_os_and_prints_valid_xml(cli: Cli, tmp_path: Path) -> None:
    iso = _iso(tmp_path / "debian.iso", "Debian 11.5.0 amd64 n")
    code, out, err = cli("--demo", "create", "deb", "--iso", str(iso), "--dry-run", "--print-xml")
    assert code == 0, err
    root = etree.fromstring(out.encode())
    assert etree.RelaxNG(etree.parse(SCHEMA)).validate(root)
    assert root.find("metadata/*/*").get("id") == "http://debian.org/debian/11"
    assert root.find("devices/disk[@device='cdrom']/boot").get("order") == "1"
    assert root.find("devices/disk[@device='disk']/target").get("bus") == "virtio"


def test_ambiguous_windows_media_warns_and_os_overrides(cli: Cli, tmp_path: Path) -> None:
    iso = _iso(tmp_path / "win.iso", "CCCOMA_X64FRE_EN-US_DV9", "MICROSOFT CORPORATION")
    code, out, err = cli("--demo", "create", "w", "--iso", str(iso), "--dry-run")
    # Windows 11 needs UEFI, which the test driver's host does not have: refused, said why.
    assert code == 2
    warning, error = err.splitlines()
    assert "looks like Microsoft Windows 11, but could also be win10: say --os" in warning
    assert error == "kvmdesk-cli: this host has no UEFI firmware for VMs (install the ovmf package)"
    code, out, err = cli("--demo", "create", "w", "--iso", str(iso), "--os", "win10", "--dry-run")
    assert code == 0, err
    assert "OS win10" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["bad name", "--pxe"], "no spaces"),
        (["web-frontend", "--pxe"], "a VM named 'web-frontend' already exists"),
        (["n", "--iso", "/no/such.iso"], "no such file: /no/such.iso"),
        (["n", "--pxe", "--cpus", "1000"], "1000 CPUs is more than the host has"),
        (["n", "--pxe", "--memory", "10T"], "of memory is more than the host has"),
        (["n", "--pxe", "--disk", "50T"], "has available"),
        (["n", "--pxe", "--secure-boot"], "Secure Boot needs UEFI firmware"),
        (["n", "--pxe", "--os", "nosuchos"], "osinfo-db knows no OS 'nosuchos'"),
        (["n", "--pxe", "--memory", "lots"], "not a memory size"),
        (["n", "--pxe", "--pool", "nope"], "no storage pool named 'nope'"),
        (["n", "--pxe", "--mode", "nat", "--network", "nope"], "no network named 'nope'"),
        (
            ["n", "--pxe", "--mode", "user", "--network", "x"],
            "--network does not apply to mode user",
        ),
        (["n", "--pxe", "--cloud-init-user", "u"], "go with --cloud-image"),
        (["n", "--pxe", "--virt-type", "kvm"], "KVM is not available on this host"),
        (["n", "--pxe", "--uefi", "--bios"], "not allowed with argument"),
        (["n"], "one of the arguments --iso --import --cloud-image --pxe --manual is required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Cli, args: list[str], fragment: str) -> None:
    code, out, err = cli("--demo", "create", *args, "--dry-run")
    assert code == 2, (out, err)
    assert_one_error_line(err, fragment)


def test_cloud_init_user_is_checked(cli: Cli, tmp_path: Path) -> None:
    image = tmp_path / "cloud.qcow2"
    image.write_bytes(b"QFI\xfb" + bytes(2000))
    key = tmp_path / "k.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk a@b\n")
    code, _out, err = cli(
        "--demo",
        "create",
        "c",
        "--cloud-image",
        str(image),
        "--cloud-init-user",
        "Root User",
        "--ssh-key",
        str(key),
        "--dry-run",
    )
    assert code == 2
    assert_one_error_line(err, "the user name must start")


def test_libvirts_refusal_is_exit_1_with_its_words(cli: Cli, tmp_path: Path) -> None:
    image = tmp_path / "cloud.qcow2"
    image.write_bytes(b"QFI\xfb" + bytes(2000))
    key = tmp_path / "k.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk a@b\n")
    code, _out, err = cli(
        "-c",
        "test:///default",
        "create",
        "cli-cloud",
        "--cloud-image",
        str(image),
        "--cloud-init-user",
        "alice",
        "--ssh-key",
        str(key),
        "--pool",
        "default-pool",
        "--quiet",
    )
    assert code == 1
    lines = [line for line in err.splitlines() if "warning" not in line]
    assert lines == [
        "kvmdesk-cli: creating the disk failed: this function is not supported by the "
        "connection driver: virStorageVolUpload"
    ]
    conn = libvirt.open("test:///default")
    try:
        assert "cli-cloud.qcow2" not in conn.storagePoolLookupByName("default-pool").listVolumes()
    finally:
        conn.close()


def test_creates_and_starts_on_the_test_driver(cli: Cli) -> None:
    conn = libvirt.open("test:///default")
    try:
        code, out, err = cli(
            "-c",
            "test:///default",
            "create",
            "cli-manual",
            "--manual",
            "--pool",
            "default-pool",
            "--mode",
            "user",
            "--disk",
            "2G",
            "--quiet",
        )
        assert code == 0, err
        assert out.startswith("created VM cli-manual (") and out.strip().endswith("started")
        domain = conn.lookupByName("cli-manual")
        volume = conn.storagePoolLookupByName("default-pool").storageVolLookupByName(
            "cli-manual.qcow2"
        )
        assert volume.info()[1] == 2 * 1024**3
        assert domain.isActive()
    finally:
        try:
            domain = conn.lookupByName("cli-manual")
            domain.destroy()
            domain.undefine()
            conn.storagePoolLookupByName("default-pool").storageVolLookupByName(
                "cli-manual.qcow2"
            ).delete(0)
        except libvirt.libvirtError:
            pass
        conn.close()
