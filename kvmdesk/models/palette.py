"""Named colours, each with a value for light and one for dark themes.

Every colour kvmdesk paints with is one :class:`Colour`, named by what it means
(``Colour.ERROR``, ``Colour.OK`` …) rather than by its hue, so one meaning has one
name and one value per theme. Which value applies is read from a palette's
lightness (the application's unless a widget's is given): a theme is dark when
its window is darker than its text, whatever style or platform set it.

Beside the named colours it holds the application palettes kvmdesk sets under the
Fusion style (:func:`application_palette`, light and dark, chosen so body text passes
WCAG's 4.5:1 on every background it is drawn on) and the fixed colours of a guest's
console. No other module writes a colour literal (tests/unit/test_colour_literals.py).

It lives in ``models`` rather than ``ui/common`` because the models draw icons
with these colours (domain and connection states, interface kinds, a pending
restart) and may not import ``ui``; the windows import it from here.
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from kvmdesk.core.types.modes import NetworkMode


class Colour(Enum):
    """``Colour.X.light`` / ``.dark`` are ``#rrggbb``; ``qcolor()`` / ``hex()`` pick by theme.

    Each value ends with its meaning, which also keeps two meanings that share a
    colour (``ERROR`` and ``DANGER``) two members instead of one alias.
    """

    # States, verdicts and levels: icons, lines, stripes and borders (3:1 on the window,
    # WCAG's floor for graphics); ERROR, DANGER, INFO and INACTIVE also colour text (4.5:1).
    OK = ("#2e9d49", "#4cc26b", "running, connected, traffic passes")
    WARNING = ("#b87800", "#f0a830", "paused, reconnecting, needs setup, restart pending")
    ERROR = ("#b82a22", "#ff7b72", "crashed, failed, invalid input, error notifications")
    DANGER = ("#b82a22", "#ff7b72", "what a confirmed action loses (disks, the connection)")
    INFO = ("#2a6db0", "#6ea4ee", "information notifications")
    BUSY = ("#2a6db0", "#6ea4ee", "connecting, loading")
    INACTIVE = ("#62676f", "#a0a6ae", "shut off, disconnected")
    MUTED = ("#80868d", "#8f969d", "links that carry no traffic, plain wiring in pictures")
    # Text on the window background.
    WARNING_TEXT = ("#8a5a00", "#f2b84b", "warnings and notes in dialogs")
    CAUTION_TEXT = ("#8f5d00", "#f5bc55", "cautions in the NIC dialog: mode notes, MACs in use")
    # A banner: its own background, text and (``WARNING``) border.
    BANNER_BACKGROUND = ("#fff4d6", "#4a3a12", "background of a warning banner")
    BANNER_TEXT = ("#5c4300", "#ffe2a0", "text of a warning banner")
    # Host interface kinds, told apart by outline first and by colour second.
    INTERFACE_ETHERNET = ("#5b6470", "#a4adb8", "ethernet interface icons")
    INTERFACE_BRIDGE = ("#2a6db0", "#6ea4ee", "bridge interface icons")
    INTERFACE_BOND = ("#2e9d49", "#4cc26b", "bond interface icons")
    INTERFACE_VLAN = ("#b0569b", "#d987c4", "VLAN interface icons")
    INTERFACE_OTHER = ("#62676f", "#a0a6ae", "icons of other interface kinds")
    # Network modes, one hue each: the mode cards' accent, the icons of networks and NICs,
    # and whatever pictures the network (so one mode has one colour everywhere).
    MODE_NAT = ("#2a6db0", "#6ea4ee", "NAT networks")
    MODE_BRIDGED = ("#2e8540", "#58c878", "bridged NICs and networks")
    MODE_HOST_ONLY = ("#8a4fbf", "#b48ae8", "host-only networks")
    MODE_INTERNAL = ("#00838a", "#3cc4cc", "internal networks")
    MODE_ROUTED = ("#b85c00", "#f09a4a", "routed networks")
    MODE_OPEN = ("#b0356f", "#e87aac", "open networks")
    MODE_MACVTAP = ("#7a6a00", "#c9b84a", "macvtap NICs")
    MODE_USER = ("#5b6470", "#a4adb8", "user-mode NICs")
    MODE_NONE = ("#62676f", "#a0a6ae", "unplugged NICs and modes kvmdesk does not know")

    def __init__(self, light: str, dark: str, meaning: str) -> None:
        self.light = light
        self.dark = dark
        self.meaning = meaning

    def hex(self, palette: QPalette | None = None) -> str:
        """The ``#rrggbb`` for ``palette``'s theme (for style sheets and rich text)."""
        return self.dark if is_dark(palette) else self.light

    def qcolor(self, palette: QPalette | None = None) -> QColor:
        return QColor(self.hex(palette))


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


def mode_colour(mode: NetworkMode | None) -> Colour:
    """The colour of network mode ``mode`` (the mode cards' and every picture's).

    MODE_NONE for no mode and for modes kvmdesk does not know.
    """
    return _MODE_COLOURS.get(mode, Colour.MODE_NONE) if mode is not None else Colour.MODE_NONE


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) draws light text on dark windows."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


# The application palettes, role by role: (light, dark). Disabled text is greyed on purpose
# (WCAG exempts inactive controls); every other text role reads at 4.5:1 or better on the
# backgrounds it is drawn on (tests/ui/common/test_theme_contrast.py measures it).
_ROLES: dict[QPalette.ColorRole, tuple[str, str]] = {
    QPalette.ColorRole.Window: ("#efefef", "#2b2b2b"),
    QPalette.ColorRole.WindowText: ("#1a1a1a", "#eeeeee"),
    QPalette.ColorRole.Base: ("#ffffff", "#1f1f1f"),
    QPalette.ColorRole.AlternateBase: ("#f5f5f5", "#272727"),
    QPalette.ColorRole.ToolTipBase: ("#ffffdc", "#3c3c3c"),
    QPalette.ColorRole.ToolTipText: ("#1a1a1a", "#eeeeee"),
    QPalette.ColorRole.PlaceholderText: ("#6b6b6b", "#a0a0a0"),
    QPalette.ColorRole.Text: ("#1a1a1a", "#eeeeee"),
    QPalette.ColorRole.Button: ("#e8e8e8", "#353535"),
    QPalette.ColorRole.ButtonText: ("#1a1a1a", "#eeeeee"),
    QPalette.ColorRole.BrightText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Light: ("#ffffff", "#4a4a4a"),
    QPalette.ColorRole.Midlight: ("#d8d8d8", "#3e3e3e"),
    QPalette.ColorRole.Mid: ("#a8a8a8", "#6a6a6a"),
    QPalette.ColorRole.Dark: ("#9f9f9f", "#1a1a1a"),
    QPalette.ColorRole.Shadow: ("#767676", "#0d0d0d"),
    QPalette.ColorRole.Highlight: ("#2a6db0", "#3b78c2"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Link: ("#1f5fa8", "#7cb0f2"),
    QPalette.ColorRole.LinkVisited: ("#7a3aa8", "#c49af0"),
    QPalette.ColorRole.Accent: ("#2a6db0", "#3b78c2"),
}
_DISABLED: dict[QPalette.ColorRole, tuple[str, str]] = {
    QPalette.ColorRole.WindowText: ("#9a9a9a", "#7c7c7c"),
    QPalette.ColorRole.Text: ("#9a9a9a", "#7c7c7c"),
    QPalette.ColorRole.ButtonText: ("#9a9a9a", "#7c7c7c"),
    QPalette.ColorRole.Highlight: ("#b8b8b8", "#4a4a4a"),
    QPalette.ColorRole.HighlightedText: ("#f0f0f0", "#9a9a9a"),
}


def application_palette(dark: bool) -> QPalette:
    """kvmdesk's own palette for the Fusion style: whole-widget light or dark."""
    palette = QPalette()
    which = 1 if dark else 0
    for role, values in _ROLES.items():
        palette.setColor(role, QColor(values[which]))
    for role, values in _DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(values[which]))
    return palette


# A guest's console keeps its own colours in every theme: the guest chose them. The
# terminal's table is xterm's default 16 colours, painted on the console's black page.
CONSOLE_BACKGROUND = "#000000"
CONSOLE_FOREGROUND = "#e5e5e5"
TERMINAL_COLOURS = MappingProxyType(
    {
        "black": "#000000",
        "red": "#cd0000",
        "green": "#00cd00",
        "brown": "#cdcd00",
        "blue": "#0000ee",
        "magenta": "#cd00cd",
        "cyan": "#00cdcd",
        "white": "#e5e5e5",
        "brightblack": "#7f7f7f",
        "brightred": "#ff0000",
        "brightgreen": "#00ff00",
        "brightbrown": "#ffff00",
        "brightblue": "#5c5cff",
        "brightmagenta": "#ff00ff",
        "brightcyan": "#00ffff",
        "brightwhite": "#ffffff",
    }
)
