"""The XML kvmdesk writes for pools and volumes is valid per libvirt's RNG schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from kvmdesk.core.storage.read import (
    parse_pool,
    parse_pool_capabilities,
    parse_pool_sources,
    parse_volume,
    physical_size,
)
from kvmdesk.core.storage.values import (
    NetfsFormat,
    PoolSpec,
    PoolState,
    PoolType,
    Preallocation,
    VolumeFormat,
    VolumeSpec,
)
from kvmdesk.core.storage.xml import clone_volume_xml, new_pool_xml, new_volume_xml

SCHEMAS = Path("/usr/share/libvirt/schemas")


def schema(name: str) -> etree.RelaxNG:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.fail(f"libvirt's schema not found at {path} (install libvirt-daemon)")
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="module")
def pool_rng() -> etree.RelaxNG:
    return schema("storagepool.rng")


@pytest.fixture(scope="module")
def volume_rng() -> etree.RelaxNG:
    return schema("storagevol.rng")


def assert_valid(rng: etree.RelaxNG, xml: str) -> etree._Element:
    document = etree.fromstring(xml.encode())
    assert rng.validate(document), f"{rng.error_log.last_error}\n{xml}"
    return document


POOLS = [
    PoolSpec("lab", target_path="/var/lib/libvirt/images/lab"),
    PoolSpec("usb", PoolType.FS, target_path="/mnt/usb", source_device="/dev/sdb1"),
    PoolSpec("nas", PoolType.NETFS, target_path="/mnt/nas", source_host="nas", source_dir="/vms"),
    PoolSpec(
        "share",
        PoolType.NETFS,
        target_path="/mnt/share",
        source_host="files",
        source_dir="vms",
        netfs_format=NetfsFormat.CIFS,
    ),
    PoolSpec("vg", PoolType.LOGICAL, source_name="vg0", source_device="/dev/sdc"),
    PoolSpec("vg-existing", PoolType.LOGICAL, source_name="vg1"),
    PoolSpec(
        "san",
        PoolType.ISCSI_DIRECT,
        source_host="san.example",
        source_name="iqn.2026-01.example:disks",
        initiator_iqn="iqn.2026-01.example:desk",
    ),
]


@pytest.mark.parametrize("spec", POOLS, ids=[p.name for p in POOLS])
def test_pool_xml_is_valid_and_reads_back(pool_rng: etree.RelaxNG, spec: PoolSpec) -> None:
    xml = new_pool_xml(spec)
    document = assert_valid(pool_rng, xml)
    assert document.get("type") == str(spec.type)
    snapshot = parse_pool(
        xml, connection="test:///", state=PoolState.INACTIVE, autostart=False, persistent=True
    )
    assert snapshot.name == spec.name
    if spec.type is PoolType.LOGICAL:
        assert snapshot.target_path == f"/dev/{spec.source_name}"
    elif spec.type is not PoolType.ISCSI_DIRECT:
        assert snapshot.target_path == spec.target_path


def test_dir_pool_asks_for_its_folder_mode() -> None:
    document = etree.fromstring(new_pool_xml(POOLS[0]).encode())
    assert document.findtext("target/permissions/mode") == "0711"
    assert (
        etree.fromstring(
            new_pool_xml(PoolSpec("x", target_path="/x", mode="755")).encode()
        ).findtext("target/permissions/mode")
        == "0755"
    )


VOLUMES = [
    VolumeSpec("a.qcow2", 20 * 1024**3),
    VolumeSpec("b.img", 1024**3, VolumeFormat.RAW, Preallocation.FULL),
    VolumeSpec("c.qcow2", 1024**3, preallocation=Preallocation.METADATA),
    VolumeSpec("d.qcow2", 8 * 1024**3, backing_path="/images/base.qcow2", backing_format="qcow2"),
]


@pytest.mark.parametrize("spec", VOLUMES, ids=[v.name for v in VOLUMES])
def test_volume_xml_is_valid(volume_rng: etree.RelaxNG, spec: VolumeSpec) -> None:
    document = assert_valid(volume_rng, new_volume_xml(spec))
    assert document.findtext("capacity") == str(spec.capacity)
    full = spec.preallocation is Preallocation.FULL
    assert document.findtext("allocation") == (str(spec.capacity) if full else "0")
    assert document.find("target/format").get("type") == str(spec.format)
    assert document.findtext("backingStore/path") == (spec.backing_path or None)


def test_clone_xml_is_valid(volume_rng: etree.RelaxNG) -> None:
    document = assert_valid(volume_rng, clone_volume_xml("copy.qcow2", "qcow2", 1024**3))
    assert document.findtext("name") == "copy.qcow2"


LIBVIRT_VOLUME = """\
<volume type='file'>
  <name>a.qcow2</name>
  <key>/var/lib/libvirt/images/t1/a.qcow2</key>
  <capacity unit='bytes'>10485760</capacity>
  <allocation unit='bytes'>200704</allocation>
  <physical unit='bytes'>196616</physical>
  <target>
    <path>/var/lib/libvirt/images/t1/a.qcow2</path>
    <format type='qcow2'/>
  </target>
  <backingStore><path>/var/lib/libvirt/images/base.qcow2</path><format type='qcow2'/></backingStore>
</volume>
"""


def test_volume_as_libvirt_writes_it() -> None:
    volume = parse_volume(LIBVIRT_VOLUME, pool="t1")
    assert (volume.name, volume.format, volume.capacity, volume.allocation) == (
        "a.qcow2",
        "qcow2",
        10485760,
        200704,
    )
    assert volume.backing_path == "/var/lib/libvirt/images/base.qcow2"
    assert physical_size(LIBVIRT_VOLUME) == 196616


CAPABILITIES = """\
<storagepoolCapabilities>
  <pool type='dir' supported='yes'><volOptions><defaultFormat type='raw'/></volOptions></pool>
  <pool type='fs' supported='yes'/>
  <pool type='netfs' supported='yes'/>
  <pool type='logical' supported='yes'/>
  <pool type='iscsi-direct' supported='no'/>
  <pool type='rbd' supported='yes'/>
</storagepoolCapabilities>
"""


def test_capabilities_offer_only_supported_types_kvmdesk_makes() -> None:
    capabilities = parse_pool_capabilities(CAPABILITIES)
    assert capabilities.types == (PoolType.DIR, PoolType.FS, PoolType.NETFS, PoolType.LOGICAL)
    assert capabilities.known


def test_sources() -> None:
    sources = parse_pool_sources(
        "<sources><source><device path='/dev/sda20'/><name>testvg1</name>"
        "<format type='lvm2'/></source><source><host name='nas'/><dir path='/vms'/></source>"
        "</sources>"
    )
    assert [s.label for s in sources] == ["testvg1 (/dev/sda20)", "nas:/vms"]
