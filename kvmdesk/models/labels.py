"""Translated words for core enums, shared by models, views and dialogs.

Labels are cached (models ask for them thousands of times while sorting);
:func:`clear_label_cache` drops the cache when the UI language changes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication

from kvmdesk.core.connection.demo import DEMO_LABEL
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.labels import (
    CONNECTION_STATE_CONTEXT,
    CONNECTION_STATE_LABELS,
    DOMAIN_STATE_CONTEXT,
    DOMAIN_STATE_LABELS,
    NETWORK_MODE_CONTEXT,
    NETWORK_MODE_LABELS,
)
from kvmdesk.core.types.labels import format_memory as core_format_memory
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import ConnectionState, DomainState
from kvmdesk.core.util.uri import LibvirtUri


@cache
def domain_state_label(state: DomainState) -> str:
    return QCoreApplication.translate(DOMAIN_STATE_CONTEXT, DOMAIN_STATE_LABELS[state])


@cache
def connection_state_label(state: ConnectionState) -> str:
    return QCoreApplication.translate(CONNECTION_STATE_CONTEXT, CONNECTION_STATE_LABELS[state])


# libvirt's drivers as their projects name themselves (not translated: product names).
_HYPERVISORS = {
    "qemu": "QEMU/KVM",
    "lxc": "LXC",
    "xen": "Xen",
    "libxl": "Xen",
    "ch": "Cloud Hypervisor",
    "bhyve": "bhyve",
    "vbox": "VirtualBox",
    "vz": "Virtuozzo",
    "openvz": "OpenVZ",
    "vmwareplayer": "VMware Player",
    "vmwarews": "VMware Workstation",
    "vmwarefusion": "VMware Fusion",
    "esx": "VMware ESX",
    "hyperv": "Hyper-V",
}


def connection_title(uri: str, label: str = "") -> str:
    """What a connection row says: its own label, else who and where, never a bare URI.

    ``qemu+ssh://root@alpha/system`` reads "root@alpha — QEMU/KVM (system)", so two
    remote hosts are told apart even when the column is narrow; local ones read
    "QEMU/KVM (system)" or "QEMU/KVM (user session)".
    """
    if label == DEMO_LABEL:
        return QCoreApplication.translate("Connection", DEMO_LABEL)
    if label and label != uri:
        return label
    try:
        parsed = LibvirtUri.parse(uri)
    except BadInput:
        return uri
    if parsed.is_test:
        name = parsed.path.rstrip("/").rpartition("/")[2] or "default"
        return QCoreApplication.translate("Connection", "Test driver (%1)").replace("%1", name)
    hypervisor = _HYPERVISORS.get(parsed.driver, parsed.driver)
    if parsed.is_system:
        kind = QCoreApplication.translate("Connection", "%1 (system)")
    elif parsed.is_session:
        kind = QCoreApplication.translate("Connection", "%1 (user session)")
    else:
        kind = "%1"
    what = kind.replace("%1", hypervisor)
    if parsed.is_local and parsed.transport in ("", "unix"):
        return what
    where = parsed.host
    if ":" in where:
        where = f"[{where}]"  # an IPv6 address, as it is written in URIs
    if parsed.user:
        where = f"{parsed.user}@{where}"
    if parsed.port is not None:
        where = f"{where}:{parsed.port}"
    return (
        QCoreApplication.translate("Connection", "%1 — %2").replace("%1", where).replace("%2", what)
    )


def connection_stop_label(state: ConnectionState) -> str:
    """The connection menu's word for ending what the connection is doing now."""
    if state is ConnectionState.CONNECTING:
        return QCoreApplication.translate("ConnectionState", "Cancel connecting")
    if state is ConnectionState.RECONNECTING:
        return QCoreApplication.translate("ConnectionState", "Stop reconnecting")
    return QCoreApplication.translate("ConnectionState", "Disconnect")


@cache
def network_mode_label(mode: NetworkMode) -> str:
    return QCoreApplication.translate(NETWORK_MODE_CONTEXT, NETWORK_MODE_LABELS[mode])


def format_memory(kib: int) -> str:
    """Memory the way people read it: 512 MiB, 2 GiB, 1.5 GiB."""
    return core_format_memory(kib, QCoreApplication.translate)


def clear_label_cache() -> None:
    """Forget cached translations, after a translator was installed or removed."""
    domain_state_label.cache_clear()
    connection_state_label.cache_clear()
    network_mode_label.cache_clear()
