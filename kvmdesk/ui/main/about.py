"""The Help menu: "About kvmdesk" (versions, licence, where to read more) and the web page.

The versions come from core (the libvirt library's own number); links open in the
desktop's browser through :class:`QDesktopServices`.
"""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.core.util.about import (
    HOMEPAGE_URL,
    LICENCE,
    LICENCE_URL,
    README_URL,
    kvmdesk_version,
    libvirt_version,
)
from kvmdesk.models.icons import ActionIcon, action_icon
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.common.labels import PlainLabel, RichLabel


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


class AboutDialog(QDialog):
    """Name, version, the libraries it runs on, the licence and a link to the README."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About kvmdesk"))
        layout = QVBoxLayout(self)
        self.title_label = RichLabel(
            "<h2>" + html.escape(self.tr("kvmdesk %1").replace("%1", kvmdesk_version())) + "</h2>",
            self,
        )
        self.title_label.setObjectName("aboutTitle")
        layout.addWidget(self.title_label)
        self.summary_label = PlainLabel(
            self.tr("A desktop manager for KVM virtual machines on Linux."), self
        )
        self.summary_label.setObjectName("aboutSummary")
        layout.addWidget(self.summary_label)
        self.versions_label = PlainLabel(
            self.tr("libvirt %1 · Qt %2 · PySide6 %3")
            .replace("%1", libvirt_version())
            .replace("%2", qVersion())
            .replace("%3", pyside_version),
            self,
        )
        self.versions_label.setObjectName("aboutVersions")
        self.versions_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.versions_label)
        # kvmdesk's own two links, to its licence and README: the only labels that open any.
        self.licence_label = RichLabel(
            html.escape(self.tr("Licensed under %1.")).replace("%1", _link(LICENCE_URL, LICENCE)),
            self,
            open_links=True,
        )
        self.licence_label.setObjectName("aboutLicence")
        layout.addWidget(self.licence_label)
        self.readme_label = RichLabel(
            html.escape(self.tr("How it works and how to use it: %1")).replace(
                "%1", _link(README_URL, self.tr("the README"))
            ),
            self,
            open_links=True,
        )
        self.readme_label.setObjectName("aboutReadme")
        layout.addWidget(self.readme_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def open_url(url: str) -> bool:
    """Open ``url`` in the desktop's browser; False when the desktop has no handler."""
    return QDesktopServices.openUrl(QUrl(url))


def add_help_menu(window: QMainWindow) -> QMenu:
    """Append the Help menu to ``window``'s menu bar: About kvmdesk, and the web page."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("HelpMenu", "&Help"))
    menu.setObjectName("helpMenu")
    about = QAction(
        action_icon(ActionIcon.ABOUT),
        QCoreApplication.translate("HelpMenu", "&About kvmdesk"),
        window,
    )
    about.setObjectName("action_about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda _checked=False: show_about(window))
    menu.addAction(about)
    web = QAction(
        action_icon(ActionIcon.WEB),
        QCoreApplication.translate("HelpMenu", "kvmdesk on the &web"),
        window,
    )
    web.setObjectName("action_homepage")
    web.setToolTip(safe_tooltip(HOMEPAGE_URL))
    web.triggered.connect(lambda _checked=False: open_url(README_URL))
    menu.addAction(web)
    return menu


def show_about(parent: QWidget) -> AboutDialog:
    """Open the About box (window-modal; deleted once answered) and return it."""
    dialog = AboutDialog(parent)
    run_dialog(dialog)
    return dialog
