"""The IP settings block the bond, bridge and VLAN dialogs share: IPv4, IPv6 and MTU.

It turns what was typed into an :class:`~kvmdesk.core.hostnet.model.IpConfig`; text
that is not an address raises :class:`~kvmdesk.core.types.errors.BadInput`, and everything
else (gateway outside the subnet, MTU too small for IPv6 …) is core's validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kvmdesk.core.hostnet.model import IpConfig, Ipv4Method, Ipv6Method
from kvmdesk.core.hostnet.validation import MAX_MTU, parse_ipv4_address, parse_ipv4_setting
from kvmdesk.core.types.errors import BadInput
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits

_IPV4_METHODS: tuple[Ipv4Method, ...] = ("none", "dhcp", "static")
_IPV6_METHODS: tuple[Ipv6Method, ...] = ("ignore", "auto", "dhcp", "link-local", "static")


def _split(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def parse_ipv4_addresses(text: str) -> tuple[IPv4Interface, ...]:
    """``203.0.113.5/24[, …]``; a missing prefix is an error, not a silent /32."""
    found: list[IPv4Interface] = []
    for part in _split(text):
        if "/" not in part:
            raise BadInput(f"give {part} with its prefix, e.g. {part}/24")
        found.extend(parse_ipv4_setting(part).addresses)
    return tuple(found)


def parse_ipv6_addresses(text: str) -> tuple[IPv6Interface, ...]:
    found: list[IPv6Interface] = []
    for part in _split(text):
        if "/" not in part:
            raise BadInput(f"give {part} with its prefix, e.g. {part}/64")
        try:
            found.append(IPv6Interface(part))
        except ValueError:
            raise BadInput(
                f"bad IPv6 address {part!r}: use ADDRESS/PREFIX, e.g. 2001:db8::5/64"
            ) from None
    return tuple(found)


def parse_ipv6_gateway(text: str) -> IPv6Address:
    try:
        return IPv6Address(text.strip())
    except ValueError:
        raise BadInput(f"bad IPv6 gateway {text.strip()!r}: not an IPv6 address") from None


def _method_combo(
    parent: QWidget, name: str, methods: Sequence[str], labels: Mapping[str, str]
) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for method in methods:
        combo.addItem(safe_line(labels[method]), method)
    return combo


def _line_edit(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class IpConfigBox(QGroupBox):
    """IPv4 (none / DHCP / static with addresses and gateway), IPv6 and MTU."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName("ipConfig")
        # Whether DNS from DHCP is used is not edited here; a loaded value is kept.
        self._peerdns: tuple[bool | None, bool | None] = (None, None)
        form = QFormLayout(self)
        self.ipv4_combo = _method_combo(
            self,
            "ipv4Method",
            _IPV4_METHODS,
            {
                "none": self.tr("No IPv4"),
                "dhcp": self.tr("DHCP"),
                "static": self.tr("Static address"),
            },
        )
        self.ipv4_address_edit = _line_edit(self, "ipv4Address", "203.0.113.5/24")
        self.ipv4_gateway_edit = _line_edit(self, "ipv4Gateway", self.tr("none"))
        self.ipv6_combo = _method_combo(
            self,
            "ipv6Method",
            _IPV6_METHODS,
            {
                "ignore": self.tr("Ignore"),
                "auto": self.tr("Automatic (SLAAC)"),
                "dhcp": self.tr("DHCPv6 only"),
                "link-local": self.tr("Link-local only"),
                "static": self.tr("Static address"),
            },
        )
        self.ipv6_address_edit = _line_edit(self, "ipv6Address", "2001:db8::5/64")
        self.ipv6_gateway_edit = _line_edit(self, "ipv6Gateway", self.tr("none"))
        self.mtu_spin = QSpinBox(self)
        self.mtu_spin.setObjectName("mtu")
        self.mtu_spin.setRange(0, MAX_MTU)
        self.mtu_spin.setSpecialValueText(self.tr("default"))
        form.addRow(self.tr("IPv4:"), self.ipv4_combo)
        form.addRow(self.tr("Address/prefix:"), self.ipv4_address_edit)
        form.addRow(self.tr("Gateway:"), self.ipv4_gateway_edit)
        form.addRow(self.tr("IPv6:"), self.ipv6_combo)
        form.addRow(self.tr("IPv6 address/prefix:"), self.ipv6_address_edit)
        form.addRow(self.tr("IPv6 gateway:"), self.ipv6_gateway_edit)
        form.addRow(self.tr("MTU:"), self.mtu_spin)
        connect_edits(self._method_changed, self.ipv4_combo, self.ipv6_combo)
        connect_edits(
            self.changed,
            self.ipv4_address_edit,
            self.ipv4_gateway_edit,
            self.ipv6_address_edit,
            self.ipv6_gateway_edit,
            self.mtu_spin,
        )
        self._method_changed()

    def _method_changed(self) -> None:
        ipv4 = self.ipv4_combo.currentData()
        self.ipv4_address_edit.setEnabled(ipv4 == "static")
        self.ipv4_gateway_edit.setEnabled(ipv4 in ("static", "dhcp"))
        static6 = self.ipv6_combo.currentData() == "static"
        self.ipv6_address_edit.setEnabled(static6)
        self.ipv6_gateway_edit.setEnabled(static6)
        self.changed.emit()

    def set_ipv4(self, method: Ipv4Method, addresses: str = "", gateway: str = "") -> None:
        self.ipv4_combo.setCurrentIndex(self.ipv4_combo.findData(method))
        self.ipv4_address_edit.setText(addresses)
        self.ipv4_gateway_edit.setText(gateway)

    def set_ipv6(self, method: Ipv6Method, addresses: str = "", gateway: str = "") -> None:
        self.ipv6_combo.setCurrentIndex(self.ipv6_combo.findData(method))
        self.ipv6_address_edit.setText(addresses)
        self.ipv6_gateway_edit.setText(gateway)

    def load(self, ip: IpConfig, mtu: int | None) -> None:
        self.set_ipv4(
            ip.ipv4,
            ", ".join(str(a) for a in ip.addresses),
            str(ip.gateway) if ip.gateway is not None else "",
        )
        self.set_ipv6(
            ip.ipv6,
            ", ".join(str(a) for a in ip.ipv6_addresses),
            str(ip.ipv6_gateway) if ip.ipv6_gateway is not None else "",
        )
        self._peerdns = (ip.dhcp_peerdns, ip.ipv6_dhcp_peerdns)
        self.mtu_spin.setValue(mtu or 0)

    def ip_config(self) -> IpConfig:
        """What is entered; raises BadInput for text that is not an address."""
        ipv4: Ipv4Method = self.ipv4_combo.currentData()
        addresses: tuple[IPv4Interface, ...] = ()
        gateway: IPv4Address | None = None
        if ipv4 == "static":
            addresses = parse_ipv4_addresses(self.ipv4_address_edit.text())
        if ipv4 != "none" and self.ipv4_gateway_edit.text().strip():
            gateway = parse_ipv4_address(self.ipv4_gateway_edit.text(), "gateway")
        ipv6: Ipv6Method = self.ipv6_combo.currentData()
        addresses6: tuple[IPv6Interface, ...] = ()
        gateway6: IPv6Address | None = None
        if ipv6 == "static":
            addresses6 = parse_ipv6_addresses(self.ipv6_address_edit.text())
            if self.ipv6_gateway_edit.text().strip():
                gateway6 = parse_ipv6_gateway(self.ipv6_gateway_edit.text())
        return IpConfig(
            ipv4=ipv4,
            addresses=addresses,
            gateway=gateway,
            dhcp_peerdns=self._peerdns[0],
            ipv6=ipv6,
            ipv6_addresses=addresses6,
            ipv6_gateway=gateway6,
            ipv6_dhcp_peerdns=self._peerdns[1],
        )

    def mtu(self) -> int | None:
        return self.mtu_spin.value() or None
