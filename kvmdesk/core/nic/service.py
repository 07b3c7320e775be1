"""NIC operations of a :class:`~kvmdesk.core.connection.session.Session`: plan, apply, remove."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import TypeVar

from kvmdesk.core.connection.session_base import SessionBase
from kvmdesk.core.nic import apply as nic_apply
from kvmdesk.core.nic import choices as nic_choices
from kvmdesk.core.nic.apply import NicPlan, NicResult
from kvmdesk.core.nic.spec import NicSpec, domains_using_mac
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import (
    NetworkSnapshot,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
CPU_HISTORY = 30


class NicOperations(SessionBase):
    """Change a domain's network cards live and/or persistently, never half-applied."""

    # --------------------------------------------------------------------- NICs
    # The work is in kvmdesk.core.nic.apply / nic_choices; these run it in the pool.

    def _macs_in_use(self) -> set[str]:
        return {nic.mac for domain in self.domains.values() for nic in domain.nics if nic.mac}

    async def nic_plan(
        self,
        uuid: str,
        mac: str | None,
        spec: NicSpec,
        *,
        networks: Mapping[str, NetworkSnapshot] | None = None,
    ) -> NicPlan:
        """What changing NIC ``mac`` (``None``: adding one) to ``spec`` would do; changes nothing.

        ``networks`` replaces the connection's for validation (a dry run that would
        first create a network passes it in).
        """
        handle = self._handle(uuid)
        known = dict(self.networks if networks is None else networks)
        return await self._run(nic_apply.plan_change, handle, known, mac, spec, self._macs_in_use())

    async def nic_removal_plan(self, uuid: str, mac: str) -> NicPlan:
        """What removing NIC ``mac`` would do; changes nothing."""
        return await self._run(nic_apply.plan_removal, self._handle(uuid), mac)

    async def apply_nic(
        self,
        uuid: str,
        mac: str | None,
        spec: NicSpec,
        *,
        live: bool | None = None,
        config: bool | None = None,
    ) -> NicResult:
        """Change NIC ``mac`` (``None``: add one): live where libvirt can, persistently.

        A failure leaves the domain as it was and raises libvirt's message.
        """
        handle = self._handle(uuid)
        change = functools.partial(
            nic_apply.change_nic,
            handle,
            dict(self.networks),
            mac,
            spec,
            self._macs_in_use(),
            live=live,
            config=config,
        )
        result = await self._run(change)
        self._note_restart(uuid, result)
        return result

    async def remove_nic(
        self, uuid: str, mac: str, *, live: bool | None = None, config: bool | None = None
    ) -> NicResult:
        """Remove NIC ``mac``: detached live and from the configuration where it is."""
        handle = self._handle(uuid)
        result = await self._run(
            functools.partial(nic_apply.remove, handle, mac, live=live, config=config)
        )
        self._note_restart(uuid, result)
        return result

    def _note_restart(self, uuid: str, result: NicResult) -> None:
        if not result.needs_restart:
            return
        macs = {result.mac, result.previous_mac} - {""}
        self._pending_restart[uuid] = self._pending_restart.get(uuid, frozenset()) | macs
        self.pending_restart_changed.emit(self, uuid)

    def _forget_pending_restart(self, uuid: str) -> None:
        if self._pending_restart.pop(uuid, None) is not None:
            self.pending_restart_changed.emit(self, uuid)

    def pending_restart(self, uuid: str) -> frozenset[str]:
        """MACs of the domain's NICs changed in its configuration only, until it restarts."""
        return self._pending_restart.get(uuid, frozenset())

    def mac_in_use(self, mac: str, *, exclude: str = "") -> list[str]:
        """Names of the loaded domains (but UUID ``exclude``) with a NIC using ``mac``."""
        return domains_using_mac(self.domains.values(), mac, exclude=exclude)

    async def nic_models(self, uuid: str) -> list[str]:
        """NIC models to offer for the domain (see :data:`nic_choices.FALLBACK_MODELS`)."""
        return await self._run(nic_choices.nic_models, self._handle(uuid))

    async def host_bridges(self) -> list[str]:
        """Host bridges for Bridged mode, without those of this connection's own networks."""
        own = {
            n.bridge
            for n in self.networks.values()
            if n.bridge and n.mode is not NetworkMode.BRIDGED
        }
        conn = self._network_connection()
        return await self._run(nic_choices.host_bridges, conn, self.uri, own)

    async def host_devices(self) -> list[str]:
        """Physical/ethernet host interfaces for macvtap."""
        conn = self._network_connection()
        return await self._run(nic_choices.host_devices, conn, self.uri)
