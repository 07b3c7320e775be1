"""The console's reasons in the user's language: core's problem codes worded with ``tr()``."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.console.plan import Problem, Route, SerialProblem


def _fill(text: str, *values: str) -> str:
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", value)
    return text


def graphics_problem(problem: Problem, params: Mapping[str, str]) -> str:
    """Why the VM's screen cannot be shown, and what to do about it."""
    if problem is Problem.NOT_RUNNING:
        return QCoreApplication.translate("console", "The VM is not running.")
    if problem is Problem.NO_GRAPHICS:
        return QCoreApplication.translate(
            "console", "The VM has no graphics device — add one in its settings."
        )
    if problem is Problem.SPICE_ONLY:
        return QCoreApplication.translate(
            "console",
            "The VM's display is SPICE; kvmdesk shows VNC — change the graphics type to VNC "
            "in its settings.",
        )
    if problem is Problem.LOCAL_DISPLAY:
        return _fill(
            QCoreApplication.translate(
                "console", "The VM's display (%1) is shown on its host, not over the network."
            ),
            params.get("type", ""),
        )
    if problem is Problem.TEST_DRIVER:
        return QCoreApplication.translate("console", "The test driver's VMs have no screen.")
    if problem is Problem.NO_LISTENER:
        return QCoreApplication.translate(
            "console",
            "VNC listens nowhere (listen type “none”): only a local connection reaches it. "
            "Let it listen on 127.0.0.1 in its settings, and kvmdesk tunnels through ssh.",
        )
    if problem is Problem.LOOPBACK_REMOTE:
        return _fill(
            QCoreApplication.translate(
                "console",
                "VNC listens on %1 of a remote host: connect with qemu+ssh:// and kvmdesk "
                "tunnels through ssh.",
            ),
            params.get("address", ""),
        )
    if problem is Problem.SOCKET_REMOTE:
        return _fill(
            QCoreApplication.translate(
                "console",
                "VNC listens on the unix socket %1 of a remote host: connect with qemu+ssh:// "
                "and kvmdesk tunnels through ssh.",
            ),
            params.get("socket", ""),
        )
    if problem is Problem.NO_PORT:
        return QCoreApplication.translate("console", "The VNC port is not known yet.")
    if problem is Problem.NETWORK_UNRESOLVED:
        return _fill(
            QCoreApplication.translate(
                "console", "VNC listens on network %1, which gives it no address."
            ),
            params.get("network", ""),
        )
    if problem is Problem.READ_ONLY_NO_LISTENER:
        return QCoreApplication.translate(
            "console",
            "This connection is read-only, so libvirt hands over no socket to the screen, "
            "and VNC listens nowhere else (listen type “none”). Connect read-write, or let "
            "VNC listen on 127.0.0.1 in the VM's settings.",
        )
    return _fill(
        QCoreApplication.translate("console", "The VM's description cannot be read: %1"),
        params.get("error", ""),
    )


def serial_problem(problem: SerialProblem, params: Mapping[str, str]) -> str:
    if problem is SerialProblem.NO_SERIAL:
        return QCoreApplication.translate(
            "console", "The VM has no serial console — add a serial port in its settings."
        )
    return _fill(
        QCoreApplication.translate(
            "console",
            "The VM's serial port writes to %1 (type %2), so it has no interactive console — "
            "make it a pseudo-terminal (pty) in its settings.",
        ),
        params.get("path", "") or "—",
        params.get("type", ""),
    )


def route_text(route: Route, target: str, *, read_only: bool = False) -> str:
    """Which path the console uses, for the status line."""
    if route is Route.GRAPHICS_FD:
        return QCoreApplication.translate("console", "local socket from libvirt")
    if route is Route.SSH_TUNNEL:
        return _fill(QCoreApplication.translate("console", "ssh tunnel to %1"), target)
    if read_only:
        return _fill(
            QCoreApplication.translate(
                "console", "direct to %1 (read-only connection: libvirt hands over no socket)"
            ),
            target,
        )
    return _fill(QCoreApplication.translate("console", "direct to %1"), target)
