"""Adding, changing and removing NICs from the details pane, through the session.

The pane's requests become: gather what the NIC dialog offers (NIC models, host
bridges and devices, the host's own subnets, the connection's networks and MACs)
with awaited session calls, open :class:`~kvmdesk.ui.nic.dialog.NicDialog` without
blocking, and on OK create the requested network, then apply the NIC change.

A failed change leaves nothing behind: when the NIC cannot be applied after a
network was created for it, that network is deleted again (it was made for this NIC
alone, and a stray network would hold a subnet the user never saw in use). The
message says so, with libvirt's own words for the failure.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from ipaddress import IPv4Network
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.nic.apply import NicResult, changes_devices_live
from kvmdesk.core.nic.spec import NicSpec, spec_of
from kvmdesk.core.types.conflicts import EditConflict, Side
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.types.events import ObjectKind
from kvmdesk.core.types.snapshots import DomainSnapshot, NicSnapshot
from kvmdesk.core.util.uri import LibvirtUri
from kvmdesk.core.vnet.subnet_pool import DEFAULT_SUBNET_POOL, subnet_pool
from kvmdesk.ui.common.conflict_dialog import ask_resolution
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.message_box import PlainMessageBox
from kvmdesk.ui.common.notifications import Level
from kvmdesk.ui.common.tasks import Spawn
from kvmdesk.ui.main.window import MainWindow
from kvmdesk.ui.nic.dialog import DEFAULT_MODELS, NicChoices, NicDialog, NicDialogResult

log = logging.getLogger(__name__)


def is_session_connection(uri: str) -> bool:
    """``qemu:///session`` and its remote forms: unprivileged, user-mode networking fits."""
    parsed = LibvirtUri.parse(uri)
    return parsed.driver == "qemu" and parsed.is_session


def _pool() -> tuple[IPv4Network, ...]:
    try:
        return subnet_pool()
    except BadInput as error:
        log.warning("%s; using the default pool", error)
        return DEFAULT_SUBNET_POOL


class NicEditing(QObject):
    """Carries out the details pane's NIC requests for the domain it shows."""

    def __init__(
        self,
        inventory: Inventory,
        window: MainWindow,
        spawn: Spawn,
        notify_error: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.inventory = inventory
        self.window = window
        self._spawn = spawn
        self._notify_error = notify_error
        # The dialog or confirmation on screen (tests and screenshots reach them here).
        self.dialog: NicDialog | None = None
        self.confirmation: QMessageBox | None = None
        details = window.details
        details.add_nic_requested.connect(self.add_nic)
        details.edit_nic_requested.connect(self.edit_nic)
        details.remove_nic_requested.connect(self.remove_nic)
        details.restart_requested.connect(self.restart_now)
        details.make_permanent_requested.connect(lambda: self.settle_mismatch(permanent=True))
        details.revert_requested.connect(lambda: self.settle_mismatch(permanent=False))
        inventory.session_added.connect(self._watch)
        for session in inventory.sessions.values():
            self._watch(session)

    def _watch(self, session: Session) -> None:
        session.pending_restart_changed.connect(self._on_pending_restart)

    def _on_pending_restart(self, session: Session, uuid: str) -> None:
        if self.window.details.shown_key == (session.uri, uuid):
            self.window.refresh_details()

    def _target(self) -> tuple[Session, DomainSnapshot] | None:
        key = self.window.details.shown_key
        if key is None:
            return None
        session = self.inventory.sessions.get(key[0])
        if session is None or key[1] not in session.domains:
            return None
        return session, session.domains[key[1]]

    # ------------------------------------------------------------ requests

    def add_nic(self) -> None:
        target = self._target()
        if target is not None:
            self._spawn(self._open_dialog(target[0], target[1].uuid, None))

    def edit_nic(self, mac: str) -> None:
        target = self._target()
        if target is not None:
            self._spawn(self._open_dialog(target[0], target[1].uuid, mac))

    def settle_mismatch(self, *, permanent: bool) -> None:
        """Make the shown VM's differing running NICs permanent, or revert them."""
        target = self._target()
        if target is not None:
            self._spawn(self._settle(target[0], target[1], permanent))

    async def _settle(self, session: Session, domain: DomainSnapshot, permanent: bool) -> None:
        macs = sorted(session.nics.mismatched(domain.uuid))
        failures = []
        for mac in macs:
            try:
                if permanent:
                    await session.nics.make_permanent(domain.uuid, mac)
                else:
                    await session.nics.revert(domain.uuid, mac)
            except KvmdeskError as error:
                failures.append(f"{mac}: {error}")
        if failures:
            title = (
                self.tr("Could not make the running settings of “%1” permanent")
                if permanent
                else self.tr("Could not revert the running interfaces of “%1”")
            ).replace("%1", domain.name)
            self._notify_error(title, "\n".join(failures))
        self.window.refresh_details()

    def restart_now(self) -> None:
        """Shut the shown VM down and start it again, after asking: saved changes apply."""
        target = self._target()
        if target is None:
            return
        session, domain = target
        box = PlainMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restart Virtual Machine"),
            self.tr("Restart “%1” now?").replace("%1", domain.name),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName("restartConfirmation")
        box.setInformativeText(
            self.tr(
                "The guest is asked to shut down and is started again once it is off, so that "
                "the changes saved in its configuration take effect. Unsaved work in the "
                "guest is lost if its programs do not save it on shutdown."
            )
        )
        restart = box.addButton(self.tr("Restart"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        self.confirmation = box

        def answered(_result: int) -> None:
            if self.confirmation is box:
                self.confirmation = None
            if box.clickedButton() is restart:
                self._spawn(self._restart(session, domain))

        run_dialog(box, answered)

    async def _restart(self, session: Session, domain: DomainSnapshot) -> None:
        try:
            await session.lifecycle.restart(domain.uuid)
        except KvmdeskError as error:
            self._notify_error(
                self.tr("Could not restart %1").replace("%1", domain.name), str(error)
            )
            return
        session.log_event(ObjectKind.DOMAIN, domain.name, domain.uuid, "restarted", "on request")

    def remove_nic(self, mac: str) -> None:
        target = self._target()
        if target is not None:
            self.remove_nic_for(target[0], target[1].uuid, mac)

    # Other windows (a VM's settings) ask for a domain of their own, not the pane's.

    def add_nic_for(self, session: Session, uuid: str, parent: QWidget | None = None) -> None:
        self._spawn(self._open_dialog(session, uuid, None, parent))

    def edit_nic_for(
        self, session: Session, uuid: str, mac: str, parent: QWidget | None = None
    ) -> None:
        self._spawn(self._open_dialog(session, uuid, mac, parent))

    def remove_nic_for(
        self, session: Session, uuid: str, mac: str, parent: QWidget | None = None
    ) -> None:
        domain = session.domains.get(uuid)
        if domain is None:
            return
        box = PlainMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove Network Interface"),
            self.tr("Remove the network interface %1 from “%2”?")
            .replace("%1", mac)
            .replace("%2", domain.name),
            QMessageBox.StandardButton.NoButton,
            parent or self.window,
        )
        box.setObjectName("removeNicConfirmation")
        if domain.state.is_active:
            box.setInformativeText(
                self.tr(
                    "The VM is running: the NIC is unplugged now where the hypervisor "
                    "can, otherwise it goes when the VM restarts."
                )
            )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # a stray Enter removes nothing
        self.confirmation = box

        def answered(_result: int) -> None:
            if self.confirmation is box:
                self.confirmation = None
            if box.clickedButton() is remove:
                self._spawn(self._remove(session, domain.uuid, mac))

        run_dialog(box, answered)

    # ------------------------------------------------------------- opening

    async def _open_dialog(
        self, session: Session, uuid: str, mac: str | None, parent: QWidget | None = None
    ) -> None:
        models, bridges, devices, host_networks, config_nics = await asyncio.gather(
            session.nics.models(uuid),
            session.nics.host_bridges(),
            session.nics.host_devices(),
            session.vnets.host_networks(),
            session.nics.config_nics(uuid),
            return_exceptions=True,
        )
        domain = session.domains.get(uuid)
        if domain is None:
            return  # gone while we asked; its removal event updates the pane
        running_nic: NicSnapshot | None = None
        current = None
        if mac is not None:
            live = next((nic for nic in domain.nics if nic.mac == mac), None)
            if live is None:
                self._notify_error(
                    self.tr("Cannot edit the network interface"),
                    self.tr("%1 has no NIC with MAC %2 any more.")
                    .replace("%1", domain.name)
                    .replace("%2", mac),
                )
                return
            # Start from the configuration: it holds any change still waiting for a restart.
            saved = _by_mac(config_nics, mac) or live
            current = spec_of(saved, session.networks)
            running_nic = live if domain.state.is_active else None
        others = [nic.mac for nic in domain.nics if nic.mac and nic.mac != mac]
        choices = NicChoices(
            networks=dict(session.networks),
            host_bridges=tuple(_listed(bridges, "host bridges")),
            host_devices=tuple(_listed(devices, "host devices")),
            models=tuple(_listed(models, "NIC models")) or DEFAULT_MODELS,
            macs_in_use=_macs_of_other_domains(session, uuid),
            own_macs=tuple(others),
            running=domain.state.is_active,
            running_nic=running_nic,
            session_connection=is_session_connection(session.uri),
            live_update=changes_devices_live(session.uri),
            subnet_pool=_pool(),
            host_networks=tuple(_listed(host_networks, "host networks")),
            domain_name=domain.name,
        )
        dialog = NicDialog(current, choices, parent or self.window)
        self.dialog = dialog
        try:
            result = await run_dialog(dialog)
        finally:
            if self.dialog is dialog:
                self.dialog = None
        if result == QDialog.DialogCode.Accepted:
            self._spawn(self._apply(session, uuid, mac, dialog.value(), current))

    # ------------------------------------------------------------ applying

    async def _apply(
        self,
        session: Session,
        uuid: str,
        mac: str | None,
        value: NicDialogResult,
        base: NicSpec | None = None,
    ) -> None:
        """Apply the dialog's NIC; with ``base`` (what it started from) only what changed."""
        domain = session.domains.get(uuid)
        name = domain.name if domain is not None else uuid
        title = (
            self.tr("Could not add a network interface to %1")
            if mac is None
            else self.tr("Could not change the network interface of %1")
        ).replace("%1", name)
        created = ""
        try:
            if value.new_network is not None:
                await session.vnets.create(value.new_network, start=True)
                created = value.new_network.name
            elif domain is not None and domain.state.is_active:
                await self._start_stopped_network(session, value.spec.source.network)
            resolution: dict[str, Side] | None = None
            while True:
                try:
                    result = await session.nics.apply(
                        uuid, mac, value.spec, base=base, resolution=resolution
                    )
                    break
                except EditConflict as conflict:
                    resolution = await self._resolve(conflict, name)
                    if resolution is None:
                        raise
        except KvmdeskError as error:
            message = str(error)
            if created:
                message += " " + await self._undo_network(session, created)
            self._notify_error(title, message)
            return
        finally:
            self.window.refresh_details()
        self._tell_if_waiting(result)

    async def _resolve(self, conflict: EditConflict, name: str) -> dict[str, Side] | None:
        """Ask whose values to keep; None when the user cancels."""
        labels = {
            "connection": self.tr("Connection"),
            "mac": self.tr("MAC address"),
            "model": self.tr("Model"),
            "link": self.tr("Link state"),
        }
        what = self.tr("the network interface of %1").replace("%1", name)
        return await ask_resolution(conflict, labels, what, self.window)

    def _tell_if_waiting(self, result: NicResult) -> None:
        """Say so when (part of) the change waits for the VM's next start."""
        if result.needs_restart:
            # libvirt's own words (which name its functions) only behind "Details".
            self.window.notifications.notify(
                self.tr("Takes effect after restart"),
                result.describe(),
                Level.INFO,
                details=(result.detail,) if result.detail else (),
                details_title=self.tr("Details"),
            )

    async def _start_stopped_network(self, session: Session, network: str) -> None:
        """A running VM can only be plugged into an active network."""
        snapshot = session.networks.get(network)
        if snapshot is not None and not snapshot.active:
            await session.vnets.start(network)

    async def _undo_network(self, session: Session, name: str) -> str:
        try:
            await session.vnets.delete(name)
        except KvmdeskError as error:
            return (
                self.tr(
                    "The network %1 created for this interface is still there and could not "
                    "be deleted: %2"
                )
                .replace("%1", name)
                .replace("%2", str(error))
            )
        return self.tr("The network %1 created for this interface was deleted again.").replace(
            "%1", name
        )

    async def _remove(self, session: Session, uuid: str, mac: str) -> None:
        domain = session.domains.get(uuid)
        name = domain.name if domain is not None else uuid
        try:
            result = await session.nics.remove(uuid, mac)
        except KvmdeskError as error:
            self._notify_error(
                self.tr("Could not remove the network interface of %1").replace("%1", name),
                str(error),
            )
            return
        finally:
            self.window.refresh_details()
        self._tell_if_waiting(result)


def _listed(value: object, what: str) -> list[Any]:
    """A gathered list, or [] (logged) when asking for it failed: the dialog still opens."""
    if isinstance(value, BaseException):
        if not isinstance(value, KvmdeskError):
            raise value
        log.info("could not list %s: %s", what, value)
        return []
    return list(value) if isinstance(value, list | tuple) else []


def _by_mac(nics: tuple[NicSnapshot, ...] | BaseException, mac: str) -> NicSnapshot | None:
    if isinstance(nics, BaseException):
        if not isinstance(nics, KvmdeskError):
            raise nics
        return None
    return next((nic for nic in nics if nic.mac == mac), None)


def _macs_of_other_domains(session: Session, uuid: str) -> dict[str, tuple[str, ...]]:
    users: dict[str, list[str]] = {}
    for domain in session.domains.values():
        if domain.uuid == uuid:
            continue
        for nic in domain.nics:
            if nic.mac:
                users.setdefault(nic.mac, []).append(domain.name)
    return {mac: tuple(sorted(names)) for mac, names in users.items()}
