"""NICs of one connection's domains: ``session.nics`` (plan, apply, remove, choices).

The work is in :mod:`kvmdesk.core.nic.apply` and :mod:`kvmdesk.core.nic.choices`;
this runs it in the session's pool and remembers which NIC changes wait for the
domain's restart (the "takes effect after restart" badge). After every reconnect it
compares each running VM's NICs with its saved definition
(:mod:`~kvmdesk.core.nic.reconcile`): a NIC that differs without kvmdesk having saved
a change for the next start (a change cut short, another client) shows the same badge
and can be made permanent or reverted.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from shlex import quote
from typing import Any

from kvmdesk.core.nic import apply as nic_apply  # not "apply": NicService.apply is a method
from kvmdesk.core.nic import choices, reconcile
from kvmdesk.core.nic.apply import NicPlan, NicResult
from kvmdesk.core.nic.spec import NicSpec, domains_using_mac
from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import ConnectionLost, KvmdeskError
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.partial import Recovery, is_connection_lost
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot

log = logging.getLogger(__name__)


class NicService:
    """Change a domain's network cards live and/or persistently, never half-applied.

    ``on_pending_restart(uuid)`` is called whenever :meth:`pending_restart` of that
    domain changes.
    """

    def __init__(self, session: SessionContext, on_pending_restart: Callable[[str], None]) -> None:
        self._session = session
        self._on_pending_restart = on_pending_restart
        self._pending_restart: dict[str, frozenset[str]] = {}
        # Per domain: running NIC's MAC → that NIC as the configuration has it now
        # (what the next start gives the guest); None: removed from the configuration.
        # A NIC added to the configuration only is keyed by its own MAC.
        self._pending_nics: dict[str, dict[str, NicSnapshot | None]] = {}
        # Per domain: running NICs that differ from the saved definition without kvmdesk
        # having saved a change for the next start (MAC → the NIC as saved; None: not saved).
        self._mismatched: dict[str, dict[str, NicSnapshot | None]] = {}
        self._reconcile_task: asyncio.Task[None] | None = None

    def _macs_in_use(self) -> set[str]:
        return {
            nic.mac for domain in self._session.domains.values() for nic in domain.nics if nic.mac
        }

    async def plan(
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
        handle = self._session.handle(uuid)
        known = dict(self._session.networks if networks is None else networks)
        return await self._session.run(
            nic_apply.plan_change, handle, known, mac, spec, self._macs_in_use()
        )

    async def removal_plan(self, uuid: str, mac: str) -> NicPlan:
        """What removing NIC ``mac`` would do; changes nothing."""
        return await self._session.run(nic_apply.plan_removal, self._session.handle(uuid), mac)

    async def apply(
        self,
        uuid: str,
        mac: str | None,
        spec: NicSpec,
        *,
        live: bool | None = None,
        config: bool | None = None,
        base: NicSpec | None = None,
        resolution: Mapping[str, Side] | None = None,
    ) -> NicResult:
        """Change NIC ``mac`` (``None``: add one): live where libvirt can, persistently.

        A failure leaves the domain as it was and raises libvirt's message. ``base`` is
        the NIC as the editor started from it: then only what the user changed is
        applied, onto the NIC as it is now, and a field another client changed too
        raises :class:`~kvmdesk.core.types.conflicts.EditConflict` (nothing applied)
        unless ``resolution`` says whose value it takes.
        """
        handle = self._session.handle(uuid)
        # Each step is its own call, so a lost connection between them is seen (and
        # said) for what it is: the plan, the live step, the persistent step.
        plan = await self._session.run(
            functools.partial(
                nic_apply.plan_edit,
                handle,
                dict(self._session.networks),
                mac,
                spec,
                self._macs_in_use(),
                base=base,
                resolution=resolution,
            )
        )
        result = await self._carry_out(uuid, handle, plan, live, config)
        await self._note_restart(uuid, result)
        return result

    async def _carry_out(
        self, uuid: str, handle: Any, plan: NicPlan, live: bool | None, config: bool | None
    ) -> NicResult:
        want_live, want_config, note = nic_apply.decide(plan, live, config)
        did_live = False
        detail = ""
        if want_live:
            did_live, live_note, detail = await self._session.run(
                functools.partial(
                    nic_apply.live_step, handle, plan, live=live, want_config=want_config
                )
            )
            note = live_note or note
        if want_config:
            # Declared lost after the live step: the persistent step is never sent.
            sent = self._session.connected
            try:
                if not sent:
                    raise ConnectionLost(f"not connected to {self._session.label}")
                await self._session.run(nic_apply.config_step, handle, plan, did_live)
            except KvmdeskError as failure:
                if did_live:
                    lost = is_connection_lost(failure, self._session.connected)
                    try:
                        if lost:
                            raise failure  # taking it back needs the link that is gone
                        await self._session.run(nic_apply.undo_live_step, handle, plan)
                    except KvmdeskError as undo_failure:
                        change = nic_apply.partial_change(
                            plan,
                            failure,
                            None if lost else undo_failure,
                            self._recovery(uuid, plan.mac, plan.domain),
                            sent=sent,
                        )
                        raise self._session.remember_partial(change) from failure
                raise
        return nic_apply.result_of(plan, did_live, want_config, note, detail)

    async def remove(
        self, uuid: str, mac: str, *, live: bool | None = None, config: bool | None = None
    ) -> NicResult:
        """Remove NIC ``mac``: detached live and from the configuration where it is."""
        handle = self._session.handle(uuid)
        result = await self._session.run(
            functools.partial(nic_apply.remove, handle, mac, live=live, config=config)
        )
        await self._note_restart(uuid, result)
        return result

    async def config_nics(self, uuid: str) -> tuple[NicSnapshot, ...]:
        """The NICs of the domain's persistent definition (what its next start uses).

        They differ from the snapshot's while a change waits for a restart; a
        transient domain has none.
        """
        snapshot = self._session.domains.get(uuid)
        if snapshot is not None and not snapshot.persistent:
            return ()
        if snapshot is not None and not snapshot.state.is_active:
            return snapshot.nics  # a shut-off domain's snapshot is read from its definition
        return await self._session.run(nic_apply.config_nics, self._session.handle(uuid))

    def _recovery(self, uuid: str, mac: str, name: str) -> Recovery:
        """Finish (save the running NIC) or undo (running NIC back as saved) a cut change."""
        return Recovery(
            functools.partial(self.make_permanent, uuid, mac),
            functools.partial(self.revert, uuid, mac),
            finish_text=f"Save NIC {mac} of {name} as it runs now",
            undo_text=f"Put NIC {mac} of {name} back as saved",
            finish_commands=(f"nic make-permanent {quote(name)} {mac}",),
            undo_commands=(f"nic revert {quote(name)} {mac}",),
        )

    # ------------------------------------------------ running ≠ saved NICs

    def start_reconcile(self) -> None:
        """After a reconnect: compare every running VM's NICs with its saved definition,
        in the background (a change the loss cut short shows up as a difference)."""
        self.stop_reconcile(forget=False)
        self._reconcile_task = self._session.loop.create_task(self._reconcile_logged())

    def stop_reconcile(self, *, forget: bool = True) -> None:
        """Stop comparing; ``forget``: the connection closed, drop what was found."""
        if self._reconcile_task is not None and not self._reconcile_task.done():
            self._reconcile_task.cancel()
        self._reconcile_task = None
        if forget:
            self._mismatched.clear()

    async def _reconcile_logged(self) -> None:
        try:
            await self.reconcile()
        except KvmdeskError as error:
            if self._session.connected:  # lost meanwhile: the next reconnect compares again
                log.warning(
                    "%s: comparing running and saved NICs failed: %s", self._session.label, error
                )

    async def reconcile(self, uuids: Iterable[str] | None = None) -> None:
        """Compare the running NICs of these domains (all: None) with their saved ones.

        All of them (at connect time): the running NICs as just loaded, one call per VM
        for its saved definition. Named ones (after a change): both read again.
        """
        wanted = list(self._session.domains) if uuids is None else list(uuids)
        handles = []
        for uuid in wanted:
            snapshot = self._session.domains.get(uuid)
            if snapshot is None or not snapshot.persistent or not snapshot.state.is_active:
                self._set_mismatched(uuid, {})
                continue
            handles.append((uuid, self._session.handle(uuid), snapshot.nics))
        if not handles:
            return
        if uuids is None:
            found = await self._session.run(reconcile.scan, handles)
        else:
            found = {}
            for uuid, handle, _ in handles:
                found[uuid] = await self._session.run(reconcile.differences, handle)
        for uuid, differing in found.items():
            own = self._pending_restart.get(uuid, frozenset())
            self._set_mismatched(uuid, {m: v for m, v in differing.items() if m not in own})

    def _set_mismatched(self, uuid: str, differing: dict[str, NicSnapshot | None]) -> None:
        before = self._mismatched.get(uuid, {})
        if differing:
            self._mismatched[uuid] = differing
        else:
            self._mismatched.pop(uuid, None)
        if before != differing:
            self._on_pending_restart(uuid)

    def mismatched(self, uuid: str) -> Mapping[str, NicSnapshot | None]:
        """Running NICs that differ from the saved definition without a saved change of
        kvmdesk's waiting for a restart: MAC → the NIC as saved (None: not saved)."""
        return dict(self._mismatched.get(uuid, {}))

    async def differences(self, uuid: str) -> dict[str, NicSnapshot | None]:
        """The domain's running NICs that differ from its saved ones, asked of libvirt now."""
        return await self._session.run(reconcile.differences, self._session.handle(uuid))

    async def make_permanent(self, uuid: str, mac: str) -> None:
        """Save the running NIC ``mac`` as it is into the VM's definition."""
        await self._settle(uuid, mac, reconcile.make_permanent, "saving NIC")

    async def revert(self, uuid: str, mac: str) -> None:
        """Put the saved NIC ``mac`` back on the running VM."""
        await self._settle(uuid, mac, reconcile.revert_live, "reverting NIC")

    async def _settle(
        self, uuid: str, mac: str, step: Callable[[Any, str], None], what: str
    ) -> None:
        try:
            await self._session.run(step, self._session.handle(uuid), mac)
        finally:
            if self._session.connected:
                try:
                    await self.reconcile([uuid])
                except KvmdeskError as error:
                    log.warning("%s: %s %s: %s", self._session.label, what, mac, error)
        own = self._pending_restart.get(uuid, frozenset())
        if mac in own:
            self._pending_restart[uuid] = own - {mac}
            self._pending_nics.get(uuid, {}).pop(mac, None)
            self._on_pending_restart(uuid)

    # ------------------------------------------------------- pending restart

    async def _note_restart(self, uuid: str, result: NicResult) -> None:
        if not result.needs_restart:
            return
        macs = {result.mac, result.previous_mac} - {""}
        self._pending_restart[uuid] = self._pending_restart.get(uuid, frozenset()) | macs
        try:
            config = {nic.mac: nic for nic in await self.config_nics(uuid)}
        except KvmdeskError:
            config = None  # the badge still shows; the pending values are unknown
        if config is not None:
            running_mac = result.previous_mac or result.mac
            pending = self._pending_nics.setdefault(uuid, {})
            pending[running_mac] = config.get(result.mac)
        self._on_pending_restart(uuid)

    def pending_changes(self, uuid: str) -> Mapping[str, NicSnapshot | None]:
        """What the domain's next start changes, by the MAC of the NIC running now.

        Each value is that NIC as the configuration has it (``None``: removed); a NIC
        added to the configuration only appears under its own MAC. Empty when
        nothing waits for a restart (or the configuration could not be read).
        Running NICs that differ from the saved ones (:meth:`mismatched`) are included.
        """
        return {**self._mismatched.get(uuid, {}), **self._pending_nics.get(uuid, {})}

    def pending_restart(self, uuid: str) -> frozenset[str]:
        """MACs of the domain's NICs whose next start differs from how they run now."""
        own = self._pending_restart.get(uuid, frozenset())
        return own | frozenset(self._mismatched.get(uuid, {}))

    def clear_pending_restart(self, uuid: str) -> None:
        """The domain started, stopped or was undefined: no change waits any more."""
        self._pending_nics.pop(uuid, None)
        had = self._mismatched.pop(uuid, None) is not None
        if self._pending_restart.pop(uuid, None) is not None or had:
            self._on_pending_restart(uuid)

    def forget(self, uuid: str) -> None:
        """The domain left the session: drop what is kept for it (no notification)."""
        self._pending_restart.pop(uuid, None)
        self._pending_nics.pop(uuid, None)
        self._mismatched.pop(uuid, None)

    # --------------------------------------------------------------- choices

    def mac_in_use(self, mac: str, *, exclude: str = "") -> list[str]:
        """Names of the loaded domains (but UUID ``exclude``) with a NIC using ``mac``."""
        return domains_using_mac(self._session.domains.values(), mac, exclude=exclude)

    async def models(self, uuid: str) -> list[str]:
        """NIC models to offer for the domain (see :data:`.choices.FALLBACK_MODELS`)."""
        return await self._session.run(choices.nic_models, self._session.handle(uuid))

    async def host_bridges(self) -> list[str]:
        """Host bridges for Bridged mode, without those of this connection's own networks."""
        own = {
            n.bridge
            for n in self._session.networks.values()
            if n.bridge and n.mode is not NetworkMode.BRIDGED
        }
        conn = self._session.connection()
        return await self._session.run(choices.host_bridges, conn, self._session.uri, own)

    async def host_devices(self) -> list[str]:
        """Physical/ethernet host interfaces for macvtap."""
        conn = self._session.connection()
        return await self._session.run(choices.host_devices, conn, self._session.uri)
