"""Running NICs against the saved definition: what differs, and saving the running one.

XML-level checks, and the real save on libvirt's test driver (whose running domains
take a new saved definition through ``defineXML`` like any other).
"""

from __future__ import annotations

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.nic import reconcile
from kvmdesk.core.types.errors import BadInput
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, MakeInventory, Nic

MAC = "52:54:00:aa:00:01"
OTHER = "52:54:00:aa:00:02"


def _domain(interfaces: str) -> str:
    return f"<domain type='test'><name>d</name><devices>{interfaces}</devices></domain>"


LIVE = (
    f"<interface type='network'><mac address='{MAC}'/>"
    "<source network='lan' portid='7d1f5ac4-1234-4c1b-9f00-0123456789ab' bridge='virbr-lan'/>"
    "<target dev='vnet3'/><model type='virtio'/><alias name='net0'/></interface>"
)
SAVED = (
    f"<interface type='network'><mac address='{MAC}'/><source network='lan'/>"
    "<model type='virtio'/></interface>"
)


def test_what_only_a_running_vm_has_does_not_count_as_a_difference() -> None:
    assert reconcile.compare(_domain(LIVE), _domain(SAVED)) == {}


def test_a_changed_added_or_removed_nic_is_a_difference() -> None:
    saved_other_model = SAVED.replace("virtio", "e1000")
    found = reconcile.compare(_domain(LIVE), _domain(saved_other_model))
    assert list(found) == [MAC] and found[MAC] is not None and found[MAC].model == "e1000"
    extra = f"<interface type='user'><mac address='{OTHER}'/></interface>"
    assert reconcile.compare(_domain(LIVE + extra), _domain(SAVED)) == {OTHER: None}
    found = reconcile.compare(_domain(LIVE), _domain(SAVED + extra))
    assert list(found) == [OTHER] and found[OTHER] is not None


def test_a_running_nic_is_saved_without_what_libvirt_adds_while_it_runs() -> None:
    element = reconcile.saveable(etree.fromstring(LIVE))
    text = etree.tostring(element, encoding="unicode")
    assert "portid" not in text and "bridge=" not in text
    assert element.find("target") is None and element.find("alias") is None
    named = LIVE.replace("vnet3", "tap-web").replace("net0", "ua-web")
    kept = reconcile.saveable(etree.fromstring(named))
    assert kept.find("target").get("dev") == "tap-web"  # type: ignore[union-attr]
    assert kept.find("alias").get("name") == "ua-web"  # type: ignore[union-attr]


def _saved_model(domain: libvirt.virDomain) -> str:
    root = etree.fromstring(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE).encode())
    return str(root.find(f"devices/interface/mac[@address='{MAC}']/../model").get("type"))  # type: ignore[union-attr]


def test_make_permanent_saves_the_running_nic(make_inventory: MakeInventory) -> None:
    uri = make_inventory([Dom("web", RUNNING, nics=(Nic(MAC, source="lan"),))])
    conn = libvirt.open(uri)
    try:
        domain = conn.lookupByName("web")
        assert reconcile.differences(domain) == {}
        xml = domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE).replace("virtio", "e1000")
        conn.defineXML(xml)  # another client saved a different model
        assert list(reconcile.differences(domain)) == [MAC]
        reconcile.make_permanent(domain, MAC)
        assert reconcile.differences(domain) == {}
        assert _saved_model(domain) == "virtio"
        with pytest.raises(libvirt.libvirtError):
            reconcile.revert_live(domain, MAC)  # the test driver changes no running device
    finally:
        conn.close()


def test_a_shut_off_vm_has_no_running_nic_to_keep(make_inventory: MakeInventory) -> None:
    uri = make_inventory([Dom("off", SHUTOFF, nics=(Nic(MAC),))])
    conn = libvirt.open(uri)
    try:
        domain = conn.lookupByName("off")
        assert reconcile.differences(domain) == {}
        with pytest.raises(BadInput, match="not running"):
            reconcile.make_permanent(domain, MAC)
        with pytest.raises(BadInput, match="not running"):
            reconcile.revert_live(domain, MAC)
    finally:
        conn.close()
