"""Test-driver inventories with storage: pools with volumes, and domains whose disks use them.

``storage_inventory(path)`` writes a ``test:///PATH`` file: pool ``images`` (dir, running,
100 GiB, two volumes), pool ``spare`` (dir, stopped) and three domains: ``web`` (running,
disk on ``images/web.qcow2``), ``db`` (shut off, disk on ``images/web.qcow2`` by pool and
volume name) and ``idle`` (no disk). Each open of the URI gets a fresh copy.
"""

from __future__ import annotations

from pathlib import Path

IMAGES = "/pool/images"
SPARE = "/pool/spare"

_INVENTORY = f"""\
<node>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>web</name><uuid>11111111-2222-3333-4444-000000000001</uuid>
    <memory unit='KiB'>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='{IMAGES}/web.qcow2'/><target dev='vda' bus='virtio'/>
      </disk>
    </devices>
    <test:runstate>1</test:runstate>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>db</name><uuid>11111111-2222-3333-4444-000000000002</uuid>
    <memory unit='KiB'>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>
    <devices>
      <disk type='volume' device='disk'>
        <source pool='images' volume='web.qcow2'/><target dev='vdb' bus='virtio'/>
      </disk>
    </devices>
    <test:runstate>5</test:runstate>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>idle</name><uuid>11111111-2222-3333-4444-000000000003</uuid>
    <memory unit='KiB'>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
  <pool type='dir'>
    <name>images</name><uuid>aaaaaaaa-2222-3333-4444-000000000001</uuid>
    <capacity unit='GiB'>100</capacity>
    <source/>
    <target><path>{IMAGES}</path></target>
    <volume type='file'>
      <name>web.qcow2</name><capacity unit='GiB'>20</capacity><allocation unit='GiB'>5</allocation>
      <target><format type='qcow2'/></target>
    </volume>
    <volume type='file'>
      <name>spare.img</name><capacity unit='GiB'>10</capacity><allocation unit='GiB'>10</allocation>
      <target><format type='raw'/></target>
    </volume>
  </pool>
  <pool type='dir'>
    <name>spare</name><uuid>aaaaaaaa-2222-3333-4444-000000000002</uuid>
    <source/>
    <target><path>{SPARE}</path></target>
  </pool>
</node>
"""


def storage_inventory(directory: Path) -> str:
    """Write the storage inventory into ``directory``; its ``test:///`` URI.

    The test driver starts every pool of a file as running; tests stop ``spare`` when
    they need a stopped one.
    """
    path = directory / "storage-inventory.xml"
    path.write_text(_INVENTORY)
    return f"test://{path}"
