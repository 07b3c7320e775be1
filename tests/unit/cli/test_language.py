"""``kvmdesk-cli`` in Simplified Chinese: --lang or the locale; JSON stays as it is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kvmdesk.cli.output import display_width, format_table
from kvmdesk.core.i18n import catalog
from kvmdesk.core.i18n.language import TRANSLATIONS_ENV
from tests.helpers.catalogs import compile_catalogs
from tests.helpers.cli import Cli, assert_one_error_line


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogs(tmp_path_factory.mktemp("qm"))


@pytest.fixture
def chinese_ready(catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(TRANSLATIONS_ENV, str(catalogs))
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    yield
    catalog.uninstall()


def test_lang_zh_cn_lists_in_chinese_with_aligned_columns(chinese_ready: None, cli: Cli) -> None:
    code, out, err = cli("--demo", "--lang", "zh_CN", "list")
    assert (code, err) == (0, "")
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["名称", "UUID", "状态"]
    assert any("运行中" in row for row in rows)
    assert any("已关机" in row for row in rows)
    assert any("NAT · nat-lan" in row for row in rows)
    assert any(" MiB" in row or " GiB" in row for row in rows)
    # The UUID column starts at the same terminal column on every line (CJK is two wide).
    starts = {display_width(line[: line.index(u)]) for line in rows for u in line.split()[1:2]}
    assert starts == {display_width(header[: header.index("UUID")])}


def test_the_locale_picks_chinese_and_json_stays_untranslated(
    chinese_ready: None, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, _ = cli("--demo", "net", "list")
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["名称", "模式"]
    code, out, _ = cli("--demo", "list", "--json")
    assert code == 0
    states = {domain["state"] for domain in json.loads(out)}
    assert "running" in states and all(s.isascii() for s in states)
    code, out, _ = cli("--demo", "--lang", "en", "list")
    assert out.split()[0] == "NAME"


def test_the_connectivity_matrix_in_chinese(chinese_ready: None, cli: Cli) -> None:
    code, out, _ = cli("--lang", "zh_CN", "modes")
    assert code == 0
    assert "虚拟机 -> 主机" in out
    assert "出站流量伪装成主机的地址（地址伪装）。" in out
    assert "方向" in out


def test_an_unknown_lang_is_bad_input(chinese_ready: None, cli: Cli) -> None:
    code, out, err = cli("--demo", "--lang", "xx", "list")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "no translation for language 'xx'", "zh_CN")


def test_tables_pad_by_terminal_columns() -> None:
    table = format_table(["名称", "X"], [["虚拟机", "1"], ["ab", "2"]], right=set())
    assert [display_width(line.rstrip()) for line in table.splitlines()] == [9, 9, 9]


def test_core_errors_speak_chinese_too(chinese_ready: None, cli: Cli) -> None:
    code, out, err = cli("--demo", "--lang", "zh_CN", "start", "no-such-vm")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "上没有名为 'no-such-vm' 的虚拟机")
    code, _, err = cli("--demo", "start", "no-such-vm")
    assert code == 2
    assert_one_error_line(err, "no domain named 'no-such-vm'")
