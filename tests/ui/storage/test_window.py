"""The storage window driven through its widgets on the demo inventory (libvirt's test driver).

The demo has two running dir pools: ``default-images`` (the VMs' disks, each used by
its VM) and ``iso-library`` (a Windows ISO used by the shut-off ``win11-desktop`` and
an unused Debian ISO).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMenu

from kvmdesk.app import Application
from kvmdesk.core.storage.values import PoolState
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.storage_model import PoolColumn, VolumeColumn
from kvmdesk.ui.storage.delete_dialogs import DeletePoolDialog, DeleteVolumeDialog
from kvmdesk.ui.storage.pool_dialog import CreatePoolDialog
from kvmdesk.ui.storage.transfer_dialogs import TransferDialog, UploadDialog
from kvmdesk.ui.storage.volume_dialogs import (
    CloneVolumeDialog,
    CreateVolumeDialog,
    ResizeVolumeDialog,
)
from kvmdesk.ui.storage.window import StorageWindow
from tests.helpers.qt_async import AsyncRunner


@pytest.fixture
def storage_window(demo_app: Application, runner: AsyncRunner) -> StorageWindow:
    uri = next(iter(demo_app.inventory.sessions))
    demo_app.window.connection_view.setCurrentIndex(demo_app.hub.connections.connection_index(uri))
    demo_app.window.storage_action.trigger()
    window = demo_app.controller.storage_windows[uri]
    assert window.isVisible()
    runner.until(lambda: window.volume_model.rowCount() > 0)
    return window


def pools(window: StorageWindow) -> dict[str, list[str]]:
    model = window.pool_model
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def volumes(window: StorageWindow) -> dict[str, list[str]]:
    model = window.volume_model
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def dialog_of(window: StorageWindow, runner: AsyncRunner, kind: type[Any]) -> Any:
    runner.until(lambda: any(d.isVisible() for d in window.findChildren(kind)))
    return next(d for d in window.findChildren(kind) if d.isVisible())


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_lists_pools_with_sizes_and_volumes_with_users(
    storage_window: StorageWindow, qtmodeltester: Any, runner: AsyncRunner
) -> None:
    qtmodeltester.check(storage_window.pool_model)
    qtmodeltester.check(storage_window.volume_model)
    rows = pools(storage_window)
    assert set(rows) == {"default-images", "iso-library"}
    images = rows["default-images"]
    assert images[PoolColumn.TYPE] == "Folder"
    assert images[PoolColumn.STATE] == "Running"
    assert images[PoolColumn.CAPACITY] == "100 GiB"
    assert images[PoolColumn.FOLDER] == "/var/lib/libvirt/images"
    assert storage_window.selected_pool().name == "default-images"
    assert storage_window.volumes_label.text() == "Volumes in “default-images”"
    row = volumes(storage_window)["backup-vault.qcow2"]
    assert row[VolumeColumn.FORMAT] == "qcow2"
    assert row[VolumeColumn.USED_BY] == "backup-vault"  # a <source pool= volume=> disk
    storage_window.select_pool("iso-library")
    runner.until(lambda: "Win11_23H2_English_x64.iso" in volumes(storage_window))
    assert volumes(storage_window)["Win11_23H2_English_x64.iso"][VolumeColumn.USED_BY] == (
        "win11-desktop"
    )
    assert volumes(storage_window)["debian-12.5.0-amd64-netinst.iso"][VolumeColumn.USED_BY] == ""


def test_pools_are_in_the_connection_tree_and_open_the_window(
    demo_app: Application, runner: AsyncRunner
) -> None:
    connections = demo_app.hub.connections
    root = connections.index(0, 0)
    rows = [connections.index(r, 0, root) for r in range(connections.rowCount(root))]
    pool_rows = [i for i in rows if i.data(ConnectionRole.POOL) is not None]
    assert [i.data() for i in pool_rows] == ["default-images", "iso-library"]
    assert connections.index(pool_rows[1].row(), 1, root).data().startswith("Storage · Running")
    demo_app.window.connection_view.doubleClicked.emit(pool_rows[1])
    window = next(iter(demo_app.controller.storage_windows.values()))
    assert window.selected_pool().name == "iso-library"


def test_create_a_pool_and_follow_its_lifecycle(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any, demo_app: Application
) -> None:
    click(qtbot, storage_window.new_pool_button)
    dialog = dialog_of(storage_window, runner, CreatePoolDialog)
    dialog.name_edit.setText("scratch")
    assert dialog.path_edit.text() == "/var/lib/libvirt/images/scratch"
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "scratch" in pools(storage_window))
    assert storage_window.selected_pool().name == "scratch"
    assert pools(storage_window)["scratch"][PoolColumn.AUTOSTART] == "Yes"
    connections = demo_app.hub.connections
    root = connections.index(0, 0)
    names = [connections.index(r, 0, root).data() for r in range(connections.rowCount(root))]
    assert "scratch" in names
    click(qtbot, storage_window.stop_button)
    runner.until(lambda: pools(storage_window)["scratch"][PoolColumn.STATE] == "Inactive")
    assert (
        storage_window.volumes_label.text() == "“scratch” is stopped: start it to see its volumes."
    )
    assert not storage_window.new_volume_button.isEnabled()
    click(qtbot, storage_window.start_button)
    runner.until(lambda: pools(storage_window)["scratch"][PoolColumn.STATE] == "Running")
    click(qtbot, storage_window.autostart_button)
    runner.until(lambda: pools(storage_window)["scratch"][PoolColumn.AUTOSTART] == "No")
    click(qtbot, storage_window.refresh_button)
    runner.run(storage_window.wait_idle())
    click(qtbot, storage_window.delete_pool_button)
    delete = dialog_of(storage_window, runner, DeletePoolDialog)
    click(qtbot, delete.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "scratch" not in pools(storage_window))


def test_a_pool_changed_elsewhere_updates_the_window(
    storage_window: StorageWindow, runner: AsyncRunner
) -> None:
    conn = storage_window.session.raw_connection
    runner.run(asyncio.to_thread(lambda: conn.storagePoolLookupByName("iso-library").destroy()))
    runner.until(lambda: pools(storage_window)["iso-library"][PoolColumn.STATE] == "Inactive")
    assert storage_window.session.storage.pools["iso-library"].state is PoolState.INACTIVE


def test_a_pool_in_use_is_not_deleted(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    storage_window.select_pool("iso-library")
    click(qtbot, storage_window.delete_pool_button)
    dialog = dialog_of(storage_window, runner, DeletePoolDialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_label.text() == "Remove its disks from these virtual machines first."
    dialog.reject()
    runner.run(storage_window.wait_idle())
    assert "iso-library" in pools(storage_window)


def test_create_clone_and_delete_volumes(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    storage_window.select_pool("iso-library")
    runner.until(lambda: "debian-12.5.0-amd64-netinst.iso" in volumes(storage_window))
    click(qtbot, storage_window.new_volume_button)
    dialog = dialog_of(storage_window, runner, CreateVolumeDialog)
    dialog.name_edit.setText("scratch.qcow2")
    dialog.size_field.number.setValue(2)
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "scratch.qcow2" in volumes(storage_window))
    assert volumes(storage_window)["scratch.qcow2"][VolumeColumn.CAPACITY] == "2 GiB"
    assert storage_window.selected_volume().name == "scratch.qcow2"

    click(qtbot, storage_window.clone_button)
    clone = dialog_of(storage_window, runner, CloneVolumeDialog)
    assert clone.name_edit.text() == "scratch-clone.qcow2"
    click(qtbot, clone.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "scratch-clone.qcow2" in volumes(storage_window))

    click(qtbot, storage_window.delete_volume_button)
    delete = dialog_of(storage_window, runner, DeleteVolumeDialog)
    assert delete.ok_button.isEnabled()  # nobody uses the clone
    click(qtbot, delete.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "scratch-clone.qcow2" not in volumes(storage_window))


def test_deleting_a_volume_in_use_asks_and_passes_the_confirmed_list(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    storage_window.select_pool("iso-library")
    runner.until(lambda: "Win11_23H2_English_x64.iso" in volumes(storage_window))
    storage_window.select_volume("Win11_23H2_English_x64.iso")
    click(qtbot, storage_window.delete_volume_button)
    dialog = dialog_of(storage_window, runner, DeleteVolumeDialog)
    assert not dialog.ok_button.isEnabled()
    dialog.confirm_check.setChecked(True)
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    runner.until(lambda: "Win11_23H2_English_x64.iso" not in volumes(storage_window))


def test_libvirts_refusal_is_shown(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any
) -> None:
    storage_window.select_pool("iso-library")
    runner.until(lambda: "debian-12.5.0-amd64-netinst.iso" in volumes(storage_window))
    storage_window.select_volume("debian-12.5.0-amd64-netinst.iso")
    click(qtbot, storage_window.resize_button)
    dialog = dialog_of(storage_window, runner, ResizeVolumeDialog)
    dialog.size_field.number.setValue(dialog.size_field.number.value() + 1)
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    shown = [n.message for n in storage_window.notifications.history]
    assert any("virStorageVolResize" in m for m in shown), shown


def test_a_refused_upload_leaves_no_volume(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any, tmp_path: Path
) -> None:
    source = tmp_path / "small.iso"
    source.write_bytes(b"\0" * 65536)
    storage_window.select_pool("iso-library")
    click(qtbot, storage_window.upload_button)
    dialog = dialog_of(storage_window, runner, UploadDialog)
    dialog.file_edit.setText(str(source))
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    shown = [n.message for n in storage_window.notifications.history]
    assert any("virStorageVolUpload" in m for m in shown), shown  # the test driver cannot
    assert "small.iso" not in volumes(storage_window)
    progress = storage_window.findChildren(TransferDialog)
    assert all(not d.isVisible() for d in progress)
    assert all(d.result() != QDialog.DialogCode.Accepted for d in progress) or progress == []


def test_a_refused_replace_keeps_the_volume(
    storage_window: StorageWindow, runner: AsyncRunner, qtbot: Any, tmp_path: Path
) -> None:
    source = tmp_path / "new.iso"
    source.write_bytes(b"\0" * 65536)
    storage_window.select_pool("iso-library")
    runner.until(lambda: "debian-12.5.0-amd64-netinst.iso" in volumes(storage_window))
    storage_window.select_volume("debian-12.5.0-amd64-netinst.iso")
    click(qtbot, storage_window.upload_button)
    dialog = dialog_of(storage_window, runner, UploadDialog)
    assert dialog.replace_radio.isVisibleTo(dialog)
    dialog.file_edit.setText(str(source))
    dialog.replace_radio.setChecked(True)
    click(qtbot, dialog.ok_button)
    runner.run(storage_window.wait_idle())
    shown = [n.message for n in storage_window.notifications.history]
    assert any("virStorageVolUpload" in m for m in shown), shown
    assert "debian-12.5.0-amd64-netinst.iso" in volumes(storage_window)


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")
def test_connection_menu_opens_storage_at_the_pool(
    demo_app: Application, runner: AsyncRunner
) -> None:
    connections = demo_app.hub.connections
    root = connections.index(0, 0)
    demo_app.window.connection_view.expand(root)
    pool_index = next(
        connections.index(r, 0, root)
        for r in range(connections.rowCount(root))
        if connections.index(r, 0, root).data() == "iso-library"
    )
    view = demo_app.window.connection_view
    view.customContextMenuRequested.emit(view.visualRect(pool_index).center())
    menu = demo_app.window.findChildren(QMenu)[-1]
    entry = next(a for a in menu.actions() if a.objectName() == "menu_storage")
    entry.trigger()
    menu.close()
    window = next(iter(demo_app.controller.storage_windows.values()))
    assert window.isVisible()
    assert window.selected_pool().name == "iso-library"
    runner.run(window.wait_idle())
