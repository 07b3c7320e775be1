"""Test-driver inventories with host interfaces, for the host-network tests.

``test:///ABS/PATH.xml`` opens a fresh copy of the file on every connection, so each
test starts from the same host: six ethernet NICs, ``br0`` over ``eth0`` (with the
only address and default gateway, in TEST-NET-3), ``bond0`` (active-backup) over
``eth2`` + ``eth3``. ``eth1``, ``eth4`` and ``eth5`` are free.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

ETHERNETS = ("eth0", "eth1", "eth2", "eth3", "eth4", "eth5")
FREE_PORTS = ("eth1", "eth4", "eth5")


def mac_of(name: str) -> str:
    return f"52:54:00:00:e0:{int(name[3:]):02x}"


def ethernet(name: str) -> str:
    return (
        f"<interface type='ethernet' name='{name}'><start mode='onboot'/>"
        f"<mac address='{mac_of(name)}'/></interface>"
    )


BRIDGE0 = """<interface type='bridge' name='br0'>
  <start mode='onboot'/>
  <protocol family='ipv4'>
    <ip address='203.0.113.200' prefix='25'/>
    <route gateway='203.0.113.129'/>
  </protocol>
  <bridge stp='off'>
    <interface type='ethernet' name='eth0'><mac address='52:54:00:00:e0:00'/></interface>
  </bridge>
</interface>"""

BOND0 = """<interface type='bond' name='bond0'>
  <start mode='onboot'/>
  <bond mode='active-backup'>
    <miimon freq='100' carrier='netif'/>
    <interface type='ethernet' name='eth2'><mac address='52:54:00:00:e0:02'/></interface>
    <interface type='ethernet' name='eth3'><mac address='52:54:00:00:e0:03'/></interface>
  </bond>
</interface>"""

DEFAULT_INTERFACES: tuple[str, ...] = (*(ethernet(n) for n in ETHERNETS), BRIDGE0, BOND0)


def write_inventory(path: Path, interfaces: Sequence[str] = DEFAULT_INTERFACES) -> str:
    """Write a ``<node>`` with ``interfaces`` to ``path``; returns its ``test://`` URI."""
    path.write_text("<node>\n" + "\n".join(interfaces) + "\n</node>\n", encoding="utf-8")
    return f"test://{path}"
