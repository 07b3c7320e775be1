"""The "Add Connection" dialog: pick a preset or type a libvirt URI.

The URI is checked with :func:`kvmdesk.core.util.uri.validate_uri` (the CLI uses the
same check and message) before OK is enabled; libvirt itself is only asked
once the connection is opened. A URI that makes libvirt run a program
(:func:`~kvmdesk.core.util.uri_programs.programs_run_by`) shows each program and where
it runs, and Add stays disabled until the user ticks the confirmation; the consent is
returned with the spec, bound to that exact URI, and unticked by any edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import (
    PRESETS,
    SESSION_URI,
    SSH_TEMPLATE_URI,
    SYSTEM_URI,
    TEST_URI,
    validate_uri,
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

# The part of the SSH template the user has to replace.
_SSH_PLACEHOLDER = "user@host"


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
    ) -> None:
        """``saved=False``: this run keeps no connection list (``--demo``, ``--connect``).

        ``unsaved_reason``: why the connection list cannot be written now (shown instead
        of the autoconnect choice, which would not stick).
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Connection"))
        self._existing = {uri.strip() for uri in existing_uris}
        # Translated here (core is Qt-free); unknown presets keep core's label.
        preset_labels = {
            SYSTEM_URI: self.tr("QEMU/KVM (system)"),
            SESSION_URI: self.tr("QEMU/KVM (user session)"),
            SSH_TEMPLATE_URI: self.tr("QEMU/KVM over SSH"),
            TEST_URI: self.tr("Test driver"),
        }

        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("presetCombo")
        for preset in PRESETS:
            self.preset_combo.addItem(
                safe_line(preset_labels.get(preset.uri, preset.label)), preset.uri
            )
        self.preset_combo.addItem(self.tr("Custom"), None)
        self._custom_index = self.preset_combo.count() - 1

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

        form = QFormLayout()
        form.addRow(self.tr("&Hypervisor:"), self.preset_combo)
        form.addRow(self.tr("&URI:"), self.uri_edit)
        form.addRow("", self.error_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.program_frame)
        layout.addWidget(self.autoconnect_check)
        layout.addWidget(self.unsaved_note)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        self.uri_edit.textChanged.connect(self._uri_edited)
        self.program_confirm.toggled.connect(self._update_ok)

        # Start on the first preset that is not in the list yet; all there → Custom.
        start = next(
            (i for i, p in enumerate(PRESETS) if p.uri not in self._existing), self._custom_index
        )
        if start == 0:
            self._preset_chosen(0)
        else:
            self.preset_combo.setCurrentIndex(start)
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

    def _preset_chosen(self, index: int) -> None:
        uri = self.preset_combo.itemData(index)
        if not isinstance(uri, str):  # Custom: keep what is typed, let the user edit it
            self.uri_edit.setFocus()
            return
        self.uri_edit.blockSignals(True)
        self.uri_edit.setText(uri)
        self.uri_edit.blockSignals(False)
        self._validate()
        start = uri.find(_SSH_PLACEHOLDER)
        if start >= 0:
            # Select "user@host" so typing replaces it.
            self.uri_edit.setFocus()
            self.uri_edit.setSelection(start, len(_SSH_PLACEHOLDER))

    def _uri_edited(self, text: str) -> None:
        index = self.preset_combo.findData(text.strip())
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(index if index >= 0 else self._custom_index)
        self.preset_combo.blockSignals(False)
        self._validate()

    def _validate(self) -> None:
        message = ""
        programs: tuple[UriProgram, ...] = ()
        try:
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
        fit_to_contents(self)  # the message takes room of its own, it does not squash the form
        self._update_ok()

    def _update_ok(self) -> None:
        confirmed = not self._programs or self.program_confirm.isChecked()
        self.ok_button.setEnabled(not self.error_label.text() and confirmed)

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
