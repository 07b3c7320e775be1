"""The askpass helper and server: a real helper process over the real private socket."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from kvmdesk.core.auth.askpass import SOCKET_VARIABLE, TOKEN_VARIABLE
from kvmdesk.core.auth.askpass_server import AskpassServer
from kvmdesk.core.auth.credentials import (
    USER_WAITS,
    CredentialAnswer,
    CredentialKind,
    CredentialRequest,
)
from kvmdesk.core.auth.ssh_environment import SshEnvironment


async def _helper(
    environment: SshEnvironment, prompt: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run the askpass script as ssh would (its environment: what the ssh shim exports)."""
    process = await asyncio.create_subprocess_exec(
        str(environment.askpass),
        prompt,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env if env is not None else {"PATH": "/usr/bin:/bin", **environment.variables()},
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode()


def _installed(server: AskpassServer) -> SshEnvironment:
    environment = SshEnvironment(server)
    environment.install({"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    return environment


def test_the_folder_and_socket_are_the_users_alone() -> None:
    async def main() -> None:
        server = AskpassServer()
        environment = _installed(server)
        try:
            assert stat.S_IMODE(server.directory.stat().st_mode) == 0o700
            assert stat.S_IMODE(server.socket_path.stat().st_mode) == 0o600
            assert stat.S_IMODE(environment.askpass.stat().st_mode) == 0o700
            shim = environment.bin / "ssh"
            assert stat.S_IMODE(shim.stat().st_mode) == 0o700
            assert server.token in shim.read_text()  # hence 0700
            assert len(server.token) >= 40
        finally:
            await server.close()
        assert not server.directory.exists()

    asyncio.run(main())


def test_a_prompt_is_answered_through_the_helper() -> None:
    asked: list[CredentialRequest] = []
    waiting: list[bool] = []

    async def provider(request: CredentialRequest) -> CredentialAnswer:
        asked.append(request)
        waiting.append(USER_WAITS.active)
        return CredentialAnswer("s3cret")

    async def main() -> tuple[int, str]:
        server = AskpassServer()
        server.provider = provider
        environment = _installed(server)
        await server.start()
        try:
            return await _helper(environment, "root@198.51.100.7's password: ")
        finally:
            await server.close()

    code, out = asyncio.run(main())
    assert (code, out) == (0, "s3cret\n")
    assert asked[0].kind is CredentialKind.PASSWORD
    assert asked[0].prompt == "root@198.51.100.7's password: "
    assert waiting == [True]  # a connect timeout does not count the user's time


def test_a_wrong_token_gets_no_answer_and_the_provider_is_not_asked() -> None:
    asked: list[CredentialRequest] = []

    async def provider(request: CredentialRequest) -> CredentialAnswer:
        asked.append(request)
        return CredentialAnswer("s3cret")

    async def main() -> tuple[tuple[int, str], tuple[int, str], int]:
        server = AskpassServer()
        server.provider = provider
        environment = _installed(server)
        await server.start()
        try:
            forged = {**environment.variables(), TOKEN_VARIABLE: "guessed", "PATH": "/usr/bin"}
            without = {"PATH": "/usr/bin", SOCKET_VARIABLE: str(server.socket_path)}
            return (
                await _helper(environment, "password:", forged),
                await _helper(environment, "password:", without),
                server.refused_peers,
            )
        finally:
            await server.close()

    forged, without, refused = asyncio.run(main())
    assert forged == (1, "") and without == (1, "")
    assert refused == 1 and asked == []


def test_a_cancel_makes_the_same_ssh_ask_no_more() -> None:
    asked: list[CredentialRequest] = []

    async def provider(request: CredentialRequest) -> None:
        asked.append(request)
        return None

    async def main() -> list[tuple[int, str]]:
        server = AskpassServer()
        server.provider = provider
        environment = _installed(server)
        await server.start()
        try:
            # Three prompts from one parent (this process stands for ssh here).
            return [await _helper(environment, "root@h's password: ") for _ in range(3)]
        finally:
            await server.close()

    results = asyncio.run(main())
    assert results == [(1, "")] * 3
    assert len(asked) == 1


def test_a_host_key_is_answered_yes_or_no_never_with_text() -> None:
    answers = iter([None, CredentialAnswer("yes")])

    async def provider(request: CredentialRequest) -> CredentialAnswer | None:
        assert request.kind is CredentialKind.HOST_KEY
        return next(answers)

    prompt = (
        "The authenticity of host '198.51.100.7 (198.51.100.7)' can't be established.\n"
        "ED25519 key fingerprint is SHA256:abc.\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
    )

    async def main() -> list[tuple[int, str]]:
        server = AskpassServer()
        server.provider = provider
        environment = _installed(server)
        await server.start()
        try:
            first = await _helper(environment, prompt)
            server._declined.clear()  # a new ssh process
            return [first, await _helper(environment, prompt)]
        finally:
            await server.close()

    assert asyncio.run(main()) == [(0, "no\n"), (0, "yes\n")]


def test_a_question_is_withdrawn_when_the_helper_goes() -> None:
    cancelled: list[bool] = []

    async def provider(request: CredentialRequest) -> CredentialAnswer:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return CredentialAnswer("late")

    async def main() -> None:
        server = AskpassServer()
        server.provider = provider
        await server.start()
        try:
            _reader, writer = await asyncio.open_unix_connection(str(server.socket_path))
            request = {"token": server.token, "prompt": "password:", "pid": 1, "ppid": 1}
            writer.write(json.dumps(request).encode() + b"\n")
            await writer.drain()
            await asyncio.sleep(0.2)
            writer.close()  # ssh (and so its askpass) was ended
            for _ in range(50):
                if cancelled:
                    break
                await asyncio.sleep(0.02)
        finally:
            await server.close()

    asyncio.run(main())
    assert cancelled == [True]


def test_the_socket_refuses_another_user(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to connect as another user")  # the machines run as root

    async def main() -> str:
        server = AskpassServer()
        server.socket_path.parent.chmod(0o755)  # only the socket's own 0600 stands in the way
        await server.start()
        try:
            result = await asyncio.to_thread(
                subprocess.run,
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                 "python3", "-c",
                 "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])",
                 str(server.socket_path)],
                capture_output=True, text=True,
            )  # fmt: skip
            return result.stderr
        finally:
            await server.close()

    assert "PermissionError" in asyncio.run(main())


def test_the_environment_is_put_back() -> None:
    environ = {"PATH": "/usr/bin:/bin", "SSH_ASKPASS": "/usr/bin/other"}

    async def main() -> None:
        server = AskpassServer()
        environment = SshEnvironment(server)
        environment.install(environ)
        assert environ["PATH"].startswith(str(environment.bin))
        assert environ["SSH_ASKPASS_REQUIRE"] == "force"
        environment.uninstall()
        await server.close()

    asyncio.run(main())
    assert environ == {"PATH": "/usr/bin:/bin", "SSH_ASKPASS": "/usr/bin/other"}
