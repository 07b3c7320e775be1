"""Virtual networks of one connection: ``session.vnets``.

Create, edit, start, stop and delete networks, each followed by a refresh of the
network's row (through the session, which owns the snapshots), and the values
the UI and the CLI ask for: a network's spec, its XML, the domains on it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from ipaddress import IPv4Network
from shlex import quote
from typing import Any

from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput, ConnectionLost, KvmdeskError, LibvirtFailure
from kvmdesk.core.types.partial import PartialChange, Recovery, is_connection_lost, lost_during
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.host_probe import host_networks as read_host_networks
from kvmdesk.core.util.host_probe import reads_host_networks
from kvmdesk.core.vnet import ops
from kvmdesk.core.vnet.change import merge_network_edit
from kvmdesk.core.vnet.edit import spec_from_network_xml
from kvmdesk.core.vnet.spec import NetworkSpec, host_ranges_besides, validate_network_spec

log = logging.getLogger(__name__)


class VirtualNetworks:
    """Create, edit, start, stop and delete the connection's virtual networks."""

    def __init__(self, session: SessionContext) -> None:
        self._session = session

    async def _after_change(self, name: str) -> None:
        """Refresh one row after an operation, whether it worked or not.

        The operation's own error is the one to report: a failed refresh is only logged
        (the network's lifecycle events refresh the row again anyway).
        """
        try:
            await self._session.reload_networks([name])
        except KvmdeskError as error:
            log.warning("%s: refreshing network %s failed: %s", self._session.label, name, error)

    def find(self, name: str) -> NetworkSnapshot:
        """A loaded network by name, else :class:`BadInput`."""
        snapshot = self._session.networks.get(name)
        if snapshot is None:
            raise BadInput(
                arg(translate("Core", "no network named %1 on %2"), repr(name), self._session.label)
            )
        return snapshot

    def domains_on(self, name: str) -> list[str]:
        """Names of the loaded domains with a NIC on network ``name`` (no libvirt call)."""
        return ops.domains_on_network(self._session.domains.values(), name)

    async def host_networks(self) -> list[IPv4Network]:
        """The host's address ranges and routes when this connection is to this host, else []."""
        if not reads_host_networks(self._session.uri):
            return []
        return list(await self._session.run(read_host_networks))

    async def create(
        self,
        spec: NetworkSpec,
        *,
        start: bool = True,
        host_networks: Sequence[IPv4Network] | None = None,
    ) -> NetworkSnapshot:
        """Validate, define, set autostart and start a network; nothing stays if a step fails.

        ``host_networks`` defaults to :meth:`host_networks` (the local host's ranges).
        """
        conn = self._session.connection()
        host = await self.host_networks() if host_networks is None else host_networks
        validate_network_spec(spec, list(self._session.networks.values()), host)
        try:
            await self._create_in_steps(conn, spec, start)
        finally:
            await self._after_change(spec.name)
        snapshot = self._session.networks.get(spec.name)
        if snapshot is None:
            if not self._session.connected:
                raise LibvirtFailure(
                    f"network {spec.name!r} was created; the connection was lost before it "
                    "could be read back (it is listed again once kvmdesk reconnects)"
                )
            raise LibvirtFailure(f"network {spec.name!r} was created but cannot be read back")
        return snapshot

    async def _create_in_steps(self, conn: Any, spec: NetworkSpec, start: bool) -> None:
        """Define, set autostart, start: one call each, so a connection lost between them
        is seen for what it is; a failed step takes the definition back, and when that
        fails too the error says which steps happened (:class:`PartialChange`, with a
        :class:`Recovery` the session offers once it is connected again)."""
        run = self._session.run
        await run(ops.check_absent, conn, spec.name)
        autostart = "autostart " + ("on" if spec.autostart else "off")
        planned = ["defined", autostart] + (["started"] if start else [])
        if not self._session.connected:  # lost since the check: nothing was sent
            raise ConnectionLost(
                f"the connection was lost before creating network {spec.name}: nothing was done"
            )
        try:
            network = await run(ops.define_network, conn, spec)
        except KvmdeskError as failure:
            if not is_connection_lost(failure, self._session.connected):
                raise
            # Sent, and no answer: the network may exist now.
            change = self._interrupted(spec, start, "", (), planned[:1], planned[1:], failure)
            raise change from failure
        uuid = await self._uuid_of(network)
        steps: list[tuple[str, Callable[[], object]]] = [
            (autostart, functools.partial(network.setAutostart, 1 if spec.autostart else 0))
        ]
        if start:
            steps.append(("started", network.create))
        done = ["defined"]
        sent = False  # whether the failed step reached libvirt (its outcome is unknown then)
        try:
            for step, call in steps:
                if not self._session.connected:
                    # Declared lost meanwhile: a step is never sent over a dead link.
                    raise ConnectionLost(f"not connected to {self._session.label}")
                sent = True
                await run(call)
                sent = False
                done.append(step)
        except KvmdeskError as failure:
            lost = is_connection_lost(failure, self._session.connected)
            try:
                if lost:
                    raise failure  # no use trying to take it back over a dead link
                await run(ops.undo_define, network)
            except KvmdeskError as undo_failure:
                failed = planned[len(done)]
                unknown = [failed] if lost and sent else []
                raise self._interrupted(
                    spec,
                    start,
                    uuid,
                    tuple(done),
                    unknown,
                    [step for step in planned[len(done) :] if step not in unknown],
                    failure,
                    undo_failure=None if lost else undo_failure,
                ) from failure
            raise

    async def _uuid_of(self, network: Any) -> str:
        try:
            return str(await self._session.run(network.UUIDString))
        except KvmdeskError:
            return ""  # cached in the handle normally; only the undo's guard needs it

    def _interrupted(
        self,
        spec: NetworkSpec,
        start: bool,
        uuid: str,
        done: Sequence[str],
        uncertain: Sequence[str],
        not_done: Sequence[str],
        failure: KvmdeskError,
        *,
        undo_failure: KvmdeskError | None = None,
    ) -> PartialChange:
        """The error for a create cut short, remembered by the session with its recovery."""
        name = spec.name

        async def finish() -> None:
            conn = self._session.connection()
            try:
                await self._session.run(ops.finish_create, conn, spec, start)
            finally:
                await self._after_change(name)

        async def undo() -> None:
            conn = self._session.connection()
            try:
                await self._session.run(ops.undo_create, conn, name, uuid)
            finally:
                await self._after_change(name)

        lost = undo_failure is None
        reason = (
            str(failure)
            if lost
            else (f"{failure}; taking the definition back failed too: {undo_failure}")
        )
        steps = (
            ("start it, " if start else "") + "set autostart " + ("on" if spec.autostart else "off")
        )
        if "defined" in done:
            finish_commands = (
                f"net autostart {quote(name)} {'on' if spec.autostart else 'off'}",
                *([f"net start {quote(name)}"] if start else []),
            )
        else:
            finish_commands = ()  # "net create" again, with the same options
        change = PartialChange(
            f"creating network {name}",
            tuple(done),
            tuple(not_done),
            reason,
            "Once reconnected kvmdesk offers to finish it or to undo it "
            f"(or finish it in the virtual-networks window: {steps}; or delete the network).",
            uncertain=tuple(uncertain),
            lost=lost,
            recovery=Recovery(
                finish,
                undo,
                finish_text=f"Finish creating network {name}",
                undo_text=f"Delete network {name}",
                finish_commands=finish_commands,
                undo_commands=(f"net delete {quote(name)}",),
            ),
        )
        return self._session.remember_partial(change)

    async def _operate(
        self, name: str, what: str, operation: Callable[..., None], *args: Any
    ) -> None:
        """Run ``operation(conn, name, *args)`` on a loaded network, then refresh its row.

        A connection lost during the call says so (whether it was done is unknown: the
        row shows libvirt's state once reconnected), never the refresh's own failure.
        """
        self.find(name)
        try:
            await self._session.run(operation, self._session.connection(), name, *args)
        except KvmdeskError as failure:
            if is_connection_lost(failure, self._session.connected):
                raise lost_during(f"{what} network {name}", failure) from failure
            raise
        finally:
            await self._after_change(name)

    async def start(self, name: str) -> None:
        await self._operate(name, "starting", ops.start_network)

    async def stop(self, name: str) -> None:
        await self._operate(name, "stopping", ops.stop_network)

    async def set_autostart(self, name: str, on: bool) -> None:
        """Autostart changes raise no libvirt event: the row is refreshed here."""
        await self._operate(name, "setting autostart of", ops.set_network_autostart, on)

    async def delete(self, name: str) -> None:
        """Stop (if running) and undefine; attached domains keep NICs pointing at the name."""
        await self._operate(name, "deleting", ops.delete_network)

    async def update(
        self,
        name: str,
        spec: NetworkSpec,
        *,
        host_networks: Sequence[IPv4Network] | None = None,
        base: NetworkSpec | None = None,
        resolution: Mapping[str, Side] | None = None,
    ) -> bool:
        """Apply an edit; True when the running network must restart for it to take effect.

        With ``base`` (the spec the editor started from) only the fields changed from
        ``base`` to ``spec`` are applied, onto the network's definition as it is now;
        a field changed elsewhere too raises
        :class:`~kvmdesk.core.types.conflicts.EditConflict` (nothing applied) unless
        ``resolution`` settles it.
        """
        if spec.name != name:
            raise BadInput(
                arg(
                    translate("Core", "network %1 cannot be renamed to %2"),
                    repr(name),
                    repr(spec.name),
                )
            )
        if base is not None:
            await self._session.reload_networks([name])
            spec = merge_network_edit(base, spec, await self.spec(name), resolution)
        current = self.find(name)
        host = await self.host_networks() if host_networks is None else host_networks
        others = [n for n in self._session.networks.values() if n.name != name]
        validate_network_spec(spec, others, host_ranges_besides(current, host))
        try:
            conn = self._session.connection()
            return await self._session.run(ops.update_network, conn, name, spec)
        except KvmdeskError as failure:
            if is_connection_lost(failure, self._session.connected):
                raise lost_during(f"changing network {name}", failure) from failure
            raise
        finally:
            await self._after_change(name)

    async def xml(self, name: str, *, inactive: bool = False) -> str:
        """The network's live XML, or with ``inactive`` the definition its next start uses."""
        self.find(name)
        conn = self._session.connection()
        return await self._session.run(
            functools.partial(ops.fetch_xml, conn, name, inactive=inactive)
        )

    async def live_spec(self, name: str) -> NetworkSpec | None:
        """What the running network runs now (None when it is not running or not editable).

        Compared with :meth:`spec` it shows an edit that waits for the network's restart.
        """
        snapshot = self.find(name)
        if not snapshot.active:
            return None
        try:
            return spec_from_network_xml(await self.xml(name), autostart=snapshot.autostart)
        except BadInput:
            return None

    async def spec(self, name: str) -> NetworkSpec:
        """The spec an edit starts from: the network's definition (its next start's settings).

        :class:`BadInput` when kvmdesk cannot edit the network's mode.
        """
        snapshot = self.find(name)
        definition = await self.xml(name, inactive=True)
        return spec_from_network_xml(definition, autostart=snapshot.autostart)
