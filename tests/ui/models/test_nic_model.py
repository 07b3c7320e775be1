"""NicTableModel: columns a user reads in the details pane, and Qt model conformance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from kvmdesk.core.domain.read import parse_domain
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.vnet.read import parse_network
from kvmdesk.models.nic_model import NicColumn, NicRole, NicTableModel

DOMAIN_XML = """
<domain type='kvm'>
  <name>web</name>
  <uuid>6f1f1c1e-0000-4000-8000-000000000001</uuid>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <interface type='network'>
      <mac address='52:54:00:AA:00:01'/>
      <source network='lan' portgroup='web'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:aa:00:02'/>
      <source bridge='br0'/>
      <model type='e1000e'/>
    </interface>
    <interface type='direct'>
      <mac address='52:54:00:aa:00:03'/>
      <source dev='eth1' mode='bridge'/>
      <model type='virtio'/>
    </interface>
    <interface type='user'>
      <mac address='52:54:00:aa:00:04'/>
      <model type='rtl8139'/>
    </interface>
    <interface type='network'>
      <mac address='52:54:00:aa:00:05'/>
      <source network='lan'/>
      <model type='virtio'/>
      <link state='down'/>
    </interface>
  </devices>
</domain>
"""

NAT_XML = """
<network>
  <name>lan</name>
  <uuid>6f1f1c1e-0000-4000-8000-0000000000a1</uuid>
  <forward mode='nat'/>
  <bridge name='virbr7'/>
  <ip address='198.51.100.1' netmask='255.255.255.0'/>
</network>
"""

HOST_ONLY_XML = NAT_XML.replace("<forward mode='nat'/>", "")


def _nics() -> tuple[NicSnapshot, ...]:
    return parse_domain(DOMAIN_XML, connection="test:///default", state=DomainState.RUNNING).nics


def _networks(xml: str = NAT_XML) -> dict[str, NetworkSnapshot]:
    network = parse_network(
        xml, connection="test:///default", active=True, autostart=False, persistent=True
    )
    return {network.name: network}


def _column(model: NicTableModel, column: NicColumn) -> list[Any]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    qtmodeltester.check(model)


def test_model_stays_consistent_through_updates() -> None:
    model = NicTableModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_nics(_nics(), _networks())
    model.set_nics(_nics()[:2], _networks(HOST_ONLY_XML))
    model.set_nics((), {})
    assert tester.model() is model


def test_columns_show_what_the_xml_says() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    assert model.rowCount() == 5
    assert model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["MAC", "Model", "Type", "Source", "Mode", "Link"]
    assert _column(model, NicColumn.MAC)[0] == "52:54:00:aa:00:01"
    assert _column(model, NicColumn.MODEL) == ["virtio", "e1000e", "virtio", "rtl8139", "virtio"]
    assert _column(model, NicColumn.TYPE) == ["network", "bridge", "direct", "user", "network"]
    assert _column(model, NicColumn.SOURCE) == ["lan", "br0", "eth1", "—", "lan"]
    assert _column(model, NicColumn.LINK) == ["Up", "Up", "Up", "Up", "Down"]


def test_mode_column_for_each_kind_of_nic() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    assert _column(model, NicColumn.MODE) == [
        "NAT",  # type=network → the network's own mode
        "Bridged",
        "macvtap",
        "User-mode",
        "Not attached",  # link down
    ]
    assert model.index(0, NicColumn.MODE).data(NicRole.MODE) == NetworkMode.NAT


def test_mode_follows_the_network_and_unknown_networks_say_so() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks(HOST_ONLY_XML))
    assert model.index(0, NicColumn.MODE).data() == "Host-only"
    model.set_nics(_nics(), {})
    assert model.index(0, NicColumn.MODE).data() == "Other"
    assert "not defined" in model.index(0, NicColumn.MODE).data(Qt.ItemDataRole.ToolTipRole)


def test_source_tooltip_names_portgroup_and_macvtap_mode() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    assert "web" in model.index(0, NicColumn.SOURCE).data(Qt.ItemDataRole.ToolTipRole)
    assert "bridge" in model.index(2, NicColumn.SOURCE).data(Qt.ItemDataRole.ToolTipRole)


def test_read_only() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    flags = model.flags(model.index(0, 0))
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 0), "x")


def test_set_nics_resets_only_when_contents_change() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))

    model.set_nics(_nics(), _networks())  # same values, new objects
    assert resets == []

    unrelated = _networks()
    unrelated["other"] = parse_network(
        NAT_XML.replace("lan", "other"),
        connection="test:///default",
        active=False,
        autostart=False,
        persistent=True,
    )
    model.set_nics(_nics(), unrelated)  # a network no NIC uses
    assert resets == []

    model.set_nics(_nics(), _networks(HOST_ONLY_XML))  # the NICs' network changed mode
    assert len(resets) == 1

    model.set_nics(_nics()[:1], _networks(HOST_ONLY_XML))
    assert len(resets) == 2
    assert model.rowCount() == 1


def test_pending_restart_badge_on_the_mode_cell() -> None:
    model = NicTableModel()
    model.set_nics(_nics(), _networks())
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    mode = model.index(1, NicColumn.MODE)
    mac = model.index(1, NicColumn.MAC)
    assert mode.data(NicRole.PENDING_RESTART) is False
    assert mac.data(Qt.ItemDataRole.DecorationRole) is None

    model.set_pending_restart({"52:54:00:aa:00:02"})
    assert changed == [1]  # only that row, no reset
    assert mode.data(NicRole.PENDING_RESTART) is True
    assert not mac.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "Takes effect after restart" in mac.data(Qt.ItemDataRole.ToolTipRole)
    assert "Takes effect after restart" in mode.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, NicColumn.MODE).data(NicRole.PENDING_RESTART) is False

    model.set_pending_restart(())
    assert changed == [1, 1]
    assert mode.data(NicRole.PENDING_RESTART) is False
    assert tester.model() is model
    assert model.row_of("52:54:00:aa:00:04") == 3
    assert model.row_of("52:54:00:ff:ff:ff") == -1
