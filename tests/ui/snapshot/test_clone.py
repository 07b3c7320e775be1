"""Cloning from the main window on the demo inventory: dialog, progress, the new VM."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kvmdesk.app import Application
from kvmdesk.core.snapshot.clone import ClonePlan, DiskCopy, DiskMode
from kvmdesk.core.snapshot.clone_ops import CloneProgress
from kvmdesk.core.snapshot.clone_service import CloneCancel
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.ui.snapshot.clone_dialog import CloneDialog, CloneProgressDialog
from tests.helpers.qt_async import AsyncRunner


def _select(app: Application, name: str) -> DomainSnapshot:
    session = next(iter(app.inventory.sessions.values()))
    domain = next(d for d in session.domains.values() if d.name == name)
    app.window.select_keys([domain.key])
    return domain


def _tiny_vm(app: Application, runner: AsyncRunner) -> DomainSnapshot:
    """A shut-off VM with a 1 MiB qcow2 volume and a shared ISO (the demo pool is full)."""
    session = next(iter(app.inventory.sessions.values()))
    conn = session.raw_connection
    pool = conn.storagePoolLookupByName("default-images")
    volume = pool.createXML(
        "<volume><name>tiny.qcow2</name><capacity unit='MiB'>1</capacity>"
        "<target><format type='qcow2'/></target></volume>",
        0,
    )
    conn.defineXML(
        "<domain type='test'><name>tiny</name><memory unit='MiB'>64</memory><os><type>hvm"
        "</type></os><devices><disk type='file' device='disk'><driver type='qcow2'/>"
        f"<source file='{volume.path()}'/><target dev='vda'/></disk>"
        "<disk type='file' device='cdrom'><source file='/iso/tools.iso'/>"
        "<target dev='sdc' bus='sata'/><readonly/></disk>"
        "<interface type='network'><mac address='52:54:00:7e:00:01'/>"
        "<source network='nat-lan'/></interface></devices></domain>"
    )
    runner.until(lambda: any(d.name == "tiny" for d in session.domains.values()))
    return _select(app, "tiny")


def _clone_through_dialog(app: Application, runner: AsyncRunner, qtbot: Any) -> CloneDialog:
    flows = app.controller.snapshot_flows
    app.window.clone_action.trigger()
    runner.until(lambda: flows.clone_dialog is not None and flows.clone_dialog.isVisible())
    dialog = flows.clone_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(app.controller.wait_idle())
    return dialog


def test_clone_from_the_vm_menu(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    source = _tiny_vm(demo_app, runner)
    session = next(iter(demo_app.inventory.sessions.values()))
    flows = demo_app.controller.snapshot_flows
    demo_app.window.clone_action.trigger()
    runner.until(lambda: flows.clone_dialog is not None and flows.clone_dialog.isVisible())
    dialog = flows.clone_dialog
    assert dialog is not None
    assert dialog.name_edit.text() == "tiny-clone"
    assert dialog.full_button.isChecked() and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(demo_app.controller.wait_idle())
    assert flows.progress_dialog is not None  # shown while copying, closed when done

    runner.until(lambda: any(d.name == "tiny-clone" for d in session.domains.values()))
    clone = next(d for d in session.domains.values() if d.name == "tiny-clone")
    assert clone.uuid != source.uuid
    assert {n.mac for n in clone.nics}.isdisjoint({n.mac for n in source.nics})
    assert [d.path for d in clone.disks] == [
        "/var/lib/libvirt/images/tiny-clone.qcow2",
        "/iso/tools.iso",  # the read-only media stay shared
    ]
    titles = [n.title for n in demo_app.window.notifications.history]
    assert "Clone tiny-clone created" in titles


def test_a_failed_clone_says_so_and_leaves_nothing(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    _select(demo_app, "db-replica")  # two big disks: the demo pool has room for one
    session = next(iter(demo_app.inventory.sessions.values()))
    pool = session.raw_connection.storagePoolLookupByName("default-images")
    volumes = set(pool.listVolumes())
    names = {d.name for d in session.domains.values()}
    _clone_through_dialog(demo_app, runner, qtbot)
    records = demo_app.window.notifications.history
    failed = [r for r in records if r.title == "Cloning db-replica failed"]
    assert failed and "Not enough free space" in failed[0].message
    assert "Nothing of the clone was kept." in failed[0].message
    assert set(pool.listVolumes()) == volumes
    assert {d.name for d in session.domains.values()} == names


def test_clone_dialog_checks_the_name(demo_app: Application, qtbot: Any) -> None:
    dialog = CloneDialog("db-replica", ["db-replica", "db-replica-clone", "mail"])
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "db-replica-clone2"
    for text, message in [
        ("mail", "exists already"),
        ("two words", "may hold only letters"),
        ("", "needs a name"),
    ]:
        dialog.name_edit.setText(text)
        assert not dialog.ok_button.isEnabled()
        assert message in dialog.error_label.text()
    dialog.name_edit.setText("copy-1")
    dialog.linked_button.setChecked(True)
    assert dialog.ok_button.isEnabled()
    value = dialog.value()
    assert (value.name, value.linked) == ("copy-1", True)


def test_progress_dialog_shows_disks_and_cancels_between_them(qtbot: Any) -> None:
    plan = ClonePlan(
        "db-replica",
        "u1",
        "db-copy",
        "u2",
        False,
        (
            DiskCopy("vda", DiskMode.COPY, "/i/a.qcow2", new_volume="db-copy-vda.qcow2"),
            DiskCopy("sdc", DiskMode.SHARED, "/iso/x.iso"),
        ),
        (("52:54:00:00:00:01", "52:54:00:00:00:02"),),
    )
    cancel = CloneCancel()
    dialog = CloneProgressDialog(plan, cancel)
    qtbot.addWidget(dialog)
    dialog.show()
    lines = dialog.findChild(type(dialog.status), "diskList").text().splitlines()
    assert lines == ["vda: copied to db-copy-vda.qcow2", "sdc: shared (read-only or shareable)"]
    dialog.show_progress(CloneProgress("vda", 0, 1, 512, 1024))
    assert dialog.bar.value() == 500
    assert dialog.status.text() == "Copying vda (1 of 1)…"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert cancel.cancelled and not dialog.cancel_button.isEnabled()
    assert "Cancelling after the current disk" in dialog.status.text()
    assert dialog.isVisible()  # it closes when the clone has stopped and cleaned up
    dialog.finish(False)
    assert not dialog.isVisible()
