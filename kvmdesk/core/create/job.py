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
        """Create the VM; on failure undo everything and raise, naming the failed step."""
        try:
            return await self._run_steps()
        except (KvmdeskError, libvirt.libvirtError) as error:
            removed = await self._rollback()
            if isinstance(error, KvmdeskError):
                detail, kind = str(error), type(error)
            else:
                detail, kind = str(error.get_error_message() or error), LibvirtFailure
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
