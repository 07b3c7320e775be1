"""Blocking storage operations on a ``virConnect``; the session runs them in its pool.

Each operation completes or leaves libvirt as it found it: a pool that was defined
but could not be built or started is undefined again. libvirt errors propagate as
``libvirtError``; the session turns them into kvmdesk errors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import libvirt

from kvmdesk.core.storage.read import (
    parse_pool,
    parse_pool_capabilities,
    parse_pool_sources,
    parse_volume,
)
from kvmdesk.core.storage.values import (
    CREATABLE_POOL_TYPES,
    PoolCapabilities,
    PoolSnapshot,
    PoolSource,
    PoolSpec,
    PoolState,
    PoolType,
    Preallocation,
    VolumeSnapshot,
    VolumeSpec,
)
from kvmdesk.core.storage.xml import clone_volume_xml, new_pool_xml, new_volume_xml
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_text import quoteattr

log = logging.getLogger(__name__)

_UNSUPPORTED = (libvirt.VIR_ERR_NO_SUPPORT, libvirt.VIR_ERR_INVALID_ARG)


# ---------------------------------------------------------------- lookups & reads


def lookup_pool(conn: Any, name: str) -> Any:
    """The ``virStoragePool`` called ``name``; :class:`BadInput` when there is none."""
    try:
        return conn.storagePoolLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_STORAGE_POOL:
            raise BadInput(f"no storage pool named {name!r}") from None
        raise


def lookup_volume(conn: Any, pool: str, name: str) -> Any:
    """The ``virStorageVol`` ``name`` of ``pool``; :class:`BadInput` when there is none."""
    handle = lookup_pool(conn, pool)
    try:
        return handle.storageVolLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_STORAGE_VOL:
            raise BadInput(f"no volume named {name!r} in pool {pool!r}") from None
        raise


def read_pool(handle: Any, uri: str) -> PoolSnapshot:
    state, *_sizes = handle.info()
    return parse_pool(
        handle.XMLDesc(0),
        connection=uri,
        state=PoolState.from_libvirt(state),
        autostart=bool(handle.autostart()),
        persistent=bool(handle.isPersistent()),
    )


def fetch_pools(conn: Any, uri: str, names: Sequence[str] | None = None) -> list[PoolSnapshot]:
    """These pools (all when ``names`` is None); the ones gone are left out.

    A driver without storage (``VIR_ERR_NO_SUPPORT``) has no pools.
    """
    try:
        if names is None:
            handles = list(conn.listAllStoragePools(0))
        else:
            handles = []
            for name in names:
                try:
                    handles.append(conn.storagePoolLookupByName(name))
                except libvirt.libvirtError as error:
                    if error.get_error_code() != libvirt.VIR_ERR_NO_STORAGE_POOL:
                        raise
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
            return []
        raise
    snapshots: list[PoolSnapshot] = []
    for handle in handles:
        try:
            snapshots.append(read_pool(handle, uri))
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_NO_STORAGE_POOL:
                raise
    return snapshots


def fetch_volumes(conn: Any, pool: str) -> list[VolumeSnapshot]:
    """Every volume of a running pool, by name; [] for a stopped one."""
    handle = lookup_pool(conn, pool)
    if not handle.isActive():
        return []
    volumes: list[VolumeSnapshot] = []
    for volume in handle.listAllVolumes(0):
        try:
            volumes.append(parse_volume(volume.XMLDesc(0), pool=pool))
        except libvirt.libvirtError as error:
            if error.get_error_code() != libvirt.VIR_ERR_NO_STORAGE_VOL:
                raise  # else: deleted while we listed
    return sorted(volumes, key=lambda v: (v.name.casefold(), v.name))


def pool_capabilities(conn: Any) -> PoolCapabilities:
    """The pool types the connection supports, from ``getStoragePoolCapabilities``."""
    try:
        xml = conn.getStoragePoolCapabilities(0)
    except libvirt.libvirtError as error:
        if error.get_error_code() not in _UNSUPPORTED:
            raise
        return PoolCapabilities(CREATABLE_POOL_TYPES, known=False)
    return parse_pool_capabilities(xml)


def find_pool_sources(conn: Any, pool_type: PoolType, host: str = "") -> list[PoolSource]:
    """What ``findStoragePoolSources`` finds for a type (NFS exports of ``host``, VGs …)."""
    spec = f"<source><host name={quoteattr(host)}/></source>" if host else None
    return parse_pool_sources(conn.findStoragePoolSources(str(pool_type), spec, 0))


def xml_of_pool(conn: Any, name: str) -> str:
    return str(lookup_pool(conn, name).XMLDesc(0))


def xml_of_volume(conn: Any, pool: str, name: str) -> str:
    return str(lookup_volume(conn, pool, name).XMLDesc(0))


# ----------------------------------------------------------------- pool operations


def create_pool(conn: Any, spec: PoolSpec) -> None:
    """Define the pool, build its folder (dir), set autostart and start it; all or nothing."""
    try:
        conn.storagePoolLookupByName(spec.name)
    except libvirt.libvirtError as error:
        if error.get_error_code() != libvirt.VIR_ERR_NO_STORAGE_POOL:
            raise
    else:
        raise BadInput(f"a pool named {spec.name!r} already exists")
    pool = conn.storagePoolDefineXML(new_pool_xml(spec), 0)
    try:
        if spec.type in (PoolType.DIR, PoolType.FS, PoolType.NETFS):
            # Makes the folder (or mount point) with the pool's mode; an existing one is
            # kept. Without flags an fs pool's device is not formatted.
            pool.build(0)
        elif spec.type is PoolType.LOGICAL and spec.source_device:
            # Makes the volume group on the device, never over existing data.
            pool.build(libvirt.VIR_STORAGE_POOL_BUILD_NO_OVERWRITE)
        pool.setAutostart(1 if spec.autostart else 0)
        if spec.start:
            pool.create(0)
    except Exception:
        try:
            if pool.isActive():
                pool.destroy()
            pool.undefine()
        except libvirt.libvirtError as error:
            log.warning("could not undo the definition of pool %s: %s", spec.name, error)
        raise


def start_pool(conn: Any, name: str) -> None:
    lookup_pool(conn, name).create(0)


def stop_pool(conn: Any, name: str) -> None:
    lookup_pool(conn, name).destroy()


def set_pool_autostart(conn: Any, name: str, on: bool) -> None:
    lookup_pool(conn, name).setAutostart(1 if on else 0)


def refresh_pool(conn: Any, name: str) -> None:
    lookup_pool(conn, name).refresh(0)


def delete_pool(conn: Any, name: str, remove_storage: bool = False) -> None:
    """Stop and undefine the pool; with ``remove_storage`` delete its volumes and folder first.

    Removing the storage needs the pool running (to list and delete the volumes)
    and then stopped (``virStoragePoolDelete`` works on an inactive pool).
    """
    pool = lookup_pool(conn, name)
    if remove_storage:
        if not pool.isActive():
            pool.create(0)
        for volume in pool.listAllVolumes(0):
            volume.delete(0)
    if pool.isActive():
        pool.destroy()
    if remove_storage:
        pool.delete(0)
    if pool.isPersistent():
        pool.undefine()


# --------------------------------------------------------------- volume operations


def create_volume(conn: Any, pool: str, spec: VolumeSpec) -> VolumeSnapshot:
    flags = 0
    if spec.preallocation is Preallocation.METADATA:
        flags |= libvirt.VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA
    volume = lookup_pool(conn, pool).createXML(new_volume_xml(spec), flags)
    return parse_volume(volume.XMLDesc(0), pool=pool)


def resize_volume(conn: Any, pool: str, name: str, capacity: int, shrink: bool = False) -> None:
    flags = libvirt.VIR_STORAGE_VOL_RESIZE_SHRINK if shrink else 0
    lookup_volume(conn, pool, name).resize(capacity, flags)


def clone_volume(
    conn: Any, pool: str, name: str, new_name: str, target_pool: str
) -> VolumeSnapshot:
    """A full copy of ``pool``/``name`` as ``target_pool``/``new_name`` (``createXMLFrom``)."""
    source = lookup_volume(conn, pool, name)
    current = parse_volume(source.XMLDesc(0), pool=pool)
    xml = clone_volume_xml(new_name, current.format, current.capacity)
    volume = lookup_pool(conn, target_pool).createXMLFrom(xml, source, 0)
    return parse_volume(volume.XMLDesc(0), pool=target_pool)


def delete_volume(conn: Any, pool: str, name: str) -> None:
    lookup_volume(conn, pool, name).delete(0)
