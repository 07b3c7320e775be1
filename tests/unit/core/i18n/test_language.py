"""Which language kvmdesk speaks: --lang, the saved choice, the locale; and the CLI's catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvmdesk.core.i18n import catalog, language, qm
from kvmdesk.core.types.errors import BadInput
from tests.helpers.catalogs import ZH_CN, compile_catalogs


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogs(tmp_path_factory.mktemp("qm"))


@pytest.mark.parametrize(
    ("locale", "normal"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh_CN.utf8@pinyin", "zh_CN"),
        ("zh-cn", "zh_CN"),
        ("de_DE", "de_DE"),
        ("C", "en"),
        ("POSIX", "en"),
        ("C.UTF-8", "en"),
        ("en", "en"),
        ("not a locale", None),
    ],
)
def test_locale_names_are_normalized(locale: str, normal: str | None) -> None:
    assert language.normalize(locale) == normal


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, ZH_CN),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, ZH_CN),
        ({"LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_SG.UTF-8"}, ZH_CN),  # Simplified Chinese too
        ({"LANG": "zh_TW.UTF-8"}, "en"),  # Traditional: no catalog, so the source language
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_picks_the_catalog(
    catalogs: Path, environ: dict[str, str], expected: str
) -> None:
    assert language.resolve(None, environ, directory=catalogs) == expected


def test_lang_overrides_the_saved_choice_which_overrides_the_locale(catalogs: Path) -> None:
    chinese = {"LANG": "zh_CN.UTF-8"}
    assert language.resolve("en", chinese, saved=ZH_CN, directory=catalogs) == "en"
    assert language.resolve(None, chinese, saved="en", directory=catalogs) == "en"
    assert language.resolve(None, {"LANG": "C"}, saved=ZH_CN, directory=catalogs) == ZH_CN
    assert language.resolve(None, chinese, saved="system", directory=catalogs) == ZH_CN


def test_a_lang_without_a_catalog_is_refused_by_name(catalogs: Path) -> None:
    languages = language.available(catalogs)
    assert languages == ["en", ZH_CN]
    assert language.parse_choice("zh_CN.UTF-8", languages) == ZH_CN
    assert language.parse_choice("en_GB", languages) == "en"
    assert language.parse_choice("System", languages) == "system"
    with pytest.raises(BadInput, match=r"no translation for language 'fr'.*en, zh_CN"):
        language.parse_choice("fr", languages)
    with pytest.raises(BadInput):
        language.parse_choice("../../etc", languages)


def test_the_choice_is_saved_and_a_broken_file_means_system(tmp_path: Path) -> None:
    path = tmp_path / "config" / "language.json"
    assert language.saved_choice(path) == "system"
    language.save_choice(ZH_CN, path)
    assert language.saved_choice(path) == ZH_CN
    path.write_text("{not json")
    assert language.saved_choice(path) == "system"
    path.unlink()
    path.mkdir()
    assert language.saved_choice(path) == "system"


def test_the_qt_free_reader_finds_translations_and_plurals(catalogs: Path) -> None:
    zh = qm.load(catalogs / "kvmdesk_zh_CN.qm")
    assert zh.language == ZH_CN
    assert len(zh.messages) > 1000
    assert zh.lookup("NetworkMode", "Bridged") == "桥接"
    assert zh.lookup("DomainState", "Shut off") == "已关机"
    assert zh.lookup("EventLogDock", "%n events", n=5) == "%n 个事件"
    assert zh.lookup("NetworkMode", "no such text") is None


def test_damaged_files_are_refused() -> None:
    with pytest.raises(qm.QmError):
        qm.parse(b"not a qm file")
    with pytest.raises(qm.QmError):
        qm.parse(qm.MAGIC + b"\x69\x00\x00\x00\x10\x03")


@pytest.mark.parametrize(
    ("n", "form"),
    [(1, 0), (21, 0), (2, 1), (4, 1), (22, 1), (5, 2), (11, 2), (12, 2), (14, 2), (0, 2)],
)
def test_plural_rules_run_as_qt_runs_them(n: int, form: int) -> None:
    # Qt's rules for Russian: n%10==1 && n%100!=11 ; n%10 in 2..4 && n%100 not in 12..14 ; other
    rules = bytes([0x11, 1, 0xFD, 0x29, 11, 0xFF, 0x14, 2, 4, 0xFD, 0x2C, 12, 14])
    assert qm.plural_form(rules, n) == form


def test_the_cli_translator_falls_back_to_the_source(catalogs: Path) -> None:
    try:
        assert catalog.install(None, {"LANG": "zh_CN.UTF-8"}, directory=catalogs) == ZH_CN
        assert catalog.translate("cli", "NAME") == "名称"
        assert catalog.translate("cli", "never marked") == "never marked"
        assert catalog.translate("EventLogDock", "%n events", n=3) == "3 个事件"
        assert catalog.install("en", {"LANG": "zh_CN.UTF-8"}, directory=catalogs) == "en"
        assert catalog.translate("cli", "NAME") == "NAME"
    finally:
        catalog.uninstall()


def test_arg_fills_placeholders_in_one_pass() -> None:
    assert catalog.arg("%1 of %2", "%2", 5) == "%2 of 5"
    assert catalog.arg("%2 · %1", "a", "b") == "b · a"
