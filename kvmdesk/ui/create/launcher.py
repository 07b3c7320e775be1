"""Opens the New VM wizard for a connection and runs the creation it asks for.

The window's "New VM…" request becomes: survey the connection (``session.create.survey``,
awaited, nothing blocks), open :class:`~kvmdesk.ui.create.wizard.NewVmWizard`, and on
Create make the network the user asked for (if any), then run ``session.create.create``
with the wizard's progress. A failure keeps the wizard open with libvirt's message, and a
network made for this VM alone is deleted again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from ipaddress import IPv4Network
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.spec import VmSpec
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.util.uri import LibvirtUri
from kvmdesk.core.vnet.spec import NetworkSpec
from kvmdesk.core.vnet.subnet_pool import DEFAULT_SUBNET_POOL, subnet_pool
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.notifications import Level, Notify
from kvmdesk.ui.common.tasks import Spawn
from kvmdesk.ui.create.wizard import NewVmWizard

log = logging.getLogger(__name__)


class VmCreationFlow(QObject):
    """Carries out the window's New VM requests."""

    def __init__(
        self,
        inventory: Inventory,
        window: QWidget,
        spawn: Spawn,
        notify: Notify,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.inventory = inventory
        self.window = window
        self._spawn = spawn
        self._notify = notify
        self.wizard: NewVmWizard | None = None  # the one on screen (tests, screenshots)

    def open(self, uri: str) -> None:
        session = self.inventory.sessions.get(uri)
        if session is None or not session.connected:
            self._notify(
                self.tr("Cannot create a VM"),
                self.tr("Connect to %1 first.").replace("%1", uri),
                Level.WARNING,
            )
            return
        if self.wizard is not None:
            self.wizard.raise_()
            return
        self._spawn(self._run(session))

    async def _run(self, session: Session) -> None:
        survey, bridges, devices, host_networks = await asyncio.gather(
            session.create.survey(),
            session.nics.host_bridges(),
            session.nics.host_devices(),
            session.vnets.host_networks(),
            return_exceptions=True,
        )
        if isinstance(survey, BaseException):
            raise survey
        options: dict[str, object] = {
            "host_bridges": tuple(_listed(bridges, "host bridges")),
            "host_devices": tuple(_listed(devices, "host devices")),
            "host_networks": tuple(_listed(host_networks, "host networks")),
            "subnet_pool": _subnet_pool(),
            "session_connection": _is_session_connection(session.uri),
        }
        wizard = NewVmWizard(survey, self.window, network_options=options)
        self.wizard = wizard
        wizard.create_requested.connect(
            lambda spec, network: self._spawn(self._create(session, wizard, spec, network))
        )
        try:
            await run_dialog(wizard)
        finally:
            if self.wizard is wizard:
                self.wizard = None

    async def _create(
        self, session: Session, wizard: NewVmWizard, spec: VmSpec, network: NetworkSpec | None
    ) -> None:
        created_network = ""
        try:
            if network is not None:
                await session.vnets.create(network, start=True)
                created_network = network.name
            # The check runs again against the connection's networks, the new one among them.
            survey = replace(wizard.survey, networks=dict(session.networks))
            result = await session.create.create(spec, survey, wizard.show_progress)
        except KvmdeskError as error:
            message = str(error)
            if created_network:
                try:
                    await session.vnets.delete(created_network)
                    message += " " + self.tr("The network %1 made for it was removed.").replace(
                        "%1", created_network
                    )
                except KvmdeskError:
                    pass
            wizard.failed(message)
            return
        wizard.finished_ok()
        state = self.tr("started") if result.started else self.tr("defined")
        self._notify(
            self.tr("VM created"),
            self.tr("%1 was created and %2.").replace("%1", result.name).replace("%2", state),
            Level.INFO,
        )


def _listed(value: object, what: str) -> list[Any]:
    """A gathered list, or [] (logged) when asking for it failed: the wizard still opens."""
    if isinstance(value, BaseException):
        if not isinstance(value, KvmdeskError):
            raise value
        log.info("could not list %s: %s", what, value)
        return []
    return list(value) if isinstance(value, list | tuple) else []


def _subnet_pool() -> tuple[IPv4Network, ...]:
    try:
        return subnet_pool()
    except BadInput as error:
        log.warning("%s; using the default pool", error)
        return DEFAULT_SUBNET_POOL


def _is_session_connection(uri: str) -> bool:
    parsed = LibvirtUri.parse(uri)
    return parsed.driver == "qemu" and parsed.is_session
