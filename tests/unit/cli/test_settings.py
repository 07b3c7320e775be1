"""``kvmdesk-cli set`` and ``kvmdesk-cli disk`` in-process on libvirt's test driver.

Changes go to ``test:///default`` (the CLI's connection shares its state with the
test's), on uniquely named domains removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings import read
from tests.helpers.cli import Cli, assert_error_line_is, assert_one_error_line
from tests.helpers.settings_domain import MAC, defined_domain, schema_error

URI = "test:///default"
INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE


@pytest.fixture
def conn() -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    connection = libvirt.open(URI)
    try:
        yield connection
    finally:
        connection.close()


def test_set_several_sections_at_once(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        name = domain.name()
        code, out, err = cli(
            "-c", URI, "set", name, "--vcpus", "3", "--memory", "768M",
            "--boot", "net,vda", "--autostart", "on", "--title", "Web",
        )  # fmt: skip
        assert (code, err) == (0, "")
        assert out.strip() == (
            f"{name}: CPUs, memory, boot and overview changed in the configuration"
        )
        stored = domain.XMLDesc(INACTIVE)
        assert read.read_cpus(stored).current == 3
        assert read.read_memory(stored).current_kib == 768 * 1024
        assert read.read_boot(stored).order == (f"net:{MAC}", "vda")
        assert read.read_overview(stored).title == "Web"
        assert domain.autostart() == 1


def test_live_on_a_running_domain(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn, running=True) as domain:
        name = domain.name()
        code, out, _err = cli("-c", URI, "set", name, "--vcpus", "1", "--live")
        assert code == 0
        assert out.strip() == f"{name}: CPUs changed live (current CPUs)"
        assert read.read_cpus(domain.XMLDesc(0)).current == 1
        assert read.read_cpus(domain.XMLDesc(INACTIVE)).current == 2
        code, out, _err = cli("-c", URI, "set", name, "--max-vcpus", "8", "--vcpus", "8")
        assert code == 2  # topology 1×2×2 no longer matches
        code, out, _err = cli("-c", URI, "set", name, "--memory", "256M")
        assert out.strip() == (
            f"{name}: Memory changed live (current memory) and in the configuration"
        )


def test_dry_run_prints_the_xml_and_changes_nothing(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        before = domain.XMLDesc(INACTIVE)
        code, out, _err = cli(
            "-c", URI, "set", domain.name(), "--max-memory", "2G", "--dry-run", "--print-xml"
        )
        assert code == 0
        assert schema_error(out) is None
        assert read.read_memory(out).maximum_kib == 2 * 1024 * 1024
        assert domain.XMLDesc(INACTIVE) == before
        code, out, _err = cli("-c", URI, "set", domain.name(), "--vcpus", "4", "--dry-run")
        assert out.strip().endswith(
            "would be changed in the configuration (dry run: nothing changed)"
        )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--vcpus", "9"], "Current CPUs (9) must not exceed Maximum CPUs (4)"),
        (
            ["--vcpus", "9", "--memory", "4G"],
            "Current CPUs (9) must not exceed Maximum CPUs (4); "
            "Current memory must not exceed Maximum memory",
        ),
        (
            ["--memory", "12x"],
            "argument --memory: not a size: '12x' (say e.g. 512M, 2G or 1.5GiB) (see kvmdesk-cli --help)",
        ),
        (
            ["--autostart", "maybe"],
            "argument --autostart: say on or off, not 'maybe' (see kvmdesk-cli --help)",
        ),
        (
            ["--boot", "vdq"],
            "--boot: no bootable device 'vdq' (devices: net:52:54:00:5e:00:01, sda, vda)",
        ),
        ([], "nothing to set: give --vcpus, --memory, --boot, --autostart …"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    cli: Cli, conn: libvirt.virConnect, argv: list[str], message: str
) -> None:
    with defined_domain(conn) as domain:
        before = domain.XMLDesc(INACTIVE)
        code, out, err = cli("-c", URI, "set", domain.name(), *argv)
        assert (code, out) == (2, "")
        assert_error_line_is(err, message)
        assert domain.XMLDesc(INACTIVE) == before


def test_unknown_domain(cli: Cli) -> None:
    code, _out, err = cli("-c", URI, "set", "no-such-vm", "--vcpus", "1")
    assert code == 2
    assert_one_error_line(err, "no domain named 'no-such-vm'")


def test_disk_list_uses_the_windows_labels(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        code, out, _err = cli("-c", URI, "disk", "list", domain.name())
        assert code == 0
        lines = out.splitlines()
        assert lines[0].split("  ")[0] == "Target"
        assert "Cache mode" in lines[0] and "Read-only" in lines[0]
        assert lines[1].split()[:3] == ["vda", "disk", "virtio"]
        assert lines[2].split()[:4] == ["sda", "cdrom", "sata", "/srv/iso/installer.iso"]
        code, out, _err = cli("-c", URI, "disk", "list", domain.name(), "--json")
        assert '"target": "vda"' in out


def test_disk_add_remove_eject_insert(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        name = domain.name()
        code, out, _err = cli("-c", URI, "disk", "add", name, "/srv/data.img", "--cache", "none")
        assert (code, out.strip()) == (0, f"{name}: disk vdb added in the configuration")
        code, out, _err = cli("-c", URI, "disk", "add", name, "/srv/data.img")
        assert code == 2
        code, out, _err = cli("-c", URI, "disk", "eject", name, "sda")
        assert (code, out.strip()) == (0, f"{name}: the media of sda ejected in the configuration")
        code, out, _err = cli("-c", URI, "disk", "insert", name, "sda", "/srv/iso/b.iso")
        assert code == 0
        assert read.read_disks(domain.XMLDesc(INACTIVE))[-1].source in (
            "/srv/iso/b.iso",
            "/srv/data.img",
        )
        code, out, err = cli("-c", URI, "disk", "eject", name, "vda")
        assert code == 2
        assert_one_error_line(err, "not a CD-ROM or floppy")
        code, out, _err = cli("-c", URI, "disk", "remove", name, "vdb")
        assert (code, out.strip()) == (0, f"{name}: disk vdb removed in the configuration")
        code, _out, err = cli("-c", URI, "disk", "remove", name, "vdb")
        assert code == 2
        assert_one_error_line(err, "has no disk 'vdb'")


def test_disk_refusals(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        name = domain.name()
        code, _out, err = cli("-c", URI, "disk", "add", name, "--size", "1G")
        assert code == 2
        assert_one_error_line(err, "--size makes a new volume: it needs --pool and --volume")
        code, _out, err = cli("-c", URI, "disk", "resize", name, "vda", "10G")
        assert code == 2
        assert_one_error_line(err, "not a volume in a storage pool")
        code, _out, err = cli(
            "-c", URI, "disk", "add", name, "--pool", "default-pool", "--volume", "v.img",
            "--size", "1G", "--bus", "ide",
        )  # fmt: skip
        assert code == 2
        assert "invalid choice: 'ide'" in err


def test_libvirts_refusal_is_exit_1(cli: Cli, conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        volume = f"{domain.name()}-v.img"
        code, _out, _err = cli(
            "-c", URI, "disk", "add", domain.name(), "--pool", "default-pool",
            "--volume", volume, "--size", "1G",
        )  # fmt: skip
        assert code == 0
        try:
            code, _out, err = cli("-c", URI, "disk", "resize", domain.name(), "vdb", "2G")
            assert code == 1
            assert_one_error_line(err, "virStorageVolResize")
        finally:
            conn.storagePoolLookupByName("default-pool").storageVolLookupByName(volume).delete(0)
