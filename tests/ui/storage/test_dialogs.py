"""The storage dialogs driven through their widgets: every validation message, every value."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListWidget

from kvmdesk.core.storage.access import qemu_user
from kvmdesk.core.storage.values import (
    CREATABLE_POOL_TYPES,
    NetfsFormat,
    PoolCapabilities,
    PoolSnapshot,
    PoolState,
    PoolType,
    Preallocation,
    TransferProgress,
    VolumeFormat,
    VolumeSnapshot,
)
from kvmdesk.ui.storage.delete_dialogs import DeletePoolDialog, DeleteVolumeDialog
from kvmdesk.ui.storage.pool_dialog import CreatePoolDialog
from kvmdesk.ui.storage.transfer_dialogs import DownloadDialog, TransferDialog, UploadDialog
from kvmdesk.ui.storage.volume_dialogs import (
    CloneVolumeDialog,
    CreateVolumeDialog,
    ResizeVolumeDialog,
)

GIB = 1024**3
URI = "qemu:///system"
ALL = PoolCapabilities(CREATABLE_POOL_TYPES)
POOL = PoolSnapshot(
    URI, "images", "", "dir", PoolState.RUNNING, capacity=100 * GIB, allocation=80 * GIB,
    available=20 * GIB, target_path="/var/lib/libvirt/images",
)  # fmt: skip
OTHER = dataclasses.replace(POOL, name="fast", target_path="/srv/fast")
DISK = VolumeSnapshot(
    "images", "disk.qcow2", "k", "/var/lib/libvirt/images/disk.qcow2", "qcow2",
    capacity=20 * GIB, allocation=3 * GIB, used_by=("db", "web"),
)  # fmt: skip
RAW = VolumeSnapshot(
    "images", "data.img", "k2", "/var/lib/libvirt/images/data.img", "raw",
    capacity=10 * GIB, allocation=10 * GIB,
)  # fmt: skip


def shows(dialog: Any, message: str) -> None:
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_label.text() == message


def accepts(dialog: Any) -> None:
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    assert dialog.error_label.text() == ""


# ------------------------------------------------------------------ pools


def test_new_pool_defaults_to_a_folder_in_the_images_folder(qtbot: Any) -> None:
    dialog = CreatePoolDialog(URI, [POOL], ALL)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "pool"
    assert dialog.path_edit.text() == "/var/lib/libvirt/images/pool"
    dialog.name_edit.setText("lab")
    assert dialog.path_edit.text() == "/var/lib/libvirt/images/lab"  # follows the name
    accepts(dialog)
    spec = dialog.value()
    assert (spec.name, spec.type, spec.target_path, spec.autostart) == (
        "lab", PoolType.DIR, "/var/lib/libvirt/images/lab", True,
    )  # fmt: skip
    dialog.path_edit.setText("/srv/vms")
    dialog.path_edit.textEdited.emit("/srv/vms")
    dialog.name_edit.setText("lab2")
    assert dialog.path_edit.text() == "/srv/vms"  # an edited folder stays
    assert dialog.note_label.text() == ""  # the types are the connection's own


def test_only_offered_types_are_listed(qtbot: Any) -> None:
    dialog = CreatePoolDialog(URI, [], PoolCapabilities((PoolType.DIR, PoolType.NETFS)))
    qtbot.addWidget(dialog)
    assert [dialog.type_combo.itemData(i) for i in range(dialog.type_combo.count())] == [
        "dir",
        "netfs",
    ]
    unknown = CreatePoolDialog(URI, [], PoolCapabilities(CREATABLE_POOL_TYPES, known=False))
    qtbot.addWidget(unknown)
    assert "does not report which pool types" in unknown.note_label.text()


@pytest.mark.parametrize(
    ("pool_type", "fields", "message"),
    [
        ("dir", {"name_edit": "images"}, "a pool named 'images' already exists"),
        ("dir", {"name_edit": ""}, "the pool needs a name"),
        ("dir", {"name_edit": "a/b"}, "the pool name must not contain '/': 'a/b'"),
        ("dir", {"path_edit": "vms"}, "the pool folder must be an absolute path: 'vms'"),
        (
            "dir",
            {"path_edit": "/var/lib/libvirt/images"},
            "the folder /var/lib/libvirt/images is already pool 'images'",
        ),
        ("fs", {}, "the source device needs a path"),
        ("fs", {"device_edit": "sdb1"}, "the source device must be an absolute path: 'sdb1'"),
        ("netfs", {}, "the pool needs the server's host name or address"),
        ("netfs", {"host_edit": "nas"}, "the exported folder needs a path"),
        ("logical", {}, "a logical pool needs the name of its LVM volume group"),
        (
            "logical",
            {"source_name_edit": "vg0", "device_edit": "sdc"},
            "the source device must be an absolute path: 'sdc'",
        ),
        ("iscsi-direct", {"host_edit": "san"}, "the iSCSI target must be an IQN (iqn.…): ''"),
        (
            "iscsi-direct",
            {"host_edit": "san", "source_name_edit": "iqn.2026-01.x:t"},
            "the initiator must be an IQN (iqn.…): ''",
        ),
    ],
)
def test_pool_messages(qtbot: Any, pool_type: str, fields: dict[str, str], message: str) -> None:
    dialog = CreatePoolDialog(URI, [POOL], ALL)
    qtbot.addWidget(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(pool_type))
    for name, text in fields.items():
        getattr(dialog, name).setText(text)
    shows(dialog, message)


def test_each_type_shows_its_own_fields(qtbot: Any) -> None:
    dialog = CreatePoolDialog(URI, [], ALL)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("netfs"))
    assert dialog.host_edit.isVisible() and dialog.source_dir_edit.isVisible()
    assert not dialog.initiator_edit.isVisible()
    assert dialog.path_edit.text() == "/mnt/pool"
    dialog.host_edit.setText("nas.example")
    dialog.source_dir_edit.setText("/export/vms")
    dialog.netfs_combo.setCurrentIndex(dialog.netfs_combo.findData("nfs"))
    accepts(dialog)
    spec = dialog.value()
    assert (spec.source_host, spec.source_dir, spec.netfs_format) == (
        "nas.example", "/export/vms", NetfsFormat.NFS,
    )  # fmt: skip
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("iscsi-direct"))
    assert dialog.initiator_edit.isVisible() and not dialog.path_edit.isVisible()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("logical"))
    assert dialog.source_name_edit.isVisible() and not dialog.path_edit.isVisible()
    assert not dialog.find_button.isVisible()  # no way to look sources up was given


# ---------------------------------------------------------------- volumes


def test_new_volume_defaults_and_value(qtbot: Any) -> None:
    dialog = CreateVolumeDialog(POOL, [DISK, RAW], [DISK, RAW])
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "disk-2.qcow2"  # disk.qcow2 is taken
    assert dialog.size_field.bytes() == 20 * GIB
    accepts(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("raw"))
    assert dialog.name_edit.text() == "disk.img"
    dialog.preallocation_combo.setCurrentIndex(dialog.preallocation_combo.findData("full"))
    dialog.size_field.number.setValue(8)
    accepts(dialog)
    spec = dialog.value()
    assert (spec.name, spec.capacity, spec.format, spec.preallocation) == (
        "disk.img", 8 * GIB, VolumeFormat.RAW, Preallocation.FULL,
    )  # fmt: skip


def test_backing_file_makes_a_qcow2_overlay_of_its_size(qtbot: Any) -> None:
    dialog = CreateVolumeDialog(POOL, [DISK, RAW], [DISK, RAW])
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("raw"))
    dialog.backing_combo.setCurrentIndex(dialog.backing_combo.findData(RAW.path))
    assert dialog.format_combo.currentData() == "qcow2"
    assert dialog.size_field.bytes() == 10 * GIB
    accepts(dialog)
    spec = dialog.value()
    assert (spec.backing_path, spec.backing_format) == (RAW.path, "raw")
    dialog.size_field.number.setValue(5)
    shows(dialog, "the volume cannot be smaller than its backing file")
    dialog.size_field.number.setValue(10)
    dialog.preallocation_combo.setCurrentIndex(dialog.preallocation_combo.findData("metadata"))
    shows(dialog, "a volume with a backing file cannot be preallocated")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "disk.qcow2"}, "a volume named 'disk.qcow2' already exists"),
        ({"name": ""}, "the volume needs a name"),
        ({"name": "a/b"}, "the volume name must not contain '/': 'a/b'"),
        ({"size": 0}, "the volume must be at least 1 MiB"),
        (
            {"format": "raw", "preallocation": "metadata"},
            "metadata preallocation needs the qcow2 format",
        ),
        (
            {"preallocation": "full", "size": 50},
            "pool 'images' has not enough free space for a full allocation",
        ),
    ],
)
def test_volume_messages(qtbot: Any, changes: dict[str, Any], message: str) -> None:
    dialog = CreateVolumeDialog(POOL, [DISK, RAW], [])
    qtbot.addWidget(dialog)
    if "format" in changes:
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(changes["format"]))
    if "name" in changes:
        dialog.name_edit.setText(changes["name"])
    if "size" in changes:
        dialog.size_field.number.setValue(changes["size"])
    if "preallocation" in changes:
        combo = dialog.preallocation_combo
        combo.setCurrentIndex(combo.findData(changes["preallocation"]))
    shows(dialog, message)


def test_a_stopped_pool_takes_no_volume(qtbot: Any) -> None:
    stopped = dataclasses.replace(POOL, state=PoolState.INACTIVE)
    dialog = CreateVolumeDialog(stopped, [], [])
    qtbot.addWidget(dialog)
    shows(dialog, "pool 'images' is not running: start it first")


def test_resize(qtbot: Any) -> None:
    dialog = ResizeVolumeDialog(DISK)
    qtbot.addWidget(dialog)
    assert dialog.current_label.text() == "20 GiB"
    shows(dialog, "the new size is the current size")
    assert not dialog.shrink_check.isEnabled()  # qcow2 cannot shrink
    dialog.size_field.number.setValue(10)
    shows(dialog, "the new size is smaller than the current one (shrinking loses data)")
    dialog.size_field.number.setValue(40)
    accepts(dialog)
    assert dialog.value() == (40 * GIB, False)
    raw = ResizeVolumeDialog(RAW)
    qtbot.addWidget(raw)
    raw.size_field.number.setValue(5)
    raw.shrink_check.setChecked(True)
    accepts(raw)
    assert raw.value() == (5 * GIB, True)


def test_clone(qtbot: Any) -> None:
    names = {"images": ["disk.qcow2", "data.img", "disk-clone.qcow2"], "fast": []}
    dialog = CloneVolumeDialog(DISK, [POOL, OTHER], names)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "disk-clone-2.qcow2"
    accepts(dialog)
    dialog.name_edit.setText("data.img")
    shows(dialog, "a volume named 'data.img' already exists")
    dialog.pool_combo.setCurrentIndex(dialog.pool_combo.findData("fast"))
    accepts(dialog)
    assert dialog.value() == ("data.img", "fast")
    full = CloneVolumeDialog(DISK, [dataclasses.replace(POOL, available=GIB)], names)
    qtbot.addWidget(full)
    full.name_edit.setText("copy.qcow2")
    shows(full, "pool 'images' has not enough free space for the copy")


# ---------------------------------------------------------------- delete


def test_deleting_a_volume_in_use_needs_the_confirmation(qtbot: Any) -> None:
    dialog = DeleteVolumeDialog(DISK)
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "usersList")
    assert [listing.item(r).text() for r in range(listing.count())] == ["db", "web"]
    shows(dialog, "The volume is in use: confirm that its virtual machines lose it.")
    assert dialog.confirmed_users() == ()
    dialog.confirm_check.setChecked(True)
    accepts(dialog)
    assert dialog.confirmed_users() == ("db", "web")
    free = DeleteVolumeDialog(RAW)
    qtbot.addWidget(free)
    accepts(free)
    assert free.confirmed_users() == ()


def test_a_pool_in_use_cannot_be_deleted(qtbot: Any) -> None:
    dialog = DeletePoolDialog(POOL, ("db", "web"), 2)
    qtbot.addWidget(dialog)
    shows(dialog, "Remove its disks from these virtual machines first.")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    free = DeletePoolDialog(OTHER, (), 3)
    qtbot.addWidget(free)
    accepts(free)
    assert not free.remove_storage()
    free.remove_check.setChecked(True)
    assert free.remove_storage()


# -------------------------------------------------------------- transfers


def test_upload(qtbot: Any, tmp_path: Path) -> None:
    dialog = UploadDialog(POOL, [DISK, RAW])
    qtbot.addWidget(dialog)
    shows(dialog, "choose the file to upload")
    dialog.file_edit.setText(str(tmp_path / "missing.iso"))
    shows(dialog, f"no file {tmp_path / 'missing.iso'}")
    iso = tmp_path / "debian.iso"
    iso.write_bytes(b"\0" * 4096)
    dialog.file_edit.setText(str(iso))
    assert dialog.name_edit.text() == "debian.iso"
    assert dialog.size_label.text() == "4 KiB, free in the pool: 20 GiB"
    accepts(dialog)
    assert dialog.value() == (str(iso), "debian.iso")
    dialog.name_edit.setText("disk.qcow2")
    shows(dialog, "a volume named 'disk.qcow2' already exists")


def test_download(qtbot: Any, tmp_path: Path) -> None:
    dialog = DownloadDialog(RAW)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(tmp_path / "copy.img"))
    accepts(dialog)
    existing = tmp_path / "there.img"
    existing.write_bytes(b"x")
    dialog.file_edit.setText(str(existing))
    shows(dialog, f"{existing} exists already")
    dialog.file_edit.setText(str(tmp_path / "no" / "x.img"))
    shows(dialog, f"no folder {tmp_path / 'no'}")
    dialog.file_edit.setText(str(tmp_path))
    shows(dialog, f"{tmp_path} is a folder: give a file name")
    dialog.file_edit.setText("relative.img")
    shows(dialog, "the file must be an absolute path: 'relative.img'")


def test_transfer_progress_and_cancel(qtbot: Any) -> None:
    dialog = TransferDialog("Uploading", "Uploading x")
    qtbot.addWidget(dialog)
    dialog.report(TransferProgress(25 * 1024**2, 100 * 1024**2))
    assert dialog.bar.value() == 250
    assert dialog.bytes_label.text() == "25 MiB of 100 MiB (25%)"
    assert not dialog.cancel.is_set()
    dialog.cancel_button.click()
    assert dialog.cancel.is_set()
    assert not dialog.cancel_button.isEnabled()
    assert dialog.bytes_label.text() == "Cancelling…"


def test_upload_can_replace_the_selected_volume(qtbot: Any, tmp_path: Path) -> None:
    dialog = UploadDialog(POOL, [DISK, RAW], replaceable=RAW)
    qtbot.addWidget(dialog)
    assert dialog.replace_radio.text() == "Replace the data of “data.img” (10 GiB)"
    image = tmp_path / "disk.raw"
    image.write_bytes(b"\1" * 8192)
    dialog.file_edit.setText(str(image))
    assert not dialog.replaces()
    dialog.replace_radio.setChecked(True)
    assert not dialog.name_edit.isEnabled()
    accepts(dialog)
    assert dialog.replaces()
    assert dialog.value() == (str(image), "data.img")
    small = dataclasses.replace(RAW, capacity=4096)
    too_big = UploadDialog(POOL, [small], replaceable=small)
    qtbot.addWidget(too_big)
    too_big.file_edit.setText(str(image))
    too_big.replace_radio.setChecked(True)
    shows(too_big, "the file is larger than the volume data.img")
    plain = UploadDialog(POOL, [DISK])
    qtbot.addWidget(plain)
    assert plain.replace_radio.isHidden() and not plain.replaces()


def test_a_folder_qemu_cannot_reach_is_a_warning_not_an_error(qtbot: Any) -> None:
    if qemu_user() is None or os.geteuid() != 0:
        pytest.fail("needs root and the QEMU user (run `bash bootstrap.sh test`)")
    closed = Path(tempfile.mkdtemp(prefix="kvmdesk-closed-", dir="/tmp"))
    try:
        closed.chmod(0o700)
        dialog = CreatePoolDialog(URI, [POOL], ALL)
        qtbot.addWidget(dialog)
        assert dialog.access_label.text() == ""
        dialog.path_edit.setText(str(closed / "vms"))
        assert dialog.access_label.text().startswith("QEMU (user ")
        assert f"{closed} is not searchable by it" in dialog.access_label.text()
        accepts(dialog)  # the user may fix the folder first; nothing is changed silently
        dialog.path_edit.setText("/var/lib/libvirt/images/lab")
        assert dialog.access_label.text() == ""
    finally:
        shutil.rmtree(closed)
