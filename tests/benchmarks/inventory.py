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
