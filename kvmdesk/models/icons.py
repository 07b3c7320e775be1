"""Every icon kvmdesk shows, picked in one place: the desktop's theme first, ours second.

Actions (:class:`ActionIcon`) carry the freedesktop icon name a desktop theme knows them
by; :func:`action_icon` asks the theme for it and falls back on kvmdesk's own symbolic SVG
(``resources/icons/symbolic``), so a full desktop shows its own icons and a bare system
still has one for every action. States and devices (:class:`StateIcon`,
:class:`DeviceIcon`) always use ours: their colour carries meaning (running, crashed …)
that a theme's icon would not have.

The SVGs are drawn on a 24 × 24 grid with 2 px strokes in ``currentColor``; the icon
engine puts a colour in its place (the palette's text colour for actions, a
:class:`~kvmdesk.models.palette.Colour` for states and devices) and renders the SVG at
the size and device pixel ratio asked for, so icons stay sharp at 125 %, 150 % or 200 %
and follow a theme change the next time they are painted.

It lives in ``models`` for the reason the palette does: the item models show these icons
and may not import ``ui``.
"""

from __future__ import annotations

import site
import sys
from enum import Enum, StrEnum
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)

from kvmdesk import APP_ID
from kvmdesk.core.connection.demo import resources_dir
from kvmdesk.models.palette import Colour


class ActionIcon(Enum):
    """An action's bundled icon file and the freedesktop name a theme knows it by."""

    START = ("vm-start", "media-playback-start")
    PAUSE = ("vm-pause", "media-playback-pause")
    SHUTDOWN = ("vm-shutdown", "system-shutdown")
    REBOOT = ("vm-reboot", "system-reboot")
    FORCE_OFF = ("vm-force-off", "process-stop")
    DELETE = ("vm-delete", "edit-delete")
    NEW_VM = ("vm-new", "document-new")
    SETTINGS = ("vm-settings", "document-properties")
    CONSOLE = ("vm-console", "utilities-terminal")
    SNAPSHOT = ("vm-snapshot", "camera-photo")
    CLONE = ("vm-clone", "edit-copy")
    ADD_CONNECTION = ("connection-add", "list-add")
    REMOVE_CONNECTION = ("connection-remove", "list-remove")
    CONNECT = ("connection-connect", "network-connect")
    DISCONNECT = ("connection-disconnect", "network-disconnect")
    NETWORKS = ("networks", "network-workgroup")
    NETWORK_MAP = ("network-map", "kvmdesk-network-map")  # no theme has one: always ours
    STORAGE = ("storage", "drive-harddisk")
    HOST_INTERFACES = ("host-interfaces", "network-wired")
    QUIT = ("application-exit", "application-exit")
    FIND = ("find", "edit-find")
    KEYBOARD = ("keyboard", "input-keyboard")
    SEND_KEY = ("send-key", "input-keyboard")
    ZOOM_FIT = ("zoom-fit", "zoom-fit-best")
    ZOOM_ORIGINAL = ("zoom-original", "zoom-original")
    ZOOM_IN = ("zoom-in", "zoom-in")
    ZOOM_OUT = ("zoom-out", "zoom-out")
    REFRESH = ("refresh", "view-refresh")
    EXPORT_VECTOR = ("export-vector", "document-save-as")
    EXPORT_IMAGE = ("export-image", "image-x-generic")
    SCREEN = ("display", "video-display")
    SERIAL = ("serial", "utilities-terminal")
    CLIPBOARD = ("clipboard", "edit-paste")
    CLOSE = ("window-close", "window-close")
    FULL_SCREEN = ("full-screen", "view-fullscreen")
    THEME = ("theme", "preferences-desktop-theme")
    ABOUT = ("about", "help-about")
    WEB = ("web", "internet-web-browser")

    def __init__(self, file: str, theme_name: str) -> None:
        self.file = file
        self.theme_name = theme_name


class StateIcon(StrEnum):
    """States, filled shapes told apart by outline as well as by colour."""

    RUNNING = "state-running"
    PAUSED = "state-paused"
    SHUTOFF = "state-shutoff"
    SHUTTING_DOWN = "state-shutting-down"
    CRASHED = "state-crashed"
    CONNECTED = "state-connected"
    CONNECTING = "state-connecting"
    RECONNECTING = "state-reconnecting"
    DISCONNECTED = "state-disconnected"
    ERROR = "state-error"
    WARNING = "state-warning"
    INFO = "state-info"
    PENDING_RESTART = "state-pending-restart"


class DeviceIcon(StrEnum):
    """Devices and network parts, in the actions' outline style."""

    NIC = "device-nic"
    DISK = "device-disk"
    CDROM = "device-cdrom"
    NETWORK = "device-network"
    ETHERNET = "device-ethernet"
    BRIDGE = "device-bridge"
    BOND = "device-bond"
    VLAN = "device-vlan"
    MACVTAP = "device-macvtap"
    OTHER = "device-other"


_SUBDIR = Path("icons") / "symbolic"


def symbolic_dir() -> Path:
    """Where the bundled SVGs are: ``resources/`` (source tree, AppImage) or ``share/kvmdesk``.

    ``pip install`` puts them under the prefix's ``share/kvmdesk`` (pyproject's data-files),
    the user's base for ``--user``.
    """
    candidates = [resources_dir() / _SUBDIR]
    for base in (sys.prefix, site.getuserbase()):
        candidates.append(Path(base) / "share" / "kvmdesk" / _SUBDIR)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


@cache
def _svg(file: str) -> bytes:
    return (symbolic_dir() / f"{file}.svg").read_bytes()


def render_svg(svg: bytes, size: QSize) -> QImage:
    """``svg`` rendered at exactly ``size`` device pixels (Qt's SVG image plugin)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(svg))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(size)
    image = reader.read()
    if image.isNull():
        # The plugin is missing or the file broken: an empty icon, not a crash.
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
    return image


class SvgIconEngine(QIconEngine):
    """One symbolic SVG, tinted at paint time and rendered at the device's resolution.

    ``colour`` None tints with the palette's text colour (greyed when disabled, the
    highlighted text colour when selected); a :class:`Colour` tints with that meaning's
    colour for the current theme.
    """

    def __init__(self, file: str, colour: Colour | None = None) -> None:
        super().__init__()
        self.file = file
        self.colour = colour
        self._pixmaps: dict[tuple[str, int, int, float], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.file, self.colour)

    def key(self) -> str:
        return "kvmdesk-svg"

    def iconName(self) -> str:
        return self.file

    def isNull(self) -> bool:
        return False

    def tint(self, mode: QIcon.Mode) -> str:
        palette = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
        if self.colour is not None:
            return self.colour.hex(palette)
        if mode is QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText).name()
        return palette.color(QPalette.ColorRole.WindowText).name()

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(side, side) for side in (16, 22, 24, 32, 48, 64)]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        colour = self.tint(mode)
        key = (colour, side, side, scale)
        cached = self._pixmaps.get(key)
        if cached is not None:
            return cached
        svg = _svg(self.file).replace(b"currentColor", colour.encode("ascii"))
        device = max(1, round(side * scale))
        pixmap = QPixmap.fromImage(render_svg(svg, QSize(device, device)))
        pixmap.setDevicePixelRatio(scale)
        self._pixmaps[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pixmap = self.scaledPixmap(rect.size(), mode, state, ratio)
        side = min(rect.width(), rect.height())
        target = QRect(0, 0, side, side)
        target.moveCenter(rect.center())
        painter.drawPixmap(target, pixmap)


def bundled_icon(file: str, colour: Colour | None = None) -> QIcon:
    """kvmdesk's own icon ``file`` (no theme lookup), tinted as :class:`SvgIconEngine` says."""
    return QIcon(SvgIconEngine(file, colour))


def action_icon(action: ActionIcon) -> QIcon:
    """The desktop theme's icon for ``action``, else kvmdesk's own."""
    return QIcon.fromTheme(action.theme_name, bundled_icon(action.file))


@cache
def state_icon(state: StateIcon, colour: Colour) -> QIcon:
    return bundled_icon(state, colour)


@cache
def device_icon(device: DeviceIcon, colour: Colour | None = None) -> QIcon:
    return bundled_icon(device, colour)


def application_icon() -> QIcon:
    """kvmdesk's own application icon: the installed one the theme finds, else ours."""
    scalable = resources_dir() / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    return QIcon.fromTheme(APP_ID, QIcon(str(scalable)))
