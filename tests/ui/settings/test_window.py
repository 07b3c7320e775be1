"""The settings window through the real app on the demo inventory (libvirt's test driver).

Each section is driven with the widgets a user touches (the VM menu's Settings…,
spin boxes, check boxes, the boot list's Up button, the disk and folder dialogs,
Apply and Revert); results are read back from libvirt's XML of the domain.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.ui.nic.dialog import NicDialog
from kvmdesk.ui.settings.devices import SharedFolderDialog
from kvmdesk.ui.settings.disks import AddDiskDialog
from kvmdesk.ui.settings.window import SettingsWindow
from tests.helpers.qt_async import AsyncRunner

SHUT_OFF = "fedora-sandbox"  # 2 CPUs, 3 GiB, vda on virtio, a user-mode NIC
RUNNING = "k8s-node-1"  # running; 4 CPUs
WINDOWS = "win11-desktop"  # shut off, UEFI, sda disk + sdb CD-ROM on SATA


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _domain(app: Application, name: str) -> DomainSnapshot:
    return _session(app).lifecycle.find(name)


def _open(app: Application, runner: AsyncRunner, name: str) -> SettingsWindow:
    domain = _domain(app, name)
    app.window.select_keys([domain.key])
    assert app.window.settings_action.isEnabled()
    app.window.settings_action.trigger()
    window = app.controller.settings_windows.windows[domain.key]
    runner.run(window.wait_idle())
    assert window.view is not None
    return window


def _xml(
    app: Application, runner: AsyncRunner, name: str, *, inactive: bool = True
) -> etree._Element:
    uuid = _domain(app, name).uuid
    text = runner.run(_session(app).lifecycle.xml(uuid, inactive=inactive))
    return etree.fromstring(text.encode())


def _apply(window: SettingsWindow, runner: AsyncRunner, page: Any, qtbot: Any) -> None:
    assert page.apply_button.isEnabled(), page.problems_label.text()
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())


def test_settings_from_the_vm_menu_lists_every_section(
    demo_app: Application, runner: AsyncRunner
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    sections = [window.section_list.item(row).text() for row in range(window.section_list.count())]
    assert sections == [
        "Overview",
        "CPUs",
        "Memory",
        "Boot",
        "Disks",
        "Shared folders",
        "Network interfaces",
        "Host USB devices",
        "Other devices",
    ]
    assert window.windowTitle() == "fedora-sandbox — Settings"
    # The same VM again raises the same window.
    demo_app.window.settings_action.trigger()
    assert len(demo_app.controller.settings_windows.windows) == 1


def test_overview_title_autostart_and_revert(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, WINDOWS)
    page = window.overview
    assert page.firmware_label.text() == "UEFI"
    assert not page.apply_button.isEnabled()
    page.title_edit.setText("Installer test bench")
    page.autostart_check.setChecked(True)
    assert page.revert_button.isEnabled()
    _apply(window, runner, page, qtbot)
    assert _xml(demo_app, runner, WINDOWS).findtext("title") == "Installer test bench"
    handle = _session(demo_app).handle(_domain(demo_app, WINDOWS).uuid)
    assert handle.autostart() == 1
    assert "Applied" in page.message_label.text()
    page.title_edit.setText("typo")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.title_edit.text() == "Installer test bench"


def test_rename_is_offered_only_when_shut_off(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    running = _open(demo_app, runner, RUNNING)
    assert running.overview.name_edit.isReadOnly()
    assert "cannot be renamed" in running.overview.name_note.text()
    window = _open(demo_app, runner, SHUT_OFF)
    window.overview.name_edit.setText("fedora-lab")
    _apply(window, runner, window.overview, qtbot)
    runner.until(lambda: window.windowTitle() == "fedora-lab — Settings")


def test_cpus_live_and_after_restart(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, RUNNING)
    page = window.cpus
    assert "Running now with 4 of 4 CPUs" in page.live_label.text()
    page.current_spin.setValue(5)
    assert not page.apply_button.isEnabled()
    assert page.problems_label.text() == "Current CPUs (5) must not exceed Maximum CPUs (4)"
    page.current_spin.setValue(2)
    _apply(window, runner, page, qtbot)
    assert _xml(demo_app, runner, RUNNING, inactive=False).find("vcpu").get("current") == "2"  # type: ignore[union-attr]
    assert not page.badge.isVisible() or page.badge.isHidden()
    page.maximum_spin.setValue(8)
    _apply(window, runner, page, qtbot)
    assert _xml(demo_app, runner, RUNNING).findtext("vcpu") == "8"
    assert _xml(demo_app, runner, RUNNING, inactive=False).findtext("vcpu") == "4"
    assert not page.badge.isHidden()
    assert not window.section_list.item(1).icon().isNull()  # the badge in the section list


def test_cpu_topology_and_model(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    page = window.cpus
    page.maximum_spin.setValue(4)
    page.topology_box.setChecked(True)
    page.sockets_spin.setValue(1)
    page.cores_spin.setValue(2)
    page.threads_spin.setValue(1)
    assert "must equal Maximum CPUs (4)" in page.problems_label.text()
    page.threads_spin.setValue(2)
    page.mode_combo.setCurrentIndex(page.mode_combo.findData("host-passthrough"))
    _apply(window, runner, page, qtbot)
    cpu = _xml(demo_app, runner, SHUT_OFF).find("cpu")
    assert cpu is not None and cpu.get("mode") == "host-passthrough"
    assert dict(cpu.find("topology").attrib) == {  # type: ignore[union-attr]
        "sockets": "1",
        "dies": "1",
        "cores": "2",
        "threads": "2",
    }


def test_memory_and_shared_backing(demo_app: Application, runner: AsyncRunner, qtbot: Any) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    page = window.memory
    assert page.maximum_spin.value() == 3072
    page.current_spin.setValue(2048)
    page.shared_check.setChecked(True)
    _apply(window, runner, page, qtbot)
    root = _xml(demo_app, runner, SHUT_OFF)
    assert root.findtext("currentMemory") == str(2048 * 1024)
    assert root.find("memoryBacking/source").get("type") == "memfd"  # type: ignore[union-attr]


def test_boot_order_with_up_and_menu(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, WINDOWS)
    page = window.boot
    texts = [page.order_list.item(row).text() for row in range(page.order_list.count())]
    assert texts[0].startswith("Disk sda")
    assert any(text.startswith("CD-ROM sdb") for text in texts)
    cdrom_row = next(row for row, text in enumerate(texts) if text.startswith("CD-ROM"))
    page.order_list.item(cdrom_row).setCheckState(Qt.CheckState.Checked)
    page.order_list.setCurrentRow(cdrom_row)
    while page.order_list.currentRow() > 0:
        qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    page.menu_check.setChecked(True)
    _apply(window, runner, page, qtbot)
    root = _xml(demo_app, runner, WINDOWS)
    assert root.find("os/boot") is None
    orders = {
        d.find("target").get("dev"): d.find("boot").get("order")  # type: ignore[union-attr]
        for d in root.iterfind("devices/disk")
        if d.find("boot") is not None
    }
    assert orders == {"sdb": "1", "sda": "2"}
    assert root.find("os/bootmenu").get("enable") == "yes"  # type: ignore[union-attr]


def test_disks_add_edit_remove_and_cdrom_media(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, WINDOWS)
    page = window.disks
    assert page.table.rowCount() == 2
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, AddDiskDialog))
    dialog = window.dialog
    assert isinstance(dialog, AddDiskDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.path_edit.setText("data.img")
    assert not ok.isEnabled() and "must be absolute" in dialog.problems_label.text()
    dialog.path_edit.setText("/var/lib/libvirt/images/win11-data.img")
    assert ok.isEnabled()
    ok.click()
    runner.run(window.wait_idle())
    targets = [
        d.find("target").get("dev")
        for d in _xml(demo_app, runner, WINDOWS).iterfind("devices/disk")
    ]  # type: ignore[union-attr]
    assert "vda" in targets
    assert page.table.rowCount() == 3
    # Cache mode of the new disk.
    page.select("vda")
    page.cache_combo.setCurrentIndex(page.cache_combo.findData("none"))
    _apply(window, runner, page, qtbot)
    disk = _xml(demo_app, runner, WINDOWS).find("devices/disk/target[@dev='vda']/..")
    assert disk is not None and disk.find("driver").get("cache") == "none"  # type: ignore[union-attr]
    # Eject and insert on the CD-ROM.
    page.select("sdb")
    assert page.eject_button.isEnabled()
    qtbot.mouseClick(page.eject_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    cdrom = _xml(demo_app, runner, WINDOWS).find("devices/disk[@device='cdrom']")
    assert cdrom is not None and cdrom.find("source") is None
    qtbot.mouseClick(page.insert_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, QInputDialog))
    ask = window.dialog
    assert isinstance(ask, QInputDialog)
    ask.setTextValue("/var/lib/libvirt/iso/tools.iso")
    ask.accept()
    runner.run(window.wait_idle())
    cdrom = _xml(demo_app, runner, WINDOWS).find("devices/disk[@device='cdrom']")
    assert cdrom.find("source").get("file") == "/var/lib/libvirt/iso/tools.iso"  # type: ignore[union-attr]
    # Remove asks first.
    page.select("vda")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = window.dialog
    assert isinstance(box, QMessageBox)
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    remove.click()
    runner.run(window.wait_idle())
    targets = [
        d.find("target").get("dev")
        for d in _xml(demo_app, runner, WINDOWS).iterfind("devices/disk")
    ]  # type: ignore[union-attr]
    assert sorted(targets) == ["sda", "sdb"]


def test_resize_of_a_shut_off_vm_shows_libvirts_refusal(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    qtbot.mouseClick(window.disks.resize_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, QInputDialog))
    ask = window.dialog
    assert isinstance(ask, QInputDialog)
    ask.setTextValue("40G")
    ask.accept()
    runner.run(window.wait_idle())
    # The demo's disk is a pool volume; the test driver cannot resize volumes.
    assert "virStorageVolResize" in window.disks.message_label.text()
    ask_again = window.disks.resize_button
    qtbot.mouseClick(ask_again, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, QInputDialog))
    window.dialog.setTextValue("1G")  # type: ignore[union-attr]
    window.dialog.accept()  # type: ignore[union-attr]
    runner.run(window.wait_idle())
    assert "would shrink" in window.disks.message_label.text()


def test_shared_folder_dialog_shows_the_guest_command(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    qtbot.mouseClick(window.shares.add_button, Qt.MouseButton.LeftButton)
    runner.until(lambda: isinstance(window.dialog, SharedFolderDialog))
    dialog = window.dialog
    assert isinstance(dialog, SharedFolderDialog)
    dialog.path_edit.setText("/srv/projects")
    assert dialog.tag_edit.text() == "projects"
    assert dialog.command_label.text() == (
        "mkdir -p /mnt/projects && mount -t virtiofs projects /mnt/projects"
    )
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    runner.run(window.wait_idle())
    assert window.shares.table.rowCount() == 1
    root = _xml(demo_app, runner, SHUT_OFF)
    assert root.find("devices/filesystem/driver").get("type") == "virtiofs"  # type: ignore[union-attr]
    assert root.find("memoryBacking/access").get("mode") == "shared"  # type: ignore[union-attr]
    window.shares.table.selectRow(0)
    qtbot.mouseClick(window.shares.remove_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    assert window.shares.table.rowCount() == 0


def test_network_interfaces_section_opens_the_nic_dialog(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    assert window.nics.model.rowCount() == 1
    window.nics.view.selectRow(0)
    qtbot.mouseClick(window.nics.edit_button, Qt.MouseButton.LeftButton)
    editing = demo_app.controller.nic_editing
    runner.until(lambda: isinstance(editing.dialog, NicDialog))
    assert editing.dialog is not None
    assert editing.dialog.parent() is window  # shown over the settings window
    editing.dialog.reject()
    runner.run(demo_app.controller.wait_idle())
    qtbot.mouseClick(window.nics.remove_button, Qt.MouseButton.LeftButton)
    box = editing.confirmation
    assert box is not None and box.parent() is window
    next(b for b in box.buttons() if b.text() == "Remove").click()
    runner.run(demo_app.controller.wait_idle())
    runner.until(lambda: window.nics.model.rowCount() == 0)
    assert _xml(demo_app, runner, SHUT_OFF).find("devices/interface") is None


def test_a_change_made_elsewhere_meanwhile_is_a_conflict(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    page = window.memory
    page.current_spin.setValue(1024)  # edited, not applied yet
    # Someone else sets the current memory meanwhile.
    conn = _session(demo_app).raw_connection
    domain = conn.lookupByName(SHUT_OFF)
    xml = domain.XMLDesc(2).replace(
        f"<currentMemory unit='KiB'>{3072 * 1024}</currentMemory>",
        f"<currentMemory unit='KiB'>{1536 * 1024}</currentMemory>",
    )
    conn.defineXML(xml)
    runner.run(window.wait_idle())
    assert page.current_spin.value() == 1024  # the user's edit is kept on screen
    _apply(window, runner, page, qtbot)
    assert "changed meanwhile" in page.message_label.text()
    assert "current memory (you started from 3 GiB, it is now 1.5 GiB)" in page.message_label.text()
    assert _xml(demo_app, runner, SHUT_OFF).findtext("currentMemory") == str(1536 * 1024)
    assert page.current_spin.value() == 1536  # reloaded: the user sees what is there now


def test_other_devices_add_and_remove(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, SHUT_OFF)
    page = window.other
    kinds = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert "Graphics" in kinds and "Video" in kinds
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("watchdog"))
    page.model_combo.setCurrentText("i6300esb")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    root = _xml(demo_app, runner, SHUT_OFF)
    assert root.find("devices/watchdog").get("model") == "i6300esb"  # type: ignore[union-attr]
    assert not page.add_button.isEnabled()  # one watchdog per VM
    assert page.problems_label.text() == "Watchdog: a VM has only one"
    row = next(
        r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Watchdog"
    )
    page.table.selectRow(row)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    assert _xml(demo_app, runner, SHUT_OFF).find("devices/watchdog") is None


def test_other_devices_change_the_video_model(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner, WINDOWS)
    page = window.other
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Video")
    page.table.selectRow(row)
    assert page.kind_combo.currentData() == "video"
    assert page.model_combo.currentText() == "qxl"
    assert not page.change_button.isEnabled()
    page.model_combo.setCurrentText("virtio")
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    runner.run(window.wait_idle())
    model = _xml(demo_app, runner, WINDOWS).find("devices/video/model")
    assert model is not None and model.get("type") == "virtio"
