"""Plan a change of one section (Overview, CPUs, Memory, Boot) of a domain; blocking.

``plan_section(domain, section, base, edited, live=, config=)`` reads the domain's
definitions *now*, validates ``edited``, merges the user's change (``base`` →
``edited``) into the current value (a :class:`~.merge.SettingsConflict` when another
client changed the same field), and works out the steps: live calls for what
libvirt changes on a running guest (vCPU count, balloon target, title and
description), ``defineXML`` of the edited persistent definition, then autostart
and rename. :func:`kvmdesk.core.settings.plan.execute` carries them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.settings import read, validate
from kvmdesk.core.settings import xml as edit
from kvmdesk.core.settings.merge import merge
from kvmdesk.core.settings.plan import (
    AFFECT_LIVE,
    Definitions,
    Plan,
    Step,
    definitions,
    joined,
    refuse_waiting,
    targets,
)
from kvmdesk.core.settings.values import Overview, Section
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import parse, serialise

SECTION_NAMES = {
    Section.OVERVIEW: "Overview",
    Section.CPUS: "CPUs",
    Section.MEMORY: "Memory",
    Section.BOOT: "Boot",
}

_READERS: dict[Section, Callable[[etree._Element], Any]] = {
    Section.CPUS: read.read_cpus,
    Section.MEMORY: read.read_memory,
    Section.BOOT: read.read_boot,
}
_WRITERS: dict[Section, Callable[[etree._Element, Any, Any], None]] = {
    Section.OVERVIEW: edit.set_overview,
    Section.CPUS: edit.set_cpus,
    Section.MEMORY: edit.set_memory,
    Section.BOOT: edit.set_boot,
}


def read_section(domain: Any, section: Section, xml: str) -> Any:
    """The section's value from ``xml`` (Overview also asks libvirt for autostart)."""
    if section is Section.OVERVIEW:
        autostart = bool(domain.autostart()) if domain.isPersistent() else False
        return read.read_overview(xml, autostart=autostart)
    return _READERS[section](parse(xml))


def _problems(section: Section, value: Any, base: Any, defs: Definitions) -> list[Any]:
    if section is Section.OVERVIEW:
        return validate.overview_problems(value, base, running=defs.running)
    if section is Section.CPUS:
        return validate.cpu_problems(value)
    if section is Section.MEMORY:
        return validate.memory_problems(value)
    return validate.boot_problems(value)


def edited_xml(section: Section, xml: str, value: Any, fields: tuple[str, ...]) -> str:
    """``xml`` with ``fields`` of ``value`` written in place."""
    root = parse(xml)
    _WRITERS[section](root, value, fields)
    return serialise(root)


def _live_fields(
    section: Section, value: Any, fields: tuple[str, ...], defs: Definitions
) -> tuple[str, ...]:
    """Which changed fields libvirt can change on the running guest."""
    if not defs.running:
        return ()
    running = parse(defs.live_xml)
    if section is Section.OVERVIEW:
        return tuple(f for f in fields if f in ("title", "description"))
    if (
        section is Section.CPUS
        and "current" in fields
        and value.current <= read.read_cpus(running).maximum
    ):
        return ("current",)
    if section is Section.MEMORY and "current_kib" in fields:
        balloon = running.find("devices/memballoon")
        has_balloon = balloon is not None and balloon.get("model") != "none"
        if has_balloon and value.current_kib <= read.read_memory(running).maximum_kib:
            return ("current_kib",)
    return ()


@dataclass(frozen=True, slots=True)
class Change:
    """The user's change of one section: from ``base`` (the editor's start) to ``edited``."""

    section: Section
    base: Any
    edited: Any


def plan_section(
    domain: Any,
    section: Section,
    base: Any,
    edited: Any,
    *,
    live: bool | None = None,
    config: bool | None = None,
) -> Plan:
    """Plan the user's change of ``section`` from ``base`` to ``edited`` (see the module doc)."""
    return plan_sections(domain, [Change(section, base, edited)], live=live, config=config)


def plan_sections(
    domain: Any,
    changes: Sequence[Change],
    *,
    live: bool | None = None,
    config: bool | None = None,
) -> Plan:
    """One plan for changes of several sections: all applied, or none (one definition)."""
    name = domain.name()
    defs = definitions(domain)
    names = [SECTION_NAMES[change.section] for change in changes]
    what = joined([names[0], *(n.lower() for n in names[1:])]) if names else "settings"
    problems: list[validate.Problem] = []
    merged_changes: list[tuple[Section, Any, tuple[str, ...]]] = []
    for change in changes:
        section, base, edited = change.section, change.base, change.edited
        current = read_section(domain, section, defs.reference)
        if section is Section.BOOT:
            # The devices a boot order may name are the domain's now, not the editor's.
            edited = replace(edited, devices=current.devices)
            base = replace(base, devices=current.devices)
        found = _problems(section, edited, base, defs)
        problems += found
        if found:
            continue
        label = f"{SECTION_NAMES[section]} of {name!r}"
        merged, fields = merge(base, edited, current, what=label)
        numa = parse(defs.reference).find("cpu/numa/cell") is not None
        if section is Section.MEMORY and "maximum_kib" in fields and numa:
            problems.append(
                validate.Problem(
                    "maximum_kib",
                    "Maximum memory is the sum of the VM's NUMA cells; change those instead",
                )
            )
        merged_changes.append((section, merged, fields))
    validate.check(problems)
    every = tuple(f for _section, _merged, fields in merged_changes for f in fields)
    if not every:
        return Plan(what, name, (), (), (), defs.reference)
    wanted = targets(defs, name, live, config)
    live_steps: list[Step] = []
    other_steps: list[Step] = []
    can_live_all: list[str] = []
    waiting_all: list[str] = []
    xml_fields_all: list[str] = []
    config_xml = defs.config_xml
    result_xml = defs.reference
    for section, merged, fields in merged_changes:
        xml_fields = tuple(f for f in fields if f not in ("autostart", "name"))
        can_live = _live_fields(section, merged, fields, defs) if wanted.live else ()
        waiting = tuple(f for f in xml_fields if f not in can_live) if defs.running else ()
        refuse_waiting(name, waiting, wanted, live)
        live_steps += _live_steps(domain, section, merged, can_live, defs)
        can_live_all += can_live
        waiting_all += waiting
        xml_fields_all += xml_fields
        if xml_fields:
            if wanted.config:
                config_xml = edited_xml(section, config_xml, merged, xml_fields)
            result_xml = edited_xml(section, result_xml, merged, xml_fields)
        if "autostart" in fields:
            if not defs.persistent:
                raise BadInput(f"domain {name!r} is transient; it cannot start automatically")
            other_steps.append(_autostart_step(domain, merged.autostart))
        if "name" in fields:
            other_steps.append(_rename_step(domain, merged.name, name))
            result_xml = edited_xml(Section.OVERVIEW, result_xml, merged, ("name",))
    steps = list(live_steps)
    if wanted.config and xml_fields_all:
        steps.append(_define_step(domain, config_xml, defs.config_xml, tuple(xml_fields_all)))
        result_xml = _with_name(config_xml, result_xml)
    steps += other_steps
    return Plan(
        what,
        name,
        every,
        tuple(can_live_all),
        tuple(waiting_all) if wanted.config else (),
        result_xml,
        tuple(steps),
    )


def _with_name(config_xml: str, result_xml: str) -> str:
    """The printed result: the new definition, under the new name when it is renamed."""
    new_name = (parse(result_xml).findtext("name") or "").strip()
    if (parse(config_xml).findtext("name") or "").strip() == new_name:
        return config_xml
    root = parse(config_xml)
    edit.set_overview(root, Overview(name=new_name), ("name",))
    return serialise(root)


def _live_steps(
    domain: Any, section: Section, value: Any, fields: tuple[str, ...], defs: Definitions
) -> list[Step]:
    if not fields:
        return []
    running = parse(defs.live_xml)
    if section is Section.CPUS:
        before = read.read_cpus(running).current
        return [
            Step(
                "live",
                ("current",),
                lambda: domain.setVcpusFlags(value.current, AFFECT_LIVE),
                lambda: domain.setVcpusFlags(before, AFFECT_LIVE),
            )
        ]
    if section is Section.MEMORY:
        was = read.read_memory(running).current_kib
        return [
            Step(
                "live",
                ("current_kib",),
                lambda: domain.setMemoryFlags(value.current_kib, AFFECT_LIVE),
                lambda: domain.setMemoryFlags(was, AFFECT_LIVE),
            )
        ]
    steps = []
    old = read.read_overview(running)
    kinds = {
        "title": libvirt.VIR_DOMAIN_METADATA_TITLE,
        "description": libvirt.VIR_DOMAIN_METADATA_DESCRIPTION,
    }
    for field in fields:
        kind = kinds[field]
        new_text, old_text = getattr(value, field), getattr(old, field)
        steps.append(
            Step(
                "live",
                (field,),
                _metadata(domain, kind, new_text),
                _metadata(domain, kind, old_text),
                may_wait=True,
            )
        )
    return steps


def _metadata(domain: Any, kind: int, text: str) -> Callable[[], None]:
    return lambda: domain.setMetadata(kind, text or None, None, None, AFFECT_LIVE)


def _define_step(domain: Any, xml: str, before: str, fields: tuple[str, ...]) -> Step:
    conn = domain.connect()
    return Step("config", fields, lambda: conn.defineXML(xml), lambda: conn.defineXML(before))


def _autostart_step(domain: Any, autostart: bool) -> Step:
    was = bool(domain.autostart())
    return Step(
        "other",
        ("autostart",),
        lambda: domain.setAutostart(int(autostart)),
        lambda: domain.setAutostart(int(was)),
    )


def _rename_step(domain: Any, new: str, old: str) -> Step:
    return Step("other", ("name",), lambda: domain.rename(new, 0), lambda: domain.rename(old, 0))
