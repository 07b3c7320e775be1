"""Finish / Undo for changes a lost connection cut short, and Make permanent / Revert
for running NICs that differ from the saved ones: the buttons a user clicks, through
the real app on the demo inventory (libvirt's test driver)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from lxml import etree
from PySide6.QtWidgets import QPushButton, QWidget

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.partial import PartialChange, Recovery
from kvmdesk.ui.common.notifications import Level, Notification
from tests.helpers.qt_async import AsyncRunner

NETWORK = "internal-cluster"
RUNNING = "web-frontend"  # running; one NIC on nat-lan
WEB_MAC = "52:54:00:10:a0:30"
INACTIVE = 2


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _shot(widget: QWidget, name: str) -> None:
    """Screenshots for the change's review when KVMDESK_SHOTS names a folder."""
    folder = os.environ.get("KVMDESK_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _interrupted_create(session: Session) -> PartialChange:
    """A network create cut short after define and autostart, as vnets reports one; its
    recovery runs the session's own operations."""
    return PartialChange(
        f"creating network {NETWORK}",
        ("defined", "autostart on"),
        (),
        "End of file while reading data: Input/output error",
        "Once reconnected kvmdesk offers to finish it or to undo it.",
        uncertain=("started",),
        lost=True,
        recovery=Recovery(
            functools.partial(session.vnets.start, NETWORK),
            functools.partial(session.vnets.delete, NETWORK),
            finish_text=f"Finish creating network {NETWORK}",
            undo_text=f"Delete network {NETWORK}",
        ),
    )


def _offer(app: Application, runner: AsyncRunner) -> tuple[Session, PartialChange, Notification]:
    session = _session(app)
    runner.run(session.vnets.stop(NETWORK))
    change = session.remember_partial(_interrupted_create(session))
    offers = app.controller.recovery_offers.shown
    assert list(offers) == [id(change)]  # connected: offered at once
    return session, change, offers[id(change)]


def _button(widget: QWidget, name: str) -> QPushButton:
    button = widget.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    return button


def test_finish_button_carries_the_change_out(demo_app: Application, runner: AsyncRunner) -> None:
    session, change, offer = _offer(demo_app, runner)
    assert offer.level is Level.WARNING
    assert change.what in offer.title_label.text()
    text = offer.message_label.text()
    assert "Done: defined, autostart on" in text
    assert "Not known whether done: started" in text
    assert [b.text() for b in offer.action_buttons] == ["Finish", "Undo"]
    assert "Not done" not in text  # nothing left out: no empty line for it
    demo_app.window.resize(1280, 800)
    _shot(demo_app.window, "recovery-offer-main-window.png")
    _shot(offer, "recovery-offer.png")
    _button(offer, "recoveryFinish").click()
    runner.run(demo_app.controller.wait_idle())
    assert session.networks[NETWORK].active
    assert session.interrupted.pending() == []
    assert demo_app.controller.recovery_offers.shown == {}
    assert offer not in demo_app.window.notifications.visible_notifications()
    assert demo_app.window.notifications.history[-1].title == f"Finished: {change.what}"
    # The event log has both: the interruption and how it ended.
    demo_app.hub.events.flush()
    events = demo_app.hub.events
    words = [events.index(row, 3).data() for row in range(events.rowCount())]
    assert "interrupted" in words and "finished" in words[words.index("interrupted") :], words


def test_undo_button_takes_the_change_back(demo_app: Application, runner: AsyncRunner) -> None:
    session, change, offer = _offer(demo_app, runner)
    _button(offer, "recoveryUndo").click()
    runner.run(demo_app.controller.wait_idle())
    assert NETWORK not in session.networks
    assert NETWORK not in [n.name() for n in session.raw_connection.listAllNetworks()]
    assert demo_app.window.notifications.history[-1].title == f"Undone: {change.what}"


def test_a_failed_finish_says_why_and_offers_again(
    demo_app: Application, runner: AsyncRunner
) -> None:
    session, change, offer = _offer(demo_app, runner)
    runner.run(session.vnets.delete(NETWORK))  # somebody removed it meanwhile
    _button(offer, "recoveryFinish").click()
    runner.run(demo_app.controller.wait_idle())
    records = demo_app.window.notifications.history
    failed = [r for r in records if r.title == f"Could not finish: {change.what}"]
    assert failed and failed[0].level is Level.ERROR and NETWORK in failed[0].message
    assert change in session.interrupted.pending()
    assert id(change) in demo_app.controller.recovery_offers.shown  # offered again


def test_closing_the_offer_leaves_the_change_pending(
    demo_app: Application, runner: AsyncRunner
) -> None:
    session, change, offer = _offer(demo_app, runner)
    offer.close_button.click()
    assert demo_app.controller.recovery_offers.shown == {}
    assert change in session.interrupted.pending()  # offered again after a reconnect
    session.interrupted.reconnected()
    assert id(change) in demo_app.controller.recovery_offers.shown


# ------------------------------------------------------- running ≠ saved NICs


def _save_other_model(session: Session, name: str) -> None:
    """Another client saves a different NIC model for the running VM (live unchanged)."""
    domain = session.raw_connection.lookupByName(name)
    root = etree.fromstring(domain.XMLDesc(INACTIVE).encode())
    nic = root.find(f"devices/interface/mac[@address='{WEB_MAC}']/..")
    assert nic is not None
    model = nic.find("model")
    assert model is not None
    model.set("type", "e1000" if model.get("type") != "e1000" else "rtl8139")
    session.raw_connection.defineXML(etree.tostring(root, encoding="unicode"))


def _models(session: Session, name: str) -> tuple[str, str]:
    domain = session.raw_connection.lookupByName(name)

    def model(xml: str) -> str:
        root = etree.fromstring(xml.encode())
        return str(root.find(f"devices/interface/mac[@address='{WEB_MAC}']/../model").get("type"))

    return model(domain.XMLDesc(0)), model(domain.XMLDesc(INACTIVE))


def test_running_nic_that_differs_shows_make_permanent_and_revert(
    demo_app: Application, runner: AsyncRunner
) -> None:
    session = _session(demo_app)
    domain = session.lifecycle.find(RUNNING)
    details = demo_app.window.details
    demo_app.window.select_keys([domain.key])
    assert not details.make_permanent_button.isVisible()
    _save_other_model(session, RUNNING)
    runner.run(session.nics.reconcile())
    assert set(session.nics.mismatched(domain.uuid)) == {WEB_MAC}
    assert WEB_MAC in session.nics.pending_restart(domain.uuid)  # the pending badge
    assert details.restart_badge.isVisible()
    assert details.restart_badge.text() == "Running and saved settings differ"
    assert details.mismatched_macs() == {WEB_MAC}
    demo_app.window.resize(1100, 820)
    details._scroll.ensureWidgetVisible(details.make_permanent_button)
    box = details.nic_view.parentWidget()
    assert box is not None
    _shot(box, "nic-mismatch-details.png")
    _shot(demo_app.window, "nic-mismatch-main-window.png")

    # Revert needs a live device change: the test driver has none, and says so.
    _button(details, "revertRunning").click()
    runner.run(demo_app.controller.wait_idle())
    errors = [r for r in demo_app.window.notifications.history if r.level is Level.ERROR]
    assert errors and errors[-1].title == f"Could not revert the running interfaces of “{RUNNING}”"
    assert WEB_MAC in errors[-1].message
    assert details.make_permanent_button.isVisible()  # still differs

    _button(details, "makePermanent").click()
    runner.run(demo_app.controller.wait_idle())
    live, saved = _models(session, RUNNING)
    assert live == saved
    assert session.nics.mismatched(domain.uuid) == {}
    assert not details.make_permanent_button.isVisible()
    assert not details.restart_badge.isVisible()
