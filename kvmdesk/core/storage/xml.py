"""Write libvirt's storage XML for new pools, volumes and clones (valid per its RNG schemas)."""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.storage.values import (
    NetfsFormat,
    PoolSpec,
    PoolType,
    Preallocation,
    VolumeSpec,
)


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _string(root: etree._Element) -> str:
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def new_pool_xml(spec: PoolSpec) -> str:
    """``<pool>`` for a valid spec (see :func:`~kvmdesk.core.storage.validate.validate_pool_spec`)."""
    root = etree.Element("pool", type=str(spec.type))
    _sub(root, "name", spec.name)
    if spec.type is not PoolType.DIR:
        source = _sub(root, "source")
        if spec.type is PoolType.FS:
            _sub(source, "device", path=spec.source_device)
            _sub(source, "format", type="auto")
        elif spec.type is PoolType.NETFS:
            _sub(source, "host", name=spec.source_host)
            _sub(source, "dir", path=spec.source_dir)
            if spec.netfs_format is not NetfsFormat.AUTO:
                _sub(source, "format", type=str(spec.netfs_format))
        elif spec.type is PoolType.LOGICAL:
            if spec.source_device:
                _sub(source, "device", path=spec.source_device)
            _sub(source, "name", spec.source_name)
            _sub(source, "format", type="lvm2")
        elif spec.type is PoolType.ISCSI_DIRECT:
            _sub(source, "host", name=spec.source_host)
            _sub(source, "device", path=spec.source_name)
            initiator = _sub(source, "initiator")
            _sub(initiator, "iqn", name=spec.initiator_iqn)
    if spec.type is not PoolType.ISCSI_DIRECT:
        target = _sub(root, "target")
        path = spec.target_path
        if spec.type is PoolType.LOGICAL:
            path = f"/dev/{spec.source_name}"
        _sub(target, "path", path)
        if spec.type is PoolType.DIR:
            permissions = _sub(target, "permissions")
            _sub(permissions, "mode", spec.mode if len(spec.mode) == 4 else f"0{spec.mode}")
    return _string(root)


def new_volume_xml(spec: VolumeSpec) -> str:
    """``<volume>`` for a valid spec: capacity in bytes, allocation by preallocation."""
    root = etree.Element("volume")
    _sub(root, "name", spec.name)
    _sub(root, "capacity", str(spec.capacity), unit="bytes")
    allocation = spec.capacity if spec.preallocation is Preallocation.FULL else 0
    _sub(root, "allocation", str(allocation), unit="bytes")
    target = _sub(root, "target")
    _sub(target, "format", type=str(spec.format))
    if spec.backing_path:
        backing = _sub(root, "backingStore")
        _sub(backing, "path", spec.backing_path)
        if spec.backing_format:
            _sub(backing, "format", type=spec.backing_format)
    return _string(root)


def clone_volume_xml(name: str, volume_format: str, capacity: int) -> str:
    """``<volume>`` for ``createXMLFrom``: the new name, the source's format and size."""
    root = etree.Element("volume")
    _sub(root, "name", name)
    _sub(root, "capacity", str(capacity), unit="bytes")
    if volume_format:
        target = _sub(root, "target")
        _sub(target, "format", type=volume_format)
    return _string(root)
