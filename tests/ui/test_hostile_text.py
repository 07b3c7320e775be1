"""Hostile names, titles, descriptions and networks in every view and dialog.

The app runs on a test-driver inventory (tests/helpers/hostile_text.py) whose strings
carry markup, entities, ``<img>`` and ``file:`` links, CR/LF, C1 controls, bidi
overrides, zero-width characters and 10,000-character names. Each window and dialog
is painted, its tooltips are shown, and it is audited: no image is asked for, no link
is made, no hostile markup is interpreted, no raw control or bidi character reaches
the screen, nothing crashes.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip, QWidget

from kvmdesk.app import Application, build
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.models.common import DomainKey
from kvmdesk.ui.hostnet.changes import DeleteConfirmation
from kvmdesk.ui.main.confirm_dialogs import DeleteDialog, ForceOffDialog
from kvmdesk.ui.nic.dialog import NicDialog
from kvmdesk.ui.storage.delete_dialogs import DeletePoolDialog, DeleteVolumeDialog
from kvmdesk.ui.vnet.dialog import NetworkDialog
from tests.helpers.hostile_audit import audit
from tests.helpers.hostile_text import (
    DESCRIPTIONS,
    DOMAIN_NAMES,
    NETWORK_NAMES,
    SNAPSHOT_NAMES,
    snapshot_xml,
    write_inventory,
)
from tests.helpers.qt_async import AsyncRunner


@pytest.fixture(autouse=True)
def bounded_memory() -> Iterator[None]:
    """A regression (an <img> of /dev/zero rendered) fails here instead of filling the RAM."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + (4 << 30), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture
def hostile_app(qtbot: Any, runner: AsyncRunner, tmp_path: Path) -> Iterator[Application]:
    uri = write_inventory(tmp_path / "hostile.xml")
    inventory = Inventory(config_path=tmp_path / "connections.json", persist=False)
    inventory.add(uri, label="<b>Hostile</b>", remember=False)
    application = build(inventory)
    qtbot.addWidget(application.window)
    application.controller.stats_timer.stop()
    application.window.show()
    application.connect_all(runner.loop)
    runner.run(inventory.wait_settled())
    runner.until(lambda: application.hub.domains.rowCount() == len(DOMAIN_NAMES))
    yield application
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.reject()
    runner.run(application.controller.wait_idle())
    runner.run(inventory.close())


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _keys(app: Application) -> list[DomainKey]:
    session = _session(app)
    return [(session.uri, uuid) for uuid in session.domains]


def _assert_clean(widgets: list[QWidget]) -> None:
    # Audited before anything is painted: a label that renders an <img> of /dev/zero
    # reads it until memory runs out.
    problems = audit(widgets)
    assert not problems, "\n".join(problems[:40])
    for widget in widgets:
        widget.grab()  # paints every child, delegates and headers included
    # Now let Qt render each tooltip for real (an image in one would be read here).
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            if widget.toolTip():
                QToolTip.showText(QPoint(10, 10), widget.toolTip(), widget)
    QToolTip.hideText()


def _message_boxes() -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def _close_boxes() -> None:
    for box in _message_boxes():
        assert isinstance(box, QMessageBox)
        box.reject()


def test_main_window_list_tree_log_and_every_details_pane(
    hostile_app: Application, runner: AsyncRunner
) -> None:
    window = hostile_app.window
    for key in _keys(hostile_app):
        window.select_keys([key])
        runner.until(lambda k=key: window.selected_keys() == [k])
        runner.run(hostile_app.controller.wait_idle())
        _assert_clean([window])
    window.select_keys(_keys(hostile_app))
    _assert_clean([window])


def test_every_confirmation_box(hostile_app: Application, runner: AsyncRunner) -> None:
    session = _session(hostile_app)
    editing = hostile_app.controller.nic_editing
    for uuid, domain in session.domains.items():
        for nic in domain.nics:
            editing.remove_nic_for(session, uuid, nic.mac)
            runner.until(lambda: bool(_message_boxes()))
            _assert_clean(_message_boxes())
            _close_boxes()
        hostile_app.window.select_keys([(session.uri, uuid)])
        runner.until(lambda u=uuid: hostile_app.window.selected_keys() == [(session.uri, u)])
        editing.restart_now()
        runner.until(lambda: bool(_message_boxes()))
        _assert_clean(_message_boxes())
        _close_boxes()
    networks = hostile_app.controller.open_virtual_networks(session.uri)
    assert networks is not None
    runner.until(lambda: networks.view.model().rowCount() == len(NETWORK_NAMES))
    for network in NETWORK_NAMES:
        networks.select(network.text)
        networks.delete_selected()
        runner.until(lambda: bool(_message_boxes()))
        _assert_clean(_message_boxes())
        _close_boxes()
    interfaces = list(session.domains.values())
    names = [d.name for d in interfaces]
    force = ForceOffDialog(names, hostile_app.window)
    delete = DeleteDialog(names, [], running=names, parent=hostile_app.window)
    _assert_clean([force, delete])
    force.deleteLater()
    delete.deleteLater()


def test_networks_storage_and_host_interface_windows(
    hostile_app: Application, runner: AsyncRunner
) -> None:
    session = _session(hostile_app)
    controller = hostile_app.controller
    networks = controller.open_virtual_networks(session.uri)
    storage = controller.open_storage(session.uri)
    interfaces = controller.open_host_interfaces(session.uri)
    assert networks is not None and storage is not None and interfaces is not None
    runner.until(lambda: networks.view.model().rowCount() == len(NETWORK_NAMES))
    runner.run(controller.wait_idle())
    for network in NETWORK_NAMES:
        networks.select(network.text)
        _assert_clean([networks])
    runner.until(lambda: storage.pool_view.model().rowCount() > 0, timeout=15)
    _assert_clean([storage])
    runner.until(lambda: interfaces.view.model().rowCount() > 0, timeout=15)
    _assert_clean([interfaces])
    for interface in interfaces.interfaces:
        box = DeleteConfirmation(interface, "Bond", interfaces.interfaces, parent=interfaces)
        _assert_clean([box])
        box.deleteLater()


def test_settings_snapshots_and_console_windows(
    hostile_app: Application, runner: AsyncRunner
) -> None:
    session = _session(hostile_app)
    controller = hostile_app.controller
    keys = _keys(hostile_app)
    uuid = keys[0][1]
    handle = session.cached_handle(uuid)
    assert handle is not None
    runner.run(
        session.run(
            handle.snapshotCreateXML, snapshot_xml(SNAPSHOT_NAMES[0].text, DESCRIPTIONS[0].text), 0
        )
    )
    for key in keys:
        settings = controller.open_settings([key])
        assert settings is not None
        runner.run(controller.wait_idle())
        runner.run(settings.wait_idle())  # its sections are filled from the domain now
        _assert_clean([settings])
        settings.close()
    snapshots = hostile_app.controller.snapshot_flows.open_snapshots([keys[0]])
    assert snapshots is not None
    runner.run(snapshots.reload())
    _assert_clean([snapshots])
    console = controller.open_consoles(keys)
    assert console is not None
    _assert_clean([console])
    console.close_all()


def test_event_log_and_nic_dialog(hostile_app: Application, runner: AsyncRunner) -> None:
    session = _session(hostile_app)
    stopped = [uuid for uuid, domain in session.domains.items() if not domain.state.is_active]
    for uuid in stopped:
        runner.run(session.lifecycle.perform(uuid, DomainAction.START))
    events = hostile_app.hub.events
    runner.until(lambda: events.rowCount() >= len(stopped))
    _assert_clean([hostile_app.window])
    editing = hostile_app.controller.nic_editing
    for uuid, domain in session.domains.items():
        editing.edit_nic_for(session, uuid, domain.nics[0].mac)
        runner.until(lambda: any(w.isVisible() for w in _nic_dialogs()), timeout=15)
        dialogs = [w for w in _nic_dialogs() if w.isVisible()]
        _assert_clean(dialogs)
        for dialog in dialogs:
            dialog.reject()
        runner.run(hostile_app.controller.wait_idle())


def _nic_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, NicDialog)] + [
        d for w in QApplication.topLevelWidgets() for d in w.findChildren(NicDialog)
    ]


def test_network_edit_and_storage_delete_dialogs(
    hostile_app: Application, runner: AsyncRunner
) -> None:
    session = _session(hostile_app)
    networks = hostile_app.controller.open_virtual_networks(session.uri)
    assert networks is not None
    runner.until(lambda: networks.view.model().rowCount() == len(NETWORK_NAMES))
    for network in NETWORK_NAMES:
        networks.select(network.text)
        networks.edit_selected()
        runner.until(lambda: bool(_visible(NetworkDialog)), timeout=15)
        dialogs = _visible(NetworkDialog)
        _assert_clean(dialogs)
        for dialog in dialogs:
            assert isinstance(dialog, NetworkDialog)
            dialog.reject()
        runner.run(networks.wait_idle())
    storage = hostile_app.controller.open_storage(session.uri)
    assert storage is not None
    runner.until(lambda: storage.pool_view.model().rowCount() > 0, timeout=15)
    pool = next(iter(session.storage.pools.values()))
    runner.run(session.storage.list_volumes(pool.name))
    dialogs: list[QWidget] = [
        DeletePoolDialog(pool, session.storage.users_of_pool(pool.name), 1, storage)
    ]
    dialogs += [
        DeleteVolumeDialog(volume, storage) for volume in session.storage.volumes(pool.name)
    ]
    assert len(dialogs) == 2
    _assert_clean(dialogs)
    for dialog in dialogs:
        dialog.deleteLater()


def _visible(kind: type[QWidget]) -> list[QWidget]:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
    found += [d for w in QApplication.topLevelWidgets() for d in w.findChildren(kind)]
    return [w for w in dict.fromkeys(found) if w.isVisible()]
