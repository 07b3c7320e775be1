"""Settings edits on every usable corpus domain: only the edited elements change.

A corpus file is used when libvirt itself accepts it before any edit of ours: it
validates against ``domain.rng`` and the test driver's ``defineXML`` takes it (its
``type`` set to ``test``). Every other file is skipped with the reason counted and
printed (``pytest -s``).

For each section an edit is made on every used file, and the result must (a)
validate against ``domain.rng``, (b) be the same document under canonical XML once
the section's own elements are taken out of both, and (c) survive the test
driver's ``defineXML`` + ``XMLDesc(INACTIVE)`` with the edited values intact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings import read
from kvmdesk.core.settings import xml as edit
from kvmdesk.core.settings.merge import changed_fields
from kvmdesk.core.settings.validate import disk_problems
from kvmdesk.core.settings.values import CpuMode
from kvmdesk.core.util.xml_layout import parse, serialise
from tests.helpers.corpus import require_corpus
from tests.helpers.settings_domain import TOUCHED, canonical_without, schema

_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)


@dataclass
class Selection:
    used: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def _as_test_domain(xml: str) -> str:
    root = etree.fromstring(xml.encode(), _PARSER)
    root.set("type", "test")
    return etree.tostring(root, encoding="unicode")


@cache
def _selection(corpus: Path, uri: str) -> Selection:
    ensure_event_loop()
    conn = libvirt.open(uri)
    chosen = Selection()
    try:
        for path in sorted((corpus / "domain").glob("*.xml")):
            text = path.read_text(encoding="utf-8")
            if not schema().validate(etree.fromstring(text.encode(), _PARSER)):
                chosen.skipped["rejected by domain.rng"] += 1
                continue
            try:
                conn.defineXML(_as_test_domain(text)).undefine()
            except libvirt.libvirtError as error:
                chosen.skipped[f"rejected by the test driver: {error}"[:90]] += 1
                continue
            chosen.used.append((path.name, text))
    finally:
        conn.close()
    return chosen


@pytest.fixture(scope="module")
def node_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty test-driver node: no default domain whose name or UUID corpus files reuse."""
    path = tmp_path_factory.mktemp("settings-corpus") / "node.xml"
    path.write_text("<node/>", encoding="utf-8")
    return f"test://{path}"


@pytest.fixture(scope="module")
def selection(node_uri: str) -> Selection:
    chosen = _selection(require_corpus(), node_uri)
    print(f"\nsettings corpus: {len(chosen.used)} used, {chosen.skipped.total()} skipped")
    for reason, count in chosen.skipped.most_common(8):
        print(f"  skipped {count}: {reason}")
    return chosen


@pytest.fixture
def connection(node_uri: str) -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    conn = libvirt.open(node_uri)
    try:
        yield conn
    finally:
        conn.close()


# Each section: (read, write, the edit to make or None when it does not apply to the file).
def _cpus_edit(value: Any) -> Any:
    mode = (
        CpuMode.HOST_MODEL if value.mode is CpuMode.HOST_PASSTHROUGH else CpuMode.HOST_PASSTHROUGH
    )
    current = 1 if value.current != 1 else value.maximum
    return replace(value, mode=mode, current=current)


def _memory_edit(value: Any) -> Any:
    return replace(value, current_kib=max(1024, value.maximum_kib // 2), shared=not value.shared)


def _overview_edit(value: Any) -> Any:
    return replace(value, title="Corpus title", description=value.description + " (edited)")


def _boot_edit(value: Any) -> Any | None:
    if not value.devices:
        return None
    keys = [device.key for device in value.devices]
    order = tuple(reversed(keys))[:2]
    return replace(value, order=order, menu=not value.menu)


SECTIONS: dict[str, tuple[Callable[[Any], Any], Callable[..., None], Callable[[Any], Any]]] = {
    "cpus": (read.read_cpus, edit.set_cpus, _cpus_edit),
    "memory": (read.read_memory, edit.set_memory, _memory_edit),
    "overview": (read.read_overview, edit.set_overview, _overview_edit),
    "boot": (read.read_boot, edit.set_boot, _boot_edit),
}


def _applies(section: str, root: etree._Element) -> str | None:
    """Why the section's edit does not apply to this domain (None: it does)."""
    os_type = (root.findtext("os/type") or "").strip()
    if section == "boot" and os_type != "hvm":
        return "boot order is for hvm guests"
    if section == "boot" and root.find("os/kernel") is not None:
        return None
    if section == "memory" and root.find("cpu/numa/cell") is not None:
        return None  # current memory and sharing still apply
    if section == "cpus" and root.find("cpu/numa/cell") is not None:
        return "NUMA cells name the vCPUs"
    return None


@pytest.mark.parametrize("section", list(SECTIONS))
def test_section_edit_on_every_corpus_domain(
    section: str, selection: Selection, connection: libvirt.virConnect
) -> None:
    reader, writer, make = SECTIONS[section]
    failures: list[str] = []
    edited_count = 0
    for name, original in selection.used:
        root = parse(original)
        if _applies(section, root) is not None:
            continue
        base = reader(root)
        value = make(base)
        if value is None:
            continue
        fields = changed_fields(base, value)
        writer(root, value, fields)
        edited = serialise(root)
        edited_count += 1
        if not schema().validate(etree.fromstring(edited.encode(), _PARSER)):
            failures.append(f"{name}: (a) {schema().error_log.last_error}")
            continue
        if canonical_without(edited, TOUCHED[section]) != canonical_without(
            original, TOUCHED[section]
        ):
            failures.append(f"{name}: (b) something outside the {section} elements changed")
        try:
            domain = connection.defineXML(_as_test_domain(edited))
        except libvirt.libvirtError as error:
            failures.append(f"{name}: (c) rejected: {error}")
            continue
        try:
            stored = reader(parse(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)))
        finally:
            domain.undefine()
        for name_ in fields:
            if section == "boot" and name_ == "order":
                continue  # checked below: libvirt renumbers, the order stays
            if getattr(stored, name_) != getattr(value, name_):
                failures.append(
                    f"{name}: (c) {name_} stored as {getattr(stored, name_)!r}, "
                    f"not {getattr(value, name_)!r}"
                )
        if section == "boot" and "order" in fields and stored.order != value.order:
            failures.append(f"{name}: (c) boot order stored as {stored.order}, not {value.order}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:20])
    assert edited_count >= 300
    print(f"\n{section}: {edited_count} corpus domains edited")


def test_disk_cache_and_read_only_on_every_corpus_disk(
    selection: Selection, connection: libvirt.virConnect
) -> None:
    failures: list[str] = []
    edited_count = refused = 0
    for name, original in selection.used:
        root = parse(original)
        disks = [d for d in read.read_disks(root) if d.target and d.device == "disk"]
        if not disks:
            continue
        base = disks[0]
        value = replace(
            base,
            cache="none" if base.cache != "none" else "writeback",
            read_only=not base.read_only,
        )
        if disk_problems(value):
            refused += 1  # validation says no before libvirt would (a vhost-user disk's cache)
            continue
        fields = changed_fields(base, value)
        device_edit.set_disk(root, base.target, value, fields)
        edited = serialise(root)
        edited_count += 1
        if not schema().validate(etree.fromstring(edited.encode(), _PARSER)):
            failures.append(f"{name}: (a) {schema().error_log.last_error}")
            continue
        index = [disk.target for disk in read.read_disks(original)].index(base.target) + 1
        path = [f"devices/disk[{index}]"]
        if canonical_without(edited, path) != canonical_without(original, path):
            failures.append(f"{name}: (b) something outside disk {base.target} changed")
        try:
            domain = connection.defineXML(_as_test_domain(edited))
        except libvirt.libvirtError as error:
            failures.append(f"{name}: (c) rejected: {error}")
            continue
        try:
            stored = {
                d.target: d
                for d in read.read_disks(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
            }
        finally:
            domain.undefine()
        got = stored.get(base.target)
        if got is None or (got.cache, got.read_only) != (value.cache, value.read_only):
            failures.append(f"{name}: (c) stored {got}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:20])
    assert edited_count >= 300
    print(f"\ndisks: {edited_count} corpus disks edited, {refused} refused by validation")
