"""A small live picture of the selected VM's screen, for the details pane.

:class:`ScreenThumbnail` asks ``virDomainScreenshot`` (``session.consoles.screenshot``, in
the session's pool, never on the GUI thread) for the one VM it follows, every
:data:`INTERVAL_MS` while it is visible and the VM runs, one request at a time (a slow
host gets fewer pictures, never a queue). It hides itself when the VM has no screen to
show (stopped, no graphics, a driver without screenshots). A click asks for the console.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.models.text import safe_tooltip
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.common.tasks import TaskSet

log = logging.getLogger(__name__)

INTERVAL_MS = 3000
WIDTH = 320


class ScreenThumbnail(PlainLabel):
    """The followed VM's screen, scaled to :data:`WIDTH`; hidden when there is none."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenThumbnail")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(safe_tooltip(self.tr("The VM's screen — click to open its console")))
        self._tasks = TaskSet(lambda _expected, message: log.info("thumbnail: %s", message))
        # A capture still under way when the widget goes must not reach it.
        self.destroyed.connect(self._tasks.cancel_all)
        self._session: Session | None = None
        self._uuid = ""
        self._busy = False
        self._container: QWidget | None = None
        self.captures = 0  # pictures received (tests, diagnostics)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._capture)
        self.setVisible(False)

    @property
    def following(self) -> tuple[str, str] | None:
        return (self._session.uri, self._uuid) if self._session is not None else None

    @property
    def active(self) -> bool:
        """True while pictures are being taken."""
        return self._timer.isActive()

    def follow(self, session: Session | None, uuid: str = "") -> None:
        """Show this VM's screen (None: nobody's)."""
        if self._session is session and self._uuid == uuid:
            self._update_timer()
            return
        if self._session is not None:
            self._session.domains_upserted.disconnect(self._on_upserted)
        self._session, self._uuid = session, uuid
        if session is not None:
            session.domains_upserted.connect(self._on_upserted)
        self.clear()
        self.setVisible(False)
        self._update_timer()
        if self._can_capture():
            self._capture()

    def _on_upserted(self, _session: Session, snapshots: list[DomainSnapshot]) -> None:
        if any(snapshot.uuid == self._uuid for snapshot in snapshots):
            was_active = self.active
            self._update_timer()
            if self.active and not was_active:
                self._capture()

    def _running(self) -> bool:
        if self._session is None or not self._session.connected:
            return False
        snapshot = self._session.domains.get(self._uuid)
        return snapshot is not None and snapshot.state.is_active

    def _can_capture(self) -> bool:
        container = self._container or self.parentWidget()
        return self._running() and (container is None or container.isVisible())

    def _update_timer(self) -> None:
        if self._can_capture():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.setVisible(False)

    def _capture(self) -> None:
        if not self._can_capture():
            self._update_timer()
            return
        if self._busy or self._session is None:
            return
        self._busy = True
        self._tasks.spawn(self._fetch(self._session, self._uuid))

    async def _fetch(self, session: Session, uuid: str) -> None:
        try:
            shot = await session.consoles.screenshot(uuid)
        except KvmdeskError as error:
            log.info("%s: no screenshot of %s: %s", session.uri, uuid, error)
            if (session, uuid) == (self._session, self._uuid):
                self._timer.stop()  # this VM has no screen to show; try again on the next follow
                self.setVisible(False)
            return
        finally:
            self._busy = False
        if (session, uuid) != (self._session, self._uuid):
            return  # the selection moved on meanwhile
        image = QImage.fromData(shot.data)
        if image.isNull():
            self.setVisible(False)
            return
        self.captures += 1
        pixmap = QPixmap.fromImage(
            image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        )
        self.setPixmap(pixmap)
        self.setVisible(True)

    async def wait_idle(self) -> None:
        await self._tasks.wait_idle()

    def sizeHint(self) -> QSize:
        pixmap = self.pixmap()
        return pixmap.size() if not pixmap.isNull() else QSize(WIDTH, 0)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The pane around us shown or hidden: pictures resume or stop with it. Qt may
        # still route an event here after Python let go of this object (its attributes
        # gone, the C++ side still filtering the pane): nothing to do then.
        if "_container" not in vars(self):
            return False
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._update_timer()
            if event.type() == QEvent.Type.Show and self._can_capture():
                self._capture()
        return False

    def watch(self, container: QWidget) -> None:
        """Take pictures only while ``container`` (the details pane) is visible."""
        self._container = container
        container.installEventFilter(self)
