"""Generates libvirt test-driver inventories of N domains for the benchmarks."""

from __future__ import annotations

import uuid
from pathlib import Path

NETWORKS = 4


def _network(number: int) -> str:
    # Four /26 NAT networks inside TEST-NET-2 (198.51.100.0/24).
    base = number * 64
    return f"""  <network>
    <name>bench-nat-{number}</name>
    <uuid>{uuid.UUID(int=0xBE0000 + number)}</uuid>
    <forward mode='nat'/>
    <bridge name='benchbr{number}'/>
    <ip address='198.51.100.{base + 1}' netmask='255.255.255.192'>
      <dhcp><range start='198.51.100.{base + 2}' end='198.51.100.{base + 62}'/></dhcp>
    </ip>
  </network>
"""


def _domain(number: int) -> str:
    bucket = number % 10
    runstate = 1 if bucket < 5 else (3 if bucket == 5 else 5)  # 50 % running, 10 % paused
    nics = []
    for nic in range(1 + number % 2):
        mac = f"52:54:00:{nic:02x}:{(number >> 8) & 0xFF:02x}:{number & 0xFF:02x}"
        nics.append(
            f"""      <interface type='network'>
        <mac address='{mac}'/>
        <source network='bench-nat-{(number + nic) % NETWORKS}'/>
        <model type='virtio'/>
      </interface>"""
        )
    nic_xml = "\n".join(nics)
    return f"""  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>bench-{number:05d}</name>
    <uuid>{uuid.UUID(int=number + 1)}</uuid>
    <memory unit='MiB'>{512 * (1 + number % 8)}</memory>
    <vcpu>{1 + number % 4}</vcpu>
    <os><type arch='i686'>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/var/lib/libvirt/images/bench-{number:05d}.qcow2'/>
        <target dev='vda' bus='virtio'/>
      </disk>
{nic_xml}
    </devices>
    <test:runstate>{runstate}</test:runstate>
  </domain>
"""


def write_inventory(path: Path, count: int) -> Path:
    parts = [
        "<node>\n",
        "  <cpu><mhz>3000</mhz><model>i686</model><active>2</active>",
        "<nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>\n",
        "  <memory>25165824</memory>\n",
    ]
    parts.extend(_network(n) for n in range(NETWORKS))
    parts.extend(_domain(n) for n in range(count))
    parts.append("</node>\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _disk_name(number: int) -> str:
    """libvirt's disk names: vda … vdz, vdaa … (bijective base 26)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return "vd" + letters


def big_domain(name: str, devices: int, metadata_kib: int) -> str:
    """One running domain with ``devices`` NICs and as many disks, and ``metadata_kib`` KiB of
    application metadata: a domain XML of several MB."""
    nics = "\n".join(
        f"      <interface type='network'><mac address='52:54:01:{n >> 16 & 0xFF:02x}:"
        f"{n >> 8 & 0xFF:02x}:{n & 0xFF:02x}'/><source network='bench-nat-{n % NETWORKS}'/>"
        "<model type='virtio'/></interface>"
        for n in range(devices)
    )
    disks = "\n".join(
        f"      <disk type='file' device='disk'><source file='/var/lib/libvirt/images/"
        f"{name}-{n}.qcow2'/><target dev='{_disk_name(n)}' bus='virtio'/></disk>"
        for n in range(devices)
    )
    entry = "<app:item key='k' value='" + "x" * 100 + "'/>"
    items = "".join(entry for _ in range(metadata_kib * 1024 // len(entry)))
    return f"""  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>{name}</name>
    <uuid>{uuid.UUID(int=0xB16 << 64)}</uuid>
    <memory unit='MiB'>4096</memory>
    <vcpu>4</vcpu>
    <metadata><app:data xmlns:app='http://example.org/bench'>{items}</app:data></metadata>
    <os><type arch='i686'>hvm</type></os>
    <devices>
{disks}
{nics}
    </devices>
    <test:runstate>1</test:runstate>
  </domain>
"""


def write_inventory_with(path: Path, count: int, extra: str) -> Path:
    """:func:`write_inventory` with one more domain's XML (e.g. :func:`big_domain`)."""
    write_inventory(path, count)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</node>\n", extra + "</node>\n"), encoding="utf-8")
    return path
