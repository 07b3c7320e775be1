"""Log lines and tracebacks never carry a URI's credentials once redaction is installed."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from kvmdesk.core.util import redaction

SECRET = "S3cretPw"
URI = f"qemu+ssh://me:{SECRET}@host/system?password={SECRET}"


@pytest.fixture
def installed() -> Iterator[None]:
    saved = (logging.getLogRecordFactory(), sys.excepthook, threading.excepthook)
    redaction._installed = False
    redaction.install()
    try:
        yield
    finally:
        logging.setLogRecordFactory(saved[0])
        sys.excepthook, threading.excepthook = saved[1], saved[2]
        redaction._installed = False


def test_log_messages_and_exceptions_are_scrubbed(
    installed: None, caplog: pytest.LogCaptureFixture
) -> None:
    log = logging.getLogger("kvmdesk.test")
    with caplog.at_level(logging.INFO):
        log.warning("cannot open %s", URI)
        try:
            raise RuntimeError(f"failed on {URI}")
        except RuntimeError:
            log.exception("unexpected")
    assert "me:***@host" in caplog.text
    assert SECRET not in caplog.text


def test_uncaught_tracebacks_are_scrubbed(
    installed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ValueError(URI)
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    err = capsys.readouterr().err
    assert "ValueError" in err and SECRET not in err
