"""The network map on the demo inventory (libvirt's test driver through the app's session)."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.netmap.graph import Kind, interface_id, network_id, nic_id, vm_id
from kvmdesk.models.palette import Colour, mode_colour
from kvmdesk.ui.hostnet.bond_dialog import BondDialog
from kvmdesk.ui.netmap import words
from kvmdesk.ui.netmap.items import node_colour
from kvmdesk.ui.netmap.window import NetworkMapWindow
from kvmdesk.ui.nic.dialog import NicDialog
from kvmdesk.ui.vnet.dialog import NetworkDialog
from tests.helpers.inventory import RUNNING, SHUTOFF, Dom, Net, Nic, inventory_xml
from tests.helpers.qt_async import AsyncRunner


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _open(app: Application, runner: AsyncRunner) -> NetworkMapWindow:
    uri = _session(app).uri
    app.window.connection_view.setCurrentIndex(app.hub.connections.connection_index(uri))
    app.window.network_map_action.trigger()
    window = app.controller.network_map_windows[uri]
    assert window.isVisible()
    runner.run(window.wait_idle())
    return window


def _click(window: NetworkMapWindow, qtbot: Any, node_id: str) -> None:
    item = window.scene.nodes[node_id]
    window.view.centerOn(item)
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def _no_overlaps(window: NetworkMapWindow) -> None:
    boxes = [
        item.sceneBoundingRect().adjusted(1.5, 1.5, -1.5, -1.5)
        for item in window.scene.nodes.values()
    ]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b), (a, b)


def test_the_map_shows_every_vm_and_network_in_its_mode_colour(
    demo_app: Application, runner: AsyncRunner
) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    palette = window.scene.palette()
    for domain in session.domains.values():
        assert vm_id(domain.uuid) in window.scene.nodes
        for index, nic in enumerate(domain.nics):
            item = window.scene.nodes[nic_id(domain.uuid, index)]
            assert item.node.mac == nic.mac
    for network in session.networks.values():
        item = window.scene.nodes[network_id(network.name)]
        expected = mode_colour(network.mode) if network.active else Colour.INACTIVE
        assert node_colour(item.node, palette) == expected.qcolor(palette), network.name
    nat = window.scene.nodes[network_id("nat-lan")]
    assert node_colour(nat.node, palette) == Colour.MODE_NAT.qcolor(palette)
    assert window.scene.nodes[network_id("hostonly-lab")].node.active is False
    # The host side from the test driver's interfaces: bridge, bond and its ports.
    for name in ("br0", "bond0", "eth0", "eth1", "eth2", "eth3"):
        assert interface_id(name) in window.scene.nodes, name
    assert (interface_id("bond0"), interface_id("eth2")) in window.scene.edges
    assert (network_id("bridged-host"), interface_id("br0")) in window.scene.edges
    # A shut-off VM is dimmed; a running one is not.
    off = session.lifecycle.find("db-replica")
    on = session.lifecycle.find("web-frontend")
    assert window.scene.nodes[vm_id(off.uuid)].opacity() < 1.0
    assert window.scene.nodes[vm_id(on.uuid)].opacity() == 1.0
    _no_overlaps(window)


def test_a_domain_event_updates_the_map_without_rebuilding_it(
    demo_app: Application, runner: AsyncRunner
) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    replica = session.lifecycle.find("db-replica")
    item = window.scene.nodes[vm_id(replica.uuid)]
    created, before = window.scene.items_created, window.relayouts
    runner.run(session.lifecycle.perform(replica.uuid, DomainAction.START))
    runner.until(lambda: window.scene.nodes[vm_id(replica.uuid)].node.active)
    assert window.scene.nodes[vm_id(replica.uuid)] is item  # moved and redrawn, not remade
    assert item.opacity() == 1.0
    assert window.scene.items_created == created
    assert window.relayouts - before <= 2  # the event burst coalesced
    runner.run(session.lifecycle.perform(replica.uuid, DomainAction.DESTROY))
    runner.until(lambda: not window.scene.nodes[vm_id(replica.uuid)].node.active)
    assert item.opacity() < 1.0


def test_clicking_a_nic_opens_the_nic_editor_and_a_network_its_editor(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    web = session.lifecycle.find("web-frontend")
    _click(window, qtbot, nic_id(web.uuid, 0))
    runner.until(lambda: demo_app.controller.nic_editing.dialog is not None)
    dialog = demo_app.controller.nic_editing.dialog
    assert isinstance(dialog, NicDialog)
    assert dialog.value().spec.mac == web.nics[0].mac
    dialog.reject()
    runner.run(demo_app.controller.wait_idle())
    _click(window, qtbot, network_id("nat-lan"))
    networks = demo_app.controller.virtual_network_windows[session.uri]
    runner.until(
        lambda: any(
            isinstance(w, NetworkDialog) and w.isVisible()
            for w in networks.findChildren(NetworkDialog)
        )
    )
    for child in networks.findChildren(NetworkDialog):
        child.reject()
    runner.run(networks.wait_idle())


def test_clicking_a_bond_opens_its_dialog(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner)
    _click(window, qtbot, interface_id("bond0"))
    uri = _session(demo_app).uri
    runner.until(lambda: uri in demo_app.controller.host_interface_windows)
    interfaces = demo_app.controller.host_interface_windows[uri]
    runner.until(lambda: isinstance(interfaces.dialog, BondDialog))
    assert isinstance(interfaces.dialog, BondDialog)
    assert interfaces.dialog.value().name == "bond0"
    interfaces.dialog.reject()
    runner.run(interfaces.wait_idle())


def test_export_writes_a_valid_svg_and_png(
    demo_app: Application, runner: AsyncRunner, tmp_path: Path
) -> None:
    window = _open(demo_app, runner)
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    window.export(svg)
    window.export(png)
    root = etree.parse(str(svg)).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text()
    assert "web-frontend" in text and "nat-lan" in text
    image = QImage(str(png))
    assert not image.isNull()
    rect = window.scene.sceneRect()
    assert image.width() == int(rect.width() * 2) and image.height() == int(rect.height() * 2)
    assert (
        len(
            {
                image.pixel(x, y)
                for x in range(0, image.width(), 7)
                for y in range(0, image.height(), 7)
            }
        )
        > 5
    )


def test_long_and_hostile_names_are_plain_elided_text(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    hostile = "<b>bold<b>&amp;\u202e" + "x" * 300
    path = tmp_path / "hostile.xml"
    path.write_bytes(
        inventory_xml(
            [Dom(hostile, RUNNING, nics=(Nic("52:54:00:aa:00:01", source="lan"),))],
            [Net("lan", forward="nat", address="198.51.100.1", bridge="virbr-lan")],
        )
    )
    app, window = _app_with_map(qtbot, runner, tmp_path, f"test://{path}")
    try:
        node = next(i for i in window.scene.nodes.values() if i.node.kind is Kind.VM)
        assert node.node.name == hostile
        assert "\u202e" not in words.title(node.node)  # the bidi override shown as a marker
        assert node.boundingRect().width() < 260  # elided, not as wide as the name
        assert node.toolTip().startswith("<qt>") and "&lt;b&gt;" in node.toolTip()
        svg = tmp_path / "hostile.svg"
        window.export(svg)
        etree.parse(str(svg))  # the names are escaped: still well-formed XML
        for rect in node.text_rects():
            assert (
                rect.height() >= node.metrics.title_metrics.height() - 0.5
                or rect.height() >= node.metrics.small_metrics.height()
            )
    finally:
        _close(app, runner)


def _app_with_map(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path, uri: str
) -> tuple[Application, NetworkMapWindow]:
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    inventory.add(uri, label="Map", remember=False)
    app = build(inventory)
    qtbot.addWidget(app.window)
    app.controller.stats_timer.stop()
    app.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    runner.until(lambda: bool(next(iter(inventory.sessions.values())).domains))
    window = app.controller.open_network_map(uri)
    assert window is not None
    runner.run(window.wait_idle())
    return app, window


def _close(app: Application, runner: AsyncRunner) -> None:
    runner.run(app.controller.wait_idle())
    runner.run(app.inventory.close())


def test_two_hundred_vms_without_overlap_in_reasonable_time(
    qtbot: Any, runner: AsyncRunner, tmp_path: Path
) -> None:
    networks = [
        Net(
            f"net-{i:02}",
            forward="nat" if i % 3 == 0 else "",
            address=f"198.51.100.{i * 8 + 1}",
            bridge=f"virbr-m{i}",
        )
        for i in range(10)
    ]
    domains = [
        Dom(
            f"vm-{i:03}",
            RUNNING if i % 3 else SHUTOFF,
            nics=tuple(
                Nic(
                    f"52:54:00:02:{i:02x}:{n:02x}",
                    source=f"net-{(i + n * 3) % 10:02}",
                    link="down" if (i + n) % 17 == 0 else "",
                )
                for n in range(1 + i % 3)
            ),
        )
        for i in range(200)
    ]
    path = tmp_path / "many.xml"
    path.write_bytes(inventory_xml(domains, networks))
    app, window = _app_with_map(qtbot, runner, tmp_path, f"test://{path}")
    try:
        assert sum(1 for i in window.scene.nodes.values() if i.node.kind is Kind.VM) == 200
        started = time.perf_counter()
        window.scene.nodes.clear()
        window.scene.edges.clear()
        window.scene.clear()
        window.scene.groups, window.scene.headings = [], []
        window.rebuild()
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "network_map_200_vms_build_s": round(seconds, 3),
                    "items": len(window.scene.items()),
                }
            )
        )
        assert seconds < 10.0  # generous: it takes a fraction of a second
        _no_overlaps(window)
        groups = window.scene.layout.groups if window.scene.layout else ()
        assert len(groups) == 10
    finally:
        _close(app, runner)


def test_a_network_stopped_and_started_greys_and_colours_its_box(
    demo_app: Application, runner: AsyncRunner
) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    palette = window.scene.palette()
    item = window.scene.nodes[network_id("internal-cluster")]
    runner.run(session.vnets.stop("internal-cluster"))
    runner.until(lambda: not window.scene.nodes[network_id("internal-cluster")].node.active)
    assert node_colour(item.node, palette) == Colour.INACTIVE.qcolor(palette)
    replica = session.lifecycle.find("db-replica")
    edge = window.scene.edges[(nic_id(replica.uuid, 0), network_id("internal-cluster"))]
    assert edge.pen().color() == Colour.INACTIVE.qcolor(palette)
    runner.run(session.vnets.start("internal-cluster"))
    runner.until(lambda: window.scene.nodes[network_id("internal-cluster")].node.active)
    assert node_colour(item.node, palette) == Colour.MODE_INTERNAL.qcolor(palette)
    assert edge.pen().color() == Colour.MODE_INTERNAL.qcolor(palette)
    assert window.scene.nodes[network_id("internal-cluster")] is item


def test_a_burst_of_changes_is_one_relayout(demo_app: Application, runner: AsyncRunner) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    before = window.relayouts
    for _ in range(20):  # as many signals as a burst of events makes
        session.domains_upserted.emit(session, list(session.domains.values())[:1])
    assert window.pending
    runner.until(lambda: not window.pending)
    assert window.relayouts == before + 1


def test_clicking_a_nic_link_opens_that_nic_in_the_editor(
    demo_app: Application, runner: AsyncRunner, qtbot: Any
) -> None:
    window = _open(demo_app, runner)
    session = _session(demo_app)
    mail = session.lifecycle.find("mail")
    edge = window.scene.edges[(nic_id(mail.uuid, 0), "macvtap:eth1")]
    middle = edge.path().pointAtPercent(0.5)
    window.view.centerOn(middle)
    point = window.view.mapFromScene(middle)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    runner.until(lambda: demo_app.controller.nic_editing.dialog is not None)
    dialog = demo_app.controller.nic_editing.dialog
    assert dialog is not None and dialog.value().spec.mac == mail.nics[0].mac
    dialog.reject()
    runner.run(demo_app.controller.wait_idle())
