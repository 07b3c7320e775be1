"""The New VM wizard: source, OS, resources, network, firmware, cloud-init, review.

The wizard edits one :class:`~kvmdesk.core.create.spec.VmSpec` (each page its fields) and
checks it after every edit with core's validation, against the connection as surveyed
before it opened (:class:`~kvmdesk.core.create.service.Survey`). Each page shows the
problems of its own fields and Next stays disabled while one is an error. The review page
names the VM, sums it up, shows the domain XML and holds Create: the wizard then emits
:attr:`NewVmWizard.create_requested` and shows the job's progress; whoever runs the job
calls :meth:`finished_ok` or :meth:`failed` (the wizard stays open on failure, with the
message, so nothing typed is lost).

"Customize before start" is not offered: there is no VM settings window yet.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape as html_escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from kvmdesk.core.create.defaults import defaults_for
from kvmdesk.core.create.job import Step
from kvmdesk.core.create.service import Survey, facts_for, preview_xml
from kvmdesk.core.create.spec import SourceKind, VmSpec, format_size
from kvmdesk.core.create.validation import Checked, Field, Problem, check
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_message
from kvmdesk.ui.common.labels import PlainLabel, RichLabel
from kvmdesk.ui.create.common import WizardPage, note_label, show_note
from kvmdesk.ui.create.setup_pages import CloudInitPage, FirmwarePage, NetworkPage, ResourcesPage
from kvmdesk.ui.create.source_pages import OsPage, SourcePage

SOURCE, OS, RESOURCES, NETWORK, FIRMWARE, CLOUD_INIT, REVIEW = range(7)


class ReviewPage(WizardPage):
    fields = (Field.NAME,)

    def __init__(self, owner: NewVmWizard, parent: QWidget | None = None) -> None:
        super().__init__(owner, parent)
        self.setObjectName("reviewPage")
        self.setTitle(self.tr("Review and create"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("vmName")
        form.addRow(self.tr("Name:"), self.name_edit)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        # kvmdesk's own table; every value in it is escaped (see _escape).
        self.summary = RichLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning_label)
        self.xml_view = QPlainTextEdit(self)
        self.xml_view.setObjectName("xmlView")
        self.xml_view.setReadOnly(True)
        self.xml_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(PlainLabel(self.tr("Domain XML (first boot):"), self))
        layout.addWidget(self.xml_view, 1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("createProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = note_label("createStatus", self)
        layout.addWidget(self.status_label)
        self.failure_label = note_label("createFailure", self, Colour.ERROR)
        layout.addWidget(self.failure_label)
        self.name_edit.textChanged.connect(self.changed)

    def apply(self, spec: VmSpec) -> VmSpec:
        return replace(spec, name=self.name_edit.text().strip())

    def show_warnings(self, warnings: list[Problem]) -> None:
        show_note(self.warning_label, "\n".join(p.message for p in warnings))


class NewVmWizard(QWizard):
    """The wizard over a surveyed connection; emits the spec to create (see module doc)."""

    create_requested = Signal(object, object)  # VmSpec, NetworkSpec | None

    def __init__(
        self,
        survey: Survey,
        parent: QWidget | None = None,
        *,
        network_options: dict[str, object] | None = None,
        suggested_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newVmWizard")
        self.setWindowTitle(self.tr("New Virtual Machine"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.survey = survey
        self.busy = False
        self._checked = Checked()
        self._ready = False
        self.pages: list[WizardPage] = []
        self.source_page = SourcePage(self, self)
        self.os_page = OsPage(self, self)
        self.resources_page = ResourcesPage(self, self)
        self.network_page = NetworkPage(self, self, **(network_options or {}))  # type: ignore[arg-type]
        self.firmware_page = FirmwarePage(self, self)
        self.cloud_page = CloudInitPage(self, self)
        self.review_page = ReviewPage(self, self)
        self.pages = [
            self.source_page,
            self.os_page,
            self.resources_page,
            self.network_page,
            self.firmware_page,
            self.cloud_page,
            self.review_page,
        ]
        for number, page in enumerate(self.pages):
            self.setPage(number, page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create"))
        self.review_page.name_edit.setText(suggested_name or self._free_name())
        self._ready = True
        self.source_changed()
        self.os_changed()
        self.resize(860, 700)

    def _free_name(self) -> str:
        number = 1
        while f"vm{number}" in self.survey.domain_names:
            number += 1
        return f"vm{number}"

    # ------------------------------------------------------------- values

    def spec(self) -> VmSpec:
        """The spec as the pages say now (not validated)."""
        spec = VmSpec(name="", source=SourceKind.ISO)
        for page in self.pages:
            if page is self.cloud_page and spec.source is not SourceKind.CLOUD_IMAGE:
                continue
            spec = page.apply(spec)
        return spec

    def new_network(self) -> NetworkSpec | None:
        return self.network_page.new_network()

    def checked(self) -> Checked:
        return self._checked

    def nextId(self) -> int:
        current = self.currentId()
        if current == FIRMWARE and self.source_page.kind() is not SourceKind.CLOUD_IMAGE:
            return REVIEW
        if current == REVIEW:
            return -1
        return current + 1

    # ------------------------------------------------------------ reacting

    def source_changed(self) -> None:
        if not self._ready:
            return
        self.os_page.detect(self.source_page.apply(self.spec()))

    def os_changed(self) -> None:
        if not self._ready:
            return
        entry = self.os_page.current_entry()
        defaults = defaults_for(entry, self.survey.host)
        self.resources_page.show_defaults(defaults)
        self.firmware_page.show_defaults(defaults)
        self.revalidate()

    def revalidate(self) -> None:
        if not self._ready:
            return
        spec = self.spec()
        facts = replace(
            facts_for(spec, self.survey), networks=self.network_page.networks_with_new()
        )
        checked = check(spec, facts)
        extra = self.network_page.page_problem()
        if extra:
            checked = Checked((Problem(Field.NETWORK, extra), *checked.problems))
        self._checked = checked
        for page in self.pages:
            page.show_problems(checked)
        self.review_page.show_warnings(
            [p for p in checked.warnings if p.field not in self.review_page.fields]
        )
        self._refresh_review(spec)

    def _refresh_review(self, spec: VmSpec) -> None:
        entry = self.survey.database.get(spec.os_id) if spec.os_id else None
        source = spec.source_volume or spec.source_path or self.tr("none")
        nic = spec.nic
        network = (
            self.tr("none")
            if nic is None
            else f"{nic.source.mode} {nic.source.network or nic.source.bridge or nic.source.device}"
        )
        firmware = "UEFI" if spec.firmware.value == "uefi" else "BIOS"
        if spec.secure_boot:
            firmware += self.tr(", Secure Boot")
        if spec.tpm:
            firmware += self.tr(", TPM 2.0")
        rows = [
            (self.tr("Source"), f"{spec.source}: {source}"),
            (self.tr("Operating system"), entry.name if entry else self.tr("unknown")),
            (self.tr("CPUs / memory"), f"{spec.cpus} / {format_size(spec.memory)}"),
            (
                self.tr("Disk"),
                f"{format_size(spec.disk_size)} in {spec.pool}"
                if spec.new_disk or spec.source is SourceKind.CLOUD_IMAGE
                else self.tr("the imported image"),
            ),
            (self.tr("Network"), network),
            (self.tr("Firmware"), firmware),
        ]
        html = "".join(
            f"<tr><td><b>{label}</b>&nbsp;&nbsp;</td><td>{_escape(value)}</td></tr>"
            for label, value in rows
        )
        self.review_page.summary.setText(f"<table>{html}</table>")
        try:
            xml = preview_xml(spec, self.survey).install
        except BadInput as error:
            xml = str(error)
        if self.review_page.xml_view.toPlainText() != xml:
            self.review_page.xml_view.setPlainText(xml)

    # ------------------------------------------------------------ creating

    def accept(self) -> None:
        """Create pressed: ask for the job; the wizard closes when it succeeded."""
        if self.busy:
            return
        self.revalidate()
        if self._checked.errors:
            return
        self.busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        show_note(self.review_page.failure_label, "")
        self.review_page.progress.show()
        self.review_page.progress.setValue(0)
        self.create_requested.emit(self.spec(), self.new_network())

    def show_progress(self, step: Step, fraction: float | None, text: str) -> None:
        order = [Step.COPY, Step.DISK, Step.SEED, Step.DEFINE, Step.START, Step.FINAL, Step.DONE]
        position = order.index(step)
        value = int(100 * (position + (fraction or 0.0)) / (len(order) - 1))
        self.review_page.progress.setValue(min(value, 100))
        words = {
            Step.COPY: self.tr("Copying the file into the pool…"),
            Step.DISK: self.tr("Creating the disk…"),
            Step.SEED: self.tr("Writing the cloud-init seed…"),
            Step.DEFINE: self.tr("Defining the VM…"),
            Step.START: self.tr("Starting the VM…"),
            Step.FINAL: self.tr("Taking the install media out of the boot order…"),
            Step.DONE: self.tr("Done."),
        }
        show_note(self.review_page.status_label, words.get(step, text))

    def failed(self, message: str) -> None:
        self.busy = False
        self.review_page.progress.hide()
        show_note(self.review_page.status_label, "")
        show_note(self.review_page.failure_label, message)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)

    def finished_ok(self) -> None:
        self.busy = False
        super().accept()

    def reject(self) -> None:
        if self.busy:
            return  # the job runs; it undoes itself on failure, it is not abandoned half-way
        super().reject()


def _escape(text: str) -> str:
    return html_escape(safe_message(text), quote=False)
