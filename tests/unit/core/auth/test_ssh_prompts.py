"""Reading ssh's askpass prompts, its command line and its failures."""

from __future__ import annotations

from kvmdesk.core.auth.credentials import CredentialAnswer, CredentialKind
from kvmdesk.core.auth.ssh_prompts import (
    SshTarget,
    classify,
    explain_failure,
    is_auth_failure,
    parse_ssh_arguments,
)

# What libvirt 9.0's ssh transport runs (virNetSocketNewConnectSSH).
LIBVIRT_ARGS = [
    "-p", "2222", "-l", "admin", "-i", "/home/me/.ssh/id", "-T", "-e", "none",
    "-o", "StrictHostKeyChecking=no", "--", "198.51.100.7", "sh", "-c", "…",
]  # fmt: skip
TARGET = SshTarget("admin", "198.51.100.7", 2222, "/home/me/.ssh/id")


def test_libvirts_ssh_command_line_names_the_target() -> None:
    assert parse_ssh_arguments(LIBVIRT_ARGS) == TARGET
    assert TARGET.label == "admin@198.51.100.7:2222"
    assert parse_ssh_arguments(["-T", "root@203.0.113.2", "true"]).label == "root@203.0.113.2"


def test_a_password_prompt() -> None:
    request = classify("admin@198.51.100.7's password: ", TARGET, attempt=2)
    assert request.kind is CredentialKind.PASSWORD and request.kind.secret
    assert request.attempt == 2
    assert request.remember_key == "ssh:admin@198.51.100.7:2222"
    assert request.connection == "admin@198.51.100.7:2222"


def test_a_key_passphrase_prompt_is_remembered_per_key() -> None:
    request = classify("Enter passphrase for key '/home/me/.ssh/id': ", TARGET)
    assert request.kind is CredentialKind.KEY_PASSPHRASE
    assert request.remember_key == "ssh-key:/home/me/.ssh/id"


def test_an_unknown_host_key_with_its_fingerprint() -> None:
    prompt = (
        "The authenticity of host '[198.51.100.7]:2222 ([198.51.100.7]:2222)' can't be "
        "established.\nED25519 key fingerprint is SHA256:OlNgD5rk27KaeGdY6jQyWIFhxZdVQwNSkrKKTpmVNZM.\n"
        "This key is not known by any other names.\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
    )
    request = classify(prompt, TARGET)
    assert request.kind is CredentialKind.HOST_KEY and not request.kind.secret
    assert request.host == "[198.51.100.7]:2222"
    assert request.key_type == "ED25519"
    assert request.fingerprint == "SHA256:OlNgD5rk27KaeGdY6jQyWIFhxZdVQwNSkrKKTpmVNZM"
    assert request.remember_key == ""  # never remembered by kvmdesk: known_hosts does that


def test_other_prompts() -> None:
    assert classify("Allow forwarding? (yes/no)", TARGET).kind is CredentialKind.CONFIRM
    other = classify("Verification code: ", TARGET)
    assert other.kind is CredentialKind.SECRET_PROMPT and other.remember_key == ""


def test_failures_said_plainly() -> None:
    denied = (
        "Cannot recv data: admin@198.51.100.7: Permission denied (publickey,password).: "
        "Connection reset by peer"
    )
    assert explain_failure(denied) == (
        "ssh login to admin@198.51.100.7 refused: wrong password or key, or the server does "
        "not accept them (it offers: publickey,password)"
    )
    assert is_auth_failure(explain_failure(denied))
    refused = explain_failure("Cannot recv data: Host key verification failed.: Connection reset")
    assert refused.startswith("the ssh host key was not accepted")
    assert is_auth_failure(refused)
    other = "Cannot recv data: ssh: connect to host 198.51.100.7 port 22: No route to host"
    assert explain_failure(other) == other and not is_auth_failure(other)


def test_an_answer_never_shows_its_value() -> None:
    answer = CredentialAnswer("hunter2", remember=True)
    assert "hunter2" not in repr(answer) and "hunter2" not in str(answer)
