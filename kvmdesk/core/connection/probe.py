""" "Test connection": open a URI, ask who answers, close again — without a session.

The open runs on its own worker thread with the same credential questions and the same
connect timeout as a session's (:mod:`~kvmdesk.core.connection.credential_bridge`);
cancelling the awaiting task withdraws the questions, ends the transport program libvirt
started (``ssh``) and closes whatever the open still returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import libvirt

from kvmdesk.core.auth.credentials import CredentialProvider
from kvmdesk.core.auth.ssh_prompts import explain_failure
from kvmdesk.core.connection.credential_bridge import (
    MAX_REPEATS,
    CredentialBridge,
    wait_for_open,
)
from kvmdesk.core.connection.limits import CONNECT_TIMEOUT
from kvmdesk.core.types.errors import KvmdeskError, LibvirtFailure, translate
from kvmdesk.core.util.children import end_processes, thread_children
from kvmdesk.core.util.uri import LibvirtUri, redact_uri, scrub_uris, validate_uri
from kvmdesk.core.util.uri_programs import ProgramConsent, UriChannel, admit


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """Who answered: the host's name, the hypervisor and the daemon's libvirt version."""

    hostname: str
    hypervisor: str
    libvirt_version: str


def _version(number: int) -> str:
    return f"{number // 1_000_000}.{number // 1000 % 1000}.{number % 1000}"


def _ask_and_close(conn: Any) -> ProbeResult:
    try:
        return ProbeResult(conn.getHostname(), conn.getType(), _version(conn.getLibVersion()))
    finally:
        with contextlib.suppress(libvirt.libvirtError):
            conn.close()


async def probe(
    uri: str,
    credentials: CredentialProvider | None = None,
    *,
    timeout: float = CONNECT_TIMEOUT,
    channel: UriChannel = UriChannel.DIALOG,
    consent: ProgramConsent | None = None,
) -> ProbeResult:
    """Open ``uri``, read who answers, close; :class:`KvmdeskError` with a clear message.

    A URI that runs a program is tried only with the user's ``consent`` for it (the
    dialog's confirmation ticked), like any other opening (:func:`admit`).
    """
    uri = validate_uri(uri)
    admit(uri, channel, consent)
    loop = asyncio.get_running_loop()
    threads: set[int] = set()
    executor = ThreadPoolExecutor(
        max_workers=1,
        thread_name_prefix="libvirt-probe",
        initializer=lambda: threads.add(threading.get_native_id()),
    )
    label = redact_uri(uri)
    bridge = CredentialBridge(credentials, loop, label, label) if credentials is not None else None
    opener = bridge.open if bridge is not None else libvirt.open

    def run() -> ProbeResult:
        return _ask_and_close(opener(uri))

    future = executor.submit(run)
    opening = asyncio.wrap_future(future, loop=loop)
    finished = False
    try:
        result: ProbeResult = await wait_for_open(opening, timeout)
        finished = True
        return result
    except TimeoutError:
        where = LibvirtUri.parse(uri).host or label
        raise LibvirtFailure(
            f"no answer from {where} within {timeout:g} s (connection timed out)"
        ) from None
    except libvirt.libvirtError as error:
        finished = True
        if bridge is not None and bridge.refused:
            raise LibvirtFailure(
                f"authentication failed: {label} refused the answer {MAX_REPEATS} times"
            ) from None
        if bridge is not None and bridge.cancelled:
            raise LibvirtFailure(
                f"authentication cancelled: no credentials given for {label}"
            ) from None
        failure: KvmdeskError = translate(error)
        raise type(failure)(explain_failure(scrub_uris(str(failure)))) from None
    finally:
        if not finished:  # timed out or cancelled: make libvirt give up now
            if bridge is not None:
                bridge.cancel()
            end_processes(thread_children(threads))
            opening.add_done_callback(lambda f: f.cancelled() or f.exception())
        executor.shutdown(wait=False)
