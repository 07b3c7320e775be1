"""The one message box: plain text only, no links, bounded (see ``kvmdesk.models.text``).

``QMessageBox`` renders its text and informative text as HTML when they look like it
(``Qt::mightBeRichText``) and its labels open links: a network named ``<a href=file:…>``
in "Delete network …?" became a clickable link. :class:`PlainMessageBox` sets every
label it holds to ``Qt.PlainText`` with links off, passes each text through
:func:`~kvmdesk.models.text.safe_message` (visible markers for controls and bidi
overrides, a length bound) and the title through
:func:`~kvmdesk.models.text.safe_name`. Every message box of the app is one (a test
in ``tests/unit/test_architecture.py`` checks).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kvmdesk.models.text import safe_message, safe_name


class PlainMessageBox(QMessageBox):
    """A ``QMessageBox`` whose title, text and informative text are always plain text."""

    def __init__(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(icon, safe_name(title), "", buttons, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(safe_message(text))
        self._plain_labels()

    def setInformativeText(self, text: str) -> None:
        super().setInformativeText(safe_message(text))
        self._plain_labels()

    def setDetailedText(self, text: str) -> None:
        super().setDetailedText(safe_message(text))

    def setWindowTitle(self, title: str) -> None:
        super().setWindowTitle(safe_name(title))

    def setTextFormat(self, format: Qt.TextFormat) -> None:
        # Whatever a caller asks, the text stays plain.
        super().setTextFormat(Qt.TextFormat.PlainText)

    def _plain_labels(self) -> None:
        # The informative label is made on first use and opens links by default.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setOpenExternalLinks(False)
