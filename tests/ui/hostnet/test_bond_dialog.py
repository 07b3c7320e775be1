"""The bond, bridge and VLAN dialogs driven through their widgets; values read back.

The host's interfaces are plain snapshots (value objects, as a backend reports them):
the dialogs never talk to a backend, they return a spec. Validation messages are
core's, so these tests check that they appear, block OK, and go away when fixed.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.core.hostnet.model import (
    ArpMonitor,
    BondMode,
    BondSpec,
    HostInterface,
    IpConfig,
    MiiMonitor,
)
from kvmdesk.core.hostnet.types import (
    LIBVIRT_CAPABILITIES,
    NM_CAPABILITIES,
    BackendCapabilities,
)
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.hostnet.interface_dialogs import BridgeDialog, VlanDialog

HOST = [
    HostInterface("eth0", "ethernet", mac="52:54:00:00:e0:00", controller="br0"),
    HostInterface("eth1", "ethernet", mac="52:54:00:00:e0:01"),
    HostInterface("eth2", "ethernet", mac="52:54:00:00:e0:02"),
    HostInterface("eth3", "ethernet", mac="52:54:00:00:e0:03"),
    HostInterface("br0", "bridge", ports=("eth0",), mtu=1500),
    HostInterface("bond0", "bond", ports=()),
]


def _dialog(qtbot: Any, **kwargs: Any) -> BondDialog:
    kwargs.setdefault("capabilities", NM_CAPABILITIES)
    dialog = BondDialog(HOST, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def _tick(dialog: BondDialog, *names: str) -> None:
    for name in names:
        item = dialog.port_item(name)
        assert item is not None, f"{name} is not offered"
        item.setCheckState(Qt.CheckState.Checked)


def _problem(dialog: Any) -> str:
    return str(dialog.error_label.text())


def _ok(dialog: Any) -> bool:
    return bool(dialog.ok_button.isEnabled())


# ------------------------------------------------------------------ the modes


def test_modes_are_listed_with_their_numbers(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    labels = [dialog.mode_list.item(row).text() for row in range(dialog.mode_list.count())]
    assert labels == [
        "0 balance-rr",
        "1 active-backup",
        "2 balance-xor",
        "3 broadcast",
        "4 802.3ad (LACP)",
        "5 balance-tlb",
        "6 balance-alb",
    ]
    assert dialog.mode is BondMode.ACTIVE_BACKUP  # the safe default, works with any switch


@pytest.mark.parametrize(
    ("mode", "switch"),
    [
        (BondMode.BALANCE_RR, "static port group"),
        (BondMode.ACTIVE_BACKUP, "nothing to configure"),
        (BondMode.BALANCE_XOR, "static port group"),
        (BondMode.BROADCAST, "static port group"),
        (BondMode.IEEE_802_3AD, "must run LACP"),
        (BondMode.BALANCE_TLB, "nothing to configure"),
        (BondMode.BALANCE_ALB, "nothing to configure"),
    ],
)
def test_each_mode_shows_its_guide(qtbot: Any, mode: BondMode, switch: str) -> None:
    dialog = _dialog(qtbot)
    dialog.mode_list.setCurrentRow(int(mode))
    guide = dialog.guide_label.text()
    assert mode.guide.summary in guide
    assert switch in guide
    balancing = "yes" if mode.guide.load_balancing else "no"
    assert f"Load balancing: {balancing}" in guide
    # The primary port is offered only where the kernel has one (modes 1, 5, 6).
    assert dialog.primary_combo.isEnabled() == (mode in (1, 5, 6))


def test_lacp_options_follow_mode_and_backend(qtbot: Any) -> None:
    nm = _dialog(qtbot)
    assert not nm.lacp_box.isHidden()
    nm.mode_list.setCurrentRow(int(BondMode.IEEE_802_3AD))
    assert nm.lacp_rate_combo.isEnabled() and nm.hash_combo.isEnabled()
    _tick(nm, "eth1", "eth2")
    nm.lacp_rate_combo.setCurrentIndex(nm.lacp_rate_combo.findData("fast"))
    nm.hash_combo.setCurrentIndex(nm.hash_combo.findData("layer3+4"))
    assert _ok(nm), _problem(nm)
    spec = nm.value()
    assert (spec.lacp_rate, spec.xmit_hash_policy) == ("fast", "layer3+4")
    nm.mode_list.setCurrentRow(int(BondMode.ACTIVE_BACKUP))
    assert "LACP rate applies only to 802.3ad" in _problem(nm) and not _ok(nm)

    libvirt = _dialog(qtbot, capabilities=LIBVIRT_CAPABILITIES, backend_label="libvirt")
    assert libvirt.lacp_box.isHidden()
    libvirt.mode_list.setCurrentRow(int(BondMode.IEEE_802_3AD))
    assert not libvirt.lacp_note.isHidden()
    assert "libvirt cannot set the LACP rate" in libvirt.lacp_note.text()


# ------------------------------------------------------------- building a bond


def test_a_bond_over_two_ports_with_mii(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.name_edit.text() == "bond1"  # bond0 is taken
    offered = [dialog.ports_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    assert offered == ["eth1", "eth2", "eth3"]  # eth0 is a port of br0 already
    _tick(dialog, "eth2", "eth3")
    dialog.mode_list.setCurrentRow(int(BondMode.ACTIVE_BACKUP))
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData("eth3"))
    dialog.monitor.mii_interval_spin.setValue(100)
    dialog.monitor.updelay_spin.setValue(200)
    dialog.monitor.downdelay_spin.setValue(300)
    dialog.ip_box.set_ipv4("static", "203.0.113.20/25", "203.0.113.1")
    assert _ok(dialog), _problem(dialog)
    assert dialog.warning_label.isHidden()
    assert dialog.value() == BondSpec(
        name="bond1",
        mode=BondMode.ACTIVE_BACKUP,
        ports=("eth2", "eth3"),
        primary="eth3",
        mii=MiiMonitor(100, 200, 300),
        ip=IpConfig(
            ipv4="static",
            addresses=(IPv4Interface("203.0.113.20/25"),),
            gateway=IPv4Address("203.0.113.1"),
        ),
    )


def test_libvirt_puts_the_primary_first(qtbot: Any) -> None:
    dialog = _dialog(qtbot, capabilities=LIBVIRT_CAPABILITIES, backend_label="libvirt")
    _tick(dialog, "eth2", "eth3")
    assert "libvirt makes the first port the primary" in dialog.primary_note.text()
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData("eth3"))
    assert _ok(dialog), _problem(dialog)
    assert dialog.value().ports == ("eth3", "eth2")
    # libvirt has no primary outside active-backup: the field is off and says why.
    dialog.primary_combo.setCurrentIndex(0)
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_TLB))
    assert not dialog.primary_combo.isEnabled()
    assert "libvirt cannot set a primary port in balance-tlb" in dialog.primary_note.text()


def test_arp_monitoring_with_several_targets(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_XOR))
    dialog.monitor.arp_radio.click()
    assert not dialog.monitor.mii_form.isEnabled() and dialog.monitor.arp_form.isEnabled()
    assert "at least one target" in _problem(dialog)
    dialog.monitor.arp_targets_edit.setText("203.0.113.1, 203.0.113.2")
    dialog.monitor.arp_validate_combo.setCurrentIndex(
        dialog.monitor.arp_validate_combo.findData("all")
    )
    assert _ok(dialog), _problem(dialog)
    spec = dialog.value()
    assert spec.mii is None
    assert spec.arp == ArpMonitor(
        1000, (IPv4Address("203.0.113.1"), IPv4Address("203.0.113.2")), "all"
    )


def test_arp_with_libvirt_takes_one_target(qtbot: Any) -> None:
    dialog = _dialog(qtbot, capabilities=LIBVIRT_CAPABILITIES, backend_label="libvirt")
    assert "libvirt holds a single ARP target" in dialog.monitor.arp_note.text()
    _tick(dialog, "eth1")
    dialog.monitor.arp_radio.click()
    dialog.monitor.arp_targets_edit.setText("203.0.113.1 203.0.113.2")
    assert "single ARP target" in _problem(dialog) and not _ok(dialog)
    dialog.monitor.arp_targets_edit.setText("203.0.113.1")
    assert _ok(dialog), _problem(dialog)


def test_use_for_virtual_machines_moves_the_ip_to_a_bridge(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    assert dialog.bridge_name_edit.text() == "br-bond1"
    dialog.name_edit.setText("uplink")
    assert dialog.bridge_name_edit.text() == "br-uplink"  # follows until typed over
    assert not dialog.bridge_name_edit.isEnabled()
    dialog.vm_check.setChecked(True)
    assert dialog.bridge_name_edit.isEnabled()
    assert dialog.ip_box.title() == "IP configuration of bridge br-uplink"
    dialog.ip_box.set_ipv4("static", "198.51.100.10/24", "198.51.100.1")
    assert _ok(dialog), _problem(dialog)
    spec = dialog.value()
    assert spec.bridge == "br-uplink"
    assert spec.ip.addresses == (IPv4Interface("198.51.100.10/24"),)
    dialog.bridge_name_edit.setText("br0")
    assert "already exists" in _problem(dialog) and not _ok(dialog)


def test_editing_keeps_name_and_bridge(qtbot: Any) -> None:
    current = BondSpec(
        name="bond0",
        mode=BondMode.IEEE_802_3AD,
        ports=("eth2", "eth3"),
        mii=MiiMonitor(100),
        lacp_rate="fast",
        start_mode="none",
    )
    host = [
        *HOST[:2],
        HostInterface("eth2", "ethernet", controller="bond0"),
        HostInterface("eth3", "ethernet", controller="bond0"),
        HostInterface("br0", "bridge", ports=("eth0",)),
        HostInterface("bond0", "bond", ports=("eth2", "eth3")),
    ]
    dialog = BondDialog(host, capabilities=NM_CAPABILITIES, current=current)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.isReadOnly() and not dialog.vm_check.isEnabled()
    assert dialog.ok_button.text() == "Save"
    assert dialog.checked_ports() == ["eth2", "eth3"]
    assert _ok(dialog), _problem(dialog)
    assert dialog.value() == current
    dialog.port_item("eth1").setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    assert dialog.value().ports == ("eth1", "eth2", "eth3")


# ----------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "bond name is empty"),
        ("bond 1", "must not contain spaces"),
        ("a-very-long-bond-name", "Linux allows at most 15"),
        ("bond0", "already exists"),
        ("all", "reserved by Linux"),
    ],
)
def test_bad_names_block_ok(qtbot: Any, name: str, message: str) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    assert _ok(dialog)
    dialog.name_edit.setText(name)
    assert message in _problem(dialog)
    assert not _ok(dialog)
    dialog.name_edit.setText("bond7")
    assert _ok(dialog) and _problem(dialog) == ""


def test_no_ports_blocks_ok_and_one_port_warns(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert _problem(dialog) == "bond1 needs at least one port"
    assert not _ok(dialog)
    _tick(dialog, "eth1")
    assert _ok(dialog)
    assert "fewer than two ports" in dialog.warning_label.text()
    _tick(dialog, "eth2")
    assert dialog.warning_label.isHidden()


def test_a_primary_in_mode_0_is_refused_until_cleared(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData("eth2"))
    dialog.mode_list.setCurrentRow(int(BondMode.BALANCE_RR))
    assert "a primary port applies only to active-backup" in _problem(dialog)
    assert not _ok(dialog)
    # Still editable so it can be cleared; cleared, the field switches off.
    assert dialog.primary_combo.isEnabled()
    dialog.primary_combo.setCurrentIndex(dialog.primary_combo.findData(""))
    assert _ok(dialog) and not dialog.primary_combo.isEnabled()


def test_mii_and_arp_are_never_both(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    assert dialog.monitor.mii_radio.isChecked()
    dialog.monitor.arp_radio.click()
    assert not dialog.monitor.mii_radio.isChecked()
    dialog.monitor.arp_targets_edit.setText("203.0.113.1")
    assert dialog.value().mii is None and dialog.value().arp is not None
    # A bond configured outside kvmdesk with both: core's message until one is picked.
    both = BondSpec(
        name="bond0",
        mode=BondMode.ACTIVE_BACKUP,
        ports=("eth2", "eth3"),
        mii=MiiMonitor(100),
        arp=ArpMonitor(1000, (IPv4Address("203.0.113.1"),)),
    )
    host = [
        HostInterface("eth2", "ethernet", controller="bond0"),
        HostInterface("eth3", "ethernet", controller="bond0"),
        HostInterface("bond0", "bond", ports=("eth2", "eth3")),
    ]
    editing = BondDialog(host, current=both)
    qtbot.addWidget(editing)
    assert _problem(editing) == "use MII or ARP link monitoring, not both"
    assert not _ok(editing)
    editing.monitor.mii_radio.click()
    assert _ok(editing), _problem(editing)
    assert editing.value().arp is None


def test_delays_must_be_multiples_of_the_interval(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    dialog.monitor.mii_interval_spin.setValue(100)
    dialog.monitor.updelay_spin.setValue(150)
    assert (
        _problem(dialog)
        == "up delay 150 ms is not a multiple of the MII interval 100 ms (use 100 or 200, or 0)"
    )
    assert not _ok(dialog)
    dialog.monitor.updelay_spin.setValue(200)
    dialog.monitor.downdelay_spin.setValue(50)
    assert "down delay 50 ms" in _problem(dialog)
    dialog.monitor.mii_interval_spin.setValue(50)
    assert _ok(dialog), _problem(dialog)


def test_arp_is_refused_in_modes_without_it(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    dialog.monitor.arp_radio.click()
    dialog.monitor.arp_targets_edit.setText("203.0.113.1")
    assert _ok(dialog)
    dialog.mode_list.setCurrentRow(int(BondMode.IEEE_802_3AD))
    assert "ARP monitoring does not work in 802.3ad mode" in _problem(dialog)
    dialog.monitor.mii_radio.click()
    assert _ok(dialog)
    assert not dialog.monitor.arp_radio.isEnabled()


@pytest.mark.parametrize(
    ("ipv4", "address", "gateway", "message"),
    [
        ("static", "", "", "needs at least one address"),
        ("static", "203.0.113.5", "", "with its prefix"),
        ("static", "999.1.1.1/24", "", "bad IPv4 address"),
        ("static", "203.0.113.0/24", "", "network address"),
        ("static", "203.0.113.5/24", "198.51.100.1", "outside bond1's subnets"),
        ("static", "203.0.113.5/24", "gateway", "bad gateway"),
        ("dhcp", "", "203.0.113.5.1", "bad gateway"),
    ],
)
def test_bad_ip_settings_block_ok(
    qtbot: Any, ipv4: Any, address: str, gateway: str, message: str
) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1", "eth2")
    dialog.ip_box.set_ipv4(ipv4, address, gateway)
    assert message in _problem(dialog)
    assert not _ok(dialog)
    dialog.ip_box.set_ipv4("static", "203.0.113.5/24", "203.0.113.1")
    assert _ok(dialog), _problem(dialog)


def test_bad_ipv6_and_mtu(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _tick(dialog, "eth1")
    dialog.ip_box.set_ipv6("static", "2001:db8::zz/64")
    assert "bad IPv6 address" in _problem(dialog) and not _ok(dialog)
    dialog.ip_box.set_ipv6("static", "2001:db8::5/64", "2001:db8::1")
    assert _ok(dialog), _problem(dialog)
    dialog.ip_box.mtu_spin.setValue(1000)
    assert "too small for IPv6" in _problem(dialog)
    dialog.ip_box.mtu_spin.setValue(9000)
    assert _ok(dialog)
    assert dialog.value().mtu == 9000


# ------------------------------------------------------------ bridge and VLAN


def test_bridge_dialog(qtbot: Any) -> None:
    dialog = BridgeDialog(HOST, capabilities=LIBVIRT_CAPABILITIES)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "br1"
    ports = [dialog.port_combo.itemData(i) for i in range(dialog.port_combo.count())]
    assert ports == ["bond0", "eth1", "eth2", "eth3", ""]
    dialog.port_combo.setCurrentIndex(dialog.port_combo.findData("eth1"))
    assert _ok(dialog), _problem(dialog)
    dialog.stp_check.setChecked(True)
    assert dialog.delay_spin.value() == 15.0  # STP needs 2-30 s: the kernel's default
    dialog.delay_spin.setValue(1.0)
    assert "with STP on the forward delay must be" in _problem(dialog)
    dialog.delay_spin.setValue(4.0)
    dialog.name_edit.setText("br0")
    assert "already exists" in _problem(dialog)
    dialog.name_edit.setText("br-lab")
    assert _ok(dialog)
    spec = dialog.value()
    assert (spec.name, spec.ports, spec.stp, spec.delay, spec.ip.ipv4) == (
        "br-lab",
        ("eth1",),
        True,
        4.0,
        "dhcp",
    )


def test_vlan_dialog(qtbot: Any) -> None:
    host = [*HOST, HostInterface("eth1.10", "vlan", vlan_parent="eth1", vlan_id=10)]
    dialog = VlanDialog(host, capabilities=NM_CAPABILITIES)
    qtbot.addWidget(dialog)
    parents = [dialog.parent_combo.itemData(i) for i in range(dialog.parent_combo.count())]
    assert parents == ["bond0", "br0", "eth1", "eth2", "eth3"]  # eth0 is br0's port
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData("eth1"))
    assert dialog.name_edit.text() == "eth1.10"
    assert "already exists" in _problem(dialog) and not _ok(dialog)
    dialog.id_spin.setValue(42)
    assert dialog.name_edit.text() == "eth1.42"
    assert _ok(dialog), _problem(dialog)
    dialog.name_edit.setText("lab")
    dialog.id_spin.setValue(43)
    assert dialog.name_edit.text() == "lab"  # a typed name stays
    spec = dialog.value()
    assert (spec.name, spec.parent, spec.vlan_id) == ("lab", "eth1", 43)


@pytest.mark.parametrize(
    ("capabilities", "label"),
    [(LIBVIRT_CAPABILITIES, "libvirt"), (NM_CAPABILITIES, "NetworkManager")],
)
def test_arp_placeholder_is_accepted_by_the_backend(
    qtbot: Any, capabilities: BackendCapabilities, label: str
) -> None:
    """What the field suggests, typed as it is, passes that backend's own validation."""
    dialog = _dialog(qtbot, capabilities=capabilities, backend_label=label)
    _tick(dialog, "eth1")
    dialog.monitor.arp_radio.click()
    suggestion = dialog.monitor.arp_targets_edit.placeholderText()
    assert suggestion
    dialog.monitor.arp_targets_edit.setText(suggestion)
    assert _ok(dialog), _problem(dialog)
