"""Opening with libvirt's credential callbacks (test driver ``<auth>``): the loop stays free."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kvmdesk.core.auth.credentials import (
    USER_WAITS,
    CredentialAnswer,
    CredentialKind,
    CredentialProvider,
    CredentialRequest,
)
from kvmdesk.core.connection.credential_bridge import openssh_fingerprint
from kvmdesk.core.connection.probe import probe
from kvmdesk.core.connection.session import Session
from kvmdesk.core.types.errors import LibvirtFailure
from kvmdesk.core.types.states import ConnectionState
from tests.helpers.auth_driver import AUTH_PASSWORD, AUTH_USER, auth_driver_uri


def _answers(delay: float = 0.0) -> tuple[list[CredentialRequest], CredentialProvider]:
    asked: list[CredentialRequest] = []

    async def provider(request: CredentialRequest) -> CredentialAnswer:
        asked.append(request)
        await asyncio.sleep(delay)
        value = AUTH_USER if request.kind is CredentialKind.USERNAME else AUTH_PASSWORD
        return CredentialAnswer(value)

    return asked, provider


def test_the_loop_runs_while_the_open_waits_for_an_answer(tmp_path: Path) -> None:
    asked, provider = _answers(delay=0.3)
    ticks: list[bool] = []

    async def main() -> Session:
        session = Session(auth_driver_uri(tmp_path), credentials=provider, reconnect=False)

        async def heartbeat() -> None:
            while True:
                ticks.append(USER_WAITS.active)  # True: a question was open meanwhile
                await asyncio.sleep(0.01)

        beat = asyncio.ensure_future(heartbeat())
        await session.connect()
        beat.cancel()
        await session.close()
        return session

    session = asyncio.run(main())
    assert session.state is ConnectionState.DISCONNECTED  # closed after connecting
    assert [r.kind for r in asked] == [CredentialKind.USERNAME, CredentialKind.PASSWORD]
    # The loop went on turning while the worker thread waited for the answers.
    assert sum(ticks) >= 5


def test_time_spent_answering_is_not_counted_by_the_connect_timeout(tmp_path: Path) -> None:
    _, provider = _answers(delay=1.2)

    async def main() -> tuple[ConnectionState, str]:
        session = Session(
            auth_driver_uri(tmp_path),
            credentials=provider,
            reconnect=False,
            connect_timeout=0.5,
        )
        await session.connect()
        state, message = session.state, session.message
        await session.close()
        return state, message

    state, message = asyncio.run(main())
    assert state is ConnectionState.CONNECTED, message


def test_a_plain_open_that_needed_credentials_is_asked_again(tmp_path: Path) -> None:
    asked, provider = _answers()

    async def main() -> ConnectionState:
        session = Session(auth_driver_uri(tmp_path), credentials=provider, reconnect=False)
        session.start_open()  # before any window: libvirt's plain open, which fails
        await session.connect()
        state = session.state
        await session.close()
        return state

    assert asyncio.run(main()) is ConnectionState.CONNECTED
    assert len(asked) == 2


def test_probe_without_a_provider_says_what_is_missing(tmp_path: Path) -> None:
    async def main() -> str:
        try:
            await probe(auth_driver_uri(tmp_path))
        except LibvirtFailure as error:
            return str(error)
        except Exception as error:  # BadInput: libvirt calls it an invalid argument
            return str(error)
        return ""

    assert "Missing authentication credentials" in asyncio.run(main())


def test_libvirts_hex_host_key_hash_reads_as_openssh_writes_it() -> None:
    hex_digest = (
        "3a:53:60:0f:9a:e4:db:b2:9a:78:67:58:ea:34:32:58:81:61:c5:97:55:43:03:52:92:b2:8a:4e"
        ":99:95:35:93"
    )
    assert openssh_fingerprint(hex_digest) == "SHA256:OlNgD5rk27KaeGdY6jQyWIFhxZdVQwNSkrKKTpmVNZM"
    assert openssh_fingerprint("ab:cd") == "ab:cd"  # not a SHA-256: as libvirt gave it
