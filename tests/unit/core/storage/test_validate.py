"""Validation of new pools, volumes, resizes and clones: one clear message each."""

from __future__ import annotations

import dataclasses

import pytest

from kvmdesk.core.storage.validate import (
    check_name,
    validate_clone,
    validate_pool_spec,
    validate_resize,
    validate_volume_spec,
)
from kvmdesk.core.storage.values import (
    CREATABLE_POOL_TYPES,
    NetfsFormat,
    PoolCapabilities,
    PoolSnapshot,
    PoolSpec,
    PoolState,
    PoolType,
    Preallocation,
    VolumeFormat,
    VolumeSnapshot,
    VolumeSpec,
)
from kvmdesk.core.types.errors import BadInput

GIB = 1024**3
ALL = PoolCapabilities(CREATABLE_POOL_TYPES)
DIR_ONLY = PoolCapabilities((PoolType.DIR,))

POOL = PoolSnapshot(
    connection="test:///",
    name="images",
    uuid="",
    type="dir",
    state=PoolState.RUNNING,
    capacity=100 * GIB,
    allocation=90 * GIB,
    available=10 * GIB,
    target_path="/var/lib/libvirt/images",
)
STOPPED = dataclasses.replace(POOL, name="cold", state=PoolState.INACTIVE, target_path="/srv/cold")
DISK = VolumeSnapshot(
    pool="images",
    name="disk.qcow2",
    key="k",
    path="/var/lib/libvirt/images/disk.qcow2",
    format="qcow2",
    capacity=20 * GIB,
    allocation=2 * GIB,
)
RAW = dataclasses.replace(
    DISK, name="raw.img", format="raw", path="/var/lib/libvirt/images/raw.img"
)


def message(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(BadInput) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("", "the pool needs a name"),
        ("a/b", "the pool name must not contain '/': 'a/b'"),
        (" x", "the pool name must not start or end with a space: ' x'"),
        ("a\nb", "the pool name must not contain control characters: 'a\\nb'"),
        ("..", "the pool name cannot be '..'"),
        ("x" * 256, "the pool name is longer than 255 bytes"),
        ("images", "a pool named 'images' already exists"),
    ],
)
def test_names(name: str, text: str) -> None:
    assert message(check_name, name, "pool", ["images"]) == text


def test_a_good_name_passes() -> None:
    check_name("lab-disks_2", "pool", ["images"])


def dir_spec(**changes: object) -> PoolSpec:
    return dataclasses.replace(PoolSpec("lab", target_path="/srv/lab"), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "capabilities", "text"),
    [
        (dir_spec(name="images"), ALL, "a pool named 'images' already exists"),
        (
            dir_spec(type=PoolType.NETFS),
            DIR_ONLY,
            "this connection cannot make netfs pools (it offers: dir)",
        ),
        (
            dir_spec(target_path="srv/lab"),
            ALL,
            "the pool folder must be an absolute path: 'srv/lab'",
        ),
        (dir_spec(target_path="/"), ALL, "the pool folder cannot be the root folder"),
        (
            dir_spec(target_path="/srv/../etc"),
            ALL,
            "the pool folder must not contain '..': '/srv/../etc'",
        ),
        (dir_spec(target_path=""), ALL, "the pool folder needs a path"),
        (
            dir_spec(target_path="/var/lib/libvirt/images/"),
            ALL,
            "the folder /var/lib/libvirt/images/ is already pool 'images'",
        ),
        (dir_spec(mode="0799"), ALL, "the folder mode must be octal, as in 0711: '0799'"),
        (dir_spec(type=PoolType.FS, source_device=""), ALL, "the source device needs a path"),
        (dir_spec(type=PoolType.NETFS), ALL, "the pool needs the server's host name or address"),
        (
            dir_spec(type=PoolType.NETFS, source_host="nas", source_dir="export"),
            ALL,
            "the exported folder must be an absolute path: 'export'",
        ),
        (
            dir_spec(type=PoolType.NETFS, source_host="nas", netfs_format=NetfsFormat.CIFS),
            ALL,
            "a CIFS pool needs the share's name",
        ),
        (
            dir_spec(type=PoolType.NETFS, source_host="n as", source_dir="/x"),
            ALL,
            "not a host name or address: 'n as'",
        ),
        (
            dir_spec(type=PoolType.LOGICAL),
            ALL,
            "a logical pool needs the name of its LVM volume group",
        ),
        (
            dir_spec(type=PoolType.ISCSI_DIRECT, source_host="san", source_name="target"),
            ALL,
            "the iSCSI target must be an IQN (iqn.…): 'target'",
        ),
        (
            dir_spec(
                type=PoolType.ISCSI_DIRECT,
                source_host="san",
                source_name="iqn.2026-01.x:t",
                initiator_iqn="me",
            ),
            ALL,
            "the initiator must be an IQN (iqn.…): 'me'",
        ),
    ],
)
def test_pool_specs(spec: PoolSpec, capabilities: PoolCapabilities, text: str) -> None:
    assert message(validate_pool_spec, spec, [POOL], capabilities) == text


@pytest.mark.parametrize(
    "spec",
    [
        dir_spec(),
        dir_spec(type=PoolType.FS, source_device="/dev/sdb1"),
        dir_spec(type=PoolType.NETFS, source_host="nas.example", source_dir="/export/vms"),
        dir_spec(
            type=PoolType.NETFS, source_host="nas", source_dir="vms", netfs_format=NetfsFormat.CIFS
        ),
        dir_spec(type=PoolType.LOGICAL, source_name="vg0", source_device="/dev/sdc"),
        dir_spec(
            type=PoolType.ISCSI_DIRECT,
            source_host="san",
            source_name="iqn.2026-01.x:t",
            initiator_iqn="iqn.2026-01.me:i",
            target_path="",
        ),
    ],
)
def test_good_pool_specs_pass(spec: PoolSpec) -> None:
    validate_pool_spec(spec, [POOL], ALL)


@pytest.mark.parametrize(
    ("spec", "pool", "text"),
    [
        (VolumeSpec("disk.qcow2", GIB), POOL, "a volume named 'disk.qcow2' already exists"),
        (VolumeSpec("new", GIB), STOPPED, "pool 'cold' is not running: start it first"),
        (VolumeSpec("new", 1000), POOL, "the volume must be at least 1 MiB"),
        (
            VolumeSpec("new", GIB, VolumeFormat.RAW, Preallocation.METADATA),
            POOL,
            "metadata preallocation needs the qcow2 format",
        ),
        (
            VolumeSpec("new", GIB, VolumeFormat.RAW, backing_path="/b.img"),
            POOL,
            "a backing file needs the qcow2 format",
        ),
        (
            VolumeSpec("new", GIB, VolumeFormat.QCOW2, Preallocation.FULL, backing_path="/b"),
            POOL,
            "a volume with a backing file cannot be preallocated",
        ),
        (
            VolumeSpec("new", GIB, backing_path="b.qcow2"),
            POOL,
            "the backing file must be an absolute path: 'b.qcow2'",
        ),
        (
            VolumeSpec("new", 20 * GIB, VolumeFormat.RAW, Preallocation.FULL),
            POOL,
            "pool 'images' has not enough free space for a full allocation",
        ),
    ],
)
def test_volume_specs(spec: VolumeSpec, pool: PoolSnapshot, text: str) -> None:
    assert message(validate_volume_spec, spec, pool, [DISK]) == text


def test_an_overlay_is_not_smaller_than_its_backing_file() -> None:
    spec = VolumeSpec("top.qcow2", 10 * GIB, backing_path=DISK.path, backing_format="qcow2")
    assert (
        message(validate_volume_spec, spec, POOL, [DISK], backing=DISK)
        == "the volume cannot be smaller than its backing file"
    )


def test_a_sparse_volume_may_exceed_the_free_space() -> None:
    validate_volume_spec(VolumeSpec("big.qcow2", 50 * GIB), POOL, [DISK])


@pytest.mark.parametrize(
    ("volume", "size", "shrink", "text"),
    [
        (DISK, 20 * GIB, False, "the new size is the current size"),
        (
            DISK,
            10 * GIB,
            False,
            "the new size is smaller than the current one (shrinking loses data)",
        ),
        (DISK, 10 * GIB, True, "qcow2 volumes cannot be shrunk"),
        (DISK, 10, False, "the volume must be at least 1 MiB"),
    ],
)
def test_resizes(volume: VolumeSnapshot, size: int, shrink: bool, text: str) -> None:
    assert message(validate_resize, volume, size, shrink=shrink) == text


def test_a_raw_volume_shrinks_when_asked() -> None:
    validate_resize(RAW, 5 * GIB, shrink=True)
    validate_resize(DISK, 30 * GIB)


def test_clones() -> None:
    assert message(validate_clone, DISK, "disk.qcow2", POOL, ["disk.qcow2"]) == (
        "a volume named 'disk.qcow2' already exists"
    )
    assert message(validate_clone, DISK, "copy", STOPPED, []) == (
        "pool 'cold' is not running: start it first"
    )
    full = dataclasses.replace(POOL, available=GIB)
    assert message(validate_clone, DISK, "copy", full, []) == (
        "pool 'images' has not enough free space for the copy"
    )
    validate_clone(DISK, "copy.qcow2", POOL, ["disk.qcow2"])
