"""In-place NIC edits: each mode's exact output, and everything else left as it was.

Expected outputs are written out in full. lxml writes attributes with double quotes
where libvirt uses single ones; that is the same document under canonical XML, which
is what "unchanged" means here (and what the corpus test checks on libvirt's files).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.nic.xml import (
    interface_element_xml,
    interface_macs,
    remove_nic,
    set_nic,
    with_address,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode

M = NetworkMode
MAC = "52:54:00:00:00:01"
SCHEMA = Path("/usr/share/libvirt/schemas/domain.rng")

DOMAIN = """\
<?xml version="1.0"?>
<!-- written by hand -->
<domain type='kvm' xmlns:acme='urn:acme:vm'>
  <name>web</name>
  <uuid>7f3f5c36-5d63-4c62-9a55-0123456789ab</uuid>
  <memory unit='KiB'>262144</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/web.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <!-- the LAN card -->
    <interface type='network' acme:role='uplink'>
      <mac address='52:54:00:00:00:01'/>
      <source network='lan' portgroup='web' acme:vlan='7'/>
      <!-- keep this comment -->
      <acme:qos class='gold'/>
      <model type='e1000e'/>
      <driver name='vhost' queues='2'/>
      <bandwidth>
        <inbound average='1000'/>
      </bandwidth>
      <boot order='2'/>
      <alias name='ua-lan'/>
      <rom bar='off'/>
      <mtu size='1400'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:00:00:02'/>
      <source bridge='br0'/>
      <virtualport type='openvswitch'/>
      <model type='virtio'/>
      <link state='down'/>
    </interface>
    <console type='pty'/>
  </devices>
</domain>
"""

# The first NIC after each switch (model and MAC kept: the spec leaves them empty).
KEPT_TAIL = """\
      <!-- keep this comment -->
      <acme:qos class="gold"/>
      <model type="e1000e"/>
      <driver name="vhost" queues="2"/>
      <bandwidth>
        <inbound average="1000"/>
      </bandwidth>
      <boot order="2"/>
      <alias name="ua-lan"/>
      <rom bar="off"/>
      {mtu}<address type="pci" domain="0x0000" bus="0x00" slot="0x03" function="0x0"/>
    </interface>"""


def _expected(head: str, source: str, *, mtu: bool = True, extra: str = "") -> str:
    tail = KEPT_TAIL.format(mtu='<mtu size="1400"/>\n      ' if mtu else "")
    if extra:
        driver = '      <driver name="vhost" queues="2"/>'
        tail = tail.replace(driver, f"{driver}\n{extra}")
    lines = [head, '      <mac address="52:54:00:00:00:01"/>']
    if source:
        lines.append(f"      {source}")
    return "\n".join(lines) + "\n" + tail


EXPECTED = {
    "nat": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="network" acme:role="uplink">',
        '<source network="nat-net" acme:vlan="7"/>',
    ),
    "routed": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="network" acme:role="uplink">',
        '<source network="routed-net" acme:vlan="7"/>',
    ),
    "same-network-new-portgroup": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="network" acme:role="uplink">',
        '<source network="lan" portgroup="db" acme:vlan="7"/>',
    ),
    "bridged": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="bridge" acme:role="uplink">',
        '<source acme:vlan="7" bridge="br1"/>',
    ),
    "macvtap": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="direct" acme:role="uplink">',
        '<source acme:vlan="7" dev="eth0" mode="vepa"/>',
        mtu=False,  # QEMU sets no MTU on macvtap
    ),
    "user": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="user" acme:role="uplink">',
        "",  # the old source goes whole, its foreign attribute with it
        mtu=False,
    ),
    "passt": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="user" acme:role="uplink">',
        "",
        mtu=False,
        extra='      <backend type="passt"/>',
    ),
    "none": _expected(
        '<interface xmlns:acme="urn:acme:vm" type="network" acme:role="uplink">',
        '<source network="lan" portgroup="web" acme:vlan="7"/>',
        extra='      <link state="down"/>',
    ),
}

SPECS = {
    "nat": NicSpec(NicSource(M.NAT, network="nat-net"), model=""),
    "routed": NicSpec(NicSource(M.ROUTED, network="routed-net"), model=""),
    "same-network-new-portgroup": NicSpec(
        NicSource(M.NAT, network="lan", portgroup="db"), model=""
    ),
    "bridged": NicSpec(NicSource(M.BRIDGED, bridge="br1"), model=""),
    "macvtap": NicSpec(NicSource(M.MACVTAP, device="eth0", macvtap_mode="vepa"), model=""),
    "user": NicSpec(NicSource(M.USER), model=""),
    "passt": NicSpec(NicSource(M.USER, backend="passt"), model=""),
    "none": NicSpec(NicSource(M.NONE), model=""),
}

_PARSER = etree.XMLParser(remove_blank_text=False)


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _root(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode(), _PARSER)


def _canonical_without(xml: str, mac: str) -> bytes:
    """C14N of the whole document (comments included) with NIC ``mac`` and its tail cut out."""
    root = _root(xml)
    for interface in root.iterfind("devices/interface"):
        found = interface.find("mac")
        if found is not None and found.get("address") == mac:
            interface.getparent().remove(interface)
    return etree.tostring(root.getroottree(), method="c14n", with_comments=True)


def _valid(xml: str) -> bool:
    """Valid against domain.rng once the foreign (acme) nodes, which it does not allow, are out."""
    root = _root(xml)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{urn:acme:vm}"):
            element.getparent().remove(element)
            continue
        for name in [n for n in element.attrib if n.startswith("{urn:acme:vm}")]:
            del element.attrib[name]
    return bool(_schema().validate(root))


def _interface(xml: str, mac: str = MAC) -> str:
    return interface_element_xml(xml, mac)


@pytest.mark.parametrize("case", list(SPECS))
def test_each_mode_changes_exactly_the_interface(case: str) -> None:
    result = set_nic(DOMAIN, MAC, SPECS[case])
    assert _interface(result) == EXPECTED[case]
    assert _canonical_without(result, MAC) == _canonical_without(DOMAIN, MAC)
    assert _valid(result), _schema().error_log.last_error


def test_rest_of_the_document_keeps_its_text() -> None:
    result = set_nic(DOMAIN, MAC, SPECS["bridged"])
    # The prolog comment, the comment before the NIC and the other NIC are all there.
    assert result.startswith("<!-- written by hand -->\n<domain ")
    assert "    <!-- the LAN card -->\n    <interface " in result
    other = _interface(result, "52:54:00:00:00:02")
    assert other == _interface(DOMAIN, "52:54:00:00:00:02")


def test_switching_back_to_a_mode_plugs_the_nic_in() -> None:
    second = "52:54:00:00:00:02"
    result = set_nic(DOMAIN, second, NicSpec(NicSource(M.BRIDGED, bridge="br0"), model=""))
    assert _interface(result, second) == (
        '<interface xmlns:acme="urn:acme:vm" type="bridge">\n'
        '      <mac address="52:54:00:00:00:02"/>\n'
        '      <source bridge="br0"/>\n'
        '      <virtualport type="openvswitch"/>\n'
        '      <model type="virtio"/>\n'
        "    </interface>"
    )
    # Asked to stay unplugged while switching: the link stays down.
    down = set_nic(
        DOMAIN, second, NicSpec(NicSource(M.NAT, network="lan"), model="", link_up=False)
    )
    assert '<link state="down"/>' in _interface(down, second)
    assert "virtualport" in _interface(down, second)  # a network NIC takes any virtualport


def test_model_and_mac_change_only_their_attributes() -> None:
    spec = NicSpec(NicSource(M.NAT, network="lan", portgroup="web"), "52:54:00:AB:CD:EF", "virtio")
    result = set_nic(DOMAIN, MAC, spec)
    interface = _interface(result, "52:54:00:ab:cd:ef")
    assert '<mac address="52:54:00:ab:cd:ef"/>' in interface
    assert '<model type="virtio"/>' in interface
    assert '<source network="lan" portgroup="web" acme:vlan="7"/>' in interface
    assert interface_macs(result) == ["52:54:00:ab:cd:ef", "52:54:00:00:00:02"]


def test_virtualport_stays_only_where_it_can_apply() -> None:
    second = "52:54:00:00:00:02"
    direct = set_nic(DOMAIN, second, NicSpec(NicSource(M.MACVTAP, device="eth0"), model=""))
    assert "virtualport" not in _interface(direct, second)  # openvswitch is not for macvtap
    user = set_nic(DOMAIN, second, NicSpec(NicSource(M.USER), model=""))
    assert "virtualport" not in _interface(user, second)
    qbg = DOMAIN.replace("<virtualport type='openvswitch'/>", "<virtualport type='802.1Qbg'/>")
    kept = set_nic(qbg, second, NicSpec(NicSource(M.MACVTAP, device="eth0"), model=""))
    assert '<virtualport type="802.1Qbg"/>' in _interface(kept, second)


PASST_NIC = """\
<domain type='kvm'>
  <name>p</name>
  <devices>
    <interface type='user'>
      <mac address='52:54:00:00:00:05'/>
      <source dev='eth0'/>
      <model type='virtio'/>
      <backend type='passt' logFile='/var/log/passt.log'/>
      <portForward proto='tcp'>
        <range start='2022' to='22'/>
      </portForward>
    </interface>
  </devices>
</domain>
"""


def test_passt_options_go_with_passt() -> None:
    mac = "52:54:00:00:00:05"
    slirp = set_nic(PASST_NIC, mac, NicSpec(NicSource(M.USER), model=""))
    assert _interface(slirp, mac) == (
        '<interface type="user">\n'
        '      <mac address="52:54:00:00:00:05"/>\n'
        '      <source dev="eth0"/>\n'
        '      <model type="virtio"/>\n'
        "    </interface>"
    )
    # Staying on passt keeps its host interface, log file and port forwards.
    same = set_nic(PASST_NIC, mac, NicSpec(NicSource(M.USER, backend="passt"), model=""))
    assert _interface(same, mac) == _interface(PASST_NIC, mac).replace("'", '"')
    network = set_nic(PASST_NIC, mac, NicSpec(NicSource(M.NAT, network="lan"), model=""))
    assert _interface(network, mac) == (
        '<interface type="network">\n'
        '      <mac address="52:54:00:00:00:05"/>\n'
        '      <source network="lan"/>\n'
        '      <model type="virtio"/>\n'
        "    </interface>"
    )


HOSTDEV_NIC = """\
<domain type='kvm'>
  <name>h</name>
  <devices>
    <interface type='hostdev' managed='yes'>
      <mac address='52:54:00:00:00:06'/>
      <source>
        <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>
      </source>
      <driver name='vfio'/>
      <vlan><tag id='42'/></vlan>
      <target dev='tap7' managed='no'/>
      <ip address='192.0.2.5' prefix='24'/>
      <port isolated='yes'/>
    </interface>
  </devices>
</domain>
"""


def test_leaving_hostdev_drops_what_only_it_could_use() -> None:
    mac = "52:54:00:00:00:06"
    result = set_nic(HOSTDEV_NIC, mac, NicSpec(NicSource(M.MACVTAP, device="eth1"), model=""))
    assert _interface(result, mac) == (
        '<interface type="direct">\n'
        '      <mac address="52:54:00:00:00:06"/>\n'
        '      <source dev="eth1" mode="bridge"/>\n'
        '      <vlan><tag id="42"/></vlan>\n'
        "    </interface>"
    )
    assert _valid(result), _schema().error_log.last_error


def test_a_same_type_source_change_drops_the_old_ports_id() -> None:
    live = DOMAIN.replace(
        "<source network='lan' portgroup='web' acme:vlan='7'/>",
        "<source network='lan' portid='0b0e5f3e-3f6f-4c89-9c56-5b8a1c7d0a11' bridge='virbr1'/>",
    )
    moved = set_nic(live, MAC, NicSpec(NicSource(M.NAT, network="other"), model=""))
    assert '<source network="other"/>' in _interface(moved)
    unplugged = set_nic(live, MAC, NicSpec(NicSource(M.NONE), model=""))
    assert "portid=" in _interface(unplugged)  # unplugging touches no source


def test_adding_a_nic_goes_after_the_last_one() -> None:
    spec = NicSpec(NicSource(M.NAT, network="lan"), "52:54:00:00:00:03")
    result = set_nic(DOMAIN, None, spec)
    assert interface_macs(result) == [MAC, "52:54:00:00:00:02", "52:54:00:00:00:03"]
    assert (
        '      <link state="down"/>\n'
        "    </interface>\n"
        '    <interface type="network">\n'
        '      <mac address="52:54:00:00:00:03"/>\n'
        '      <source network="lan"/>\n'
        '      <model type="virtio"/>\n'
        "    </interface>\n"
        '    <console type="pty"/>\n'
    ) in result
    assert _canonical_without(result, "52:54:00:00:00:03") == _canonical_without(DOMAIN, "")
    assert _valid(result), _schema().error_log.last_error


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            "<domain type='kvm'>\n  <name>n</name>\n  <devices>\n    <console type='pty'/>\n"
            "  </devices>\n</domain>",
            '<domain type="kvm">\n  <name>n</name>\n  <devices>\n    <console type="pty"/>\n'
            '    <interface type="user">\n      <mac address="52:54:00:00:00:09"/>\n'
            '      <model type="virtio"/>\n      <backend type="passt"/>\n'
            "    </interface>\n  </devices>\n</domain>",
        ),
        (
            "<domain type='kvm'>\n  <name>n</name>\n  <devices/>\n</domain>",
            '<domain type="kvm">\n  <name>n</name>\n  <devices>\n'
            '    <interface type="user">\n      <mac address="52:54:00:00:00:09"/>\n'
            '      <model type="virtio"/>\n      <backend type="passt"/>\n'
            "    </interface>\n  </devices>\n</domain>",
        ),
        (
            "<domain type='kvm'>\n    <name>n</name>\n</domain>",
            '<domain type="kvm">\n    <name>n</name>\n    <devices>\n'
            '        <interface type="user">\n'
            '            <mac address="52:54:00:00:00:09"/>\n'
            '            <model type="virtio"/>\n            <backend type="passt"/>\n'
            "        </interface>\n    </devices>\n</domain>",
        ),
        (
            "<domain type='kvm'><name>n</name><devices/></domain>",
            '<domain type="kvm"><name>n</name><devices><interface type="user">'
            '<mac address="52:54:00:00:00:09"/><model type="virtio"/>'
            '<backend type="passt"/></interface></devices></domain>',
        ),
    ],
    ids=["devices", "empty-devices", "no-devices-4-spaces", "not-indented"],
)
def test_adding_a_nic_follows_the_documents_indentation(document: str, expected: str) -> None:
    spec = NicSpec(NicSource(M.USER, backend="passt"), "52:54:00:00:00:09")
    assert set_nic(document, None, spec) == expected


def test_removing_a_nic_removes_only_it() -> None:
    result = remove_nic(DOMAIN, "52:54:00:00:00:02")
    assert interface_macs(result) == [MAC]
    assert (
        '      <address type="pci" domain="0x0000" bus="0x00" slot="0x03" function="0x0"/>\n    </interface>\n    <console type="pty"/>\n  </devices>'
        in result
    )
    assert _canonical_without(result, "") == _canonical_without(DOMAIN, "52:54:00:00:00:02")
    first = remove_nic(DOMAIN, MAC)
    # The comment that introduced the removed NIC is content of <devices>: it stays.
    assert '    <!-- the LAN card -->\n    <interface type="bridge">' in first


def test_interface_element_xml_is_just_that_interface() -> None:
    element = interface_element_xml(DOMAIN, "52:54:00:00:00:02")
    assert element.startswith('<interface xmlns:acme="urn:acme:vm" type="bridge">')
    assert element.endswith("</interface>")
    assert etree.fromstring(element.encode()).find("source").get("bridge") == "br0"  # type: ignore[union-attr]


def test_unknown_and_ambiguous_macs_are_bad_input() -> None:
    spec = SPECS["nat"]
    with pytest.raises(BadInput, match="domain 'web' has no NIC with MAC 52:54:00:00:00:09"):
        set_nic(DOMAIN, "52:54:00:00:00:09", spec)
    twice = DOMAIN.replace("52:54:00:00:00:02", MAC)
    with pytest.raises(BadInput, match="domain 'web' has 2 NICs with MAC 52:54:00:00:00:01"):
        set_nic(twice, MAC, spec)
    # Their position tells them apart.
    second = set_nic(twice, MAC, spec, index=1)
    assert _root(second).findall("devices/interface")[1].get("type") == "network"
    assert _root(second).findall("devices/interface")[0].find("source").get("network") == "lan"  # type: ignore[union-attr]
    with pytest.raises(BadInput, match="no NIC number 3"):
        set_nic(twice, MAC, spec, index=2)
    with pytest.raises(BadInput, match="a new NIC cannot start in mode 'none'"):
        set_nic(DOMAIN, None, SPECS["none"])
    with pytest.raises(BadInput, match="XML does not parse"):
        set_nic("<domain>", MAC, spec)


def test_with_address_keeps_a_hot_plugged_nic_where_it_was() -> None:
    added = set_nic(DOMAIN, None, NicSpec(NicSource(M.USER), "52:54:00:00:00:03"))
    free = "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>"
    placed = with_address(added, "52:54:00:00:00:03", free)
    assert 'slot="0x07"' in _interface(placed, "52:54:00:00:00:03")
    # Slot 3 (written differently) is the first NIC's: libvirt picks another one.
    used = "<address type='pci' domain='0' bus='0' slot='3' function='0'/>"
    assert with_address(added, "52:54:00:00:00:03", used) == added
    # A NIC with an address keeps it.
    assert with_address(DOMAIN, MAC, free) == DOMAIN
