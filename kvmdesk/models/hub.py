"""Wires an :class:`Inventory`'s sessions into the models (the one core → Qt bridge)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.events import Event
from kvmdesk.core.types.snapshots import DomainSnapshot, DomainStats, NetworkSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.models.connection_model import ConnectionTreeModel
from kvmdesk.models.domain_filter import DomainFilterProxy
from kvmdesk.models.domain_model import DomainListModel
from kvmdesk.models.event_model import EventFilterProxy, EventLogModel


class ModelHub(QObject):
    """Owns the app's models and keeps them in step with the sessions' signals.

    Core signals fire on the asyncio loop, which under qasync is the GUI
    thread, so the models are updated directly here.
    """

    connection_state_changed = Signal(str)

    def __init__(self, inventory: Inventory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inventory = inventory
        self.connections = ConnectionTreeModel(self)
        self.domains = DomainListModel(self)
        self.domain_proxy = DomainFilterProxy(self)
        self.domain_proxy.setSourceModel(self.domains)
        self.events = EventLogModel(self)
        self.event_proxy = EventFilterProxy(self)
        self.event_proxy.setSourceModel(self.events)
        inventory.session_added.connect(self._attach)
        inventory.session_removed.connect(self._detach)
        for session in inventory.sessions.values():
            self._attach(session)

    def _attach(self, session: Session) -> None:
        self.connections.add_connection(
            session.uri,
            session.label,
            autoconnect=self.inventory.autoconnect.get(session.uri, True),
        )
        self.domains.set_connection_label(session.uri, session.label)
        session.state_changed.connect(self._on_state)
        session.domains_upserted.connect(self._on_domains)
        session.domains_removed.connect(self._on_domains_removed)
        session.networks_upserted.connect(self._on_networks)
        session.networks_removed.connect(self._on_networks_removed)
        session.storage.pools_upserted.connect(self.connections.upsert_pools)
        session.storage.pools_removed.connect(self.connections.remove_pools)
        session.stats_updated.connect(self._on_stats)
        session.event.connect(self._on_event)
        self._on_state(session)

    def _detach(self, session: Session) -> None:
        self.domains.remove(session.uri, list(self.domains_of(session.uri)))
        self.connections.remove_connection(session.uri)

    def running_count(self) -> int:
        """Running domains over all connections (from the snapshots, no model calls)."""
        return sum(
            1
            for session in self.inventory.sessions.values()
            for domain in session.domains.values()
            if domain.state in (DomainState.RUNNING, DomainState.BLOCKED)
        )

    def domains_of(self, uri: str) -> list[str]:
        return [uuid for connection, uuid in self.domains.keys() if connection == uri]

    def _on_state(self, session: Session) -> None:
        self.connections.set_state(session.uri, session.state, session.message)
        self.connection_state_changed.emit(session.uri)

    def _on_domains(self, session: Session, snapshots: list[DomainSnapshot]) -> None:
        self.domains.upsert(snapshots)
        self.connections.set_domain_count(session.uri, len(session.domains))

    def _on_domains_removed(self, session: Session, uuids: list[str]) -> None:
        self.domains.remove(session.uri, uuids)
        self.connections.set_domain_count(session.uri, len(session.domains))

    def _on_networks(self, session: Session, snapshots: list[NetworkSnapshot]) -> None:
        self.connections.upsert_networks(session.uri, snapshots)
        self.domains.set_networks(session.uri, dict(session.networks), [s.name for s in snapshots])

    def _on_networks_removed(self, session: Session, names: list[str]) -> None:
        self.connections.remove_networks(session.uri, names)
        self.domains.set_networks(session.uri, dict(session.networks), names)

    def _on_stats(self, session: Session, stats: dict[str, DomainStats]) -> None:
        self.domains.update_stats(session.uri, stats)

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
