"""Builds the QApplication and the qasync loop, and wires core → models → ui.

``kvmdesk [--connect URI]... [--demo] [--console DOMAIN] [--screenshot PATH] [Qt options …]``

Start-up order matters for big inventories: the connections start opening in
libvirt's threads first, and only then is Qt imported and the window built,
so a second-long ``virConnectOpen`` overlaps Qt's own start-up. That is why
the Qt imports below live inside functions.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import signal
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvmdesk import APP_ID, __version__
from kvmdesk.core.connection import early_open
from kvmdesk.core.connection.config import connections_file
from kvmdesk.core.connection.demo import DEMO_LABEL, demo_uri, prepare_demo
from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.connection.limits import CONNECT_TIMEOUT, QUIT_GRACE
from kvmdesk.core.i18n import language
from kvmdesk.core.types import translation
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util import redaction
from kvmdesk.core.util.instance import Handover, hand_over, socket_path
from kvmdesk.core.util.uri import SYSTEM_URI, default_uri, validate_uri
from kvmdesk.core.util.uri_programs import UriChannel, runs_program

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QApplication

    from kvmdesk.core.connection.inventory import Inventory
    from kvmdesk.models.hub import ModelHub
    from kvmdesk.ui.main.controller import Controller
    from kvmdesk.ui.main.window import MainWindow

_STARTED = time.monotonic()

# Qt's own command-line options (QGuiApplication and QApplication, Qt 6), passed on to
# QApplication untouched. Qt reads "-style" and "--style" alike. "-display", "-geometry",
# "-title", "-icon" and "-name" are X11 (xcb) ones; the other platforms ignore them.
_QT_VALUE_OPTIONS = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qmljsdebugger",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "session",
        "style",
        "stylesheet",
        "display",
        "geometry",
        "title",
        "icon",
        "name",
    }
)
_QT_FLAG_OPTIONS = frozenset({"reverse", "widgetcount"})
# Only these also take their value as "-style=Fusion".
_QT_INLINE_VALUE_OPTIONS = frozenset({"style", "stylesheet", "qmljsdebugger"})


def _qt_option(arg: str) -> tuple[str, bool] | None:
    """(name, value included) if ``arg`` is one of Qt's own options, else None."""
    if arg.startswith("--"):
        arg = arg[1:]
    if not arg.startswith("-") or arg.startswith("--"):
        return None
    name, equals, _value = arg[1:].partition("=")
    if equals:
        return (name, True) if name in _QT_INLINE_VALUE_OPTIONS else None
    if name in _QT_VALUE_OPTIONS or name in _QT_FLAG_OPTIONS:
        return name, name in _QT_FLAG_OPTIONS
    return None


def split_qt_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """kvmdesk's own arguments and Qt's options (each with its value), in their order."""
    own: list[str] = []
    qt: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            own.extend(argv[index:])
            break
        option = _qt_option(arg)
        if option is None:
            own.append(arg)
        else:
            qt.append(arg)
            if not option[1] and index + 1 < len(argv):
                index += 1
                qt.append(argv[index])
        index += 1
    return own, qt


def _refuse_extra(parser: argparse.ArgumentParser, extra: Sequence[str]) -> None:
    """One line on stderr and exit 2 for the first argument nobody understood."""
    leftovers = [item for item in extra if item != "--"]
    if not leftovers:
        return
    arg = leftovers[0]
    if arg.startswith("-"):
        name = arg.partition("=")[0]
        known = [
            option
            for action in parser._actions
            if action.help != argparse.SUPPRESS
            for option in action.option_strings
            if option.startswith("--")
        ]
        typed = name if name.startswith("--") else "-" + name
        matches = difflib.get_close_matches(typed, known, n=1)
        hint = f" (did you mean {matches[0]}?)" if matches else ""
        message = f"unknown option {name}{hint}"
    else:
        message = f"unexpected argument {arg} (to open a libvirt URI, use --connect URI)"
    print(f"{parser.prog}: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 3600: {text}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """kvmdesk's options; Qt's own ones end up in ``qt_args``, anything else exits 2."""
    own, qt_args = split_qt_args(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="kvmdesk", description="A desktop manager for KVM virtual machines."
    )
    parser.add_argument(
        "-c",
        "--connect",
        action="append",
        default=[],
        metavar="URI",
        help="connect to this libvirt URI (repeatable; not saved in the connection list)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the built-in demo inventory on libvirt's test driver (no hypervisor needed)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        type=Path,
        help="wait until every connection has loaded, save the window as PNG and exit",
    )
    parser.add_argument(
        "--console",
        metavar="DOMAIN",
        help="open straight into this VM's console window (name or UUID); with --screenshot, "
        "save its screen's first complete frame as PNG and exit",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="connection list file (default: the user's config directory)",
    )
    parser.add_argument(
        "--connect-timeout",
        metavar="SECONDS",
        type=_seconds,
        default=CONNECT_TIMEOUT,
        help=f"give up connecting after this long (default {CONNECT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--new-instance",
        action="store_true",
        help="start a window of its own even when kvmdesk already runs for this connection "
        "list (otherwise its --connect URIs and --demo go to the running window)",
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="speak this language (zh_CN, en …) instead of the one chosen in View > Language "
        "or the locale's (LC_ALL, LC_MESSAGES, LANG)",
    )
    parser.add_argument(
        "--report-loaded",
        action="store_true",
        help=argparse.SUPPRESS,  # benchmarks: print one JSON line once all rows are painted
    )
    parser.add_argument("--version", action="version", version=f"kvmdesk {__version__}")
    args, extra = parser.parse_known_args(own)
    _refuse_extra(parser, extra)
    args.qt_args = qt_args
    for uri in args.connect:
        try:
            validate_uri(uri)
        except BadInput as error:
            parser.error(str(error))
    if args.lang is not None:
        try:
            args.lang = language.parse_choice(args.lang, language.available())
        except BadInput as error:
            parser.error(str(error))
    return args


def build_inventory(args: argparse.Namespace) -> Inventory:
    """The sessions to open: explicit ones, else the demo, else the saved list or the default."""
    from kvmdesk.core.connection.inventory import Inventory

    explicit = bool(args.connect or args.demo)
    inventory = Inventory(
        config_path=args.config, persist=not explicit, connect_timeout=args.connect_timeout
    )
    if args.demo:
        inventory.add(
            demo_uri(),
            label=DEMO_LABEL,
            remember=False,
            prepare=prepare_demo,
            channel=UriChannel.COMMAND_LINE,
        )
    for uri in args.connect:
        # Typed on kvmdesk's own command line: the user's own, programs included.
        inventory.add(uri, remember=False, channel=UriChannel.COMMAND_LINE)
    if not explicit:
        inventory.restore()
        if not inventory.sessions:
            uri = default_uri()
            try:
                # The user's environment is theirs for this run; a URI that runs a
                # program is saved only through the dialog's confirmation.
                inventory.add(
                    uri,
                    channel=UriChannel.ENVIRONMENT,
                    remember=not runs_program(uri),
                    # A list kept aside is not replaced by a new file until the user
                    # changes the list (the notification says how to get it back).
                    save=not inventory.config_report,
                )
            except BadInput as error:
                print(f"kvmdesk: LIBVIRT_DEFAULT_URI ignored: {error}", file=sys.stderr)
                inventory.add(SYSTEM_URI, channel=UriChannel.ENVIRONMENT)
    return inventory


@dataclass
class Application:
    """Everything main() wires together; tests build the same objects."""

    inventory: Inventory
    hub: ModelHub
    window: MainWindow
    controller: Controller

    def connect_all(self, loop: asyncio.AbstractEventLoop, *, force: bool = False) -> None:
        for uri, session in self.inventory.sessions.items():
            if force or self.inventory.autoconnect.get(uri, True):
                self.inventory.connect_in_background(session, loop)


def build(inventory: Inventory) -> Application:
    from kvmdesk.models.hub import ModelHub
    from kvmdesk.ui.main.controller import Controller
    from kvmdesk.ui.main.window import MainWindow

    hub = ModelHub(inventory)
    window = MainWindow(hub)
    controller = Controller(inventory, window)
    return Application(inventory, hub, window, controller)


def _instance_socket(args: argparse.Namespace) -> Path | None:
    """The single-instance socket, or None for runs that must have a process of their own.

    ``--new-instance``, and the one-shot runs (``--console``, ``--screenshot``,
    ``--report-loaded``) that scripts and tests start, never hand over.
    """
    if args.new_instance or args.console or args.screenshot or args.report_loaded:
        return None
    return socket_path(args.config or connections_file())


def _serve_instance(app: QApplication, application: Application, path: Path) -> None:
    """Later launches for the same connection list hand their connections to this window."""
    from kvmdesk.ui.main.single_instance import InstanceServer

    server = InstanceServer(
        path,
        lambda handover: application.controller.open_from_another_launch(
            handover.connect, handover.demo
        ),
        app,
    )
    if server.listen():
        app.aboutToQuit.connect(server.close)


def _remember_window_state(app: QApplication, application: Application) -> None:
    """The window's layout and filters come back from the last run and are saved on quit.

    Only for the user's own connection list: runs with ``--connect`` or ``--demo`` save
    nothing, as they leave the connection list alone.
    """
    if not application.inventory.saves:
        return
    from kvmdesk.ui.main.window_state import WindowMemory, state_path

    memory = WindowMemory(state_path(application.inventory.config_path))
    memory.restore(application.window)
    app.aboutToQuit.connect(lambda: memory.save(application.window))


def qt_translate(context: str, text: str, comment: str, n: int) -> str:
    """core.types.translation's translator in the GUI: Qt's, with the installed catalogs."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, comment or None, n)


def _install_translations(app: QApplication, override: str | None) -> str:
    """Qt's and kvmdesk's catalogs for the language to speak (core.i18n.language decides)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from kvmdesk.ui.common.fonts import use_font_for

    chosen = language.resolve(override, os.environ, saved=language.saved_choice())
    if chosen == language.ENGLISH:
        return chosen
    locale = QLocale(chosen)
    QLocale.setDefault(locale)
    use_font_for(app, chosen)
    translation.install(qt_translate)
    for name, directory in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("kvmdesk", str(language.translations_dir())),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
    return chosen


def _report_loaded(rows: int) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "loaded_s": round(time.monotonic() - _STARTED, 3),
        "rows": rows,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "pid": os.getpid(),
    }
    print(json.dumps(report), flush=True)


_quit_requested: list[int] = []


def _note_early_signal(number: int, _frame: object) -> None:
    _quit_requested.append(number)


def _quit_on_signals(app: QApplication, original: dict[signal.Signals, Any]) -> None:
    """SIGINT and SIGTERM quit like the Quit action (connections closed, children ended).

    Python runs signal handlers only between bytecodes; while Qt waits in C the
    wakeup socket makes Qt call back into Python at once.
    """
    from PySide6.QtCore import QSocketNotifier, QTimer

    receive, send = socket.socketpair()
    receive.setblocking(False)
    send.setblocking(False)
    signal.set_wakeup_fd(send.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            receive.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    for number in original:
        # Queued: a quit() before the event loop runs would be lost.
        signal.signal(number, lambda *_: QTimer.singleShot(0, app.quit))
    if _quit_requested:  # a signal came while kvmdesk was starting
        QTimer.singleShot(0, app.quit)

    def restore() -> None:
        signal.set_wakeup_fd(-1)
        for number, handler in original.items():
            signal.signal(number, handler)
        notifier.setEnabled(False)
        receive.close()
        send.close()

    app.aboutToQuit.connect(restore)


def _exit_past_stuck_threads(inventory: Inventory, exit_code: int) -> None:
    """Exit now if a worker thread is still inside a libvirt call after closing.

    Python joins every executor thread at exit, and a call blocked on a dead
    link would keep the process alive with no window. Everything the app owns
    has been closed and its child processes ended by now.
    """
    deadline = time.monotonic() + QUIT_GRACE
    while inventory.busy_threads() and time.monotonic() < deadline:
        time.sleep(0.02)
    if inventory.busy_threads():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    redaction.install()  # no URI credential in any log line or traceback from here on
    args = parse_args(argv if argv is not None else sys.argv[1:])
    # From here on SIGINT/SIGTERM quit cleanly: noted now, acted on once Qt runs
    # (the previous handlers come back when the app ends).
    early = {n: signal.signal(n, _note_early_signal) for n in (signal.SIGINT, signal.SIGTERM)}
    # libvirt's event thread iterates GLib's default main context; Qt's GLib
    # dispatcher would iterate the same context on the GUI thread. Keep Qt on
    # its own UNIX dispatcher so the two never contend.
    os.environ.setdefault("QT_NO_GLIB", "1")
    instance = _instance_socket(args)
    if instance is not None and hand_over(instance, Handover(tuple(args.connect), args.demo)):
        return 0  # the running window has them now
    ensure_event_loop()
    # Before any ssh starts: every ssh kvmdesk runs asks for passwords through kvmdesk.
    from kvmdesk.core.auth.askpass_server import AskpassServer
    from kvmdesk.core.auth.ssh_environment import SshEnvironment

    askpass = AskpassServer()
    ssh_environment = SshEnvironment(askpass)
    ssh_environment.install()
    # Explicit connections start opening before the rest of kvmdesk (and Qt) loads.
    for uri in ([demo_uri()] if args.demo else []) + list(args.connect):
        early_open.begin(uri)
    inventory = build_inventory(args)
    force = bool(args.connect or args.demo)
    for uri, session in inventory.sessions.items():
        if force or inventory.autoconnect.get(uri, True):
            session.start_open()

    import asyncio

    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args.qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName("kvmdesk")
    app.setApplicationDisplayName("kvmdesk")
    app.setApplicationVersion(__version__)
    # The Wayland app id: the desktop matches the window to resources/<APP_ID>.desktop and its icon.
    app.setDesktopFileName(APP_ID)
    _install_translations(app, args.lang)
    from kvmdesk.ui.common.theme import ThemeController, settings_store, theme_menu

    theme = ThemeController(app, settings_store())
    theme.apply()  # before the window is built, so it starts in its colours
    _quit_on_signals(app, early)
    # From here on, garbage cycles (which may hold Qt objects) are collected on this thread.
    from kvmdesk.ui.common.collector import GuiThreadCollector

    GuiThreadCollector(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    application = build(inventory)
    window = application.window
    window.view_menu.addMenu(theme_menu(theme, window))
    from kvmdesk.ui.main.credentials import install_credentials

    install_credentials(inventory, lambda: window, askpass)
    loop.create_task(askpass.start())
    application.connect_all(loop, force=force)
    exit_code = 0
    if args.console is not None:
        from kvmdesk.ui.console.launch import run_console

        def console_done(code: int) -> None:
            nonlocal exit_code
            exit_code = code
            app.quit()

        run_console(
            inventory,
            application.controller.consoles,
            args.console,
            args.screenshot,
            console_done,
        )
    else:
        _remember_window_state(app, application)
        if instance is not None:
            _serve_instance(app, application, instance)
        window.show()

    async def finish_when_loaded() -> None:
        nonlocal exit_code
        await inventory.wait_settled()
        await application.controller.wait_idle()
        application.hub.events.flush()
        application.controller.report_failed_connections()
        window.refresh_status()
        # The loop runs posted events and the tasks they start (not nested in this task).
        await asyncio.sleep(0)
        if args.screenshot is not None:
            await application.controller.wait_idle()  # e.g. the summary's host figures
        window.repaint()  # paints synchronously: every loaded row is on screen now
        if args.report_loaded:
            _report_loaded(application.hub.domains.rowCount())
        if args.screenshot is not None:
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(args.screenshot), "PNG"):
                print(f"kvmdesk: cannot write {args.screenshot}", file=sys.stderr)
                exit_code = 1
            app.quit()

    if args.console is None and (args.screenshot is not None or args.report_loaded):
        QTimer.singleShot(0, lambda: asyncio.ensure_future(finish_when_loaded()))

    app.aboutToQuit.connect(application.controller.stats_timer.stop)
    app.aboutToQuit.connect(application.controller.close_consoles)
    with loop:
        loop.run_forever()
        loop.run_until_complete(inventory.close())
        loop.run_until_complete(askpass.close())
    ssh_environment.uninstall()
    _exit_past_stuck_threads(inventory, exit_code)
    return exit_code


def run() -> None:
    """The entry point (``kvmdesk``, ``python -m kvmdesk``): :func:`main`, then exit at once.

    By then every connection is closed and every program it started has ended. What is
    left is the interpreter's teardown of Qt objects, libvirt's event thread and the
    console's decoder in no particular order, which has aborted a finished
    ``--console … --screenshot`` run ("terminate called without an active exception").
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
