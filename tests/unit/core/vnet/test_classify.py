"""Every network of libvirt's own test suite classified into the mode a user sees.

The table names each file of ``shared/corpus/libvirt-9.0.0/network/`` with the mode
:func:`classify_network` must give it, with the reason where it is not obvious. A file
added to or removed from the corpus fails the test until the table says what it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.vnet.classify import classify_network_xml

NAT = NetworkMode.NAT
ROUTED = NetworkMode.ROUTED
OPEN = NetworkMode.OPEN
HOST_ONLY = NetworkMode.HOST_ONLY
INTERNAL = NetworkMode.INTERNAL
BRIDGED = NetworkMode.BRIDGED
MACVTAP = NetworkMode.MACVTAP
OTHER = NetworkMode.OTHER

EXPECTED: dict[str, NetworkMode] = {
    "8021Qbh-net.xml": MACVTAP,  # forward private over an <interface dev> pool
    "dnsmasq-options.xml": NAT,
    "empty-allow-ipv6.xml": INTERNAL,  # no <forward>, no <ip>: guests see only each other
    "host-bridge-net.xml": BRIDGED,  # forward bridge + <bridge name='br0'>
    "hostdev-duplicate.xml": OTHER,  # hostdev: whole PCI functions, no bridge or macvtap
    "hostdev-pf.xml": OTHER,
    "hostdev.xml": OTHER,
    "isolated-network.xml": HOST_ONLY,  # no <forward>, an <ip> for the host
    "isolated-ports.xml": BRIDGED,
    "leasetime-minutes.xml": NAT,
    "leasetime-seconds.xml": NAT,
    "metadata.xml": BRIDGED,
    "nat-network-dns-forwarder-no-resolv.xml": NAT,
    "nat-network-dns-hosts.xml": NAT,
    "nat-network-dns-srv-record-minimal.xml": NAT,
    "nat-network-dns-srv-record.xml": NAT,
    "nat-network-dns-srv-records.xml": NAT,
    "nat-network-dns-txt-record.xml": NAT,
    "nat-network-forward-nat-ipv6.xml": NAT,
    "nat-network.xml": NAT,
    "netboot-network.xml": NAT,  # <forward/> without mode means nat
    "netboot-proxy-network.xml": NAT,
    "netboot-tftp.xml": NAT,
    "open-network-with-forward-dev.xml": OPEN,  # libvirt rejects the dev; the mode is open
    "open-network.xml": OPEN,
    # forward bridge + Open vSwitch virtualport but no <bridge name> and no device pool:
    # libvirt can attach no guest to it ("uses a direct mode, but has no forward dev").
    "openvswitch-net.xml": OTHER,
    # passthrough over PCI <address> entries: not a netdev pool, libvirt refuses it.
    "passthrough-address-crash.xml": OTHER,
    "passthrough-duplicate.xml": MACVTAP,  # passthrough over <interface dev> (one listed twice)
    "passthrough-pf.xml": MACVTAP,  # passthrough over the VFs of <pf dev='eth0'>
    "routed-network-no-dns-extra-elements.xml": ROUTED,
    "routed-network-no-dns.xml": ROUTED,
    "routed-network.xml": ROUTED,
    "set-mtu.xml": HOST_ONLY,
    "vepa-net.xml": MACVTAP,
}


def test_table_names_every_corpus_file(corpus: Path) -> None:
    names = {path.name for path in (corpus / "network").glob("*.xml")}
    assert len(EXPECTED) == 34
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_network_mode(corpus: Path, name: str) -> None:
    assert classify_network_xml((corpus / "network" / name).read_bytes()) is EXPECTED[name]


@pytest.mark.parametrize(
    ("xml", "mode"),
    [
        # bridge mode: a named bridge wins; a netdev pool means macvtap; neither is unusable
        ("<forward mode='bridge'/><bridge name='br0'/>", BRIDGED),
        (
            "<forward mode='bridge'/><bridge name='ovsbr0'/><virtualport type='openvswitch'/>",
            BRIDGED,
        ),
        ("<forward mode='bridge' dev='eth0'/>", MACVTAP),
        ("<forward mode='bridge'><interface dev='eth0'/></forward>", MACVTAP),
        ("<forward mode='bridge'><pf dev='eth0'/></forward>", MACVTAP),
        ("<forward mode='bridge'/>", OTHER),
        ("<forward mode='bridge'/><bridge/>", OTHER),
        ("<forward mode='private' dev='eth0'/>", MACVTAP),
        ("<forward mode='vepa'/>", OTHER),
        ("<forward mode='passthrough'><address type='pci' bus='1'/></forward>", OTHER),
        ("<forward mode='hostdev'><pf dev='eth0'/></forward>", OTHER),
        ("<forward mode='something-new'/>", OTHER),
        ("<forward/><ip address='198.51.100.1' prefix='24'/>", NAT),
        ("<ip family='ipv6' address='2001:db8::1' prefix='64'/>", HOST_ONLY),
        ("<bridge name='virbr9'/>", INTERNAL),
    ],
)
def test_forms_beyond_the_corpus(xml: str, mode: NetworkMode) -> None:
    assert classify_network_xml(f"<network><name>n</name>{xml}</network>") is mode
