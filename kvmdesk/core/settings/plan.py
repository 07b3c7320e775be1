"""What every settings change is made of: a plan of undoable steps, and its result.

A change is planned in memory first (definitions read, values validated and merged,
XML edited, nothing sent), then carried out step by step: live calls first, then
the persistent definition, then what is no XML (autostart, rename). When a step
fails, the steps done are undone in reverse, so the domain is left as it was, and
libvirt's message is raised. A live step marked ``may_wait`` that the driver
cannot do (libvirt says "not supported") moves its fields to "after restart"
instead, unless the user insisted on a live change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libvirt

from kvmdesk.core.settings.values import FIELD_LABELS
from kvmdesk.core.types.errors import BadInput, LibvirtFailure, one_line
from kvmdesk.core.types.errors import translate as libvirt_error
from kvmdesk.core.types.translation import arg, translate

AFFECT_LIVE = libvirt.VIR_DOMAIN_AFFECT_LIVE
AFFECT_CONFIG = libvirt.VIR_DOMAIN_AFFECT_CONFIG
INACTIVE_XML = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE
_UNSUPPORTED = frozenset({libvirt.VIR_ERR_NO_SUPPORT, libvirt.VIR_ERR_OPERATION_UNSUPPORTED})


def waits(fields: tuple[str, ...]) -> str:
    """``"maximum CPUs, sockets take effect after restart"`` (or "takes" for one)."""
    names = labels(fields)
    verb = "takes" if len(names) == 1 else "take"
    return f"{', '.join(names)} {verb} effect after restart"


def labels(fields: tuple[str, ...]) -> list[str]:
    seen: list[str] = []
    for name in fields:
        label = FIELD_LABELS.get(name, name)
        if label not in seen:
            seen.append(label)
    return seen


@dataclass(frozen=True, slots=True)
class Definitions:
    running: bool
    persistent: bool
    live_xml: str  # "" when not running
    config_xml: str  # "" when transient

    @property
    def reference(self) -> str:
        """What an editor shows: the definition the next start uses, else the running one."""
        return self.config_xml or self.live_xml


def definitions(domain: Any) -> Definitions:
    running = bool(domain.isActive())
    persistent = bool(domain.isPersistent())
    return Definitions(
        running=running,
        persistent=persistent,
        live_xml=domain.XMLDesc(0) if running else "",
        config_xml=domain.XMLDesc(INACTIVE_XML) if persistent else "",
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One call with its undo; ``fields`` say what it changes (for the result)."""

    kind: str  # "live", "config" or "other"
    fields: tuple[str, ...]
    do: Callable[[], object]
    undo: Callable[[], object] | None = None
    may_wait: bool = False  # a live step whose fields may wait for a restart instead


@dataclass(frozen=True, slots=True)
class Targets:
    live: bool
    config: bool


def targets(defs: Definitions, name: str, live: bool | None, config: bool | None) -> Targets:
    """Where to change: asked for, else live when running and the configuration when any."""
    if live and not defs.running:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is not running; there is nothing to change live"),
                repr(name),
            )
        )
    if config and not defs.persistent:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is transient; it has no persistent configuration"),
                repr(name),
            )
        )
    want_live = defs.running if live is None else live
    want_config = defs.persistent if config is None else config
    if not (want_live or want_config):
        raise BadInput(
            translate("Core", "nothing to change: neither live nor in the configuration")
        )
    return Targets(want_live, want_config)


def refuse_waiting(name: str, waiting: tuple[str, ...], wanted: Targets, live: bool | None) -> None:
    """A live-only change (asked for, or a transient domain) of fields that cannot go live."""
    if not waiting or not wanted.live:
        return
    what = ", ".join(labels(waiting))
    if live:
        raise BadInput(
            f"cannot change the {what} of the running domain {name!r}; "
            "change the configuration and restart"
        )
    if not wanted.config:
        raise BadInput(f"cannot change the {what} of the running transient domain {name!r}")


_PAST = {
    "change": "changed",
    "add": "added",
    "remove": "removed",
    "resize": "resized",
    "insert": "inserted",
    "eject": "ejected",
}


def _line(
    domain: str,
    what: str,
    action: str,
    live: tuple[str, ...],
    config: bool,
    restart: tuple[str, ...],
    note: str,
    *,
    dry_run: bool = False,
) -> str:
    """``web: CPUs changed live (current CPUs) and in the configuration; … after restart``."""
    past = _PAST.get(action, action)
    verb = f"would be {past}" if dry_run else past
    parts = []
    if live:
        fields = ", ".join(labels(live))
        parts.append(f"live ({fields})" if action == "change" else "live")
    if config:
        parts.append("in the configuration")
    line = " ".join(part for part in (f"{domain}: {what} {verb}", " and ".join(parts)) if part)
    if restart:
        line += f"; {waits(restart)}"
    if note:
        line += f" ({note})"
    return line + (" (dry run: nothing changed)" if dry_run else "")


def joined(names: list[str]) -> str:
    """``"CPUs, memory and boot"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, slots=True)
class Plan:
    """A change worked out in memory; nothing has been sent to libvirt."""

    what: str  # "CPUs", "disk vdb" …: the section or device, for messages
    domain: str
    fields: tuple[str, ...]  # what changes
    live: tuple[str, ...]  # what of it goes live
    restart: tuple[str, ...]  # what waits for the next start
    xml: str  # the resulting full domain XML (persistent if there is one)
    steps: tuple[Step, ...] = field(default=(), compare=False, repr=False)
    note: str = ""
    action: str = "change"  # change, add, remove, resize, insert, eject

    @property
    def empty(self) -> bool:
        return not self.steps

    def describe(self, *, dry_run: bool = False) -> str:
        """One line for the CLI and notifications."""
        if self.empty:
            return f"{self.domain}: {self.what}: nothing to change"
        config = any(step.kind != "live" for step in self.steps)
        return _line(
            self.domain,
            self.what,
            self.action,
            self.live,
            config,
            self.restart,
            self.note,
            dry_run=dry_run,
        )


@dataclass(frozen=True, slots=True)
class Result:
    """What was done: ``restart`` lists the fields the running guest gets at its next start."""

    what: str
    domain: str
    live: tuple[str, ...]
    config: bool
    restart: tuple[str, ...]
    note: str = ""
    action: str = "change"

    @property
    def needs_restart(self) -> bool:
        return bool(self.restart)

    def describe(self) -> str:
        if not (self.live or self.config or self.restart):
            return f"{self.domain}: {self.what}: nothing to change"
        return _line(
            self.domain, self.what, self.action, self.live, self.config, self.restart, self.note
        )


def execute(plan: Plan, *, insist_live: bool = False) -> Result:
    """Carry out ``plan``'s steps; on failure undo the done ones and raise."""
    done: list[Step] = []
    live: list[str] = []
    waiting = list(plan.restart)
    notes = [plan.note] if plan.note else []
    config = False
    try:
        for step in plan.steps:
            try:
                step.do()
            except libvirt.libvirtError as error:
                if step.may_wait and not insist_live and error.get_error_code() in _UNSUPPORTED:
                    waiting += [f for f in step.fields if f not in waiting]
                    notes.append(one_line(str(error.get_error_message() or error)))
                    continue
                raise
            done.append(step)
            if step.kind == "live":
                live += [f for f in step.fields if f not in live]
            else:  # the definition, autostart, the name: all kept across restarts
                config = True
    except libvirt.libvirtError as error:
        failure = libvirt_error(error)
        problems = []
        for step in reversed(done):
            if step.undo is None:
                continue
            try:
                step.undo()
            except libvirt.libvirtError as undo:
                problems.append(one_line(str(undo.get_error_message() or undo)))
        if problems:
            raise LibvirtFailure(
                f"{failure}; undoing the changes made so far failed too: {'; '.join(problems)}"
            ) from error
        raise failure from error
    return Result(
        what=plan.what,
        domain=plan.domain,
        live=tuple(live),
        config=config,
        restart=tuple(waiting) if (config or not live) else (),
        note="; ".join(notes),
        action=plan.action,
    )
