"""The creation job: volumes, uploads, define, start — and on any failure, undo all of it.

Steps, each reported to the progress callback as it starts (and uploads as they go):
copy a local file into the pool (when asked), create the disk (or copy the cloud image
and grow it), write the cloud-init seed, define the install definition, start, define the
final definition (see :mod:`~kvmdesk.core.create.domain_xml`). Everything a step made is
recorded with its undo; when a later step fails, the undos run newest first and the error
says which step failed, in libvirt's words, and what was removed. The seed volume stays
with a created VM: the VM reads it at every boot.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from uuid import uuid4

import libvirt

from kvmdesk.core.create import cloudinit, volumes
from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.domain_xml import DomainXml, build_domain_xml, layout_for
from kvmdesk.core.create.osinfo import OsEntry
from kvmdesk.core.create.spec import (
    LocalFileHandling,
    SourceKind,
    VmSpec,
    copied_volume_name,
    disk_volume_name,
    seed_volume_name,
)
from kvmdesk.core.storage.progress import loop_progress
from kvmdesk.core.storage.transfer import Progress
from kvmdesk.core.types.context import SessionContext
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure
from kvmdesk.core.types.partial import PartialChange, Recovery, is_connection_lost

log = logging.getLogger(__name__)


class Step(StrEnum):
    COPY = "copy"
    DISK = "disk"
    SEED = "seed"
    DEFINE = "define"
    START = "start"
    FINAL = "final"
    DONE = "done"


STEP_TEXT = {
    Step.COPY: "Copying the file into the pool",
    Step.DISK: "Creating the disk",
    Step.SEED: "Writing the cloud-init seed",
    Step.DEFINE: "Defining the VM",
    Step.START: "Starting the VM",
    Step.FINAL: "Taking the install media out of the boot order",
    Step.DONE: "Done",
}

# (step, fraction of that step done or None, text)
ProgressCallback = Callable[[Step, float | None, str], None]


@dataclass(slots=True)
class CreationResult:
    name: str
    uuid: str
    started: bool
    xml: DomainXml
    kept_volumes: tuple[str, ...] = ()  # "POOL/VOLUME" made for the VM (disk, seed, copy)
    installing: bool = False  # install media first: the final definition waits for reboot


@dataclass(slots=True)
class _Undo:
    what: str
    run: Callable[[], None]


@dataclass(slots=True)
class CreationJob:
    """One creation; :meth:`run` it once. ``cancel`` stops an upload between chunks."""

    context: SessionContext
    spec: VmSpec
    host: HostCapabilities
    entry: OsEntry | None
    progress: ProgressCallback | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    step: Step = Step.COPY
    _undo: list[_Undo] = field(default_factory=list)
    _volumes: list[str] = field(default_factory=list)
    _xml: DomainXml | None = None

    def _report(self, step: Step, fraction: float | None = None) -> None:
        if self.progress is not None:
            self.progress(step, fraction, STEP_TEXT[step])

    def _upload_progress(self, step: Step) -> Progress:
        """A progress callback for the pool's thread, reporting on the loop (throttled)."""
        return loop_progress(self.context.loop, lambda value: self._report(step, value.fraction))

    def _made_volume(self, pool: str, name: str) -> None:
        conn = self.context.connection()
        self._volumes.append(f"{pool}/{name}")
        self._undo.append(
            _Undo(f"volume {pool}/{name}", lambda: volumes.delete_volume(conn, pool, name))
        )

    async def run(self) -> CreationResult:
        """Create the VM; on failure undo everything and raise, naming the failed step.

        When the connection is lost, what was made cannot be removed over it: the error
        is a :class:`PartialChange` saying what is left, whose recovery removes it (or
        finishes the VM once it is defined) after the reconnect.
        """
        try:
            return await self._run_steps()
        except (KvmdeskError, libvirt.libvirtError) as error:
            made = [undo.what for undo in self._undo if not undo.what.startswith("running")]
            removed = await self._rollback()
            if isinstance(error, KvmdeskError):
                detail, kind = str(error), type(error)
            else:
                detail, kind = str(error.get_error_message() or error), LibvirtFailure
            left = [what for what in made if what not in removed]
            if left and is_connection_lost(error, self.context.connected):
                raise self._interrupted(detail, left) from error
            tail = f"; removed again: {', '.join(removed)}" if removed else ""
            raise kind(f"{STEP_TEXT[self.step].lower()} failed: {detail}{tail}") from error
        except BaseException:
            await self._rollback()  # cancelled: nothing stays behind either
            raise

    def _enter(self, step: Step) -> None:
        self.step = step
        self._report(step, 0.0 if step in (Step.COPY, Step.DISK) else None)

    async def _run_steps(self) -> CreationResult:
        spec, context = self.spec, self.context
        conn = context.connection()
        copied = ""
        if spec.source_path and spec.local_file is LocalFileHandling.COPY_TO_POOL:
            self._enter(Step.COPY)
            copied = copied_volume_name(spec)
            await context.run(
                lambda: volumes.upload_file(
                    conn,
                    spec.pool,
                    copied,
                    Path(spec.source_path),
                    progress=self._upload_progress(Step.COPY),
                    cancel=self.cancel,
                )
            )
            self._made_volume(spec.pool, copied)

        disk_format = "qcow2"
        self._enter(Step.DISK)
        disk_name = disk_volume_name(spec.name)
        if spec.source is SourceKind.CLOUD_IMAGE:
            source = Path(spec.source_path)
            disk_format = await context.run(
                lambda: volumes.upload_file(
                    conn,
                    spec.pool,
                    disk_name,
                    source,
                    progress=self._upload_progress(Step.DISK),
                    cancel=self.cancel,
                )
            )
            self._made_volume(spec.pool, disk_name)
            await context.run(volumes.grow_volume, conn, spec.pool, disk_name, spec.disk_size)
        elif spec.new_disk:
            await context.run(
                volumes.create_volume, conn, spec.pool, disk_name, spec.disk_size, "qcow2"
            )
            self._made_volume(spec.pool, disk_name)
        elif spec.source is SourceKind.IMPORT:
            disk_format = await self._import_format(conn, copied)

        if spec.source is SourceKind.CLOUD_IMAGE and spec.cloud_init is not None:
            self._enter(Step.SEED)
            seed = cloudinit.seed_for(spec.cloud_init, spec.name)
            seed_name = seed_volume_name(spec.name)
            await context.run(volumes.upload_bytes, conn, spec.pool, seed_name, seed)
            self._made_volume(spec.pool, seed_name)

        layout = layout_for(spec, copied)
        if spec.source is not SourceKind.IMPORT and layout.disk is not None:
            layout = replace(layout, disk=replace(layout.disk, format=disk_format))
        xml = build_domain_xml(
            spec, self.host, self.entry, layout, image_format=disk_format, uuid=str(uuid4())
        )

        self._enter(Step.DEFINE)
        self._xml = xml
        domain = await context.run(conn.defineXML, xml.install)
        self._undo.append(_Undo(f"VM {spec.name}", lambda: _undefine(domain)))
        uuid = await context.run(domain.UUIDString)
        started = False
        if spec.start:
            self._enter(Step.START)
            await context.run(domain.create)
            started = True
            self._undo.append(_Undo(f"running VM {spec.name}", lambda: _destroy(domain)))
        if xml.differs and started:
            # Not started: the install definition stays until the first (install) run.
            self._enter(Step.FINAL)
            await context.run(conn.defineXML, xml.final)
        self._report(Step.DONE, 1.0)
        return CreationResult(
            name=spec.name,
            uuid=uuid,
            started=started,
            xml=xml,
            kept_volumes=tuple(self._volumes),
            installing=started and xml.differs,
        )

    def _interrupted(self, detail: str, left: list[str]) -> PartialChange:
        """The creation stopped at :attr:`step` with the connection gone; ``left`` stays."""
        spec, context = self.spec, self.context
        volumes_made = list(self._volumes)
        defined = f"VM {spec.name}" in left
        order = [Step.COPY, Step.DISK, Step.SEED, Step.DEFINE, Step.START, Step.FINAL]
        remaining = [STEP_TEXT[s].lower() for s in order[order.index(self.step) :]]
        if not spec.start:
            remaining = [
                r
                for r in remaining
                if r not in (STEP_TEXT[Step.START].lower(), STEP_TEXT[Step.FINAL].lower())
            ]
        xml = self._xml

        async def undo() -> None:
            conn = context.connection()
            await context.run(_remove_by_name, conn, spec.name, volumes_made)

        async def finish() -> None:
            conn = context.connection()
            await context.run(_finish_by_name, conn, spec.name, spec.start, xml)

        can_finish = defined and xml is not None
        return context.remember_partial(
            PartialChange(
                f"creating VM {spec.name}",
                tuple(left),
                tuple(remaining),
                detail,
                "Once reconnected kvmdesk offers to remove what was made"
                + (" or to finish the VM." if can_finish else "."),
                uncertain=(STEP_TEXT[self.step].lower(),),
                lost=True,
                recovery=Recovery(
                    finish if can_finish else None,
                    undo,
                    finish_text=f"Finish creating VM {spec.name}",
                    undo_text="Remove " + ", ".join(left),
                ),
            )
        )

    async def _import_format(self, conn: Any, copied: str) -> str:
        spec = self.spec
        if spec.source_path and not copied:
            return (await self.context.run(volumes.image_format, Path(spec.source_path)))[0]
        pool, _, volume = (f"{spec.pool}/{copied}" if copied else spec.source_volume).partition("/")
        return await self.context.run(_volume_format, conn, pool, volume)

    async def _rollback(self) -> list[str]:
        removed = []
        for undo in reversed(self._undo):
            try:
                await self.context.run(undo.run)
                if not undo.what.startswith("running"):
                    removed.append(undo.what)
            except KvmdeskError as error:
                log.warning("could not remove %s: %s", undo.what, error)
        self._undo.clear()
        return removed


def _remove_by_name(conn: Any, name: str, made: list[str]) -> None:
    """Remove, on a new connection, the VM ``name`` and the volumes an interrupted job made."""
    try:
        domain = conn.lookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
            raise
    else:
        _destroy(domain)
        if domain.isPersistent():
            _undefine(domain)
    for volume in made:
        pool, _, volume_name = volume.partition("/")
        volumes.delete_volume(conn, pool, volume_name)


def _finish_by_name(conn: Any, name: str, start: bool, xml: DomainXml | None) -> None:
    """Carry an interrupted job on, on a new connection: start, then the final definition."""
    domain = conn.lookupByName(name)
    if start and not domain.isActive():
        domain.create()
    if xml is not None and xml.differs and domain.isActive():
        conn.defineXML(xml.final)


def _volume_format(conn: Any, pool: str, volume: str) -> str:
    xml = conn.storagePoolLookupByName(pool).storageVolLookupByName(volume).XMLDesc(0)
    return "qcow2" if "type='qcow2'" in xml or 'type="qcow2"' in xml else "raw"


def _destroy(domain: Any) -> None:
    try:
        domain.destroy()
    except libvirt.libvirtError:
        if domain.isActive():
            raise


def _undefine(domain: Any) -> None:
    flags = libvirt.VIR_DOMAIN_UNDEFINE_NVRAM | libvirt.VIR_DOMAIN_UNDEFINE_TPM
    try:
        domain.undefineFlags(flags)
    except libvirt.libvirtError:
        domain.undefine()
