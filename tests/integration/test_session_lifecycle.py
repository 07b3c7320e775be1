"""The core session and the CLI against a real, isolated libvirtd with a real KVM guest.

Every lifecycle step goes through kvmdesk (core or CLI) and is checked twice:
the event kvmdesk observed and the state libvirt reports. Then libvirtd is
killed and restarted: the session must notice, reconnect and re-sync.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from kvmdesk.core.connection.session import Session
from kvmdesk.core.domain.actions import DomainAction
from kvmdesk.core.types.events import Event, ObjectKind
from kvmdesk.core.types.states import ConnectionState, DomainState
from tests.helpers.integration.isolated_libvirtd import GuestXmlFactory, IsolatedLibvirtd

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]


async def _until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.02)


def _seen(events: list[Event], name: str, event: str, detail: str | None = None) -> bool:
    return any(
        e.object is ObjectKind.DOMAIN
        and e.name == name
        and e.event == event
        and (detail is None or e.detail == detail)
        for e in events
    )


def test_lifecycle_through_the_core(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory
) -> None:
    name = "kvmdesk-core-guest"

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        events: list[Event] = []
        session.event.connect(events.append)
        await session.connect()
        assert session.state is ConnectionState.CONNECTED
        assert "kvmdesk-test-nat" in session.networks

        # define: arrives by event, without a re-list
        await asyncio.get_running_loop().run_in_executor(
            None, session.raw_connection.defineXML, guest_xml(name)
        )
        await _until(lambda: _seen(events, name, "defined", "added"))
        await _until(lambda: any(d.name == name for d in session.domains.values()))
        domain = session.lifecycle.find(name)
        assert domain.state is DomainState.SHUTOFF
        assert domain.nics and domain.nics[0].source == "kvmdesk-test-nat"

        steps = [
            (DomainAction.START, "started", "booted", DomainState.RUNNING),
            (DomainAction.SUSPEND, "suspended", "paused", DomainState.PAUSED),
            (DomainAction.RESUME, "resumed", "unpaused", DomainState.RUNNING),
            (DomainAction.DESTROY, "stopped", "destroyed", DomainState.SHUTOFF),
        ]
        for action, word, detail, state in steps:
            await session.lifecycle.perform(domain.uuid, action)
            await _until(lambda w=word, d=detail: _seen(events, name, w, d))
            await _until(lambda s=state: session.domains[domain.uuid].state is s)
            real = session.raw_connection.lookupByUUIDString(domain.uuid).state()[0]
            assert DomainState.from_libvirt(real) is state

        await session.lifecycle.perform(domain.uuid, DomainAction.UNDEFINE)
        await _until(lambda: _seen(events, name, "undefined", "removed"))
        await _until(lambda: domain.uuid not in session.domains)
        await session.close()

    asyncio.run(scenario())


def _cli(uri: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvmdesk.cli", "-c", uri, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_lifecycle_through_the_cli(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory, libvirt_conn: Any
) -> None:
    name = "kvmdesk-cli-guest"
    uri = isolated_libvirtd.uri
    watcher = subprocess.Popen(
        [sys.executable, "-m", "kvmdesk.cli", "-c", uri, "events", "--json", "--timeout", "90"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)  # let the watcher connect and register before the first change
        libvirt_conn.defineXML(guest_xml(name))
        listed = json.loads(_cli(uri, "list", "--json").stdout)
        row = next(r for r in listed if r["name"] == name)
        assert row["state"] == "shutoff" and row["nics"][0]["source"] == "kvmdesk-test-nat"
        for verb, state in (
            ("start", "running"),
            ("suspend", "paused"),
            ("resume", "running"),
            ("destroy", "shutoff"),
        ):
            result = _cli(uri, verb, name)
            assert result.returncode == 0, result.stderr
            listed = json.loads(_cli(uri, "list", "--json").stdout)
            assert next(r for r in listed if r["name"] == name)["state"] == state
        unknown = _cli(uri, "start", name, "no-such-domain")
        assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
        again = _cli(uri, "destroy", name)  # not running: libvirt refuses
        assert again.returncode == 1 and again.stderr.strip()
        assert _cli(uri, "undefine", name).returncode == 0
        time.sleep(1.0)
    finally:
        watcher.terminate()
        out, _err = watcher.communicate(timeout=20)
    seen = [json.loads(line) for line in out.splitlines() if line.strip()]
    words = [
        (e["event"], e["detail"]) for e in seen if e["object"] == "domain" and e["name"] == name
    ]
    for expected in [
        ("defined", "added"),
        ("started", "booted"),
        ("suspended", "paused"),
        ("resumed", "unpaused"),
        ("stopped", "destroyed"),
        ("undefined", "removed"),
    ]:
        assert expected in words, (expected, words)
    assert all(
        {"time", "connection", "object", "name", "event", "detail"} <= e.keys() for e in seen
    )


def test_daemon_killed_and_restarted_session_reconnects_and_resyncs(
    isolated_libvirtd: IsolatedLibvirtd, guest_xml: GuestXmlFactory, libvirt_conn: Any
) -> None:
    name = "kvmdesk-reconnect-guest"
    domain = libvirt_conn.defineXML(guest_xml(name))
    domain.create()

    async def scenario() -> None:
        session = Session(isolated_libvirtd.uri)
        states: list[ConnectionState] = []
        session.state_changed.connect(lambda s: states.append(s.state))
        removed: list[str] = []
        session.domains_removed.connect(lambda _s, uuids: removed.extend(uuids))
        await session.connect()
        before = dict(session.domains)
        assert session.lifecycle.find(name).state is DomainState.RUNNING
        loop = asyncio.get_running_loop()

        await loop.run_in_executor(None, isolated_libvirtd.kill_libvirtd)
        await _until(lambda: session.state is ConnectionState.RECONNECTING, timeout=30)
        assert session.domains == before  # rows stay while the daemon is away
        await loop.run_in_executor(None, isolated_libvirtd.start_libvirtd)
        await _until(lambda: session.state is ConnectionState.CONNECTED, timeout=60)
        assert set(session.domains) == set(before)  # re-synced, no duplicates, nothing lost
        assert not removed
        assert session.lifecycle.find(name).state is DomainState.RUNNING
        # and events flow again on the new connection
        events: list[Event] = []
        session.event.connect(events.append)
        await session.lifecycle.perform(session.lifecycle.find(name).uuid, DomainAction.SUSPEND)
        await _until(lambda: _seen(events, name, "suspended"))
        await _until(lambda: session.lifecycle.find(name).state is DomainState.PAUSED)
        await session.close()

    try:
        asyncio.run(scenario())
    finally:
        conn = isolated_libvirtd.open()
        handle = conn.lookupByName(name)
        if handle.isActive():
            handle.destroy()
        handle.undefine()
        conn.close()
