"""NicDialog: driven through its widgets, read back through value(); never exec()."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.core.util.mac import validate_mac
from kvmdesk.ui.nic.backing import NetworkBackingPage
from kvmdesk.ui.nic.dialog import NicChoices, NicDialog
from tests.helpers.layout import format_findings, layout_findings

CONNECTION = "test:///default"
TEST_NET_POOL = (IPv4Network("198.51.100.0/24"), IPv4Network("203.0.113.0/24"))


def _network(name: str, mode: NetworkMode, **fields: Any) -> NetworkSnapshot:
    fields.setdefault("active", True)
    return NetworkSnapshot(
        connection=CONNECTION, name=name, uuid=f"uuid-{name}", mode=mode, **fields
    )


NETWORKS = {
    "lan": _network("lan", NetworkMode.NAT, subnets=("198.51.100.0/25",), portgroups=("web", "db")),
    "lab": _network("lab", NetworkMode.HOST_ONLY, subnets=("203.0.113.0/25",), active=False),
    "cluster": _network("cluster", NetworkMode.INTERNAL),
    "uplink": _network("uplink", NetworkMode.BRIDGED, bridge="br0"),
}
CHOICES = NicChoices(
    networks=NETWORKS,
    host_bridges=("br0", "br1"),
    host_devices=("eth1", "eth2"),
    models=("virtio", "e1000e", "rtl8139"),
    macs_in_use={"52:54:00:00:00:99": ("db-primary",)},
    own_macs=("52:54:00:00:00:02",),
    subnet_pool=TEST_NET_POOL,
    domain_name="web",
)
ON_LAN = NicSpec(
    source=NicSource(NetworkMode.NAT, network="lan"), mac="52:54:00:00:00:01", model="virtio"
)


def _dialog(
    qtbot: Any, current: NicSpec | None = ON_LAN, choices: NicChoices = CHOICES
) -> NicDialog:
    dialog = NicDialog(current, choices)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click_card(qtbot: Any, dialog: NicDialog, mode: NetworkMode) -> None:
    qtbot.mouseClick(dialog.cards.cards[mode], Qt.MouseButton.LeftButton)
    assert dialog.cards.current is mode
    assert dialog.backing.currentWidget() is dialog.pages[mode]


def _choose(combo: QComboBox, data: object) -> None:
    position = combo.findData(data)
    assert position >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(position)


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _toggle(qtbot: Any, check: QCheckBox) -> None:
    """Click the box itself (a wide check box's centre can be empty space)."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2))


def _network_page(dialog: NicDialog, mode: NetworkMode) -> NetworkBackingPage:
    page = dialog.pages[mode]
    assert isinstance(page, NetworkBackingPage)
    return page


# ------------------------------------------------------------------ defaults


def test_editing_starts_from_the_nic_as_it_is(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.cards.current is NetworkMode.NAT
    assert dialog.cards.cards[NetworkMode.NAT].selected
    assert dialog.mac_edit.text() == "52:54:00:00:00:01"
    assert dialog.model_combo.currentText() == "virtio"
    assert dialog.link_check.isChecked()
    assert dialog.ok_button.isEnabled()
    assert dialog.value().spec == ON_LAN
    assert dialog.value().new_network is None
    assert "52:54:00:00:00:01" in dialog.windowTitle()


def test_a_new_nic_gets_nat_a_fresh_mac_and_virtio(qtbot: Any) -> None:
    dialog = _dialog(qtbot, None)
    value = dialog.value()
    assert value.spec.source == NicSource(NetworkMode.NAT, network="lan")
    assert value.spec.mac.startswith("52:54:00:")
    assert validate_mac(value.spec.mac) == value.spec.mac
    assert value.spec.mac not in ("52:54:00:00:00:99", "52:54:00:00:00:02")
    assert value.spec.model == "virtio"
    assert dialog.ok_button.text() == "Add"
    # A new NIC cannot start unplugged: that card is greyed out and says why.
    unplugged = dialog.cards.cards[NetworkMode.NONE]
    assert not unplugged.isEnabled()
    assert "first" in unplugged.toolTip()


def test_on_a_user_session_a_new_nic_starts_in_user_mode(qtbot: Any) -> None:
    choices = NicChoices(networks=NETWORKS, session_connection=True, subnet_pool=TEST_NET_POOL)
    dialog = _dialog(qtbot, None, choices)
    assert dialog.cards.current is NetworkMode.USER
    assert dialog.value().spec.source == NicSource(NetworkMode.USER)
    _click_card(qtbot, dialog, NetworkMode.NAT)
    assert dialog.mode_note.isVisibleTo(dialog)
    assert "privileges" in dialog.mode_note.text()


# ------------------------------------------------------------------- modes


def test_every_card_shows_its_backing_page(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    for mode in dialog.cards.cards:
        _click_card(qtbot, dialog, mode)
        for other, card in dialog.cards.cards.items():
            assert card.selected == (other is mode)


def test_network_modes_offer_only_networks_of_that_mode(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    offered = {
        mode: [
            _network_page(dialog, mode).combo.itemData(i)
            for i in range(_network_page(dialog, mode).combo.count())
        ]
        for mode in (NetworkMode.NAT, NetworkMode.HOST_ONLY, NetworkMode.INTERNAL)
    }
    # The last entry of each is "Create a new network…" (data None).
    assert offered == {
        NetworkMode.NAT: ["lan", None],
        NetworkMode.HOST_ONLY: ["lab", None],
        NetworkMode.INTERNAL: ["cluster", None],
    }
    _click_card(qtbot, dialog, NetworkMode.HOST_ONLY)
    assert dialog.value().spec.source == NicSource(NetworkMode.HOST_ONLY, network="lab")
    _click_card(qtbot, dialog, NetworkMode.INTERNAL)
    assert dialog.value().spec.source == NicSource(NetworkMode.INTERNAL, network="cluster")
    assert "stopped" in _network_page(dialog, NetworkMode.HOST_ONLY).combo.itemText(0)


def test_bridged_offers_host_bridges_and_bridge_networks(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.BRIDGED)
    combo = dialog.findChild(QComboBox, "bridgeCombo")
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "bridge:br0",
        "bridge:br1",
        "network:uplink",
    ]
    _choose(combo, "bridge:br1")
    assert dialog.value().spec.source == NicSource(NetworkMode.BRIDGED, bridge="br1")
    _choose(combo, "network:uplink")
    assert dialog.value().spec.source == NicSource(NetworkMode.BRIDGED, network="uplink")


def test_macvtap_takes_a_device_and_mode_and_warns_about_the_host(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.MACVTAP)
    _choose(dialog.findChild(QComboBox, "deviceCombo"), "device:eth2")
    _choose(dialog.findChild(QComboBox, "macvtapModeCombo"), "private")
    assert dialog.value().spec.source == NicSource(
        NetworkMode.MACVTAP, device="eth2", macvtap_mode="private"
    )
    label = dialog.findChild(QLabel, "macvtapHostNote")
    assert label.isVisibleTo(dialog)
    assert "host and this VM cannot talk to each other over macvtap" in label.text()


def test_user_mode_backend(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.USER)
    assert dialog.value().spec.source == NicSource(NetworkMode.USER)
    _choose(dialog.findChild(QComboBox, "backendCombo"), "passt")
    assert dialog.value().spec.source == NicSource(NetworkMode.USER, backend="passt")


def test_not_attached_unplugs_and_keeps_the_source(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.NONE)
    assert not dialog.link_check.isChecked()
    assert not dialog.link_check.isEnabled()
    spec = dialog.value().spec
    assert spec.source.mode is NetworkMode.NONE
    assert spec.source.network == "lan"  # kept for plugging back in
    assert not spec.link_up
    # Choosing a mode again plugs the cable back in.
    _click_card(qtbot, dialog, NetworkMode.NAT)
    assert dialog.link_check.isChecked()
    assert dialog.value().spec.link_up


def test_an_unplugged_nic_opens_on_the_not_attached_card(qtbot: Any) -> None:
    current = NicSpec(
        source=NicSource(NetworkMode.NONE, network="lab"),
        mac="52:54:00:00:00:01",
        model="e1000e",
        link_up=False,
    )
    dialog = _dialog(qtbot, current)
    assert dialog.cards.current is NetworkMode.NONE
    # Its network is pre-selected on the page of the network's own mode.
    assert _network_page(dialog, NetworkMode.HOST_ONLY).network_name() == "lab"
    assert dialog.model_combo.currentText() == "e1000e"


def test_a_nic_of_another_kind_needs_a_mode_chosen(qtbot: Any) -> None:
    current = NicSpec(source=NicSource(NetworkMode.OTHER), mac="52:54:00:00:00:01", model="")
    dialog = _dialog(qtbot, current)
    assert dialog.cards.current is None
    assert not dialog.ok_button.isEnabled()
    assert "choose a mode" in dialog.problem()
    _click_card(qtbot, dialog, NetworkMode.NAT)
    assert dialog.ok_button.isEnabled()


def test_link_state_and_model(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _toggle(qtbot, dialog.link_check)
    _choose(dialog.model_combo, "e1000e")
    spec = dialog.value().spec
    assert not spec.link_up
    assert spec.model == "e1000e"
    assert spec.source.mode is NetworkMode.NAT  # link down alone is not "not attached"


def test_a_nic_without_a_model_keeps_the_hypervisor_default(qtbot: Any) -> None:
    dialog = _dialog(qtbot, NicSpec(source=ON_LAN.source, mac=ON_LAN.mac, model=""))
    assert dialog.model_combo.currentText() == "(hypervisor default)"
    assert dialog.value().spec.model == ""
    _choose(dialog.model_combo, "rtl8139")
    assert dialog.value().spec.model == "rtl8139"


def test_portgroups_show_only_for_networks_that_have_them(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.portgroup_combo.isVisibleTo(dialog)
    assert [dialog.portgroup_combo.itemData(i) for i in range(3)] == ["", "web", "db"]
    _choose(dialog.portgroup_combo, "db")
    assert dialog.value().spec.source == NicSource(NetworkMode.NAT, network="lan", portgroup="db")
    _click_card(qtbot, dialog, NetworkMode.HOST_ONLY)
    assert not dialog.portgroup_combo.isVisibleTo(dialog)
    assert dialog.value().spec.source.portgroup == ""


# ------------------------------------------------------------ new networks


def test_creating_a_network_suggests_name_subnet_and_dhcp(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    page = _network_page(dialog, NetworkMode.NAT)
    assert not page.create_box.isVisibleTo(dialog)
    page.choose_create()
    assert page.create_box.isVisibleTo(dialog)
    # lan holds 198.51.100.0/25, so the first free block of the TEST-NET pool is the other half.
    assert page.name_edit.text() == "nat-2"
    assert page.subnet_edit.text() == "198.51.100.128/25"
    assert (page.dhcp_start_edit.text(), page.dhcp_end_edit.text()) == (
        "198.51.100.192",
        "198.51.100.254",
    )
    value = dialog.value()
    assert value.spec.source == NicSource(NetworkMode.NAT, network="nat-2")
    network = value.new_network
    assert network is not None
    assert (network.name, network.mode, network.subnet) == (
        "nat-2",
        NetworkMode.NAT,
        IPv4Network("198.51.100.128/25"),
    )
    assert (network.dhcp_start, network.dhcp_end) == (
        IPv4Address("198.51.100.192"),
        IPv4Address("198.51.100.254"),
    )
    assert network.autostart


def test_the_dhcp_range_follows_the_subnet_until_edited(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.ROUTED)
    page = _network_page(dialog, NetworkMode.ROUTED)
    assert page.creating()  # no routed network exists: creating is the only choice
    _type(qtbot, page.subnet_edit, "203.0.113.128/26")
    assert page.dhcp_start_edit.text() == "203.0.113.160"
    _type(qtbot, page.dhcp_start_edit, "203.0.113.130")
    _type(qtbot, page.subnet_edit, "203.0.113.128/25")
    assert page.dhcp_start_edit.text() == "203.0.113.130"  # the user's own value stays
    network = dialog.value().new_network
    assert network is not None and network.dhcp_start == IPv4Address("203.0.113.130")
    _toggle(qtbot, page.dhcp_check)
    network = dialog.value().new_network
    assert network is not None and not network.has_dhcp


def test_an_internal_network_has_no_subnet(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _click_card(qtbot, dialog, NetworkMode.INTERNAL)
    page = _network_page(dialog, NetworkMode.INTERNAL)
    page.choose_create()
    assert not page.subnet_edit.isVisibleTo(dialog)
    assert page.name_edit.text() == "internal-2"
    network = dialog.value().new_network
    assert network is not None and network.subnet is None and not network.has_dhcp


def test_network_problems_disable_ok_with_the_message(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    page = _network_page(dialog, NetworkMode.NAT)
    page.choose_create()
    _type(qtbot, page.subnet_edit, "198.51.100.0/24")
    assert not dialog.ok_button.isEnabled()
    assert "overlaps network 'lan'" in dialog.problem()
    assert dialog.error_label.text() == dialog.problem()
    assert dialog.error_label.isVisibleTo(dialog)
    _type(qtbot, page.subnet_edit, "203.0.113.128/25")
    assert dialog.ok_button.isEnabled()
    _type(qtbot, page.name_edit, "lan")
    assert "already exists" in dialog.problem()
    _type(qtbot, page.name_edit, "nat-3")
    _type(qtbot, page.dhcp_end_edit, "198.51.100.20")
    assert "outside 203.0.113.128/25" in dialog.problem()
    _type(qtbot, page.subnet_edit, "nonsense")
    assert "prefix" in dialog.problem()


def test_a_used_up_pool_asks_for_a_subnet(qtbot: Any) -> None:
    choices = NicChoices(networks=NETWORKS, subnet_pool=(IPv4Network("198.51.100.0/25"),))
    dialog = _dialog(qtbot, None, choices)
    page = _network_page(dialog, NetworkMode.NAT)
    page.choose_create()
    assert page.subnet_edit.text() == ""
    assert "enter one" in page.subnet_hint.text()
    assert "needs a subnet" in dialog.problem()
    assert not dialog.ok_button.isEnabled()


# --------------------------------------------------------------------- MACs


def test_a_bad_mac_disables_ok_with_the_message(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _type(qtbot, dialog.mac_edit, "52:54:00:zz:00:01")
    assert not dialog.ok_button.isEnabled()
    assert "not a MAC address" in dialog.problem()
    _type(qtbot, dialog.mac_edit, "01:00:5e:00:00:01")
    assert "multicast" in dialog.problem()
    _type(qtbot, dialog.mac_edit, "52-54-00-AB-CD-EF")
    assert dialog.ok_button.isEnabled()
    assert dialog.value().spec.mac == "52:54:00:ab:cd:ef"


def test_generate_gives_a_fresh_qemu_mac(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _type(qtbot, dialog.mac_edit, "garbage")
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    mac = dialog.mac_edit.text()
    assert mac.startswith("52:54:00:") and mac != "52:54:00:00:00:01"
    assert dialog.ok_button.isEnabled()


def test_a_mac_used_by_another_domain_warns(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.mac_warning.isVisibleTo(dialog)
    _type(qtbot, dialog.mac_edit, "52:54:00:00:00:99")
    assert dialog.mac_warning.isVisibleTo(dialog)
    assert "db-primary" in dialog.mac_warning.text()
    assert dialog.ok_button.isEnabled()  # a warning, not an error


def test_a_mac_of_another_nic_of_this_vm_is_refused(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _type(qtbot, dialog.mac_edit, "52:54:00:00:00:02")
    assert not dialog.ok_button.isEnabled()
    assert "another NIC of this VM" in dialog.problem()


# ----------------------------------------------------------- no backing


def test_modes_with_nothing_to_attach_to_say_why(qtbot: Any) -> None:
    choices = NicChoices(
        networks={"lan": NETWORKS["lan"]}, subnet_pool=TEST_NET_POOL, host_bridges=()
    )
    dialog = _dialog(qtbot, ON_LAN, choices)
    _click_card(qtbot, dialog, NetworkMode.BRIDGED)
    assert not dialog.ok_button.isEnabled()
    assert "no host bridge and no bridge-mode network" in dialog.problem()
    _click_card(qtbot, dialog, NetworkMode.MACVTAP)
    assert not dialog.ok_button.isEnabled()
    assert "No host network device" in dialog.problem()
    _click_card(qtbot, dialog, NetworkMode.NAT)
    assert dialog.ok_button.isEnabled()
    assert dialog.problem() == ""


def test_enter_with_invalid_values_does_not_accept(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _type(qtbot, dialog.mac_edit, "bad")
    accepted: list[None] = []
    dialog.accepted.connect(lambda: accepted.append(None))
    qtbot.keyClick(dialog.mac_edit, Qt.Key.Key_Return)
    assert accepted == []
    assert dialog.isVisible()


# ----------------------------------------------------- running domains


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("source", "applies to the running VM now"),
        ("model", "Model/MAC changes take effect after restart"),
        ("user", "connection type (network to user) cannot change while it runs"),
    ],
)
def test_a_running_vm_says_what_applying_does(qtbot: Any, change: str, expected: str) -> None:
    running_nic = NicSnapshot(mac="52:54:00:00:00:01", model="virtio", type="network", source="lan")
    choices = NicChoices(
        networks=NETWORKS, running=True, running_nic=running_nic, subnet_pool=TEST_NET_POOL
    )
    dialog = _dialog(qtbot, ON_LAN, choices)
    assert dialog.outcome_label.isVisibleTo(dialog)
    if change == "source":
        _click_card(qtbot, dialog, NetworkMode.INTERNAL)
    elif change == "model":
        _choose(dialog.model_combo, "e1000e")
    else:
        _click_card(qtbot, dialog, NetworkMode.USER)
    assert expected in dialog.outcome_label.text()


def test_a_running_vm_on_a_connection_without_live_changes(qtbot: Any) -> None:
    running_nic = NicSnapshot(mac="52:54:00:00:00:01", model="virtio", type="network", source="lan")
    choices = NicChoices(
        networks=NETWORKS,
        running=True,
        running_nic=running_nic,
        live_update=False,
        subnet_pool=TEST_NET_POOL,
    )
    dialog = _dialog(qtbot, ON_LAN, choices)
    _click_card(qtbot, dialog, NetworkMode.HOST_ONLY)
    text = dialog.outcome_label.text()
    assert "cannot change a running VM's interfaces" in text
    assert "takes effect after the VM restarts" in text
    assert "The network lab is stopped: it is started first." in text


def test_a_shut_off_vm_has_no_outcome_line(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.outcome_label.isVisibleTo(dialog)


# ------------------------------------------------------------------ layout


def _columns(dialog: NicDialog) -> int:
    return len({card.x() for card in dialog.cards.cards.values()})


def _rows_in_view(dialog: NicDialog) -> tuple[int, int]:
    """(whole rows of cards in the viewport, rows cut by its edge), at the top."""
    viewport = dialog.card_scroll.viewport()
    tops = sorted({card.y() for card in dialog.cards.cards.values()})
    height = next(iter(dialog.cards.cards.values())).height()
    whole = sum(1 for top in tops if top + height <= viewport.height())
    cut = sum(1 for top in tops if top < viewport.height() < top + height)
    return whole, cut


def test_opens_with_whole_rows_of_cards(qtbot: Any) -> None:
    dialog = _dialog(qtbot, current=None)
    qtbot.waitExposed(dialog)
    dialog.card_scroll.verticalScrollBar().setValue(0)
    whole, cut = _rows_in_view(dialog)
    assert whole >= 1
    assert cut == 0
    assert layout_findings(dialog) == [], format_findings("nic", layout_findings(dialog))


def test_cards_reflow_into_the_width(qtbot: Any) -> None:
    dialog = _dialog(qtbot, current=None)
    qtbot.waitExposed(dialog)
    narrow = dialog.minimumSizeHint().width()
    dialog.resize(narrow, 700)
    qtbot.waitUntil(lambda: _columns(dialog) == 1)
    dialog.resize(narrow + 3 * dialog.cards.cards[NetworkMode.NAT].width(), 700)
    qtbot.waitUntil(lambda: _columns(dialog) >= 3)
    # The card area never scrolls sideways, and every card is as wide as its cell.
    assert not dialog.card_scroll.horizontalScrollBar().isVisible()
    assert layout_findings(dialog) == [], format_findings("nic", layout_findings(dialog))
