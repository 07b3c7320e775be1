"""Every user-visible string reaches pyside6-lupdate, whole (see tests/helpers/translatable.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.paths import ROOT
from tests.helpers.translatable import findings

# Wrappers over strings that are marked with QT_TRANSLATE_NOOP where they are written.
ALLOWED_WRAPPERS = {
    # core/storage/labels.py marks each word with QT_TRANSLATE_NOOP("StorageLabels", …)
    ("kvmdesk/models/storage_model.py", "storage_label() passes its parameter 'text'"),
    ("kvmdesk/cli/storage_output.py", "storage_word() passes its parameter 'text'"),
    # the GUI's translator for core.types.translation.translate (core marks its own strings)
    ("kvmdesk/app.py", "qt_translate() passes its parameter 'text'"),
}


def _modules() -> list[Path]:
    return sorted(p for p in (ROOT / "kvmdesk").rglob("*.py") if "__pycache__" not in p.parts)


def test_every_translated_string_is_a_literal_lupdate_reads_whole() -> None:
    problems = []
    for path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        for finding in findings(path.read_text(encoding="utf-8")):
            if any(relative == f and finding.problem.startswith(p) for f, p in ALLOWED_WRAPPERS):
                continue
            problems.append(f"{relative} {finding}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        'x = self.tr("Name:") + " " + name',
        'x = "VM " + QCoreApplication.translate("A", "stopped")',
        "x = f'{self.tr(\"Disk\")} {n}'",
        'x = self.tr("%s disks") % n',
        'x = self.tr("{} disks").format(n)',
        'x = widget.tr("Create")',
        'def f(tr):\n    return tr("Create")',
        'def _tr(text):\n    return QCoreApplication.translate("A", text)',
        "for t in TEXTS:\n    self.tr(t)",
    ],
)
def test_the_check_sees_strings_lupdate_would_miss_or_a_translator_could_not_reorder(
    source: str,
) -> None:
    assert list(findings(source)), source


@pytest.mark.parametrize(
    "source",
    [
        'x = self.tr("%1 of %2").replace("%1", a).replace("%2", b)',
        'x = QCoreApplication.translate("A", "Name")',
        "x = QCoreApplication.translate(CONTEXT, LABELS[state])",
        'x = QT_TRANSLATE_NOOP("A", "Name")',
        "x = value.translate(TABLE)",
        "x = data.translate(None, DELETE)",
        'x = self.tr("%n disk(s)", "", n)',
    ],
)
def test_the_check_lets_whole_strings_through(source: str) -> None:
    assert not list(findings(source)), source
