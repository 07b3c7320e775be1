"""What the details pane shows when no VM is selected: the connection at a glance.

The connection's name and state, its VMs by state, its virtual networks, and the host's
CPUs and memory (fetched once the connection is up; "…" until then).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from kvmdesk.core.types.host import HostSummary
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.labels import format_memory
from kvmdesk.models.text import safe_name
from kvmdesk.ui.common.labels import PlainLabel

_PENDING = "…"


class ConnectionSummary(QWidget):
    """The summary page; :meth:`show_connection` and :meth:`show_host` fill it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionSummary")
        self.uri = ""
        layout = QVBoxLayout(self)
        self.title_label = PlainLabel(self)
        self.title_label.setObjectName("summaryTitle")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)

        machines = QGroupBox(self.tr("Virtual machines"), self)
        form = QFormLayout(machines)
        self.total_label = self._value(form, "summaryTotal", self.tr("Total:"))
        self.running_label = self._value(form, "summaryRunning", self.tr("Running:"))
        self.paused_label = self._value(form, "summaryPaused", self.tr("Paused:"))
        self.shutoff_label = self._value(form, "summaryShutoff", self.tr("Shut off:"))
        self.other_label = self._value(form, "summaryOther", self.tr("Other:"))
        self.networks_label = self._value(form, "summaryNetworks", self.tr("Virtual networks:"))
        layout.addWidget(machines)

        host = QGroupBox(self.tr("Host"), self)
        host_form = QFormLayout(host)
        self.hostname_label = self._value(host_form, "summaryHostname", self.tr("Name:"))
        self.cpus_label = self._value(host_form, "summaryCpus", self.tr("CPUs:"))
        self.memory_label = self._value(host_form, "summaryMemory", self.tr("Memory:"))
        self.hypervisor_label = self._value(host_form, "summaryHypervisor", self.tr("Hypervisor:"))
        layout.addWidget(host)

        self.hint_label = PlainLabel(self.tr("Select a virtual machine to see its details."), self)
        self.hint_label.setObjectName("summaryHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setEnabled(False)  # muted, like the placeholder
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)

    def _value(self, form: QFormLayout, name: str, caption: str) -> PlainLabel:
        label = PlainLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        form.addRow(caption, label)
        return label

    def show_connection(
        self,
        uri: str,
        label: str,
        state: str,
        domains: Iterable[DomainSnapshot],
        networks: Iterable[NetworkSnapshot],
    ) -> None:
        if uri != self.uri:
            self.show_host(None)
        self.uri = uri
        self.title_label.setText(
            self.tr("%1 — %2").replace("%1", safe_name(label)).replace("%2", state)
        )
        counts: Counter[str] = Counter()
        for snapshot in domains:
            if snapshot.state in (DomainState.RUNNING, DomainState.BLOCKED):
                counts["running"] += 1
            elif snapshot.state in (DomainState.PAUSED, DomainState.PMSUSPENDED):
                counts["paused"] += 1
            elif snapshot.state is DomainState.SHUTOFF:
                counts["shutoff"] += 1
            else:
                counts["other"] += 1
        self.total_label.setText(str(sum(counts.values())))
        self.running_label.setText(str(counts["running"]))
        self.paused_label.setText(str(counts["paused"]))
        self.shutoff_label.setText(str(counts["shutoff"]))
        self.other_label.setText(str(counts["other"]))
        listed = list(networks)
        active = sum(1 for network in listed if network.active)
        self.networks_label.setText(
            self.tr("%1 active of %2").replace("%1", str(active)).replace("%2", str(len(listed)))
        )

    def show_host(self, host: HostSummary | None) -> None:
        """The host's figures (None: not known yet, or the connection is down)."""
        if host is None:
            for label in (
                self.hostname_label,
                self.cpus_label,
                self.memory_label,
                self.hypervisor_label,
            ):
                label.setText(_PENDING)
            return
        self.hostname_label.setText(safe_name(host.hostname) or _PENDING)
        self.cpus_label.setText(
            self.tr("%1 (%2)").replace("%1", str(host.cpus)).replace("%2", host.arch)
        )
        if host.free_kib:
            memory = (
                self.tr("%1 (%2 free)")
                .replace("%1", format_memory(host.memory_kib))
                .replace("%2", format_memory(host.free_kib))
            )
        else:
            memory = format_memory(host.memory_kib)
        self.memory_label.setText(memory)
        self.hypervisor_label.setText(safe_name(host.hypervisor) or _PENDING)
