"""AddConnectionDialog: presets, URI validation shared with core, duplicates, the value."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.app import Application
from kvmdesk.core.util.uri import SESSION_URI, SYSTEM_URI, TEST_URI
from kvmdesk.core.util.uri_fields import Hypervisor
from kvmdesk.ui.main.connection_dialog import AddConnectionDialog, ConnectionSpec
from tests.helpers.qt_async import AsyncRunner


def _dialog(qtbot: Any, existing: tuple[str, ...] = ()) -> AddConnectionDialog:
    dialog = AddConnectionDialog(existing_uris=existing)
    qtbot.addWidget(dialog)
    return dialog


def _choose(dialog: AddConnectionDialog, hypervisor: Hypervisor | None) -> None:
    dialog.hypervisor_combo.setCurrentIndex(dialog.hypervisor_combo.findData(hypervisor))


def _transport(dialog: AddConnectionDialog, transport: str) -> None:
    dialog.transport_combo.setCurrentIndex(dialog.transport_combo.findData(transport))


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.clear()
    edit.textEdited.emit("")
    qtbot.keyClicks(edit, text)


def test_starts_on_the_local_system_daemon(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.hypervisor_combo.count() == 4
    assert dialog.hypervisor_combo.currentData() is Hypervisor.QEMU_SYSTEM
    assert dialog.transport_combo.currentData() == ""
    assert dialog.uri_edit.text() == SYSTEM_URI
    assert dialog.ok_button.isEnabled()
    assert dialog.error_text() == ""
    assert dialog.autoconnect_check.isChecked()
    # Local: nothing to say about a host.
    assert not dialog.host_edit.isEnabled() and not dialog.keyfile_edit.isEnabled()


def test_typing_a_bad_uri_disables_ok_and_says_why(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.clear()
    qtbot.keyClicks(dialog.uri_edit, "qemu/system")
    assert not dialog.ok_button.isEnabled()
    assert "not a libvirt URI" in dialog.error_text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.hypervisor_combo.currentData() is None  # "Other"

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


def test_choosing_hypervisors_fills_the_uri(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _choose(dialog, Hypervisor.QEMU_SESSION)
    assert dialog.uri_edit.text() == SESSION_URI
    _choose(dialog, Hypervisor.TEST)
    assert dialog.uri_edit.text() == TEST_URI
    assert not dialog.transport_combo.isEnabled()  # the test driver is in-process
    # Other keeps what is there for editing.
    _choose(dialog, None)
    assert dialog.uri_edit.text() == TEST_URI
    assert dialog.ok_button.isEnabled()


def test_fields_build_the_uri(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _transport(dialog, "ssh")
    assert dialog.host_edit.isEnabled() and dialog.keyfile_edit.isEnabled()
    assert dialog.error_text() == "a host is needed for a remote connection"
    assert not dialog.ok_button.isEnabled() and not dialog.test_button.isEnabled()
    _type(qtbot, dialog.user_edit, "admin")
    _type(qtbot, dialog.host_edit, "203.0.113.7")
    _type(qtbot, dialog.port_edit, "2222")
    _type(qtbot, dialog.keyfile_edit, "/home/me/.ssh/id ed")
    qtbot.mouseClick(dialog.no_verify_check, Qt.MouseButton.LeftButton)
    _type(qtbot, dialog.socket_edit, "/run/libvirt/libvirt-sock")
    assert dialog.uri_edit.text() == (
        "qemu+ssh://admin@203.0.113.7:2222/system?keyfile=/home/me/.ssh/id%20ed"
        "&no_verify=1&socket=/run/libvirt/libvirt-sock"
    )
    assert dialog.ok_button.isEnabled()
    _transport(dialog, "tls")
    assert dialog.uri_edit.text() == (
        "qemu+tls://admin@203.0.113.7:2222/system?no_verify=1&socket=/run/libvirt/libvirt-sock"
    )
    assert not dialog.keyfile_edit.isEnabled()
    _transport(dialog, "")
    assert dialog.uri_edit.text().startswith("qemu:///system")


def test_a_typed_uri_fills_the_fields(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText("qemu+ssh://root@[2001:db8::5]:2200/session?keyfile=/k&extra=1")
    assert dialog.hypervisor_combo.currentData() is Hypervisor.QEMU_SESSION
    assert dialog.transport_combo.currentData() == "ssh"
    assert dialog.user_edit.text() == "root"
    assert dialog.host_edit.text() == "2001:db8::5"
    assert dialog.port_edit.text() == "2200"
    assert dialog.keyfile_edit.text() == "/k"
    # A field edited after that keeps the parameter the fields do not show.
    _type(qtbot, dialog.port_edit, "2201")
    assert dialog.uri_edit.text() == (
        "qemu+ssh://root@[2001:db8::5]:2201/session?keyfile=/k&extra=1"
    )
    # A URI the fields cannot say is kept as typed: hypervisor "Other", fields off.
    dialog.uri_edit.setText("qemu+unix:///system?socket=/s")
    assert dialog.hypervisor_combo.currentData() is None
    assert not dialog.host_edit.isEnabled() and not dialog.transport_combo.isEnabled()
    assert dialog.uri_edit.text() == "qemu+unix:///system?socket=/s"
    assert dialog.ok_button.isEnabled()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("host_edit", "bad_host!", 'not a host name or IP address: "bad_host!"'),
        ("host_edit", "-lead.example", 'not a host name or IP address: "-lead.example"'),
        ("host_edit", "300.1.2.3", 'not a host name or IP address: "300.1.2.3"'),
        ("port_edit", "70000", 'not a port (1–65535): "70000"'),
        ("port_edit", "22x", 'not a port (1–65535): "22x"'),
        ("port_edit", "0", 'not a port (1–65535): "0"'),
        ("user_edit", "a b", 'not a user name: "a b"'),
    ],
)
def test_bad_host_port_or_user_says_why(qtbot: Any, field: str, text: str, message: str) -> None:
    dialog = _dialog(qtbot)
    _transport(dialog, "ssh")
    _type(qtbot, dialog.host_edit, "203.0.113.7")
    assert dialog.ok_button.isEnabled()
    _type(qtbot, getattr(dialog, field), text)
    assert dialog.error_text() == message
    assert not dialog.ok_button.isEnabled() and not dialog.test_button.isEnabled()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_a_typed_preset_uri_selects_its_hypervisor(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.uri_edit.setText(TEST_URI)
    assert dialog.hypervisor_combo.currentData() is Hypervisor.TEST


def test_duplicate_uri_is_refused(qtbot: Any) -> None:
    dialog = _dialog(qtbot, existing=(SYSTEM_URI, SESSION_URI))
    # Starts on the first offered URI that is not in the list yet.
    assert dialog.uri_edit.text() == TEST_URI
    _choose(dialog, Hypervisor.QEMU_SYSTEM)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_text() == "This connection is already in the list"
    dialog.uri_edit.setText(f"  {SESSION_URI} ")
    assert dialog.error_text() == "This connection is already in the list"
    _choose(dialog, Hypervisor.TEST)
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
