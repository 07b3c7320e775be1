"""The Help menu: About kvmdesk (versions from core, licence, README link) and the web page."""

from __future__ import annotations

import libvirt
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication

from kvmdesk import __version__
from kvmdesk.app import Application
from kvmdesk.core.util.about import README_URL, format_libvirt_version
from kvmdesk.ui.main.about import AboutDialog
from tests.helpers.qt_async import AsyncRunner


class _Browser(QObject):
    """Stands in for the desktop's browser: records the URLs the app asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def _action(app: Application, name: str) -> QAction:
    action = app.window.findChild(QAction, name)
    assert action is not None, name
    return action


def _menu_texts(app: Application) -> list[str]:
    return [a.text() for a in app.window.menuBar().actions()]


def test_help_is_the_last_menu_with_about_and_the_web_page(demo_app: Application) -> None:
    assert _menu_texts(demo_app)[-1] == "&Help"
    texts = [a.text() for a in demo_app.window.help_menu.actions()]
    assert texts == ["&About kvmdesk", "kvmdesk on the &web"]


def test_about_names_version_libvirt_licence_and_readme(
    demo_app: Application, runner: AsyncRunner
) -> None:
    _action(demo_app, "action_about").trigger()
    runner.until(lambda: any(d.isVisible() for d in demo_app.window.findChildren(AboutDialog)))
    dialog = next(d for d in demo_app.window.findChildren(AboutDialog) if d.isVisible())
    assert dialog.windowTitle() == "About kvmdesk"
    assert f"kvmdesk {__version__}" in dialog.title_label.text()
    assert f"libvirt {format_libvirt_version(libvirt.getVersion())}" in (
        dialog.versions_label.text()
    )
    assert "GPL-3.0-or-later" in dialog.licence_label.text()
    assert f'href="{README_URL}"' in dialog.readme_label.text()
    assert dialog.readme_label.openExternalLinks()
    dialog.buttons.rejected.emit()
    runner.until(lambda: not demo_app.window.findChildren(AboutDialog))


def test_the_web_entry_opens_the_readme(demo_app: Application, qapp: QApplication) -> None:
    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        _action(demo_app, "action_homepage").trigger()
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == [README_URL]
