"""The app's labels: :class:`PlainLabel` for every text, :class:`RichLabel` for our own markup.

A ``QLabel`` starts in ``Qt.AutoText``: a domain named ``<img src=&#47;dev&#47;zero>``
in "Volumes in “…”" was rendered as HTML and made Qt read ``/dev/zero`` until the
process died. :class:`PlainLabel` is always ``Qt.PlainText`` and passes every text
through :func:`~kvmdesk.models.text.safe_message` (visible markers for controls, bidi
overrides and invisible characters; a length bound), whether given at construction
or later with :meth:`setText`. :class:`RichLabel` is for HTML kvmdesk writes itself
(the About box, the creation summary), with every value in it escaped by its caller,
and never opens links unless asked. :class:`IconLabel` shows an icon rather than a
pixmap taken from it once, so it re-tints with the theme and stays sharp on a screen
of another scale. ``tests/unit/test_architecture.py`` fails when a ``QLabel`` is made
anywhere else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QWidget

from kvmdesk.models.text import safe_message


class PlainLabel(QLabel):
    """A label that shows its text exactly as characters, never as markup."""

    def __init__(self, text: str | QWidget | None = None, parent: QWidget | None = None) -> None:
        if isinstance(text, str):
            super().__init__(parent)
        else:
            super().__init__(text)
        super().setTextFormat(Qt.TextFormat.PlainText)
        if isinstance(text, str):
            self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(safe_message(text))

    def setTextFormat(self, format: Qt.TextFormat) -> None:
        # Whatever a caller asks, the text stays plain.
        super().setTextFormat(Qt.TextFormat.PlainText)


class RichLabel(QLabel):
    """A label for kvmdesk's own HTML; values from elsewhere must be escaped into it."""

    def __init__(
        self, html: str = "", parent: QWidget | None = None, *, open_links: bool = False
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setOpenExternalLinks(open_links)
        self.setText(html)


class IconLabel(PlainLabel):
    """An icon at ``size`` logical pixels, drawn again when the theme or the screen changes."""

    _REDRAW = (
        QEvent.Type.PaletteChange,
        QEvent.Type.ApplicationPaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.DevicePixelRatioChange,
    )

    def __init__(self, parent: QWidget | None = None, icon: QIcon | None = None, size: int = 16):
        super().__init__(parent)
        self._icon = icon if icon is not None else QIcon()
        self._size = size
        self._redraw()

    def set_icon(self, icon: QIcon) -> None:
        self._icon = icon
        self._redraw()

    def icon(self) -> QIcon:
        return self._icon

    def _redraw(self) -> None:
        if self._icon.isNull():
            self.clear()
            return
        side = QSize(self._size, self._size)
        self.setPixmap(self._icon.pixmap(side, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in self._REDRAW:
            self._redraw()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._redraw()
        return super().event(event)
