"""Shared test setup: Qt offscreen without GLib, and a qasync loop for async UI tests."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libvirt's event thread owns GLib's default context; see kvmdesk.app.main.
os.environ.setdefault("QT_NO_GLIB", "1")
# The tests read kvmdesk's source language (English) unless they choose one (--lang, LANG).
os.environ["LC_ALL"] = "C.UTF-8"

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from tests.helpers.qt_async import AsyncRunner


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[AsyncRunner]:
    ensure_event_loop()
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield AsyncRunner(loop)
    asyncio.set_event_loop(None)
    loop.close()
