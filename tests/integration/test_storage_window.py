"""The storage window on a real, isolated libvirtd: upload and download through its dialogs.

What the test driver cannot show: the progress dialog following a real stream, Cancel
stopping an upload and removing its new volume, and a download saving the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from kvmdesk.app import build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.storage.values import PoolSpec
from kvmdesk.models.connection_model import ConnectionRole
from kvmdesk.models.storage_model import VolumeColumn
from kvmdesk.ui.storage.transfer_dialogs import DownloadDialog, TransferDialog, UploadDialog
from kvmdesk.ui.storage.window import StorageWindow
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd
from tests.helpers.qt_async import AsyncRunner

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

MIB = 1024**2
POOL = "kvmdesk-it-window"


def visible(window: StorageWindow, runner: AsyncRunner, kind: type[Any]) -> Any:
    runner.until(lambda: any(d.isVisible() for d in window.findChildren(kind)), timeout=30)
    return next(d for d in window.findChildren(kind) if d.isVisible())


def names(window: StorageWindow) -> list[str]:
    model = window.volume_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_upload_cancel_and_download_through_the_window(
    qtbot: Any, runner: AsyncRunner, isolated_libvirtd: IsolatedLibvirtd, tmp_path: Path
) -> None:
    inventory = Inventory(persist=False)
    session = inventory.add(isolated_libvirtd.uri, label="isolated", remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.window.show()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    try:
        runner.run(
            session.storage.create_pool(
                PoolSpec(POOL, target_path=f"/var/lib/libvirt/images/{POOL}")
            )
        )
        window = app.controller.open_storage(session.uri, POOL)
        assert window is not None
        runner.until(lambda: window.selected_pool() is not None)

        image = tmp_path / "image.raw"
        image.write_bytes(os.urandom(20 * MIB))
        qtbot.mouseClick(window.upload_button, Qt.MouseButton.LeftButton)
        upload = visible(window, runner, UploadDialog)
        upload.file_edit.setText(str(image))
        assert upload.name_edit.text() == "image.raw"
        qtbot.mouseClick(upload.ok_button, Qt.MouseButton.LeftButton)
        runner.run(window.wait_idle(), timeout=120)
        assert "image.raw" in names(window)
        row = window.volume_model.row_of("image.raw")
        assert window.volume_model.index(row, VolumeColumn.CAPACITY).data() == "20 MiB"
        assert not any(d.isVisible() for d in window.findChildren(TransferDialog))

        big = tmp_path / "big.iso"
        with open(big, "wb") as handle:
            handle.truncate(512 * MIB)  # sparse here; the stream still carries every byte
        window.volume_view.clearSelection()
        qtbot.mouseClick(window.upload_button, Qt.MouseButton.LeftButton)
        upload = visible(window, runner, UploadDialog)
        upload.file_edit.setText(str(big))
        qtbot.mouseClick(upload.ok_button, Qt.MouseButton.LeftButton)
        progress = visible(window, runner, TransferDialog)
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
        runner.run(window.wait_idle(), timeout=120)
        assert not isValid(progress) or not progress.isVisible()
        assert "big.iso" not in names(window)
        assert "big.iso" not in [v.name for v in runner.run(session.storage.list_volumes(POOL))]
        assert window.notifications.history[-1].title == "Upload cancelled"

        window.select_volume("image.raw")
        target = tmp_path / "back.raw"
        qtbot.mouseClick(window.download_button, Qt.MouseButton.LeftButton)
        download = visible(window, runner, DownloadDialog)
        download.file_edit.setText(str(target))
        qtbot.mouseClick(download.ok_button, Qt.MouseButton.LeftButton)
        runner.run(window.wait_idle(), timeout=120)
        assert hashlib.sha256(target.read_bytes()).digest() == (
            hashlib.sha256(image.read_bytes()).digest()
        )
        assert window.notifications.history[-1].title == "Downloaded"
        window.close()
        runner.run(session.storage.delete_pool(POOL, remove_storage=True))

        # a pool defined and removed by another client reaches the connection tree by events
        tree = app.hub.connections
        root = tree.connection_index(session.uri)

        def tree_pools() -> list[str]:
            return [
                tree.index(r, 0, root).data()
                for r in range(tree.rowCount(root))
                if tree.index(r, 0, root).data(ConnectionRole.POOL) is not None
            ]

        other = isolated_libvirtd.open()
        try:
            xml = "<pool type='dir'><name>kvmdesk-it-other</name><target><path>/var/lib/libvirt/images/other</path></target></pool>"
            pool = other.storagePoolDefineXML(xml, 0)
            runner.until(lambda: tree_pools() == ["kvmdesk-it-other"], timeout=30)
            pool.undefine()
            runner.until(lambda: tree_pools() == [], timeout=30)
        finally:
            other.close()
    finally:
        runner.run(app.controller.wait_idle())
        runner.run(inventory.close())
