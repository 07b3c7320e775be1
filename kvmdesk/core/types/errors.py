"""Errors kvmdesk reports: bad input (CLI exit 2) versus libvirt failures (exit 1)."""

from __future__ import annotations

import libvirt


class KvmdeskError(Exception):
    """Base of every error kvmdesk shows to a user; the message is one line."""


class BadInput(KvmdeskError):
    """The user asked for something that cannot exist (unknown domain, bad URI …)."""


class LibvirtFailure(KvmdeskError):
    """libvirt refused or failed; the message is libvirt's own."""


class ConnectionLost(LibvirtFailure):
    """The connection to the daemon is gone; the session will reconnect."""


class HostNetworkFailure(KvmdeskError):
    """NetworkManager (or another host-network service) refused or failed a change."""


_BAD_INPUT_CODES = {
    libvirt.VIR_ERR_NO_DOMAIN,
    libvirt.VIR_ERR_NO_NETWORK,
    libvirt.VIR_ERR_INVALID_ARG,
    libvirt.VIR_ERR_NO_CONNECT,
    libvirt.VIR_ERR_NO_STORAGE_VOL,
    libvirt.VIR_ERR_NO_STORAGE_POOL,
    libvirt.VIR_ERR_NO_INTERFACE,
}

_LOST_CODES = {libvirt.VIR_ERR_SYSTEM_ERROR, libvirt.VIR_ERR_RPC, libvirt.VIR_ERR_INTERNAL_ERROR}


def one_line(text: str) -> str:
    return " ".join(text.split())


def translate(error: libvirt.libvirtError, *, connection_alive: bool = True) -> KvmdeskError:
    """Map a libvirt error to the kvmdesk error class, keeping libvirt's message."""
    message = one_line(str(error.get_error_message() or error))
    code = error.get_error_code()
    if code in _BAD_INPUT_CODES:
        return BadInput(message)
    if not connection_alive and code in _LOST_CODES:
        return ConnectionLost(message)
    return LibvirtFailure(message)
