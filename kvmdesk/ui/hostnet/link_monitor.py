"""The bond dialog's link monitoring: none, MII (interval, delays, carrier) or ARP.

Radio buttons make MII and ARP exclusive. The one way to see both is a bond set up
outside kvmdesk with both: then no radio is checked, both forms stay editable and
:meth:`LinkMonitorBox.monitors` returns both, so core's "not both" message shows
until the user picks one.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.hostnet.model import ArpMonitor, ArpValidate, MiiMonitor
from kvmdesk.core.hostnet.validation import MAX_INTERVAL_MS, parse_ipv4_address
from kvmdesk.models.text import safe_line, safe_tooltip
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.notes import note_label

_ARP_VALIDATE: tuple[ArpValidate, ...] = ("none", "active", "backup", "all")
DEFAULT_MII_INTERVAL_MS = 100
DEFAULT_ARP_INTERVAL_MS = 1000


def _spin(parent: QWidget, name: str, value: int, minimum: int = 0) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(minimum, MAX_INTERVAL_MS)
    spin.setSuffix(" ms")
    spin.setValue(value)
    return spin


def parse_arp_targets(text: str) -> tuple[IPv4Address, ...]:
    """Addresses separated by commas or spaces; BadInput names the one that is not."""
    return tuple(parse_ipv4_address(part, "ARP target") for part in text.replace(",", " ").split())


class LinkMonitorBox(QGroupBox):
    """Emits ``changed`` on every edit; :meth:`monitors` reads ``(mii, arp)``."""

    changed = Signal()

    def __init__(
        self, *, max_arp_targets: int, backend_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Link monitoring"))
        self.setObjectName("linkMonitoring")
        layout = QVBoxLayout(self)
        radios = QHBoxLayout()
        self.no_monitor_radio = QRadioButton(self.tr("None"), self)
        self.mii_radio = QRadioButton(self.tr("MII"), self)
        self.mii_radio.setObjectName("miiRadio")
        self.arp_radio = QRadioButton(self.tr("ARP"), self)
        self.arp_radio.setObjectName("arpRadio")
        self.group = QButtonGroup(self)
        for radio in (self.no_monitor_radio, self.mii_radio, self.arp_radio):
            self.group.addButton(radio)
            radios.addWidget(radio)
        radios.addStretch(1)
        layout.addLayout(radios)

        self.mii_form = QWidget(self)
        mii = QFormLayout(self.mii_form)
        mii.setContentsMargins(0, 0, 0, 0)
        self.mii_interval_spin = _spin(self, "miiInterval", DEFAULT_MII_INTERVAL_MS, 1)
        self.updelay_spin = _spin(self, "miiUpdelay", 0)
        self.downdelay_spin = _spin(self, "miiDowndelay", 0)
        self.carrier_combo = QComboBox(self)
        self.carrier_combo.addItem(self.tr("netif (driver's carrier state)"), "netif")
        self.carrier_combo.addItem(self.tr("ioctl (MII/ethtool)"), "ioctl")
        mii.addRow(self.tr("Interval:"), self.mii_interval_spin)
        mii.addRow(self.tr("Up delay:"), self.updelay_spin)
        mii.addRow(self.tr("Down delay:"), self.downdelay_spin)
        mii.addRow(self.tr("Carrier:"), self.carrier_combo)
        layout.addWidget(self.mii_form)

        self.arp_form = QWidget(self)
        arp = QFormLayout(self.arp_form)
        arp.setContentsMargins(0, 0, 0, 0)
        self.arp_interval_spin = _spin(self, "arpInterval", DEFAULT_ARP_INTERVAL_MS, 1)
        self.arp_targets_edit = QLineEdit(self)
        self.arp_targets_edit.setObjectName("arpTargets")
        # The example shows what this backend accepts: one address where it holds one.
        examples = ("203.0.113.1", "203.0.113.2")[: max(1, min(max_arp_targets, 2))]
        self.arp_targets_edit.setPlaceholderText(", ".join(examples))
        self.arp_validate_combo = QComboBox(self)
        for value in _ARP_VALIDATE:
            self.arp_validate_combo.addItem(safe_line(value), value)
        arp.addRow(self.tr("Interval:"), self.arp_interval_spin)
        arp.addRow(self.tr("Targets:"), self.arp_targets_edit)
        arp.addRow(self.tr("Validate:"), self.arp_validate_combo)
        layout.addWidget(self.arp_form)

        self.arp_note = note_label(
            self.tr("%1 holds a single ARP target.").replace("%1", backend_label)
            if max_arp_targets == 1
            else self.tr("Up to %1 target addresses, separated by commas.").replace(
                "%1", str(max_arp_targets)
            ),
            self,
            "arpNote",
        )
        layout.addWidget(self.arp_note)
        layout.addWidget(
            note_label(self.tr("Up and down delays must be multiples of the MII interval."), self)
        )

        self.group.buttonToggled.connect(self._enable_forms)
        connect_edits(
            self.changed,
            self.mii_interval_spin,
            self.updelay_spin,
            self.downdelay_spin,
            self.arp_interval_spin,
            self.carrier_combo,
            self.arp_validate_combo,
            self.arp_targets_edit,
        )
        self._enable_forms()

    @property
    def both(self) -> bool:
        """Loaded with MII and ARP together and no choice made yet."""
        return self.group.checkedButton() is None

    def _enable_forms(self, *_args: object) -> None:
        self.mii_form.setEnabled(self.both or self.mii_radio.isChecked())
        self.arp_form.setEnabled(self.both or self.arp_radio.isChecked())
        self.changed.emit()

    def set_arp_allowed(self, allowed: bool, mode_name: str) -> None:
        """ARP is offered in modes that support it; a chosen ARP stays (core says why)."""
        self.arp_radio.setEnabled(allowed or self.arp_radio.isChecked())
        self.arp_radio.setToolTip(
            safe_tooltip(
                ""
                if allowed
                else self.tr("ARP monitoring does not work in %1 mode").replace("%1", mode_name)
            )
        )

    def load(self, mii: MiiMonitor | None, arp: ArpMonitor | None) -> None:
        if mii is not None:
            self.mii_interval_spin.setValue(mii.interval_ms)
            self.updelay_spin.setValue(mii.updelay_ms)
            self.downdelay_spin.setValue(mii.downdelay_ms)
            self.carrier_combo.setCurrentIndex(self.carrier_combo.findData(mii.carrier))
        if arp is not None:
            self.arp_interval_spin.setValue(arp.interval_ms)
            self.arp_targets_edit.setText(", ".join(str(t) for t in arp.targets))
            self.arp_validate_combo.setCurrentIndex(self.arp_validate_combo.findData(arp.validate))
        if mii is not None and arp is None:
            self.mii_radio.setChecked(True)
        elif arp is not None and mii is None:
            self.arp_radio.setChecked(True)
        elif mii is None:
            self.no_monitor_radio.setChecked(True)
        else:  # both: leave every radio unchecked
            self.group.setExclusive(False)
            for radio in self.group.buttons():
                radio.setChecked(False)
            self.group.setExclusive(True)
            self._enable_forms()

    def monitors(self) -> tuple[MiiMonitor | None, ArpMonitor | None]:
        """``(mii, arp)`` as entered; BadInput for a target that is no IPv4 address."""
        mii = None
        if self.both or self.mii_radio.isChecked():
            mii = MiiMonitor(
                interval_ms=self.mii_interval_spin.value(),
                updelay_ms=self.updelay_spin.value(),
                downdelay_ms=self.downdelay_spin.value(),
                carrier=self.carrier_combo.currentData(),
            )
        arp = None
        if self.both or self.arp_radio.isChecked():
            arp = ArpMonitor(
                interval_ms=self.arp_interval_spin.value(),
                targets=parse_arp_targets(self.arp_targets_edit.text()),
                validate=self.arp_validate_combo.currentData(),
            )
        return mii, arp
