"""What can go wrong on an RFB connection, as one error type with a kind and its details.

The kind lets the view translate the message (``%1`` placeholders for the details); the
English text of :class:`RfbError` is what logs and the CLI show.
"""

from __future__ import annotations

import enum


class RfbProblem(enum.Enum):
    """Each distinct failure, with its English message (``%1``, ``%2`` … are the details)."""

    CLOSED = "the VNC server closed the connection"
    TIMEOUT = "the VNC server stopped answering in the middle of a message (%1 s)"
    NOT_RFB = "the other side is not a VNC server (it greeted with %1)"
    VERSION = "the VNC server speaks RFB %1, which kvmdesk does not support"
    SERVER_REFUSED = "the VNC server refused the connection: %1"
    NO_SECURITY = "the VNC server offers no security type kvmdesk supports (offered: %1)"
    AUTH_FAILED = "VNC authentication failed: %1"
    BAD_SECURITY_RESULT = "the VNC server sent an invalid security result (%1)"
    TOO_LARGE = "the VNC server announced a %1×%2 screen, larger than kvmdesk accepts"
    OUTSIDE = "the VNC server sent a rectangle %1 outside its %2×%3 screen"
    UNKNOWN_ENCODING = "the VNC server used encoding %1, which kvmdesk did not ask for"
    UNKNOWN_MESSAGE = "the VNC server sent an unknown message type %1"
    MALFORMED = "the VNC server sent malformed data: %1"
    LIMIT = "the VNC server sent %1 of %2 bytes, more than kvmdesk accepts"
    SOCKET = "the connection to the VNC server failed: %1"


class RfbError(Exception):
    """A failed RFB connection; ``str()`` is one user-readable English line."""

    def __init__(self, problem: RfbProblem, *details: object) -> None:
        self.problem = problem
        self.details = tuple(str(detail) for detail in details)
        super().__init__(self.english())

    def english(self) -> str:
        return fill(self.problem.value, self.details)


def fill(template: str, details: tuple[str, ...]) -> str:
    """Replaces ``%1`` … ``%9`` in ``template`` (highest first, so %1 never eats %10)."""
    text = template
    for number in range(len(details), 0, -1):
        text = text.replace(f"%{number}", details[number - 1])
    return text


class PasswordRequired(RfbError):
    """The server wants VNC Authentication and no password was given."""

    def __init__(self) -> None:
        super().__init__(RfbProblem.AUTH_FAILED, "a password is required")
