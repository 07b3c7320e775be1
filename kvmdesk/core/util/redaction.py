"""No URI credential in logs or crash output: every log line and traceback is scrubbed.

:func:`install` (called first thing by ``kvmdesk`` and ``kvmdesk-cli``) makes every log
record's message pass through :func:`~kvmdesk.core.util.uri.scrub_uris`, and replaces
the uncaught-exception hooks (main thread and others) with ones that print the
traceback scrubbed the same way. The redaction itself is :func:`redact_uri`: one rule,
used wherever a URI is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import Any

from kvmdesk.core.util.uri import scrub_uris

_installed = False


class _RedactingRecord(logging.LogRecord):
    """A log record whose message and exception text come out scrubbed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.exc_info and self.exc_info[0] is not None:
            # Rendered now, scrubbed; every formatter uses a record's exc_text as it is.
            self.exc_text = scrub_uris("".join(traceback.format_exception(*self.exc_info)))

    def getMessage(self) -> str:
        return scrub_uris(super().getMessage())


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    text = "".join(traceback.format_exception(kind, error, trace))
    sys.stderr.write(scrub_uris(text))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Scrub every log message and uncaught traceback from here on (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    logging.setLogRecordFactory(_RedactingRecord)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
