"""Which domains use a volume or a pool, from their disks' sources."""

from __future__ import annotations

from kvmdesk.core.storage.usage import pool_users, volume_users, with_users
from kvmdesk.core.storage.values import PoolSnapshot, PoolState, VolumeSnapshot
from kvmdesk.core.types.snapshots import DiskSnapshot, DomainSnapshot
from kvmdesk.core.types.states import DomainState


def domain(name: str, *disks: DiskSnapshot) -> DomainSnapshot:
    return DomainSnapshot("test:///", name, name, DomainState.SHUTOFF, 1, 1, 1, disks=disks)


DOMAINS = [
    domain("Web", DiskSnapshot("vda", "disk", path="/images/web.qcow2")),
    domain("app", DiskSnapshot("vda", "disk", pool="images", volume="web.qcow2")),
    domain("iso", DiskSnapshot("sda", "cdrom", path="/images/sub/install.iso")),
    domain("other", DiskSnapshot("vda", "disk", path="/elsewhere/web.qcow2")),
    domain("none"),
]
POOL = PoolSnapshot("test:///", "images", "", "dir", PoolState.RUNNING, target_path="/images")


def test_volume_users_by_path_and_by_pool_reference() -> None:
    assert volume_users("images", "web.qcow2", "/images/web.qcow2", DOMAINS) == ("app", "Web")
    assert volume_users("images", "spare.img", "/images/spare.img", DOMAINS) == ()


def test_with_users_fills_in_used_by() -> None:
    volume = VolumeSnapshot("images", "web.qcow2", "k", "/images/web.qcow2")
    assert with_users([volume], DOMAINS)[0].used_by == ("app", "Web")
    assert with_users([volume], [])[0] is volume


def test_pool_users_by_volume_name_and_folder() -> None:
    assert pool_users(POOL, ["/images/web.qcow2"], DOMAINS) == ("app", "iso", "Web")
    elsewhere = PoolSnapshot("test:///", "x", "", "dir", PoolState.RUNNING, target_path="/x")
    assert pool_users(elsewhere, [], DOMAINS) == ()
