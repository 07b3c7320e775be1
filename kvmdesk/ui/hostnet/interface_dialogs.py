"""Create a bridge over one port or a VLAN on an interface; parts every interface dialog shares.

:class:`BridgeDialog` returns a :class:`~kvmdesk.core.hostnet.model.BridgeSpec`,
:class:`VlanDialog` a :class:`~kvmdesk.core.hostnet.model.VlanSpec`; both check with
core's validation as the user types (message shown, OK disabled), like the bond dialog,
through their shared base :class:`InterfaceSpecDialog`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.hostnet.model import BridgeSpec, HostInterface, VlanSpec, vlan_name
from kvmdesk.core.hostnet.types import NM_CAPABILITIES, BackendCapabilities
from kvmdesk.core.hostnet.validation import (
    MAX_BRIDGE_DELAY_S,
    MAX_VLAN_ID,
    MIN_STP_DELAY_S,
    MIN_VLAN_ID,
    validate_bridge,
    validate_vlan,
    warnings,
)
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.notes import note_label
from kvmdesk.ui.hostnet.ip_config import IpConfigBox

_STP_DEFAULT_DELAY_S = 15.0  # the kernel's forward_delay default


def free_name(stem: str, interfaces: Sequence[HostInterface], *, start: int = 0) -> str:
    """``stem`` + the lowest number from ``start`` no interface uses: bond1, br1 …"""
    names = {i.name for i in interfaces}
    number = start
    while f"{stem}{number}" in names:
        number += 1
    return f"{stem}{number}"


def free_ports(
    interfaces: Sequence[HostInterface], kinds: Collection[str], *, keep: Collection[str] = ()
) -> list[str]:
    """Interfaces of ``kinds`` that are no port of anything yet (or are in ``keep``)."""
    return [
        i.name
        for i in sorted(interfaces, key=lambda i: i.name)
        if i.kind in kinds and (not i.controller or i.name in keep)
    ]


class DialogFeedback:
    """The error line (OK disabled while set), the warnings line and OK/Cancel."""

    def __init__(self, dialog: QDialog, *, ok_text: str | None = None) -> None:
        self.error_label = PlainLabel(dialog)
        self.error_label.setObjectName("dialogError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {Colour.ERROR.hex()};")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label = PlainLabel(dialog)
        self.warning_label.setObjectName("dialogWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(f"color: {Colour.WARNING_TEXT.hex()};")
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(button, QPushButton)
        self.ok_button = button
        self.ok_button.setText(ok_text or QCoreApplication.translate("InterfaceDialog", "Create"))

    def add_to(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.warning_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def show_problem(self, error: str, warning_lines: Sequence[str]) -> bool:
        """Show ``error`` (empty: none) and the warnings; True when OK is allowed."""
        self.error_label.setText(error)
        self.warning_label.setText("\n".join(f"⚠ {line}" for line in warning_lines))
        self.warning_label.setVisible(bool(warning_lines))
        self.ok_button.setEnabled(not error)
        return not error


SpecT = TypeVar("SpecT", BridgeSpec, VlanSpec)


class InterfaceSpecDialog(QDialog, Generic[SpecT]):
    """A dialog editing one interface spec, checked with core's validation as the user types.

    Subclasses build their form (:meth:`_build`), say which edits re-check it
    (:meth:`_watch_edits`), how the spec is read (:meth:`_spec`) and how it is
    validated (:meth:`_validate`); the error and warning lines and OK/Cancel
    come below the form.
    """

    def __init__(
        self,
        interfaces: Sequence[HostInterface],
        *,
        capabilities: BackendCapabilities = NM_CAPABILITIES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._interfaces = list(interfaces)
        self._caps = capabilities
        layout = QVBoxLayout(self)
        self._build(layout)
        self.feedback = DialogFeedback(self)
        self.feedback.add_to(layout)
        self.error_label = self.feedback.error_label
        self.ok_button = self.feedback.ok_button
        self.feedback.buttons.accepted.connect(self.accept)
        self.feedback.buttons.rejected.connect(self.reject)
        self._watch_edits()

    def _build(self, layout: QVBoxLayout) -> None:
        """Name and title the dialog and add its fields to ``layout``."""
        raise NotImplementedError

    def _watch_edits(self) -> None:
        """Connect the fields' edits to re-checking, and check the first time."""
        raise NotImplementedError

    def _spec(self) -> SpecT:
        raise NotImplementedError

    def _validate(self, spec: SpecT) -> None:
        """Raise BadInput when ``spec`` cannot be created on these interfaces."""
        raise NotImplementedError

    def revalidate(self, *_args: object) -> bool:
        try:
            spec = self._spec()
            self._validate(spec)
        except BadInput as error:
            return self.feedback.show_problem(str(error), [])
        return self.feedback.show_problem("", warnings(spec))

    def value(self) -> SpecT:
        return self._spec()


class BridgeDialog(InterfaceSpecDialog[BridgeSpec]):
    """A new Linux bridge over one free port (ethernet, bond or VLAN), or none."""

    def _build(self, layout: QVBoxLayout) -> None:
        self.setObjectName("bridgeDialog")
        self.setWindowTitle(self.tr("New bridge"))
        form = QFormLayout()
        self.name_edit = QLineEdit(free_name("br", self._interfaces), self)
        self.name_edit.setObjectName("bridgeName")
        self.port_combo = QComboBox(self)
        self.port_combo.setObjectName("bridgePort")
        for name in free_ports(self._interfaces, ("ethernet", "bond", "vlan")):
            self.port_combo.addItem(safe_line(name), name)
        self.port_combo.addItem(self.tr("(no port: a bridge for virtual machines only)"), "")
        self.stp_check = QCheckBox(self.tr("Spanning tree protocol (STP)"), self)
        self.stp_check.setObjectName("bridgeStp")
        self.delay_spin = QDoubleSpinBox(self)
        self.delay_spin.setObjectName("bridgeDelay")
        self.delay_spin.setRange(0.0, MAX_BRIDGE_DELAY_S)
        self.delay_spin.setSingleStep(0.5)
        self.delay_spin.setSuffix(" s")
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Port:"), self.port_combo)
        form.addRow("", self.stp_check)
        form.addRow(self.tr("Forward delay:"), self.delay_spin)
        layout.addLayout(form)
        self.ip_box = IpConfigBox(self.tr("IP configuration of the bridge"), self)
        self.ip_box.set_ipv4("dhcp")
        layout.addWidget(self.ip_box)
        layout.addWidget(
            note_label(
                self.tr(
                    "The port's own IP configuration is replaced: the bridge carries the address."
                ),
                self,
            )
        )

    def _watch_edits(self) -> None:
        connect_edits(self.revalidate, self.name_edit, self.port_combo, self.delay_spin)
        self.stp_check.toggled.connect(self._stp_toggled)
        self.ip_box.changed.connect(self.revalidate)
        self.revalidate()

    def _stp_toggled(self, on: bool) -> None:
        if on and self.delay_spin.value() < MIN_STP_DELAY_S:
            self.delay_spin.setValue(_STP_DEFAULT_DELAY_S)
        self.revalidate()

    def _spec(self) -> BridgeSpec:
        port = self.port_combo.currentData() or ""
        return BridgeSpec(
            name=self.name_edit.text().strip(),
            ports=(port,) if port else (),
            ip=self.ip_box.ip_config(),
            stp=self.stp_check.isChecked(),
            delay=self.delay_spin.value(),
            mtu=self.ip_box.mtu(),
        )

    def _validate(self, spec: BridgeSpec) -> None:
        validate_bridge(spec, self._interfaces, backend_caps=self._caps)


class VlanDialog(InterfaceSpecDialog[VlanSpec]):
    """A new 802.1Q VLAN interface on a parent (ethernet, bond or bridge)."""

    def _build(self, layout: QVBoxLayout) -> None:
        self.setObjectName("vlanDialog")
        self.setWindowTitle(self.tr("New VLAN"))
        self._auto_name = ""
        form = QFormLayout()
        self.parent_combo = QComboBox(self)
        self.parent_combo.setObjectName("vlanParent")
        for name in free_ports(self._interfaces, ("ethernet", "bond", "bridge")):
            self.parent_combo.addItem(safe_line(name), name)
        self.id_spin = QSpinBox(self)
        self.id_spin.setObjectName("vlanId")
        self.id_spin.setRange(MIN_VLAN_ID, MAX_VLAN_ID)
        self.id_spin.setValue(10)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("vlanName")
        form.addRow(self.tr("Parent interface:"), self.parent_combo)
        form.addRow(self.tr("VLAN id:"), self.id_spin)
        form.addRow(self.tr("Name:"), self.name_edit)
        layout.addLayout(form)
        self.ip_box = IpConfigBox(self.tr("IP configuration of the VLAN"), self)
        layout.addWidget(self.ip_box)

    def _watch_edits(self) -> None:
        connect_edits(self._default_name, self.parent_combo, self.id_spin)
        self.name_edit.textChanged.connect(self.revalidate)
        self.ip_box.changed.connect(self.revalidate)
        self._default_name()

    def _default_name(self, *_args: object) -> None:
        """``<parent>.<id>`` until the user types a name of their own."""
        wanted = vlan_name(self.parent_combo.currentData() or "", self.id_spin.value())
        if self.name_edit.text() in ("", self._auto_name):
            self._auto_name = wanted
            self.name_edit.setText(wanted)
        self._auto_name = wanted
        self.revalidate()

    def _spec(self) -> VlanSpec:
        return VlanSpec(
            name=self.name_edit.text().strip(),
            parent=self.parent_combo.currentData() or "",
            vlan_id=self.id_spin.value(),
            ip=self.ip_box.ip_config(),
            mtu=self.ip_box.mtu(),
        )

    def _validate(self, spec: VlanSpec) -> None:
        validate_vlan(spec, self._interfaces, backend_caps=self._caps)
