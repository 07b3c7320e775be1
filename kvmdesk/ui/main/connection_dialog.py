"""The "Add Connection" dialog: hypervisor, transport, host … or a typed libvirt URI.

The fields (:class:`~kvmdesk.core.util.uri_fields.UriFields`: hypervisor, transport,
user, host, port, key file, ``no_verify``, socket) build the URI shown below them, and
a URI typed there fills the fields again; one the fields cannot say (another driver
or transport) is kept as typed, with the hypervisor set to "Other". "Test connection"
opens the URI in a worker (the credential dialogs may come up meanwhile) and shows who
answered or why not; it can be cancelled, and closing the dialog cancels it.

The URI is checked with :func:`kvmdesk.core.util.uri.validate_uri` (the CLI uses the
same check and message) before OK is enabled; libvirt itself is only asked
once the connection is opened. A URI that makes libvirt run a program
(:func:`~kvmdesk.core.util.uri_programs.programs_run_by`) shows each program and where
it runs, and Add stays disabled until the user ticks the confirmation; the consent is
returned with the spec, bound to that exact URI, and unticked by any edit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.connection.probe import ProbeResult
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.util.uri import (
    SESSION_URI,
    SYSTEM_URI,
    TEST_URI,
    validate_uri,
)
from kvmdesk.core.util.uri_fields import (
    FIELD_TRANSPORTS,
    REMOTE_TRANSPORTS,
    Hypervisor,
    UriFields,
    build_uri,
    field_problem,
    fields_of,
)
from kvmdesk.core.util.uri_programs import (
    ProgramConsent,
    ProgramSite,
    UriProgram,
    programs_run_by,
)
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.widgets import fit_to_contents

# "Test connection": the URI and the consent for it (None when it runs no program).
ConnectionTester = Callable[[str, "ProgramConsent | None"], Awaitable[ProbeResult]]


@dataclass(frozen=True, slots=True)
class ConnectionSpec:
    """A connection to add: its libvirt URI and whether to open it at start."""

    uri: str
    autoconnect: bool = True
    # The user's confirmation that the URI may run its programs (None: it runs none).
    consent: ProgramConsent | None = None


class AddConnectionDialog(QDialog):
    """Edits a :class:`ConnectionSpec`; read it with :meth:`value` after ``accepted``."""

    def __init__(
        self,
        existing_uris: Iterable[str] = (),
        parent: QWidget | None = None,
        *,
        saved: bool = True,
        unsaved_reason: str = "",
        tester: ConnectionTester | None = None,
    ) -> None:
        """``saved=False``: this run keeps no connection list (``--demo``, ``--connect``).

        ``unsaved_reason``: why the connection list cannot be written now (shown instead
        of the autoconnect choice, which would not stick). ``tester`` opens a URI for
        "Test connection" (the button is hidden without one).
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Connection"))
        self._existing = {uri.strip() for uri in existing_uris}
        self.hypervisor_combo = QComboBox(self)
        self.hypervisor_combo.setObjectName("hypervisorCombo")
        for hypervisor, text in (
            (Hypervisor.QEMU_SYSTEM, self.tr("QEMU/KVM (system)")),
            (Hypervisor.QEMU_SESSION, self.tr("QEMU/KVM (user session)")),
            (Hypervisor.TEST, self.tr("Test driver")),
        ):
            self.hypervisor_combo.addItem(text, hypervisor)
        self.hypervisor_combo.addItem(self.tr("Other (type the URI below)"), None)
        self._other_index = self.hypervisor_combo.count() - 1

        self.transport_combo = QComboBox(self)
        self.transport_combo.setObjectName("transportCombo")
        transport_names = {
            "": self.tr("Local (this computer)"),
            "ssh": self.tr("SSH"),
            "tls": self.tr("TLS (certificates)"),
            "tcp": self.tr("TCP (unencrypted, SASL)"),
        }
        for transport in FIELD_TRANSPORTS:
            self.transport_combo.addItem(transport_names[transport], transport)

        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setPlaceholderText(self.tr("as in your ssh config"))
        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("hostEdit")
        self.host_edit.setPlaceholderText(self.tr("host name or IP address"))
        self.port_edit = QLineEdit(self)
        self.port_edit.setObjectName("portEdit")
        self.port_edit.setPlaceholderText(self.tr("default"))
        self.port_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 9)
        self.keyfile_edit = QLineEdit(self)
        self.keyfile_edit.setObjectName("keyfileEdit")
        self.keyfile_edit.setPlaceholderText(self.tr("optional: ssh's own keys and agent"))
        self.keyfile_button = QPushButton(self.tr("Browse…"), self)
        self.keyfile_button.setObjectName("keyfileBrowse")
        self.keyfile_button.clicked.connect(self._browse_keyfile)
        self.socket_edit = QLineEdit(self)
        self.socket_edit.setObjectName("socketEdit")
        self.socket_edit.setPlaceholderText(self.tr("optional: the daemon's socket on the host"))
        self.no_verify_check = QCheckBox(
            self.tr("Do not verify the host (no_verify: accepts any host key or certificate)"),
            self,
        )
        self.no_verify_check.setObjectName("noVerifyCheck")

        self.uri_edit = QLineEdit(self)
        self.uri_edit.setObjectName("uriEdit")
        self.uri_edit.setPlaceholderText("driver[+transport]://[user@host]/path")
        self.uri_edit.setClearButtonEnabled(True)

        self.autoconnect_check = QCheckBox(self.tr("Connect automatically at start"), self)
        self.autoconnect_check.setObjectName("autoconnectCheck")
        self.autoconnect_check.setChecked(True)
        # Started with --demo or --connect, kvmdesk keeps the user's saved list as it
        # is: say so instead of offering a setting that would silently not stick.
        self.unsaved_note = PlainLabel(
            self.tr(
                "kvmdesk was started with --demo or --connect: a connection added now is "
                "not saved and is gone when kvmdesk quits."
            ),
            self,
        )
        if unsaved_reason:
            self.unsaved_note.setText(unsaved_reason)
            saved = False
        self.unsaved_note.setObjectName("unsavedNote")
        self.unsaved_note.setWordWrap(True)
        self.unsaved_note.setVisible(not saved)
        self.autoconnect_check.setVisible(saved)

        self.error_label = PlainLabel(self)
        self.error_label.setObjectName("uriError")
        self.error_label.setWordWrap(True)
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, Colour.ERROR.qcolor(palette))
        self.error_label.setPalette(palette)
        self.error_label.hide()

        # Shown only for a URI that runs a program: what runs where, and the confirmation.
        self.program_frame = QFrame(self)
        self.program_frame.setObjectName("programWarning")
        self.program_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.program_label = PlainLabel(self.program_frame)
        self.program_label.setObjectName("programList")
        self.program_label.setWordWrap(True)
        self.program_label.setTextFormat(Qt.TextFormat.PlainText)
        self.program_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        warning_palette = self.program_label.palette()
        warning_palette.setColor(
            QPalette.ColorRole.WindowText, Colour.WARNING_TEXT.qcolor(warning_palette)
        )
        self.program_title = PlainLabel(self.program_frame)
        self.program_title.setWordWrap(True)
        self.program_title.setPalette(warning_palette)
        self.program_confirm = QCheckBox(
            self.tr("I trust this program: let kvmdesk run it for this connection"),
            self.program_frame,
        )
        self.program_confirm.setObjectName("programConfirm")
        frame_layout = QVBoxLayout(self.program_frame)
        frame_layout.addWidget(self.program_title)
        frame_layout.addWidget(self.program_label)
        frame_layout.addWidget(self.program_confirm)
        self.program_frame.hide()
        self._programs: tuple[UriProgram, ...] = ()

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setText(self.tr("Add"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        self.test_button = QPushButton(self.tr("&Test Connection"), self)
        self.test_button.setObjectName("testButton")
        self.test_button.clicked.connect(self._test_clicked)
        self.test_label = PlainLabel(self)
        self.test_label.setObjectName("testResult")
        self.test_label.setWordWrap(True)
        self.test_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_label.hide()
        self._tester = tester
        self._test_task: asyncio.Task[None] | None = None
        self._tested_uri = ""

        host_row = QHBoxLayout()
        host_row.addWidget(self.host_edit, 1)
        self._port_label = PlainLabel(self.tr("&Port:"), self)
        self._port_label.setBuddy(self.port_edit)
        host_row.addWidget(self._port_label)
        host_row.addWidget(self.port_edit)
        key_row = QHBoxLayout()
        key_row.addWidget(self.keyfile_edit, 1)
        key_row.addWidget(self.keyfile_button)

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Hypervisor:"), self.hypervisor_combo)
        self.form.addRow(self.tr("T&ransport:"), self.transport_combo)
        self.form.addRow(self.tr("U&ser:"), self.user_edit)
        # A row that is a layout gets no buddy from the form: its label names its field.
        host_label = PlainLabel(self.tr("H&ost:"), self)
        host_label.setBuddy(self.host_edit)
        key_label = PlainLabel(self.tr("&Key file:"), self)
        key_label.setBuddy(self.keyfile_edit)
        self.form.addRow(host_label, host_row)
        self.form.addRow(key_label, key_row)
        self.form.addRow(self.tr("&Socket:"), self.socket_edit)
        self.form.addRow("", self.no_verify_check)
        self.form.addRow(self.tr("&URI:"), self.uri_edit)
        self.form.addRow("", self.error_label)
        # Beside Add and Cancel, on the side of the box away from them.
        self.button_box.addButton(self.test_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.test_button.setVisible(tester is not None)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.program_frame)
        layout.addWidget(self.autoconnect_check)
        layout.addWidget(self.unsaved_note)
        layout.addWidget(self.test_label)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 80)

        self._syncing = False
        self._fields = UriFields()
        for combo in (self.hypervisor_combo, self.transport_combo):
            combo.currentIndexChanged.connect(self._fields_edited)
        for edit in (
            self.user_edit,
            self.host_edit,
            self.port_edit,
            self.keyfile_edit,
            self.socket_edit,
        ):
            edit.textEdited.connect(self._fields_edited)
        self.no_verify_check.toggled.connect(self._fields_edited)
        self.uri_edit.textChanged.connect(self._uri_edited)
        self.program_confirm.toggled.connect(self._update_ok)

        # Start on the first offered URI not in the list yet; all there → an SSH one to fill.
        start_uri = next(
            (uri for uri in (SYSTEM_URI, SESSION_URI, TEST_URI) if uri not in self._existing),
            None,
        )
        if start_uri is None:
            self._show_fields(UriFields(transport="ssh"))
            self._fields_edited()
        else:
            self.uri_edit.setText(start_uri)
        self._validate()

    # ------------------------------------------------------------------ API

    def value(self) -> ConnectionSpec:
        uri = self.uri_edit.text().strip()
        confirmed = bool(self._programs) and self.program_confirm.isChecked()
        return ConnectionSpec(
            uri=uri,
            autoconnect=self.autoconnect_check.isChecked(),
            consent=ProgramConsent.for_uri(uri) if confirmed else None,
        )

    def accept(self) -> None:
        # Enter (or a caller) may accept while Add is disabled: check the URI as typed
        # again and keep the dialog open with its message rather than hand on a bad one.
        self._validate()
        if self.ok_button.isEnabled():
            super().accept()

    def programs(self) -> tuple[UriProgram, ...]:
        """The programs the URI as typed makes libvirt run (shown above the confirmation)."""
        return self._programs

    def error_text(self) -> str:
        """The message shown under the URI, "" when the URI is acceptable."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # -------------------------------------------------------------- private

    def fields(self) -> UriFields | None:
        """The fields as shown; None when the URI is one they cannot say ("Other")."""
        hypervisor = self.hypervisor_combo.currentData()
        if not isinstance(hypervisor, Hypervisor):
            return None
        port_text = self.port_edit.text().strip()
        port = int(port_text) if port_text.isascii() and port_text.isdigit() else None
        return UriFields(
            hypervisor,
            str(self.transport_combo.currentData() or ""),
            self.user_edit.text().strip(),
            self.host_edit.text().strip(),
            port if port is not None and 0 < port < 65536 else None,
            self.keyfile_edit.text().strip(),
            self.no_verify_check.isChecked(),
            self.socket_edit.text().strip(),
            self._fields.extra,
        )

    def _fields_edited(self, *_: object) -> None:
        if self._syncing:
            return
        fields = self.fields()
        self._enable_fields(fields)
        if fields is None:  # "Other": the URI as typed is the connection
            self._validate()
            return
        self._fields = fields
        self._syncing = True
        try:
            self.uri_edit.setText(build_uri(fields))
        finally:
            self._syncing = False
        self._validate()

    def _uri_edited(self, text: str) -> None:
        if not self._syncing:
            fields = fields_of(text)
            self._syncing = True
            try:
                if fields is None:
                    self.hypervisor_combo.setCurrentIndex(self._other_index)
                else:
                    self._fields = fields
                    self._show_fields(fields)
            finally:
                self._syncing = False
            self._enable_fields(fields)
        self._validate()

    def _show_fields(self, fields: UriFields) -> None:
        self.hypervisor_combo.setCurrentIndex(self.hypervisor_combo.findData(fields.hypervisor))
        self.transport_combo.setCurrentIndex(self.transport_combo.findData(fields.transport))
        self.user_edit.setText(fields.user)
        self.host_edit.setText(fields.host)
        self.port_edit.setText("" if fields.port is None else str(fields.port))
        self.keyfile_edit.setText(fields.keyfile)
        self.socket_edit.setText(fields.socket)
        self.no_verify_check.setChecked(fields.no_verify)
        self._enable_fields(fields)

    def _enable_fields(self, fields: UriFields | None) -> None:
        known = fields is not None
        transport = fields.transport if fields is not None else ""
        test = fields is not None and fields.hypervisor is Hypervisor.TEST
        remote = known and not test and transport in REMOTE_TRANSPORTS
        self.transport_combo.setEnabled(known and not test)
        for widget in (self.user_edit, self.host_edit, self.port_edit, self._port_label):
            widget.setEnabled(remote)
        self.user_edit.setEnabled(remote and transport in ("ssh", "tcp"))
        self.user_edit.setPlaceholderText(
            self.tr("SASL user name (optional)")
            if transport == "tcp"
            else self.tr("as in your ssh config")
        )
        ssh = remote and transport == "ssh"
        self.keyfile_edit.setEnabled(ssh)
        self.keyfile_button.setEnabled(ssh)
        self.socket_edit.setEnabled(remote)
        self.no_verify_check.setEnabled(remote and transport in ("ssh", "tls"))

    def _browse_keyfile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("SSH private key"), str(Path.home() / ".ssh")
        )
        if path:
            self.keyfile_edit.setText(path)
            self._fields_edited()

    # ------------------------------------------------------------ testing

    def _test_clicked(self) -> None:
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
            return
        self._validate()
        if self._tester is None or self.error_label.text():
            return
        uri = self.uri_edit.text().strip()
        consent = self.value().consent
        self._tested_uri = uri
        self._test_task = asyncio.ensure_future(self._run_test(self._tester, uri, consent))

    def testing(self) -> bool:
        """Whether "Test connection" is under way."""
        return self._test_task is not None and not self._test_task.done()

    def test_result(self) -> str:
        """What the last test said ("" before any)."""
        return self.test_label.text() if not self.test_label.isHidden() else ""

    async def _run_test(
        self, tester: ConnectionTester, uri: str, consent: ProgramConsent | None
    ) -> None:
        self.test_button.setText(self.tr("Cancel &Test"))
        self._show_test(self.tr("Connecting…"), None)
        try:
            result = await tester(uri, consent)
        except asyncio.CancelledError:
            self._show_test(self.tr("Test cancelled."), None)
            raise
        except KvmdeskError as error:
            self._show_test(self.tr("Cannot connect: %1").replace("%1", str(error)), False)
        else:
            self._show_test(
                self.tr("Connected to %1 (%2, libvirt %3).")
                .replace("%1", safe_line(result.hostname))
                .replace("%2", safe_line(result.hypervisor))
                .replace("%3", result.libvirt_version),
                True,
            )
        finally:
            self.test_button.setText(self.tr("&Test Connection"))

    def _show_test(self, text: str, success: bool | None) -> None:
        palette = self.test_label.palette()
        role = QPalette.ColorRole.WindowText
        if success is None:
            palette.setColor(role, self.palette().color(role))
        else:
            palette.setColor(role, (Colour.OK if success else Colour.ERROR).qcolor(palette))
        self.test_label.setPalette(palette)
        self.test_label.setText(text)
        self.test_label.show()

    def done(self, result: int) -> None:
        # Closing (Add, Cancel, Escape) ends a test under way: its worker gives up.
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
        super().closeEvent(event)

    def _validate(self) -> None:
        message = ""
        programs: tuple[UriProgram, ...] = ()
        fields = self.fields()
        problem = field_problem(fields, self.port_edit.text()) if fields is not None else ""
        try:
            if problem:
                raise BadInput(problem)
            uri = validate_uri(self.uri_edit.text())
            programs = programs_run_by(uri)
        except BadInput as error:
            message = str(error)
        else:
            if uri in self._existing:
                message = self.tr("This connection is already in the list")
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        if programs != self._programs:
            # Consent is for exactly what was shown: any change asks again.
            self.program_confirm.setChecked(False)
        self._programs = programs
        self.program_label.setText("\n".join(self._describe(p) for p in programs))
        self.program_title.setText(
            self.tr(
                "Opening this connection makes libvirt run the following program. "
                "Add it only if you trust the program and know what it does."
            )
            if len(programs) < 2
            else self.tr(
                "Opening this connection makes libvirt run the following programs. "
                "Add it only if you trust them and know what they do."
            )
        )
        self.program_confirm.setText(
            self.tr("I trust this program: let kvmdesk run it for this connection")
            if len(programs) < 2
            else self.tr("I trust these programs: let kvmdesk run them for this connection")
        )
        self.program_frame.setVisible(bool(programs) and not message)
        self._forget_stale_test()
        fit_to_contents(self)  # the message takes room of its own, it does not squash the form
        self._update_ok()

    def _forget_stale_test(self) -> None:
        # A result says something about the URI it was for, not about the one typed since.
        if self.uri_edit.text().strip() != self._tested_uri and not self.testing():
            self.test_label.hide()

    def _update_ok(self) -> None:
        confirmed = not self._programs or self.program_confirm.isChecked()
        self.ok_button.setEnabled(not self.error_label.text() and confirmed)
        self.test_button.setEnabled(not self.error_label.text() and confirmed)

    def _describe(self, program: UriProgram) -> str:
        shown = program.program or self.tr("(none given)")
        if program.parameter == "ext":
            return self.tr("%1 — on this computer (libvirt's ext transport)").replace("%1", shown)
        if program.parameter == "proxy":
            return self.tr("%1 — the helper started on the remote host (proxy=)").replace(
                "%1", shown
            )
        if program.site is ProgramSite.LOCAL:
            return (
                self.tr("%1 — on this computer, as you (%2=)")
                .replace("%1", shown)
                .replace("%2", program.parameter)
            )
        return (
            self.tr("%1 — on the remote host (%2=)")
            .replace("%1", shown)
            .replace("%2", program.parameter)
        )
