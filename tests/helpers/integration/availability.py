"""What the integration fixtures do when a harness cannot run, and how they start one.

A machine that cannot run an isolated daemon (not root, ``unshare`` fails, programs or
users missing) skips the tests with the reason, except in CI, where that is a failure.
A harness that fails to start on a capable machine always fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest

from tests.helpers.ci import in_ci
from tests.helpers.integration.namespaces import HarnessError, NamespaceHarness

H = TypeVar("H", bound=NamespaceHarness)


def unavailable(reason: str, what: str = "isolated libvirtd") -> None:
    """Fail (``$CI`` set) or skip the test: ``what`` cannot run here because of ``reason``."""
    message = f"{what} unavailable: {reason}"
    if in_ci():
        pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def started(harness: H, what: str) -> Iterator[H]:
    """The body of a fixture (``yield from``): start ``harness`` (a failure to start fails
    the test), yield it, stop it."""
    try:
        harness.start()
    except HarnessError as exc:
        pytest.fail(f"{what} did not start:\n{exc}", pytrace=False)
    try:
        yield harness
    finally:
        harness.stop()
