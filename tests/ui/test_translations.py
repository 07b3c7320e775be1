"""kvmdesk in Simplified Chinese: the catalogs load, the text fits, and it renders in a CJK font.

Every window and dialog of the layout scenes (the main window, the NIC and bond dialogs,
virtual networks, host interfaces, confirmations …) is opened with the zh_CN catalog
installed, in every state the scenes walk (each NIC mode card, each bond mode), and
checked like the English ones (tests/helpers/layout.py: no clipped or elided label,
button, header or group title, no overlap). With ``KVMDESK_LAYOUT_SHOTS`` set their PNGs
are saved as ``zh_CN-<state>@1x.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QColor, QFontDatabase, QImage, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kvmdesk import app as kvmdesk_app
from kvmdesk.app import Application, parse_args, qt_translate
from kvmdesk.core.i18n import language, qm
from kvmdesk.core.types import translation
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.models.labels import clear_label_cache, network_mode_label
from kvmdesk.ui.common.fonts import font_for, use_font_for
from kvmdesk.ui.main.language_menu import LanguageMenu
from tests.helpers.catalogs import ZH_CN, compile_catalogs, ts_file
from tests.helpers.layout import format_findings, layout_findings
from tests.helpers.layout_scenes import SCENES, save_shot
from tests.helpers.qt_async import AsyncRunner

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
TOFU = "\U0010fffd"  # a code point no font has a glyph for


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogs(tmp_path_factory.mktemp("qm"))


@pytest.fixture
def zh_cn(qapp: QApplication, catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Qt's and kvmdesk's zh_CN catalogs installed (before the windows are built)."""
    monkeypatch.setenv(language.TRANSLATIONS_ENV, str(catalogs))
    installed = []
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("kvmdesk", str(catalogs)),
    ):
        translator = QTranslator()
        assert translator.load(QLocale(ZH_CN), name, "_", folder), name
        qapp.installTranslator(translator)
        installed.append(translator)
    # As kvmdesk.app does for zh_CN: a UI font with the CJK glyphs.
    replaced = use_font_for(qapp, ZH_CN)
    translation.install(qt_translate)  # core's sentences too
    clear_label_cache()  # words earlier tests cached in English
    yield
    translation.install(None)
    clear_label_cache()
    if replaced is not None:
        qapp.setFont(replaced)
    for translator in installed:
        qapp.removeTranslator(translator)


def _messages() -> list[tuple[str, str, str, bool]]:
    found = []
    root = etree.parse(str(ts_file(ZH_CN))).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append(
                (
                    name,
                    message.findtext("source") or "",
                    message.findtext("comment") or "",
                    message.get("numerus") == "yes",
                )
            )
    return found


def test_the_qt_free_reader_agrees_with_qtranslator(catalogs: Path) -> None:
    """The CLI's reader (kvmdesk.core.i18n.qm) finds what Qt finds, for every string."""
    translator = QTranslator()
    assert translator.load(str(catalogs / "kvmdesk_zh_CN.qm"))
    reader = qm.load(catalogs / "kvmdesk_zh_CN.qm")
    messages = _messages()
    assert len(messages) > 1000
    for context, source, comment, numerus in messages:
        n = 3 if numerus else -1
        expected = translator.translate(context, source, comment or None, n)
        assert expected, (context, source)
        assert reader.lookup(context, source, comment, n) == expected, (context, source)


def test_chinese_renders_in_a_font_that_has_the_glyphs(qapp: QApplication) -> None:
    font = font_for(ZH_CN, QApplication.font()) or QApplication.font()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
        font.families()[0]
    )
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no font with Simplified Chinese glyphs: install fonts-wqy-microhei"
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    assert raw.isValid()
    characters = set()
    root = etree.parse(str(ts_file(ZH_CN))).getroot()
    for element in root.iter("translation", "numerusform"):
        characters.update(CJK.findall(element.text or ""))
    assert len(characters) > 500
    missing = sorted(c for c in characters if not raw.supportsCharacter(ord(c)))
    assert not missing, f"{raw.familyName()} lacks {''.join(missing)}"

    def rendered(text: str) -> QImage:
        label = QLabel(text)
        label.setFont(font)
        label.adjustSize()
        image = QImage(label.size(), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        label.render(image)
        return image

    # Three different characters draw three different shapes, none the missing-glyph box.
    shapes = [rendered(c) for c in "虚拟机"]
    box = rendered(TOFU)
    assert len({bytes(s.constBits()) for s in shapes}) == 3
    for shape in shapes:
        if shape.size() == box.size():
            assert shape != box


@pytest.mark.parametrize("scene", list(SCENES))
def test_zh_cn_text_fits_its_widgets(
    zh_cn: None,
    demo_app: Application,
    runner: AsyncRunner,
    scene: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", "198.51.100.0/24,203.0.113.0/24")
    assert demo_app.window.menuBar().actions()[0].text() == "文件(&F)"
    assert network_mode_label(NetworkMode.HOST_ONLY) == "仅主机"
    problems = []
    shown = 0
    for name, widget, cells in SCENES[scene](demo_app, runner):
        shown += 1
        save_shot(f"zh_CN-{name}", widget)
        assert CJK.search(widget.windowTitle() + "".join(_texts(widget))), name
        findings = layout_findings(widget, cells=cells)
        if findings:
            problems.append(format_findings(f"zh_CN {name}", findings))
    assert shown > 0
    assert not problems, "\n".join(problems)


def _texts(widget: QWidget) -> list[str]:
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [button.text() for button in widget.findChildren(QAbstractButton)]
    return texts


def test_lang_option_installs_the_catalog(
    qapp: QApplication, catalogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(language.TRANSLATIONS_ENV, str(catalogs))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(catalogs / "config"))
    assert parse_args(["--lang", "zh_CN.UTF-8"]).lang == ZH_CN
    assert parse_args(["--lang", "en"]).lang == "en"
    assert parse_args([]).lang is None
    with pytest.raises(SystemExit) as leaving:
        parse_args(["--lang", "xx"])
    assert leaving.value.code == 2
    before, font = QLocale(), qapp.font()
    try:
        assert kvmdesk_app._install_translations(qapp, ZH_CN) == ZH_CN
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("NetworkMode", "Host-only") == "仅主机"
        assert QLocale().name() == ZH_CN
        assert translation.translate("HostNetwork", "delete %1") == "删除 %1"
        assert qapp.font().families()[0] in QFontDatabase.families(
            QFontDatabase.WritingSystem.SimplifiedChinese
        )
    finally:
        translation.install(None)
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
        QLocale.setDefault(before)
        qapp.setFont(font)
    assert kvmdesk_app._install_translations(qapp, "en") == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_view_language_saves_the_choice_for_the_next_start(
    demo_app: Application, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    menu = demo_app.window.language_menu
    assert isinstance(menu, LanguageMenu)
    assert menu in [a.menu() for a in demo_app.window.view_menu.actions()]
    saved = tmp_path / "kvmdesk" / "language.json"
    notified: list[tuple[str, str]] = []
    chooser = LanguageMenu(
        demo_app.window,
        lambda title, message: notified.append((title, message)),
        path=saved,
        languages=["en", ZH_CN],
    )
    assert chooser.actions_by_choice["system"].isChecked()
    assert chooser.actions_by_choice[ZH_CN].text() == "简体中文"
    chooser.actions_by_choice[ZH_CN].trigger()
    assert language.saved_choice(saved) == ZH_CN
    assert chooser.actions_by_choice[ZH_CN].isChecked()
    assert notified == [("Language", "kvmdesk speaks 简体中文 from its next start.")]
    again = LanguageMenu(demo_app.window, lambda *_: None, path=saved, languages=["en", ZH_CN])
    assert again.actions_by_choice[ZH_CN].isChecked()
    # Through the window's own menu: the notification area shows it.
    demo_app.window.language_menu.choose("system")
    assert language.saved_choice() == "system"
    assert demo_app.window.notifications.history[-1].title == "Language"
