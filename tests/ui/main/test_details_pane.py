"""DetailsPane: what a user reads about the selected virtual machine."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainDetails, DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.nic_model import NicColumn
from kvmdesk.ui.main.details_pane import DetailsPane
from tests.helpers.layout import format_findings, layout_findings

CONNECTION = "test:///default"
NETWORKS = {
    "lan": NetworkSnapshot(
        connection=CONNECTION,
        name="lan",
        uuid="6f1f1c1e-0000-4000-8000-0000000000a1",
        mode=NetworkMode.NAT,
        bridge="virbr7",
        active=True,
        subnets=("198.51.100.0/24",),
    )
}
WEB = DomainSnapshot(
    connection=CONNECTION,
    uuid="6f1f1c1e-0000-4000-8000-000000000001",
    name="web",
    state=DomainState.RUNNING,
    vcpus=2,
    memory_kib=1024 * 1024,
    max_memory_kib=2 * 1024 * 1024,
    os_type="hvm",
    arch="x86_64",
    title="Public web server",
    nics=(
        NicSnapshot(mac="52:54:00:aa:00:01", model="virtio", type="network", source="lan"),
        NicSnapshot(mac="52:54:00:aa:00:02", model="e1000e", type="bridge", source="br0"),
    ),
)


def _pane(qtbot: Any) -> DetailsPane:
    pane = DetailsPane()
    qtbot.addWidget(pane)
    return pane


def test_show_domain_fills_the_overview(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(WEB, NETWORKS)

    assert not pane.is_placeholder_shown()
    assert pane.shown_key == WEB.key
    assert pane.name_label.text() == "web"
    assert pane.title_label.text() == "Public web server"
    assert pane.form.isRowVisible(pane.title_label)
    assert pane.uuid_label.text() == WEB.uuid
    assert pane.uuid_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert pane.state_label.text() == "Running"
    assert not pane.state_icon_label.pixmap().isNull()
    assert pane.os_label.text() == "hvm · x86_64"
    assert pane.vcpus_label.text() == "2"
    assert pane.memory_label.text() == "1 GiB / 2 GiB maximum"
    # Autostart and persistence cost an extra call: pending until the details arrive.
    assert pane.autostart_label.text() == "…"
    assert pane.persistent_label.text() == "…"


def test_nic_table_shows_the_domains_interfaces(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(WEB, NETWORKS)
    model = pane.nic_view.model()
    assert model.rowCount() == 2
    assert model.index(0, NicColumn.MODE).data() == "NAT"
    assert model.index(1, NicColumn.MODE).data() == "Bridged"
    assert pane.nic_view.isVisibleTo(pane)
    assert not pane.no_nics_label.isVisibleTo(pane)

    pane.show_domain(replace(WEB, nics=()), NETWORKS)
    assert model.rowCount() == 0
    assert pane.no_nics_label.isVisibleTo(pane)


def test_title_row_hidden_without_title(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(replace(WEB, title=""), NETWORKS)
    assert not pane.form.isRowVisible(pane.title_label)


def test_details_fill_autostart_and_persistence(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(WEB, NETWORKS)
    pane.show_details(DomainDetails(autostart=True, persistent=False))
    assert pane.autostart_label.text() == "Yes"
    assert pane.persistent_label.text() == "No"

    # A newer snapshot of the same domain (an event) keeps the details …
    pane.show_domain(replace(WEB, state=DomainState.PAUSED), NETWORKS)
    assert pane.state_label.text() == "Paused"
    assert pane.autostart_label.text() == "Yes"

    # … another domain shows them as pending again.
    pane.show_domain(replace(WEB, uuid="6f1f1c1e-0000-4000-8000-000000000002"), NETWORKS)
    assert pane.autostart_label.text() == "…"


def test_none_shows_the_placeholder(qtbot: Any) -> None:
    pane = _pane(qtbot)
    assert pane.is_placeholder_shown()
    pane.show_domain(WEB, NETWORKS)
    pane.show_domain(None, {})
    assert pane.is_placeholder_shown()
    assert pane.placeholder_text() == "Select a virtual machine"
    assert pane.shown_key is None
    assert pane.placeholder_label.alignment() & Qt.AlignmentFlag.AlignCenter


def test_several_selected_says_how_many(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(WEB, NETWORKS)
    pane.show_selection_count(3)
    assert pane.is_placeholder_shown()
    assert pane.placeholder_text() == "3 virtual machines selected"
    pane.show_selection_count(0)
    assert pane.placeholder_text() == "Select a virtual machine"


def test_nic_buttons_emit_requests_for_the_selected_nic(qtbot: Any) -> None:
    pane = _pane(qtbot)
    assert not pane.add_nic_button.isEnabled()
    pane.show_domain(WEB, NETWORKS)
    assert pane.add_nic_button.isEnabled()
    assert not pane.edit_nic_button.isEnabled()
    assert not pane.remove_nic_button.isEnabled()

    with qtbot.waitSignal(pane.add_nic_requested):
        qtbot.mouseClick(pane.add_nic_button, Qt.MouseButton.LeftButton)
    pane.select_nic("52:54:00:aa:00:02")
    assert pane.selected_nic_mac() == "52:54:00:aa:00:02"
    with qtbot.waitSignal(pane.edit_nic_requested) as edit:
        qtbot.mouseClick(pane.edit_nic_button, Qt.MouseButton.LeftButton)
    assert edit.args == ["52:54:00:aa:00:02"]
    with qtbot.waitSignal(pane.remove_nic_requested) as remove:
        qtbot.mouseClick(pane.remove_nic_button, Qt.MouseButton.LeftButton)
    assert remove.args == ["52:54:00:aa:00:02"]


def test_a_newer_snapshot_keeps_the_selected_nic(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show_domain(WEB, NETWORKS)
    pane.select_nic("52:54:00:aa:00:02")
    changed = replace(
        WEB,
        nics=(
            WEB.nics[0],
            NicSnapshot(mac="52:54:00:aa:00:02", model="virtio", type="user", source=""),
        ),
    )
    pane.show_domain(changed, NETWORKS)
    assert pane.selected_nic_mac() == "52:54:00:aa:00:02"
    assert pane.edit_nic_button.isEnabled()
    pane.show_selection_count(2)
    assert not pane.add_nic_button.isEnabled()


def test_restart_badge_under_the_nic_table(qtbot: Any) -> None:
    pane = _pane(qtbot)
    pane.show()
    pane.show_domain(WEB, NETWORKS)
    assert not pane.restart_badge.isVisible()
    pane.show_domain(WEB, NETWORKS, pending_restart={"52:54:00:aa:00:01"})
    assert pane.restart_badge.isVisible()
    assert "Takes effect after restart" in pane.restart_badge.text()
    pane.show_domain(WEB, NETWORKS)
    assert not pane.restart_badge.isVisible()


@pytest.mark.parametrize(
    "title",
    [
        "Kubernetes control plane",
        "Kubernetes control plane for the staging cluster of the web shop team",
    ],
)
def test_a_title_spans_the_field_column_and_wraps_whole_lines(qtbot: Any, title: str) -> None:
    pane = _pane(qtbot)
    pane.resize(372, 600)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_domain(replace(WEB, title=title), NETWORKS)
    qtbot.wait(50)
    assert layout_findings(pane) == [], format_findings("details", layout_findings(pane))
    uuid_right = pane.uuid_label.geometry().right()
    assert pane.title_label.geometry().right() >= uuid_right  # as wide as the field column
