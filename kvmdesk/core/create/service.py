"""``session.create``: what the wizard and ``kvmdesk-cli create`` ask of a connection.

:meth:`VmCreation.survey` gathers what the choices and the validation need (host
capabilities, pools with their free space and volumes, the OS database, the connection's
VM names and networks) in one go; :func:`facts_for` turns that and a spec into the
validation's :class:`~kvmdesk.core.create.validation.Facts` (the OS entry, whether QEMU can
reach a local file); :meth:`VmCreation.create` validates again and runs the job.

After an install from media the VM's first run ends at the installer's reboot (see
:mod:`~kvmdesk.core.create.domain_xml`); the session tells this service when a domain
stops, and a VM still in that state is started again once, now from its disk.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kvmdesk.core.create.capabilities import HostCapabilities, probe
from kvmdesk.core.create.domain_xml import DomainXml, build_domain_xml, layout_for
from kvmdesk.core.create.job import CreationJob, CreationResult, ProgressCallback
from kvmdesk.core.create.osinfo import OsDatabase, load_database
from kvmdesk.core.create.permissions import AccessCheck, check_access
from kvmdesk.core.create.spec import LocalFileHandling, SourceKind, VmSpec
from kvmdesk.core.create.validation import Checked, Facts, check
from kvmdesk.core.create.volumes import PoolFacts, image_format, pool_facts
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.util.uri import LibvirtUri

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Survey:
    """Everything about the connection the wizard offers and checks against."""

    host: HostCapabilities
    pools: tuple[PoolFacts, ...]
    database: OsDatabase
    domain_names: frozenset[str]
    networks: Mapping[str, NetworkSnapshot] = field(default_factory=dict)
    uri: str = ""

    @property
    def local_files(self) -> bool:
        """Local paths are files QEMU opens on this machine (a local, non-test driver)."""
        return LibvirtUri.parse(self.uri).is_local_host

    @property
    def checks_qemu_access(self) -> bool:
        """The system daemon runs QEMU as another user: check it can read local files."""
        parsed = LibvirtUri.parse(self.uri)
        return parsed.is_local_host and parsed.is_system

    def default_pool(self) -> str:
        """``default`` when it runs, else the active pool with most room, else ""."""
        active = [p for p in self.pools if p.active]
        if any(p.name == "default" for p in active):
            return "default"
        return max(active, key=lambda p: p.available).name if active else ""


def access_of(spec: VmSpec, survey: Survey) -> AccessCheck | None:
    """Whether QEMU can read the spec's local file where it is (None: nothing to check)."""
    if not spec.source_path or not survey.checks_qemu_access:
        return None
    if spec.source is SourceKind.CLOUD_IMAGE:
        return None  # always copied into the pool as the VM's own disk
    path = Path(spec.source_path)
    if not path.is_file():
        return None
    return check_access(str(path))


def facts_for(spec: VmSpec, survey: Survey) -> Facts:
    """The validation's facts for ``spec`` on the surveyed connection."""
    return Facts(
        host=survey.host,
        domain_names=survey.domain_names,
        networks=survey.networks,
        pools={p.name: p.available for p in survey.pools if p.active},
        volumes={p.name: p.volumes for p in survey.pools if p.active},
        os_entry=survey.database.get(spec.os_id) if spec.os_id else None,
        local=survey.local_files or LibvirtUri.parse(survey.uri).is_test,
        access=access_of(spec, survey)
        if spec.local_file is LocalFileHandling.USE_IN_PLACE
        else None,
    )


def preview_xml(spec: VmSpec, survey: Survey) -> DomainXml:
    """The definitions the job would write (for the Review page and ``--print-xml``)."""
    fmt = "qcow2"
    if spec.source_path and survey.local_files:
        try:
            fmt = image_format(Path(spec.source_path))[0]
        except OSError:
            pass
    entry = survey.database.get(spec.os_id) if spec.os_id else None
    return build_domain_xml(spec, survey.host, entry, layout_for(spec), image_format=fmt)


class VmCreation:
    """Creating VMs on one connection (``session.create``)."""

    def __init__(self, context: SessionContext) -> None:
        self._context = context
        self._installing: set[str] = set()
        self._restarts: set[asyncio.Task[None]] = set()

    async def survey(self) -> Survey:
        context = self._context
        conn = context.connection()
        host, pools, database = await asyncio.gather(
            context.run(probe, conn, context.uri),
            context.run(pool_facts, conn),
            context.run(load_database),
        )
        return Survey(
            host=host,
            pools=tuple(pools),
            database=database,
            domain_names=frozenset(d.name for d in context.domains.values()),
            networks=dict(context.networks),
            uri=context.uri,
        )

    def check(self, spec: VmSpec, survey: Survey) -> Checked:
        return check(spec, facts_for(spec, survey))

    async def create(
        self, spec: VmSpec, survey: Survey, progress: ProgressCallback | None = None
    ) -> CreationResult:
        """Validate (:class:`BadInput` for the first error), then create; see the job."""
        self.check(spec, survey).raise_first_error()
        entry = survey.database.get(spec.os_id) if spec.os_id else None
        job = CreationJob(self._context, spec, survey.host, entry, progress)
        result = await job.run()
        if result.installing:
            self._installing.add(result.uuid)
        return result

    def installing(self, uuid: str) -> bool:
        """Whether the VM is in its first, install-media run."""
        return uuid in self._installing

    def stopped(self, uuid: str, detail: str) -> None:
        """The session saw a domain stop: an installer's reboot starts it from its disk."""
        if uuid not in self._installing:
            return
        self._installing.discard(uuid)
        if detail != "shutdown":
            return  # forced off or crashed: the user decides what happens next
        task = self._context.loop.create_task(self._restart(uuid))
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)

    async def _restart(self, uuid: str) -> None:
        try:
            handle = self._context.handle(uuid)
            await self._context.run(handle.create)
        except KvmdeskError as error:
            log.warning("could not start the installed VM %s again: %s", uuid, error)

    def forget(self, uuid: str) -> None:
        self._installing.discard(uuid)
