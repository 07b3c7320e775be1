"""The NIC dialog: pick a network mode on its card, choose what backs it, edit model/MAC/link.

The dialog edits plain values and returns them (:meth:`NicDialog.value`): a
:class:`~kvmdesk.core.nic.spec.NicSpec` and, when the user asked for one, the
:class:`~kvmdesk.core.vnet.spec.NetworkSpec` of a network to create first. Everything
it offers arrives as plain data in :class:`NicChoices`, gathered by the controller
before the dialog opens, so nothing here awaits. Validation is core's
(``validate_nic_spec``, ``validate_network_spec``, ``validate_mac``): its message shows
inline and OK stays disabled until the values make sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from ipaddress import IPv4Network

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.nic.apply import restart_reasons
from kvmdesk.core.nic.spec import (
    NETWORK_ONLY_MODES,
    SETTABLE_MODES,
    NicSource,
    NicSpec,
    validate_nic_spec,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.core.util.mac import comparable_mac, generate_mac
from kvmdesk.core.vnet.spec import NetworkSpec, validate_network_spec
from kvmdesk.core.vnet.subnet_pool import DEFAULT_SUBNET_POOL
from kvmdesk.models.labels import network_mode_label
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line, safe_name, safe_tooltip
from kvmdesk.ui.common.accessibility import name_controls
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.widgets import fit_to_contents
from kvmdesk.ui.nic.backing import (
    BackingPage,
    BridgedBackingPage,
    MacvtapBackingPage,
    NetworkBackingPage,
    UnpluggedPage,
    UserBackingPage,
)
from kvmdesk.ui.nic.mode_cards import CardScrollArea, ModeCardGroup

DEFAULT_MODELS: tuple[str, ...] = ("virtio", "e1000e", "rtl8139")

# Modes that need host privileges a qemu:///session connection usually lacks.
_PRIVILEGED_MODES = frozenset(NETWORK_ONLY_MODES | {NetworkMode.BRIDGED, NetworkMode.MACVTAP})


@dataclass(frozen=True, slots=True)
class NicChoices:
    """What the dialog offers, as plain data gathered before it opens.

    ``macs_in_use`` maps MACs of *other* domains of the connection to their names;
    ``own_macs`` are the MACs of this domain's other NICs. ``running_nic`` is the NIC
    as the running domain has it (None when the domain is shut off or for a new NIC);
    ``live_update`` says whether the connection can change a running domain's NICs at
    all (libvirt's test driver cannot).
    """

    networks: Mapping[str, NetworkSnapshot] = field(default_factory=dict)
    host_bridges: tuple[str, ...] = ()
    host_devices: tuple[str, ...] = ()
    models: tuple[str, ...] = DEFAULT_MODELS
    macs_in_use: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    own_macs: tuple[str, ...] = ()
    running: bool = False
    running_nic: NicSnapshot | None = None
    session_connection: bool = False
    live_update: bool = True
    subnet_pool: tuple[IPv4Network, ...] = DEFAULT_SUBNET_POOL
    host_networks: tuple[IPv4Network, ...] = ()
    domain_name: str = ""


@dataclass(frozen=True, slots=True)
class NicDialogResult:
    """What the user asked for: the NIC, and a network to create before applying it."""

    spec: NicSpec
    new_network: NetworkSpec | None = None


def _coloured(label: QLabel, colour: Colour) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour.qcolor(palette))
    label.setPalette(palette)
    return label


def _label(name: str, parent: QWidget, colour: Colour | None = None) -> QLabel:
    label = PlainLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return _coloured(label, colour) if colour is not None else label


class NicDialog(QDialog):
    """Add or edit one NIC. ``current`` is the NIC as it is, None to add a new one."""

    def __init__(
        self,
        current: NicSpec | None,
        choices: NicChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nicDialog")
        self._current = current
        self._choices = choices
        self._networks = dict(choices.networks)
        self._result: NicDialogResult | None = None
        self._problem = ""
        self.setWindowTitle(self._title())

        layout = QVBoxLayout(self)
        self.cards = ModeCardGroup(SETTABLE_MODES, None, columns=3)
        self.cards.setObjectName("modeCards")
        if current is None:
            self.cards.set_enabled_modes(
                set(SETTABLE_MODES) - {NetworkMode.NONE},
                {NetworkMode.NONE: self.tr("Add the NIC in a mode first, then unplug it.")},
            )
        # The cards scroll up and down only, and reflow into as many columns as the
        # dialog's width holds. At least one row of cards; the rest of the height goes to
        # them too, so the form for a new network can open below without the dialog
        # having to grow.
        self.card_scroll = scroll = CardScrollArea(self.cards, self)
        scroll.setObjectName("modeCardScroll")
        layout.addWidget(scroll, 1)

        self.mode_note = _label("modeNote", self, Colour.CAUTION_TEXT)
        layout.addWidget(self.mode_note)

        self.backing = QStackedWidget(self)
        self.backing.setObjectName("backingStack")
        self.pages: dict[NetworkMode, BackingPage] = {}
        for mode in SETTABLE_MODES:
            page = self._make_page(mode)
            page.changed.connect(self._revalidate)
            self.pages[mode] = page
            self.backing.addWidget(page)
        layout.addWidget(self.backing)

        layout.addLayout(self._build_common())

        self.error_label = _label("nicError", self, Colour.ERROR)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("nicButtons")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setText(self.tr("Add") if current is None else self.tr("Apply"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.outcome_label = _label("nicOutcome", self)
        self.outcome_label.setVisible(choices.running)
        layout.addWidget(self.outcome_label)

        self.cards.mode_changed.connect(self._on_mode)
        self._show_current()
        self._fit_rows_to_screen(parent)
        name_controls(self)

    def _fit_rows_to_screen(self, parent: QWidget | None) -> None:
        """Open as wide as the cards' columns, with every row, or as many whole rows as fit.

        The dialog takes its size from its contents; Qt caps a new window at two thirds
        of its screen, and a cap that cuts through a row shows half a card. So the
        cards' width is the one the dialog will really get, and the rows whole ones.
        """
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry().size() * 2 / 3
        scroll = self.card_scroll
        width = max(min(self.sizeHint().width(), room.width()), self.minimumSizeHint().width())
        scroll.width_hint = scroll.cards_width_for(
            width - (self.sizeHint().width() - scroll.sizeHint().width())
        )
        scroll.updateGeometry()  # the dialog's layout caches the hints it was given
        layout = self.layout()
        assert layout is not None
        # As Qt sizes a new window: the height its layout needs at that width.
        height = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        others = height - scroll.sizeHint().height()
        rows = scroll.total_rows()
        while rows > 1 and others + scroll.height_for_rows(rows) > room.height():
            rows -= 1
        scroll.rows = rows
        scroll.updateGeometry()

    # ------------------------------------------------------------- building

    def _title(self) -> str:
        name = self._choices.domain_name
        if self._current is None:
            text = self.tr("Add Network Interface")
        else:
            text = self.tr("Network Interface %1").replace("%1", self._current.mac)
        return f"{text} — {safe_name(name)}" if name else text

    def _make_page(self, mode: NetworkMode) -> BackingPage:
        choices = self._choices
        if mode in NETWORK_ONLY_MODES:
            return NetworkBackingPage(
                mode, self._networks, choices.subnet_pool, choices.host_networks, self
            )
        if mode is NetworkMode.BRIDGED:
            return BridgedBackingPage(self._networks, choices.host_bridges, self)
        if mode is NetworkMode.MACVTAP:
            return MacvtapBackingPage(self._networks, choices.host_devices, self)
        if mode is NetworkMode.USER:
            return UserBackingPage(choices.session_connection, self)
        return UnpluggedPage(self)

    def _build_common(self) -> QFormLayout:
        form = QFormLayout()
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("modelCombo")
        models = list(dict.fromkeys(self._choices.models or DEFAULT_MODELS))
        current_model = self._current.model if self._current is not None else None
        if current_model == "":
            # A NIC without <model> gets the hypervisor's default; keep it that way.
            self.model_combo.addItem(self.tr("(hypervisor default)"), "")
        elif current_model is not None and current_model not in models:
            models.append(current_model)
        for model in models:
            self.model_combo.addItem(safe_line(model), model)
        form.addRow(self.tr("Model:"), self.model_combo)

        mac_row = QHBoxLayout()
        self.mac_edit = QLineEdit(self)
        self.mac_edit.setObjectName("macEdit")
        self.mac_edit.setPlaceholderText("52:54:00:12:34:56")
        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setObjectName("generateMacButton")
        self.generate_button.setAutoDefault(False)
        self.generate_button.setToolTip(
            safe_tooltip(self.tr("A new random address in 52:54:00:xx:xx:xx"))
        )
        mac_row.addWidget(self.mac_edit, 1)
        mac_row.addWidget(self.generate_button)
        form.addRow(self.tr("MAC address:"), mac_row)
        self.mac_warning = _label("macWarning", self, Colour.CAUTION_TEXT)
        self.mac_warning.hide()
        form.addRow("", self.mac_warning)

        self.link_check = QCheckBox(self.tr("Link up (virtual cable plugged in)"), self)
        self.link_check.setObjectName("linkCheck")
        self.link_check.setChecked(True)
        form.addRow(self.tr("Link state:"), self.link_check)

        self.portgroup_combo = QComboBox(self)
        self.portgroup_combo.setObjectName("portgroupCombo")
        self.portgroup_label = PlainLabel(self.tr("Port group:"), self)
        form.addRow(self.portgroup_label, self.portgroup_combo)
        self.portgroup_combo.hide()
        self.portgroup_label.hide()

        self.model_combo.currentIndexChanged.connect(self._revalidate)
        self.mac_edit.textChanged.connect(self._revalidate)
        self.generate_button.clicked.connect(self.generate_mac)
        self.link_check.toggled.connect(self._revalidate)
        self.portgroup_combo.currentIndexChanged.connect(self._revalidate)
        return form

    def _show_current(self) -> None:
        """Pre-fill every field from the NIC as it is (or defaults for a new one)."""
        current = self._current
        if current is None:
            self.generate_mac()
            position = self.model_combo.findData("virtio")
            self.model_combo.setCurrentIndex(max(position, 0))
            self.cards.select(self._default_mode())
            return
        self.mac_edit.setText(current.mac)
        position = self.model_combo.findData(current.model)
        self.model_combo.setCurrentIndex(max(position, 0))
        self.link_check.setChecked(current.link_up)
        source = current.source
        # An unplugged NIC keeps its source: show it on the page of the mode it would have.
        underlying = self._mode_of_source(source)
        for page in self.pages.values():
            if page.mode is underlying:
                page.show_source(source)
        if source.mode in self.pages:
            self.cards.select(source.mode)
            self._select_portgroup(source.portgroup)
        else:
            self._on_mode("")  # an unknown kind of NIC: no card is chosen yet

    def _default_mode(self) -> NetworkMode:
        if self._choices.session_connection:
            return NetworkMode.USER
        return NetworkMode.NAT

    def _mode_of_source(self, source: NicSource) -> NetworkMode | None:
        if source.network:
            network = self._networks.get(source.network)
            return network.mode if network is not None else None
        if source.bridge:
            return NetworkMode.BRIDGED
        if source.device:
            return NetworkMode.MACVTAP
        if source.mode is NetworkMode.USER or source.backend:
            return NetworkMode.USER
        return None

    # ------------------------------------------------------------ reacting

    def generate_mac(self) -> None:
        """Fill in a new random 52:54:00 address used by no NIC of the connection."""
        taken = set(self._choices.macs_in_use) | set(self._choices.own_macs)
        if self._current is not None:
            taken.add(self._current.mac)
        self.mac_edit.setText(generate_mac(taken))

    def _on_mode(self, _word: str) -> None:
        mode = self.cards.current
        if mode is not None:
            self.card_scroll.ensureWidgetVisible(self.cards.cards[mode])
            self._show_page(self.pages[mode])
            unplugged = mode is NetworkMode.NONE
            if unplugged:
                self.link_check.setChecked(False)
            elif not self.link_check.isEnabled():
                self.link_check.setChecked(True)  # plugged back in by choosing a mode
            self.link_check.setEnabled(not unplugged)
        self.mode_note.setText(self._mode_note(mode))
        self.mode_note.setVisible(bool(self.mode_note.text()))
        self._revalidate()
        fit_to_contents(self)  # a taller page or note must not squash the cards below a row

    def _show_page(self, page: BackingPage) -> None:
        """Show ``page`` at its own height; what the others would need goes to the cards."""
        for other in self.pages.values():
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.backing.setCurrentWidget(page)
        self.backing.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        mode = self.cards.current
        if mode is not None:  # the viewport has its real size only now
            self.card_scroll.ensureWidgetVisible(self.cards.cards[mode])

    def _mode_note(self, mode: NetworkMode | None) -> str:
        if mode is None:
            return self.tr("Choose a mode for this interface.")
        if self._choices.session_connection and mode in _PRIVILEGED_MODES:
            return self.tr(
                "This is a user session connection: %1 needs privileges it usually lacks "
                "(a system network, or qemu-bridge-helper for bridges). User-mode works "
                "without them."
            ).replace("%1", network_mode_label(mode))
        if not self._choices.session_connection and mode is NetworkMode.USER:
            return self.tr("User-mode NICs are slow and cannot be reached from the host.")
        return ""

    def _select_portgroup(self, portgroup: str) -> None:
        position = self.portgroup_combo.findData(portgroup)
        if position >= 0:
            self.portgroup_combo.setCurrentIndex(position)

    def _refresh_portgroups(self, network_name: str) -> None:
        network = self._networks.get(network_name)
        groups = network.portgroups if network is not None else ()
        wanted = ["", *groups]
        shown = [self.portgroup_combo.itemData(i) for i in range(self.portgroup_combo.count())]
        if shown != wanted:
            previous = self.portgroup_combo.currentData()
            self.portgroup_combo.blockSignals(True)
            self.portgroup_combo.clear()
            self.portgroup_combo.addItem(self.tr("(network default)"), "")
            for group in groups:
                self.portgroup_combo.addItem(safe_line(group), group)
            position = self.portgroup_combo.findData(previous)
            self.portgroup_combo.setCurrentIndex(max(position, 0))
            self.portgroup_combo.blockSignals(False)
        self.portgroup_combo.setVisible(bool(groups))
        self.portgroup_label.setVisible(bool(groups))

    def _revalidate(self, *_args: object) -> None:
        mode = self.cards.current
        page = self.pages.get(mode) if mode is not None else None
        self._refresh_portgroups(page.network_name() if page is not None else "")
        self._update_mac_warning()
        try:
            self._result = self._build()
            self._problem = ""
        except BadInput as error:
            self._result = None
            self._problem = str(error)
        self.error_label.setText(self._problem)
        self.error_label.setVisible(bool(self._problem))
        self.ok_button.setEnabled(self._result is not None)
        self.outcome_label.setText(self._outcome())

    def _update_mac_warning(self) -> None:
        mac = comparable_mac(self.mac_edit.text())
        lines = []
        users = self._choices.macs_in_use.get(mac, ())
        if users:
            lines.append(
                self.tr("Also used by %1 on this connection: the two NICs would clash.").replace(
                    "%1", ", ".join(users)
                )
            )
        self.mac_warning.setText("\n".join(lines))
        self.mac_warning.setVisible(bool(lines))

    # ------------------------------------------------------------- values

    def _build(self) -> NicDialogResult:
        """The validated value of the fields as they are; BadInput names the first problem."""
        mode = self.cards.current
        if mode is None:
            raise BadInput(self.tr("choose a mode for this interface"))
        page = self.pages[mode]
        reason = page.unavailable_reason()
        if reason:
            raise BadInput(reason)
        networks = self._networks
        new_network = page.new_network()
        if new_network is not None:
            validate_network_spec(new_network, list(networks.values()), self._choices.host_networks)
            # The NIC is checked against the network as it will be once created.
            networks = self._networks_with(new_network)
        if mode is NetworkMode.NONE:
            # Unplugged: the source stays what it was, for plugging back in later.
            kept = self._current.source if self._current is not None else NicSource(mode)
            source = replace(kept, mode=mode)
        else:
            source = page.source()
            portgroup = self.portgroup_combo.currentData()
            if not self.portgroup_combo.isHidden() and portgroup:
                source = replace(source, portgroup=str(portgroup))
        mac = self.mac_edit.text().strip()
        if not mac:
            raise BadInput(self.tr("the NIC needs a MAC address (press Generate for a new one)"))
        if comparable_mac(mac) in {comparable_mac(m) for m in self._choices.own_macs}:
            # libvirt would accept it, but the NICs could then no longer be told apart.
            raise BadInput(
                self.tr("another NIC of this VM already has MAC %1").replace(
                    "%1", comparable_mac(mac)
                )
            )
        spec = NicSpec(
            source=source,
            mac=mac,
            model=str(self.model_combo.currentData() or ""),
            link_up=self.link_check.isChecked() and mode is not NetworkMode.NONE,
        )
        spec = validate_nic_spec(spec, networks, new=self._current is None)
        return NicDialogResult(spec=spec, new_network=new_network)

    def value(self) -> NicDialogResult:
        """The NIC (and network to create) as entered; BadInput if the fields are invalid."""
        return self._build()

    def problem(self) -> str:
        """The inline validation message ("" when the values are valid)."""
        return self._problem

    def _outcome(self) -> str:
        """What applying does to a running VM: live and kept, or only after a restart."""
        choices = self._choices
        if not choices.running:
            return ""
        result = self._result
        if result is None:
            return ""
        lines = []
        stopped = self._networks.get(result.spec.source.network)
        if stopped is not None and not stopped.active:
            lines.append(
                self.tr("The network %1 is stopped: it is started first.").replace(
                    "%1", stopped.name
                )
            )
        if not choices.live_update:
            lines.append(
                self.tr(
                    "The VM is running, and this connection cannot change a running VM's "
                    "interfaces: the change is saved and takes effect after the VM restarts."
                )
            )
            return " ".join(lines)
        nic = choices.running_nic
        reasons = (
            restart_reasons(nic, result.spec, self._networks_with(result.new_network))
            if nic is not None
            else ()
        )
        if self._current is None:
            lines.append(self.tr("The NIC is plugged into the running VM now and kept."))
        elif set(reasons) <= {"model", "MAC address"} and reasons:
            lines.append(
                self.tr(
                    "Model/MAC changes take effect after restart: the change is saved now and "
                    "the running VM keeps its NIC as it is until then."
                )
            )
        elif reasons:
            lines.append(
                self.tr(
                    "The VM is running and its %1 cannot change while it runs: the change "
                    "is saved now and takes effect after restart."
                ).replace("%1", ", ".join(reasons))
            )
        else:
            lines.append(self.tr("The change applies to the running VM now and is kept."))
        return " ".join(lines)

    def _networks_with(self, new: NetworkSpec | None) -> dict[str, NetworkSnapshot]:
        """The connection's networks plus the one the user asked to create."""
        networks = dict(self._networks)
        if new is not None:
            networks[new.name] = NetworkSnapshot(
                connection="", name=new.name, uuid="", mode=new.mode
            )
        return networks

    def accept(self) -> None:
        if self._result is None:
            return  # OK is disabled; Enter in a field must not slip past validation
        super().accept()
