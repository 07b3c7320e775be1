"""The snapshot window and its dialogs, driven through their widgets on the demo inventory.

The demo runs on libvirt's test driver, which keeps snapshots as metadata and supports
every snapshot operation; the plans libvirt 9.0 would give (refusals and their reasons)
are fed to the same widgets as plain values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from kvmdesk.app import Application
from kvmdesk.core.snapshot.facts import DiskFacts, DomainFacts
from kvmdesk.core.snapshot.plan import CreateKind, snapshot_plan
from kvmdesk.core.snapshot.probe import LibvirtBehaviour
from kvmdesk.core.snapshot.service import SnapshotOverview
from kvmdesk.core.snapshot.tree import SnapshotDisk, SnapshotInfo, SnapshotKind, SnapshotTree
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.snapshot_model import SnapshotColumn, SnapshotRole
from kvmdesk.ui.snapshot.confirm import DeleteSnapshotDialog, RevertDialog
from kvmdesk.ui.snapshot.create_dialog import CreateSnapshotDialog
from kvmdesk.ui.snapshot.window import SnapshotWindow
from tests.helpers.qt_async import AsyncRunner

# What Debian 12's libvirt 9.0 answers kvmdesk's probe (see the integration tests).
LIBVIRT_9_0 = LibvirtBehaviour(
    probed=True,
    disk_only=True,
    internal_with_pflash=False,
    revert_external=False,
    delete_external=True,
    delete_external_with_children=False,
)
BASE = "/var/lib/libvirt/images/lab.qcow2"
OVERLAY = "/var/lib/libvirt/images/lab.ext-1"


def _select_domain(app: Application, name: str) -> DomainSnapshot:
    session = next(iter(app.inventory.sessions.values()))
    domain = next(d for d in session.domains.values() if d.name == name)
    app.window.select_keys([domain.key])
    return domain


@pytest.fixture
def db_replica(demo_app: Application, runner: AsyncRunner) -> SnapshotWindow:
    """The snapshot window of the shut-off ``db-replica`` (two qcow2 disks), loaded."""
    domain = _select_domain(demo_app, "db-replica")
    assert demo_app.window.snapshots_action.isEnabled()
    demo_app.window.snapshots_action.trigger()
    window = demo_app.controller.snapshot_flows.windows[domain.key]
    runner.run(window.wait_idle())
    assert window.isVisible() and window.overview is not None
    return window


def _names(window: SnapshotWindow) -> list[tuple[int, str, bool]]:
    """(depth, name, current) of every row, depth first."""
    found: list[tuple[int, str, bool]] = []

    def walk(parent: Any, depth: int) -> None:
        for row in range(window.model.rowCount(parent)):
            index = window.model.index(row, 0, parent)
            found.append((depth, index.data(SnapshotRole.NAME), index.data(SnapshotRole.CURRENT)))
            walk(index, depth + 1)

    walk(window.view.rootIndex(), 0)
    return found


def _dialog(window: SnapshotWindow, runner: AsyncRunner, kind: type[QDialog]) -> Any:
    runner.until(lambda: isinstance(window.dialog, kind) and window.dialog.isVisible())
    return window.dialog


def _take(window: SnapshotWindow, runner: AsyncRunner, qtbot: Any, name: str) -> None:
    qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window, runner, CreateSnapshotDialog)
    dialog.name_edit.setText(name)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())


def test_menus_offer_snapshots_and_clone(demo_app: Application) -> None:
    menu_actions = [
        a for m in demo_app.window.menuBar().actions() if m.menu() for a in m.menu().actions()
    ]
    assert demo_app.window.snapshots_action in menu_actions
    assert demo_app.window.clone_action in menu_actions
    _select_domain(demo_app, "web-frontend")  # running
    assert demo_app.window.snapshots_action.isEnabled()
    assert not demo_app.window.clone_action.isEnabled()  # only a shut-off VM is cloned
    _select_domain(demo_app, "db-replica")
    assert demo_app.window.clone_action.isEnabled()


def test_take_a_snapshot_and_see_it_current_in_the_tree(
    db_replica: SnapshotWindow, runner: AsyncRunner, qtbot: Any, qtmodeltester: Any
) -> None:
    window = db_replica
    assert window.summary.text() == "db-replica (Shut off). Snapshots it can take: Internal."
    assert _names(window) == []
    assert not window.revert_button.isEnabled() and not window.delete_button.isEnabled()

    qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window, runner, CreateSnapshotDialog)
    assert dialog.kind_buttons[CreateKind.INTERNAL].isChecked()
    memory = dialog.kind_buttons[CreateKind.EXTERNAL_WITH_MEMORY]
    assert not memory.isEnabled()
    assert (
        "only be saved while the VM is running"
        in dialog.reason_labels[CreateKind.EXTERNAL_WITH_MEMORY].text()
    )
    dialog.name_edit.setText("before-upgrade")
    dialog.description_edit.setPlainText("schema v41\nall tests green")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())

    assert _names(window) == [(0, "before-upgrade", True)]
    qtmodeltester.check(window.model)
    row = [window.model.index(0, c).data() for c in range(window.model.columnCount())]
    assert row[SnapshotColumn.NAME] == "before-upgrade (current)"
    assert row[SnapshotColumn.STATE] == "Shut off"
    assert row[SnapshotColumn.MEMORY] == "No"
    assert row[SnapshotColumn.KIND] == "Internal"
    assert row[SnapshotColumn.DESCRIPTION] == "schema v41"
    assert window.model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert "Snapshot before-upgrade taken" in [n.title for n in window.notifications.history]

    _take(window, runner, qtbot, "after-upgrade")
    assert _names(window) == [(0, "before-upgrade", False), (1, "after-upgrade", True)]


def test_create_dialog_checks_the_name_as_typed(
    db_replica: SnapshotWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    _take(db_replica, runner, qtbot, "one")
    qtbot.mouseClick(db_replica.create_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(db_replica, runner, CreateSnapshotDialog)
    for text, message in [
        ("one", "exists already"),
        ("a/b", "must not contain '/'"),
        ("   ", "needs a name"),
        (".hidden", "start with '.'"),
    ]:
        dialog.name_edit.setText(text)
        assert not dialog.ok_button.isEnabled()
        assert message in dialog.error_label.text()
    dialog.name_edit.setText("two")
    assert dialog.ok_button.isEnabled() and not dialog.error_label.isVisible()
    dialog.reject()
    runner.run(db_replica.wait_idle())
    assert [n for _, n, _ in _names(db_replica)] == ["one"]


def test_revert_asks_saying_what_is_lost_and_cancel_keeps_everything(
    db_replica: SnapshotWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    _take(db_replica, runner, qtbot, "first")
    _take(db_replica, runner, qtbot, "second")
    db_replica.select("first")
    assert db_replica.revert_button.isEnabled()
    qtbot.mouseClick(db_replica.revert_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(db_replica, runner, RevertDialog)
    lost = dialog.findChild(QLabel, "lostNote")
    assert "current state since then is lost" in lost.text()
    assert "cannot be undone" in lost.text()
    kept = dialog.findChild(QLabel, "keptNote")
    assert "second" in kept.text()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault() and not dialog.action_button.isDefault()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    runner.run(db_replica.wait_idle())
    assert _names(db_replica)[-1] == (1, "second", True)

    db_replica.select("first")
    qtbot.mouseClick(db_replica.revert_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(db_replica, runner, RevertDialog)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    runner.run(db_replica.wait_idle())
    assert _names(db_replica) == [(0, "first", True), (1, "second", False)]
    assert "Reverted to first" in [n.title for n in db_replica.notifications.history]


def test_delete_one_or_with_its_children(
    db_replica: SnapshotWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    for name in ("a", "b", "c"):
        _take(db_replica, runner, qtbot, name)
    db_replica.select("b")
    qtbot.mouseClick(db_replica.delete_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(db_replica, runner, DeleteSnapshotDialog)
    assert (
        "saved state is removed from the disk images"
        in dialog.findChild(type(dialog.heading("")), "whatNote").text()
    )
    assert dialog.children_box.isEnabled()
    assert dialog.children_box.text() == "Also delete the 1 snapshot(s) taken after it: c"
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)  # b alone
    runner.run(db_replica.wait_idle())
    assert [n for _, n, _ in _names(db_replica)] == ["a", "c"]

    db_replica.select("a")
    qtbot.mouseClick(db_replica.delete_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(db_replica, runner, DeleteSnapshotDialog)
    dialog.children_box.setChecked(True)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    runner.run(db_replica.wait_idle())
    assert _names(db_replica) == []


# --------------------------------------------------- what libvirt 9.0 answers, as values


def _disk(path: str) -> DiskFacts:
    return DiskFacts("vda", "disk", "file", path, "qcow2", False, False)


def _mixed_overview(domain: DomainSnapshot) -> SnapshotOverview:
    """internal-1 in the base image, then ext-1 (an overlay): the dangerous case."""
    when = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    internal = SnapshotInfo(
        "internal-1",
        "",
        when,
        "clean install",
        "shutoff",
        False,
        SnapshotKind.INTERNAL,
        (SnapshotDisk("vda", "internal"),),
        disk_sources=(("vda", BASE),),
    )
    external = SnapshotInfo(
        "ext-1",
        "internal-1",
        when.replace(hour=11),
        "before update",
        "shutoff",
        False,
        SnapshotKind.EXTERNAL,
        (SnapshotDisk("vda", "external", OVERLAY),),
        current=True,
        disk_sources=(("vda", BASE),),
    )
    tree = SnapshotTree([internal, external])
    facts = DomainFacts(domain.name, domain.uuid, (_disk(OVERLAY),), pflash=True, nvram="/n")
    plan = snapshot_plan(facts, tree, LIBVIRT_9_0, running=False)
    return SnapshotOverview(domain, DomainState.SHUTOFF, tree, plan, LIBVIRT_9_0)


def test_what_libvirt_cannot_do_is_disabled_with_its_reason(
    db_replica: SnapshotWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    overview = _mixed_overview(db_replica.session.domains[db_replica.uuid])
    db_replica.show_overview(overview)
    assert _names(db_replica) == [(0, "internal-1", False), (1, "ext-1", True)]
    db_replica.select("ext-1")
    assert not db_replica.revert_button.isEnabled()
    assert not db_replica.delete_button.isEnabled()
    note = db_replica.selection_note.text()
    assert "Cannot revert to ext-1: This host's libvirt cannot revert to external" in note
    assert "Cannot delete ext-1: Its parent internal-1 is internal" in note
    db_replica.select("internal-1")
    assert not db_replica.revert_button.isEnabled()
    assert f"Its image {BASE} is now the base of an external" in db_replica.selection_note.text()

    dialog = DeleteSnapshotDialog(overview, overview.tree.get("internal-1"), db_replica)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert not dialog.action_button.isEnabled()
    assert not dialog.children_box.isEnabled()
    assert "cannot delete external snapshots together" in dialog.children_reason.text()

    create = CreateSnapshotDialog(overview, db_replica)
    qtbot.addWidget(create)
    internal = create.kind_buttons[CreateKind.INTERNAL]
    assert not internal.isEnabled()
    assert (
        "refuses internal snapshots of VMs whose UEFI firmware"
        in create.reason_labels[CreateKind.INTERNAL].text()
    )
    assert create.kind_buttons[CreateKind.EXTERNAL_DISK_ONLY].isChecked()
    create.show()
    assert create.external_note.isVisible()
    assert "cannot revert to external snapshots" in create.external_note.text()
