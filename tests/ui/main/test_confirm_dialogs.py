"""Force-off and delete confirmations: Cancel by default, volumes kept unless chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kvmdesk.core.types.snapshots import VolumeRef
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog, ForceOffDialog

VOLUMES = [
    VolumeRef(pool="default", name="web.qcow2", path="/var/lib/libvirt/images/web.qcow2"),
    VolumeRef(pool="default", name="web-data.qcow2", path="/var/lib/libvirt/images/web-data.qcow2"),
    VolumeRef(pool="fast", name="db.raw", path="/srv/fast/db.raw"),
]


def _volume_item_states(dialog: DeleteDialog) -> list[Qt.CheckState]:
    return [dialog.volume_list.item(r).checkState() for r in range(dialog.volume_list.count())]


def _tick(dialog: DeleteDialog, row: int) -> None:
    dialog.volume_list.item(row).setCheckState(Qt.CheckState.Checked)


# ---------------------------------------------------------------- force off


def test_force_off_one_names_it_and_warns(qtbot: Any) -> None:
    dialog = ForceOffDialog(["web"])
    qtbot.addWidget(dialog)
    assert dialog.question_label.text() == "Force off “web”?"
    assert "lost" in dialog.warning_label.text()
    assert dialog.cancel_button.isDefault()
    assert not dialog.force_off_button.isDefault()


def test_force_off_several_lists_the_names(qtbot: Any) -> None:
    names = [f"vm{i:02}" for i in range(12)]
    dialog = ForceOffDialog(names)
    qtbot.addWidget(dialog)
    assert dialog.question_label.text() == "Force off 12 virtual machines?"
    listed = dialog.names_label.text().splitlines()
    assert listed[:10] == names[:10]
    assert "2" in listed[-1]


def test_force_off_buttons(qtbot: Any) -> None:
    dialog = ForceOffDialog(["web", "db"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.force_off_button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------- delete


def _delete_dialog(qtbot: Any) -> DeleteDialog:
    dialog = DeleteDialog(["web", "db"], VOLUMES, running=["db"])
    qtbot.addWidget(dialog)
    return dialog


def test_delete_lists_domains_and_notes_running_ones(qtbot: Any) -> None:
    dialog = _delete_dialog(qtbot)
    rows = [dialog.domain_list.item(r).text() for r in range(dialog.domain_list.count())]
    assert rows[0] == "web"
    assert rows[1].startswith("db") and "will be forced off first" in rows[1]
    assert dialog.question_label.text() == "Delete 2 virtual machines?"
    assert dialog.cancel_button.isDefault()


def test_volumes_unchecked_and_disabled_by_default(qtbot: Any) -> None:
    dialog = _delete_dialog(qtbot)
    assert not dialog.volumes_check.isChecked()
    assert not dialog.volume_list.isEnabled()
    assert _volume_item_states(dialog) == [Qt.CheckState.Unchecked] * 3
    assert dialog.chosen_volumes() == []
    assert "deleted permanently" in dialog.volume_warning.text()


def test_master_checkbox_enables_the_list_and_choices_are_returned(qtbot: Any) -> None:
    dialog = _delete_dialog(qtbot)
    qtbot.mouseClick(dialog.volumes_check, Qt.MouseButton.LeftButton)
    assert dialog.volumes_check.isChecked()
    assert dialog.volume_list.isEnabled()
    # Enabling the list ticks nothing by itself.
    assert dialog.chosen_volumes() == []

    _tick(dialog, 0)
    _tick(dialog, 2)
    assert dialog.chosen_volumes() == [VOLUMES[0], VOLUMES[2]]
    assert dialog.volume_warning.text().startswith("2 storage volumes will be deleted permanently")

    dialog.volume_list.item(2).setCheckState(Qt.CheckState.Unchecked)
    assert "web.qcow2" in dialog.volume_warning.text()

    # Unticking the master box keeps every volume, whatever is ticked in the list.
    qtbot.mouseClick(dialog.volumes_check, Qt.MouseButton.LeftButton)
    assert not dialog.volume_list.isEnabled()
    assert dialog.chosen_volumes() == []


def test_volume_items_show_pool_and_path(qtbot: Any) -> None:
    dialog = _delete_dialog(qtbot)
    item = dialog.volume_list.item(2)
    assert "db.raw" in item.text() and "fast" in item.text()
    assert item.toolTip() == safe_tooltip("/srv/fast/db.raw")


def test_delete_without_volumes_hides_the_volume_choice(qtbot: Any) -> None:
    dialog = DeleteDialog(["web"], [])
    qtbot.addWidget(dialog)
    assert dialog.question_label.text() == "Delete “web”?"
    assert not dialog.volumes_check.isVisibleTo(dialog)
    assert dialog.chosen_volumes() == []
