"""AddConnectionDialog: presets, URI validation shared with core, duplicates, the value."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import Application
from kvmdesk.core.util.uri import PRESETS, SESSION_URI, SSH_TEMPLATE_URI, SYSTEM_URI, TEST_URI
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog, ConnectionSpec
from tests.helpers.qt_async import AsyncRunner


def _dialog(qtbot: Any, existing: tuple[str, ...] = ()) -> AddConnectionDialog:
    dialog = AddConnectionDialog(existing_uris=existing)
    qtbot.addWidget(dialog)
    return dialog


def _choose(dialog: AddConnectionDialog, uri: str | None) -> None:
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData(uri))


def test_starts_on_the_first_preset(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.preset_combo.count() == len(PRESETS) + 1
    assert dialog.preset_combo.itemText(dialog.preset_combo.count() - 1) == "Custom"
    assert dialog.uri_edit.text() == SYSTEM_URI
    assert dialog.ok_button.isEnabled()
    assert dialog.error_text() == ""
    assert dialog.autoconnect_check.isChecked()


def test_typing_a_bad_uri_disables_ok_and_says_why(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.clear()
    qtbot.keyClicks(dialog.uri_edit, "qemu/system")
    assert not dialog.ok_button.isEnabled()
    assert "not a libvirt URI" in dialog.error_text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.preset_combo.currentText() == "Custom"

    dialog.uri_edit.clear()
    assert dialog.error_text() == "connection URI is empty"
    assert not dialog.ok_button.isEnabled()

    qtbot.keyClicks(dialog.uri_edit, "qemu+tcp://203.0.113.5/system")
    assert dialog.ok_button.isEnabled()
    assert not dialog.error_label.isVisibleTo(dialog)


def test_a_uri_without_a_libvirt_driver_is_refused_before_connecting(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.clear()
    qtbot.keyClicks(dialog.uri_edit, "bogus:///x")
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_text() == (
        'no libvirt driver for "bogus:///x" (known: qemu, test, lxc, xen, ch, …)'
    )


@pytest.mark.parametrize(
    ("uri", "fragment"),
    [
        ("qemu+ssh://[::1/system", 'unmatched "["'),
        ("qemu+ssh://[::1]x/system", 'text after "]"'),
    ],
)
def test_a_malformed_uri_keeps_add_disabled_and_says_why(
    qtbot: Any, uri: str, fragment: str
) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText(uri)
    assert not dialog.ok_button.isEnabled()
    assert fragment in dialog.error_text()
    assert dialog.error_label.isVisibleTo(dialog)
    dialog.accept()  # Enter while Add is disabled: refused again, no traceback
    assert dialog.result() != dialog.DialogCode.Accepted


def test_choosing_presets_fills_the_uri(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _choose(dialog, SESSION_URI)
    assert dialog.uri_edit.text() == SESSION_URI
    _choose(dialog, TEST_URI)
    assert dialog.uri_edit.text() == TEST_URI
    # Custom keeps what is there for editing.
    _choose(dialog, None)
    assert dialog.uri_edit.text() == TEST_URI
    assert dialog.ok_button.isEnabled()


def test_ssh_preset_selects_user_at_host_for_typing_over(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _choose(dialog, SSH_TEMPLATE_URI)
    assert dialog.uri_edit.text() == SSH_TEMPLATE_URI
    assert dialog.uri_edit.selectedText() == "user@host"
    qtbot.keyClicks(dialog.uri_edit, "admin@203.0.113.7")
    assert dialog.uri_edit.text() == "qemu+ssh://admin@203.0.113.7/system"
    assert dialog.preset_combo.currentText() == "Custom"
    assert dialog.ok_button.isEnabled()


def test_typing_a_preset_uri_selects_that_preset(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText(TEST_URI)
    assert dialog.preset_combo.currentData() == TEST_URI


def test_duplicate_uri_is_refused(qtbot: Any) -> None:
    dialog = _dialog(qtbot, existing=(SYSTEM_URI, SESSION_URI))
    # Starts on the first preset that is not in the list yet.
    assert dialog.uri_edit.text() == SSH_TEMPLATE_URI
    _choose(dialog, SYSTEM_URI)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_text() == "This connection is already in the list"
    dialog.uri_edit.setText(f"  {SESSION_URI} ")
    assert dialog.error_text() == "This connection is already in the list"
    _choose(dialog, TEST_URI)
    assert dialog.ok_button.isEnabled()


def test_value_is_the_stripped_uri_and_the_autoconnect_choice(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText("  qemu+ssh://admin@203.0.113.7/system ")
    qtbot.mouseClick(dialog.autoconnect_check, Qt.MouseButton.LeftButton)
    assert dialog.value() == ConnectionSpec(
        uri="qemu+ssh://admin@203.0.113.7/system", autoconnect=False
    )


def test_ok_accepts(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.value() == ConnectionSpec(uri=SYSTEM_URI, autoconnect=True)


# The offscreen platform warns on every shown top-level window; nothing to fix here.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_shown_dialog_focuses_user_at_host(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    _choose(dialog, SSH_TEMPLATE_URI)
    assert dialog.focusWidget() is dialog.uri_edit
    qtbot.keyClicks(dialog.uri_edit, "root@203.0.113.9")
    assert dialog.value().uri == "qemu+ssh://root@203.0.113.9/system"


def test_demo_run_says_added_connections_are_not_saved(
    demo_app: Application, runner: AsyncRunner
) -> None:
    assert not demo_app.inventory.saves  # --demo / --connect keep the saved list as it is
    demo_app.window.add_connection_action.trigger()
    runner.until(
        lambda: any(d.isVisible() for d in demo_app.window.findChildren(AddConnectionDialog))
    )
    dialog = next(d for d in demo_app.window.findChildren(AddConnectionDialog) if d.isVisible())
    assert dialog.unsaved_note.isVisible()
    assert "not saved" in dialog.unsaved_note.text()
    assert not dialog.autoconnect_check.isVisible()  # no setting that would not stick
    dialog.reject()


def test_a_saving_run_offers_autoconnect_without_the_note(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    assert dialog.autoconnect_check.isVisible() and not dialog.unsaved_note.isVisible()


# ----------------------------------------------------- URIs that make libvirt run a program


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("qemu+ext:///system?command=/opt/tunnel", "/opt/tunnel — on this computer"),
        ("qemu+ssh://host/system?CoMmAnD=%2Ftmp%2Fprog", "/tmp/prog — on this computer, as you"),
        ("qemu+ssh://host/system?netcat=/usr/bin/nc", "/usr/bin/nc — on the remote host"),
    ],
)
def test_a_program_uri_shows_the_program_and_needs_confirmation(
    qtbot: Any, uri: str, shown: str
) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText(uri)
    assert dialog.program_frame.isVisibleTo(dialog)
    assert shown in dialog.program_label.text()
    assert not dialog.ok_button.isEnabled()
    assert dialog.value().consent is None
    qtbot.mouseClick(dialog.program_confirm, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled()
    consent = dialog.value().consent
    assert consent is not None and consent.covers(uri)


def test_editing_the_uri_withdraws_the_confirmation(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText("qemu+ssh://host/system?command=/opt/a")
    dialog.program_confirm.setChecked(True)
    assert dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.uri_edit, "b")
    assert "/opt/ab" in dialog.program_label.text()
    assert not dialog.program_confirm.isChecked() and not dialog.ok_button.isEnabled()
    dialog.uri_edit.setText(SYSTEM_URI)
    assert not dialog.program_frame.isVisibleTo(dialog) and dialog.ok_button.isEnabled()
    assert dialog.value().consent is None
