"""Named colours, each with a value for light and one for dark themes.

Every colour kvmdesk paints with is one :class:`Colour`, named by what it means
(``Colour.ERROR``, ``Colour.OK`` …) rather than by its hue, so one meaning has one
name and one value per theme. Which value applies is read from a palette's
lightness (the application's unless a widget's is given): a theme is dark when
its window is darker than its text, whatever style or platform set it.

It lives in ``models`` rather than ``ui/common`` because the models draw icons
with these colours (domain and connection states, interface kinds, a pending
restart) and may not import ``ui``; the windows import it from here.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from kvmdesk.core.types.modes import NetworkMode


class Colour(Enum):
    """``Colour.X.light`` / ``.dark`` are ``#rrggbb``; ``qcolor()`` / ``hex()`` pick by theme.

    Each value ends with its meaning, which also keeps two meanings that share a
    colour (``ERROR`` and ``DANGER``) two members instead of one alias.
    """

    # States, verdicts and levels: icons, lines, stripes and borders.
    OK = ("#2e9d49", "#4cc26b", "running, connected, traffic passes")
    WARNING = ("#d08a00", "#f0a830", "paused, reconnecting, needs setup, restart pending")
    ERROR = ("#d0342c", "#ff7b72", "crashed, failed, invalid input, error notifications")
    DANGER = ("#d0342c", "#ff7b72", "what a confirmed action loses (disks, the connection)")
    INFO = ("#3a7bd5", "#6ea4ee", "information notifications")
    BUSY = ("#3a7bd5", "#6ea4ee", "connecting, loading")
    INACTIVE = ("#8a8f98", "#a0a6ae", "shut off, disconnected")
    MUTED = ("#9aa0a6", "#8f969d", "links that carry no traffic, plain wiring in pictures")
    # Text on the window background.
    WARNING_TEXT = ("#a86f00", "#f2b84b", "warnings and notes in dialogs")
    CAUTION_TEXT = ("#b06f00", "#f5bc55", "cautions in the NIC dialog: mode notes, MACs in use")
    # A banner: its own background, text and (``WARNING``) border.
    BANNER_BACKGROUND = ("#fff4d6", "#4a3a12", "background of a warning banner")
    BANNER_TEXT = ("#5c4300", "#ffe2a0", "text of a warning banner")
    # Host interface kinds, told apart by outline first and by colour second.
    INTERFACE_ETHERNET = ("#5b6470", "#a4adb8", "ethernet interface icons")
    INTERFACE_BRIDGE = ("#3a7bd5", "#6ea4ee", "bridge interface icons")
    INTERFACE_BOND = ("#2e9d49", "#4cc26b", "bond interface icons")
    INTERFACE_VLAN = ("#b0569b", "#d987c4", "VLAN interface icons")
    INTERFACE_OTHER = ("#8a8f98", "#a0a6ae", "icons of other interface kinds")
    # Network modes: the network map's boxes and links, one hue a mode.
    MODE_NAT = ("#3a7bd5", "#6ea4ee", "NAT networks and the NICs on them")
    MODE_BRIDGED = ("#2e9d49", "#4cc26b", "bridged networks, host bridges and their NICs")
    MODE_HOST_ONLY = ("#c27c0e", "#eaa640", "host-only networks and their NICs")
    MODE_INTERNAL = ("#8a5cc2", "#b892ea", "internal networks and their NICs")
    MODE_ROUTED = ("#1b8f8a", "#45c4bd", "routed networks and their NICs")
    MODE_OPEN = ("#4f7f2a", "#8cc260", "open networks and their NICs")
    MODE_MACVTAP = ("#b0569b", "#d987c4", "macvtap devices and their NICs")
    MODE_USER = ("#8d6e4c", "#c4a585", "user-mode networking and its NICs")
    MODE_OTHER = ("#8a8f98", "#a0a6ae", "NICs of other kinds or on unknown networks")

    def __init__(self, light: str, dark: str, meaning: str) -> None:
        self.light = light
        self.dark = dark
        self.meaning = meaning

    def hex(self, palette: QPalette | None = None) -> str:
        """The ``#rrggbb`` for ``palette``'s theme (for style sheets and rich text)."""
        return self.dark if is_dark(palette) else self.light

    def qcolor(self, palette: QPalette | None = None) -> QColor:
        return QColor(self.hex(palette))


def mode_colour(mode: NetworkMode | None) -> Colour:
    """The colour of network ``mode`` (MODE_OTHER for no mode, "none" and unknown ones)."""
    return _MODE_COLOURS.get(mode, Colour.MODE_OTHER) if mode is not None else Colour.MODE_OTHER


_MODE_COLOURS: dict[NetworkMode, Colour] = {
    NetworkMode.NAT: Colour.MODE_NAT,
    NetworkMode.BRIDGED: Colour.MODE_BRIDGED,
    NetworkMode.HOST_ONLY: Colour.MODE_HOST_ONLY,
    NetworkMode.INTERNAL: Colour.MODE_INTERNAL,
    NetworkMode.ROUTED: Colour.MODE_ROUTED,
    NetworkMode.OPEN: Colour.MODE_OPEN,
    NetworkMode.MACVTAP: Colour.MODE_MACVTAP,
    NetworkMode.USER: Colour.MODE_USER,
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) draws light text on dark windows."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()
