"""``kvmdesk-cli snapshot …`` and ``kvmdesk-cli clone`` in-process on libvirt's test driver.

The test driver keeps snapshots as metadata and copies volumes in its ``default-pool``;
it supports every snapshot operation, so what it cannot show (libvirt 9.0's refusals)
is covered by the integration tests; the refusals that come from the VM itself
(a raw disk, a running source of a clone) are shown here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from lxml import etree

from kvmdesk.core.snapshot.clone_xml import CLONE_NAMESPACE
from tests.helpers.cli import Cli, assert_one_error_line
from tests.helpers.shared_default import SHARED_URI
from tests.helpers.snapshot_lab import MAC, POOL_PATH, SnapshotLab, snapshot_lab


@pytest.fixture
def lab() -> Iterator[SnapshotLab]:
    yield from snapshot_lab()


def test_list_create_revert_delete_round_trip(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-snap")
    code, out, _ = cli("-c", SHARED_URI, "snapshot", "list", vm)
    assert code == 0
    assert f"{vm} has no snapshots" in out
    assert "can create: internal" in out
    assert "cannot create external, with memory: memory can only be saved" in out

    code, out, err = cli(
        "-c", SHARED_URI, "snapshot", "create", vm, "clean", "--description", "fresh install"
    )
    assert (code, err) == (0, "")
    assert out == f"{vm}: snapshot clean taken (internal)\n"
    cli("-c", SHARED_URI, "snapshot", "create", vm, "later")
    assert lab.snapshots(vm) == ["clean", "later"]

    code, out, _ = cli("-c", SHARED_URI, "snapshot", "list", vm)
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "CREATED", "STATE", "MEMORY", "KIND", "DESCRIPTION"]
    assert lines[1].startswith("  clean") and "fresh install" in lines[1]
    assert lines[2].startswith("*   later")  # current, one level below its parent

    code, out, _ = cli("-c", SHARED_URI, "snapshot", "list", vm, "--json")
    listing = json.loads(out)
    assert [(s["name"], s["parent"], s["depth"], s["current"]) for s in listing["snapshots"]] == [
        ("clean", None, 0, False),
        ("later", "clean", 1, True),
    ]
    first = listing["snapshots"][0]
    assert (first["kind"], first["memory"], first["state"]) == ("internal", False, "shutoff")
    assert first["revert"] == {"allowed": True, "reason": None, "reason_code": None}
    assert listing["create"]["external-with-memory"]["reason_code"] == "not-running"

    code, out, _ = cli("-c", SHARED_URI, "snapshot", "revert", vm, "clean")
    assert (code, out) == (0, f"{vm}: reverted to clean; the state since then is gone\n")
    code, out, _ = cli("-c", SHARED_URI, "snapshot", "delete", vm, "clean", "--children")
    assert (code, out) == (0, f"{vm}: snapshot clean deleted with its children\n")
    assert lab.snapshots(vm) == []


def test_bad_input_is_one_line_and_exit_2(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-bad")
    lab.snapshot(vm, "one")
    cases = [
        (("snapshot", "list", "no-such-vm"), "no domain named 'no-such-vm'"),
        (("snapshot", "create", vm), "snapshot create needs a snapshot NAME"),
        (("snapshot", "create", vm, "one"), "a snapshot named 'one' exists already"),
        (("snapshot", "create", vm, "a/b"), "must not contain '/'"),
        (("snapshot", "revert", vm, "two"), f"{vm} has no snapshot named 'two'"),
        (("snapshot", "delete", vm, "one", "--disk-only"), "go with snapshot create"),
        (("snapshot", "revert", vm, "one", "--children"), "--children goes with snapshot delete"),
        (("snapshot", "list", vm, "one"), "snapshot list takes no snapshot NAME"),
        (("snapshot", "create", vm, "x", "--disk-only", "--with-memory"), "not allowed with"),
        (("snapshot", "undo", vm), "invalid choice: 'undo'"),
        (("clone", vm, vm), f"a domain named {vm!r} exists already"),
        (("clone", vm), "the following arguments are required: NEW-NAME"),
        (("clone", vm, "has space"), "may hold only letters"),
    ]
    for argv, fragment in cases:
        code, out, err = cli("-c", SHARED_URI, *argv)
        assert code == 2, (argv, out, err)
        assert_one_error_line(err, fragment)
        assert out == ""
    assert lab.snapshots(vm) == ["one"]


def test_what_the_vm_or_libvirt_cannot_do_is_refused_with_exit_1(
    cli: Cli, lab: SnapshotLab
) -> None:
    raw = lab.define("cli-raw", fmt="raw")
    code, out, err = cli("-c", SHARED_URI, "snapshot", "create", raw, "s")
    assert code == 1 and out == ""
    assert_one_error_line(
        err,
        "cannot take an internal snapshot:",
        "internal snapshots need qcow2 disks, and vda is raw",
    )
    # The test driver has no disk-only snapshots: kvmdesk's probe found out.
    code, out, err = cli("-c", SHARED_URI, "snapshot", "create", raw, "s", "--disk-only")
    assert code == 1
    assert_one_error_line(err, "this libvirt cannot take disk-only snapshots")
    code, out, err = cli("-c", SHARED_URI, "snapshot", "create", raw, "m", "--with-memory")
    assert code == 1
    assert_one_error_line(err, "memory can only be saved while the VM is running")
    assert lab.snapshots(raw) == []

    running = lab.define("cli-raw-on", fmt="raw", running=True)
    code, out, _ = cli("-c", SHARED_URI, "snapshot", "create", running, "m", "--with-memory")
    assert (code, out) == (0, f"{running}: snapshot m taken (external, with memory)\n")
    listing = json.loads(cli("-c", SHARED_URI, "snapshot", "list", running, "--json")[1])
    taken = listing["snapshots"][0]
    assert (taken["kind"], taken["memory"], taken["state"]) == ("external", True, "running")


def test_create_dry_run_prints_the_snapshot_xml(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-xml", cdrom=True)
    code, out, _ = cli(
        "-c", SHARED_URI, "snapshot", "create", vm, "x", "--description", "a & b", "--print-xml"
    )
    assert code == 0
    root = etree.fromstring(out.encode())
    assert root.findtext("name") == "x" and root.findtext("description") == "a & b"
    modes = {d.get("name"): d.get("snapshot") for d in root.iterfind("disks/disk")}
    assert modes == {"vda": "internal", "sdc": "no"}  # the read-only CD-ROM is left out
    code, out, _ = cli("-c", SHARED_URI, "snapshot", "create", vm, "x", "--dry-run")
    assert (code, out) == (0, f"{vm}: would take snapshot x (internal)\n")
    assert lab.snapshots(vm) == []


def test_clone_dry_run_xml_and_a_real_full_and_linked_clone(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-src", cdrom=True)
    copy, linked = lab.name("cli-copy"), lab.name("cli-linked")
    code, out, _ = cli("-c", SHARED_URI, "clone", vm, copy, "--dry-run")
    assert code == 0
    assert out.splitlines()[1:3] == [
        f"  vda: copy {POOL_PATH}/{vm}.qcow2 to {POOL_PATH}/{copy}.qcow2",
        f"  sdc: shared {POOL_PATH}/{vm}-media.iso (read-only or shareable)",
    ]
    assert out.splitlines()[3].startswith(f"  MAC {MAC} becomes 52:54:00:")

    code, out, _ = cli("-c", SHARED_URI, "clone", vm, copy, "--print-xml")
    root = etree.fromstring(out.encode())
    assert root.findtext("name") == copy
    assert root.find("devices/interface/mac").get("address") != MAC  # type: ignore[union-attr]
    assert not lab.exists(copy)

    code, out, err = cli("-c", SHARED_URI, "clone", vm, copy)
    assert code == 0, err
    assert out.startswith(f"{copy}: clone of {vm} created (UUID ")
    assert "copying vda (1 of 1)" in err
    assert lab.exists(copy) and f"{copy}.qcow2" in lab.volumes()

    code, out, _ = cli("-c", SHARED_URI, "clone", vm, linked, "--linked")
    assert code == 0
    assert f"{linked}: its disks are backed by {vm}'s" in out
    xml = lab.conn.lookupByName(linked).XMLDesc(0)
    mark = etree.fromstring(xml.encode()).find(f"metadata/{{{CLONE_NAMESPACE}}}clone")
    assert mark is not None and mark.get("linked") == "yes"


def test_a_running_vm_is_not_cloned(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-running", running=True)
    code, out, err = cli("-c", SHARED_URI, "clone", vm, lab.name("cli-nope"))
    assert code == 2 and out == ""
    assert_one_error_line(err, f"{vm} is running: shut it down before cloning it")


def test_a_clone_never_overwrites_a_volume(cli: Cli, lab: SnapshotLab) -> None:
    vm = lab.define("cli-vol")
    taken = lab.name("cli-taken")
    lab.pool.createXML(
        f"<volume><name>{taken}.qcow2</name><capacity unit='MiB'>1</capacity>"
        "<target><format type='qcow2'/></target></volume>",
        0,
    )
    code, out, err = cli("-c", SHARED_URI, "clone", vm, taken)
    assert code == 2 and out == ""
    assert_one_error_line(err, f"pool 'default-pool' has a volume named '{taken}.qcow2'")
    assert not lab.exists(taken)
