"""One message per bad value, in the window's words; all of them at once."""

from __future__ import annotations

import pytest

from kvmdesk.core.settings.validate import (
    InvalidSettings,
    Problem,
    boot_problems,
    check,
    cpu_problems,
    disk_problems,
    memory_problems,
    new_disk_problems,
    overview_problems,
    shared_folder_problems,
)
from kvmdesk.core.settings.values import (
    Boot,
    BootDevice,
    BootKind,
    CpuMode,
    Cpus,
    Disk,
    Memory,
    NewDisk,
    Overview,
    SharedFolder,
)
from kvmdesk.core.types.errors import BadInput


def _messages(problems: list[Problem]) -> list[str]:
    return [problem.message for problem in problems]


def test_good_values_have_no_problems() -> None:
    assert cpu_problems(Cpus(2, 4, 1, 2, 2, CpuMode.HOST_PASSTHROUGH)) == []
    assert memory_problems(Memory(524288, 1048576, shared=True)) == []
    devices = (
        BootDevice("vda", BootKind.DISK),
        BootDevice("net:52:54:00:00:00:01", BootKind.NETWORK),
    )
    assert boot_problems(Boot(("vda",), devices=devices)) == []
    assert disk_problems(Disk("sda", device="cdrom", bus="sata")) == []
    assert shared_folder_problems(SharedFolder("/srv", "srv")) == []


def test_cpus_one_message_per_bad_value() -> None:
    problems = cpu_problems(Cpus(5, 4, 3, 2, 1, CpuMode.CUSTOM, ""))
    assert [p.field for p in problems] == ["current", "sockets", "model"]
    assert _messages(problems) == [
        "Current CPUs (5) must not exceed Maximum CPUs (4)",
        "Sockets × cores × threads (3×2×1 = 6) must equal Maximum CPUs (4)",
        "CPU model: a named model needs its name",
    ]
    assert _messages(cpu_problems(Cpus(1, 0))) == ["Maximum CPUs must be 1 to 4096, not 0"]
    assert _messages(cpu_problems(Cpus(1, 2, 2, 0, 1))) == [
        "Sockets, cores and threads must all be at least 1, or all 0"
    ]


def test_memory() -> None:
    assert _messages(memory_problems(Memory(2048, 1024))) == [
        "Current memory must not exceed Maximum memory"
    ]
    assert [p.field for p in memory_problems(Memory(0, 0))] == ["maximum_kib", "current_kib"]


def test_overview_rename_only_when_shut_off() -> None:
    base = Overview("web")
    assert overview_problems(Overview("web2"), base, running=False) == []
    assert _messages(overview_problems(Overview("web2"), base, running=True)) == [
        "Name: a running VM cannot be renamed; shut it down first"
    ]
    assert _messages(overview_problems(Overview(""), base, running=False)) == [
        "Name must not be empty"
    ]
    assert (
        "must not contain '/'"
        in _messages(overview_problems(Overview("a/b"), base, running=False))[0]
    )
    assert _messages(overview_problems(Overview("web", title="a\nb"), base, running=False)) == [
        "Title must be one line"
    ]


def test_boot() -> None:
    devices = (BootDevice("vda", BootKind.DISK),)
    assert _messages(boot_problems(Boot(("vda", "vdz"), devices=devices))) == [
        "Boot order: no such device 'vdz'"
    ]
    assert _messages(boot_problems(Boot(("vda", "vda"), devices=devices))) == [
        "Boot order names a device twice"
    ]
    assert _messages(boot_problems(Boot(("vda",), initrd="/boot/i", devices=devices))) == [
        "Initrd and kernel arguments need a kernel path"
    ]
    assert _messages(boot_problems(Boot(("vda",), kernel="vmlinuz", devices=devices))) == [
        "Kernel path must be absolute: 'vmlinuz'"
    ]
    assert _messages(boot_problems(Boot((), devices=devices))) == [
        "Boot order: choose at least one device to boot from"
    ]
    assert boot_problems(Boot((), kernel="/boot/vmlinuz", devices=devices)) == []


def test_disks() -> None:
    assert _messages(disk_problems(Disk("sda", device="cdrom", bus="virtio"))) == [
        "Bus: a CD-ROM cannot be on virtio; use SATA or SCSI"
    ]
    assert _messages(disk_problems(Disk("vda", cache="fast"))) == [
        "Cache mode 'fast' is not one of none, writeback, writethrough, directsync, unsafe"
    ]
    assert _messages(new_disk_problems(NewDisk())) == [
        "Source: give a file path or a pool and volume"
    ]
    assert _messages(new_disk_problems(NewDisk(source="/a.img", pool="p", volume="v"))) == [
        "Give a file path or a pool volume, not both"
    ]
    assert _messages(new_disk_problems(NewDisk(source="/a.img"), ["/a.img"])) == [
        "Source /a.img is already a disk of this VM"
    ]
    assert _messages(new_disk_problems(NewDisk(size_bytes=1 << 30))) == [
        "A new volume needs a pool and a volume name",
        "Source: give a file path or a pool and volume",
    ]
    assert new_disk_problems(NewDisk(device="cdrom", bus="sata")) == []  # an empty drive


def test_shared_folders() -> None:
    assert [p.field for p in shared_folder_problems(SharedFolder("srv", ""))] == [
        "host_path",
        "tag",
    ]
    assert "up to 36" in shared_folder_problems(SharedFolder("/srv", "x" * 37))[0].message
    assert _messages(shared_folder_problems(SharedFolder("/srv", "srv"), ["srv"])) == [
        "Mount tag 'srv' is already used by this VM"
    ]


def test_check_raises_all_on_one_line_as_bad_input() -> None:
    with pytest.raises(InvalidSettings) as caught:
        check(cpu_problems(Cpus(5, 4, 3, 2, 1)))
    assert isinstance(caught.value, BadInput)
    assert len(caught.value.problems) == 2
    assert "\n" not in str(caught.value)
    assert str(caught.value).count(";") == 1
    check([])  # nothing wrong: nothing raised
