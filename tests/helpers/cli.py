"""The in-process CLI for tests: the ``cli`` fixture's type and checks of its error output."""

from __future__ import annotations

from collections.abc import Callable

# ``cli(*argv)`` runs ``kvmdesk.cli.main(argv)`` in-process: (exit code, stdout, stderr).
Cli = Callable[..., tuple[int, str, str]]


def assert_one_error_line(err: str, *fragments: str) -> None:
    """``err`` is one ``kvmdesk-cli: …`` line, no traceback, holding every fragment."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kvmdesk-cli: "), err
    assert "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], err


def assert_error_line_is(err: str, text: str) -> None:
    """``err`` is exactly the one line ``kvmdesk-cli: <text>``."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0] == f"kvmdesk-cli: {text}", err
