"""Snapshot and domain XML as libvirt 9.0 writes it, read into plain values."""

from __future__ import annotations

from datetime import UTC, datetime

from kvmdesk.core.snapshot.read import read_domain_facts, read_snapshot
from kvmdesk.core.snapshot.tree import SnapshotKind, SnapshotTree

# As libvirt 9.0's QEMU driver printed them (domain definitions shortened).
INTERNAL = """<domainsnapshot>
  <name>i1</name>
  <description>clean</description>
  <state>shutoff</state>
  <creationTime>1796301933</creationTime>
  <memory snapshot='no'/>
  <disks><disk name='vda' snapshot='internal'/><disk name='sdc' snapshot='no'/></disks>
  <domain type='qemu'><name>t1</name><devices>
    <disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda'/></disk>
  </devices></domain>
</domainsnapshot>"""
EXTERNAL_WITH_MEMORY = """<domainsnapshot>
  <name>em</name>
  <state>running</state>
  <parent><name>er</name></parent>
  <creationTime>1796301988</creationTime>
  <memory snapshot='external' file='/img/t2.em.mem'/>
  <disks>
    <disk name='vda' snapshot='external' type='file'>
      <driver type='qcow2'/><source file='/img/b.em'/>
    </disk>
  </disks>
</domainsnapshot>"""
RUNNING_INTERNAL = """<domainsnapshot><name>ir</name><state>running</state>
  <parent><name>i3</name></parent><creationTime>1796301988</creationTime>
  <memory snapshot='internal'/><disks><disk name='vda' snapshot='internal'/></disks>
</domainsnapshot>"""


def test_internal_shut_off_snapshot() -> None:
    info = read_snapshot(INTERNAL, current=True)
    assert (info.name, info.parent, info.description) == ("i1", "", "clean")
    assert (info.kind, info.memory, info.state, info.current) == (
        SnapshotKind.INTERNAL,
        False,
        "shutoff",
        True,
    )
    assert info.created == datetime.fromtimestamp(1796301933, UTC)
    assert info.source_of("vda") == "/img/a.qcow2"
    assert [(d.target, d.mode) for d in info.disks] == [("vda", "internal"), ("sdc", "no")]


def test_external_with_memory_and_running_internal() -> None:
    external = read_snapshot(EXTERNAL_WITH_MEMORY)
    assert (external.kind, external.memory, external.parent) == (SnapshotKind.EXTERNAL, True, "er")
    assert external.memory_file == "/img/t2.em.mem"
    assert external.disks[0].overlay == "/img/b.em"
    running = read_snapshot(RUNNING_INTERNAL)
    assert (running.kind, running.memory) == (SnapshotKind.INTERNAL, True)


def test_tree_orders_parents_first_and_answers_family_questions() -> None:
    def snap(name: str, parent: str, when: int) -> str:
        parent_xml = f"<parent><name>{parent}</name></parent>" if parent else ""
        return (
            f"<domainsnapshot><name>{name}</name>{parent_xml}<state>shutoff</state>"
            f"<creationTime>{when}</creationTime></domainsnapshot>"
        )

    tree = SnapshotTree(
        read_snapshot(x, current=x.startswith("<domainsnapshot><name>c<"))
        for x in (snap("c", "b", 3), snap("b", "a", 2), snap("a", "", 1), snap("d", "a", 4))
    )
    assert [s.name for s in tree] == ["a", "b", "c", "d"]
    assert [s.name for s in tree.children("a")] == ["b", "d"]
    assert sorted(s.name for s in tree.descendants("a")) == ["b", "c", "d"]
    assert [s.name for s in tree.ancestors("c")] == ["b", "a"]
    assert tree.depth("c") == 2 and tree.current is not None and tree.current.name == "c"


def test_domain_facts_of_a_uefi_vm_with_media() -> None:
    facts = read_domain_facts(
        "<domain type='kvm'><name>w</name><uuid>u</uuid><os firmware='efi'>"
        "<type>hvm</type><nvram>/nv/w_VARS.fd</nvram></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/img/w.qcow2'/><target dev='sda'/></disk>"
        "<disk type='file' device='cdrom'><driver type='raw'/><source file='/iso/x.iso'/>"
        "<target dev='sdb'/><readonly/></disk>"
        "<disk type='file' device='cdrom'><target dev='sdc'/><readonly/></disk>"
        "<disk type='network' device='disk'><driver type='raw'/><source protocol='rbd' "
        "name='pool/img'/><target dev='vdb'/><shareable/></disk>"
        "<interface type='network'><mac address='52:54:00:AA:00:01'/></interface>"
        "</devices></domain>"
    )
    assert facts.pflash and facts.nvram == "/nv/w_VARS.fd"
    assert [d.target for d in facts.snapshot_disks()] == ["sda"]
    assert facts.disks[2].empty and not facts.disks[1].empty
    assert facts.macs == ("52:54:00:aa:00:01",)
