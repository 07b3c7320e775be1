"""The translations in resources/translations: up to date with the sources, finished, and
with the same placeholders and shortcuts as the English they translate.

After a change of strings: ``packaging/translations.py update``, then translate what the
first failure below lists (each string with its context and where it is used).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.helpers.paths import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import translations

TS_FILES = translations.ts_files()
PLACEHOLDER = re.compile(r"%(?:\d{1,2}|n|L\d|Ln)")
# An accelerator: "&File" (not "&&", not an entity such as "&amp;" in rich text).
ACCELERATOR = re.compile(r"&(?!&)(?![a-zA-Z]+;)(?=\w)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translations: tuple[str, ...]
    unfinished: bool
    numerus: bool
    where: str


def _relative(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def messages(ts: Path) -> list[Message]:
    found = []
    for context in etree.parse(str(ts)).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.iter("numerusform")]
            locations = [
                f"{_relative(ts.parent / (loc.get('filename') or ''))}:{loc.get('line')}"
                for loc in message.iter("location")
            ]
            found.append(
                Message(
                    name,
                    message.findtext("source") or "",
                    message.findtext("comment") or "",
                    tuple(forms) if forms else (translation.text or "",),
                    translation.get("type") in {"unfinished", "vanished", "obsolete"},
                    message.get("numerus") == "yes",
                    ", ".join(locations),
                )
            )
    return found


@pytest.fixture(scope="module")
def located(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[Message]]:
    """Each committed .ts merged with the sources again, with where each string is used."""
    folder = tmp_path_factory.mktemp("located")
    result = {}
    for ts in TS_FILES:
        copy = folder / ts.name
        shutil.copyfile(ts, copy)
        translations.lupdate(copy, locations="absolute")
        result[ts] = messages(copy)
    return result


def test_there_is_a_simplified_chinese_translation() -> None:
    assert [translations.language_of(ts) for ts in TS_FILES] == ["zh_CN"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_the_translation_is_up_to_date_with_the_sources(ts: Path, tmp_path: Path) -> None:
    copy = tmp_path / ts.name
    shutil.copyfile(ts, copy)
    translations.lupdate(copy)
    if copy.read_bytes() != ts.read_bytes():
        before = {(m.context, m.source, m.comment) for m in messages(ts)}
        after = {(m.context, m.source, m.comment) for m in messages(copy)}
        added = sorted(after - before)[:20]
        removed = sorted(before - after)[:20]
        pytest.fail(
            f"{ts.name} is stale: run packaging/translations.py update\n"
            f"new in the sources: {added}\ngone from the sources: {removed}"
        )


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_string_is_translated(ts: Path, located: dict[Path, list[Message]]) -> None:
    missing = [
        f"[{m.context}] {m.source!r} ({m.where or 'no longer in the sources'})"
        for m in located[ts]
        if m.unfinished or not all(form.strip() for form in m.translations)
    ]
    assert not missing, (
        f"{len(missing)} strings of {ts.name} are not translated (after "
        "packaging/translations.py update, translate them in the .ts):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_translations_keep_the_placeholders_and_shortcuts(ts: Path) -> None:
    problems = []
    for m in messages(ts):
        wanted = sorted(PLACEHOLDER.findall(m.source))
        for form in m.translations:
            if not form:
                continue
            have = sorted(PLACEHOLDER.findall(form))
            if have != wanted and not (m.numerus and sorted(set(have)) == sorted(set(wanted))):
                problems.append(f"[{m.context}] {m.source!r}: {wanted} but {form!r} has {have}")
            if bool(ACCELERATOR.search(m.source)) != bool(ACCELERATOR.search(form)):
                problems.append(f"[{m.context}] {m.source!r}: the & shortcut differs in {form!r}")
        if m.numerus and "%n" not in m.source:
            problems.append(f"[{m.context}] {m.source!r} is plural but has no %n")
    assert not problems, "\n".join(problems)


def test_plural_strings_have_one_form_in_chinese() -> None:
    for ts in TS_FILES:
        if translations.language_of(ts) != "zh_CN":
            continue
        for m in messages(ts):
            if m.numerus:
                assert len(m.translations) == 1, (m.context, m.source)


def test_the_catalogs_compile_and_are_not_committed(tmp_path: Path) -> None:
    written = translations.release(tmp_path)
    assert [qm.name for qm in written] == [ts.with_suffix(".qm").name for ts in TS_FILES]
    assert all(qm.stat().st_size > 1000 for qm in written)
    tracked = subprocess.run(
        ["git", "ls-files", "*.qm"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == [], "the .qm files are built, not committed"


@pytest.mark.parametrize(
    ("source", "shortcut"),
    [("&File", True), ("Save && quit", False), ("a &amp; b", False), ("文件(&F)", True)],
)
def test_the_shortcut_check_knows_an_accelerator(source: str, shortcut: bool) -> None:
    assert bool(ACCELERATOR.search(source)) is shortcut
