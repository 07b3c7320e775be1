"""Snapshots of one connection's domains: ``session.snapshots``.

Every operation reads the domain again, computes the :mod:`plan <.plan>` and refuses
with :class:`~.plan.NotPossible` (the plan's reason) what the plan withholds, before
libvirt is asked; what libvirt itself refuses arrives as a
:class:`~kvmdesk.core.types.errors.LibvirtFailure`. How this libvirt behaves is
probed once per connection (:mod:`.probe`) and kept until the connection changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

from kvmdesk.core.snapshot import ops
from kvmdesk.core.snapshot.facts import DomainFacts
from kvmdesk.core.snapshot.plan import (
    CreateKind,
    NotPossible,
    Possibility,
    SnapshotPlan,
    reason_text,
    snapshot_plan,
)
from kvmdesk.core.snapshot.probe import LibvirtBehaviour, probe_behaviour
from kvmdesk.core.snapshot.tree import SnapshotInfo, SnapshotTree
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import BadInput, KvmdeskError
from kvmdesk.core.types.partial import is_connection_lost, lost_during
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.states import DomainState
from kvmdesk.core.types.translation import arg, translate

T = TypeVar("T")

NAME_LIMIT = 100


@dataclass(frozen=True, slots=True)
class SnapshotOverview:
    """A VM's snapshot tree with what can be done now."""

    domain: DomainSnapshot
    state: DomainState
    tree: SnapshotTree
    plan: SnapshotPlan
    behaviour: LibvirtBehaviour


def validate_snapshot_name(name: str, tree: SnapshotTree) -> str:
    """The name, stripped; :class:`BadInput` with one message when it cannot be used."""
    cleaned = name.strip()
    if not cleaned:
        raise BadInput(translate("Core", "a snapshot needs a name"))
    if len(cleaned) > NAME_LIMIT:
        raise BadInput(
            arg(translate("Core", "snapshot names are at most %1 characters"), NAME_LIMIT)
        )
    if "/" in cleaned or cleaned.startswith((".", "-")):
        raise BadInput(
            arg(
                translate("Core", "snapshot name %1 must not contain '/' or start with '.' or '-'"),
                repr(cleaned),
            )
        )
    if not cleaned.isprintable():
        raise BadInput(translate("Core", "snapshot names must not contain control characters"))
    if cleaned in tree:
        raise BadInput(arg(translate("Core", "a snapshot named %1 exists already"), repr(cleaned)))
    return cleaned


def require(possibility: Possibility, what: str) -> None:
    if possibility.blocker is not None:
        raise NotPossible(f"cannot {what}: {reason_text(possibility.blocker)}")


class Snapshots:
    """Create, revert and delete snapshots of the connection's domains."""

    def __init__(self, session: SessionContext) -> None:
        self._session = session
        self._behaviour: tuple[Any, LibvirtBehaviour] | None = None
        self._probing: asyncio.Lock | None = None

    async def behaviour(self) -> LibvirtBehaviour:
        """What this libvirt does with snapshots (probed on first use per connection)."""
        conn = self._session.connection()
        if self._probing is None:
            self._probing = asyncio.Lock()
        async with self._probing:
            if self._behaviour is None or self._behaviour[0] is not conn:
                self._behaviour = (conn, await self._session.run(probe_behaviour, conn))
            return self._behaviour[1]

    def _domain(self, uuid: str) -> DomainSnapshot:
        snapshot = self._session.domains.get(uuid)
        if snapshot is None:
            raise BadInput(
                arg(translate("Core", "no domain with UUID %1 on %2"), uuid, self._session.label)
            )
        return snapshot

    async def overview(self, uuid: str) -> SnapshotOverview:
        domain = self._domain(uuid)
        behaviour = await self.behaviour()
        view = await self._session.run(ops.read_view, self._session.handle(uuid))
        plan = snapshot_plan(view.facts, view.tree, behaviour, running=view.state.is_active)
        return SnapshotOverview(domain, view.state, view.tree, plan, behaviour)

    async def facts(self, uuid: str) -> DomainFacts:
        """The domain's disks and firmware as the plan sees them (for dry runs)."""
        self._domain(uuid)
        view = await self._session.run(ops.read_view, self._session.handle(uuid))
        return view.facts

    async def create(
        self, uuid: str, name: str, kind: CreateKind | None = None, description: str = ""
    ) -> SnapshotInfo:
        """Take a snapshot (``kind`` None: the plan's default kind)."""
        overview = await self.overview(uuid)
        cleaned = validate_snapshot_name(name, overview.tree)
        chosen = kind or overview.plan.default_kind
        if chosen is None:
            require(overview.plan.create[CreateKind.INTERNAL], "take a snapshot")
            require(overview.plan.create[CreateKind.EXTERNAL_DISK_ONLY], "take a snapshot")
            raise NotPossible("cannot take a snapshot of this VM")
        require(overview.plan.create[chosen], f"take a {chosen} snapshot")
        handle = self._session.handle(uuid)
        what = f"taking snapshot {cleaned} of {overview.domain.name}"
        return await self._lost_said(
            what, self._session.run(ops.create, handle, chosen, cleaned, description.strip())
        )

    async def _lost_said(self, what: str, call: Awaitable[T]) -> T:
        """``call``'s result; a connection lost during it is said as such (outcome unknown:
        the snapshot list shows libvirt's state once reconnected)."""
        try:
            return await call
        except KvmdeskError as failure:
            if is_connection_lost(failure, self._session.connected):
                raise lost_during(what, failure) from failure
            raise

    def _existing(self, overview: SnapshotOverview, name: str) -> SnapshotInfo:
        snapshot = overview.tree.get(name)
        if snapshot is None:
            raise BadInput(
                arg(
                    translate("Core", "%1 has no snapshot named %2"),
                    overview.domain.name,
                    repr(name),
                )
            )
        return snapshot

    async def revert(self, uuid: str, name: str) -> None:
        """Return the VM to the snapshot; what happened since is lost (the caller asked)."""
        overview = await self.overview(uuid)
        self._existing(overview, name)
        require(overview.plan.for_snapshot(name).revert, f"revert to {name!r}")
        await self._lost_said(
            f"reverting {overview.domain.name} to snapshot {name}",
            self._session.run(ops.revert, self._session.handle(uuid), name),
        )

    async def delete(self, uuid: str, name: str, *, children: bool = False) -> list[str]:
        """Delete one snapshot (an external one is merged into its base), or with children.

        Returns the memory files of deleted snapshots that had to stay (in no pool).
        """
        overview = await self.overview(uuid)
        self._existing(overview, name)
        actions = overview.plan.for_snapshot(name)
        if children:
            require(actions.delete_with_children, f"delete {name!r} with its children")
        else:
            require(actions.delete, f"delete {name!r}")
        handle = self._session.handle(uuid)
        return await self._lost_said(
            f"deleting snapshot {name} of {overview.domain.name}",
            self._session.run(lambda: ops.delete(handle, name, children=children)),
        )
