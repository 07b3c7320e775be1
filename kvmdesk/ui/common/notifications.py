"""Non-blocking notifications stacked at the bottom of the main window.

Job results and errors are reported here instead of in modal message boxes, so
a failure on one connection never blocks work on another. Every notification is
kept in :attr:`NotificationArea.history` even after it is dismissed. A notification
may offer actions (buttons such as "Finish" and "Undo"); clicking one runs it and
dismisses the notification.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvmdesk.models.icons import ActionIcon, StateIcon, action_icon, state_icon
from kvmdesk.models.palette import Colour
from kvmdesk.models.text import safe_message, safe_tooltip
from kvmdesk.ui.common.labels import IconLabel, PlainLabel


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# How a window shows a notification: (title, message, level) -> anything.
Notify = Callable[[str, str, Level], object]


class NotificationRecord(NamedTuple):
    title: str
    message: str
    level: Level


class NotificationAction(NamedTuple):
    """A button on a notification: its text and what clicking it does."""

    text: str
    run: Callable[[], object]
    object_name: str = ""


# Milliseconds until a notification closes itself; 0 keeps it until closed by hand.
DEFAULT_TIMEOUTS_MS: Mapping[Level, int] = {
    Level.INFO: 6_000,
    Level.WARNING: 20_000,
    Level.ERROR: 20_000,
}
DEFAULT_MAX_VISIBLE = 5

_COLORS = {Level.INFO: Colour.INFO, Level.WARNING: Colour.WARNING, Level.ERROR: Colour.ERROR}
_ICONS = {
    Level.INFO: StateIcon.INFO,
    Level.WARNING: StateIcon.WARNING,
    Level.ERROR: StateIcon.ERROR,
}
_ICON_SIZE = 22


class Notification(QFrame):
    """One framed notification: coloured icon and stripe, bold title, message, close button."""

    closed = Signal()

    def __init__(
        self,
        title: str,
        message: str,
        level: Level,
        timeout_ms: int,
        parent: QWidget | None = None,
        *,
        details: Sequence[str] = (),
        actions: Sequence[NotificationAction] = (),
        details_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notification")
        self.level = level
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # A coloured stripe tells the level at a glance, also where the style's icons look alike.
        stripe = self._stripe = QFrame(self)
        stripe.setFixedWidth(4)
        stripe.setAutoFillBackground(True)
        self._colour_stripe()

        icon = IconLabel(self, state_icon(_ICONS[level], _COLORS[level]), _ICON_SIZE)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.title_label = PlainLabel(title, self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        bold = QFont(self.title_label.font())
        bold.setBold(True)
        self.title_label.setFont(bold)

        # Plain text: libvirt messages may contain "<…>" that must not be read as markup.
        self.message_label = PlainLabel(message, self)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.message_label.setVisible(bool(message))
        self.title_label.installEventFilter(self)
        self.message_label.installEventFilter(self)

        # A grouped notification lists every item on demand, however many there are.
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("notificationDetails")
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        # A grouped notification lists its items; another one shows libvirt's own words.
        self.details_button.setText(details_title or self.tr("Show all %n", "", len(details)))
        self.details_button.setVisible(bool(details))
        self.details_view = QPlainTextEdit(self)
        self.details_view.setObjectName("notificationDetailsText")
        self.details_view.setReadOnly(True)
        self.details_view.setPlainText(safe_message("\n".join(details)) if details else "")
        self.details_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 10 + 12)
        self.details_view.hide()
        self.details_button.toggled.connect(self._show_details)

        self.close_button = QToolButton(self)
        self.close_button.setObjectName("notificationClose")
        self.close_button.setAutoRaise(True)
        self.close_button.setIcon(action_icon(ActionIcon.CLOSE))
        self.close_button.setToolTip(safe_tooltip(self.tr("Dismiss")))
        self.close_button.setAccessibleName(self.tr("Dismiss notification"))
        self.close_button.clicked.connect(self.closed)

        text = QVBoxLayout()
        text.setContentsMargins(0, 5, 0, 5)
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.message_label)
        text.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self.details_view)
        # Actions: one button each, in order; clicking runs it and closes the notification.
        self.action_buttons: list[QPushButton] = []
        if actions:
            buttons = QHBoxLayout()
            buttons.setContentsMargins(0, 4, 0, 0)
            for action in actions:
                button = QPushButton(action.text, self)
                if action.object_name:
                    button.setObjectName(action.object_name)
                button.clicked.connect(lambda _checked=False, run=action.run: self._act(run))
                buttons.addWidget(button)
                self.action_buttons.append(button)
            buttons.addStretch(1)
            text.addLayout(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(1, 1, 6, 1)
        row.addWidget(stripe)
        icon_box = QVBoxLayout()
        icon_box.setContentsMargins(4, 5, 0, 5)
        icon_box.addWidget(icon)
        row.addLayout(icon_box)
        row.addLayout(text, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.closed)
        if timeout_ms > 0:
            self._timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wrapped text needs more lines when narrow; parents that do not ask for the
        # height for a width (splitters, docks) would clip it, so the minimum follows.
        super().resizeEvent(event)
        self._fit_height()

    def _colour_stripe(self) -> None:
        palette = self._stripe.palette()
        palette.setColor(QPalette.ColorRole.Window, _COLORS[self.level].qcolor(self.palette()))
        self._stripe.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour_stripe()  # the level's colour in the new theme

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, PlainLabel):
            lines = watched.heightForWidth(watched.width())
            if lines > 0 and lines != watched.minimumHeight():
                watched.setMinimumHeight(lines)
                self._fit_height()
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = max(layout.heightForWidth(self.width()), layout.minimumSize().height())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _act(self, run: Callable[[], object]) -> None:
        run()
        self.closed.emit()

    def _show_details(self, shown: bool) -> None:
        self.details_view.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        if shown:
            self._timer.stop()  # being read: it stays until closed

    def enterEvent(self, event: QEnterEvent) -> None:
        # Hold still while the pointer is on it, so the text can be read and selected.
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._timer.interval() > 0 and not self.details_button.isChecked():
            self._timer.start()
        super().leaveEvent(event)


class NotificationArea(QWidget):
    """A stack of notifications, newest at the bottom; hidden while empty."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        timeouts_ms: Mapping[Level, int] | None = None,
        max_visible: int = DEFAULT_MAX_VISIBLE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notificationArea")
        self._timeouts = dict(DEFAULT_TIMEOUTS_MS)
        if timeouts_ms is not None:
            self._timeouts.update(timeouts_ms)
        self._max_visible = max_visible
        self._shown: list[Notification] = []
        self.history: list[NotificationRecord] = []
        # Every item of a grouped notification ("17 VMs failed to start": all 17 lines),
        # by its place in the history.
        self.details: dict[int, tuple[str, ...]] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 0, 6, 6)
        self._layout.setSpacing(4)
        self.hide()

    def notify(
        self,
        title: str,
        message: str,
        level: Level = Level.INFO,
        details: Sequence[str] = (),
        *,
        actions: Sequence[NotificationAction] = (),
        details_title: str = "",
    ) -> Notification:
        """Show a notification (dropping the oldest beyond the limit) and record it.

        ``details``: every item of a grouped notification, listed behind "Show all", or
        with ``details_title`` (e.g. "Details") text such as libvirt's own message.
        One with ``actions`` stays until the user acts on it or closes it.
        """
        if details:
            self.details[len(self.history)] = tuple(details)
        self.history.append(NotificationRecord(title, message, level))
        timeout = 0 if actions else self._timeouts[level]
        widget = Notification(
            title,
            message,
            level,
            timeout,
            self,
            details=tuple(details),
            actions=actions,
            details_title=details_title,
        )
        widget.closed.connect(lambda: self.dismiss(widget))
        self._shown.append(widget)
        self._layout.addWidget(widget)
        while len(self._shown) > self._max_visible:
            # An offer waits for an answer: plain notifications make room first.
            plain = [shown for shown in self._shown if not shown.action_buttons]
            self.dismiss(plain[0] if plain else self._shown[0])
        self.show()
        return widget

    def dismiss(self, widget: Notification) -> None:
        if widget not in self._shown:
            return
        self._shown.remove(widget)
        self._layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()
        if not self._shown:
            self.hide()

    def clear(self) -> None:
        """Dismiss every visible notification; the history stays."""
        for widget in list(self._shown):
            self.dismiss(widget)

    def visible_notifications(self) -> list[Notification]:
        """The notifications on screen, oldest first."""
        return list(self._shown)
