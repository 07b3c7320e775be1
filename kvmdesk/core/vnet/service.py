"""Virtual-network operations of a :class:`~kvmdesk.core.connection.session.Session`."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from ipaddress import IPv4Network
from typing import Any, TypeVar

from kvmdesk.core.connection.session_base import SessionBase
from kvmdesk.core.types.errors import BadInput, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.snapshots import (
    NetworkSnapshot,
)
from kvmdesk.core.util.host_probe import host_networks as read_host_networks
from kvmdesk.core.util.host_probe import reads_host_networks
from kvmdesk.core.vnet import ops as network_ops
from kvmdesk.core.vnet.spec import NetworkSpec, ipv4_subnets, validate_network_spec

log = logging.getLogger(__name__)

T = TypeVar("T")
CPU_HISTORY = 30


class NetworkOperations(SessionBase):
    """Create, edit, start, stop and delete the connection's virtual networks."""

    # --------------------------------------------------------- virtual networks

    async def _reload_networks(self, names: Sequence[str]) -> None:
        """Fetch these networks again; drop the ones that no longer exist."""
        snapshots = await self._run(self._fetch_networks, list(names))
        self._apply_networks(snapshots)
        found = {s.name for s in snapshots}
        gone = [n for n in names if n not in found and n in self.networks]
        for name in gone:
            del self.networks[name]
        if gone:
            self.networks_removed.emit(self, gone)

    async def _after_network_change(self, name: str) -> None:
        """Refresh one row after an operation, whether it worked or not.

        The operation's own error is the one to report: a failed refresh is only logged
        (the network's lifecycle events refresh the row again anyway).
        """
        try:
            await self._reload_networks([name])
        except KvmdeskError as error:
            log.warning("%s: refreshing network %s failed: %s", self.uri, name, error)

    def _network_connection(self) -> Any:
        if self._conn is None:
            raise LibvirtFailure(f"not connected to {self.label}")
        return self._conn

    def find_network(self, name: str) -> NetworkSnapshot:
        """A loaded network by name, else :class:`BadInput`."""
        snapshot = self.networks.get(name)
        if snapshot is None:
            raise BadInput(f"no network named {name!r} on {self.label}")
        return snapshot

    def domains_on_network(self, name: str) -> list[str]:
        """Names of the loaded domains with a NIC on network ``name`` (no libvirt call)."""
        return network_ops.domains_on_network(self.domains.values(), name)

    async def host_networks(self) -> list[IPv4Network]:
        """The host's address ranges and routes when this connection is to this host, else []."""
        if not reads_host_networks(self.uri):
            return []
        return list(await self.loop.run_in_executor(self._executor, read_host_networks))

    async def create_network(
        self,
        spec: NetworkSpec,
        *,
        start: bool = True,
        host_networks: Sequence[IPv4Network] | None = None,
    ) -> NetworkSnapshot:
        """Validate, define, set autostart and start a network; nothing stays if a step fails.

        ``host_networks`` defaults to :meth:`host_networks` (the local host's ranges).
        """
        conn = self._network_connection()
        host = await self.host_networks() if host_networks is None else host_networks
        validate_network_spec(spec, list(self.networks.values()), host)
        try:
            await self._run(network_ops.create_network, conn, spec, start)
        finally:
            await self._after_network_change(spec.name)
        snapshot = self.networks.get(spec.name)
        if snapshot is None:
            raise LibvirtFailure(f"network {spec.name!r} was created but cannot be read back")
        return snapshot

    async def start_network(self, name: str) -> None:
        self.find_network(name)
        try:
            await self._run(network_ops.start_network, self._network_connection(), name)
        finally:
            await self._after_network_change(name)

    async def stop_network(self, name: str) -> None:
        self.find_network(name)
        try:
            await self._run(network_ops.stop_network, self._network_connection(), name)
        finally:
            await self._after_network_change(name)

    async def set_network_autostart(self, name: str, on: bool) -> None:
        """Autostart changes raise no libvirt event: the row is refreshed here."""
        self.find_network(name)
        try:
            await self._run(network_ops.set_network_autostart, self._network_connection(), name, on)
        finally:
            await self._after_network_change(name)

    async def delete_network(self, name: str) -> None:
        """Stop (if running) and undefine; attached domains keep NICs pointing at the name."""
        self.find_network(name)
        try:
            await self._run(network_ops.delete_network, self._network_connection(), name)
        finally:
            await self._after_network_change(name)

    async def update_network(
        self,
        name: str,
        spec: NetworkSpec,
        *,
        host_networks: Sequence[IPv4Network] | None = None,
    ) -> bool:
        """Apply an edit; True when the running network must restart for it to take effect."""
        current = self.find_network(name)
        if spec.name != name:
            raise BadInput(f"network {name!r} cannot be renamed to {spec.name!r}")
        host = await self.host_networks() if host_networks is None else host_networks
        # A running network's own subnet is a host route too: it does not count against it.
        own = set(ipv4_subnets(current))
        others = [n for n in self.networks.values() if n.name != name]
        validate_network_spec(spec, others, [h for h in host if h not in own])
        conn = self._network_connection()
        try:
            return await self._run(network_ops.update_network, conn, name, spec)
        finally:
            await self._after_network_change(name)

    async def network_xml(self, name: str, *, inactive: bool = False) -> str:
        """The network's live XML, or with ``inactive`` the definition its next start uses."""
        self.find_network(name)
        conn = self._network_connection()
        return await self._run(
            functools.partial(network_ops.network_xml_of, conn, name, inactive=inactive)
        )
