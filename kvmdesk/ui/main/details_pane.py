"""The details pane beside the domain list: an overview of the selected domain and its NICs.

The pane shows snapshots it is handed; the fields that cost an extra libvirt call
(autostart, persistence) arrive later through :meth:`DetailsPane.show_details`.
Its NIC buttons (Add…, Edit…, Remove, double-click) only emit requests; the
controller opens the NIC dialog and applies the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.types.snapshots import (
    DomainDetails,
    DomainSnapshot,
    DomainStats,
    NetworkSnapshot,
    NicSnapshot,
)
from kvmdesk.models.common import DomainKey
from kvmdesk.models.labels import domain_state_label, format_memory
from kvmdesk.models.nic_model import NicTableModel
from kvmdesk.models.state_icons import domain_state_icon, pending_restart_icon
from kvmdesk.models.text import safe_name, safe_tooltip
from kvmdesk.ui.common.labels import IconLabel, PlainLabel
from kvmdesk.ui.console.thumbnail import ScreenThumbnail
from kvmdesk.ui.main.connection_summary import ConnectionSummary
from kvmdesk.ui.main.usage_graphs import UsageGraphs

_PENDING = "…"
_NONE = "—"
_ICON_SIZE = 16


# Rows the NIC table measures for its column widths (Qt measures 1,000 by default).
NIC_WIDTH_ROWS = 50


class _PageScroll(QScrollArea):
    """Scrolls up and down only: never narrower than its page, so nothing is cut sideways."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        width = page.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())


class DetailsPane(QWidget):
    """Overview form plus a NIC table for one domain, or a centred placeholder."""

    add_nic_requested = Signal()
    edit_nic_requested = Signal(str)  # MAC
    remove_nic_requested = Signal(str)  # MAC
    restart_requested = Signal()  # "Restart now": let saved changes take effect
    make_permanent_requested = Signal()  # save the running NICs that differ from the saved ones
    revert_requested = Signal()  # put the saved NICs back on the running VM

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self._key: DomainKey | None = None
        self._mismatched: frozenset[str] = frozenset()

        self._stack = QStackedWidget(self)
        self.placeholder_label = PlainLabel(self._stack)
        self.placeholder_label.setObjectName("detailsPlaceholder")
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setEnabled(False)  # drawn in the disabled (muted) colour
        self._stack.addWidget(self.placeholder_label)
        self.summary = ConnectionSummary(self._stack)
        self._stack.addWidget(self.summary)
        self._details_page = self._build_details_page()
        self._stack.addWidget(self._details_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.show_domain(None, {})

    # ------------------------------------------------------------- building

    def _value_label(self, name: str, parent: QWidget) -> QLabel:
        label = PlainLabel(parent)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _build_details_page(self) -> QWidget:
        scroll = _PageScroll(self._stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget(scroll)
        layout = QVBoxLayout(page)

        overview = QGroupBox(self.tr("Overview"), page)
        self.form = QFormLayout(overview)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = self._value_label("nameValue", overview)
        self.title_label = self._value_label("titleValue", overview)
        self.title_label.setWordWrap(True)
        self.uuid_label = self._value_label("uuidValue", overview)
        self.uuid_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.uuid_label.setCursor(Qt.CursorShape.IBeamCursor)
        state_box = QWidget(overview)
        state_layout = QHBoxLayout(state_box)
        state_layout.setContentsMargins(0, 0, 0, 0)
        self.state_icon_label = IconLabel(state_box, size=_ICON_SIZE)
        self.state_icon_label.setObjectName("stateIcon")
        self.state_label = self._value_label("stateValue", state_box)
        state_layout.addWidget(self.state_icon_label)
        state_layout.addWidget(self.state_label, 1)
        self.os_label = self._value_label("osValue", overview)
        self.vcpus_label = self._value_label("vcpusValue", overview)
        self.memory_label = self._value_label("memoryValue", overview)
        self.autostart_label = self._value_label("autostartValue", overview)
        self.persistent_label = self._value_label("persistentValue", overview)

        self.form.addRow(self.tr("Name:"), self.name_label)
        self.form.addRow(self.tr("Title:"), self.title_label)
        self.form.addRow(self.tr("UUID:"), self.uuid_label)
        self.form.addRow(self.tr("State:"), state_box)
        self.form.addRow(self.tr("OS type:"), self.os_label)
        self.form.addRow(self.tr("vCPUs:"), self.vcpus_label)
        self.form.addRow(self.tr("Memory:"), self.memory_label)
        self.form.addRow(self.tr("Autostart:"), self.autostart_label)
        self.form.addRow(self.tr("Persistent:"), self.persistent_label)
        layout.addWidget(overview)
        self.thumbnail = ScreenThumbnail(page)
        self.thumbnail.watch(self)
        layout.addWidget(self.thumbnail)
        self.usage = UsageGraphs(page)
        layout.addWidget(self.usage)

        nics_box = QGroupBox(self.tr("Network interfaces"), page)
        nics_layout = QVBoxLayout(nics_box)
        self.nic_model = NicTableModel(self)
        self.nic_view = QTableView(nics_box)
        self.nic_view.setObjectName("nicView")
        self.nic_view.setModel(self.nic_model)
        self.nic_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.nic_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nic_view.setWordWrap(False)
        self.nic_view.verticalHeader().hide()
        header = self.nic_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Widths from the first rows, not all: a domain with hundreds of NICs stays instant.
        header.setResizeContentsPrecision(NIC_WIDTH_ROWS)
        header.setStretchLastSection(True)
        self.no_nics_label = PlainLabel(self.tr("This virtual machine has no network interfaces."))
        self.no_nics_label.setObjectName("noNicsLabel")
        self.no_nics_label.setEnabled(False)
        nics_layout.addWidget(self.nic_view)
        nics_layout.addWidget(self.no_nics_label)
        nics_layout.addLayout(self._build_restart_badge(nics_box))
        nics_layout.addLayout(self._build_mismatch_buttons(nics_box))
        nics_layout.addLayout(self._build_nic_buttons(nics_box))
        layout.addWidget(nics_box, 1)

        scroll.setWidget(page)
        self._scroll = scroll
        return scroll

    def _build_restart_badge(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        self.restart_icon_label = IconLabel(parent, pending_restart_icon(), _ICON_SIZE)
        self.restart_badge = PlainLabel(parent)
        self.restart_badge.setObjectName("restartBadge")
        self.restart_badge.setWordWrap(True)
        self.restart_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.restart_now_button = QPushButton(self.tr("Restart now"), parent)
        self.restart_now_button.setObjectName("restartNow")
        self.restart_now_button.setToolTip(
            safe_tooltip(
                self.tr("Shut the VM down and start it again so that the saved changes take effect")
            )
        )
        self.restart_now_button.clicked.connect(self.restart_requested)
        row.addWidget(self.restart_icon_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.restart_badge, 1)
        row.addWidget(self.restart_now_button, 0, Qt.AlignmentFlag.AlignTop)
        self.restart_icon_label.hide()
        self.restart_badge.hide()
        self.restart_now_button.hide()
        return row

    def _build_mismatch_buttons(self, parent: QWidget) -> QHBoxLayout:
        """Shown when running NICs differ from the saved ones without a saved change."""
        row = QHBoxLayout()
        self.make_permanent_button = QPushButton(self.tr("Make permanent"), parent)
        self.make_permanent_button.setObjectName("makePermanent")
        self.make_permanent_button.setToolTip(
            safe_tooltip(
                self.tr("Save the interfaces as they run now, so the next start keeps them")
            )
        )
        self.make_permanent_button.clicked.connect(self.make_permanent_requested)
        self.revert_button = QPushButton(self.tr("Revert"), parent)
        self.revert_button.setObjectName("revertRunning")
        self.revert_button.setToolTip(
            safe_tooltip(self.tr("Change the running interfaces back to the saved configuration"))
        )
        self.revert_button.clicked.connect(self.revert_requested)
        row.addStretch(1)
        row.addWidget(self.make_permanent_button)
        row.addWidget(self.revert_button)
        self.make_permanent_button.hide()
        self.revert_button.hide()
        return row

    def mismatched_macs(self) -> frozenset[str]:
        """MACs of the shown VM's running NICs that differ from its saved definition."""
        return self._mismatched

    def _build_nic_buttons(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_nic_button = QPushButton(self.tr("Add…"), parent)
        self.add_nic_button.setObjectName("addNicButton")
        self.add_nic_button.setToolTip(safe_tooltip(self.tr("Add a network interface")))
        self.edit_nic_button = QPushButton(self.tr("Edit…"), parent)
        self.edit_nic_button.setObjectName("editNicButton")
        self.edit_nic_button.setToolTip(
            safe_tooltip(self.tr("Change the selected interface's network mode"))
        )
        self.remove_nic_button = QPushButton(self.tr("Remove"), parent)
        self.remove_nic_button.setObjectName("removeNicButton")
        self.remove_nic_button.setToolTip(safe_tooltip(self.tr("Remove the selected interface")))
        row.addWidget(self.add_nic_button)
        row.addWidget(self.edit_nic_button)
        row.addWidget(self.remove_nic_button)
        row.addStretch(1)
        self.add_nic_button.clicked.connect(self.add_nic_requested)
        self.edit_nic_button.clicked.connect(self._request_edit)
        self.remove_nic_button.clicked.connect(self._request_remove)
        self.nic_view.doubleClicked.connect(self._on_nic_double_clicked)
        self.nic_view.selectionModel().selectionChanged.connect(self._update_nic_buttons)
        self.nic_model.modelReset.connect(self._update_nic_buttons)
        self._update_nic_buttons()
        return row

    # ------------------------------------------------------------------ API

    @property
    def shown_key(self) -> DomainKey | None:
        """(connection, uuid) of the domain on display, None while the placeholder shows."""
        return self._key

    def is_placeholder_shown(self) -> bool:
        return self._stack.currentWidget() is self.placeholder_label

    def show_domain(
        self,
        snapshot: DomainSnapshot | None,
        networks: Mapping[str, NetworkSnapshot],
        pending_restart: Iterable[str] = (),
        pending_changes: Mapping[str, NicSnapshot | None] | None = None,
        mismatched: Iterable[str] = (),
    ) -> None:
        """Show ``snapshot`` (a newer one of the same domain keeps its details).

        ``pending_restart`` are the MACs of NICs changed in the configuration only;
        ``pending_changes`` those NICs as the next start has them (by running MAC);
        ``mismatched`` those of them kvmdesk did not save a change for (a change cut
        short, another client): they can be made permanent or reverted.
        """
        self._mismatched = frozenset(mismatched) if snapshot is not None else frozenset()
        if snapshot is None:
            self._key = None
            self.nic_model.set_nics((), {})
            self.nic_model.set_pending_restart(())
            self.nic_model.set_pending_changes({})
            self._show_restart_badge()
            self._show_placeholder(self.tr("Select a virtual machine"))
            self._update_nic_buttons()
            return
        same_domain = snapshot.key == self._key
        if not same_domain:
            self._key = snapshot.key
            self.show_details(None)
        self.name_label.setText(safe_name(snapshot.name))
        self.title_label.setText(safe_name(snapshot.title))
        self.form.setRowVisible(self.title_label, bool(snapshot.title))
        self.uuid_label.setText(snapshot.uuid)
        self.state_label.setText(domain_state_label(snapshot.state))
        self.state_icon_label.set_icon(domain_state_icon(snapshot.state))
        self.os_label.setText(self._os_text(snapshot))
        self.vcpus_label.setText(str(snapshot.vcpus))
        self.memory_label.setText(
            self.tr("%1 / %2 maximum")
            .replace("%1", format_memory(snapshot.memory_kib))
            .replace("%2", format_memory(snapshot.max_memory_kib))
        )
        selected = self.selected_nic_mac() if same_domain else ""
        self.nic_model.set_nics(snapshot.nics, networks)
        self.nic_model.set_pending_restart(pending_restart)
        self.nic_model.set_pending_changes(pending_changes or {})
        self._show_restart_badge()
        if selected and not self.selected_nic_mac():
            self.select_nic(selected)  # a reset keeps the NIC the user was working on
        has_nics = bool(snapshot.nics)
        self.nic_view.setVisible(has_nics)
        self.no_nics_label.setVisible(not has_nics)
        self._stack.setCurrentWidget(self._details_page)
        self._scroll.updateGeometry()  # its minimum width follows the values shown
        self._update_nic_buttons()

    def show_stats(self, stats: DomainStats | None, max_memory_kib: int = 0) -> None:
        """The shown VM's latest figures for the performance graphs (None: none yet)."""
        self.usage.show_stats(stats, max_memory_kib)

    def show_details(self, details: DomainDetails | None) -> None:
        """Fill the fields fetched on selection; None shows them as pending."""
        if details is None:
            self.autostart_label.setText(_PENDING)
            self.persistent_label.setText(_PENDING)
            return
        self.autostart_label.setText(self._yes_no(details.autostart))
        self.persistent_label.setText(self._yes_no(details.persistent))

    def show_selection_count(self, count: int) -> None:
        """Several selected: say how many. None selected: the placeholder. One: unchanged."""
        if count == 1:
            return
        self._key = None
        self._update_nic_buttons()
        if count <= 0:
            self._show_placeholder(self.tr("Select a virtual machine"))
        else:
            # Only shown for two or more, so the English source text can be plural.
            self._show_placeholder(self.tr("%n virtual machines selected", "", count))

    def show_summary_page(self) -> None:
        """Nothing selected: :attr:`summary` (the connection at a glance), not the placeholder."""
        self._stack.setCurrentWidget(self.summary)

    def showing_summary(self) -> bool:
        return self._stack.currentWidget() is self.summary

    def placeholder_text(self) -> str:
        return self.placeholder_label.text()

    def selected_nic_mac(self) -> str:
        """MAC of the NIC selected in the table, "" when none is."""
        rows = self.nic_view.selectionModel().selectedRows()
        if not rows:
            return ""
        nics = self.nic_model.nics()
        row = rows[0].row()
        return nics[row].mac if 0 <= row < len(nics) else ""

    def select_nic(self, mac: str) -> None:
        row = self.nic_model.row_of(mac)
        if row >= 0:
            self.nic_view.selectRow(row)

    # ------------------------------------------------------------ NIC actions

    def _update_nic_buttons(self, *_args: object) -> None:
        has_domain = self._key is not None
        chosen = bool(self.selected_nic_mac())
        self.add_nic_button.setEnabled(has_domain)
        self.edit_nic_button.setEnabled(has_domain and chosen)
        self.remove_nic_button.setEnabled(has_domain and chosen)

    def _request_edit(self) -> None:
        mac = self.selected_nic_mac()
        if mac:
            self.edit_nic_requested.emit(mac)

    def _request_remove(self) -> None:
        mac = self.selected_nic_mac()
        if mac:
            self.remove_nic_requested.emit(mac)

    def _on_nic_double_clicked(self, index: QModelIndex) -> None:
        nics = self.nic_model.nics()
        if index.isValid() and 0 <= index.row() < len(nics) and nics[index.row()].mac:
            self.edit_nic_requested.emit(nics[index.row()].mac)

    def _show_restart_badge(self) -> None:
        count = sum(1 for nic in self.nic_model.nics() if self.nic_model.pending_restart(nic))
        if count:
            self.restart_badge.setText(self.tr("Takes effect after restart"))
            self.restart_badge.setToolTip(
                safe_tooltip(
                    self.tr(
                        "%n interface change(s) saved in the configuration; the running VM "
                        "keeps its interfaces as shown until it restarts.",
                        "",
                        count,
                    )
                )
            )
        differ = len(self._mismatched)
        if differ:
            self.restart_badge.setText(self.tr("Running and saved settings differ"))
            self.restart_badge.setToolTip(
                safe_tooltip(
                    self.tr(
                        "%n running interface(s) differ from the saved configuration (a "
                        "change was cut short, or another program changed them): make the "
                        "running settings permanent, or revert the running VM to the saved "
                        "ones.",
                        "",
                        differ,
                    )
                )
            )
        self.restart_badge.setVisible(bool(count or differ))
        self.restart_icon_label.setVisible(bool(count or differ))
        self.restart_now_button.setVisible(bool(count or differ))
        self.make_permanent_button.setVisible(bool(differ))
        self.revert_button.setVisible(bool(differ))

    # -------------------------------------------------------------- helpers

    def _show_placeholder(self, text: str) -> None:
        self.placeholder_label.setText(text)
        self._stack.setCurrentWidget(self.placeholder_label)

    def _os_text(self, snapshot: DomainSnapshot) -> str:
        parts = [part for part in (snapshot.os_type, snapshot.arch) if part]
        return " · ".join(parts) if parts else _NONE

    def _yes_no(self, value: bool) -> str:
        return self.tr("Yes") if value else self.tr("No")
