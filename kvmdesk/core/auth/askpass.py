"""``kvmdesk-askpass``: the program ssh runs as ``SSH_ASKPASS`` to ask the running kvmdesk.

ssh runs it with the prompt as its one argument and reads the answer from its stdout.
It asks the kvmdesk that started the ssh, over that kvmdesk's own unix socket
(``KVMDESK_ASKPASS_SOCKET``, a 0600 socket in a 0700 folder), proving itself with the
random token that kvmdesk put in ssh's environment (``KVMDESK_ASKPASS_TOKEN``): one JSON
line each way. It exits 1 (ssh's "no answer") when kvmdesk is not there, the user
cancels, or the token is refused; it never reads a terminal and never logs the answer.

Standard library only, so it starts in a few milliseconds, from a venv or the AppImage.
"""

from __future__ import annotations

import json
import os
import socket
import sys

SOCKET_VARIABLE = "KVMDESK_ASKPASS_SOCKET"
TOKEN_VARIABLE = "KVMDESK_ASKPASS_TOKEN"
# A user takes their time; ssh waits for us as long as we wait.
ANSWER_TIMEOUT = 3600.0
MAX_ANSWER = 64 * 1024


def ask(prompt: str, path: str, token: str, timeout: float = ANSWER_TIMEOUT) -> str | None:
    """The answer kvmdesk gives to ``prompt``; None when it gives none."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(path)
        request = {"token": token, "prompt": prompt, "pid": os.getpid(), "ppid": os.getppid()}
        connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        received = b""
        while not received.endswith(b"\n") and len(received) < MAX_ANSWER:
            chunk = connection.recv(4096)
            if not chunk:
                break
            received += chunk
    try:
        reply = json.loads(received.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    answer = reply.get("answer") if isinstance(reply, dict) else None
    return answer if isinstance(answer, str) else None


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    prompt = arguments[0] if arguments else ""
    path = os.environ.get(SOCKET_VARIABLE, "")
    token = os.environ.get(TOKEN_VARIABLE, "")
    if not path or not token:
        print("kvmdesk-askpass: run by kvmdesk's ssh only (no socket or token)", file=sys.stderr)
        return 1
    try:
        answer = ask(prompt, path, token)
    except OSError as error:
        print(f"kvmdesk-askpass: kvmdesk does not answer: {error.strerror}", file=sys.stderr)
        return 1
    if answer is None:
        return 1
    sys.stdout.write(answer + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
