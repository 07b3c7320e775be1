"""A clone's XML on every corpus domain: only what a clone must change does.

For each of libvirt 9.0's test domains that validates against ``domain.rng``, a
plan copies every writable disk and gives every NIC a new MAC; the clone's XML must
validate too and, with name, UUID, MACs, the copied disks' sources, renamed log
files and the ``<kvmdesk:clone>`` mark put back (and the copied disks' backing chains
dropped: a copy is standalone), be the same document under C14N.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from kvmdesk.core.snapshot.clone import ClonePlan, DiskCopy, DiskMode
from kvmdesk.core.snapshot.clone_xml import CLONE_NAMESPACE, clone_xml
from kvmdesk.core.snapshot.read import read_domain_facts
from tests.helpers.corpus import require_corpus

SCHEMA = Path("/usr/share/libvirt/schemas/domain.rng")


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _plan(xml: str) -> ClonePlan:
    facts = read_domain_facts(xml)
    disks = []
    for number, disk in enumerate(facts.disks):
        writable = not (disk.readonly or disk.shareable or disk.empty)
        if (
            writable
            and disk.source_type in ("file", "block", "volume")
            and (disk.path or disk.volume)
        ):
            disks.append(
                DiskCopy(
                    disk.target,
                    DiskMode.COPY,
                    disk.path,
                    disk.source_type,
                    new_volume=f"clone-{number}.img",
                    new_path=f"/clones/clone-{number}.img",
                )
            )
        else:
            disks.append(DiskCopy(disk.target, DiskMode.SHARED, disk.path, disk.source_type))
    macs = tuple((mac, f"52:54:00:ee:00:{n:02x}") for n, mac in enumerate(facts.macs))
    return ClonePlan(
        facts.name,
        facts.uuid,
        "kvmdesk-clone",
        "9b2c5a57-8d0e-4b7f-9d38-3f1c0de1b0aa",
        False,
        tuple(disks),
        macs,
    )


def _undo(clone: etree._Element, original: etree._Element, plan: ClonePlan) -> None:
    """Put back what the clone was meant to change, so the rest can be compared."""
    clone.find("name").text = original.findtext("name")  # type: ignore[union-attr]
    if original.find("uuid") is None:
        clone.remove(clone.find("uuid"))  # type: ignore[arg-type]
    else:
        clone.find("uuid").text = original.findtext("uuid")  # type: ignore[union-attr]
    old_macs = [m.get("address") for m in original.iterfind("devices/interface/mac")]
    for mac, old in zip(clone.iterfind("devices/interface/mac"), old_macs, strict=True):
        mac.set("address", old)  # type: ignore[arg-type]
    for new_disk, old_disk in zip(
        clone.iterfind("devices/disk"), original.iterfind("devices/disk"), strict=True
    ):
        new_source, old_source = new_disk.find("source"), old_disk.find("source")
        if new_source is not None and old_source is not None:
            for attribute in ("file", "dev", "volume"):
                if old_source.get(attribute) is not None:
                    new_source.set(attribute, old_source.get(attribute))  # type: ignore[arg-type]
    for device in ("serial", "console", "channel", "parallel"):
        for new_dev, old_dev in zip(
            clone.iterfind(f"devices/{device}"), original.iterfind(f"devices/{device}"), strict=True
        ):
            for tag, attribute in (("source", "path"), ("log", "file")):
                new_node, old_node = new_dev.find(tag), old_dev.find(tag)
                if new_node is not None and old_node is not None and old_node.get(attribute):
                    new_node.set(attribute, old_node.get(attribute))  # type: ignore[arg-type]
    copied = {d.target for d in plan.copies}
    for old_disk in original.iterfind("devices/disk"):
        target = old_disk.find("target")
        if target is not None and target.get("dev") in copied:
            for backing in old_disk.findall("backingStore"):
                old_disk.remove(backing)  # a copy is standalone: libvirt flattens the chain
    metadata = clone.find("metadata")
    assert metadata is not None
    mark = metadata.find(f"{{{CLONE_NAMESPACE}}}clone")
    assert mark is not None and mark.get("source-name") == plan.source_name
    metadata.remove(mark)
    if original.find("metadata") is None:
        clone.remove(metadata)


def _canonical(root: etree._Element) -> bytes:
    text = etree.tostring(root, method="c14n")
    return etree.tostring(
        etree.fromstring(text, etree.XMLParser(remove_blank_text=True)), method="c14n"
    )


def test_clone_xml_changes_only_what_a_clone_must() -> None:
    corpus = require_corpus() / "domain"
    checked = 0
    for path in sorted(corpus.glob("*.xml")):
        original = etree.parse(str(path)).getroot()
        if not _schema().validate(original):
            continue
        xml = path.read_text()
        plan = _plan(xml)
        clone = etree.fromstring(clone_xml(xml, plan).encode())
        assert _schema().validate(clone), (path.name, _schema().error_log)
        assert clone.findtext("name") == "kvmdesk-clone"
        assert [m.get("address") for m in clone.iterfind("devices/interface/mac")] == [
            new for _, new in plan.macs
        ]
        _undo(clone, original, plan)
        assert _canonical(clone) == _canonical(original), path.name
        checked += 1
    assert checked > 400, checked
