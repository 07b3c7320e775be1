"""Which domains use a volume or a pool, from the domains' disk sources (no libvirt call).

A disk uses a volume when its source is the volume's path (``<source file=…>`` or
``dev=…``) or names the pool and volume (``<source pool=… volume=…>``). A pool is in
use when one of its volumes is, or a disk lies under the pool's folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from kvmdesk.core.storage.values import PoolSnapshot, VolumeSnapshot
from kvmdesk.core.types.snapshots import DomainSnapshot


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=lambda n: (n.casefold(), n)))


def volume_users(
    pool: str, name: str, path: str, domains: Iterable[DomainSnapshot]
) -> tuple[str, ...]:
    """Names of the domains with a disk on this volume, sorted."""
    return _sorted(
        domain.name
        for domain in domains
        for disk in domain.disks
        if (path and disk.path == path) or (disk.pool == pool and disk.volume == name)
    )


def with_users(
    volumes: Iterable[VolumeSnapshot], domains: Iterable[DomainSnapshot]
) -> list[VolumeSnapshot]:
    """The volumes again, each with its ``used_by`` from these domains."""
    domain_list = list(domains)
    result: list[VolumeSnapshot] = []
    for volume in volumes:
        users = volume_users(volume.pool, volume.name, volume.path, domain_list)
        result.append(
            volume
            if users == volume.used_by
            else VolumeSnapshot(
                pool=volume.pool,
                name=volume.name,
                key=volume.key,
                path=volume.path,
                format=volume.format,
                type=volume.type,
                capacity=volume.capacity,
                allocation=volume.allocation,
                backing_path=volume.backing_path,
                used_by=users,
            )
        )
    return result


def _under(path: str, folder: str) -> bool:
    if not path or not folder:
        return False
    folder = posixpath.normpath(folder)
    return posixpath.normpath(posixpath.dirname(path)) == folder or path.startswith(
        folder.rstrip("/") + "/"
    )


def pool_users(
    pool: PoolSnapshot, volume_paths: Iterable[str], domains: Iterable[DomainSnapshot]
) -> tuple[str, ...]:
    """Names of the domains with a disk in this pool (by volume, pool name or folder)."""
    paths = set(volume_paths)
    return _sorted(
        domain.name
        for domain in domains
        for disk in domain.disks
        if disk.pool == pool.name
        or (disk.path and disk.path in paths)
        or (pool.type in ("dir", "fs", "netfs") and _under(disk.path, pool.target_path))
    )
