"""Reading what OpenSSH asks through askpass, and what it says when it gives up.

ssh hands its askpass program one argument, the prompt: a login password
(``root@host's password:``), a key passphrase (``Enter passphrase for key '…':``), an
unknown host key (``The authenticity of host … ED25519 key fingerprint is SHA256:….
Are you sure you want to continue connecting (yes/no/[fingerprint])?``), a
keyboard-interactive prompt, or some other yes/no question. :func:`classify` turns it
into a :class:`~kvmdesk.core.auth.credentials.CredentialRequest`. The connection it belongs
to is read from the ssh process's own command line (:func:`ssh_target`), the way libvirt
built it (``-l user -p port … -- host``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kvmdesk.core.auth.credentials import CredentialKind, CredentialRequest

_HOST_KEY_QUESTION = re.compile(r"continue connecting \(yes/no", re.IGNORECASE)
_AUTHENTICITY = re.compile(r"authenticity of host '([^']*)'")
_FINGERPRINT = re.compile(r"(\S+) key fingerprint is (\S+?)\.?\s*$", re.MULTILINE)
_KEY_PASSPHRASE = re.compile(r"passphrase for (?:key )?'([^']*)'", re.IGNORECASE)
_PASSWORD = re.compile(r"password", re.IGNORECASE)
_YES_NO = re.compile(r"\(yes/no", re.IGNORECASE)
# OpenSSH's own options that take a value (ssh(1)); the rest are flags.
_WITH_VALUE = set("BbcDEeFIiJLlmOoPpQRSWw")


@dataclass(frozen=True, slots=True)
class SshTarget:
    """Where an ssh process connects: ``user@host:port`` as its command line says."""

    user: str = ""
    host: str = ""
    port: int = 22
    keyfile: str = ""

    @property
    def label(self) -> str:
        where = self.host if self.port == 22 else f"{self.host}:{self.port}"
        return f"{self.user}@{where}" if self.user else where


def parse_ssh_arguments(arguments: list[str]) -> SshTarget:
    """The target of ``ssh ARGUMENTS`` (the destination is the first operand)."""
    user, host, port, keyfile = "", "", 22, ""
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            index += 1
            break
        if not argument.startswith("-") or argument == "-":
            break
        letter = argument[1:2]
        if letter in _WITH_VALUE:
            value = argument[2:] or (arguments[index + 1] if index + 1 < len(arguments) else "")
            index += 1 if argument[2:] else 2
            if letter == "l":
                user = value
            elif letter == "p" and value.isdigit():
                port = int(value)
            elif letter == "i":
                keyfile = value
            continue
        index += 1
    if index < len(arguments):
        destination = arguments[index]
        if "@" in destination:
            user, _, host = destination.rpartition("@")
        else:
            host = destination
    return SshTarget(user, host, port, keyfile)


def ssh_target(pid: int) -> SshTarget:
    """The target of the ssh process ``pid`` (empty when it cannot be read)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return SshTarget()
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    return parse_ssh_arguments(words[1:])


def parent_of(pid: int) -> int:
    """The parent PID of ``pid``, 0 when it cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat.rpartition(")")[2].split()
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0


def classify(prompt: str, target: SshTarget, attempt: int = 1) -> CredentialRequest:
    """The request an askpass ``prompt`` from ssh connecting to ``target`` stands for."""
    label = target.label or "ssh"
    if _HOST_KEY_QUESTION.search(prompt):
        host_match = _AUTHENTICITY.search(prompt)
        key = _FINGERPRINT.search(prompt)
        return CredentialRequest(
            CredentialKind.HOST_KEY,
            label,
            prompt,
            # "'[h]:2222 ([198.51.100.7]:2222)'": the name as typed, then the address.
            host=host_match.group(1).split(" (")[0] if host_match else target.host,
            key_type=key.group(1) if key else "",
            fingerprint=key.group(2) if key else "",
        )
    passphrase = _KEY_PASSPHRASE.search(prompt)
    if passphrase:
        return CredentialRequest(
            CredentialKind.KEY_PASSPHRASE,
            label,
            prompt,
            attempt=attempt,
            remember_key=f"ssh-key:{passphrase.group(1)}",
        )
    if _YES_NO.search(prompt):
        return CredentialRequest(CredentialKind.CONFIRM, label, prompt)
    if _PASSWORD.search(prompt):
        return CredentialRequest(
            CredentialKind.PASSWORD,
            label,
            prompt,
            attempt=attempt,
            remember_key=f"ssh:{target.user}@{target.host}:{target.port}" if target.host else "",
        )
    return CredentialRequest(CredentialKind.SECRET_PROMPT, label, prompt, attempt=attempt)


# What libvirt's ssh transport reports when ssh gave up (its stderr, in libvirt's message).
_DENIED = re.compile(r"([^\s:]+@[^\s:]+|\S+): Permission denied \(([^)]*)\)")
_HOST_KEY_FAILED = "Host key verification failed"


def explain_failure(message: str) -> str:
    """libvirt's message about a failed ssh login, said plainly; other messages unchanged."""
    denied = _DENIED.search(message)
    if denied:
        return (
            f"ssh login to {denied.group(1)} refused: wrong password or key, or the server "
            f"does not accept them (it offers: {denied.group(2)})"
        )
    if _HOST_KEY_FAILED in message:
        return (
            "the ssh host key was not accepted (Host key verification failed): "
            "the connection was not opened"
        )
    return message


def is_auth_failure(message: str) -> bool:
    """Whether a failed open was refused for its credentials (no point retrying unasked)."""
    lowered = message.lower()
    return (
        "permission denied (" in lowered
        or _HOST_KEY_FAILED.lower() in lowered
        or "login to" in lowered
        or "authentication failed" in lowered
        or "authentication cancelled" in lowered
        or "missing authentication credentials" in lowered
        or "host key was not accepted" in lowered
    )
