"""Connection URIs: presets offered in the UI and the syntax check done before libvirt."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kvmdesk.core.types.errors import BadInput

SYSTEM_URI = "qemu:///system"
SESSION_URI = "qemu:///session"
SSH_TEMPLATE_URI = "qemu+ssh://user@host/system"
TEST_URI = "test:///default"

_SCHEME = re.compile(r"^[a-z][a-z0-9]*(\+[a-z0-9]+)?$")


@dataclass(frozen=True, slots=True)
class UriPreset:
    label: str
    uri: str


PRESETS: tuple[UriPreset, ...] = (
    UriPreset("QEMU/KVM (system)", SYSTEM_URI),
    UriPreset("QEMU/KVM (user session)", SESSION_URI),
    UriPreset("QEMU/KVM over SSH", SSH_TEMPLATE_URI),
    UriPreset("Test driver", TEST_URI),
)


def validate_uri(uri: str) -> str:
    """Return ``uri`` stripped, or raise :class:`BadInput` with a one-line reason."""
    uri = uri.strip()
    if not uri:
        raise BadInput("connection URI is empty")
    if "://" not in uri:
        raise BadInput(f"not a libvirt URI (expected driver[+transport]://…): {uri}")
    scheme = urlsplit(uri).scheme
    if not _SCHEME.match(scheme):
        raise BadInput(f"not a libvirt URI scheme: {scheme or uri}")
    return uri


def default_uri() -> str:
    """``LIBVIRT_DEFAULT_URI`` when set, else the local system daemon."""
    return os.environ.get("LIBVIRT_DEFAULT_URI", "").strip() or SYSTEM_URI


def is_local(uri: str) -> bool:
    """True for URIs that talk to this machine (no remote host part)."""
    parts = urlsplit(uri)
    return not parts.hostname or parts.hostname in ("localhost", "127.0.0.1", "::1")
