"""Read libvirt's storage XML: pools, volumes, pool capabilities and discovered sources."""

from __future__ import annotations

from lxml import etree

from kvmdesk.core.storage.values import (
    CREATABLE_POOL_TYPES,
    PoolCapabilities,
    PoolSnapshot,
    PoolSource,
    PoolState,
    VolumeSnapshot,
)


def _root(xml: str | bytes) -> etree._Element:
    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml)


def _text(root: etree._Element, path: str) -> str:
    element = root.find(path)
    return (element.text or "").strip() if element is not None else ""


def _bytes(root: etree._Element, path: str) -> int:
    """A size element in bytes (libvirt writes ``unit='bytes'`` in its output)."""
    text = _text(root, path)
    return int(text) if text.isdigit() else 0


def _source(root: etree._Element) -> str:
    """A one-line description of what the pool is made of."""
    source = root.find("source")
    if source is None:
        return ""
    host = source.find("host")
    directory = source.find("dir")
    device = source.find("device")
    name = _text(source, "name")
    host_name = host.get("name", "") if host is not None else ""
    if host_name and directory is not None:
        return f"{host_name}:{directory.get('path', '')}"
    if host_name and device is not None:
        return f"{host_name} {device.get('path', '')}".strip()
    if name:
        return name
    if device is not None:
        return device.get("path", "")
    return ""


def parse_pool(
    xml: str | bytes,
    *,
    connection: str,
    state: PoolState,
    autostart: bool,
    persistent: bool,
) -> PoolSnapshot:
    """A pool's snapshot from ``virStoragePoolGetXMLDesc`` and what libvirt reported."""
    root = _root(xml)
    return PoolSnapshot(
        connection=connection,
        name=_text(root, "name"),
        uuid=_text(root, "uuid"),
        type=root.get("type", ""),
        state=state,
        autostart=autostart,
        persistent=persistent,
        capacity=_bytes(root, "capacity"),
        allocation=_bytes(root, "allocation"),
        available=_bytes(root, "available"),
        target_path=_text(root, "target/path"),
        source=_source(root),
    )


def parse_volume(xml: str | bytes, *, pool: str) -> VolumeSnapshot:
    """A volume's snapshot from ``virStorageVolGetXMLDesc`` (``used_by`` left empty)."""
    root = _root(xml)
    target_format = root.find("target/format")
    return VolumeSnapshot(
        pool=pool,
        name=_text(root, "name"),
        key=_text(root, "key"),
        path=_text(root, "target/path"),
        format=target_format.get("type", "") if target_format is not None else "",
        type=root.get("type", "file"),
        capacity=_bytes(root, "capacity"),
        allocation=_bytes(root, "allocation"),
        backing_path=_text(root, "backingStore/path"),
    )


def parse_pool_capabilities(xml: str | bytes) -> PoolCapabilities:
    """The pool types kvmdesk creates that ``getStoragePoolCapabilities`` calls supported."""
    root = _root(xml)
    supported = {
        pool.get("type", "") for pool in root.iter("pool") if pool.get("supported") == "yes"
    }
    return PoolCapabilities(tuple(t for t in CREATABLE_POOL_TYPES if t in supported))


def parse_pool_sources(xml: str | bytes) -> list[PoolSource]:
    """The ``<source>`` entries of ``findStoragePoolSources``."""
    sources: list[PoolSource] = []
    for source in _root(xml).iter("source"):
        host = source.find("host")
        directory = source.find("dir")
        device = source.find("device")
        source_format = source.find("format")
        sources.append(
            PoolSource(
                host=host.get("name", "") if host is not None else "",
                dir=directory.get("path", "") if directory is not None else "",
                device=device.get("path", "") if device is not None else "",
                name=_text(source, "name"),
                format=source_format.get("type", "") if source_format is not None else "",
            )
        )
    return sources


def physical_size(xml: str | bytes) -> int:
    """Bytes a download of the volume sends: its ``<physical>`` size, else its capacity."""
    root = _root(xml)
    return _bytes(root, "physical") or _bytes(root, "capacity")
